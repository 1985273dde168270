// The consolidated report (báo cáo tổng hợp) as an Excel workbook: title rows (form, unit,
// period, hierarchy, data scope, when it was made), then the table as on the screen — the
// unit's total first, one row per child — under merged headers (section → element →
// option combo when disaggregated), header rows and the unit column frozen, numbers as
// numbers with a thousands format (Excel shows it in the reader's locale).
import type ExcelJS from 'exceljs';
import { periodLabel, tryParsePeriod } from '@shared/engine/periods.ts';
import type { ConsolidatedQuery, ConsolidatedReport } from '@shared/schemas/reports.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { findForm, loadFormParts } from '../forms/forms.repository.ts';
import { consolidatedReport, userReportAccess } from './consolidated-report.ts';

const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  left: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  bottom: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  right: { style: 'thin', color: { argb: 'FFA6A6A6' } },
};
export const INTEGER_FORMAT = '#,##0';
export const DECIMAL_FORMAT = '#,##0.0#';

/** The form as the workbook lays it out: sections of elements, each with its option combos. */
export interface XlsxLayout {
  form: { code: string; nameVi: string };
  sections: {
    nameVi: string;
    elements: { id: string; nameVi: string; unitOfMeasureVi: string | null; valueType: string; cocs: { id: string; nameVi: string }[] }[];
  }[];
}

interface Column {
  elementId: string;
  /** null: the element's total. */
  cocId: string | null;
  numFmt: string;
}

/** bao-cao-tong-hop_BM01_XA_QUY_VN_2026Q1.xlsx (ASCII letters, digits, _ . - only). */
export const consolidatedFileName = (formCode: string, unitCode: string, period: string) =>
  `bao-cao-tong-hop_${formCode}_${unitCode}_${period}.xlsx`.replace(/[^\w.-]/g, '_');

