import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseTargetRows, readTargetWorkbook, unitCandidatesOf, type SheetRow } from './target-import.ts';

const text = (t: string) => ({ text: t, number: null });
const num = (n: number) => ({ text: String(n), number: n });
const header: SheetRow = { row: 1, cells: ['Mã chỉ số', 'Mã đơn vị', 'Kỳ', 'Giá trị mục tiêu', 'Ghi chú'].map(text) };

describe('unitCandidatesOf', () => {
  it('keeps text codes as typed', () => {
    expect(unitCandidatesOf(text('01'))).toEqual(['01']);
    expect(unitCandidatesOf(text('VN'))).toEqual(['VN']);
  });
  it('reads a number that lost its leading zeros as a province or a commune', () => {
    expect(unitCandidatesOf(num(4))).toEqual(['04', '00004']);
    expect(unitCandidatesOf(num(52))).toEqual(['52', '00052']);
    expect(unitCandidatesOf(num(118))).toEqual(['00118']);
    expect(unitCandidatesOf(num(23764))).toEqual(['23764']);
  });
});

describe('parseTargetRows', () => {
  it('reads rows with English or short headers in any order', () => {
    const parsed = parseTargetRows([
      { row: 1, cells: ['value', 'period', 'unit', 'indicator'].map(text) },
      { row: 2, cells: [num(98), num(2025), text('52'), text('tl_bhyt')] },
    ]);
    expect(parsed).toEqual({ total: 1, rejected: [], rows: [{ row: 2, indicatorCode: 'TL_BHYT', unitCode: '52', unitCandidates: ['52'], period: '2025', value: 98, note: null }] });
  });

  it('reads Vietnamese decimals and a trailing %, refuses what reads two ways', () => {
    const parsed = parseTargetRows([
      header,
      { row: 2, cells: [text('A'), text('52'), text('2025'), text('97,5%')] },
      { row: 3, cells: [text('A'), text('52'), text('2026'), text('1.234')] },
      { row: 4, cells: [text('A'), text('52'), text('2027'), text('1.234,5')] },
    ]);
    expect(parsed.rows.map((r) => r.value)).toEqual([97.5, 1234.5]);
    expect(parsed.rejected).toEqual([expect.objectContaining({ row: 3, field: 'value', code: 'ambiguous_number', value: '1.234' })]);
  });

  it('skips empty rows but keeps spreadsheet row numbers', () => {
    const parsed = parseTargetRows([header, { row: 2, cells: [text(''), text('')] }, { row: 5, cells: [text('A'), text('52'), text('2025'), num(1)] }]);
    expect(parsed.total).toBe(1);
    expect(parsed.rows[0].row).toBe(5);
  });

  it('reports missing and repeated columns, and a file without data', () => {
    expect(parseTargetRows([{ row: 1, cells: ['Mã chỉ số', 'Chỉ số', 'Kỳ'].map(text) }]).rejected.map((r) => `${r.field ?? '-'}:${r.code}`)).toEqual([
      'indicator:duplicate_column',
      'unit:missing_column',
      'value:missing_column',
      '-:no_rows',
    ]);
    expect(parseTargetRows([header]).rejected.map((r) => r.code)).toEqual(['no_rows']);
    expect(() => parseTargetRows([])).toThrow('invalid_file');
  });

  it('reports duplicates within the file against the first row', () => {
    const parsed = parseTargetRows([header, { row: 2, cells: [text('A'), text('52'), text('2025'), num(1)] }, { row: 3, cells: [text('a'), text('52'), text('2025'), num(2)] }]);
    expect(parsed.rejected).toEqual([expect.objectContaining({ row: 3, code: 'duplicate_in_file', message: expect.stringContaining('dòng 2') })]);
  });
});

describe('readTargetWorkbook', () => {
  it('reads typed cells: numbers as numbers, percent cells as percents, formulas by their result', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('x');
    sheet.addRow(['Mã chỉ số', 'Mã đơn vị', 'Kỳ', 'Giá trị']);
    const r = sheet.addRow(['TL_BHYT', 52, '2025', 0.98]);
    r.getCell(4).numFmt = '0.0%';
    sheet.addRow(['TL_BHYT', '51', '2025', { formula: '90+5', result: 95 }]);
    const rows = await readTargetWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    expect(rows[1].cells.map((c) => c.number)).toEqual([null, 52, null, 98]);
    expect(rows[2].cells[3]).toEqual({ text: '95', number: 95 });
  });

  it('refuses anything that is not an XLSX workbook', async () => {
    await expect(readTargetWorkbook(Buffer.from('a,b\n1,2'), 'x.csv')).rejects.toThrow('invalid_file');
    await expect(readTargetWorkbook(Buffer.from('PK\u0003\u0004junk'), 'x.xlsx')).rejects.toThrow('invalid_file');
  });
});
