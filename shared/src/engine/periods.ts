// Reporting periods of the M&E engine: DHIS2-style ISO codes (20250715, 202507, 2025Q3,
// 2025S1, 2025) with their calendar dates, instants, arithmetic, deadlines and labels.
// Every calendar rule is computed in Vietnam time (UTC+7, no daylight saving) from
// plain UTC arithmetic, never from the host's time zone, so the server, the browser
// and an offline phone agree on which quarter 00:30 on 1 October belongs to.

export type PeriodType = 'day' | 'month' | 'quarter' | 'sixMonth' | 'year';

/** Period types from finest to coarsest; a period nests in every coarser type. */
export const PERIOD_TYPES: readonly PeriodType[] = ['day', 'month', 'quarter', 'sixMonth', 'year'];

export type Period =
  | { readonly type: 'day'; readonly code: string; readonly year: number; readonly month: number; readonly day: number }
  | { readonly type: 'month'; readonly code: string; readonly year: number; readonly month: number }
  | { readonly type: 'quarter'; readonly code: string; readonly year: number; readonly quarter: number }
  | { readonly type: 'sixMonth'; readonly code: string; readonly year: number; readonly half: number }
  | { readonly type: 'year'; readonly code: string; readonly year: number };

/** A period code ('2025Q3') or an already parsed period. */
export type PeriodLike = string | Period;

export type PeriodErrorCode = 'invalid_period' | 'out_of_range' | 'type_mismatch' | 'invalid_rule' | 'invalid_date';

/** Thrown for malformed codes and impossible requests; `message` is Vietnamese. */
export class PeriodError extends Error {
  readonly code: PeriodErrorCode;
  readonly messageEn: string;
  constructor(code: PeriodErrorCode, messageVi: string, messageEn: string) {
    super(messageVi);
    this.name = 'PeriodError';
    this.code = code;
    this.messageEn = messageEn;
  }
}

export type PeriodParseResult =
  | { ok: true; period: Period }
  | { ok: false; error: { code: PeriodErrorCode; message: string; messageEn: string } };

// ---------------------------------------------------------------------------------
// Calendar helpers (proleptic Gregorian, computed with UTC so the host zone is moot)

const DAY_MS = 86_400_000;
/** Vietnam is UTC+7 all year round (no DST since 1975). */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 of a calendar date. */
function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function fromDayNumber(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(value: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day };
    }
  }
  throw new PeriodError(
    'invalid_date',
    `Ngày không hợp lệ '${value}' (cần dạng yyyy-mm-dd).`,
    `Invalid date '${value}' (expected yyyy-mm-dd).`,
  );
}

function checkInstant(instant: Date): number {
  const t = instant.getTime();
  if (!Number.isFinite(t)) {
    throw new PeriodError('invalid_date', 'Thời điểm không hợp lệ.', 'Invalid instant.');
  }
  return t;
}

/** The calendar date (yyyy-mm-dd) an instant falls on in Vietnam. */
export function vietnamDate(instant: Date): string {
  const { year, month, day } = fromDayNumber(Math.floor((checkInstant(instant) + VIETNAM_OFFSET_MS) / DAY_MS));
  return isoDate(year, month, day);
}

/** The UTC instant of 00:00 in Vietnam on a calendar date (yyyy-mm-dd). */
export function vietnamMidnight(date: string): Date {
  const { year, month, day } = parseIsoDate(date);
  return new Date(dayNumber(year, month, day) * DAY_MS - VIETNAM_OFFSET_MS);
}

/** Adds whole days to a calendar date (yyyy-mm-dd). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  const { year: y, month: m, day: d } = fromDayNumber(dayNumber(year, month, day) + days);
  return isoDate(y, m, d);
}

/** The last millisecond (23:59:59.999 Vietnam time) of a calendar date, as a UTC instant. */
function endOfVietnamDay(date: string): Date {
  return new Date(vietnamMidnight(addDays(date, 1)).getTime() - 1);
}

// ---------------------------------------------------------------------------------
// Codes

