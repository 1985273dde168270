// The XLSX layout provinces use for the list of works of the program and its capital:
//
//   (title rows: agency, "DANH MỤC CÔNG TRÌNH …", "Đơn vị tính: triệu đồng")
//   STT | Mã công trình | Tên công trình | Dự án/Tiểu dự án | Địa điểm (xã) | Chủ đầu tư |
//   Thời gian KC-HT | Tổng mức đầu tư | Kế hoạch vốn năm 2026 (Tổng số | NSTW | NSĐP) |
//   Giải ngân đến 31/05/2026 (Tổng số | NSTW | NSĐP) | Tỷ lệ giải ngân (%) | Tiến độ thực hiện (%) | Ghi chú
//   (1) (2) … column numbers, then section rows (I, II … "Dự án 4 …") and the works (1, 2, 3 …)
//
// The capital year and the disbursement date are read from the two merged group headers.
// Headers are matched on folded text, so "Tên công trình" and "TEN CONG TRINH" both work;
// section rows (Roman numerals or letters in STT), total rows and the column-number row
// are skipped. Every problem is reported with the row number Excel shows.
import { parseNumber } from '@shared/engine/numbers.ts';
import type { ImportRowError } from '@shared/schemas/units.ts';
import { foldVietnamese } from '@shared/text.ts';
import { AppError } from '../../platform/errors.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import { readTable, type SheetCell, type SheetRow } from '../../platform/tabular.ts';

export const MAX_IMPORT_ROWS = 2000;
export const TEMPLATE_FILE_NAME = 'mau-nhap-cong-trinh-dau-tu.xlsx';

type Field = 'stt' | 'code' | 'name' | 'program' | 'commune' | 'investor' | 'period' | 'total' | 'planTotal' | 'planCentral' | 'planLocal' | 'disbTotal' | 'disbCentral' | 'disbLocal' | 'rate' | 'progress' | 'note';

export const FIELD_LABELS: Record<Field, string> = {
  stt: 'STT',
  code: 'Mã công trình',
  name: 'Tên công trình',
  program: 'Dự án/Tiểu dự án',
  commune: 'Địa điểm (xã)',
  investor: 'Chủ đầu tư',
  period: 'Thời gian KC-HT',
  total: 'Tổng mức đầu tư',
  planTotal: 'Kế hoạch vốn năm — Tổng số',
  planCentral: 'Kế hoạch vốn năm — NSTW',
  planLocal: 'Kế hoạch vốn năm — NSĐP',
  disbTotal: 'Giải ngân — Tổng số',
  disbCentral: 'Giải ngân — NSTW',
  disbLocal: 'Giải ngân — NSĐP',
  rate: 'Tỷ lệ giải ngân (%)',
  progress: 'Tiến độ thực hiện (%)',
  note: 'Ghi chú',
};

export interface SheetWork {
  row: number;
  code: string | null;
  name: string;
  programText: string | null;
  communeText: string;
  communeCell: SheetCell;
  investor: string | null;
  startDate: string | null;
  finishDate: string | null;
  totalInvestment: number | null;
  planCentral: number;
  planLocal: number;
  disbCentral: number;
  disbLocal: number;
  progress: number | null;
}

export interface ParsedSheet {
  year: number | null;
  /** Disbursement date (yyyy-mm-dd). */
  asOf: string | null;
  total: number;
  rows: SheetWork[];
  rejected: ImportRowError[];
}

const fold = (s: string) => foldVietnamese(s);

function plainField(folded: string): Field | null {
  if (folded === 'stt' || folded === 'tt' || folded === 'so tt') return 'stt';
  if (folded.startsWith('ma cong trinh') || folded === 'ma ct' || folded === 'ma du an') return 'code';
  if (folded.startsWith('ten cong trinh') || folded.startsWith('ten du an cong trinh') || folded === 'danh muc cong trinh') return 'name';
  if (folded.startsWith('du an tieu du an') || folded === 'du an' || folded.startsWith('thuoc du an')) return 'program';
  if (folded.startsWith('dia diem')) return 'commune';
  if (folded.startsWith('chu dau tu')) return 'investor';
  if (folded.startsWith('thoi gian')) return 'period';
  if (folded.startsWith('tong muc dau tu')) return 'total';
  if (folded.startsWith('ty le giai ngan')) return 'rate';
  if (folded.startsWith('tien do') || folded.startsWith('khoi luong hoan thanh')) return 'progress';
  if (folded.startsWith('ghi chu')) return 'note';
  return null;
}

