import { describe, expect, it } from 'vitest';
import { combine, EMPTY_PARTIAL, finalValue, lastOrderKey, partialOf, periodRollups, periodRollsInto } from './aggregation.ts';

describe('periodRollups', () => {
  it('lists the period and every coarser period enclosing it', () => {
    expect(periodRollups('202508')).toEqual(['202508', '2025Q3', '2025S2', '2025']);
    expect(periodRollups('2025Q2')).toEqual(['2025Q2', '2025S1', '2025']);
    expect(periodRollups('2025S2')).toEqual(['2025S2', '2025']);
    expect(periodRollups('2025')).toEqual(['2025']);
    expect(periodRollsInto('202512', '2025S2')).toBe(true);
    expect(periodRollsInto('202512', '2025S1')).toBe(false);
  });
});

describe('finalValue', () => {
  const values = [partialOf(4), partialOf(10), partialOf(1, 0.5)];
  const p = values.reduce(combine, EMPTY_PARTIAL);
  it('sums, averages by weight, counts, and takes extremes', () => {
    expect(finalValue('sum', p)).toBe(14.5);
    expect(finalValue('last', p)).toBe(14.5);
    expect(finalValue('average', p)).toBeCloseTo(14.5 / 2.5, 12);
    expect(finalValue('count', p)).toBe(2.5);
    expect(finalValue('min', p)).toBe(1);
    expect(finalValue('max', p)).toBe(10);
  });
  it('has no figure without data, however the partials cancelled out', () => {
    expect(finalValue('sum', EMPTY_PARTIAL)).toBeNull();
    expect(finalValue('average', { sum: 1e-17, cnt: 1e-17, min: null, max: null })).toBeNull();
  });
});

describe('lastOrderKey', () => {
  it('puts the latest end first and, on the same end, the shorter period', () => {
    const sorted = ['2025', '2025Q4', '202512', '2025S2', '2025Q3', '202511'].sort((a, b) => lastOrderKey(b).localeCompare(lastOrderKey(a)));
    expect(sorted).toEqual(['202512', '2025Q4', '2025S2', '2025', '202511', '2025Q3']);
  });
});
