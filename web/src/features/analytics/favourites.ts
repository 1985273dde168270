// A favourite and the visualizer's state, both ways: a pivot keeps its request (with
// totals as shown) and its display (empty rows, totals, sort); a chart keeps its request
// (without totals) and its chart type.
import type { VisualizationBody, VisualizationView } from '../dashboards/api';
import { dimensionsOf, normalizeLayout, parseState, toRequest, type VisualizerState } from './analytics-state';
import { isChartType } from './chart-options';

export function favouriteBody(s: VisualizerState, name: string): VisualizationBody {
  if (s.view === 'chart') {
    return { type: 'chart', name, config: { request: toRequest(s, true), options: { chartType: s.chartType, showTargets: true, targetLines: [] } } };
  }
  return { type: 'pivot', name, config: { request: toRequest(s, false), options: { hideEmptyRows: s.hideEmptyRows, showTotals: s.showTotals, sort: s.sort } } };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The state a favourite opens in (a map opens as its table). */
export function stateFromFavourite(v: Pick<VisualizationView, 'id' | 'type' | 'config'>): VisualizerState {
  const r = v.config.request;
  const o = v.config.options;
  const base = parseState(new URLSearchParams());
  const categories = Array.isArray(r.categories)
    ? (r.categories as { code?: unknown; options?: unknown }[])
        .filter((c) => typeof c.code === 'string')
        .map((c) => (Array.isArray(c.options) && c.options.length > 0 ? { code: c.code as string, options: strings(c.options) } : { code: c.code as string }))
    : [];
  const layout = normalizeLayout({ rows: strings(r.rows), columns: strings(r.columns), filters: strings(r.filters) }, dimensionsOf({ categories }));
  const sort = o.sort && typeof o.sort === 'object' ? (o.sort as { by?: unknown; direction?: unknown }) : null;
  return {
    ...base,
    dx: strings(r.dx),
    pe: strings(r.pe),
    ou: strings(r.ou),
    categories,
    layout,
    hierarchy: r.hierarchy === 'pre2025' ? 'pre2025' : '2025',
    approvedOnly: r.approvedOnly === true,
    view: v.type === 'chart' ? 'chart' : 'table',
    chartType: isChartType(o.chartType) ? o.chartType : 'column',
    showTotals: v.type === 'chart' ? true : o.showTotals !== false && r.totals !== false,
    hideEmptyRows: o.hideEmptyRows === true,
    sort: sort && typeof sort.by === 'string' && (sort.direction === 'asc' || sort.direction === 'desc') ? { by: sort.by, direction: sort.direction } : null,
    drillFrom: null,
    favourite: v.id,
  };
}
