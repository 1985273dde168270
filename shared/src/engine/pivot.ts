// The pivot layout of an analytics answer: the distinct row and column tuples (one item
// per row or column dimension, TOTAL for a total or subtotal), in the dimensions' own
// order with each subtotal after its group, and the value of every (row, column) pair.
// Pure: the server's XLSX export and the web's pivot table read the same matrix.
import { TOTAL, type AnalyticsResponse } from '../schemas/analytics.ts';

export interface PivotMatrix {
  rowDims: string[];
  colDims: string[];
  rows: string[][];
  cols: string[][];
  /** cells[r][c]: the value of rows[r] × cols[c], null when there is none. */
  cells: (number | null)[][];
}

export function pivotMatrix(res: Pick<AnalyticsResponse, 'request' | 'rows' | 'metaData'>, opts: { hideEmptyRows?: boolean } = {}): PivotMatrix {
  const rowDims = res.request.rows;
  const colDims = res.request.columns;
  const order = (dim: string) => {
    const items = res.metaData.dimensions[dim] ?? [];
    const pos = new Map(items.map((it, i) => [it, i]));
    return (v: string) => (v === TOTAL ? items.length : (pos.get(v) ?? items.length - 0.5));
  };
  const orders = new Map([...rowDims, ...colDims].map((d) => [d, order(d)]));
  const compare = (dims: string[]) => (a: string[], b: string[]) => {
    for (let i = 0; i < dims.length; i += 1) {
      const o = orders.get(dims[i]!)!;
      const c = o(a[i]!) - o(b[i]!);
      if (c !== 0) return c;
    }
    return 0;
  };
  const rowIndex = new Map<string, string[]>();
  const colIndex = new Map<string, string[]>();
  const values = new Map<string, number>();
  for (const row of res.rows) {
    const r = rowDims.map((d) => String(row[d]));
    const c = colDims.map((d) => String(row[d]));
    const rk = r.join('|');
    const ck = c.join('|');
    rowIndex.set(rk, r);
    colIndex.set(ck, c);
    if (typeof row.value === 'number') values.set(`${rk}#${ck}`, row.value);
  }
  const rows = [...rowIndex.values()].sort(compare(rowDims));
  const cols = [...colIndex.values()].sort(compare(colDims));
  let cells = rows.map((r) => cols.map((c) => values.get(`${r.join('|')}#${c.join('|')}`) ?? null));
  let keptRows = rows;
  if (opts.hideEmptyRows) {
    const keep = cells.map((line) => line.some((v) => v !== null));
    keptRows = rows.filter((_, i) => keep[i]);
    cells = cells.filter((_, i) => keep[i]);
  }
  return { rowDims, colDims, rows: keptRows, cols, cells };
}

/** The name of a dimension item from the answer's metadata ("Tổng" for totals). */
export function itemName(res: Pick<AnalyticsResponse, 'metaData'>, dim: string, item: string, lang: 'vi' | 'en' = 'vi'): string {
  if (item === TOTAL) return lang === 'vi' ? 'Tổng' : 'Total';
  const m = res.metaData;
  if (dim === 'dx') return m.dx[item]?.name ?? item;
  if (dim === 'pe') return m.pe[item]?.name ?? item;
  if (dim === 'ou') return m.ou[item]?.name ?? item;
  return m.categories[dim]?.options[item]?.name ?? item;
}

/** The name of a dimension itself. */
export function dimensionName(res: Pick<AnalyticsResponse, 'metaData'>, dim: string, lang: 'vi' | 'en' = 'vi'): string {
  if (dim === 'dx') return lang === 'vi' ? 'Dữ liệu' : 'Data';
  if (dim === 'pe') return lang === 'vi' ? 'Kỳ' : 'Period';
  if (dim === 'ou') return lang === 'vi' ? 'Đơn vị' : 'Unit';
  return res.metaData.categories[dim]?.name ?? dim;
}
