// The dashboard grid's rules and the dashboard filters, as the web and the server apply them.
import { describe, expect, it } from 'vitest';
import { analyticsRequest } from './analytics.ts';
import { applyDashboardFilters, type DashboardItemInput, layoutProblem, visualizationBody } from './dashboards.ts';

const text = (id: string, x: number, y: number, w: number, h: number): DashboardItemInput => ({ id, type: 'text', text: 'x', x, y, w, h });

describe('layoutProblem', () => {
  it('accepts items side by side and touching edges', () => {
    expect(layoutProblem([text('a', 0, 0, 6, 2), text('b', 6, 0, 6, 2), text('c', 0, 2, 12, 3)])).toBeNull();
    expect(layoutProblem([])).toBeNull();
  });
  it('refuses overlaps, naming the later item and the one it covers', () => {
    expect(layoutProblem([text('a', 0, 0, 6, 2), text('b', 5, 1, 2, 2)])).toEqual({ code: 'dashboard_items_overlap', index: 1, params: { item: 'b', other: 'a' } });
    expect(layoutProblem([text('a', 0, 0, 12, 10), text('b', 3, 3, 1, 1)])?.code).toBe('dashboard_items_overlap');
  });
  it('refuses items outside the 12-column grid or too tall', () => {
    for (const it of [text('a', 11, 0, 2, 1), text('a', -1, 0, 1, 1), text('a', 0, -1, 1, 1), text('a', 0, 0, 0, 1), text('a', 0, 0, 1, 41), text('a', 0, 199, 1, 2)]) {
      expect(layoutProblem([it])?.code).toBe('dashboard_item_out_of_grid');
    }
  });
  it('refuses duplicate ids and fields that do not fit the type', () => {
    expect(layoutProblem([text('a', 0, 0, 1, 1), text('a', 2, 0, 1, 1)])?.code).toBe('dashboard_item_duplicate');
    expect(layoutProblem([{ id: 'v', type: 'visualization', x: 0, y: 0, w: 1, h: 1 }])?.code).toBe('dashboard_item_invalid');
    expect(layoutProblem([{ id: 'v', type: 'visualization', visualizationId: '1', text: 'x', x: 0, y: 0, w: 1, h: 1 }])?.code).toBe('dashboard_item_invalid');
    expect(layoutProblem([{ id: 't', type: 'text', text: '  ', x: 0, y: 0, w: 1, h: 1 }])?.code).toBe('dashboard_item_invalid');
    expect(layoutProblem([{ id: 'l', type: 'late_units', visualizationId: '1', x: 0, y: 0, w: 1, h: 1 }])?.code).toBe('dashboard_item_invalid');
    expect(layoutProblem([{ id: 'l', type: 'late_units', formId: '3', x: 0, y: 0, w: 1, h: 1 }])).toBeNull();
  });
});

describe('applyDashboardFilters', () => {
  const base = analyticsRequest.parse({ dx: ['in:TL_KHAM_THAI'], pe: ['LAST_4_QUARTERS'], ou: ['USER_ORGUNIT', 'USER_ORGUNIT_CHILDREN', '12', 'LEVEL-commune'] });
  it('replaces periods and units, keeps levels', () => {
    const r = applyDashboardFilters(base, { period: '2025', unitId: '52' });
    expect(r.pe).toEqual(['2025']);
    expect(r.ou).toEqual(['52', 'CHILDREN-52', 'LEVEL-commune']);
    expect(r.dx).toEqual(base.dx);
  });
  it('changes nothing without filters; bounds a level-only request by the unit', () => {
    expect(applyDashboardFilters(base, {})).toEqual(base);
    const level = analyticsRequest.parse({ dx: ['in:TL_KHAM_THAI'], pe: ['2025'], ou: ['LEVEL-province'] });
    expect(applyDashboardFilters(level, { unitId: '1' }).ou).toEqual(['1', 'LEVEL-province']);
  });
});

describe('visualizationBody', () => {
  it('fills display defaults and keeps map layers open but plain', () => {
    const pivot = visualizationBody.parse({ type: 'pivot', name: ' Bảng ', config: { request: { dx: ['in:A'], pe: ['2025'], ou: ['USER_ORGUNIT'] } } });
    expect(pivot.name).toBe('Bảng');
    expect(pivot.config.options).toEqual({ hideEmptyRows: false, showTotals: false, sort: null });
    const map = { type: 'map', name: 'Bản đồ', config: { request: { dx: ['in:A'], pe: ['2025'], ou: ['USER_ORGUNIT'] }, options: { layers: [{ kind: 'thematic', palette: 'reds', radius: 4 }] } } };
    expect(visualizationBody.safeParse(map).success).toBe(true);
    expect(visualizationBody.safeParse({ ...map, config: { ...map.config, options: { layers: [{ kind: 'thematic', nested: { a: 1 } }] } } }).success).toBe(false);
    expect(visualizationBody.safeParse({ ...map, config: { ...map.config, options: { layers: [] } } }).success).toBe(false);
  });
});
