// What the Data Visualizer shows, kept in the URL so a table or chart can be bookmarked
// and shared (as DHIS2's data entry keeps its form context there): the analytics request
// in the API's own query-string form (dx=a;b, pe, ou, co=SEX,ETHNIC:KINH;TAY, rows,
// columns, filters, hierarchy, approvedOnly), plus the display (table or chart, chart
// type, totals, empty rows, sort), where a drill-down started, and the favourite opened.
import type { AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { isChartType, type ChartType } from './chart-options';

export type Axis = 'rows' | 'columns' | 'filters';
export const AXES: readonly Axis[] = ['rows', 'columns', 'filters'];

export interface Layout {
  rows: string[];
  columns: string[];
  filters: string[];
}

export interface VisualizerState {
  dx: string[];
  pe: string[];
  ou: string[];
  categories: { code: string; options?: string[] }[];
  layout: Layout;
  hierarchy: '2025' | 'pre2025';
  approvedOnly: boolean;
  view: 'table' | 'chart';
  chartType: ChartType;
  showTotals: boolean;
  hideEmptyRows: boolean;
  sort: { by: string; direction: 'asc' | 'desc' } | null;
  /** The unit items chosen before drilling down (the breadcrumb's first step). */
  drillFrom: string[] | null;
  /** The favourite opened (saving replaces it). */
  favourite: string | null;
}

export const DEFAULT_PERIODS = ['LAST_4_QUARTERS'];
export const DEFAULT_UNITS = ['USER_ORGUNIT_CHILDREN'];

const list = (v: string | null) => (v ?? '').split(';').map((s) => s.trim()).filter(Boolean);
const dims = (v: string | null) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
/** Column keys join their items with \u0001 (pivot-model); the URL carries them with ~. */
const SORT_SEP = '~';

export function dimensionsOf(s: Pick<VisualizerState, 'categories'>): string[] {
  return ['dx', 'pe', 'ou', ...s.categories.map((c) => c.code)];
}

/** Each dimension exactly once: unknown ones dropped, missing ones added (units to rows, the rest to columns). */
export function normalizeLayout(layout: Layout, all: string[]): Layout {
  const seen = new Set<string>();
  const keep = (xs: string[]) =>
    xs.filter((d) => {
      if (!all.includes(d) || seen.has(d)) return false;
      seen.add(d);
      return true;
    });
  const out = { rows: keep(layout.rows), columns: keep(layout.columns), filters: keep(layout.filters) };
  for (const d of all) {
    if (seen.has(d)) continue;
    if (d === 'ou') out.rows.push(d);
    else out.columns.push(d);
  }
  return out;
}

/** Move a dimension to an axis, before another dimension or at the end. */
export function moveDimension(layout: Layout, dim: string, to: Axis, before?: string | null): Layout {
  const without: Layout = { rows: layout.rows.filter((d) => d !== dim), columns: layout.columns.filter((d) => d !== dim), filters: layout.filters.filter((d) => d !== dim) };
  const target = [...without[to]];
  const at = before ? target.indexOf(before) : -1;
  if (at >= 0) target.splice(at, 0, dim);
  else target.push(dim);
  return { ...without, [to]: target };
}

/** Move a dimension one place earlier or later within its axis (the keyboard's way to reorder). */
export function shiftDimension(layout: Layout, dim: string, by: -1 | 1): Layout {
  const axis = AXES.find((a) => layout[a].includes(dim));
  if (!axis) return layout;
  const xs = [...layout[axis]];
  const i = xs.indexOf(dim);
  const j = i + by;
  if (j < 0 || j >= xs.length) return layout;
  [xs[i], xs[j]] = [xs[j], xs[i]];
  return { ...layout, [axis]: xs };
}

export function axisOf(layout: Layout, dim: string): Axis | null {
  return AXES.find((a) => layout[a].includes(dim)) ?? null;
}

export function parseState(params: URLSearchParams): VisualizerState {
  const categories = dims(params.get('co')).map((c) => {
    const [code, opts] = c.split(':');
    const options = list(opts ?? null);
    return options.length > 0 ? { code, options } : { code };
  });
  const base = { categories };
  const layout = normalizeLayout({ rows: dims(params.get('rows')), columns: dims(params.get('columns')), filters: dims(params.get('filters')) }, dimensionsOf(base));
  const hasLayout = params.has('rows') || params.has('columns') || params.has('filters');
  const sortRaw = params.get('sort');
  const sortDir = sortRaw?.startsWith('asc:') ? 'asc' : sortRaw?.startsWith('desc:') ? 'desc' : null;
  const chart = params.get('chart');
  const from = params.get('from');
  return {
    dx: list(params.get('dx')),
    pe: params.has('pe') ? list(params.get('pe')) : DEFAULT_PERIODS,
    ou: params.has('ou') ? list(params.get('ou')) : DEFAULT_UNITS,
    categories,
    // By default: units down the side, data and periods across.
    layout: hasLayout ? layout : normalizeLayout({ rows: ['ou'], columns: ['dx', 'pe'], filters: [] }, dimensionsOf(base)),
    hierarchy: params.get('hierarchy') === 'pre2025' ? 'pre2025' : '2025',
    approvedOnly: params.get('approvedOnly') === 'true',
    view: params.get('view') === 'chart' ? 'chart' : 'table',
    chartType: isChartType(chart) ? chart : 'column',
    showTotals: params.get('totals') !== 'false',
    hideEmptyRows: params.get('hideEmpty') === 'true',
    sort: sortRaw && sortDir ? { direction: sortDir, by: sortRaw.slice(sortDir.length + 1).split(SORT_SEP).join('\u0001') } : null,
    drillFrom: from === null ? null : list(from),
    favourite: params.get('fav'),
  };
}

export function stateParams(s: VisualizerState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.dx.length > 0) p.set('dx', s.dx.join(';'));
  p.set('pe', s.pe.join(';'));
  p.set('ou', s.ou.join(';'));
  if (s.categories.length > 0) p.set('co', s.categories.map((c) => (c.options?.length ? `${c.code}:${c.options.join(';')}` : c.code)).join(','));
  p.set('rows', s.layout.rows.join(','));
  p.set('columns', s.layout.columns.join(','));
  p.set('filters', s.layout.filters.join(','));
  if (s.hierarchy !== '2025') p.set('hierarchy', s.hierarchy);
  if (s.approvedOnly) p.set('approvedOnly', 'true');
  if (s.view !== 'table') p.set('view', s.view);
  if (s.view === 'chart' || s.chartType !== 'column') p.set('chart', s.chartType);
  if (!s.showTotals) p.set('totals', 'false');
  if (s.hideEmptyRows) p.set('hideEmpty', 'true');
  if (s.sort) p.set('sort', `${s.sort.direction}:${s.sort.by.split('\u0001').join(SORT_SEP)}`);
  if (s.drillFrom) p.set('from', s.drillFrom.join(';'));
  if (s.favourite) p.set('fav', s.favourite);
  return p;
}