const CODE_PATTERNS: readonly { type: PeriodType; re: RegExp }[] = [
  { type: 'day', re: /^(\d{4})(\d{2})(\d{2})$/ },
  { type: 'month', re: /^(\d{4})(\d{2})$/ },
  { type: 'quarter', re: /^(\d{4})Q(\d)$/ },
  { type: 'sixMonth', re: /^(\d{4})S(\d)$/ },
  { type: 'year', re: /^(\d{4})$/ },
];

function invalid(code: string, whyVi: string, whyEn: string): PeriodParseResult {
  return {
    ok: false,
    error: {
      code: 'invalid_period',
      message: `Mã kỳ báo cáo không hợp lệ '${code}': ${whyVi}`,
      messageEn: `Invalid period code '${code}': ${whyEn}`,
    },
  };
}

const FORMAT_HINT_VI = 'dùng 2025 (năm), 2025S1/2025S2 (6 tháng), 2025Q3 (quý), 202507 (tháng) hoặc 20250715 (ngày).';
const FORMAT_HINT_EN = 'use 2025 (year), 2025S1/2025S2 (six months), 2025Q3 (quarter), 202507 (month) or 20250715 (day).';

/** Parses a period code without throwing. Codes are exact: no spaces, upper-case Q and S. */
export function tryParsePeriod(code: string): PeriodParseResult {
  if (typeof code !== 'string' || code.length === 0) {
    return invalid(String(code ?? ''), 'mã trống; ' + FORMAT_HINT_VI, 'empty code; ' + FORMAT_HINT_EN);
  }
  for (const { type, re } of CODE_PATTERNS) {
    const m = re.exec(code);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < MIN_YEAR) {
      return invalid(code, `năm ${m[1]} nằm ngoài phạm vi ${MIN_YEAR}–${MAX_YEAR}.`, `year ${m[1]} is outside ${MIN_YEAR}–${MAX_YEAR}.`);
    }
    switch (type) {
      case 'day': {
        const month = Number(m[2]);
        const day = Number(m[3]);
        if (month < 1 || month > 12) return invalid(code, `tháng ${m[2]} không tồn tại.`, `month ${m[2]} does not exist.`);
        if (day < 1 || day > daysInMonth(year, month)) {
          return invalid(code, `ngày ${m[3]}/${m[2]}/${m[1]} không tồn tại.`, `day ${m[3]}/${m[2]}/${m[1]} does not exist.`);
        }
        return { ok: true, period: { type, code, year, month, day } };
      }
      case 'month': {
        const month = Number(m[2]);
        if (month < 1 || month > 12) return invalid(code, `tháng ${m[2]} không tồn tại.`, `month ${m[2]} does not exist.`);
        return { ok: true, period: { type, code, year, month } };
      }
      case 'quarter': {
        const quarter = Number(m[2]);
        if (quarter < 1 || quarter > 4) return invalid(code, 'quý phải từ 1 đến 4.', 'the quarter must be 1 to 4.');
        return { ok: true, period: { type, code, year, quarter } };
      }
      case 'sixMonth': {
        const half = Number(m[2]);
        if (half < 1 || half > 2) return invalid(code, 'kỳ 6 tháng là S1 hoặc S2.', 'the six-month period is S1 or S2.');
        return { ok: true, period: { type, code, year, half } };
      }
      case 'year':
        return { ok: true, period: { type, code, year } };
      default:
        return assertNever(type);
    }
  }
  if (/^\s|\s$/.test(code)) return invalid(code, 'có khoảng trắng thừa.', 'it has surrounding spaces.');
  if (/^\d{4}[qs]\d$/.test(code)) {
    return invalid(code, `viết hoa chữ Q/S, ví dụ '${code.toUpperCase()}'.`, `write Q/S in upper case, e.g. '${code.toUpperCase()}'.`);
  }
  return invalid(code, FORMAT_HINT_VI, FORMAT_HINT_EN);
}

/** Parses a period code; throws PeriodError when it is malformed. */
export function parsePeriod(code: string): Period {
  const result = tryParsePeriod(code);
  if (!result.ok) throw new PeriodError(result.error.code, result.error.message, result.error.messageEn);
  return result.period;
}

