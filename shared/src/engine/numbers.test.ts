import { describe, expect, it } from 'vitest';
import { formatNumber, parseNumber, type NumberLang, type ParseNumberErrorCode } from './numbers.ts';

type Case =
  | [input: string, value: number]
  | [input: string, value: number, alternative: number]
  | [input: string, error: ParseNumberErrorCode];

function check(lang: NumberLang, [input, expected, alternative]: Case): void {
  const result = parseNumber(input, lang);
  if (typeof expected === 'string') {
    expect(result).toMatchObject({ ok: false, code: expected });
    if (!result.ok) {
      expect(result.reason).toMatch(/\S/);
      expect(result.reasonEn).toMatch(/\S/);
    }
    return;
  }
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(Object.is(result.value, expected)).toBe(true);
  if (alternative === undefined) {
    expect(result.ambiguous).toBe(false);
  } else {
    expect(result).toMatchObject({ ambiguous: true, alternative });
  }
}

const shared: Case[] = [
  ['1234', 1234],
  ['0', 0],
  ['-0', 0],
  ['007', 7],
  ['+12', 12],
  ['  42  ', 42],
  ['1 234 567', 1234567],
  ['1\u00a0234\u00a0567', 1234567],
  ['１２３', 123],
  ['', 'empty'],
  ['   ', 'empty'],
  ['\u00a0', 'empty'],
  ['abc', 'not_a_number'],
  ['12a', 'not_a_number'],
  ['1e5', 'not_a_number'],
  ['Infinity', 'not_a_number'],
  ['NaN', 'not_a_number'],
  ['--5', 'not_a_number'],
  ['-', 'not_a_number'],
  ['12%', 'not_a_number'],
  ['1.2.3,4,5', 'bad_separators'],
  ['1,2,3', 'bad_separators'],
  ['12 34', 'bad_separators'],
  ['1.234 567', 'bad_separators'],
  ['0.001.000', 'bad_separators'],
  ['5.', 'bad_separators'],
  ['12,', 'bad_separators'],
  ['1234567890123456', 'too_many_digits'],
  ['0,1234567890123456', 'too_many_digits'],
];

describe('parseNumber in Vietnamese', () => {
  const cases: Case[] = [
    ['1.234,5', 1234.5],
    ['1.234', 1234, 1.234],
    ['12,5', 12.5],
    ['0,5', 0.5],
    [',5', 0.5],
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['-1.234,5', -1234.5],
    ['\u22127,25', -7.25],
    ['(1.234,5)', -1234.5],
    ['1 234,5', 1234.5],
    ['1\u202f234,5', 1234.5],
    ['1\u2009234,5', 1234.5],
    ['１２３,５', 123.5],
    ['1,234', 1.234, 1234],
    ['999,999', 999.999, 999999],
    ['0,234', 0.234],
    ['12.5', 12.5],
    ['1,234.5', 1234.5],
    ['1.23,4', 'bad_separators'],
    ['01.234', 1.234], // not a valid grouping, so only the decimal reading remains
    ['1.2345', 1.2345],
    ['999.999.999.999.999', 999999999999999],
    ...shared,
  ];
  it.each(cases)('%j', (...c) => check('vi', c as Case));

  it('reports which convention it read', () => {
    expect(parseNumber('1.234,5', 'vi')).toMatchObject({ convention: 'vi' });
    expect(parseNumber('1,234.5', 'vi')).toMatchObject({ convention: 'en' });
    expect(parseNumber('1234', 'vi')).toMatchObject({ convention: 'plain' });
  });

  it('explains failures in both languages', () => {
    expect(parseNumber('1.2.3,4,5', 'vi')).toEqual({
      ok: false,
      code: 'bad_separators',
      reason: "Dấu phân cách trong '1.2.3,4,5' không tạo thành một số; viết như 1.234,5 (dấu chấm ngăn nghìn, dấu phẩy thập phân).",
      reasonEn: "The separators in '1.2.3,4,5' do not form a number; write it like 1,234.5 (comma for thousands, point for decimals).",
    });
    expect(parseNumber('', 'vi')).toMatchObject({ reason: 'Chưa nhập số.' });
    expect(parseNumber('mười', 'vi')).toMatchObject({ reason: "'mười' không phải là số." });
  });
});

describe('parseNumber in English', () => {
  const cases: Case[] = [
    ['1,234.5', 1234.5],
    ['1.234', 1.234, 1234],
    ['1,234', 1234, 1.234],
    ['12.5', 12.5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1,234,567', 1234567],
    ['1,234,567.89', 1234567.89],
    ['-1,234.5', -1234.5],
    ['\u22127.25', -7.25],
    ['(1,234.5)', -1234.5],
    ['1 234.5', 1234.5],
    ['1\u00a0234.5', 1234.5],
    ['１２３.５', 123.5],
    ['12,5', 12.5],
    ['1.234,5', 1234.5],
    ['0.234', 0.234],
    ['999.999', 999.999, 999999],
    ['1.234.567', 1234567],
    ['1,23.4', 'bad_separators'],
    ['01,234', 1.234],
    ['1.2345', 1.2345],
    ...shared,
  ];
  it.each(cases)('%j', (...c) => check('en', c as Case));

  it('flags "1.234" as ambiguous so the UI shows the parsed value', () => {
    expect(parseNumber('1.234', 'en')).toEqual({ ok: true, value: 1.234, convention: 'en', ambiguous: true, alternative: 1234 });
  });
});

describe('formatNumber', () => {
  it('writes numbers the way each language does', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234567.891, 'vi')).toBe('1.234.567,891');
    expect(formatNumber(-1234.5, 'vi')).toBe('-1.234,5');
    expect(formatNumber(1234, 'vi')).toBe('1.234');
    expect(formatNumber(0.1 + 0.2, 'vi')).toBe('0,3');
  });

  it('pads or rounds to a fixed number of decimals', () => {
    expect(formatNumber(1234.5, 'vi', 2)).toBe('1.234,50');
    expect(formatNumber(1234.5, 'en', 2)).toBe('1,234.50');
    expect(formatNumber(2.5, 'vi', 0)).toBe('3');
    expect(formatNumber(33.333333, 'vi', 1)).toBe('33,3');
    expect(formatNumber(-0.001, 'vi', 2)).toBe('0,00');
  });

  it('leaves empty cells empty', () => {
    expect(formatNumber(null, 'vi')).toBe('');
    expect(formatNumber(Number.NaN, 'en')).toBe('');
    expect(formatNumber(Number.POSITIVE_INFINITY, 'en')).toBe('');
  });

  it('round-trips through parseNumber in both languages', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let i = 0; i < 2000; i++) {
      const magnitude = 10 ** Math.floor(random() * 10);
      const value = Math.round((random() - 0.5) * magnitude * 1000) / 1000;
      for (const lang of ['vi', 'en'] as const) {
        const result = parseNumber(formatNumber(value, lang), lang);
        expect(result.ok && result.value).toBe(value === 0 ? 0 : value);
      }
    }
  });
});
