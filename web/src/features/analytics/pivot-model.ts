// The pivot table without React: from an analytics answer (long-format rows, the
// server's TOTAL rows, metadata) to a matrix of nested row and column headers with
// their spans, value cells, totals and subtotals, the target status of each cell, and
// the Vietnamese number format. Totals are only ever read from the server's TOTAL rows:
// a ratio's total is the ratio of the totals, so summing cells here would be wrong.
import { targetStatus, TOTAL, type AnalyticsResponse, type TargetStatus } from '@shared/schemas/analytics.ts';
import { periodLabel } from '@shared/engine/periods.ts';
import type { UiLang } from '../../lib/format';

export { TOTAL };
export type { TargetStatus };
export type Meta = AnalyticsResponse['metaData'];

export interface PivotLabels {
  /** A subtotal ("Tổng"). */
  total: string;
  /** The grand total ("Tổng cộng"). */
  grandTotal: string;
  /** The one column when nothing is laid out in columns ("Giá trị"). */
  value: string;
  /** Dimension names: data, period, unit. */
  dx: string;
  pe: string;
  ou: string;
}

export interface HeaderCell {
  key: string;
  dim: string;
  item: string;
  label: string;
  /** Columns (in column headers) or rows (in row headers) it covers. */
  span: number;
  /** Header levels it covers: a total at level 1 of 3 covers 2. */
  depth: number;
  total: boolean;
  /** A unit that opens its children when clicked. */
  drillUnit?: string;
  /** A column header over exactly one column: that column's key (for sorting). */
  leafKey?: string;
}

export interface PivotCell {
  key: string;
  value: number | null;
  text: string;
  total: boolean;
  target?: number;
  status?: TargetStatus;
}

export interface PivotRow {
  key: string;
  tuple: string[];
  /** One entry per row dimension; null where a header above spans over it. */
  headers: (HeaderCell | null)[];
  cells: PivotCell[];
  total: boolean;
}

export interface PivotColumn {
  key: string;
  tuple: string[];
  total: boolean;
}

export interface PivotMatrix {
  rowDims: string[];
  colDims: string[];
  filterDims: string[];
  /** One row of header cells per column dimension (a single "value" row when there is none). */
  columnHeaders: HeaderCell[][];
  columns: PivotColumn[];
  rows: PivotRow[];
  /** Some cell has a target (show the legend). */
  hasTargets: boolean;
  /** The answer holds no value at all. */
  empty: boolean;
}

export interface PivotOptions {
  lang: UiLang;
  labels: PivotLabels;
  hideEmptyRows?: boolean;
  /** Sort the innermost row level by one column's values (the column's key). */
  sort?: { column: string; dir: 'asc' | 'desc' } | null;
}

const SEP = '\u0001';
export const tupleKey = (tuple: readonly string[]): string => tuple.join(SEP);

// ---------------------------------------------------------------------------------
// Labels and numbers

export function dimensionName(dim: string, meta: Meta, labels: PivotLabels): string {
  if (dim === 'dx' || dim === 'pe' || dim === 'ou') return labels[dim];
  return meta.categories[dim]?.name ?? dim;
}

export function itemName(dim: string, item: string, meta: Meta, lang: UiLang, labels: PivotLabels): string {
  if (item === TOTAL) return labels.total;
  switch (dim) {
    case 'dx':
      return meta.dx[item]?.name ?? item;
    case 'pe':
      if (meta.pe[item]?.name) return meta.pe[item].name;
      try {
        return periodLabel(item, lang);
      } catch {
        return item;
      }
    case 'ou':
      return meta.ou[item]?.name ?? item;
    default:
      return meta.categories[dim]?.options[item]?.name ?? item;
  }
}

/** The items of a dimension in display order: the metadata's order, else as the rows bring them. */
export function dimensionItems(response: AnalyticsResponse, dim: string): string[] {
  const listed = response.metaData.dimensions[dim];
  if (listed && listed.length > 0) return listed.filter((i) => i !== TOTAL);
  const fromRequest =
    dim === 'dx' || dim === 'pe' || dim === 'ou' ? response.request[dim] : response.request.categories.find((c) => c.code === dim)?.options;
  if (fromRequest && fromRequest.length > 0) return fromRequest;
  const seen: string[] = [];
  for (const r of response.rows) {
    const v = r[dim];
    if (v !== undefined && v !== null && v !== TOTAL && !seen.includes(String(v))) seen.push(String(v));
  }
  return seen;
}