export function isPeriodCode(code: string): boolean {
  return tryParsePeriod(code).ok;
}

function toPeriod(p: PeriodLike): Period {
  return typeof p === 'string' ? parsePeriod(p) : p;
}

/** The parts of a period without its code, e.g. { type: 'quarter', year: 2025, quarter: 3 }. */
export type PeriodParts =
  | { type: 'day'; year: number; month: number; day: number }
  | { type: 'month'; year: number; month: number }
  | { type: 'quarter'; year: number; quarter: number }
  | { type: 'sixMonth'; year: number; half: number }
  | { type: 'year'; year: number };

/** Builds the code of a period from its parts; throws PeriodError when they are impossible. */
export function formatPeriod(parts: PeriodParts): string {
  let code: string;
  switch (parts.type) {
    case 'day':
      code = `${pad(parts.year, 4)}${pad(parts.month, 2)}${pad(parts.day, 2)}`;
      break;
    case 'month':
      code = `${pad(parts.year, 4)}${pad(parts.month, 2)}`;
      break;
    case 'quarter':
      code = `${pad(parts.year, 4)}Q${parts.quarter}`;
      break;
    case 'sixMonth':
      code = `${pad(parts.year, 4)}S${parts.half}`;
      break;
    case 'year':
      code = pad(parts.year, 4);
      break;
    default:
      return assertNever(parts);
  }
  const back = tryParsePeriod(code);
  // Round-tripping rejects 2025-13, Q0, day 31/02 and years outside 1000–9999.
  if (!back.ok || back.period.type !== parts.type) {
    throw new PeriodError(
      'out_of_range',
      `Không tạo được kỳ báo cáo từ ${JSON.stringify(parts)}.`,
      `Cannot build a period from ${JSON.stringify(parts)}.`,
    );
  }
  return code;
}

export function periodType(p: PeriodLike): PeriodType {
  return toPeriod(p).type;
}

function typeRank(type: PeriodType): number {
  return PERIOD_TYPES.indexOf(type);
}

// ---------------------------------------------------------------------------------
// Calendar extent

/** First calendar day of the period (yyyy-mm-dd, Vietnam calendar). */
export function periodStartDate(p: PeriodLike): string {
  const period = toPeriod(p);
  switch (period.type) {
    case 'day':
      return isoDate(period.year, period.month, period.day);
    case 'month':
      return isoDate(period.year, period.month, 1);
    case 'quarter':
      return isoDate(period.year, (period.quarter - 1) * 3 + 1, 1);
    case 'sixMonth':
      return isoDate(period.year, (period.half - 1) * 6 + 1, 1);
    case 'year':
      return isoDate(period.year, 1, 1);
    default:
      return assertNever(period);
  }
}

/** Last calendar day of the period, inclusive (yyyy-mm-dd). */
export function periodEndDate(p: PeriodLike): string {
  const period = toPeriod(p);
  const lastMonth = (month: number): string => isoDate(period.year, month, daysInMonth(period.year, month));
  switch (period.type) {
    case 'day':
      return isoDate(period.year, period.month, period.day);
    case 'month':
      return lastMonth(period.month);
    case 'quarter':
      return lastMonth(period.quarter * 3);
    case 'sixMonth':
      return lastMonth(period.half * 6);
    case 'year':
      return lastMonth(12);
    default:
      return assertNever(period);
  }
}

/** The instant the period starts: 00:00 Vietnam time on its first day, as UTC. */
export function periodStartInstant(p: PeriodLike): Date {
  return vietnamMidnight(periodStartDate(p));
}

/** The instant the period ends, exclusive: the next midnight in Vietnam, as UTC. */
export function periodEndInstant(p: PeriodLike): Date {
  return vietnamMidnight(addDays(periodEndDate(p), 1));
}

/** Number of calendar days in the period. */
export function periodDays(p: PeriodLike): number {
  const start = parseIsoDate(periodStartDate(p));
  const end = parseIsoDate(periodEndDate(p));
  return dayNumber(end.year, end.month, end.day) - dayNumber(start.year, start.month, start.day) + 1;
}

