// Reading an uploaded data-value file into rows, refusing malformed files as a whole
// with a clear error: JSON and CSV in DHIS2's dataValueSets shape (UTF-8, a BOM is
// accepted, any invalid byte is refused with its offset), XLSX either laid out like the
// form (the template, with hidden keys) or a sheet with the dataValueSets header. An
// XLSX is checked for zip bombs before exceljs opens it, and refused when any cell
// holds a formula (naming the cell); any cell or field longer than MAX_CELL_CHARS
// refuses the file. Problems of single rows (a missing code, a bad value) are not
// decided here: they become rejected rows in the report.
import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DATA_VALUE_CSV_HEADER, type DataImportFormat } from '@shared/schemas/data-exchange.ts';
import { AppError } from '../../platform/errors.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import { parseAdx } from './adx.ts';
import { assertSafeZip } from './zip-guard.ts';
import { TEMPLATE_MARKER } from './template.ts';

export const MAX_CELL_CHARS = 50_000;

export interface ImportRow {
  /** As the file numbers it: spreadsheet row (header = 1), or position in dataValues (from 1). */
  row: number;
  /** What the report calls the cell when not element/period/unit/option combination (keyOfRow): the template's cell address. */
  key?: string;
  dataElement: string;
  /** Set by the template: the element and option combination by id. */
  dataElementId?: string;
  cocId?: string;
  period: string;
  orgUnit: string;
  /** Set by the template: the unit by id. */
  orgUnitId?: string;
  /** '' when absent: the default combination for an element without disaggregation. */
  coc: string;
  /** ADX: the option combination named by its options (category code → option code; {} = the default combination). */
  categories?: Record<string, string>;
  /** ADX: the form (dataSet) code of the row's group; the element must be on that form. */
  dataSet?: string;
  value: string | number | boolean | null;
  /** 'en': canonical text of dataValueSets ("1234.5"); 'vi': typed the Vietnamese way in a sheet. */
  lang: 'en' | 'vi';
  /** null: keep the cell's comment. */
  comment: string | null;
  /** DHIS2's deleted flag: clears the cell. */
  deleted: boolean;
}

export interface ParsedFile {
  rows: ImportRow[];
  /** Set when the XLSX is the form template. */
  template: { formId: string; unitId: string; period: string } | null;
}

const tooLarge = (where: string, length: number) => new AppError('file_cell_too_large', { where, length, limit: MAX_CELL_CHARS });

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function invalidUtf8Offset(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k += 1) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function decodeText(data: Buffer): string {
  const bad = invalidUtf8Offset(data);
  if (bad >= 0) throw new AppError('file_not_utf8', { offset: bad });
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new AppError('file_not_utf8', { offset: text.indexOf('\u0000') });
  return text;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const keyOf = (de: string, period: string, ou: string, coc: string) => `${de}/${period}/${ou}${coc ? `/${coc}` : ''}`;
/** The report's key of a row, built only for rejected rows (a million keys would cost memory for nothing). */
export const keyOfRow = (r: ImportRow): string =>
  r.key ?? keyOf(r.dataElement, r.period, r.orgUnit, r.categories ? Object.entries(r.categories).map(([c, o]) => `${c}=${o}`).join(',') : r.coc);
const truthy = (v: unknown) => v === true || (typeof v === 'string' && /^(true|1|yes)$/i.test(v.trim()));

// --- JSON ---------------------------------------------------------------------------

export function parseJsonFile(data: Buffer): ImportRow[] {
  const text = decodeText(data);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new AppError('file_invalid_json', { reason: (err as Error).message });
  }
  const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { dataValues?: unknown }).dataValues : undefined;
  if (!Array.isArray(list)) throw new AppError('file_invalid_json', { reason: 'thiếu mảng "dataValues" ở cấp ngoài cùng ({"dataValues": [...]}).' });
  return list.map((item, i) => {
    const row = i + 1;
    const o = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    for (const [field, v] of Object.entries(o)) {
      if (typeof v === 'string' && v.length > MAX_CELL_CHARS) throw tooLarge(`dataValues[${i}].${field}`, v.length);
    }
    const de = str(o.dataElement).trim();
    const period = str(o.period).trim();
    const ou = str(o.orgUnit).trim();
    const coc = str(o.categoryOptionCombo).trim();
    const raw = o.value;
    const value = typeof raw === 'number' || typeof raw === 'boolean' ? raw : typeof raw === 'string' ? raw : null;
    const comment = typeof o.comment === 'string' && o.comment.trim() !== '' ? o.comment : null;
    return { row, dataElement: de, period, orgUnit: ou, coc, value, lang: 'en', comment, deleted: truthy(o.deleted) };
  });
}

