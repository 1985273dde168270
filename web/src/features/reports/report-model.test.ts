import { describe, expect, it } from 'vitest';
import type { FormDetail } from '@shared/schemas/forms.ts';
import { convertPeriod, formatFigure, periodChoices, periodTypesFor, reportColumns } from './report-model';

describe('formatFigure', () => {
  const sum = { aggregationType: 'sum' as const, valueType: 'integer' };
  it('writes numbers the Vietnamese way and empty cells as a dash', () => {
    expect(formatFigure(1234567, sum, 'vi')).toBe('1.234.567');
    expect(formatFigure(7.5, sum, 'vi')).toBe('7,5');
    expect(formatFigure(14.99999, sum, 'vi')).toBe('15');
    expect(formatFigure(null, sum, 'vi')).toBe('–');
    expect(formatFigure(12, { aggregationType: 'average', valueType: 'number' }, 'vi')).toBe('12,0');
    expect(formatFigure(1234.567, { aggregationType: 'average', valueType: 'number' }, 'vi')).toBe('1.234,57');
    expect(formatFigure(1234.5, { aggregationType: 'sum', valueType: 'number' }, 'en')).toBe('1,234.5');
  });
});

describe('periods', () => {
  it('offers the form type and coarser ones and converts between them', () => {
    expect(periodTypesFor('quarter')).toEqual(['quarter', 'sixMonth', 'year']);
    expect(convertPeriod('2026Q3', 'sixMonth')).toBe('2026S2');
    expect(convertPeriod('2026Q3', 'year')).toBe('2026');
    expect(convertPeriod('2026', 'quarter')).toBe('2026Q1');
    expect(convertPeriod('2026Q3', 'quarter')).toBe('2026Q3');
    const list = periodChoices('quarter', new Date('2026-11-24T00:00:00Z'), '2021Q2', 3);
    expect(list).toEqual(['2026Q4', '2026Q3', '2026Q2', '2021Q2']);
  });
});

describe('reportColumns', () => {
  const el = (id: string, cols: number) => ({
    dataElementId: id,
    code: `E${id}`,
    nameVi: `Chỉ tiêu ${id}`,
    nameEn: null,
    valueType: 'integer',
    unitOfMeasureVi: null,
    required: false,
    min: null,
    max: null,
    zeroIsSignificant: false,
    columns: Array.from({ length: cols }, (_, i) => ({ id: `${id}-${i}`, code: `C${i}`, nameVi: `Cột ${i}`, nameEn: null })),
  });
  const form = {
    sections: [
      { id: 's1', code: 'A', nameVi: 'Phần A', nameEn: null, elements: [el('1', 1), el('2', 2)] },
      { id: 's2', code: 'B', nameVi: 'Phần B', nameEn: null, elements: [el('3', 1)] },
    ],
  } as unknown as FormDetail;
  const elements = [
    { id: '1', code: 'E1', aggregationType: 'sum' as const },
    { id: '2', code: 'E2', aggregationType: 'sum' as const },
  ];
  it('keeps the report’s elements under their sections, split by option combo when asked', () => {
    const plain = reportColumns(form, elements, false, 'vi', 'Tổng');
    expect(plain.map((s) => s.title)).toEqual(['Phần A']);
    expect(plain[0].elements.map((e) => e.leaves.length)).toEqual([1, 1]);
    const split = reportColumns(form, elements, true, 'vi', 'Tổng');
    expect(split[0].elements[1].leaves.map((l) => [l.title, l.cocId])).toEqual([
      ['Cột 0', '2-0'],
      ['Cột 1', '2-1'],
      ['Tổng', null],
    ]);
  });
});
