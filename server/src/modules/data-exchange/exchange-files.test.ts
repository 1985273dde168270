// File checks that need no database: the UTF-8 scan (offset of the first bad byte) and
// the zip guard on a real small archive.
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { invalidUtf8Offset, parseCsvFile, parseJsonFile } from './exchange-files.ts';
import { assertSafeZip } from './zip-guard.ts';

describe('invalidUtf8Offset', () => {
  it('accepts UTF-8 (Vietnamese, emoji) and finds the first bad byte', () => {
    expect(invalidUtf8Offset(Buffer.from('Xã Ia Grai — số liệu 😀'))).toBe(-1);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0xe0, 0x61]))).toBe(2);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xc3]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0xc0, 0x80]))).toBe(0);
    expect(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});

describe('dataValueSets readers', () => {
  it('reads CSV rows with spreadsheet row numbers and JSON rows by position', () => {
    const rows = parseCsvFile(Buffer.from('\uFEFFdataelement,period,orgunit,categoryoptioncombo,value,comment\n\nHH_TOTAL,2026Q1,23764,,12,"có, dấu"\n'));
    expect(rows).toEqual([expect.objectContaining({ row: 3, dataElement: 'HH_TOTAL', orgUnit: '23764', coc: '', value: '12', comment: 'có, dấu', lang: 'en' })]);
    const json = parseJsonFile(Buffer.from(JSON.stringify({ dataValues: [{ dataElement: 'A', period: '2026Q1', orgUnit: '1', value: 3, deleted: true }] })));
    expect(json).toEqual([expect.objectContaining({ row: 1, value: 3, deleted: true, comment: null })]);
  });
});

describe('assertSafeZip', () => {
  it('passes a real workbook and refuses a ratio bomb', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow([1, 2, 3]);
    const book = Buffer.from(await wb.xlsx.writeBuffer());
    expect(() => assertSafeZip(book)).not.toThrow();
    const data = deflateRawSync(Buffer.alloc(4 * 1024 * 1024));
    const name = Buffer.from('x.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(4 * 1024 * 1024, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(4 * 1024 * 1024, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(30 + name.length + data.length, 16);
    expect(() => assertSafeZip(Buffer.concat([local, name, data, central, name, end]))).toThrow(expect.objectContaining({ code: 'file_zip_bomb' }));
  });
});
