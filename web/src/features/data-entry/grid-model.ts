// The data-entry grid as plain data: a form's sections cut into blocks of rows that
// share the same columns (option combinations), cell keys, spreadsheet navigation
// across blocks, totals, completeness and the value lookup the validation engine reads.
// No React here, so it is unit-tested and identical on desktop and phone layouts.
import type { ExpressionReference, ValueLookup } from '@shared/engine/expression.ts';
import type { ElementRules, ValidationRule, ValueType } from '@shared/engine/validation.ts';
import { elementValueLookup } from '@shared/engine/validation.ts';
import type { FormDetail } from '@shared/schemas/forms.ts';

export type FormSection = FormDetail['sections'][number];
export type FormElement = FormSection['elements'][number];
export type FormColumn = FormElement['columns'][number];

/** One cell: a data element × one of its option combinations. */
export type CellKey = string;
export const cellKey = (dataElementId: string, cocId: string): CellKey => `${dataElementId}:${cocId}`;
export function splitCellKey(key: CellKey): { dataElementId: string; cocId: string } {
  const i = key.indexOf(':');
  return { dataElementId: key.slice(0, i), cocId: key.slice(i + 1) };
}

/** Rows of one section with an identical column set: one table with its own header. */
export interface Block {
  id: string;
  sectionId: string;
  columns: FormColumn[];
  rows: FormElement[];
}

const NUMERIC: ReadonlySet<string> = new Set(['integer', 'number', 'percentage']);
export const isNumericType = (valueType: string): boolean => NUMERIC.has(valueType);

/**
 * Cuts each section into blocks: consecutive elements with the same columns share a
 * table. Consecutive, not all alike together, so rows keep the order the form's author
 * gave them.
 */
export function buildBlocks(sections: readonly FormSection[]): Block[] {
  const blocks: Block[] = [];
  for (const section of sections) {
    let current: Block | null = null;
    let signature = '';
    for (const element of section.elements) {
      const sig = element.columns.map((c) => c.id).join(',');
      if (!current || sig !== signature) {
        current = { id: `${section.id}#${blocks.length}`, sectionId: section.id, columns: element.columns, rows: [] };
        signature = sig;
        blocks.push(current);
      }
      current.rows.push(element);
    }
  }
  return blocks.filter((b) => b.columns.length > 0);
}

/** A position in the grid: block, row in it, column in it. */
export interface GridPos {
  block: number;
  row: number;
  col: number;
}

export type Move = 'up' | 'down' | 'left' | 'right' | 'next' | 'prev' | 'home' | 'end';

export function keyAt(blocks: readonly Block[], pos: GridPos): CellKey | null {
  const block = blocks[pos.block];
  const row = block?.rows[pos.row];
  const col = block?.columns[pos.col];
  return row && col ? cellKey(row.dataElementId, col.id) : null;
}

export function posOf(blocks: readonly Block[], key: CellKey): GridPos | null {
  const { dataElementId, cocId } = splitCellKey(key);
  for (let b = 0; b < blocks.length; b++) {
    const row = blocks[b].rows.findIndex((r) => r.dataElementId === dataElementId);
    if (row < 0) continue;
    const col = blocks[b].columns.findIndex((c) => c.id === cocId);
    if (col >= 0) return { block: b, row, col };
  }
  return null;
}

/**
 * Where a key press moves the focus. Up/down cross into the neighbouring block (the
 * column clamped to what that block has); left/right stop at the row's ends; Tab
 * (next/prev) runs on into the following/previous row, as when filling a form row by row.
 * At the grid's edges the position does not change.
 */
