// Numbers as people type them: Vietnamese "1.234,5" and English "1,234.5". Parsing
// follows the UI language, accepts the other convention only when it is the one
// possible reading, and flags inputs that both conventions read differently ("1.234")
// so the UI can show the parsed value before saving; a string is never turned into a
// number silently.

export type NumberLang = 'vi' | 'en';

export type ParseNumberErrorCode = 'empty' | 'not_a_number' | 'bad_separators' | 'too_many_digits';

export type ParseNumberResult =
  | {
      ok: true;
      value: number;
      /** Which convention produced the value: 'plain' when the input has no separator. */
      convention: 'plain' | NumberLang;
      ambiguous: false;
    }
  | {
      ok: true;
      /** The reading in the UI language. */
      value: number;
      convention: NumberLang;
      /** Both conventions read the input, differently: show `value` before saving. */
      ambiguous: true;
      /** The reading in the other convention. */
      alternative: number;
    }
  | { ok: false; code: ParseNumberErrorCode; reason: string; reasonEn: string };

const CONVENTIONS: Record<NumberLang, { decimal: string; group: string }> = {
  vi: { decimal: ',', group: '.' },
  en: { decimal: '.', group: ',' },
};

/** Largest count of significant digits a double keeps exactly. */
const MAX_DIGITS = 15;

function fail(code: ParseNumberErrorCode, input: string): ParseNumberResult {
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  switch (code) {
    case 'empty':
      return { ok: false, code, reason: 'Chưa nhập số.', reasonEn: 'No number entered.' };
    case 'not_a_number':
      return { ok: false, code, reason: `'${shown}' không phải là số.`, reasonEn: `'${shown}' is not a number.` };
    case 'bad_separators':
      return {
        ok: false,
        code,
        reason: `Dấu phân cách trong '${shown}' không tạo thành một số; viết như 1.234,5 (dấu chấm ngăn nghìn, dấu phẩy thập phân).`,
        reasonEn: `The separators in '${shown}' do not form a number; write it like 1,234.5 (comma for thousands, point for decimals).`,
      };
    case 'too_many_digits':
      return {
        ok: false,
        code,
        reason: `Số '${shown}' có quá nhiều chữ số (tối đa ${MAX_DIGITS} chữ số có nghĩa).`,
        reasonEn: `'${shown}' has too many digits (at most ${MAX_DIGITS} significant digits).`,
      };
    default:
      return assertNever(code);
  }
}

type Reading = { value: number; digits: string } | null;

/**
 * Reads an unsigned body under one convention. Grouping must be exact: a first group
 * of 1–3 digits not starting with 0, then groups of exactly 3 ("1.234.567"), with one
 * kind of group separator (the convention's, or a space).
 */
function read(body: string, decimal: string, group: string): Reading {
  const parts = body.split(decimal);
  if (parts.length > 2) return null;
  const [intPart, fracPart] = parts;
  if (fracPart !== undefined && !/^\d+$/.test(fracPart)) return null;
  let intDigits: string;
  if (/^\d*$/.test(intPart)) {
    if (intPart === '' && fracPart === undefined) return null;
    intDigits = intPart;
  } else {
    const separators = new Set(intPart.replace(/\d/g, ''));
    if (separators.size !== 1) return null;
    const [separator] = separators;
    if (separator !== group && separator !== ' ') return null;
    const groups = intPart.split(separator);
    const [first, ...rest] = groups;
    if (!/^[1-9]\d{0,2}$/.test(first) || !rest.every((g) => /^\d{3}$/.test(g))) return null;
    intDigits = groups.join('');
  }
  const frac = fracPart ?? '';
  const value = Number(`${intDigits === '' ? '0' : intDigits}.${frac === '' ? '0' : frac}`);
  return { value, digits: intDigits + frac };
}

function significantDigits(reading: { digits: string }): number {
  return reading.digits.replace(/^0+/, '').length;
}

/**
 * Parses a number typed in the UI language. NFKC-normalised (full-width digits,
 * non-breaking and thin spaces), surrounding spaces ignored, spaces accepted as
 * thousands separators, a leading '-', '+' or '−', or accounting parentheses "(1.234)".
 */
export function parseNumber(input: string, lang: NumberLang): ParseNumberResult {
  const text = input.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (text === '') return fail('empty', input);
  let body = text;
  let negative = false;
  const accounting = /^\((.*)\)$/.exec(body);
  if (accounting) {
    body = accounting[1].trim();
    negative = true;
  }
  if (/^[-+\u2212]/.test(body)) {
    if (accounting) return fail('not_a_number', input);
    negative = body[0] !== '+';
    body = body.slice(1);
  }
  if (body === '') return fail('not_a_number', input);
  if (!/^[\d., ]+$/.test(body)) return fail('not_a_number', input);
  if (!/\d/.test(body)) return fail('not_a_number', input);

  const own = CONVENTIONS[lang];
  const otherLang: NumberLang = lang === 'vi' ? 'en' : 'vi';
  const other = CONVENTIONS[otherLang];
  const mine = read(body, own.decimal, own.group);
  const theirs = read(body, other.decimal, other.group);
  const chosen = mine ?? theirs;
  if (chosen === null) return fail('bad_separators', input);
  if (significantDigits(chosen) > MAX_DIGITS) return fail('too_many_digits', input);

  const sign = (v: number): number => (negative && v !== 0 ? -v : v);
  const plain = !/[.,]/.test(body);
  if (mine !== null && theirs !== null && mine.value !== theirs.value) {
    return { ok: true, value: sign(mine.value), convention: lang, ambiguous: true, alternative: sign(theirs.value) };
  }
  const convention = plain ? 'plain' : mine !== null ? lang : otherLang;
  return { ok: true, value: sign(chosen.value), convention, ambiguous: false };
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats a number the way the UI language writes it ("1.234,5" / "1,234.5"). With
 * `decimals`, exactly that many decimals; otherwise up to 10, without trailing zeros.
 * Null and non-finite values format as an empty string (an empty cell).
 */
export function formatNumber(value: number | null, lang: NumberLang, decimals?: number): string {
  if (value === null || !Number.isFinite(value)) return '';
  const digits = decimals === undefined ? null : Math.max(0, Math.min(20, Math.trunc(decimals)));
  const key = `${lang}:${digits ?? 'auto'}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', {
      minimumFractionDigits: digits ?? 0,
      maximumFractionDigits: digits ?? 10,
      useGrouping: true,
    });
    formatters.set(key, formatter);
  }
  const text = formatter.format(value === 0 ? 0 : value);
  // "-0" after rounding (e.g. -0.001 to 2 decimals) reads as a sign error; show 0.
  return /^-[0.,]+$/.test(text) ? text.slice(1) : text;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
