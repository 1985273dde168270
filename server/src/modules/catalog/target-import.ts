// Reading a targets workbook (XLSX: indicator code, unit code, period, value, note) and
// checking each row on its own and against the others in the file, before the
// catalogue is consulted. Rows are named as a spreadsheet names them: the header is
// row 1. Numbers typed as text are read the Vietnamese way ("98,5"), and a number
// that reads two ways ("1.234") is refused rather than guessed.
import { parseNumber, tryParsePeriod } from '@shared/engine/index.ts';
import type { ImportRowError } from '@shared/schemas/units.ts';
import { foldVietnamese } from '@shared/text.ts';
import { AppError } from '../../platform/errors.ts';
import { readTable, type SheetCell, type SheetRow } from '../../platform/tabular.ts';

export const MAX_TARGET_ROWS = 10_000;
export type TargetField = 'indicator' | 'unit' | 'period' | 'value' | 'note';

/** The template's headers, also accepted on import. */
export const TARGET_HEADERS: Record<TargetField, string> = {
  indicator: 'Mã chỉ số',
  unit: 'Mã đơn vị',
  period: 'Kỳ',
  value: 'Giá trị mục tiêu',
  note: 'Ghi chú',
};

/** Accepted headers, folded and without spaces: the template's, short forms and English. */
const HEADER_ALIASES: Record<string, TargetField> = {
  machiso: 'indicator', chiso: 'indicator', indicator: 'indicator', indicatorcode: 'indicator', machitieu: 'indicator',
  madonvi: 'unit', donvi: 'unit', unit: 'unit', unitcode: 'unit', madvhc: 'unit',
  ky: 'period', kybaocao: 'period', period: 'period', nam: 'period', year: 'period',
  giatrimuctieu: 'value', giatri: 'value', muctieu: 'value', value: 'value', target: 'value',
  ghichu: 'note', note: 'note',
};

export type { SheetCell, SheetRow };

/** The first sheet of an XLSX file; anything else is refused as invalid_file. */
export function readTargetWorkbook(data: Buffer, fileName: string | undefined): Promise<SheetRow[]> {
  return readTable(data, fileName, ['xlsx']);
}

export interface TargetRow {
  row: number;
  indicatorCode: string;
  /** The unit code as the file shows it. */
  unitCode: string;
  /**
   * Codes it may stand for: itself, or, when Excel turned the code into a number and
   * dropped leading zeros, the province (2 digits) and commune (5 digits) readings.
   * The one that exists is used; if both exist the row is refused, never guessed.
   */
  unitCandidates: string[];
  period: string;
  value: number;
  note: string | null;
}

export interface ParsedTargets {
  total: number;
  rows: TargetRow[];
  rejected: ImportRowError[];
}

/** See TargetRow.unitCandidates. */
export function unitCandidatesOf(cell: SheetCell): string[] {
  if (cell.number === null || !Number.isInteger(cell.number) || cell.number < 0) return [cell.text];
  const digits = String(cell.number);
  if (digits.length > 5) return [digits];
  const commune = digits.padStart(5, '0');
  return digits.length <= 2 ? [digits.padStart(2, '0'), commune] : [commune];
}

const fieldOfHeader = (header: string): TargetField | undefined => HEADER_ALIASES[foldVietnamese(header).replace(/ /g, '')];

export function parseTargetRows(sheet: SheetRow[]): ParsedTargets {
  const nonEmpty = sheet.filter((r) => r.cells.some((c) => c.text !== ''));
  const header = nonEmpty[0];
  if (!header) throw new AppError('invalid_file');
  const data = nonEmpty.slice(1);
  const rejected: ImportRowError[] = [];

  const columns: Partial<Record<TargetField, number>> = {};
  header.cells.forEach((h, i) => {
    const field = fieldOfHeader(h.text);
    if (!field) return;
    if (columns[field] !== undefined) rejected.push({ row: header.row, field, code: 'duplicate_column', message: `Cột "${h.text}" xuất hiện hai lần ở dòng tiêu đề.`, value: h.text });
    else columns[field] = i;
  });
  for (const field of ['indicator', 'unit', 'period', 'value'] as const) {
    if (columns[field] === undefined) rejected.push({ row: header.row, field, code: 'missing_column', message: `Thiếu cột "${TARGET_HEADERS[field]}" ở dòng tiêu đề (dòng ${header.row}).` });
  }
  if (data.length > MAX_TARGET_ROWS) rejected.push({ row: header.row, code: 'too_many_rows', message: `Tệp có ${data.length} dòng dữ liệu; mỗi lần nhập tối đa ${MAX_TARGET_ROWS} dòng.` });
  if (data.length === 0) rejected.push({ row: header.row, code: 'no_rows', message: 'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.' });
  if (rejected.length > 0) return { total: data.length, rows: [], rejected };

  const rows: TargetRow[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const r of data) {
    const cell = (f: TargetField): SheetCell => {
      const i = columns[f];
      const c = i === undefined ? undefined : r.cells[i];
      return c ? { text: c.text.normalize('NFC').trim(), number: c.number } : { text: '', number: null };
    };
    const errors: ImportRowError[] = [];
    const reject = (field: TargetField, code: string, message: string, value?: string) => errors.push({ row: r.row, field, code, message, ...(value ? { value } : {}) });

    const indicatorCode = cell('indicator').text.toUpperCase();
    if (!indicatorCode) reject('indicator', 'required', 'Thiếu mã chỉ số.');

    const unitCell = cell('unit');
    const unitCode = unitCell.text;
    if (!unitCode) reject('unit', 'required', 'Thiếu mã đơn vị.');
    const unitCandidates = unitCandidatesOf(unitCell);

    const period = cell('period').text;
    if (!period) reject('period', 'required', 'Thiếu kỳ (ví dụ 2025).');
    else {
      const parsed = tryParsePeriod(period);
      if (!parsed.ok) reject('period', 'invalid_period', parsed.error.message, period);
    }

    let value: number | null = null;
    const rawValue = cell('value');
    if (rawValue.number !== null) value = rawValue.number;
    else if (!rawValue.text) reject('value', 'required', 'Thiếu giá trị mục tiêu.');
    else {
      const parsed = parseNumber(rawValue.text.replace(/%\s*$/, ''), 'vi');
      if (!parsed.ok) reject('value', 'not_a_number', `Giá trị "${rawValue.text}" không phải là số.`, rawValue.text);
      else if (parsed.ambiguous) {
        reject('value', 'ambiguous_number', `Giá trị "${rawValue.text}" có thể hiểu là ${parsed.value} hoặc ${parsed.alternative}; hãy nhập ô kiểu số trong Excel, hoặc viết dấu phẩy cho phần thập phân (98,5) và không dùng dấu phân cách hàng nghìn.`, rawValue.text);
      } else value = parsed.value;
    }

    const note = cell('note').text;
    if (note.length > 1000) reject('note', 'too_long', 'Ghi chú dài quá 1000 ký tự.');

    const key = `${indicatorCode}|${unitCode}|${period}`;
    if (indicatorCode && unitCode && period) {
      const first = firstRowOfKey.get(key);
      if (first !== undefined) reject('period', 'duplicate_in_file', `Chỉ số ${indicatorCode}, đơn vị ${unitCode}, kỳ ${period} đã có ở dòng ${first}.`, period);
      else firstRowOfKey.set(key, r.row);
    }
    if (errors.length > 0 || value === null) {
      rejected.push(...errors);
      continue;
    }
    rows.push({ row: r.row, indicatorCode, unitCode, unitCandidates, period, value, note: note || null });
  }
  return { total: data.length, rows, rejected };
}
