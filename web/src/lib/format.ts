// Dates and numbers as Vietnamese users read them: dd/mm/yyyy in Vietnam time
// (Asia/Ho_Chi_Minh) whatever the browser's zone, and 1.234,5 in Vietnamese,
// 1,234.5 in English.

export type UiLang = 'vi' | 'en';
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: VN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface VnParts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
}

function toDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The calendar parts of an instant in Vietnam time. */
export function vnParts(value: string | number | Date): VnParts | null {
  const d = toDate(value);
  if (!d) return null;
  const out: Record<string, string> = {};
  for (const p of partsFormatter.formatToParts(d)) out[p.type] = p.value;
  return { day: out.day, month: out.month, year: out.year, hour: out.hour === '24' ? '00' : out.hour, minute: out.minute, second: out.second };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** dd/mm/yyyy. A bare yyyy-mm-dd is a calendar day and is shown as is (no zone shift). */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    const m = DATE_ONLY.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const p = vnParts(value);
  return p ? `${p.day}/${p.month}/${p.year}` : '';
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const p = vnParts(value);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : '';
}

/** dd/mm/yyyy HH:mm:ss in Vietnam time. */
export function formatDateTimeSeconds(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const p = vnParts(value);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}` : '';
}

/** Today's date in Vietnam as yyyy-mm-dd (what the API's date parameters expect). */
export function vnToday(now: Date = new Date()): string {
  const p = vnParts(now)!;
  return `${p.year}-${p.month}-${p.day}`;
}

const numberFormatters = new Map<string, Intl.NumberFormat>();
function numberFormatter(lang: UiLang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = numberFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberFormatters.set(key, f);
  }
  return f;
}

/** 1.234,5 (vi) or 1,234.5 (en). */
export function formatNumber(value: number | null | undefined, lang: UiLang, maxFractionDigits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return numberFormatter(lang, maxFractionDigits).format(value);
}

/** A fraction (0.333) as a percentage: "33,3 %" in Vietnamese, "33.3%" in English. */
export function formatPercent(fraction: number | null | undefined, lang: UiLang, maxFractionDigits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '';
  const n = formatNumber(Math.round(fraction * 100 * 10 ** maxFractionDigits) / 10 ** maxFractionDigits, lang, maxFractionDigits);
  return lang === 'vi' ? `${n} %` : `${n}%`;
}

/** A size for people: "812 KB", "1,2 MB" in Vietnamese ("1.2 MB" in English). */
export function formatBytes(bytes: number, lang: UiLang): string {
  if (bytes < 1024) return `${formatNumber(bytes, lang, 0)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024), lang, 0)} KB`;
  return `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, lang, 1)} MB`;
}