// ---------------------------------------------------------------------------------
// Arithmetic. Each type maps to a consecutive ordinal, so next/previous/add are sums.

function ordinal(period: Period): number {
  switch (period.type) {
    case 'day':
      return dayNumber(period.year, period.month, period.day);
    case 'month':
      return period.year * 12 + period.month - 1;
    case 'quarter':
      return period.year * 4 + period.quarter - 1;
    case 'sixMonth':
      return period.year * 2 + period.half - 1;
    case 'year':
      return period.year;
    default:
      return assertNever(period);
  }
}

function fromOrdinal(type: PeriodType, n: number): string {
  const outOfRange = (year: number): never => {
    throw new PeriodError(
      'out_of_range',
      `Kỳ báo cáo nằm ngoài phạm vi năm ${MIN_YEAR}–${MAX_YEAR} (năm ${year}).`,
      `The period falls outside the years ${MIN_YEAR}–${MAX_YEAR} (year ${year}).`,
    );
  };
  let parts: PeriodParts;
  switch (type) {
    case 'day': {
      const { year, month, day } = fromDayNumber(n);
      parts = { type, year, month, day };
      break;
    }
    case 'month':
      parts = { type, year: Math.floor(n / 12), month: (((n % 12) + 12) % 12) + 1 };
      break;
    case 'quarter':
      parts = { type, year: Math.floor(n / 4), quarter: (((n % 4) + 4) % 4) + 1 };
      break;
    case 'sixMonth':
      parts = { type, year: Math.floor(n / 2), half: (((n % 2) + 2) % 2) + 1 };
      break;
    case 'year':
      parts = { type, year: n };
      break;
    default:
      return assertNever(type);
  }
  if (!Number.isFinite(parts.year) || parts.year < MIN_YEAR || parts.year > MAX_YEAR) return outOfRange(parts.year);
  return formatPeriod(parts);
}

/** The period n steps later (n may be negative): addPeriods('2025Q4', 1) → '2026Q1'. */
export function addPeriods(p: PeriodLike, n: number): string {
  if (!Number.isInteger(n)) {
    throw new PeriodError('out_of_range', `Số kỳ phải là số nguyên (nhận ${n}).`, `The step must be an integer (got ${n}).`);
  }
  const period = toPeriod(p);
  return fromOrdinal(period.type, ordinal(period) + n);
}

export function nextPeriod(p: PeriodLike): string {
  return addPeriods(p, 1);
}

export function previousPeriod(p: PeriodLike): string {
  return addPeriods(p, -1);
}

/** Orders periods by start, then finer before coarser; for sorting mixed lists. */
export function comparePeriods(a: PeriodLike, b: PeriodLike): number {
  const pa = toPeriod(a);
  const pb = toPeriod(b);
  const byStart = periodStartDate(pa).localeCompare(periodStartDate(pb));
  return byStart !== 0 ? byStart : typeRank(pa.type) - typeRank(pb.type);
}

/** The period of a type containing a calendar date (yyyy-mm-dd). */
export function periodOfDate(type: PeriodType, date: string): string {
  const { year, month, day } = parseIsoDate(date);
  switch (type) {
    case 'day':
      return formatPeriod({ type, year, month, day });
    case 'month':
      return formatPeriod({ type, year, month });
    case 'quarter':
      return formatPeriod({ type, year, quarter: Math.ceil(month / 3) });
    case 'sixMonth':
      return formatPeriod({ type, year, half: month <= 6 ? 1 : 2 });
    case 'year':
      return formatPeriod({ type, year });
    default:
      return assertNever(type);
  }
}

/** The period of a type containing an instant, in Vietnam time (2025-06-30T17:30Z → 2025Q3). */
export function periodContaining(type: PeriodType, instant: Date): string {
  return periodOfDate(type, vietnamDate(instant));
}

/** Whether an instant falls inside the period (Vietnam time). */
export function periodContainsInstant(p: PeriodLike, instant: Date): boolean {
  const t = checkInstant(instant);
  return t >= periodStartInstant(p).getTime() && t < periodEndInstant(p).getTime();
}

