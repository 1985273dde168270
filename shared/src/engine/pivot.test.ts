import { describe, expect, it } from 'vitest';
import { TOTAL, type AnalyticsResponse } from '../schemas/analytics.ts';
import { itemName, pivotMatrix } from './pivot.ts';

const meta: AnalyticsResponse['metaData'] = {
  dx: { 'in:A': { kind: 'indicator', code: 'A', name: 'Tỷ lệ A', decimals: 1 }, 'de:B': { kind: 'dataElement', code: 'B', name: 'Số B', decimals: 0 } },
  pe: { '2025Q1': { name: 'Quý 1/2025', type: 'quarter', start: '2025-01-01', end: '2025-03-31' }, '2025Q2': { name: 'Quý 2/2025', type: 'quarter', start: '2025-04-01', end: '2025-06-30' } },
  ou: {
    '1': { code: '52', name: 'Tỉnh Gia Lai', kind: 'province', level: 1, hierarchy: '2025', hasChildren: true, parentId: null, path: [], point: null },
    '2': { code: '51', name: 'Tỉnh Quảng Ngãi', kind: 'province', level: 1, hierarchy: '2025', hasChildren: true, parentId: null, path: [], point: null },
  },
  categories: {},
  dimensions: { dx: ['in:A', 'de:B'], pe: ['2025Q1', '2025Q2'], ou: ['1', '2'] },
  targets: [],
};

const request = (rows: string[], columns: string[]): AnalyticsResponse['request'] => ({
  dx: ['in:A', 'de:B'], pe: ['2025Q1', '2025Q2'], ou: ['1', '2'], categories: [], rows, columns, filters: [], hierarchy: '2025', approvedOnly: false, totals: true,
});

describe('pivotMatrix', () => {
  it('orders rows and columns by the dimensions’ item order, totals last, and places every value', () => {
    const rows = [
      { ou: TOTAL, dx: 'in:A', pe: '2025Q1', value: 50 },
      { ou: '2', dx: 'in:A', pe: '2025Q1', value: 40 },
      { ou: '1', dx: 'in:A', pe: '2025Q2', value: 61.5 },
      { ou: '1', dx: 'in:A', pe: '2025Q1', value: 60 },
      { ou: '1', dx: 'de:B', pe: '2025Q1', value: 1234 },
    ];
    const m = pivotMatrix({ request: request(['ou'], ['dx', 'pe']), rows, metaData: meta });
    expect(m.rows).toEqual([['1'], ['2'], [TOTAL]]);
    expect(m.cols).toEqual([['in:A', '2025Q1'], ['in:A', '2025Q2'], ['de:B', '2025Q1']]);
    expect(m.cells).toEqual([
      [60, 61.5, 1234],
      [40, null, null],
      [50, null, null],
    ]);
  });

  it('hides rows without any value when asked', () => {
    const rows = [{ ou: '2', dx: 'in:A', pe: '2025Q1', value: null }, { ou: '1', dx: 'in:A', pe: '2025Q1', value: 3 }];
    const m = pivotMatrix({ request: request(['ou'], ['dx', 'pe']), rows, metaData: meta }, { hideEmptyRows: true });
    expect(m.rows).toEqual([['1']]);
  });

  it('names items from the metadata, and totals in the user’s language', () => {
    const res = { metaData: meta };
    expect(itemName(res, 'ou', '1')).toBe('Tỉnh Gia Lai');
    expect(itemName(res, 'pe', '2025Q2')).toBe('Quý 2/2025');
    expect(itemName(res, 'ou', TOTAL)).toBe('Tổng');
    expect(itemName(res, 'ou', TOTAL, 'en')).toBe('Total');
  });
});
