// Which (form, period, level) pairs the attention lists look at, and the due instants
// per level — by the shared engine, in Vietnam time.
import { describe, expect, it } from 'vitest';
import { attentionCandidates, duesFor } from './due-instants.ts';

const rule = (over: Partial<{ form_id: string; unit_kind: 'commune' | 'province' | 'nation'; days_after_end: number | null; fixed_month: number | null; fixed_day: number | null; year_offset: number }>) => ({
  form_id: '1',
  unit_kind: 'commune' as const,
  days_after_end: 10,
  fixed_month: null,
  fixed_day: null,
  year_offset: 0,
  ...over,
});
const quarterly = { id: '1', period_type: 'quarter' as const, lock_days_after_due: 30 };
const yearly = { id: '2', period_type: 'year' as const, lock_days_after_due: null };

describe('duesFor', () => {
  it('gives each level its due instant, 23:59:59.999 at UTC+7 on the due day', () => {
    expect(duesFor('2026Q1', [rule({}), rule({ unit_kind: 'province', days_after_end: 20 })]).map((d) => [d.kind, d.dueAt.toISOString()])).toEqual([
      ['commune', '2026-04-10T16:59:59.999Z'],
      ['province', '2026-04-20T16:59:59.999Z'],
    ]);
  });
});

describe('attentionCandidates', () => {
  it('takes the current period when it is due within the window, and stops at locked periods', () => {
    const c = attentionCandidates([quarterly], [rule({})], new Date('2026-04-05T00:00:00Z'), 7);
    expect(c.map((x) => [x.period, x.kind, x.dueAt.toISOString()])).toEqual([['2026Q1', 'commune', '2026-04-10T16:59:59.999Z']]);
    expect(attentionCandidates([quarterly], [rule({})], new Date('2026-04-05T00:00:00Z'), 3)).toEqual([]);
    // 2026-03-02: 2026Q1 is due in April, 2025Q4 is locked (09/02/2026).
    expect(attentionCandidates([quarterly], [rule({})], new Date('2026-03-02T02:00:00Z'), 7)).toEqual([]);
  });

  it('keeps a past-due period until it locks, at the exact lock instant', () => {
    // 2026Q1 locks 30 days after 10/04/2026: end of 10/05/2026 in Vietnam = 2026-05-10T16:59:59.999Z.
    const before = attentionCandidates([quarterly], [rule({})], new Date('2026-05-10T16:59:59.999Z'), 7);
    expect(before.map((x) => x.period)).toContain('2026Q1');
    const after = attentionCandidates([quarterly], [rule({})], new Date('2026-05-10T17:00:00.000Z'), 7);
    expect(after.map((x) => x.period)).not.toContain('2026Q1');
  });

  it('looks back one year for forms that never lock', () => {
    const c = attentionCandidates([yearly], [rule({ form_id: '2', unit_kind: 'province', days_after_end: null, fixed_month: 12, fixed_day: 15 })], new Date('2026-04-05T00:00:00Z'), 7);
    expect(c.map((x) => [x.period, x.dueAt.toISOString()])).toEqual([['2025', '2025-12-15T16:59:59.999Z']]);
  });
});
