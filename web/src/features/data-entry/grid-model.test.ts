import { describe, expect, it } from 'vitest';
import { runValidation } from '@shared/engine/validation.ts';
import {
  buildBlocks,
  cellKey,
  cellsOfReferences,
  columnTotals,
  completeness,
  engineRules,
  hasColumnTotals,
  hasRowTotal,
  isBlockPaste,
  keyAt,
  move,
  parseClipboard,
  pastePlan,
  posOf,
  rowTotal,
  valueLookup,
  type FormColumn,
  type FormElement,
  type FormSection,
} from './grid-model';

const DEFAULT: FormColumn[] = [{ id: 'c0', code: 'DEFAULT', nameVi: 'Không phân tổ', nameEn: null }];
const SEX: FormColumn[] = [
  { id: 'cM', code: 'NAM', nameVi: 'Nam', nameEn: 'Male' },
  { id: 'cF', code: 'NU', nameVi: 'Nữ', nameEn: 'Female' },
];

function el(id: string, code: string, columns = DEFAULT, extra: Partial<FormElement> = {}): FormElement {
  return {
    dataElementId: id,
    code,
    nameVi: code,
    nameEn: null,
    valueType: 'integer',
    unitOfMeasureVi: 'hộ',
    required: false,
    min: 0,
    max: null,
    zeroIsSignificant: true,
    columns,
    ...extra,
  };
}

const sections: FormSection[] = [
  { id: 's1', code: 'A', nameVi: 'A', nameEn: null, elements: [el('1', 'HH_TOTAL', DEFAULT, { required: true }), el('2', 'HH_DTTS')] },
  {
    id: 's2',
    code: 'C',
    nameVi: 'C',
    nameEn: null,
    elements: [el('3', 'CHILDREN_5Y'), el('4', 'CHILDREN_U5', SEX, { unitOfMeasureVi: 'trẻ' }), el('5', 'U5_UNDERWEIGHT', SEX, { unitOfMeasureVi: 'trẻ' }), el('6', 'NOTE', DEFAULT, { valueType: 'text' })],
  },
];
const blocks = buildBlocks(sections);

describe('buildBlocks', () => {
  it('groups consecutive rows with the same columns, per section, in the form order', () => {
    expect(blocks.map((b) => [b.sectionId, b.rows.map((r) => r.code), b.columns.map((c) => c.code)])).toEqual([
      ['s1', ['HH_TOTAL', 'HH_DTTS'], ['DEFAULT']],
      ['s2', ['CHILDREN_5Y'], ['DEFAULT']],
      ['s2', ['CHILDREN_U5', 'U5_UNDERWEIGHT'], ['NAM', 'NU']],
      ['s2', ['NOTE'], ['DEFAULT']],
    ]);
  });
});

describe('navigation', () => {
  it('moves within a block and across blocks, clamping the column', () => {
    expect(move(blocks, { block: 0, row: 0, col: 0 }, 'down')).toEqual({ block: 0, row: 1, col: 0 });
    expect(move(blocks, { block: 0, row: 1, col: 0 }, 'down')).toEqual({ block: 1, row: 0, col: 0 });
    expect(move(blocks, { block: 2, row: 1, col: 1 }, 'down')).toEqual({ block: 3, row: 0, col: 0 });
    expect(move(blocks, { block: 3, row: 0, col: 0 }, 'up')).toEqual({ block: 2, row: 1, col: 0 });
    expect(move(blocks, { block: 0, row: 0, col: 0 }, 'up')).toEqual({ block: 0, row: 0, col: 0 });
    expect(move(blocks, { block: 3, row: 0, col: 0 }, 'down')).toEqual({ block: 3, row: 0, col: 0 });
  });

  it('stops left/right at the row ends; Tab runs on into the next row and block', () => {
    expect(move(blocks, { block: 2, row: 0, col: 1 }, 'right')).toEqual({ block: 2, row: 0, col: 1 });
    expect(move(blocks, { block: 2, row: 0, col: 0 }, 'left')).toEqual({ block: 2, row: 0, col: 0 });
    expect(move(blocks, { block: 2, row: 0, col: 1 }, 'next')).toEqual({ block: 2, row: 1, col: 0 });
    expect(move(blocks, { block: 2, row: 1, col: 1 }, 'next')).toEqual({ block: 3, row: 0, col: 0 });
    expect(move(blocks, { block: 2, row: 1, col: 0 }, 'prev')).toEqual({ block: 2, row: 0, col: 1 });
    expect(move(blocks, { block: 2, row: 0, col: 0 }, 'prev')).toEqual({ block: 1, row: 0, col: 0 });
    expect(move(blocks, { block: 2, row: 0, col: 0 }, 'end')).toEqual({ block: 2, row: 0, col: 1 });
  });

  it('maps positions and keys both ways', () => {
    const key = keyAt(blocks, { block: 2, row: 1, col: 1 });
    expect(key).toBe(cellKey('5', 'cF'));
    expect(posOf(blocks, key!)).toEqual({ block: 2, row: 1, col: 1 });
    expect(posOf(blocks, cellKey('9', 'c0'))).toBeNull();
  });
});