const formatters = new Map<string, Intl.NumberFormat>();
/** 1.234,5 in Vietnamese, 1,234.5 in English, with exactly `decimals` decimals. */
export function formatValue(value: number | null | undefined, decimals: number, lang: UiLang): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const d = Math.max(0, Math.min(6, decimals));
  const key = `${lang}:${d}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    formatters.set(key, f);
  }
  return f.format(value);
}

/** Decimals for a data item; TOTAL or unknown: the largest of the items shown. */
export function decimalsOf(dx: string | undefined, meta: Meta): number {
  if (dx && dx !== TOTAL && meta.dx[dx]) return meta.dx[dx].decimals;
  const all = Object.values(meta.dx).map((d) => d.decimals);
  return all.length > 0 ? Math.max(...all) : 0;
}

// ---------------------------------------------------------------------------------
// Cell context: which data item, unit and period a cell stands for

export interface CellContext {
  dx?: string;
  ou?: string;
  pe?: string;
}

/** A filter dimension with exactly one item fixes that item for every cell. */
function filterItems(response: AnalyticsResponse): Record<string, string> {
  const fixed: Record<string, string> = {};
  for (const dim of response.request.filters) {
    const items = dimensionItems(response, dim);
    if (items.length === 1) fixed[dim] = items[0];
  }
  return fixed;
}

export function cellContext(dims: string[], tuple: string[], fixed: Record<string, string>): CellContext {
  const at = (d: 'dx' | 'ou' | 'pe') => {
    const i = dims.indexOf(d);
    return i >= 0 ? tuple[i] : fixed[d];
  };
  return { dx: at('dx'), ou: at('ou'), pe: at('pe') };
}

export type TargetLookup = (ctx: CellContext) => { target: number; direction: 'higher' | 'lower' } | undefined;

/** Targets by (dx, ou, pe); the direction comes from the data item (indicators only). */
export function targetLookup(meta: Meta): TargetLookup {
  const byKey = new Map(meta.targets.map((t) => [`${t.dx}|${t.ou}|${t.pe}`, t.value]));
  return (ctx) => {
    if (!ctx.dx || !ctx.ou || !ctx.pe) return undefined;
    const direction = meta.dx[ctx.dx]?.direction;
    if (!direction) return undefined;
    const target = byKey.get(`${ctx.dx}|${ctx.ou}|${ctx.pe}`);
    return target === undefined ? undefined : { target, direction };
  };
}

// ---------------------------------------------------------------------------------
// The values, keyed by the row and column tuples

export interface ValueIndex {
  get(rowTuple: string[], colTuple: string[]): number | null;
  /** Row (or column) tuples that occur in the answer, for deciding which total lines exist. */
  rowPresent: Set<string>;
  colPresent: Set<string>;
}

export function indexValues(response: AnalyticsResponse, rowDims: string[], colDims: string[]): ValueIndex {
  const values = new Map<string, number | null>();
  const rowPresent = new Set<string>();
  const colPresent = new Set<string>();
  const item = (r: AnalyticsResponse['rows'][number], d: string) => {
    const v = r[d];
    return v === undefined || v === null ? TOTAL : String(v);
  };
  for (const r of response.rows) {
    const rt = rowDims.map((d) => item(r, d));
    const ct = colDims.map((d) => item(r, d));
    const raw = r.value;
    const value = typeof raw === 'number' ? raw : raw === null || raw === undefined || raw === '' ? null : Number(raw);
    values.set(tupleKey(rt) + SEP + SEP + tupleKey(ct), value === null || Number.isNaN(value) ? null : value);
    rowPresent.add(tupleKey(rt));
    colPresent.add(tupleKey(ct));
  }
  return {
    get: (rt, ct) => values.get(tupleKey(rt) + SEP + SEP + tupleKey(ct)) ?? null,
    rowPresent,
    colPresent,
  };
}

/**
 * The tuples of a header axis in nested order: every combination of the items, each
 * group followed by its subtotal (prefix, TOTAL…) and the whole by the grand total
 * (TOTAL…), a total only where the server sent values for it.
 */
export function axisTuples(dims: string[], itemsOf: (dim: string) => string[], present: Set<string>): string[][] {
  if (dims.length === 0) return [[]];
  const out: string[][] = [];
  const walk = (prefix: string[]) => {
    const level = prefix.length;
    if (level === dims.length) {
      out.push(prefix);
      return;
    }
    for (const item of itemsOf(dims[level])) walk([...prefix, item]);
    const total = [...prefix, ...dims.slice(level).map(() => TOTAL)];
    if (present.has(tupleKey(total))) out.push(total);
  };
  walk([]);
  return out;
}

const isTotalTuple = (t: string[]) => t.includes(TOTAL);

/** The header cells of an axis: a run of tuples sharing a prefix is one cell; a total covers the levels below it. */
export function axisHeaders(
  dims: string[],
  tuples: string[][],
  label: (dim: string, item: string, level: number) => { label: string; total: boolean },
  drillable?: (dim: string, item: string) => boolean,
): (HeaderCell | null)[][] {
  // cells[t][level]
  const cells: (HeaderCell | null)[][] = tuples.map(() => dims.map(() => null));
  for (let level = 0; level < dims.length; level += 1) {
    let t = 0;
    while (t < tuples.length) {
      const tuple = tuples[t];
      const firstTotal = tuple.indexOf(TOTAL);
      if (firstTotal >= 0 && firstTotal < level) {
        t += 1;
        continue;
      }
      let end = t + 1;
      if (tuple[level] !== TOTAL) {
        while (end < tuples.length && sameThrough(tuples[end], tuple, level)) end += 1;
      }
      const item = tuple[level];
      const l = label(dims[level], item, level);
      const depth = item === TOTAL ? dims.length - level : 1;
      cells[t][level] = {
        key: `${tupleKey(tuple.slice(0, level + 1))}@${t}`,
        dim: dims[level],
        item,
        label: l.label,
        span: end - t,
        depth,
        total: l.total,
        ...(drillable && item !== TOTAL && drillable(dims[level], item) ? { drillUnit: item } : {}),
        ...(level + depth === dims.length && end - t === 1 ? { leafKey: tupleKey(tuple) } : {}),
      };
      t = end;
    }
  }
  return cells;
}

function sameThrough(a: string[], b: string[], level: number): boolean {
  for (let i = 0; i <= level; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Sort the innermost level within each group (rows sharing the outer items); totals stay last. */
export function sortWithinGroups<T extends { tuple: string[] }>(rows: T[], value: (r: T) => number | null, dir: 'asc' | 'desc'): T[] {
  const out: T[] = [];
  let run: T[] = [];
  const prefix = (r: T) => tupleKey(r.tuple.slice(0, -1));
  const flush = () => {
    const sign = dir === 'asc' ? 1 : -1;
    const indexed = run.map((r, i) => ({ r, i, v: value(r) }));
    indexed.sort((a, b) => {
      if (a.v === null && b.v === null) return a.i - b.i;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      return a.v === b.v ? a.i - b.i : (a.v - b.v) * sign;
    });
    out.push(...indexed.map((x) => x.r));
    run = [];
  };
  for (const r of rows) {
    if (isTotalTuple(r.tuple)) {
      flush();
      out.push(r);
    } else {
      if (run.length > 0 && prefix(run[0]) !== prefix(r)) flush();
      run.push(r);
    }
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------
// The matrix

export function buildPivot(response: AnalyticsResponse, opts: PivotOptions): PivotMatrix {
  const { lang, labels } = opts;
  const meta = response.metaData;
  const rowDims = response.request.rows;
  const colDims = response.request.columns;
  const itemsOf = (dim: string) => dimensionItems(response, dim);
  const index = indexValues(response, rowDims, colDims);
  const fixed = filterItems(response);
  const lookup = targetLookup(meta);

  const label = (dim: string, item: string, level: number) =>
    item === TOTAL ? { label: level === 0 ? labels.grandTotal : labels.total, total: true } : { label: itemName(dim, item, meta, lang, labels), total: false };
  const drillable = (dim: string, item: string) => dim === 'ou' && Boolean(meta.ou[item]?.hasChildren);

  const colTuples = axisTuples(colDims, itemsOf, index.colPresent);
  const columns: PivotColumn[] = colTuples.map((t) => ({ key: tupleKey(t), tuple: t, total: isTotalTuple(t) }));
  let columnHeaders: HeaderCell[][];
  if (colDims.length === 0) {
    columnHeaders = [[{ key: 'value', dim: '', item: '', label: labels.value, span: 1, depth: 1, total: false, leafKey: '' }]];
  } else {
    const perTuple = axisHeaders(colDims, colTuples, label, drillable);
    columnHeaders = colDims.map((_, level) => perTuple.map((cells) => cells[level]).filter((c): c is HeaderCell => c !== null));
  }

  const dims = [...rowDims, ...colDims];
  type Draft = { tuple: string[]; cells: PivotCell[] };
  let drafts: Draft[] = axisTuples(rowDims, itemsOf, index.rowPresent).map((rt) => ({
    tuple: rt,
    cells: columns.map((c) => {
      const value = index.get(rt, c.tuple);
      const ctx = cellContext(dims, [...rt, ...c.tuple], fixed);
      const t = value === null ? undefined : lookup(ctx);
      return {
        key: c.key,
        value,
        text: formatValue(value, decimalsOf(ctx.dx, meta), lang),
        total: c.total || isTotalTuple(rt),
        ...(t ? { target: t.target, status: targetStatus(value!, t.target, t.direction) } : {}),
      };
    }),
  }));

  if (opts.hideEmptyRows) drafts = drafts.filter((d) => d.cells.some((c) => c.value !== null));
  if (opts.sort) {
    const at = columns.findIndex((c) => c.key === opts.sort!.column);
    if (at >= 0) drafts = sortWithinGroups(drafts, (d) => d.cells[at].value, opts.sort.dir);
  }

  const rowHeaders = axisHeaders(
    rowDims,
    drafts.map((d) => d.tuple),
    label,
    drillable,
  );
  const rows: PivotRow[] = drafts.map((d, i) => ({ key: tupleKey(d.tuple) || 'row', tuple: d.tuple, headers: rowHeaders[i], cells: d.cells, total: isTotalTuple(d.tuple) }));

  return {
    rowDims,
    colDims,
    filterDims: response.request.filters,
    columnHeaders,
    columns,
    rows,
    hasTargets: rows.some((r) => r.cells.some((c) => c.status !== undefined)),
    empty: !response.rows.some((r) => r.value !== null && r.value !== undefined && r.value !== ''),
  };
}