/** attachment; filename="…"; filename*=UTF-8''… (RFC 6266 / RFC 5987). */
export const attachmentDisposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const vnFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function vnDateTime(d: Date): string {
  const p: Record<string, string> = {};
  for (const part of vnFormatter.formatToParts(d)) p[part.type] = part.value;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

export const HIERARCHY_LABELS = { '2025': 'Đơn vị hành chính 2025', pre2025: 'Đơn vị hành chính trước 01/7/2025' } as const;

export async function buildConsolidatedWorkbook(report: ConsolidatedReport, layout: XlsxLayout, opts: { disaggregate: boolean; now: Date }): Promise<Buffer> {
  const aggregation = new Map(report.elements.map((e) => [e.id, e.aggregationType]));
  const sections = layout.sections
    .map((s) => ({ ...s, elements: s.elements.filter((e) => aggregation.has(e.id)) }))
    .filter((s) => s.elements.length > 0);
  const numFmt = (e: XlsxLayout['sections'][number]['elements'][number]) =>
    e.valueType === 'integer' && aggregation.get(e.id) !== 'average' ? INTEGER_FORMAT : DECIMAL_FORMAT;
  const split = (e: { cocs: unknown[] }) => opts.disaggregate && e.cocs.length > 1;

  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trường Sơn';
  workbook.created = opts.now;
  const headerRows = opts.disaggregate ? 3 : 2;
  const titleRows = 8; // 7 lines and a blank one
  const firstHeader = titleRows + 1;
  const sheet = workbook.addWorksheet('Báo cáo tổng hợp', { views: [{ state: 'frozen', xSplit: 1, ySplit: titleRows + headerRows }] });

  const parsed = tryParsePeriod(report.period);
  const titles: [string, boolean][] = [
    ['BÁO CÁO TỔNG HỢP', true],
    [`Biểu mẫu: ${layout.form.code} — ${layout.form.nameVi}`, false],
    [`Đơn vị: ${report.unit.name}`, false],
    [`Kỳ báo cáo: ${parsed.ok ? periodLabel(parsed.period, 'vi') : report.period}`, false],
    [`Hệ thống đơn vị: ${HIERARCHY_LABELS[report.view]}`, false],
    [`Phạm vi số liệu: ${report.approvedOnly ? 'Chỉ số liệu đã duyệt' : 'Tất cả số liệu đã nhập'}`, false],
    [`Ngày lập: ${vnDateTime(opts.now)}`, false],
  ];
  titles.forEach(([text, main], i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = text;
    cell.font = { name: FONT, size: main ? 14 : 11, bold: main };
  });

  // Headers: column A is "Đơn vị" over all header rows; then section → element (→ combo).
  const header = (row: number, col: number, text: string) => {
    const cell = sheet.getCell(row, col);
    cell.value = text;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
  };
  const merge = (r1: number, c1: number, r2: number, c2: number) => {
    if (r1 !== r2 || c1 !== c2) sheet.mergeCells(r1, c1, r2, c2);
  };
  const lastHeader = firstHeader + headerRows - 1;
  header(firstHeader, 1, 'Đơn vị');
  merge(firstHeader, 1, lastHeader, 1);
  sheet.getColumn(1).width = 40;

  const columns: Column[] = [];
  let col = 2;
  for (const s of sections) {
    const sectionStart = col;
    for (const e of s.elements) {
      const elementName = e.unitOfMeasureVi ? `${e.nameVi} (${e.unitOfMeasureVi})` : e.nameVi;
      const fmt = numFmt(e);
      if (split(e)) {
        header(firstHeader + 1, col, elementName);
        merge(firstHeader + 1, col, firstHeader + 1, col + e.cocs.length);
        for (const c of e.cocs) {
          header(lastHeader, col, c.nameVi);
          columns.push({ elementId: e.id, cocId: c.id, numFmt: fmt });
          sheet.getColumn(col).width = 12;
          col += 1;
        }
        header(lastHeader, col, 'Tổng');
        columns.push({ elementId: e.id, cocId: null, numFmt: fmt });
        sheet.getColumn(col).width = 12;
        col += 1;
      } else {
        header(firstHeader + 1, col, elementName);
        merge(firstHeader + 1, col, lastHeader, col);
        columns.push({ elementId: e.id, cocId: null, numFmt: fmt });
        sheet.getColumn(col).width = Math.min(24, Math.max(14, Math.ceil(elementName.length / 3)));
        col += 1;
      }
    }
    header(firstHeader, sectionStart, s.nameVi);
    merge(firstHeader, sectionStart, firstHeader, col - 1);
    // Merged cells keep the border of their top-left cell only; draw the rest.
    for (let c = sectionStart; c < col; c += 1) {
      for (let r = firstHeader; r <= lastHeader; r += 1) sheet.getCell(r, c).border = THIN;
    }
  }
  for (let r = firstHeader; r <= lastHeader; r += 1) sheet.getCell(r, 1).border = THIN;
  sheet.getRow(firstHeader).height = 30;
  sheet.getRow(firstHeader + 1).height = 48;
  if (opts.disaggregate) sheet.getRow(lastHeader).height = 32;

  let rowNo = lastHeader + 1;
  for (const r of report.rows) {
    const row = sheet.getRow(rowNo);
    const unitCell = row.getCell(1);
    unitCell.value = r.unit.name;
    unitCell.font = { name: FONT, size: 11, bold: r.total };
    unitCell.border = THIN;
    if (r.total) unitCell.fill = TOTAL_FILL;
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      const v = c.cocId === null ? r.values[c.elementId] : r.byCoc?.[c.elementId]?.[c.cocId];
      cell.value = v ?? null;
      cell.numFmt = c.numFmt;
      cell.font = { name: FONT, size: 11, bold: r.total };
      cell.alignment = { horizontal: 'right' };
      cell.border = THIN;
      if (r.total) cell.fill = TOTAL_FILL;
    });
    rowNo += 1;
  }

  sheet.pageSetup = {
    orientation: 'landscape',
    paperSize: 9, // A4
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${firstHeader}:${lastHeader}`,
    printTitlesColumn: 'A:A',
  };
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/** The form laid out for files (sections, elements, option combos), shared with the Word report. */
export async function loadXlsxLayout(ctx: AppContext, formId: string): Promise<XlsxLayout> {
  const form = await findForm(ctx.db, formId);
  if (!form) throw notFound();
  const parts = await loadFormParts(ctx.db, form.id);
  const cocsOf = new Map<string, { id: string; nameVi: string }[]>();
  for (const c of parts.columns) cocsOf.set(String(c.combo_id), [...(cocsOf.get(String(c.combo_id)) ?? []), { id: String(c.id), nameVi: c.name_vi }]);
  return {
    form: { code: form.code, nameVi: form.name_vi },
    sections: parts.sections.map((s) => ({
      nameVi: s.name_vi,
      elements: parts.elements
        .filter((e) => String(e.section_id) === String(s.id))
        .map((e) => ({
          id: String(e.data_element_id),
          nameVi: e.name_vi,
          unitOfMeasureVi: e.unit_of_measure_vi,
          valueType: e.value_type,
          cocs: cocsOf.get(String(e.category_combo_id)) ?? [],
        })),
    })),
  };
}

/** The report for the query (same checks as the JSON route) as a workbook and its file name. */
export async function consolidatedXlsx(ctx: AppContext, auth: AuthContext, q: ConsolidatedQuery): Promise<{ file: Buffer; fileName: string }> {
  const report = await consolidatedReport(ctx, userReportAccess(ctx, auth), q);
  const layout = await loadXlsxLayout(ctx, q.formId);
  const file = await buildConsolidatedWorkbook(report, layout, { disaggregate: q.disaggregate ?? false, now: ctx.clock.now() });
  return { file, fileName: consolidatedFileName(layout.form.code, report.unit.code, report.period) };
}