function subField(folded: string): 'Total' | 'Central' | 'Local' | null {
  if (folded === 'tong so' || folded === 'tong' || folded === 'tong cong') return 'Total';
  if (folded === 'nstw' || folded === 'tw' || folded.includes('trung uong')) return 'Central';
  if (folded === 'nsdp' || folded === 'dp' || folded.includes('dia phuong')) return 'Local';
  return null;
}

const PLAN_RE = /^ke hoach von nam (\d{4})/;
const DISB_RE = /^giai ngan(?: luy ke)? den(?: ngay)? (\d{1,2}) (\d{1,2}) (\d{4})/;

function isoOf(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** "2025-2026", "03/2025 - 12/2026", "15/03/2025-30/11/2026", "2026" → start and finish dates. */
export function parseWorkPeriod(text: string): { start: string; finish: string } | null {
  const parts = text.split(/\s*[-–—]\s*|\s+đến\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0 || parts.length > 2) return null;
  const read = (p: string, end: boolean): string | null => {
    let m = /^(\d{4})$/.exec(p);
    if (m) return end ? `${m[1]}-12-31` : `${m[1]}-01-01`;
    m = /^(\d{1,2})\/(\d{4})$/.exec(p);
    if (m) {
      const y = Number(m[2]);
      const mo = Number(m[1]);
      if (mo < 1 || mo > 12) return null;
      return isoOf(y, mo, end ? lastDay(y, mo) : 1);
    }
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(p);
    if (m) return isoOf(Number(m[3]), Number(m[2]), Number(m[1]));
    return null;
  };
  const start = read(parts[0]!, false);
  const finish = read(parts[parts.length - 1]!, true);
  if (!start || !finish || start > finish) return null;
  if (start < '2000-01-01' || finish > '2060-12-31') return null;
  return { start, finish };
}

const ROMAN_OR_LETTER = /^([IVXLC]+|[A-ZĐ])\.?$/;

export function readWorkbook(data: Buffer, fileName: string | undefined): Promise<SheetRow[]> {
  return readTable(data, fileName, ['xlsx']);
}

export function parseWorksSheet(sheet: SheetRow[]): ParsedSheet {
  const rejected: ImportRowError[] = [];
  const headerIndex = sheet.findIndex((r) => r.cells.some((c) => plainField(fold(c.text)) === 'stt') && r.cells.some((c) => plainField(fold(c.text)) === 'name'));
  if (headerIndex < 0) {
    return { year: null, asOf: null, total: 0, rows: [], rejected: [{ row: 1, code: 'missing_header', message: `Không tìm thấy dòng tiêu đề (cần các cột "${FIELD_LABELS.stt}" và "${FIELD_LABELS.name}"). Hãy dùng tệp mẫu.` }] };
  }
  const header = sheet[headerIndex]!;
  const sub = sheet[headerIndex + 1];
  const columns: Partial<Record<Field, number>> = {};
  let year: number | null = null;
  let asOf: string | null = null;
  // A merged group header may read only in its first column: empty cells after it continue the group.
  let group: 'plan' | 'disb' | null = null;
  const width = Math.max(header.cells.length, sub?.cells.length ?? 0);
  for (let i = 0; i < width; i += 1) {
    const f = fold(header.cells[i]?.text ?? '');
    const plain = f ? plainField(f) : null;
    if (plain) {
      group = null;
      if (columns[plain] === undefined) columns[plain] = i;
      continue;
    }
    if (f) {
      const plan = PLAN_RE.exec(f);
      const disb = DISB_RE.exec(f);
      group = plan ? 'plan' : disb ? 'disb' : null;
      if (plan) year = Number(plan[1]);
      if (disb) asOf = isoOf(Number(disb[3]), Number(disb[2]), Number(disb[1]));
    }
    if (!group) continue;
    const s = subField(fold(sub?.cells[i]?.text ?? ''));
    if (!s) continue;
    const field = `${group}${s}` as Field;
    if (columns[field] === undefined) columns[field] = i;
  }
  const hr = header.row;
  const need: Field[] = ['name', 'commune', 'planCentral', 'planLocal', 'disbCentral', 'disbLocal'];
  for (const f of need) {
    if (columns[f] === undefined) rejected.push({ row: hr, field: f, code: 'missing_column', message: `Thiếu cột "${FIELD_LABELS[f]}" ở dòng tiêu đề (dòng ${hr}–${hr + 1}).` });
  }
  if (year === null) rejected.push({ row: hr, field: 'planTotal', code: 'missing_year', message: 'Tiêu đề cột kế hoạch vốn phải ghi năm, ví dụ "Kế hoạch vốn năm 2026".' });
  if (asOf === null) rejected.push({ row: hr, field: 'disbTotal', code: 'missing_date', message: 'Tiêu đề cột giải ngân phải ghi ngày, ví dụ "Giải ngân đến 31/05/2026".' });
  const y = year as number | null;
  const a = asOf as string | null;
  if (y !== null && a !== null && (a < `${y}-01-01` || a > `${y + 1}-12-31`)) {
    rejected.push({ row: hr, field: 'disbTotal', code: 'date_outside_year', message: `Ngày giải ngân ${a.split('-').reverse().join('/')} không thuộc thời gian giải ngân vốn năm ${y} (01/01/${y} – 31/12/${y + 1}).` });
  }
  const body = sheet.slice(headerIndex + 2).filter((r) => r.cells.some((c) => c.text !== ''));
  if (rejected.length > 0) return { year: y, asOf: a, total: body.length, rows: [], rejected };

  const rows: SheetWork[] = [];
  let total = 0;
  for (const r of body) {
    const cell = (f: Field): SheetCell => {
      const i = columns[f];
      const c = i === undefined ? undefined : r.cells[i];
      return c ? { text: c.text.normalize('NFC').trim(), number: c.number } : { text: '', number: null };
    };
    const stt = cell('stt').text;
    const name = cell('name').text;
    const folded = fold(name);
    // Column numbers "(1) (2) …", section rows (I, II, A …) and total rows are not works.
    if (/^\(?\d{1,2}\)?$/.test(name) || ROMAN_OR_LETTER.test(stt) || folded.startsWith('tong cong') || folded.startsWith('tong so') || (stt === '' && folded.startsWith('cong'))) continue;
    if (!name && !cell('commune').text) continue;
    total += 1;
    if (total > MAX_IMPORT_ROWS) {
      rejected.push({ row: r.row, code: 'too_many_rows', message: `Mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} công trình.` });
      break;
    }
    const errors: ImportRowError[] = [];
    const reject = (field: Field, code: string, message: string, value?: string) => errors.push({ row: r.row, field, code, message, ...(value ? { value } : {}) });

    if (!name) reject('name', 'required', 'Thiếu tên công trình.');
    else if (name.length > 300) reject('name', 'too_long', 'Tên công trình dài quá 300 ký tự.');
    const code = cell('code').text.toUpperCase() || null;
    if (code && !/^[A-Z0-9][A-Z0-9._\-/]{0,39}$/.test(code)) reject('code', 'invalid_code', `Mã công trình "${code}" chỉ gồm chữ không dấu, số và . _ - / (tối đa 40 ký tự).`, code);
    const communeCell = cell('commune');
    if (!communeCell.text) reject('commune', 'required', 'Thiếu địa điểm (mã hoặc tên xã).');

    const money = (f: Field, required: boolean): number | null => {
      const c = cell(f);
      if (c.number !== null) {
        if (c.number < 0) {
          reject(f, 'negative', `${FIELD_LABELS[f]} không được âm.`, c.text);
          return null;
        }
        return c.number;
      }
      if (!c.text || c.text === '-' || c.text === '–') return required ? 0 : null;
      const p = parseNumber(c.text, 'vi');
      if (!p.ok) {
        reject(f, 'not_a_number', `${FIELD_LABELS[f]}: "${c.text}" không phải là số.`, c.text);
        return null;
      }
      if (p.ambiguous) {
        reject(f, 'ambiguous_number', `${FIELD_LABELS[f]}: "${c.text}" có thể hiểu là ${p.value} hoặc ${p.alternative}; hãy nhập ô kiểu số trong Excel.`, c.text);
        return null;
      }
      if (p.value < 0) {
        reject(f, 'negative', `${FIELD_LABELS[f]} không được âm.`, c.text);
        return null;
      }
      return p.value;
    };
    const total_ = money('total', false);
    const planCentral = money('planCentral', true) ?? 0;
    const planLocal = money('planLocal', true) ?? 0;
    const planTotal = money('planTotal', false);
    const disbCentral = money('disbCentral', true) ?? 0;
    const disbLocal = money('disbLocal', true) ?? 0;
    const disbTotal = money('disbTotal', false);
    const near = (x: number, yv: number) => Math.abs(x - yv) <= 0.0005 * Math.max(1, Math.abs(x), Math.abs(yv));
    if (planTotal !== null && !near(planTotal, planCentral + planLocal)) reject('planTotal', 'sum_mismatch', `Kế hoạch vốn tổng số (${planTotal}) khác NSTW + NSĐP (${planCentral + planLocal}).`, String(planTotal));
    if (disbTotal !== null && !near(disbTotal, disbCentral + disbLocal)) reject('disbTotal', 'sum_mismatch', `Giải ngân tổng số (${disbTotal}) khác NSTW + NSĐP (${disbCentral + disbLocal}).`, String(disbTotal));
    if (disbCentral > planCentral + 1e-9) reject('disbCentral', 'exceeds_plan', `Giải ngân NSTW (${disbCentral}) vượt kế hoạch vốn NSTW (${planCentral}).`, String(disbCentral));
    if (disbLocal > planLocal + 1e-9) reject('disbLocal', 'exceeds_plan', `Giải ngân NSĐP (${disbLocal}) vượt kế hoạch vốn NSĐP (${planLocal}).`, String(disbLocal));
    const rate = money('rate', false);
    const allocated = planCentral + planLocal;
    if (rate !== null && allocated > 0 && Math.abs(rate - ((disbCentral + disbLocal) / allocated) * 100) > 0.5) {
      reject('rate', 'rate_mismatch', `Tỷ lệ giải ngân ${rate} % không khớp giải ngân ÷ kế hoạch vốn (${(Math.round(((disbCentral + disbLocal) / allocated) * 1000) / 10).toString().replace('.', ',')} %).`, String(rate));
    }
    const progress = money('progress', false);
    if (progress !== null && progress > 100) reject('progress', 'out_of_range', 'Tiến độ thực hiện từ 0 đến 100 %.', String(progress));

    let startDate: string | null = null;
    let finishDate: string | null = null;
    const period = cell('period').text;
    if (period) {
      const p = parseWorkPeriod(period);
      if (!p) reject('period', 'invalid_period', `Thời gian KC-HT "${period}" không đọc được; viết như 2025-2026 hoặc 03/2025-12/2026.`, period);
      else ({ start: startDate, finish: finishDate } = p);
    }
    const investor = cell('investor').text || null;
    if (investor && investor.length > 300) reject('investor', 'too_long', 'Chủ đầu tư dài quá 300 ký tự.');
    if (errors.length > 0) {
      rejected.push(...errors);
      continue;
    }
    rows.push({
      row: r.row,
      code,
      name,
      programText: cell('program').text || null,
      communeText: communeCell.text,
      communeCell,
      investor,
      startDate,
      finishDate,
      totalInvestment: total_,
      planCentral,
      planLocal,
      disbCentral,
      disbLocal,
      progress,
    });
  }
  if (total === 0 && rejected.length === 0) rejected.push({ row: hr, code: 'no_rows', message: 'Tệp không có công trình nào dưới dòng tiêu đề.' });
  return { year: y, asOf: a, total, rows, rejected };
}

// Template --------------------------------------------------------------------------------

export interface TemplateExample {
  name: string;
  program: string;
  commune: string;
  investor: string;
  period: string;
  total: number;
  planCentral: number;
  planLocal: number;
  disbCentral: number;
  disbLocal: number;
  progress: number;
}

const thin = { style: 'thin' as const };
const box = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * The template: title, the two-row header with merged groups, the column numbers, a
 * section row and example works (or none), formulas left out on purpose — the importer
 * refuses formulas nowhere but reads the values only, so totals are typed or left empty.
 */
export async function buildWorksWorkbook(opts: { year: number; asOf: string; agency: string; examples: TemplateExample[]; title?: string }): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trường Sơn';
  const ws = wb.addWorksheet('Danh mục công trình', { views: [{ state: 'frozen', ySplit: 6, xSplit: 3 }] });
  const [y, m, d] = opts.asOf.split('-');
  ws.columns = [6, 14, 42, 16, 20, 28, 14, 14, 13, 13, 13, 13, 13, 13, 11, 11, 24].map((width) => ({ width }));
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = opts.agency.toUpperCase();
  ws.getCell('A1').font = { name: 'Times New Roman', bold: true, size: 12 };
  ws.mergeCells('A2:Q2');
  ws.getCell('A2').value = opts.title ?? `DANH MỤC CÔNG TRÌNH ĐẦU TƯ THUỘC CHƯƠNG TRÌNH MTQG PHÁT TRIỂN KT-XH VÙNG ĐỒNG BÀO DTTS&MN NĂM ${opts.year}`;
  ws.getCell('A2').font = { name: 'Times New Roman', bold: true, size: 13 };
  ws.getCell('A2').alignment = { horizontal: 'center' };
  ws.mergeCells('A3:Q3');
  ws.getCell('A3').value = 'Đơn vị tính: triệu đồng';
  ws.getCell('A3').font = { name: 'Times New Roman', italic: true, size: 12 };
  ws.getCell('A3').alignment = { horizontal: 'right' };

  const plain: [string, string][] = [['A', 'STT'], ['B', 'Mã công trình'], ['C', 'Tên công trình'], ['D', 'Dự án/Tiểu dự án'], ['E', 'Địa điểm (xã)'], ['F', 'Chủ đầu tư'], ['G', 'Thời gian KC-HT'], ['H', 'Tổng mức đầu tư'], ['O', 'Tỷ lệ giải ngân (%)'], ['P', 'Tiến độ thực hiện (%)'], ['Q', 'Ghi chú']];
  for (const [col, text] of plain) {
    ws.mergeCells(`${col}4:${col}5`);
    ws.getCell(`${col}4`).value = text;
  }
  ws.mergeCells('I4:K4');
  ws.getCell('I4').value = `Kế hoạch vốn năm ${opts.year}`;
  ws.mergeCells('L4:N4');
  ws.getCell('L4').value = `Giải ngân đến ${d}/${m}/${y}`;
  for (const [col, text] of [['I', 'Tổng số'], ['J', 'NSTW'], ['K', 'NSĐP'], ['L', 'Tổng số'], ['M', 'NSTW'], ['N', 'NSĐP']] as const) ws.getCell(`${col}5`).value = text;
  for (let c = 1; c <= 17; c += 1) ws.getCell(6, c).value = `(${c})`;
  for (const row of [4, 5, 6]) {
    ws.getRow(row).eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { name: 'Times New Roman', bold: row !== 6, italic: row === 6, size: 11 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = box;
      if (row !== 6) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    });
  }
  ws.getRow(4).height = 30;
  ws.getCell('B4').note = 'Không bắt buộc. Có mã: công trình được nhận theo mã trong tỉnh; không có mã: theo tên công trình và xã.';
  ws.getCell('D4').note = 'Mã trong danh mục chương trình (DA4.TDA1, DA1.ND4, DA5.TDA1…) hoặc "Dự án 4 - Tiểu dự án 1".';
  ws.getCell('E4').note = 'Mã xã 5 chữ số (danh mục 2025) hoặc tên xã; tên trùng ở hai tỉnh thì ghi mã.';
  ws.getCell('G4').note = 'Năm khởi công - năm hoàn thành (2025-2026) hoặc tháng/năm (03/2025-12/2026).';
  ws.getCell('L4').note = 'Giải ngân lũy kế của vốn năm đến ngày ghi ở tiêu đề (sửa ngày cho đúng kỳ báo cáo).';

  let r = 7;
  if (opts.examples.length > 0) {
    ws.getCell(r, 1).value = 'I';
    ws.getCell(r, 3).value = 'Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu';
    ws.getRow(r).font = { name: 'Times New Roman', bold: true, size: 11 };
    r += 1;
  }
  opts.examples.forEach((e, i) => {
    const alloc = e.planCentral + e.planLocal;
    const disb = e.disbCentral + e.disbLocal;
    ws.getRow(r).values = [i + 1, '', e.name, e.program, e.commune, e.investor, e.period, e.total, alloc, e.planCentral, e.planLocal, disb, e.disbCentral, e.disbLocal, alloc > 0 ? Math.round((disb / alloc) * 1000) / 10 : null, e.progress, ''];
    r += 1;
  });
  for (let row = 7; row < Math.max(r, 7 + 20); row += 1) {
    for (let c = 1; c <= 17; c += 1) {
      const cell = ws.getCell(row, c);
      cell.border = box;
      if (!cell.font) cell.font = { name: 'Times New Roman', size: 11 };
      if (c >= 8 && c <= 14) cell.numFmt = '#,##0.###';
      if (c === 15 || c === 16) cell.numFmt = '0.0';
      if (c === 2 || c === 5) cell.numFmt = '@';
    }
  }
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:6' };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

export type { SheetRow };

export function assertSheet(rows: SheetRow[]): void {
  if (rows.length === 0) throw new AppError('invalid_file');
}