/** The request for the table (totals as chosen) or a chart (no totals: a chart shows the parts). */
export function toRequest(s: VisualizerState, forChart = false): AnalyticsRequestInput {
  return {
    dx: s.dx,
    pe: s.pe,
    ou: s.ou,
    categories: s.categories,
    rows: s.layout.rows,
    columns: s.layout.columns,
    filters: s.layout.filters,
    hierarchy: s.hierarchy,
    approvedOnly: s.approvedOnly,
    totals: forChart ? false : s.showTotals,
  };
}

/** The request in the API's query-string form (GET /api/analytics), every axis written out, even empty. */
export function requestQueryString(r: AnalyticsRequestInput, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  p.set('dx', r.dx.join(';'));
  p.set('pe', r.pe.join(';'));
  p.set('ou', r.ou.join(';'));
  const co = (r.categories ?? []).map((c) => (c.options?.length ? `${c.code}:${c.options.join(';')}` : c.code)).join(',');
  if (co) p.set('co', co);
  p.set('rows', (r.rows ?? []).join(','));
  p.set('columns', (r.columns ?? []).join(','));
  p.set('filters', (r.filters ?? []).join(','));
  if (r.hierarchy && r.hierarchy !== '2025') p.set('hierarchy', r.hierarchy);
  if (r.approvedOnly) p.set('approvedOnly', 'true');
  if (r.totals) p.set('totals', 'true');
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/** Drill into a unit's children; the first drill remembers the original unit choice. */
export function drillDown(s: VisualizerState, unitId: string): VisualizerState {
  return { ...s, ou: [`CHILDREN-${unitId}`], drillFrom: s.drillFrom ?? s.ou, sort: null };
}

/** Back up to an ancestor's children, or (null) to the original choice. */
export function drillTo(s: VisualizerState, unitId: string | null): VisualizerState {
  if (unitId === null) return { ...s, ou: s.drillFrom ?? s.ou, drillFrom: null, sort: null };
  return { ...s, ou: [`CHILDREN-${unitId}`], sort: null };
}

/** The unit whose children are shown after a drill-down. */
export function drilledUnit(s: Pick<VisualizerState, 'ou' | 'drillFrom'>): string | null {
  if (!s.drillFrom || s.ou.length !== 1) return null;
  const m = /^CHILDREN-(\d+)$/.exec(s.ou[0]);
  return m ? m[1] : null;
}
