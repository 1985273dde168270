import { describe, expect, it } from 'vitest';
import { elementProblems } from './data-elements.ts';

describe('elementProblems', () => {
  it('accepts a plain count', () => {
    expect(elementProblems({ valueType: 'integer', aggregationType: 'sum', minValue: 0, maxValue: null })).toEqual([]);
  });
  it('limits text and dates to last or count, and numbers-only bounds', () => {
    expect(elementProblems({ valueType: 'date', aggregationType: 'average', minValue: 1, maxValue: null }).map((p) => p.path)).toEqual(['body.aggregationType', 'body.minValue']);
    expect(elementProblems({ valueType: 'text', aggregationType: 'last', minValue: null, maxValue: null })).toEqual([]);
  });
  it('checks integer bounds, percentages and the order of bounds', () => {
    expect(elementProblems({ valueType: 'integer', aggregationType: 'sum', minValue: 0.5, maxValue: 2.5 }).map((p) => p.path)).toEqual(['body.minValue', 'body.maxValue']);
    expect(elementProblems({ valueType: 'percentage', aggregationType: 'average', minValue: -1, maxValue: 101 }).map((p) => p.path)).toEqual(['body.minValue', 'body.maxValue']);
    expect(elementProblems({ valueType: 'number', aggregationType: 'max', minValue: 5, maxValue: 1 }).map((p) => p.path)).toEqual(['body.maxValue']);
  });
});
