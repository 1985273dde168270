// Reading uploaded spreadsheets for imports: the first sheet of an XLSX or a CSV
// (UTF-8 with or without BOM; comma, semicolon or tab). Anything else, or a file that
// cannot be read, is refused as invalid_file. Row numbers are those Excel shows.
import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AppError } from './errors.ts';
import { loadExcelJS } from './lazy-modules.ts';

export interface SheetCell {
  text: string;
  /** Set when an XLSX cell holds a number (a cell formatted as % is read as percent: 0,98 → 98). */
  number: number | null;
}

export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

export type TableFormat = 'csv' | 'xlsx';

const invalidFile = () => new AppError('invalid_file');

function cellOf(cell: ExcelJS.Cell): SheetCell {
  let text = '';
  try {
    text = cell.text.trim();
  } catch {
    text = '';
  }
  const value = cell.value;
  const raw = value !== null && typeof value === 'object' && 'result' in value ? (value as { result?: unknown }).result : value;
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const percent = typeof cell.numFmt === 'string' && cell.numFmt.includes('%');
    const number = percent ? Number((raw * 100).toPrecision(15)) : raw;
    return { text: String(number), number };
  }
  return { text, number: null };
}

async function readXlsx(data: Buffer): Promise<SheetRow[]> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw invalidFile();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalidFile();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: SheetCell[] = [];
    for (let c = 1; c <= r.cellCount; c += 1) cells.push(cellOf(r.getCell(c)));
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

function readCsv(data: Buffer): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw invalidFile();
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw invalidFile();
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (!firstLine) throw invalidFile();
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch {
    throw invalidFile();
  }
  // Record i is spreadsheet row i + 1, as when the file is opened in Excel.
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => ({ text: c.trim(), number: null })) }));
}

export async function readTable(data: Buffer, fileName: string | undefined, formats: readonly TableFormat[]): Promise<SheetRow[]> {
  const ext = (/\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1] ?? '').toLowerCase();
  const allowedExt = formats.includes('csv') ? [...formats, 'txt'] : [...formats];
  if (ext && !allowedExt.includes(ext)) throw invalidFile();
  const isZip = data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  if (isZip) {
    if (!formats.includes('xlsx') || (ext && ext !== 'xlsx')) throw invalidFile();
    return readXlsx(data);
  }
  if (ext === 'xlsx' || !formats.includes('csv')) throw invalidFile();
  return readCsv(data);
}
