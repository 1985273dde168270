import { describe, expect, it } from 'vitest';
import type { AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { bubbleRadius, classBreaks, classIndex, classify, legendItems, NO_DATA_COLOR, parseBreaks, TARGET_COLORS, valuesByUnit } from './map-model';

const labels = { noData: 'Không có số liệu', noTarget: 'Chưa có chỉ tiêu', target: { meeting: 'Đạt', near: 'Gần đạt', below: 'Chưa đạt' } };

describe('classBreaks', () => {
  it('cuts equal intervals between the extremes', () => {
    expect(classBreaks([0, 10, 5, 2], 'equal', 5)).toEqual([0, 2, 4, 6, 8, 10]);
  });
  it('cuts quantiles so classes hold about as many units, collapsing equal breaks', () => {
    expect(classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9], 'quantile', 4)).toEqual([1, 3, 5, 7, 9]);
    expect(classBreaks([1, 1, 1, 1, 9], 'quantile', 4)).toEqual([1, 9]);
    expect(classBreaks([21.9, 23.1], 'quantile', 5)).toEqual([21.9, 22.5, 23.1]);
  });
  it('puts fixed breaks between the data extremes', () => {
    expect(classBreaks([12, 70, 95], 'fixed', 0, [50, 80])).toEqual([12, 50, 80, 95]);
    expect(classBreaks([60], 'fixed', 0, [50, 80])).toEqual([50, 50, 80, 80]);
  });
  it('is empty without values and one class when all are equal', () => {
    expect(classBreaks([], 'equal', 5)).toEqual([]);
    expect(classBreaks([3, 3], 'quantile', 5)).toEqual([3, 3]);
  });
});

describe('classIndex', () => {
  it('puts a value on a break in the class above, and the maximum in the last class', () => {
    const b = [0, 2, 4, 6];
    expect([0, 1.9, 2, 5.9, 6].map((v) => classIndex(v, b))).toEqual([0, 0, 1, 2, 2]);
  });
});

describe('legendItems', () => {
  it('labels classes the Vietnamese way with counts, then units without data', () => {
    expect(legendItems([0, 1234.5, 2500], ['#a', '#b'], [10, 2000, 2500, null], 'vi', 1, 'Không có số liệu')).toEqual([
      { color: '#a', label: '0 – 1.234,5', count: 1 },
      { color: '#b', label: '1.234,5 – 2.500', count: 2 },
      { color: NO_DATA_COLOR, label: 'Không có số liệu', count: 1 },
    ]);
  });
});

const response = (rows: AnalyticsResponse['rows'], targets: AnalyticsResponse['metaData']['targets'] = []): AnalyticsResponse => ({
  request: { dx: [], pe: [], ou: [], categories: [], rows: [], columns: [], filters: [], hierarchy: '2025', approvedOnly: false, totals: false },
  headers: ['ou', 'dx', 'pe', 'value'],
  rows,
  metaData: { dx: {}, pe: {}, ou: {}, categories: {}, dimensions: {}, targets },
});

describe('valuesByUnit and classify', () => {
  const res = response(
    [
      { ou: '1', dx: 'in:TL', pe: '2025Q3', value: 97 },
      { ou: '2', dx: 'in:TL', pe: '2025Q3', value: 80 },
      { ou: '2', dx: 'in:TL', pe: '2025Q2', value: 50 },
      { ou: 'TOTAL', dx: 'in:TL', pe: '2025Q3', value: 90 },
      { ou: '3', dx: 'in:TL', pe: '2025Q3', value: null },
    ],
    [
      { dx: 'in:TL', ou: '1', pe: '2025Q3', value: 98, unitId: '0', period: '2025' },
      { dx: 'in:TL', ou: '2', pe: '2025Q3', value: 98, unitId: '0', period: '2025' },
    ],
  );

  it('joins rows of the chosen item and period to units, with their targets', () => {
    const v = valuesByUnit(res, 'in:TL', '2025Q3');
    expect([...v.entries()]).toEqual([
      ['1', { value: 97, target: 98 }],
      ['2', { value: 80, target: 98 }],
      ['3', { value: null, target: null }],
    ]);
  });

  it('colours by target bands (higher is better: within 10 % below is near)', () => {
    const c = classify(['1', '2', '3', '4'], valuesByUnit(res, 'in:TL', '2025Q3'), { method: 'target', classes: 5, fixed: [], direction: 'higher', decimals: 1, lang: 'vi', labels });
    expect(c.styled.get('1')).toMatchObject({ status: 'near', color: TARGET_COLORS.near });
    expect(c.styled.get('2')).toMatchObject({ status: 'below', color: TARGET_COLORS.below });
    expect(c.styled.get('4')).toMatchObject({ status: null, color: NO_DATA_COLOR });
    expect(c.legend.map((l) => [l.label, l.count])).toEqual([['Đạt', 0], ['Gần đạt', 1], ['Chưa đạt', 1], ['Chưa có chỉ tiêu', 2]]);
  });

  it('colours by classes, missing units grey', () => {
    const c = classify(['1', '2', '3'], valuesByUnit(res, 'in:TL', '2025Q3'), { method: 'equal', classes: 3, fixed: [], direction: 'higher', decimals: 1, lang: 'vi', labels });
    expect(c.breaks).toEqual([80, 80 + 17 / 3, 80 + 34 / 3, 97]);
    expect(c.styled.get('3')!.color).toBe(NO_DATA_COLOR);
    expect(c.styled.get('1')!.color).not.toBe(c.styled.get('2')!.color);
    expect(c.legend.at(-1)).toEqual({ color: NO_DATA_COLOR, label: 'Không có số liệu', count: 1 });
  });
});

describe('bubbleRadius and parseBreaks', () => {
  it('scales bubbles by area', () => {
    expect(bubbleRadius(100, 100)).toBe(28);
    expect(bubbleRadius(25, 100)).toBe(14);
    expect(bubbleRadius(null, 100)).toBe(0);
  });
  it('reads breaks the way the language writes numbers', () => {
    expect(parseBreaks('10; 20,5; 1.000', 'vi')).toEqual([10, 20.5, 1000]);
    expect(parseBreaks('10, 20.5, 1000', 'en')).toEqual([10, 20.5, 1000]);
    expect(parseBreaks('10; abc', 'vi')).toBeNull();
  });
});