const MAX_LIST = 100_000;

/** Every period from `from` to `to`, both included; empty when `to` is before `from`. */
export function periodsBetween(from: PeriodLike, to: PeriodLike): string[] {
  const a = toPeriod(from);
  const b = toPeriod(to);
  if (a.type !== b.type) {
    throw new PeriodError(
      'type_mismatch',
      `Hai kỳ '${a.code}' và '${b.code}' phải cùng loại.`,
      `Periods '${a.code}' and '${b.code}' must be of the same type.`,
    );
  }
  const first = ordinal(a);
  const last = ordinal(b);
  if (last - first + 1 > MAX_LIST) {
    throw new PeriodError('out_of_range', 'Khoảng thời gian quá dài.', 'The range is too long.');
  }
  const codes: string[] = [];
  for (let n = first; n <= last; n++) codes.push(fromOrdinal(a.type, n));
  return codes;
}

function typeName(type: PeriodType, lang: 'vi' | 'en'): string {
  return periodTypeLabel(type, lang).toLowerCase();
}

/** The periods of a finer type that make up a period: childPeriods('2025', 'quarter') → 2025Q1…Q4. */
export function childPeriods(p: PeriodLike, childType: PeriodType): string[] {
  const period = toPeriod(p);
  if (typeRank(childType) >= typeRank(period.type)) {
    throw new PeriodError(
      'type_mismatch',
      `Kỳ con phải chi tiết hơn: '${typeName(childType, 'vi')}' không nằm trong '${typeName(period.type, 'vi')}'.`,
      `Child periods must be finer: a ${typeName(childType, 'en')} does not split a ${typeName(period.type, 'en')}.`,
    );
  }
  return periodsBetween(periodOfDate(childType, periodStartDate(period)), periodOfDate(childType, periodEndDate(period)));
}

/** The period of a coarser type containing this one: parentPeriod('202507', 'quarter') → '2025Q3'. */
export function parentPeriod(p: PeriodLike, parentType: PeriodType): string {
  const period = toPeriod(p);
  if (typeRank(parentType) <= typeRank(period.type)) {
    throw new PeriodError(
      'type_mismatch',
      `Kỳ cha phải bao quát hơn: '${typeName(parentType, 'vi')}' không chứa '${typeName(period.type, 'vi')}'.`,
      `The parent must be coarser: a ${typeName(parentType, 'en')} does not contain a ${typeName(period.type, 'en')}.`,
    );
  }
  return periodOfDate(parentType, periodStartDate(period));
}

/** Whether `ancestor` is a strictly coarser period containing `descendant`. */
export function isAncestor(ancestor: PeriodLike, descendant: PeriodLike): boolean {
  const a = toPeriod(ancestor);
  const d = toPeriod(descendant);
  return typeRank(a.type) > typeRank(d.type) && parentPeriod(d, a.type) === a.code;
}

// ---------------------------------------------------------------------------------
// Deadlines

/**
 * When a report is due: a number of days after the period's last day (a commune form
 * 10 days after the quarter), or a fixed day of the year in which the period ends,
 * optionally the following year (the annual report on 15/12 of the same year).
 */
export type DueRule =
  | { daysAfterEnd: number }
  | { fixedDate: { month: number; day: number }; yearOffset?: 0 | 1 };

/** What decides whether a form may be filled in for a period. */
export interface EntryRules {
  due: DueRule;
  /** Entry closes this many days after the due day; null or absent: never locks. */
  lockDaysAfterDue?: number | null;
  /** A lock exception granted to a unit: entry stays open until this instant. */
  exceptionUntil?: Date | null;
}

export type EntryStatus = 'future' | 'open' | 'locked';

function ruleError(vi: string, en: string): never {
  throw new PeriodError('invalid_rule', `Quy tắc hạn nộp không hợp lệ: ${vi}`, `Invalid due rule: ${en}`);
}