// --- CSV and the dataValueSets sheet --------------------------------------------------

type Field = (typeof DATA_VALUE_CSV_HEADER)[number];
const REQUIRED: Field[] = ['dataelement', 'period', 'orgunit', 'value'];

function columnsOf(header: string[]): Partial<Record<Field, number>> {
  const cols: Partial<Record<Field, number>> = {};
  header.forEach((h, i) => {
    const name = h.trim().toLowerCase().replace(/[\s_]/g, '') as Field;
    if ((DATA_VALUE_CSV_HEADER as readonly string[]).includes(name) && cols[name] === undefined) cols[name] = i;
  });
  return cols;
}

function assertHeader(cols: Partial<Record<Field, number>>): void {
  const missing = REQUIRED.filter((f) => cols[f] === undefined);
  if (missing.length > 0) throw new AppError('file_bad_header', { missing: missing.join(', '), expected: DATA_VALUE_CSV_HEADER.join(',') });
}

function tableRow(row: number, cells: (string | number | boolean | null)[], cols: Partial<Record<Field, number>>, lang: 'en' | 'vi'): ImportRow {
  const get = (f: Field) => (cols[f] === undefined ? null : (cells[cols[f]!] ?? null));
  const text = (f: Field) => str(get(f)).trim();
  const de = text('dataelement');
  const period = text('period');
  const ou = text('orgunit');
  const coc = text('categoryoptioncombo');
  const v = get('value');
  const comment = text('comment');
  return { row, dataElement: de, period, orgUnit: ou, coc, value: typeof v === 'string' && v.trim() === '' ? null : v, lang, comment: comment || null, deleted: truthy(get('deleted')) };
}

export function parseCsvFile(data: Buffer): ImportRow[] {
  const text = decodeText(data);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Comma as DHIS2 writes it; a semicolon or tab when the header uses one (Excel in Vietnamese saves ";").
    const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
    const count = (ch: string) => firstLine.split(ch).length - 1;
    const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 4 * MAX_CELL_CHARS }) as typeof records;
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    if (e.code === 'CSV_MAX_RECORD_SIZE') throw tooLarge(`dòng ${e.lines ?? '?'}`, 4 * MAX_CELL_CHARS);
    throw new AppError('invalid_file');
  }
  const first = records[0];
  if (!first) throw new AppError('file_no_rows');
  const cols = columnsOf(first.record);
  assertHeader(cols);
  const rows: ImportRow[] = [];
  for (let i = 1; i < records.length; i += 1) {
    const { record, info } = records[i]!;
    for (let c = 0; c < record.length; c += 1) if (record[c]!.length > MAX_CELL_CHARS) throw tooLarge(`dòng ${info.lines}, cột ${c + 1}`, record[c]!.length);
    if (record.every((c) => c.trim() === '')) continue;
    rows.push(tableRow(info.lines, record, cols, 'en'));
  }
  return rows;
}

// --- XLSX ----------------------------------------------------------------------------