export function move(blocks: readonly Block[], pos: GridPos, m: Move): GridPos {
  const block = blocks[pos.block];
  if (!block) return pos;
  const lastCol = block.columns.length - 1;
  const clampTo = (b: number, row: number, col: number): GridPos => ({ block: b, row, col: Math.min(col, blocks[b].columns.length - 1) });
  switch (m) {
    case 'left':
      return { ...pos, col: Math.max(0, pos.col - 1) };
    case 'right':
      return { ...pos, col: Math.min(lastCol, pos.col + 1) };
    case 'home':
      return { ...pos, col: 0 };
    case 'end':
      return { ...pos, col: lastCol };
    case 'down':
      if (pos.row < block.rows.length - 1) return { ...pos, row: pos.row + 1 };
      return pos.block < blocks.length - 1 ? clampTo(pos.block + 1, 0, pos.col) : pos;
    case 'up':
      if (pos.row > 0) return { ...pos, row: pos.row - 1 };
      return pos.block > 0 ? clampTo(pos.block - 1, blocks[pos.block - 1].rows.length - 1, pos.col) : pos;
    case 'next':
      if (pos.col < lastCol) return { ...pos, col: pos.col + 1 };
      if (pos.row < block.rows.length - 1) return { ...pos, row: pos.row + 1, col: 0 };
      return pos.block < blocks.length - 1 ? { block: pos.block + 1, row: 0, col: 0 } : pos;
    case 'prev':
      if (pos.col > 0) return { ...pos, col: pos.col - 1 };
      if (pos.row > 0) return { ...pos, row: pos.row - 1, col: lastCol };
      if (pos.block > 0) {
        const prev = blocks[pos.block - 1];
        return { block: pos.block - 1, row: prev.rows.length - 1, col: prev.columns.length - 1 };
      }
      return pos;
    default:
      return assertNever(m);
  }
}

// ---------------------------------------------------------------------------------
// Paste

/**
 * Reads what Excel, LibreOffice or Google Sheets put on the clipboard: rows separated
 * by new lines, cells by tabs, a cell with a tab, new line or quote wrapped in double
 * quotes (quotes doubled inside). The trailing new line Excel adds is not a row.
 */
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  const src = text.replace(/\r\n?/g, '\n');
  while (i < src.length) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
      i++;
      continue;
    }
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += ch;
      atCellStart = false;
    }
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.map((r) => r.map((c) => c.trim()));
}

/** Whether pasted text is a block (several cells) rather than one value for one cell. */
export const isBlockPaste = (text: string): boolean => /[\t\n]/.test(text.replace(/\r?\n$/, ''));

export interface PasteTarget {
  key: CellKey;
  text: string;
}

/**
 * The cells a pasted block fills from the focused cell: its rows go down the grid
 * (into the next block when one ends), its columns right along each row; what falls
 * beyond a row's last column or the grid's last row is dropped (and counted).
 */
export function pastePlan(blocks: readonly Block[], start: GridPos, matrix: string[][]): { targets: PasteTarget[]; dropped: number } {
  const targets: PasteTarget[] = [];
  let dropped = 0;
  let rowPos: GridPos | null = start;
  for (let r = 0; r < matrix.length; r++) {
    if (r > 0 && rowPos) {
      const next = move(blocks, { ...rowPos, col: start.col }, 'down');
      rowPos = next.block === rowPos.block && next.row === rowPos.row ? null : { ...next, col: start.col };
    }
    for (let c = 0; c < matrix[r].length; c++) {
      const block = rowPos ? blocks[rowPos.block] : undefined;
      const col = start.col + c;
      if (!rowPos || !block || col >= block.columns.length) {
        dropped++;
        continue;
      }
      targets.push({ key: cellKey(block.rows[rowPos.row].dataElementId, block.columns[col].id), text: matrix[r][c] });
    }
  }
  return { targets, dropped };
}

// ---------------------------------------------------------------------------------
// Values, totals, completeness

/** Canonical stored values ('1234.5', 'true', '2025-07-15', text) by cell; absent or null: empty. */
export type ValueMap = ReadonlyMap<CellKey, string | null>;

/** A stored value as a number for sums and rules: numbers as they are, yes/no as 1/0. */
export function numericValue(valueType: string, stored: string | null | undefined): number | null {
  if (stored === null || stored === undefined || stored === '') return null;
  if (valueType === 'boolean') return stored === 'true' ? 1 : stored === 'false' ? 0 : null;
  if (!isNumericType(valueType)) return null;
  const n = Number(stored);
  return Number.isFinite(n) ? n : null;
}

function sum(values: (number | null)[]): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  // Decimal noise (0.1 + 0.2) must not show as 0,30000000000000004.
  return total === null ? null : Math.round(total * 1e9) / 1e9;
}

/** A row total only for numeric rows with more than one column; null when every cell is empty. */
export const hasRowTotal = (element: FormElement): boolean => isNumericType(element.valueType) && element.valueType !== 'percentage' && element.columns.length > 1;

