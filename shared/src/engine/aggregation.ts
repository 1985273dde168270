// Aggregation semantics by type, shared by the server (which keeps partial aggregates in
// PostgreSQL, migration 0007), the reports and the tests' brute-force reference.
//
// A partial aggregate over some values is { sum, cnt, min, max } with weights: sum = Σ w·v,
// cnt = Σ w. Partials combine by adding sum and cnt and taking min/max, so a total is
// own values ⊕ what other units contribute, in any order. For 'last' each source unit
// contributes its latest value in the period (sum = Σ w·last, cnt = Σ w).
import { parentPeriod, periodEndDate, periodType, PERIOD_TYPES, type PeriodLike } from './periods.ts';

export type AggregationType = 'sum' | 'average' | 'last' | 'min' | 'max' | 'count';

export interface Partial {
  sum: number;
  cnt: number;
  min: number | null;
  max: number | null;
}

export const EMPTY_PARTIAL: Readonly<Partial> = Object.freeze({ sum: 0, cnt: 0, min: null, max: null });

/** Below this a count is treated as no data (weights are rounded to 6 decimals). */
const EPSILON = 1e-9;

export function combine(a: Partial, b: Partial): Partial {
  return {
    sum: a.sum + b.sum,
    cnt: a.cnt + b.cnt,
    min: a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min),
    max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
  };
}

/** The partial of one value with a weight. */
export function partialOf(value: number, weight = 1): Partial {
  return { sum: weight * value, cnt: weight, min: value, max: value };
}

/** The figure a user sees for a partial, by the element's aggregation type; null when there is no data. */
export function finalValue(type: AggregationType, p: Partial): number | null {
  if (Math.abs(p.cnt) < EPSILON) return null;
  switch (type) {
    case 'sum':
    case 'last':
      return p.sum;
    case 'average':
      return p.sum / p.cnt;
    case 'count':
      return p.cnt;
    case 'min':
      return p.min;
    case 'max':
      return p.max;
  }
}

/** The period and every coarser period enclosing it: 2025Q3 → [2025Q3, 2025S2, 2025]. */
export function periodRollups(p: PeriodLike): string[] {
  const type = periodType(p);
  const code = typeof p === 'string' ? p : p.code;
  return [code, ...PERIOD_TYPES.slice(PERIOD_TYPES.indexOf(type) + 1).map((t) => parentPeriod(code, t))];
}

/** Whether a value of period `inner` counts in period `outer`. */
export function periodRollsInto(inner: PeriodLike, outer: string): boolean {
  return periodRollups(inner).includes(outer);
}

/**
 * Sort key for 'last': the latest end first, and on the same end the shorter period
 * (the fourth quarter is later news than the year that ends the same day).
 */
export function lastOrderKey(p: PeriodLike): string {
  return periodEndDate(p).replaceAll('-', '') + String(4 - PERIOD_TYPES.indexOf(periodType(p)));
}

/** Roll-up periods a user can ask for from a form of the given period type (itself and coarser). */
export function rollupTypes(formType: ReturnType<typeof periodType>): readonly ReturnType<typeof periodType>[] {
  return PERIOD_TYPES.slice(PERIOD_TYPES.indexOf(formType));
}
