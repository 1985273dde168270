// The XLSX laid out like the form, blank or filled, for one unit and period: the form's
// sections, a row per element, a column per option combination of the element's
// disaggregation (a new header whenever the combination changes within a section).
// Keys for reading the file back are hidden: row 1 (marker, form id, unit id, period),
// column A (element id on element rows, "#coc" on the hidden row that carries the
// option-combination ids of the columns below it). The sheet is protected with the
// value cells unlocked, and the headers are frozen.
import type ExcelJS from 'exceljs';
import { periodLabel, tryParsePeriod } from '@shared/engine/periods.ts';
import type { Db } from '../../platform/db/database.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import { loadFormParts } from '../forms/forms.repository.ts';
import { listFormValues } from '../data-values/data-values.repository.ts';

export const TEMPLATE_MARKER = 'truongson:data-values:v1';
const FIRST_VALUE_COLUMN = 5;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const SECTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const UNUSED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };

export interface TemplateInput {
  form: { id: string; code: string; name_vi: string };
  unit: { id: string; code: string; full_name: string };
  period: string;
  filled: boolean;
}

function display(valueType: string, value: string | null): string | number | null {
  if (value === null) return null;
  switch (valueType) {
    case 'integer':
    case 'number':
    case 'percentage':
      return Number(value);
    case 'boolean':
      return value === 'true' ? 'Có' : 'Không';
    case 'date': {
      const [y, m, d] = value.split('-');
      return `${d}/${m}/${y}`;
    }
    default:
      return value;
  }
}

export const templateFileName = (formCode: string, unitCode: string, period: string) =>
  `so-lieu-${formCode}-${unitCode}-${period}.xlsx`.replace(/[^\w.-]/g, '_');

export async function buildDataTemplate(db: Db, input: TemplateInput): Promise<Buffer> {
  const parts = await loadFormParts(db, input.form.id);
  const values = input.filled ? await listFormValues(db, input.form.id, input.unit.id, input.period) : [];
  const valueOf = new Map(values.map((v) => [`${v.data_element_id}|${v.coc_id}`, v.value]));
  const columnsOf = new Map<string, typeof parts.columns>();
  for (const c of parts.columns) columnsOf.set(c.combo_id, [...(columnsOf.get(c.combo_id) ?? []), c]);
  const widest = Math.max(1, ...[...columnsOf.values()].map((c) => c.length));

  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trường Sơn';
  const sheet = workbook.addWorksheet('Số liệu', { views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }] });
  sheet.getColumn(1).hidden = true;
  sheet.getColumn(2).width = 60;
  sheet.getColumn(3).width = 18;
  sheet.getColumn(4).width = 12;
  for (let c = 0; c < widest; c += 1) sheet.getColumn(FIRST_VALUE_COLUMN + c).width = 16;

  const keys = sheet.getRow(1);
  keys.values = [TEMPLATE_MARKER, input.form.id, input.unit.id, input.period, input.form.code];
  keys.hidden = true;
  const parsed = tryParsePeriod(input.period);
  const label = parsed.ok ? periodLabel(parsed.period, 'vi') : input.period;
  sheet.getCell(2, 2).value = `${input.form.code} — ${input.form.name_vi}`;
  sheet.getCell(2, 2).font = { bold: true, size: 14 };
  sheet.getCell(3, 2).value = `Đơn vị: ${input.unit.full_name} (mã ${input.unit.code}) — Kỳ: ${label} (${input.period})`;
  sheet.getCell(3, 2).font = { bold: true };
  sheet.getCell(4, 2).value = 'Nhập vào các ô trắng (ô xám không dùng). Số: nhập ô kiểu số, hoặc viết 1.234,5. Có/Không cho ô đúng/sai; ngày dd/mm/yyyy. Ô để trống không được nhập (giữ nguyên số liệu đã có). Không sửa dòng, cột ẩn.';
  sheet.getCell(4, 2).alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(4).height = 45;

  let rowNo = 5;
  for (const section of parts.sections) {
    const elements = parts.elements.filter((e) => e.section_id === section.id);
    if (elements.length === 0) continue;
    rowNo += 1;
    const title = sheet.getRow(rowNo);
    title.getCell(2).value = section.name_vi;
    title.font = { bold: true };
    for (let c = 2; c < FIRST_VALUE_COLUMN + widest; c += 1) title.getCell(c).fill = SECTION_FILL;
    let combo: string | null = null;
    for (const e of elements) {
      const cols = columnsOf.get(e.category_combo_id) ?? [];
      if (e.category_combo_id !== combo) {
        combo = e.category_combo_id;
        rowNo += 1;
        const key = sheet.getRow(rowNo);
        key.getCell(1).value = '#coc';
        cols.forEach((c, i) => (key.getCell(FIRST_VALUE_COLUMN + i).value = c.id));
        key.hidden = true;
        rowNo += 1;
        const head = sheet.getRow(rowNo);
        head.getCell(2).value = 'Chỉ tiêu';
        head.getCell(3).value = 'Mã';
        head.getCell(4).value = 'Đơn vị tính';
        cols.forEach((c, i) => (head.getCell(FIRST_VALUE_COLUMN + i).value = cols.length === 1 ? 'Giá trị' : c.name_vi));
        head.font = { bold: true };
        head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
        for (let c = 2; c < FIRST_VALUE_COLUMN + Math.max(cols.length, 1); c += 1) head.getCell(c).fill = HEADER_FILL;
      }
      rowNo += 1;
      const row = sheet.getRow(rowNo);
      row.getCell(1).value = e.data_element_id;
      row.getCell(2).value = e.required ? `${e.name_vi} *` : e.name_vi;
      row.getCell(2).alignment = { wrapText: true };
      row.getCell(3).value = e.code;
      row.getCell(4).value = e.unit_of_measure_vi ?? '';
      for (let i = 0; i < widest; i += 1) {
        const cell = row.getCell(FIRST_VALUE_COLUMN + i);
        const c = cols[i];
        if (!c) {
          cell.fill = UNUSED_FILL;
          continue;
        }
        cell.protection = { locked: false };
        cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
        if (e.value_type === 'integer') cell.numFmt = '#,##0';
        else if (e.value_type === 'number' || e.value_type === 'percentage') cell.numFmt = '#,##0.########';
        else cell.numFmt = '@';
        const v = display(e.value_type, valueOf.get(`${e.data_element_id}|${c.id}`) ?? null);
        if (v !== null) cell.value = v;
      }
    }
  }
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:4' };
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
