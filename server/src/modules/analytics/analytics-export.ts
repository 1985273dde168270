// Analytics answers as files. XLSX: the pivot of the screen (the shared model of
// @shared/engine/pivot.ts, so the file has the rows, columns, totals and order of the
// table shown, empty rows hidden and sorted as asked) — title rows (what, hierarchy, data
// scope, filters, when), merged column headers (one header row per column dimension, a
// header spanning its group, a total over the levels below it), one column per row
// dimension with each group merged down its rows, subtotal and total rows in bold on
// grey, header rows and row headers frozen, numbers as numbers with each data item's
// decimals. CSV: one line per answer row with each dimension's code and name, UTF-8 with
// a BOM so Excel reads the diacritics.
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { buildPivot, dimensionName, itemName, type PivotLabels, type PivotSort } from '@shared/engine/pivot.ts';
import { TOTAL, type AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import { HIERARCHY_LABELS, vnDateTime } from '../aggregation/consolidated-xlsx.ts';

const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const BORDER = { style: 'thin' as const, color: { argb: 'FFA6A6A6' } };
const THIN: Partial<ExcelJS.Borders> = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };

/** The words of the screen's pivot (web/src/locales, analytics.*) in the file's language. */
export const PIVOT_LABELS: Record<'vi' | 'en', PivotLabels> = {
  vi: { total: 'Tổng', grandTotal: 'Tổng cộng', value: 'Giá trị', dx: 'Dữ liệu', pe: 'Kỳ', ou: 'Đơn vị' },
  en: { total: 'Total', grandTotal: 'Grand total', value: 'Value', dx: 'Data', pe: 'Periods', ou: 'Units' },
};

const numFmt = (decimals: number) => (decimals <= 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`);

/** phan-tich_2026-12-07.xlsx */
export const analyticsFileName = (ext: 'xlsx' | 'csv', now: Date) => `phan-tich_${now.toISOString().slice(0, 10)}.${ext}`;

export interface WorkbookOptions {
  now: Date;
  lang: 'vi' | 'en';
  /** As on the screen: rows without any value left out, the innermost row level sorted by a column. */
  hideEmptyRows?: boolean;
  sort?: PivotSort | null;
}

export async function analyticsWorkbook(res: AnalyticsResponse, opts: WorkbookOptions): Promise<Buffer> {
  const { lang } = opts;
  const labels = PIVOT_LABELS[lang];
  const meta = res.metaData;
  const m = buildPivot(res, { lang, labels, hideEmptyRows: opts.hideEmptyRows, sort: opts.sort });
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trường Sơn';
  wb.created = opts.now;
  const ws = wb.addWorksheet(lang === 'vi' ? 'Phân tích' : 'Analysis', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // One row header column per row dimension ("Giá trị" alone when there is none, as on the screen).
  const heads = Math.max(1, m.rowDims.length);
  const width = heads + m.columns.length;

  const title = (text: string, bold = false, size = 12) => {
    const row = ws.addRow([text]);
    row.font = { name: FONT, size, bold };
    ws.mergeCells(row.number, 1, row.number, width);
  };
  const dataNames = res.request.dx.map((d) => itemName('dx', d, meta, lang, labels)).join('; ');
  title(lang === 'vi' ? 'PHÂN TÍCH SỐ LIỆU CHƯƠNG TRÌNH 1719' : 'PROGRAM 1719 DATA ANALYSIS', true, 14);
  title(`${labels.dx}: ${dataNames}`);
  title(`${lang === 'vi' ? 'Hệ thống đơn vị' : 'Units'}: ${HIERARCHY_LABELS[res.request.hierarchy]} · ${res.request.approvedOnly ? (lang === 'vi' ? 'chỉ số liệu đã duyệt' : 'approved data only') : lang === 'vi' ? 'tất cả số liệu đã nhập' : 'all entered data'}`);
  for (const f of res.request.filters) {
    const items = meta.dimensions[f] ?? [];
    title(`${dimensionName(f, meta, labels)}: ${items.map((i) => itemName(f, i, meta, lang, labels)).join('; ')}`);
  }
  title(`${lang === 'vi' ? 'Lập lúc' : 'Made'}: ${vnDateTime(opts.now)}`);
  ws.addRow([]);

  /** A cell covering rows × cols from (row, col), styled, merged when it covers more than itself. */
  const place = (row: number, col: number, rows: number, cols: number, value: string | number | null, style: (c: ExcelJS.Cell) => void) => {
    const cell = ws.getCell(row, col);
    cell.value = value;
    style(cell);
    if (rows > 1 || cols > 1) ws.mergeCells(row, col, row + rows - 1, col + cols - 1);
  };
  const headerStyle = (c: ExcelJS.Cell) => {
    c.font = { name: FONT, bold: true };
    c.fill = HEADER_FILL;
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  const bodyStyle = (total: boolean, head: boolean) => (c: ExcelJS.Cell) => {
    c.font = { name: FONT, bold: total };
    c.border = THIN;
    if (total) c.fill = TOTAL_FILL;
    if (head) c.alignment = { vertical: 'top', wrapText: true };
  };

  // Column headers: one row per level, each header over its columns (a total down over
  // the levels below it), the row dimensions' names in the corner.
  const top = ws.rowCount + 1;
  const levels = m.columnHeaders.length;
  for (let d = 0; d < heads; d += 1) place(top, d + 1, levels, 1, m.rowDims[d] ? dimensionName(m.rowDims[d], meta, labels) : '', headerStyle);
  m.columnHeaders.forEach((cells, level) => {
    for (const h of cells) place(top + level, heads + h.at + 1, h.depth, h.span, h.label, headerStyle);
  });

  // The rows: each row header merged down its group (and a total across the levels it
  // covers), then the values with their data item's decimals.
  const first = top + levels;
  m.rows.forEach((r, i) => {
    if (m.rowDims.length === 0) place(first + i, 1, 1, 1, labels.value, bodyStyle(r.total, true));
    r.headers.forEach((h, d) => {
      if (h) place(first + h.at, d + 1, h.span, h.depth, h.label, bodyStyle(h.total, true));
    });
    r.cells.forEach((c, j) => {
      place(first + i, heads + j + 1, 1, 1, c.value, (cell) => {
        bodyStyle(c.total, false)(cell);
        cell.numFmt = numFmt(c.decimals);
      });
    });
  });

  for (let c = 1; c <= width; c += 1) ws.getColumn(c).width = c <= heads ? 34 : 16;
  ws.views = [{ state: 'frozen', xSplit: heads, ySplit: first - 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function analyticsCsv(res: AnalyticsResponse, lang: 'vi' | 'en'): string {
  const dims = res.headers.filter((h) => h !== 'value');
  const header = [...dims.flatMap((d) => [d === 'ou' ? 'ou_id' : d, `${d}_name`]), ...(dims.includes('ou') ? ['ou_code'] : []), 'value'];
  const lines = res.rows.map((row) => [
    ...dims.flatMap((d) => [String(row[d]), itemName(d, String(row[d]), res.metaData, lang, PIVOT_LABELS[lang])]),
    ...(dims.includes('ou') ? [row.ou === TOTAL ? '' : (res.metaData.ou[String(row.ou)]?.code ?? '')] : []),
    typeof row.value === 'number' ? String(row.value) : '',
  ]);
  return `\ufeff${stringify([header, ...lines])}`;
}
