// The disbursement plan curve of investment capital (issue 6, item 2): the share of a
// year's allocated capital expected to be disbursed by each date, drawn through
// milestones (by default the Ministry of Finance's: 30/6, 30/9, 31/12 and 31/1 of the
// next year) and straight between them from 0 % on 1 January. Calendar dates are
// Vietnam days (yyyy-mm-dd); callers turn an instant into one with vietnamDate().
// Pure, so the server's alert, its reports and the web chart compute the same thing.
export interface PlanMilestone {
  /** Month (1–12) and day of the milestone. */
  month: number;
  day: number;
  /** The milestone falls in the year after the capital's year (31/1 next year). */
  nextYear: boolean;
  /** Expected cumulative share of the allocated capital disbursed by the end of that day, in % (0–100). */
  share: number;
}

/** Default milestones (verify against the year's Government resolution; administrators can change them). */
export const DEFAULT_PLAN_CURVE: readonly PlanMilestone[] = [
  { month: 6, day: 30, nextYear: false, share: 30 },
  { month: 9, day: 30, nextYear: false, share: 60 },
  { month: 12, day: 31, nextYear: false, share: 90 },
  { month: 1, day: 31, nextYear: true, share: 100 },
];

const pad = (n: number) => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar date (yyyy-mm-dd) of a milestone for capital of the given year. */
export function milestoneDate(year: number, m: PlanMilestone): string {
  const y = m.nextYear ? year + 1 : year;
  return `${y}-${pad(m.month)}-${pad(Math.min(m.day, daysInMonth(y, m.month)))}`;
}

/** "30/06/2026" */
export function milestoneLabel(year: number, m: PlanMilestone): string {
  const [y, mo, d] = milestoneDate(year, m).split('-');
  return `${d}/${mo}/${y}`;
}

function dayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
}

/** Milestones in date order. */
export function sortedMilestones(curve: readonly PlanMilestone[], year: number): PlanMilestone[] {
  return [...curve].sort((a, b) => dayIndex(milestoneDate(year, a)) - dayIndex(milestoneDate(year, b)));
}

/**
 * Problems of a curve, in Vietnamese (empty when usable): at least one milestone, real
 * dates, increasing dates, shares between 0 and 100 that never go down.
 */
export function curveProblems(curve: readonly PlanMilestone[]): string[] {
  const problems: string[] = [];
  if (curve.length === 0) problems.push('Cần ít nhất một mốc giải ngân.');
  const year = 2024; // a leap year, so 29/02 is a possible milestone
  curve.forEach((m, i) => {
    if (!Number.isInteger(m.month) || m.month < 1 || m.month > 12 || !Number.isInteger(m.day) || m.day < 1 || m.day > daysInMonth(year, m.month)) {
      problems.push(`Mốc thứ ${i + 1}: ngày ${m.day}/${m.month} không hợp lệ.`);
    }
    if (!(m.share >= 0 && m.share <= 100)) problems.push(`Mốc thứ ${i + 1}: tỷ lệ phải từ 0 đến 100 %.`);
  });
  if (problems.length > 0) return problems;
  for (let i = 1; i < curve.length; i += 1) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    if (dayIndex(milestoneDate(year, b)) <= dayIndex(milestoneDate(year, a))) problems.push(`Mốc thứ ${i + 1} (${milestoneLabel(year, b).slice(0, 5)}) phải sau mốc thứ ${i} (${milestoneLabel(year, a).slice(0, 5)}).`);
    if (b.share < a.share) problems.push(`Tỷ lệ ở mốc thứ ${i + 1} không được nhỏ hơn mốc thứ ${i}.`);
  }
  return problems;
}

/**
 * The expected cumulative share (%) of a year's capital disbursed by the end of `date`
 * (yyyy-mm-dd, Vietnam): 0 before the year, straight lines from 0 % at 1 January through
 * each milestone, the last milestone's share after it.
 */
export function expectedShare(curve: readonly PlanMilestone[], year: number, date: string): number {
  const points: [number, number][] = [[dayIndex(`${year}-01-01`) - 1, 0], ...sortedMilestones(curve, year).map((m): [number, number] => [dayIndex(milestoneDate(year, m)), m.share])];
  const x = dayIndex(date);
  if (x <= points[0]![0]) return 0;
  for (let i = 1; i < points.length; i += 1) {
    const [x1, y1] = points[i]!;
    if (x <= x1) {
      const [x0, y0] = points[i - 1]!;
      return Math.round((y0 + ((y1 - y0) * (x - x0)) / (x1 - x0)) * 100) / 100;
    }
  }
  return points[points.length - 1]![1];
}

/** Milestones whose day has ended before `today` (yyyy-mm-dd, Vietnam): from the next day on, they are due. */
export function passedMilestones(curve: readonly PlanMilestone[], year: number, today: string): PlanMilestone[] {
  return sortedMilestones(curve, year).filter((m) => milestoneDate(year, m) < today);
}

/** Disbursed ÷ allocated in % (2 decimals), null without allocation. */
export function disbursementRate(allocated: number, disbursed: number): number | null {
  if (!(allocated > 0)) return null;
  return Math.round((disbursed / allocated) * 10_000) / 100;
}

/**
 * The months a year's curve is drawn over: January of the year to the month of the last
 * milestone (January of the next year by default), as yyyy-mm, each with the expected
 * share at its last day.
 */
export function planMonths(curve: readonly PlanMilestone[], year: number): { month: string; expected: number }[] {
  const sorted = sortedMilestones(curve, year);
  const last = sorted.length > 0 ? milestoneDate(year, sorted[sorted.length - 1]!) : `${year}-12-31`;
  const out: { month: string; expected: number }[] = [];
  let y = year;
  let m = 1;
  for (;;) {
    const month = `${y}-${pad(m)}`;
    if (month > last.slice(0, 7)) break;
    const end = `${month}-${pad(daysInMonth(y, m))}`;
    out.push({ month, expected: expectedShare(curve, year, end) });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (out.length > 36) break;
  }
  return out;
}
