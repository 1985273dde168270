// Task calendar rules, pure (no I/O), in Vietnam calendar dates (yyyy-mm-dd):
// - recurring tasks: which occurrences of a rule ("before 15/12 every year", "10 days
//   after each quarter", "5 days after each month") should exist on a given day;
// - lateness and the task score (điểm công việc) by the configurable rule — the server
//   computes the same formula in SQL over whole scopes (tasks.repository.ts `scoreSql`),
//   this copy is for the web preview of the rule and for the tests.
import { addDays, addPeriods, periodEndDate, periodOfDate, periodStartDate, type PeriodType } from './periods.ts';

export type RecurrenceFrequency = 'yearly' | 'quarterly' | 'monthly';

export interface RecurrenceRule {
  frequency: RecurrenceFrequency;
  /** yearly: the due day and month (15/12); clamped to the month's last day (29/02 → 28/02). */
  dueMonth?: number | null;
  dueDay?: number | null;
  /** quarterly / monthly: the due day is this many days after the quarter's / month's last day. */
  daysAfter?: number | null;
  /** The occurrence appears (and starts) this many days before its due day. */
  leadDays: number;
  /** No occurrence due before this day, nor after endsOn. */
  startsOn: string;
  endsOn?: string | null;
}

export interface Occurrence {
  /** The period the occurrence belongs to: 2026, 2026Q1, 202603 — part of its unique key. */
  occurrence: string;
  startDate: string;
  dueDate: string;
}

/** A generated occurrence stays due for this long: a job that was down for a few weeks still makes it (overdue). */
export const RECURRENCE_GRACE_DAYS = 31;

const PERIOD_OF: Record<RecurrenceFrequency, PeriodType> = { yearly: 'year', quarterly: 'quarter', monthly: 'month' };

/** What is wrong with a rule, or null. */
export function recurrenceProblem(rule: RecurrenceRule): string | null {
  if (rule.frequency === 'yearly') {
    if (!rule.dueMonth || !rule.dueDay) return 'yearly_needs_day_month';
    if (rule.dueMonth < 1 || rule.dueMonth > 12 || rule.dueDay < 1 || rule.dueDay > 31) return 'yearly_needs_day_month';
  } else if (rule.daysAfter === null || rule.daysAfter === undefined || rule.daysAfter < 0 || rule.daysAfter > 120) {
    return 'needs_days_after';
  }
  if (rule.leadDays < 0 || rule.leadDays > 366) return 'lead_days';
  if (rule.endsOn && rule.endsOn < rule.startsOn) return 'ends_before_start';
  return null;
}

/** The due day of the rule's occurrence in a period (2026 → 2026-12-15; 2026Q1 → 2026-04-10). */
export function occurrenceDueDate(rule: RecurrenceRule, period: string): string {
  if (rule.frequency === 'yearly') {
    const month = `${period}${String(rule.dueMonth).padStart(2, '0')}`;
    const last = Number(periodEndDate(month).slice(8, 10));
    return `${periodStartDate(month).slice(0, 8)}${String(Math.min(rule.dueDay ?? 1, last)).padStart(2, '0')}`;
  }
  return addDays(periodEndDate(period), rule.daysAfter ?? 0);
}

/**
 * The occurrences that should exist on `today`: those that have appeared (due − lead days
 * ≤ today), are due within the rule's dates, and are not older than the grace period. The
 * caller inserts them under a unique (rule, occurrence) key, so asking again is harmless.
 */
export function occurrencesDue(rule: RecurrenceRule, today: string): Occurrence[] {
  const type = PERIOD_OF[rule.frequency];
  const here = periodOfDate(type, today);
  // Enough periods back for a due day long after its period (daysAfter ≤ 120) and ahead for long lead times.
  const span = type === 'year' ? [-2, 1] : type === 'quarter' ? [-3, 5] : [-6, 13];
  const out: Occurrence[] = [];
  for (let i = span[0]!; i <= span[1]!; i += 1) {
    const period = addPeriods(here, i);
    const dueDate = occurrenceDueDate(rule, period);
    const startDate = addDays(dueDate, -rule.leadDays);
    if (startDate > today) continue;
    if (dueDate < addDays(today, -RECURRENCE_GRACE_DAYS)) continue;
    if (dueDate < rule.startsOn || (rule.endsOn && dueDate > rule.endsOn)) continue;
    out.push({ occurrence: period, startDate, dueDate });
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Scores

export interface ScoreRule {
  /** Points for a task finished on or before its due day. */
  onTimePoints: number;
  /** Points taken off per day late. */
  latePenaltyPerDay: number;
  /** The timeliness points never fall below this. */
  lateFloor: number;
  /** Weights of timeliness and of the quality rating (1–5 → 20–100 points); a task not rated counts timeliness only. */
  timelinessWeight: number;
  qualityWeight: number;
}

export const DEFAULT_SCORE_RULE: ScoreRule = { onTimePoints: 100, latePenaltyPerDay: 5, lateFloor: 20, timelinessWeight: 0.6, qualityWeight: 0.4 };

export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'paused' | 'cancelled';

/** Days late: finished → after the due day; still open → today past the due day; cancelled → 0. */
export function lateDays(t: { status: TaskStatus; dueDate: string; completedDate: string | null }, today: string): number {
  if (t.status === 'cancelled') return 0;
  const end = t.status === 'done' && t.completedDate ? t.completedDate : today;
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${t.dueDate}T00:00:00Z`)) / 86_400_000);
  return Math.max(0, days);
}

/**
 * The score of a task (0–100, one decimal), or null when it cannot be scored yet
 * (cancelled, or open and not yet due). An open overdue task scores its timeliness so far.
 */
export function taskScore(t: { status: TaskStatus; dueDate: string; completedDate: string | null; quality: number | null }, today: string, rule: ScoreRule): number | null {
  if (t.status === 'cancelled') return null;
  const late = lateDays(t, today);
  if (t.status !== 'done' && late === 0) return null;
  const timeliness = late === 0 ? rule.onTimePoints : Math.max(rule.lateFloor, rule.onTimePoints - rule.latePenaltyPerDay * late);
  const score = t.quality === null || t.status !== 'done' ? timeliness : (rule.timelinessWeight * timeliness + rule.qualityWeight * t.quality * 20) / (rule.timelinessWeight + rule.qualityWeight);
  return Math.round(score * 10) / 10;
}
