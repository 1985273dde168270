// Analytics answers as files. XLSX: laid out as the pivot — title rows (what, hierarchy,
// data scope, filters, when), merged column headers (one header row per column
// dimension), one column per row dimension, totals in bold, header rows and row headers
// frozen, numbers as numbers with the data item's decimals. CSV: one line per answer row
// with each dimension's code and name, UTF-8 with a BOM so Excel reads the diacritics.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { dimensionName, itemName, pivotMatrix } from '@shared/engine/pivot.ts';
import { TOTAL, type AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { HIERARCHY_LABELS, vnDateTime } from '../aggregation/consolidated-xlsx.ts';

const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const BORDER = { style: 'thin' as const, color: { argb: 'FFA6A6A6' } };
const THIN: Partial<ExcelJS.Borders> = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };

const numFmt = (decimals: number) => (decimals <= 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`);

/** phan-tich_2026-12-07.xlsx */
export const analyticsFileName = (ext: 'xlsx' | 'csv', now: Date) => `phan-tich_${now.toISOString().slice(0, 10)}.${ext}`;

export async function analyticsWorkbook(res: AnalyticsResponse, opts: { now: Date; lang: 'vi' | 'en' }): Promise<Buffer> {
  const { lang } = opts;
  const m = pivotMatrix(res);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trường Sơn';
  wb.created = opts.now;
  const ws = wb.addWorksheet(lang === 'vi' ? 'Phân tích' : 'Analysis', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = m.rowDims.length + Math.max(m.cols.length, 1);

  const title = (text: string, bold = false, size = 12) => {
    const row = ws.addRow([text]);
    row.font = { name: FONT, size, bold };
    ws.mergeCells(row.number, 1, row.number, Math.max(width, 1));
  };
  const dataNames = res.request.dx.map((d) => itemName(res, 'dx', d, lang)).join('; ');
  title(lang === 'vi' ? 'PHÂN TÍCH SỐ LIỆU CHƯƠNG TRÌNH 1719' : 'PROGRAM 1719 DATA ANALYSIS', true, 14);
  title(`${lang === 'vi' ? 'Dữ liệu' : 'Data'}: ${dataNames}`);
  title(`${lang === 'vi' ? 'Hệ thống đơn vị' : 'Units'}: ${HIERARCHY_LABELS[res.request.hierarchy]} · ${res.request.approvedOnly ? (lang === 'vi' ? 'chỉ số liệu đã duyệt' : 'approved data only') : lang === 'vi' ? 'tất cả số liệu đã nhập' : 'all entered data'}`);
  for (const f of res.request.filters) {
    const items = res.metaData.dimensions[f] ?? [];
    title(`${dimensionName(res, f, lang)}: ${items.map((i) => itemName(res, f, i, lang)).join('; ')}`);
  }
  title(`${lang === 'vi' ? 'Lập lúc' : 'Made'}: ${vnDateTime(opts.now)}`);
  ws.addRow([]);

  // Column headers: one row per column dimension, row dimension names in the corner.
  const headerStart = ws.rowCount + 1;
  const headerRows = Math.max(m.colDims.length, 1);
  for (let h = 0; h < headerRows; h += 1) {
    const cells: string[] = m.rowDims.map((d) => (h === headerRows - 1 ? dimensionName(res, d, lang) : ''));
    for (const col of m.cols) cells.push(m.colDims.length === 0 ? (lang === 'vi' ? 'Giá trị' : 'Value') : itemName(res, m.colDims[h]!, col[h]!, lang));
    if (m.cols.length === 0) cells.push(lang === 'vi' ? 'Giá trị' : 'Value');
    const row = ws.addRow(cells);
    row.font = { name: FONT, bold: true };
    row.eachCell((c) => {
      c.fill = HEADER_FILL;
      c.border = THIN;
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
  }
  // Merge equal neighbouring headers of a level when their parents are equal too.
  for (let h = 0; h < m.colDims.length - 1; h += 1) {
    let start = 0;
    for (let c = 1; c <= m.cols.length; c += 1) {
      const same = c < m.cols.length && m.cols[c]!.slice(0, h + 1).join('|') === m.cols[start]!.slice(0, h + 1).join('|');
      if (!same) {
        if (c - start > 1) ws.mergeCells(headerStart + h, m.rowDims.length + start + 1, headerStart + h, m.rowDims.length + c);
        start = c;
      }
    }
  }
  for (let d = 0; d < m.rowDims.length && headerRows > 1; d += 1) ws.mergeCells(headerStart, d + 1, headerStart + headerRows - 1, d + 1);

  // Each column's number format: by its data item when dx is a column, else per row.
  const decimalsOf = (row: string[], col: string[]) => {
    const dxCol = m.colDims.indexOf('dx');
    const dxRow = m.rowDims.indexOf('dx');
    const dx = dxCol >= 0 ? col[dxCol] : dxRow >= 0 ? row[dxRow] : res.request.dx[0];
    return res.metaData.dx[dx ?? '']?.decimals ?? 0;
  };
  m.rows.forEach((r, i) => {
    const labels = r.map((item, d) => itemName(res, m.rowDims[d]!, item, lang));
    const row = ws.addRow([...labels, ...m.cells[i]!.map((v) => v)]);
    const isTotal = r.includes(TOTAL);
    row.font = { name: FONT, bold: isTotal };
    row.eachCell({ includeEmpty: true }, (c, n) => {
      c.border = THIN;
      if (isTotal) c.fill = TOTAL_FILL;
      if (n > m.rowDims.length) c.numFmt = numFmt(decimalsOf(r, m.cols[n - m.rowDims.length - 1] ?? []));
    });
    m.cols.forEach((col, j) => {
      if (col.includes(TOTAL)) row.getCell(m.rowDims.length + j + 1).font = { name: FONT, bold: true };
    });
  });

  ws.columns.forEach((col, i) => {
    col.width = i < m.rowDims.length ? 34 : 16;
  });
  ws.views = [{ state: 'frozen', xSplit: m.rowDims.length, ySplit: headerStart + headerRows - 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function analyticsCsv(res: AnalyticsResponse, lang: 'vi' | 'en'): string {
  const dims = res.headers.filter((h) => h !== 'value');
  const header = [...dims.flatMap((d) => [d === 'ou' ? 'ou_id' : d, `${d}_name`]), ...(dims.includes('ou') ? ['ou_code'] : []), 'value'];
  const lines = res.rows.map((row) => [
    ...dims.flatMap((d) => [String(row[d]), itemName(res, d, String(row[d]), lang)]),
    ...(dims.includes('ou') ? [row.ou === TOTAL ? '' : (res.metaData.ou[String(row.ou)]?.code ?? '')] : []),
    typeof row.value === 'number' ? String(row.value) : '',
  ]);
  return `\ufeff${stringify([header, ...lines])}`;
}