describe('paste', () => {
  it('reads Excel clipboard text: tabs, lines, the trailing new line, quoted cells', () => {
    expect(parseClipboard('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseClipboard('1.234,5\t"a ""b""\nc"\n7')).toEqual([['1.234,5', 'a "b"\nc'], ['7']]);
    expect(parseClipboard('12')).toEqual([['12']]);
    expect(parseClipboard('\t5\n')).toEqual([['', '5']]);
    expect(isBlockPaste('12\n')).toBe(false);
    expect(isBlockPaste('12\t13')).toBe(true);
    expect(isBlockPaste('12\n13')).toBe(true);
  });

  it('fills down across blocks and right along rows, dropping what does not fit', () => {
    const plan = pastePlan(blocks, { block: 2, row: 0, col: 0 }, [
      ['10', '11', '99'],
      ['3', '4'],
      ['x', 'y'],
    ]);
    expect(plan.targets).toEqual([
      { key: cellKey('4', 'cM'), text: '10' },
      { key: cellKey('4', 'cF'), text: '11' },
      { key: cellKey('5', 'cM'), text: '3' },
      { key: cellKey('5', 'cF'), text: '4' },
      { key: cellKey('6', 'c0'), text: 'x' },
    ]);
    expect(plan.dropped).toBe(2);
    const last = pastePlan(blocks, { block: 3, row: 0, col: 0 }, [['a'], ['b']]);
    expect(last).toEqual({ targets: [{ key: cellKey('6', 'c0'), text: 'a' }], dropped: 1 });
  });
});

describe('totals and completeness', () => {
  const values = new Map<string, string | null>([
    [cellKey('1', 'c0'), '120'],
    [cellKey('2', 'c0'), '80'],
    [cellKey('4', 'cM'), '10.5'],
    [cellKey('4', 'cF'), '0.2'],
    [cellKey('5', 'cM'), null],
    [cellKey('6', 'c0'), 'ghi chú'],
  ]);
  it('sums rows and columns, leaving all-empty sums empty', () => {
    const u5 = sections[1].elements[1];
    expect(hasRowTotal(u5)).toBe(true);
    expect(hasRowTotal(sections[0].elements[0])).toBe(false);
    expect(rowTotal(u5, values)).toBe(10.7);
    expect(rowTotal(sections[1].elements[2], values)).toBeNull();
    expect(columnTotals(blocks[2], values)).toEqual({ columns: [10.5, 0.2], total: 10.7 });
    expect(columnTotals(blocks[0], values)).toEqual({ columns: [200], total: 200 });
  });

  it('adds columns up only for two or more counts in the same unit', () => {
    expect(blocks.map(hasColumnTotals)).toEqual([false, false, true, false]);
    const mixed = buildBlocks([{ ...sections[0], elements: [el('1', 'A', SEX), el('2', 'B', SEX, { unitOfMeasureVi: 'công trình' })] }]);
    expect(hasColumnTotals(mixed[0])).toBe(false);
    const pct = buildBlocks([{ ...sections[0], elements: [el('1', 'A', SEX), el('2', 'B', SEX, { valueType: 'percentage' })] }]);
    expect(hasColumnTotals(buildBlocks([{ ...sections[0], elements: [el('1', 'A', SEX), el('2', 'B', SEX)] }])[0])).toBe(true);
    expect(hasColumnTotals(pct[0])).toBe(false);
  });

  it('counts filled and required cells', () => {
    expect(completeness(blocks, values)).toEqual({ filled: 5, total: 8, requiredFilled: 1, required: 1 });
  });
});

describe('validation lookup', () => {
  const rules = engineRules({
    validationRules: [
      { id: 'r1', code: 'DTTS_LE_TOTAL', nameVi: 'DTTS ≤ tổng', nameEn: null, left: '#{HH_DTTS}', operator: '<=', right: '#{HH_TOTAL}', importance: 'high', message: 'Số hộ DTTS lớn hơn tổng số hộ.', messageEn: null, missingValueStrategy: 'skip-if-any-missing' },
      { id: 'r2', code: 'GIRLS', nameVi: 'Gái', nameEn: null, left: '#{U5_UNDERWEIGHT.NU}', operator: '<=', right: '#{CHILDREN_U5.NU}', importance: 'high', message: 'Trẻ gái.', messageEn: 'Girls.', missingValueStrategy: 'skip-if-any-missing' },
      { id: 'r3', code: 'OUTSIDE', nameVi: 'Ngoài biểu', nameEn: null, left: '#{HH_DTTS}', operator: '<=', right: '#{NOT_IN_FORM}', importance: 'low', message: 'x', messageEn: null, missingValueStrategy: 'skip-if-any-missing' },
    ],
  });

  it('reads single cells and element totals; rules over missing elements are skipped', () => {
    const values = new Map<string, string | null>([
      [cellKey('1', 'c0'), '100'],
      [cellKey('2', 'c0'), '150'],
      [cellKey('4', 'cF'), '5'],
      [cellKey('5', 'cF'), '7'],
      [cellKey('5', 'cM'), '1'],
    ]);
    const lookup = valueLookup(sections, values);
    expect(lookup({ dataElement: 'U5_UNDERWEIGHT' })).toBe(8);
    expect(lookup({ dataElement: 'U5_UNDERWEIGHT', combo: 'NU' })).toBe(7);
    expect(lookup({ dataElement: 'CHILDREN_5Y' })).toBeNull();
    const failed = runValidation(rules, lookup);
    expect(failed.map((v) => v.ruleCode)).toEqual(['DTTS_LE_TOTAL', 'GIRLS']);
    expect(failed[1].messageEn).toBe('Girls.');
    expect(cellsOfReferences(sections, failed[1].references)).toEqual([cellKey('5', 'cF'), cellKey('4', 'cF')]);
    expect(cellsOfReferences(sections, [{ dataElement: 'CHILDREN_U5' }])).toEqual([cellKey('4', 'cM'), cellKey('4', 'cF')]);
  });
});

describe('cell values', async () => {
  const { displayValue, retypeValue } = await import('./cell-values');
  const { checkElementValue } = await import('@shared/engine/validation.ts');
  it('shows stored values the Vietnamese or English way', () => {
    expect(displayValue('integer', '1234567', 'vi')).toBe('1.234.567');
    expect(displayValue('number', '1234.5', 'vi')).toBe('1.234,5');
    expect(displayValue('number', '1234.5', 'en')).toBe('1,234.5');
    expect(displayValue('boolean', 'true', 'vi')).toBe('Có');
    expect(displayValue('date', '2025-07-15', 'vi')).toBe('15/07/2025');
    expect(displayValue('text', 'ghi chú', 'vi')).toBe('ghi chú');
    expect(displayValue('integer', null, 'vi')).toBe('');
  });
  it('retypes a stored value so the engine reads back the same value in the UI language', () => {
    for (const [type, stored] of [
      ['number', '1.234'],
      ['number', '1234.5'],
      ['integer', '1234'],
      ['number', '-0.5'],
      ['boolean', 'false'],
      ['date', '2025-07-15'],
    ] as const) {
      for (const lang of ['vi', 'en'] as const) {
        const check = checkElementValue({ valueType: type }, retypeValue(type, stored, lang), lang);
        expect(check.ok && check.stored, `${type} ${stored} ${lang}`).toBe(stored);
      }
    }
  });
});
