// Reading and checking a village list uploaded as CSV or XLSX. Every row is checked
// before anything is written (DESIGN.md: imports validate fully and report rejected
// rows), and the report names rows as a spreadsheet does: the header is row 1.
import { VILLAGE_TYPE_LABELS, VILLAGE_TYPES, type ImportRowError, type VillageType } from '@shared/schemas/units.ts';
import { foldVietnamese } from '@shared/text.ts';
import { AppError } from '../../platform/errors.ts';
import { readTable } from '../../platform/tabular.ts';
import { villageName } from './villages.ts';

export const MAX_IMPORT_ROWS = 5000;
const CODE_PATTERN = /^[0-9A-Za-z._-]{1,20}$/;
const NAME_MAX = 120;

export type ImportField = 'code' | 'name' | 'type' | 'regionClass' | 'extremelyDifficult';

/** The header of each column in the template, also accepted on import. */
export const IMPORT_HEADERS: Record<ImportField, string> = {
  code: 'Mã thôn',
  name: 'Tên thôn',
  type: 'Loại',
  regionClass: 'Vùng',
  extremelyDifficult: 'Thôn ĐBKK',
};

/** Accepted headers, folded and without spaces: English keys and Vietnamese labels. */
const HEADER_ALIASES: Record<string, ImportField> = {
  code: 'code', ma: 'code', mathon: 'code', maso: 'code', madonvi: 'code',
  name: 'name', ten: 'name', tenthon: 'name', tendonvi: 'name',
  type: 'type', loai: 'type', loaithon: 'type',
  regionclass: 'regionClass', vung: 'regionClass', khuvuc: 'regionClass', vungkhuvuc: 'regionClass',
  extremelydifficult: 'extremelyDifficult', dbkk: 'extremelyDifficult', thondbkk: 'extremelyDifficult', dacbietkhokhan: 'extremelyDifficult', thondacbietkhokhan: 'extremelyDifficult',
};

const TYPE_BY_FOLDED = new Map<string, VillageType>(
  VILLAGE_TYPES.flatMap((t) => [
    [foldVietnamese(t), t],
    [foldVietnamese(VILLAGE_TYPE_LABELS[t].vi), t],
  ]),
);
const YES = new Set(['x', 'co', 'true', '1', 'yes', 'y', 'dbkk']);
const NO = new Set(['', 'khong', 'false', '0', 'no', 'n']);
const REGION: Record<string, 'I' | 'II' | 'III'> = { i: 'I', ii: 'II', iii: 'III', '1': 'I', '2': 'II', '3': 'III' };

export interface SheetRow {
  row: number;
  cells: string[];
}

/** The first sheet of an XLSX, or a CSV (UTF-8 with or without BOM; comma, semicolon or tab). */
export async function readSheet(data: Buffer, fileName: string | undefined): Promise<SheetRow[]> {
  const rows = await readTable(data, fileName, ['csv', 'xlsx']);
  return rows.map((r) => ({ row: r.row, cells: r.cells.map((c) => c.text) }));
}

export interface ImportRow {
  row: number;
  code: string;
  name: string;
  type: VillageType;
  /** undefined: no such column in the file (keep what is stored); null: empty cell (none). */
  regionClass?: 'I' | 'II' | 'III' | null;
  extremelyDifficult?: boolean;
}

export interface ParsedFile {
  total: number;
  rows: ImportRow[];
  rejected: ImportRowError[];
}

function fieldOfHeader(header: string): ImportField | undefined {
  return HEADER_ALIASES[foldVietnamese(header).replace(/ /g, '')];
}

const TYPE_LIST = VILLAGE_TYPES.map((t) => VILLAGE_TYPE_LABELS[t].vi).join(', ');

