// The task calendar rules: occurrences of recurring rules in Vietnam calendar days, and
// the score formula.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORE_RULE, lateDays, occurrenceDueDate, occurrencesDue, recurrenceProblem, taskScore, type RecurrenceRule } from './tasks.ts';

const yearly: RecurrenceRule = { frequency: 'yearly', dueMonth: 12, dueDay: 15, leadDays: 30, startsOn: '2026-01-01' };
const quarterly: RecurrenceRule = { frequency: 'quarterly', daysAfter: 10, leadDays: 10, startsOn: '2026-01-01' };
const monthly: RecurrenceRule = { frequency: 'monthly', daysAfter: 5, leadDays: 3, startsOn: '2026-01-01' };

describe('recurring rules', () => {
  it('due days: before 15/12, 10 days after the quarter, 5 days after the month; 29/02 clamped', () => {
    expect(occurrenceDueDate(yearly, '2026')).toBe('2026-12-15');
    expect(occurrenceDueDate(quarterly, '2026Q1')).toBe('2026-04-10');
    expect(occurrenceDueDate(quarterly, '2026Q4')).toBe('2027-01-10');
    expect(occurrenceDueDate(monthly, '202602')).toBe('2026-03-05');
    expect(occurrenceDueDate({ ...yearly, dueMonth: 2, dueDay: 29 }, '2027')).toBe('2027-02-28');
    expect(occurrenceDueDate({ ...yearly, dueMonth: 2, dueDay: 29 }, '2028')).toBe('2028-02-29');
  });

  it('an occurrence appears lead days before its due day, not before, and not long after', () => {
    expect(occurrencesDue(yearly, '2026-11-14')).toEqual([]);
    expect(occurrencesDue(yearly, '2026-11-15')).toEqual([{ occurrence: '2026', startDate: '2026-11-15', dueDate: '2026-12-15' }]);
    expect(occurrencesDue(yearly, '2027-01-10')).toEqual([{ occurrence: '2026', startDate: '2026-11-15', dueDate: '2026-12-15' }]);
    expect(occurrencesDue(yearly, '2027-01-20')).toEqual([]);
    expect(occurrencesDue(quarterly, '2026-03-31').map((o) => o.occurrence)).toEqual(['2026Q1']);
    // January's (due 05/02) is still within the grace period of a month, so a job that was down still makes it.
    expect(occurrencesDue(monthly, '2026-03-02').map((o) => o.occurrence)).toEqual(['202601', '202602']);
    expect(occurrencesDue(monthly, '2026-03-10').map((o) => o.occurrence)).toEqual(['202602']);
    expect(occurrencesDue({ ...quarterly, startsOn: '2026-05-01' }, '2026-03-31')).toEqual([]);
    expect(occurrencesDue({ ...quarterly, endsOn: '2026-04-09' }, '2026-03-31')).toEqual([]);
  });

  it('problems of a rule', () => {
    expect(recurrenceProblem(yearly)).toBeNull();
    expect(recurrenceProblem({ ...yearly, dueDay: null })).toBe('yearly_needs_day_month');
    expect(recurrenceProblem({ ...quarterly, daysAfter: null })).toBe('needs_days_after');
    expect(recurrenceProblem({ ...quarterly, endsOn: '2025-01-01' })).toBe('ends_before_start');
  });
});

describe('scores', () => {
  const rule = DEFAULT_SCORE_RULE;
  it('on time, late with a floor, quality weighted, open tasks not yet due unscored', () => {
    expect(taskScore({ status: 'done', dueDate: '2026-03-10', completedDate: '2026-03-10', quality: null }, '2026-04-01', rule)).toBe(100);
    expect(taskScore({ status: 'done', dueDate: '2026-03-10', completedDate: '2026-03-14', quality: 3 }, '2026-04-01', rule)).toBe(72);
    expect(taskScore({ status: 'done', dueDate: '2026-03-10', completedDate: '2026-06-10', quality: null }, '2026-07-01', rule)).toBe(20);
    expect(taskScore({ status: 'in_progress', dueDate: '2026-03-10', completedDate: null, quality: null }, '2026-03-10', rule)).toBeNull();
    expect(taskScore({ status: 'in_progress', dueDate: '2026-03-10', completedDate: null, quality: null }, '2026-03-20', rule)).toBe(50);
    expect(taskScore({ status: 'cancelled', dueDate: '2026-03-10', completedDate: null, quality: null }, '2026-03-20', rule)).toBeNull();
    expect(lateDays({ status: 'done', dueDate: '2026-03-10', completedDate: '2026-03-09' }, '2026-04-01')).toBe(0);
  });
});