/** The calendar day (yyyy-mm-dd) a report for the period is due. */
export function dueDate(p: PeriodLike, rule: DueRule): string {
  const period = toPeriod(p);
  if ('daysAfterEnd' in rule) {
    if (!Number.isInteger(rule.daysAfterEnd) || rule.daysAfterEnd < 0 || rule.daysAfterEnd > 3660) {
      ruleError('số ngày sau kỳ phải là số nguyên từ 0 đến 3660.', 'days after the end must be an integer from 0 to 3660.');
    }
    return addDays(periodEndDate(period), rule.daysAfterEnd);
  }
  const { month, day } = rule.fixedDate;
  const offset = rule.yearOffset ?? 0;
  if (offset !== 0 && offset !== 1) ruleError('năm phải là 0 (cùng năm) hoặc 1 (năm sau).', 'the year offset must be 0 or 1.');
  // A day valid in a leap year (29/02) is accepted and falls back to 28/02 in other years.
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > daysInMonth(2024, month)) {
    ruleError(`ngày ${day}/${month} không tồn tại.`, `day ${day}/${month} does not exist.`);
  }
  const year = parseIsoDate(periodEndDate(period)).year + offset;
  return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/** The due instant: 23:59:59.999 Vietnam time on the due day, as UTC. */
export function dueInstant(p: PeriodLike, rule: DueRule): Date {
  return endOfVietnamDay(dueDate(p, rule));
}

/** The instant after which entry is locked: the end of the day N days after the due day. */
export function lockInstant(p: PeriodLike, rule: DueRule, lockDaysAfterDue: number): Date {
  if (!Number.isInteger(lockDaysAfterDue) || lockDaysAfterDue < 0) {
    ruleError('số ngày khóa sau hạn phải là số nguyên không âm.', 'lock days after due must be a non-negative integer.');
  }
  return endOfVietnamDay(addDays(dueDate(p, rule), lockDaysAfterDue));
}

/** When entry opens (the period's start), is due, and locks (null: never). */
export function entryWindow(p: PeriodLike, rules: EntryRules): { opensAt: Date; dueAt: Date; locksAt: Date | null } {
  const lockDays = rules.lockDaysAfterDue;
  return {
    opensAt: periodStartInstant(p),
    dueAt: dueInstant(p, rules.due),
    locksAt: lockDays === null || lockDays === undefined ? null : lockInstant(p, rules.due, lockDays),
  };
}

/**
 * Whether data may be entered now: 'future' before the period starts, 'locked' after
 * the lock instant (unless a still-valid exception is granted), otherwise 'open'.
 */
export function isOpenForEntry(p: PeriodLike, now: Date, rules: EntryRules): EntryStatus {
  const t = checkInstant(now);
  const { opensAt, locksAt } = entryWindow(p, rules);
  if (t < opensAt.getTime()) return 'future';
  if (locksAt !== null && t > locksAt.getTime()) {
    const exception = rules.exceptionUntil;
    return exception && t <= exception.getTime() ? 'open' : 'locked';
  }
  return 'open';
}

/** Whether something submitted at an instant met the due rule. */
export function isOnTime(p: PeriodLike, submittedAt: Date, rule: DueRule): boolean {
  return checkInstant(submittedAt) <= dueInstant(p, rule).getTime();
}

// ---------------------------------------------------------------------------------
// Relative periods (for analytics), evaluated in Vietnam time

