import { describe, expect, it } from 'vitest';
import { curveProblems, DEFAULT_PLAN_CURVE, disbursementRate, expectedShare, milestoneDate, passedMilestones, planMonths } from './disbursement.ts';

describe('disbursement plan curve', () => {
  it('goes from 0 on 1 January through the milestones, straight between them', () => {
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2025-12-31')).toBe(0);
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2026-06-30')).toBe(30);
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2026-09-30')).toBe(60);
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2026-12-31')).toBe(90);
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2027-01-31')).toBe(100);
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2027-05-01')).toBe(100);
    // Half-way between 30/6 (30 %) and 30/9 (60 %): 15/8 is day 46 of 92.
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2026-08-15')).toBeCloseTo(45, 0);
    // 1/1 is one day of 181 to 30/6.
    expect(expectedShare(DEFAULT_PLAN_CURVE, 2026, '2026-01-01')).toBeCloseTo(30 / 181, 2);
  });

  it('dates milestones in the capital year or the next, clamping the day to the month', () => {
    expect(DEFAULT_PLAN_CURVE.map((m) => milestoneDate(2026, m))).toEqual(['2026-06-30', '2026-09-30', '2026-12-31', '2027-01-31']);
    expect(milestoneDate(2025, { month: 2, day: 29, nextYear: false, share: 10 })).toBe('2025-02-28');
  });

  it('counts a milestone as passed from the next day (Vietnam calendar date)', () => {
    expect(passedMilestones(DEFAULT_PLAN_CURVE, 2026, '2026-06-30')).toEqual([]);
    expect(passedMilestones(DEFAULT_PLAN_CURVE, 2026, '2026-07-01').map((m) => m.share)).toEqual([30]);
    expect(passedMilestones(DEFAULT_PLAN_CURVE, 2026, '2027-02-01')).toHaveLength(4);
  });

  it('draws the months from January to the last milestone', () => {
    const months = planMonths(DEFAULT_PLAN_CURVE, 2026);
    expect(months[0]).toEqual({ month: '2026-01', expected: expect.closeTo(5.14, 1) });
    expect(months.find((m) => m.month === '2026-06')!.expected).toBe(30);
    expect(months[months.length - 1]).toEqual({ month: '2027-01', expected: 100 });
    expect(months).toHaveLength(13);
  });

  it('refuses curves out of order, going down, or with impossible dates', () => {
    expect(curveProblems(DEFAULT_PLAN_CURVE)).toEqual([]);
    expect(curveProblems([])).toHaveLength(1);
    expect(curveProblems([{ month: 9, day: 30, nextYear: false, share: 60 }, { month: 6, day: 30, nextYear: false, share: 70 }])[0]).toContain('phải sau');
    expect(curveProblems([{ month: 6, day: 30, nextYear: false, share: 60 }, { month: 9, day: 30, nextYear: false, share: 50 }])[0]).toContain('không được nhỏ hơn');
    expect(curveProblems([{ month: 2, day: 31, nextYear: false, share: 10 }])[0]).toContain('không hợp lệ');
  });

  it('rates disbursed against allocated in %', () => {
    expect(disbursementRate(0, 5)).toBeNull();
    expect(disbursementRate(3000, 1000)).toBe(33.33);
  });
});