export function rowTotal(element: FormElement, values: ValueMap): number | null {
  return sum(element.columns.map((c) => numericValue(element.valueType, values.get(cellKey(element.dataElementId, c.id)))));
}

/**
 * A column-total row only where adding rows up can mean something: a disaggregated
 * block (several option combinations) of two or more rows, all counts or amounts (not
 * percentages, yes/no or text) in the same unit of measure. Distinct indicators in an
 * undisaggregated block (all households, of which ethnic-minority…) never add up.
 */
export function hasColumnTotals(block: Block): boolean {
  if (block.rows.length < 2 || block.columns.length < 2) return false;
  const unit = block.rows[0].unitOfMeasureVi;
  return block.rows.every((r) => (r.valueType === 'integer' || r.valueType === 'number') && r.unitOfMeasureVi === unit);
}

export function columnTotals(block: Block, values: ValueMap): { columns: (number | null)[]; total: number | null } {
  const columns = block.columns.map((c) => sum(block.rows.map((r) => numericValue(r.valueType, values.get(cellKey(r.dataElementId, c.id))))));
  return { columns, total: sum(columns) };
}

export interface Completeness {
  filled: number;
  total: number;
  requiredFilled: number;
  required: number;
}

export function completeness(blocks: readonly Block[], values: ValueMap): Completeness {
  const out: Completeness = { filled: 0, total: 0, requiredFilled: 0, required: 0 };
  for (const block of blocks) {
    for (const row of block.rows) {
      for (const col of block.columns) {
        const v = values.get(cellKey(row.dataElementId, col.id));
        const filled = v !== null && v !== undefined && v !== '';
        out.total++;
        if (filled) out.filled++;
        if (row.required) {
          out.required++;
          if (filled) out.requiredFilled++;
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Validation

/** The engine's rules for one element, as the server builds them. */
export function elementRules(e: FormElement): ElementRules {
  return { valueType: e.valueType as ValueType, required: e.required, min: e.min, max: e.max, zeroIsSignificant: e.zeroIsSignificant };
}

export function engineRules(form: Pick<FormDetail, 'validationRules'>): ValidationRule[] {
  return form.validationRules.map((r) => ({
    code: r.code,
    name: r.nameVi,
    left: r.left,
    operator: r.operator,
    right: r.right,
    importance: r.importance,
    message: r.message,
    messageEn: r.messageEn ?? undefined,
    missingValueStrategy: r.missingValueStrategy,
  }));
}

interface ElementIndex {
  byCode: Map<string, FormElement>;
}

function indexElements(sections: readonly FormSection[]): ElementIndex {
  const byCode = new Map<string, FormElement>();
  for (const s of sections) for (const e of s.elements) if (!byCode.has(e.code)) byCode.set(e.code, e);
  return { byCode };
}

/**
 * What rule expressions read: #{DE.COC} is one cell, #{DE} the sum of the element's
 * cells (missing when all are empty). Elements outside the form are missing, so a rule
 * that needs them is skipped (or fails under 'never-skip'), as on the server.
 */
export function valueLookup(sections: readonly FormSection[], values: ValueMap): ValueLookup {
  const byCode = new Map<string, Map<string, number>>();
  for (const element of indexElements(sections).byCode.values()) {
    const cells = new Map<string, number>();
    for (const c of element.columns) {
      const v = numericValue(element.valueType, values.get(cellKey(element.dataElementId, c.id)));
      if (v !== null) cells.set(c.code, v);
    }
    if (cells.size > 0) byCode.set(element.code, cells);
  }
  return elementValueLookup(byCode);
}

/** The grid cells a rule reads: one cell for #{DE.COC}, every cell of the element for #{DE}. */
export function cellsOfReferences(sections: readonly FormSection[], refs: readonly ExpressionReference[]): CellKey[] {
  const { byCode } = indexElements(sections);
  const keys: CellKey[] = [];
  for (const ref of refs) {
    const element = byCode.get(ref.dataElement);
    if (!element) continue;
    for (const col of element.columns) {
      if (ref.combo === undefined || col.code === ref.combo) keys.push(cellKey(element.dataElementId, col.id));
    }
  }
  return [...new Set(keys)];
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