export const RELATIVE_PERIODS = [
  'THIS_MONTH',
  'LAST_12_MONTHS',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'LAST_4_QUARTERS',
  'THIS_SIX_MONTH',
  'LAST_SIX_MONTH',
  'THIS_YEAR',
  'LAST_YEAR',
  'LAST_5_YEARS',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

/**
 * The period codes a relative period stands for at an instant, oldest first. As in
 * DHIS2, "last N" excludes the current period: LAST_4_QUARTERS on 2025-08-01 is
 * 2024Q3…2025Q2.
 */
export function relativePeriods(relative: RelativePeriod, now: Date): string[] {
  const lastN = (type: PeriodType, n: number): string[] => {
    const current = periodContaining(type, now);
    return periodsBetween(addPeriods(current, -n), addPeriods(current, -1));
  };
  switch (relative) {
    case 'THIS_MONTH':
      return [periodContaining('month', now)];
    case 'LAST_12_MONTHS':
      return lastN('month', 12);
    case 'THIS_QUARTER':
      return [periodContaining('quarter', now)];
    case 'LAST_QUARTER':
      return lastN('quarter', 1);
    case 'LAST_4_QUARTERS':
      return lastN('quarter', 4);
    case 'THIS_SIX_MONTH':
      return [periodContaining('sixMonth', now)];
    case 'LAST_SIX_MONTH':
      return lastN('sixMonth', 1);
    case 'THIS_YEAR':
      return [periodContaining('year', now)];
    case 'LAST_YEAR':
      return lastN('year', 1);
    case 'LAST_5_YEARS':
      return lastN('year', 5);
    default:
      return assertNever(relative);
  }
}

// ---------------------------------------------------------------------------------
// Labels

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Quý 3/2025", "6 tháng đầu năm 2025", "Tháng 7/2025", "Năm 2025", "15/07/2025"; English "Q3 2025", "H1 2025", "July 2025", "2025". */
export function periodLabel(p: PeriodLike, lang: 'vi' | 'en'): string {
  const period = toPeriod(p);
  const vi = lang === 'vi';
  switch (period.type) {
    case 'day':
      return `${pad(period.day, 2)}/${pad(period.month, 2)}/${pad(period.year, 4)}`;
    case 'month':
      return vi ? `Tháng ${period.month}/${period.year}` : `${EN_MONTHS[period.month - 1]} ${period.year}`;
    case 'quarter':
      return vi ? `Quý ${period.quarter}/${period.year}` : `Q${period.quarter} ${period.year}`;
    case 'sixMonth':
      if (vi) return `6 tháng ${period.half === 1 ? 'đầu' : 'cuối'} năm ${period.year}`;
      return `H${period.half} ${period.year}`;
    case 'year':
      return vi ? `Năm ${period.year}` : String(period.year);
    default:
      return assertNever(period);
  }
}

/** "Quý" / "Quarter" etc., for pickers and messages. */
export function periodTypeLabel(type: PeriodType, lang: 'vi' | 'en'): string {
  const vi = lang === 'vi';
  switch (type) {
    case 'day':
      return vi ? 'Ngày' : 'Day';
    case 'month':
      return vi ? 'Tháng' : 'Month';
    case 'quarter':
      return vi ? 'Quý' : 'Quarter';
    case 'sixMonth':
      return vi ? '6 tháng' : 'Six months';
    case 'year':
      return vi ? 'Năm' : 'Year';
    default:
      return assertNever(type);
  }
}

// ---------------------------------------------------------------------------------
// ADX (IHE Aggregate Data Exchange): a period as its ISO 8601 start date and duration

const ADX_DURATION: Record<PeriodType, string> = { day: 'P1D', month: 'P1M', quarter: 'P3M', sixMonth: 'P6M', year: 'P1Y' };
const ADX_TYPE: Record<string, PeriodType> = { P1D: 'day', P1M: 'month', P3M: 'quarter', P6M: 'sixMonth', P1Y: 'year' };

/** The ADX form of a period: 202507 → 2025-07-01/P1M, 2025Q3 → 2025-07-01/P3M, 2025S1 → 2025-01-01/P6M, 2025 → 2025-01-01/P1Y. */
export function adxPeriod(p: PeriodLike): string {
  const period = toPeriod(p);
  return `${periodStartDate(period)}/${ADX_DURATION[period.type]}`;
}

/**
 * The period code of an ADX period, or null when it names none of ours: the start must
 * be the first day of a period of the duration's type (a quarter starts in January,
 * April, July or October), the duration one of P1D, P1M, P3M, P6M, P1Y.
 */
export function periodFromAdx(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(P1D|P1M|P3M|P6M|P1Y)$/.exec(text);
  if (!m) return null;
  const [, start, duration] = m as unknown as [string, string, string];
  try {
    const code = periodOfDate(ADX_TYPE[duration]!, start);
    return tryParsePeriod(code).ok && periodStartDate(code) === start ? code : null;
  } catch {
    return null;
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
