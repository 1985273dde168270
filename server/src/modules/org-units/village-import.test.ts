import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseVillageRows, planImport, readSheet, type ExistingVillage } from './village-import.ts';
import { villageName } from './villages.ts';

const csv = (text: string) => Buffer.from(text, 'utf8');

describe('readSheet', () => {
  it('reads CSV with a BOM and semicolons, numbering rows like a spreadsheet', async () => {
    const rows = await readSheet(csv('\uFEFFMã;Tên;Loại\nT01;Plei Ring;Thôn\n\nT02;"Nà; Ngần";ban\n'), 'thon.csv');
    expect(rows[0]).toEqual({ row: 1, cells: ['Mã', 'Tên', 'Loại'] });
    expect(rows.find((r) => r.cells[0] === 'T02')).toEqual({ row: 4, cells: ['T02', 'Nà; Ngần', 'ban'] });
  });
  it('reads the first sheet of an XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('A');
    ws.addRow(['code', 'name', 'type']);
    ws.addRow(['1', 'Kon Sơ Lăl', 'lang']);
    wb.addWorksheet('B').addRow(['ignored']);
    const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    expect(rows).toEqual([
      { row: 1, cells: ['code', 'name', 'type'] },
      { row: 2, cells: ['1', 'Kon Sơ Lăl', 'lang'] },
    ]);
  });
  it('refuses what is not CSV or XLSX', async () => {
    await expect(readSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xff, 0xfe]), 'old.xls')).rejects.toMatchObject({ code: 'invalid_file' });
    await expect(readSheet(Buffer.from([0xff, 0xfe, 0x00, 0x41]), undefined)).rejects.toMatchObject({ code: 'invalid_file' });
    await expect(readSheet(Buffer.from('PK\u0003\u0004garbage'), 'a.xlsx')).rejects.toMatchObject({ code: 'invalid_file' });
    await expect(readSheet(csv('code,name\n'), 'a.pdf')).rejects.toMatchObject({ code: 'invalid_file' });
  });
});

describe('parseVillageRows', () => {
  const sheet = (lines: string[][]) => lines.map((cells, i) => ({ row: i + 1, cells }));

  it('accepts English and Vietnamese headers, type labels or codes, and flags', () => {
    const parsed = parseVillageRows(sheet([
      ['Mã thôn', 'Tên thôn', 'Loại', 'Vùng', 'Thôn ĐBKK'],
      ['T01', 'Thôn Plei Ring', 'Thôn', 'III', 'x'],
      ['T02', 'Nà Ngần', 'ban', '', 'có'],
      ['T03', 'Kon Sơ Lăl', 'Làng', 'Khu vực II', ''],
    ]));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, code: 'T01', name: 'Plei Ring', type: 'thon', regionClass: 'III', extremelyDifficult: true },
      { row: 3, code: 'T02', name: 'Nà Ngần', type: 'ban', regionClass: null, extremelyDifficult: true },
      { row: 4, code: 'T03', name: 'Kon Sơ Lăl', type: 'lang', regionClass: 'II', extremelyDifficult: false },
    ]);
  });

  it('reports every bad row with its spreadsheet row number', () => {
    const parsed = parseVillageRows(sheet([
      ['code', 'name', 'type', 'regionClass'],
      ['T01', 'A', 'thon', ''],
      ['', 'B', 'thon', ''],
      ['T03', 'C', 'xóm', ''],
      ['T01', 'D', 'thon', ''],
      ['T05', 'x'.repeat(121), 'thon', 'IV'],
    ]));
    expect(parsed.total).toBe(5);
    expect(parsed.rows.map((r) => r.code)).toEqual(['T01']);
    expect(parsed.rejected.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'code', 'required'],
      [4, 'type', 'unknown_type'],
      [5, 'code', 'duplicate_in_file'],
      [6, 'name', 'too_long'],
      [6, 'regionClass', 'invalid_value'],
    ]);
    expect(parsed.rejected[2].message).toContain('dòng 2');
  });

  it('names the missing columns', () => {
    const parsed = parseVillageRows(sheet([['Mã', 'Tên'], ['T1', 'A']]));
    expect(parsed.rejected).toMatchObject([{ row: 1, field: 'type', code: 'missing_column' }]);
  });
});

describe('planImport', () => {
  const existing: ExistingVillage[] = [
    { id: '1', code: 'T01', name: 'Plei Ring', full_name: 'Thôn Plei Ring', type: 'thon', valid_to: null, attributes: { extremelyDifficult: true } },
    { id: '2', code: 'T02', name: 'Cũ', full_name: 'Thôn Cũ', type: 'thon', valid_to: null, attributes: {} },
    { id: '3', code: 'T09', name: 'Đã nhập', full_name: 'Thôn Đã nhập', type: 'thon', valid_to: '2026-01-01', attributes: {} },
  ];
  it('creates, updates, leaves alone, and refuses codes of closed villages', () => {
    const plan = planImport(
      [
        { row: 2, code: 'T01', name: 'Plei Ring', type: 'thon', extremelyDifficult: true },
        { row: 3, code: 'T02', name: 'Mới', type: 'thon' },
        { row: 4, code: 'T03', name: 'Ba', type: 'ban' },
        { row: 5, code: 'T09', name: 'Chín', type: 'thon' },
      ],
      existing,
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.update.map((u) => u.row.code)).toEqual(['T02']);
    expect(plan.create.map((r) => r.code)).toEqual(['T03']);
    expect(plan.rejected).toMatchObject([{ row: 5, code: 'code_of_closed_village' }]);
  });
});

describe('villageName', () => {
  it('drops a leading type word so the full name does not repeat it', () => {
    expect(villageName('Thôn  Plei Ring', 'thon')).toBe('Plei Ring');
    expect(villageName('Tổ dân phố 3', 'to-dan-pho')).toBe('3');
    expect(villageName('Thôn', 'thon')).toBe('Thôn');
    expect(villageName('Plei Ring', 'thon')).toBe('Plei Ring');
    expect(villageName('Tho\u0302n 1'.normalize('NFD'), 'thon')).toBe('1');
  });
});
