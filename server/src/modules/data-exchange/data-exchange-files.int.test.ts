// Malformed import files are refused as a whole with a stable code and a Vietnamese
// message: bytes that are not UTF-8 (a BOM is fine), invalid JSON, a CSV without the
// dataValueSets header, XLSX cells with formulas, huge cells, zip bombs (by ratio and
// by a header that lies about its size), files over the upload limit.
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { expectError, upload } from '../catalog/catalog.test-support.ts';
import { fixture, importPath, uploadCsv, uploadJson, uploadXlsx, type Fixture } from './data-exchange.test-support.ts';

let env: TestEnv;
let f: Fixture;
const HEADER = 'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted';

/** A ZIP with one deflated entry; declaredSize overrides the uncompressed size in the headers. */
function zipOf(name: string, content: Buffer, declaredSize = content.length): Buffer {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBytes.length + data.length;
  const cdSize = central.length + nameBytes.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

beforeAll(async () => {
  env = await createTestEnv({ UPLOAD_LIMIT_BYTES: 300_000 });
  f = await fixture(env);
});
afterAll(async () => env?.close());

describe('malformed import files', () => {
  it('accepts a UTF-8 CSV with a BOM and refuses bytes that are not UTF-8, naming the offset', async () => {
    const ok = await uploadCsv(f.commune, `\uFEFF${HEADER}\n${f.plain.code},2026Q1,23764,,,5,,,Ghi chú có dấu,,\n`, true);
    expect(ok.status, ok.text).toBe(200);
    const semicolons = await uploadCsv(f.commune, `${HEADER.replaceAll(',', ';')}\r\n${f.plain.code};2026Q1;23764;;;5;;;;;\r\n`, true);
    expect(semicolons.body, semicolons.text).toMatchObject({ total: 1, created: 1 });
    const latin = Buffer.concat([Buffer.from(`${HEADER}\n${f.plain.code},2026Q1,23764,,,5,,,Ghi ch`), Buffer.from([0xfa]), Buffer.from(',,\n')]);
    const res = await uploadCsv(f.commune, latin);
    expectError(res, 400, 'file_not_utf8');
    expect(res.body.error.message).toContain('UTF-8');
    expect(res.body.error.message).toContain(String(latin.indexOf(0xfa)));
    expectError(await upload(f.commune, importPath('json'), 'a.json', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), 'application/json'), 400, 'file_not_utf8');
  });

  it('refuses invalid JSON and JSON without dataValues', async () => {
    expectError(await uploadJson(f.commune, '{"dataValues": [ {"dataElement": '), 400, 'file_invalid_json');
    const res = await uploadJson(f.commune, '[1, 2]');
    expectError(res, 400, 'file_invalid_json');
    expect(res.body.error.message).toContain('dataValues');
  });

  it('refuses a CSV whose header is not the dataValueSets one', async () => {
    const res = await uploadCsv(f.commune, 'ma,ky,donvi,giatri\nA,2026Q1,23764,5\n');
    expectError(res, 400, 'file_bad_header');
    expect(res.body.error.message).toContain('dataelement');
  });

  it('refuses huge cells in CSV and JSON', async () => {
    const big = 'x'.repeat(60_000);
    const csv = await uploadCsv(f.commune, `${HEADER}\n${f.plain.code},2026Q1,23764,,,5,,,${big},,\n`);
    expectError(csv, 400, 'file_cell_too_large');
    expect(csv.body.error.message).toContain('dòng 2');
    expectError(await uploadJson(f.commune, { dataValues: [{ dataElement: f.plain.code, period: '2026Q1', orgUnit: '23764', value: '1', comment: big }] }), 400, 'file_cell_too_large');
  });

  it('refuses XLSX cells holding a formula, naming the cell', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Dữ liệu');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([f.plain.code, '2026Q1', '23764', '', '', 5]);
    sheet.getCell('F3').value = { formula: 'F2*2', result: 10 };
    const res = await uploadXlsx(f.commune, Buffer.from(await wb.xlsx.writeBuffer()));
    expectError(res, 400, 'file_formula');
    expect(res.body.error.message).toContain('Dữ liệu!F3');
  });

  it('reads a flat XLSX with the dataValueSets header', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Dữ liệu');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([f.plain.code, '2026Q1', 23764, '', '', 5]);
    const res = await uploadXlsx(f.commune, Buffer.from(await wb.xlsx.writeBuffer()), true);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ total: 1, created: 1 });
  });

  it('refuses zip bombs: an abnormal ratio, and a header that lies about the size', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const ratio = await uploadXlsx(f.commune, zipOf('xl/worksheets/sheet1.xml', zeros));
    expectError(ratio, 400, 'file_zip_bomb');
    const lying = await uploadXlsx(f.commune, zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(2 * 1024 * 1024), 1000));
    expectError(lying, 400, 'file_zip_bomb');
    expectError(await uploadXlsx(f.commune, Buffer.from('không phải zip')), 400, 'invalid_file');
  });

  it('refuses a file over the upload limit (413)', async () => {
    const res = await uploadCsv(f.commune, `${HEADER}\n${'a,'.repeat(200_000)}\n`);
    expectError(res, 413, 'payload_too_large');
  });
});
