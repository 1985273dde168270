import { describe, expect, it } from 'vitest';
import { applyFilters, itemsToSave, newItemId, placeNewItem, readingOrder, storedRequest } from './dashboard-model';
import type { DashboardItemView } from './api';

const base = { dx: ['in:TL_BHYT'], pe: ['LAST_4_QUARTERS'], ou: ['USER_ORGUNIT_CHILDREN'] };

describe('applyFilters', () => {
  it('replaces periods and the caller-relative units', () => {
    expect(applyFilters(base, {})).toEqual(base);
    expect(applyFilters(base, { period: '2025' }).pe).toEqual(['2025']);
    expect(applyFilters(base, { unitId: '52' }).ou).toEqual(['CHILDREN-52']);
    expect(applyFilters({ ...base, ou: ['USER_ORGUNIT', '79'] }, { unitId: '52' }).ou).toEqual(['52']);
    expect(applyFilters({ ...base, ou: ['LEVEL-commune'] }, { unitId: '52' }).ou).toEqual(['52', 'LEVEL-commune']);
  });
});

describe('storedRequest', () => {
  it('reads a saved pivot with totals and a chart without', () => {
    const config = { request: { ...base, rows: ['ou'], columns: ['pe'], filters: ['dx'], totals: true }, options: { showTotals: true } };
    expect(storedRequest(config, 'pivot')).toMatchObject({ rows: ['ou'], totals: true, hierarchy: '2025' });
    expect(storedRequest(config, 'chart').totals).toBe(false);
  });
});

describe('grid', () => {
  it('orders, places and names items', () => {
    expect(readingOrder([{ x: 6, y: 0 }, { x: 0, y: 8 }, { x: 0, y: 0 }])).toEqual([{ x: 0, y: 0 }, { x: 6, y: 0 }, { x: 0, y: 8 }]);
    expect(placeNewItem([{ x: 0, y: 0, w: 6, h: 8 }, { x: 6, y: 0, w: 6, h: 10 }])).toEqual({ x: 0, y: 10, w: 6, h: 8 });
    expect(newItemId([{ id: 'item-2' }, { id: 'a' }])).toBe('item-3');
  });

  it('saves items with the layout positions and only their own fields', () => {
    const items: DashboardItemView[] = [
      { id: 'a', type: 'visualization', x: 0, y: 0, w: 6, h: 8, text: null, formId: null, visualization: { id: '5', type: 'chart', name: 'x', description: null, config: { request: {}, options: {} } } },
      { id: 'b', type: 'text', x: 6, y: 0, w: 6, h: 4, text: 'Ghi chú', formId: null, visualization: null },
      { id: 'c', type: 'late_units', x: 0, y: 8, w: 12, h: 6, text: null, formId: null, visualization: null },
    ];
    expect(itemsToSave(items, [{ i: 'a', x: 6, y: 4, w: 6, h: 8 }])).toEqual([
      { id: 'a', type: 'visualization', x: 6, y: 4, w: 6, h: 8, visualizationId: '5' },
      { id: 'b', type: 'text', x: 6, y: 0, w: 6, h: 4, text: 'Ghi chú' },
      { id: 'c', type: 'late_units', x: 0, y: 8, w: 12, h: 6 },
    ]);
  });
});