/** Checks every row on its own and against the others in the file. */
export function parseVillageRows(sheet: SheetRow[]): ParsedFile {
  const nonEmpty = sheet.filter((r) => r.cells.some((c) => c !== ''));
  const header = nonEmpty[0];
  if (!header) throw new AppError('invalid_file');
  const data = nonEmpty.slice(1);
  const rejected: ImportRowError[] = [];

  const columns: Partial<Record<ImportField, number>> = {};
  header.cells.forEach((h, i) => {
    const field = fieldOfHeader(h);
    if (!field) return;
    if (columns[field] !== undefined) rejected.push({ row: header.row, field, code: 'duplicate_column', message: `Cột "${h}" xuất hiện hai lần ở dòng tiêu đề.`, value: h });
    else columns[field] = i;
  });
  for (const field of ['code', 'name', 'type'] as const) {
    if (columns[field] === undefined) rejected.push({ row: header.row, field, code: 'missing_column', message: `Thiếu cột "${IMPORT_HEADERS[field]}" ở dòng tiêu đề (dòng ${header.row}).` });
  }
  if (data.length > MAX_IMPORT_ROWS) rejected.push({ row: header.row, code: 'too_many_rows', message: `Tệp có ${data.length} dòng dữ liệu; mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} dòng.` });
  if (rejected.length > 0) return { total: data.length, rows: [], rejected };

  const rows: ImportRow[] = [];
  const firstRowOfCode = new Map<string, number>();
  for (const r of data) {
    const cell = (f: ImportField) => {
      const i = columns[f];
      return i === undefined ? undefined : (r.cells[i] ?? '').normalize('NFC').trim();
    };
    const errors: ImportRowError[] = [];
    const reject = (field: ImportField, code: string, message: string, value?: string) => errors.push({ row: r.row, field, code, message, ...(value ? { value } : {}) });

    const code = cell('code') ?? '';
    if (!code) reject('code', 'required', 'Thiếu mã thôn.');
    else if (code.length > 20) reject('code', 'too_long', 'Mã thôn dài quá 20 ký tự.', code);
    else if (!CODE_PATTERN.test(code)) reject('code', 'invalid_format', 'Mã thôn chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới.', code);
    else if (firstRowOfCode.has(code)) reject('code', 'duplicate_in_file', `Mã thôn "${code}" trùng với dòng ${firstRowOfCode.get(code)}.`, code);

    const rawType = cell('type') ?? '';
    const type = TYPE_BY_FOLDED.get(foldVietnamese(rawType));
    if (!rawType) reject('type', 'required', `Thiếu loại (một trong: ${TYPE_LIST}).`);
    else if (!type) reject('type', 'unknown_type', `Loại "${rawType}" không hợp lệ; dùng một trong: ${TYPE_LIST}.`, rawType);

    const rawName = cell('name') ?? '';
    const name = type ? villageName(rawName, type) : rawName.replace(/\s+/g, ' ');
    if (!name) reject('name', 'required', 'Thiếu tên thôn.');
    else if (name.length > NAME_MAX) reject('name', 'too_long', `Tên thôn dài quá ${NAME_MAX} ký tự.`, rawName);

    let regionClass: ImportRow['regionClass'];
    const rawRegion = cell('regionClass');
    if (rawRegion !== undefined) {
      const key = foldVietnamese(rawRegion).replace(/^(khu vuc|kv|vung)\s*/, '');
      if (rawRegion === '') regionClass = null;
      else if (REGION[key]) regionClass = REGION[key];
      else reject('regionClass', 'invalid_value', 'Vùng phải là I, II hoặc III (hoặc để trống).', rawRegion);
    }

    let extremelyDifficult: boolean | undefined;
    const rawFlag = cell('extremelyDifficult');
    if (rawFlag !== undefined) {
      const key = foldVietnamese(rawFlag);
      if (YES.has(key)) extremelyDifficult = true;
      else if (NO.has(key)) extremelyDifficult = false;
      else reject('extremelyDifficult', 'invalid_value', 'Cột Thôn ĐBKK ghi "x" hoặc "có" nếu là thôn đặc biệt khó khăn, để trống nếu không.', rawFlag);
    }

    if (code && !firstRowOfCode.has(code)) firstRowOfCode.set(code, r.row);
    if (errors.length > 0 || !type) {
      rejected.push(...errors);
      continue;
    }
    rows.push({ row: r.row, code, name, type, regionClass, extremelyDifficult });
  }
  return { total: data.length, rows, rejected };
}

export interface ExistingVillage {
  id: string;
  code: string;
  name: string;
  full_name: string;
  type: string;
  valid_to: string | null;
  attributes: Record<string, unknown>;
}

export interface ImportPlan {
  create: ImportRow[];
  update: { row: ImportRow; existing: ExistingVillage; attributes: Record<string, unknown> }[];
  unchanged: number;
  rejected: ImportRowError[];
}

/** Attributes of a new village from its row: only what the file says. */
export function importedAttributes(row: ImportRow, current: Record<string, unknown> = {}): Record<string, unknown> {
  const next = { ...current };
  if (row.regionClass === null) delete next.regionClass;
  else if (row.regionClass !== undefined) next.regionClass = row.regionClass;
  // An empty "Thôn ĐBKK" cell means "not extremely difficult": false and absent are the same.
  if (row.extremelyDifficult !== undefined && Boolean(current.extremelyDifficult) !== row.extremelyDifficult) {
    if (row.extremelyDifficult) next.extremelyDifficult = true;
    else if ('extremelyDifficult' in next) next.extremelyDifficult = false;
  }
  return next;
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** What each valid row does against the commune's villages: create, update or nothing. */
export function planImport(rows: ImportRow[], existing: ExistingVillage[]): ImportPlan {
  const byCode = new Map(existing.map((v) => [v.code, v]));
  const plan: ImportPlan = { create: [], update: [], unchanged: 0, rejected: [] };
  for (const row of rows) {
    const current = byCode.get(row.code);
    if (!current) {
      plan.create.push(row);
      continue;
    }
    if (current.valid_to !== null) {
      plan.rejected.push({
        row: row.row,
        field: 'code',
        code: 'code_of_closed_village',
        message: `Mã thôn "${row.code}" đã dùng cho ${current.full_name} (đã ngừng hiệu lực); hãy dùng mã khác.`,
        value: row.code,
      });
      continue;
    }
    const attributes = importedAttributes(row, current.attributes);
    if (current.name === row.name && current.type === row.type && sameAttributes(current.attributes, attributes)) plan.unchanged += 1;
    else plan.update.push({ row, existing: current, attributes });
  }
  return plan;
}