/** A cell's value for import: a number, a boolean, or text (dates as dd/mm/yyyy). */
function cellValue(cell: ExcelJS.Cell): string | number | boolean | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v;
  if (v instanceof Date) {
    const d = v.getUTCDate();
    const m = v.getUTCMonth() + 1;
    return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${v.getUTCFullYear()}`;
  }
  try {
    return cell.text;
  } catch {
    return null;
  }
}

function isFormula(cell: ExcelJS.Cell, excel: typeof ExcelJS): boolean {
  const v = cell.value as unknown;
  return cell.type === excel.ValueType.Formula || (v !== null && typeof v === 'object' && ('formula' in (v as object) || 'sharedFormula' in (v as object)));
}

/** Refuses formulas and huge cells anywhere in the workbook; `excel` is the loaded exceljs module. */
function assertPlainCells(workbook: ExcelJS.Workbook, excel: typeof ExcelJS): void {
  for (const sheet of workbook.worksheets) {
    sheet.eachRow({ includeEmpty: false }, (r) => {
      r.eachCell({ includeEmpty: false }, (cell) => {
        if (isFormula(cell, excel)) throw new AppError('file_formula', { cell: `${sheet.name}!${cell.address}` });
        const v = cell.value;
        const length = typeof v === 'string' ? v.length : v !== null && typeof v === 'object' && 'richText' in v ? cell.text.length : 0;
        if (length > MAX_CELL_CHARS) throw tooLarge(`ô ${sheet.name}!${cell.address}`, length);
      });
    });
  }
}

export async function parseXlsxFile(data: Buffer): Promise<ParsedFile> {
  const isZip = data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
  if (!isZip) throw new AppError('invalid_file');
  assertSafeZip(data);
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('invalid_file');
  }
  assertPlainCells(workbook, ExcelJS);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('invalid_file');
  if (str(sheet.getCell(1, 1).value) === TEMPLATE_MARKER) return readTemplate(sheet);

  // A flat sheet with the dataValueSets header in its first non-empty row.
  let cols: Partial<Record<Field, number>> | null = null;
  const rows: ImportRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: (string | number | boolean | null)[] = [];
    for (let c = 1; c <= r.cellCount; c += 1) cells.push(cellValue(r.getCell(c)));
    if (cols === null) {
      cols = columnsOf(cells.map(str));
      if (REQUIRED.some((f) => cols![f] === undefined)) throw new AppError('file_layout', { expected: DATA_VALUE_CSV_HEADER.join(', ') });
      return;
    }
    if (cells.every((c) => c === null || str(c).trim() === '')) return;
    // Codes typed as numbers in Excel lose nothing but their type: read them as text.
    const asText = cells.map((c, i) => (i === cols!.value ? c : c === null ? null : str(c)));
    rows.push(tableRow(rowNumber, asText, cols, 'vi'));
  });
  if (cols === null) throw new AppError('file_layout', { expected: DATA_VALUE_CSV_HEADER.join(', ') });
  return { rows, template: null };
}

/**
 * The form template (template.ts): row 1 holds the marker, form, unit and period; a
 * row with "#coc" in column A holds the option-combination ids of the columns below
 * it; a row with an element id in column A holds its values. Empty cells are skipped.
 */
function readTemplate(sheet: ExcelJS.Worksheet): ParsedFile {
  const formId = str(sheet.getCell(1, 2).value).trim();
  const unitId = str(sheet.getCell(1, 3).value).trim();
  const period = str(sheet.getCell(1, 4).value).trim();
  if (!/^\d+$/.test(formId) || !/^\d+$/.test(unitId) || !period) throw new AppError('file_layout', { expected: DATA_VALUE_CSV_HEADER.join(', ') });
  const rows: ImportRow[] = [];
  let cocs: (string | null)[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const a = str(r.getCell(1).value).trim();
    if (a === '#coc') {
      cocs = [];
      for (let c = 1; c <= r.cellCount; c += 1) {
        const id = str(r.getCell(c).value).trim();
        cocs[c] = /^\d+$/.test(id) ? id : null;
      }
      return;
    }
    if (!/^\d+$/.test(a)) return;
    for (let c = 2; c < cocs.length; c += 1) {
      const cocId = cocs[c];
      if (!cocId) continue;
      const cell = r.getCell(c);
      const value = cellValue(cell);
      if (value === null || (typeof value === 'string' && value.trim() === '')) continue;
      rows.push({ row: rowNumber, key: cell.address, dataElement: '', dataElementId: a, cocId, period, orgUnit: '', orgUnitId: unitId, coc: '', value, lang: 'vi', comment: null, deleted: false });
    }
  });
  return { rows, template: { formId, unitId, period } };
}

export async function parseImportFile(data: Buffer, format: DataImportFormat): Promise<ParsedFile> {
  if (format === 'xlsx') return parseXlsxFile(data);
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) throw new AppError('invalid_file');
  const rows = format === 'json' ? parseJsonFile(data) : format === 'adx' ? await parseAdx(decodeText(data)) : parseCsvFile(data);
  return { rows, template: null };
}
