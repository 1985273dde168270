// POST /api/units/:id/villages/import and GET /api/units/villages/template.xlsx.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, signIn, upload } from './org-units.test-support.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let env: TestEnv;
let giaLaiAdmin: TestClient;
let iaGraiOfficer: TestClient;
let ids: Record<string, string>;

beforeAll(async () => {
  env = await createTestEnv({ UPLOAD_LIMIT_BYTES: 256 * 1024 });
  giaLaiAdmin = await signIn(env, 'gialai.admin', 'system_admin', '52');
  iaGraiOfficer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  ids = {
    gialai: await unitId(env.db, '52'),
    iagrai: await unitId(env.db, '23764'),
    kbang: await unitId(env.db, '23638'),
    sontayQN: await unitId(env.db, '21340'),
  };
});
afterAll(async () => env?.close());

const importPath = (communeId: string, dryRun?: boolean) => `/api/units/${communeId}/villages/import${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`;
const villagesOf = (communeId: string) =>
  env.db.selectFrom('org_unit').select(['code', 'name', 'full_name', 'type', 'attributes', 'valid_to']).where('parent_id', '=', communeId).where('kind', '=', 'village').orderBy('code').execute();

// Excel's "CSV UTF-8" on a Vietnamese machine: BOM, semicolons, Vietnamese headers.
const goodCsv = [
  '\uFEFFMã;Tên;Loại;Vùng;Thôn ĐBKK',
  'T01;Plei Ring;Thôn;III;x',
  'T02;Nà Ngần;ban;;',
  'T03;Kon Sơ Lăl;Làng;II;có',
  'T04;"Ia Kha; khu 2";Tổ dân phố;;',
  'T05;Đê Kjiêng;plei;III;1',
].join('\r\n');

describe('POST /api/units/:id/villages/import', () => {
  it('requires login', async () => {
    expect((await upload(env.client(), importPath(ids.iagrai), 'thon.csv', goodCsv)).status).toBe(401);
  });

  it('refuses a commune officer and another province as not found', async () => {
    expect((await upload(iaGraiOfficer, importPath(ids.iagrai), 'thon.csv', goodCsv)).status).toBe(404);
    const other = await upload(giaLaiAdmin, importPath(ids.sontayQN), 'thon.csv', goodCsv);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    expect(await villagesOf(ids.sontayQN)).toEqual([]);
  });

  it('checks a dry run fully and writes nothing', async () => {
    const res = await upload(giaLaiAdmin, importPath(ids.iagrai, true), 'thon.csv', goodCsv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dryRun: true, total: 5, created: 5, updated: 0, unchanged: 0, rejected: [] });
    expect(await villagesOf(ids.iagrai)).toEqual([]);
    expect(await auditRows(env, 'unit.villages_imported')).toEqual([]);
  });

  it('writes nothing when one row of five is bad, and reports that row by its spreadsheet number', async () => {
    const bad = goodCsv.replace('T03;Kon Sơ Lăl;Làng', 'T03;Kon Sơ Lăl;Xóm');
    for (const dryRun of [false, true]) {
      const res = await upload(giaLaiAdmin, importPath(ids.iagrai, dryRun), 'thon.csv', bad);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('import_rejected');
      expect(res.body.error.details).toMatchObject({ dryRun, total: 5, created: 4 });
      expect(res.body.error.details.rejected).toEqual([{ row: 4, field: 'type', code: 'unknown_type', value: 'Xóm', message: expect.stringContaining('Loại "Xóm" không hợp lệ') }]);
    }
    expect(await villagesOf(ids.iagrai)).toEqual([]);
    expect(await auditRows(env, 'unit.villages_imported')).toEqual([]);
  });

  it('imports all rows in one go, with full names and attributes, and audits once', async () => {
    const res = await upload(giaLaiAdmin, importPath(ids.iagrai), 'thon.csv', goodCsv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dryRun: false, total: 5, created: 5, updated: 0, unchanged: 0, rejected: [] });
    const rows = await villagesOf(ids.iagrai);
    expect(rows.map((r) => r.full_name)).toEqual(['Thôn Plei Ring', 'Bản Nà Ngần', 'Làng Kon Sơ Lăl', 'Tổ dân phố Ia Kha; khu 2', 'Plei Đê Kjiêng']);
    expect(rows[0].attributes).toEqual({ regionClass: 'III', extremelyDifficult: true });
    expect(rows[1].attributes).toEqual({});
    const closure = await env.db.selectFrom('org_unit_closure as c').innerJoin('org_unit as u', 'u.id', 'c.descendant_id').select((eb) => eb.fn.countAll<string>().as('n')).where('u.parent_id', '=', ids.iagrai).executeTakeFirstOrThrow();
    expect(Number(closure.n)).toBe(5 * 4);
    const audit = await auditRows(env, 'unit.villages_imported');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'gialai.admin', target_id: ids.iagrai, unit_id: ids.iagrai, details: { fileName: 'thon.csv', total: 5, created: 5, updated: 0, unchanged: 0 } });
    const tree = await iaGraiOfficer.get(`/api/units?parentId=${ids.iagrai}`);
    expect(tree.body.total).toBe(5);
  });

  it('changes nothing when the same file is imported again', async () => {
    const res = await upload(giaLaiAdmin, importPath(ids.iagrai), 'thon.csv', goodCsv);
    expect(res.body).toEqual({ dryRun: false, total: 5, created: 0, updated: 0, unchanged: 5, rejected: [] });
    expect(await villagesOf(ids.iagrai)).toHaveLength(5);
  });

  it('updates the name of a code already used, and leaves the rest', async () => {
    const renamed = goodCsv.replace('T02;Nà Ngần;ban;;', 'T02;Nà Ngần Trên;ban;;').replace('T05;Đê Kjiêng;plei;III;1', 'T05;Đê Kjiêng;plei;III;');
    const res = await upload(giaLaiAdmin, importPath(ids.iagrai), 'thon.csv', renamed);
    expect(res.body).toMatchObject({ created: 0, updated: 2, unchanged: 3 });
    const rows = await villagesOf(ids.iagrai);
    expect(rows.find((r) => r.code === 'T02')?.full_name).toBe('Bản Nà Ngần Trên');
    expect(rows.find((r) => r.code === 'T05')?.attributes).toEqual({ regionClass: 'III', extremelyDifficult: false });
    const audit = (await auditRows(env, 'unit.villages_imported')).at(-1);
    expect((audit?.details as { updates: { code: string }[] }).updates.map((u) => u.code)).toEqual(['T02', 'T05']);
  });

  it('accepts English headers, commas and an XLSX file', async () => {
    const csv = 'code,name,type,regionClass,extremelyDifficult\nK1,Kon Lốc,lang,I,\nK2,"Đak Đoa, 2",thon,,true\n';
    const res = await upload(giaLaiAdmin, importPath(ids.kbang), 'villages.csv', csv);
    expect(res.body).toMatchObject({ created: 2, rejected: [] });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách thôn');
    ws.addRow(['Mã thôn', 'Tên thôn', 'Loại', 'Vùng', 'Thôn ĐBKK']);
    ws.addRow(['K1', 'Kon Lốc', 'Làng', 'I', '']);
    ws.addRow(['K3', 'Ba', 'Thôn', '', 'x']);
    const xlsx = await upload(giaLaiAdmin, importPath(ids.kbang), 'thon.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()), XLSX);
    expect(xlsx.status).toBe(200);
    expect(xlsx.body).toEqual({ dryRun: false, total: 2, created: 1, updated: 0, unchanged: 1, rejected: [] });
  });

  it('reports codes repeated in the file and codes of closed villages', async () => {
    const k3 = await env.db.selectFrom('org_unit').select('id').where('parent_id', '=', ids.kbang).where('code', '=', 'K3').executeTakeFirstOrThrow();
    expect((await giaLaiAdmin.post(`/api/units/${k3.id}/close`, { validTo: '2026-03-02' })).status).toBe(200);
    const csv = 'Mã,Tên,Loại\nK9,Chín,thon\nK9,Chín lần hai,thon\nK3,Ba mới,thon\n,Không mã,thon\n';
    const res = await upload(giaLaiAdmin, importPath(ids.kbang), 'thon.csv', csv);
    expect(res.status).toBe(422);
    expect(res.body.error.details.rejected.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [3, 'code', 'duplicate_in_file'],
      [4, 'code', 'code_of_closed_village'],
      [5, 'code', 'required'],
    ]);
  });

  it('names missing columns in the header row', async () => {
    const res = await upload(giaLaiAdmin, importPath(ids.kbang), 'thon.csv', 'Mã;Tên\nK1;Kon Lốc\n');
    expect(res.status).toBe(422);
    expect(res.body.error.details.rejected).toMatchObject([{ row: 1, field: 'type', code: 'missing_column' }]);
  });

  it('refuses files that are not CSV or XLSX', async () => {
    const pdf = await upload(giaLaiAdmin, importPath(ids.iagrai), 'danh-sach.pdf', '%PDF-1.4\n', 'application/pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.code).toBe('invalid_file');
    const xls = await upload(giaLaiAdmin, importPath(ids.iagrai), 'old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0xff]), 'application/vnd.ms-excel');
    expect(xls.body.error.code).toBe('invalid_file');
    const broken = await upload(giaLaiAdmin, importPath(ids.iagrai), 'thon.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), XLSX);
    expect(broken.body.error.code).toBe('invalid_file');
    const empty = await upload(giaLaiAdmin, importPath(ids.iagrai), 'thon.csv', '');
    expect(empty.body.error.code).toBe('invalid_file');
    const json = await giaLaiAdmin.post(importPath(ids.iagrai), { rows: [] });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('invalid_file');
  });

  it('refuses an upload over the size limit', async () => {
    const res = await upload(giaLaiAdmin, importPath(ids.iagrai), 'thon.csv', `Mã;Tên;Loại\n${'T1;A;thon\n'.repeat(40_000)}`);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('imports only under an open 2025 commune', async () => {
    const res = await upload(giaLaiAdmin, importPath(ids.gialai), 'thon.csv', goodCsv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_parent');
  });

  it('rejects a bad dryRun value naming the field', async () => {
    const res = await upload(giaLaiAdmin, `/api/units/${ids.iagrai}/villages/import?dryRun=maybe`, 'thon.csv', goodCsv);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('querystring.dryRun');
  });
});

describe('GET /api/units/villages/template.xlsx', () => {
  it('requires login', async () => {
    expect((await env.client().get('/api/units/villages/template.xlsx')).status).toBe(401);
  });

  it('is for unit administrators only', async () => {
    expect((await iaGraiOfficer.get('/api/units/villages/template.xlsx')).status).toBe(404);
  });

  it('is an XLSX with the import headers, a frozen header, widths and the list of types', async () => {
    const res = await fetch(`${env.baseUrl}/api/units/villages/template.xlsx`, { headers: { cookie: giaLaiAdmin.cookie ?? '' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain('attachment; filename=');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const [sheet, types] = wb.worksheets;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Mã thôn', 'Tên thôn', 'Loại', 'Vùng', 'Thôn ĐBKK']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
    expect(types.rowCount).toBe(11);
    expect(types.getColumn(2).values.slice(2)).toEqual(['Thôn', 'Bản', 'Buôn', 'Làng', 'Plei', 'Phum', 'Sóc', 'Tổ dân phố', 'Khu phố', 'Ấp']);
  });

  it('round-trips: the filled-in template imports', async () => {
    const res = await fetch(`${env.baseUrl}/api/units/villages/template.xlsx`, { headers: { cookie: giaLaiAdmin.cookie ?? '' } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0];
    sheet.addRow(['001', 'Làng Mới', 'Làng', 'III', 'x']);
    const imported = await upload(giaLaiAdmin, importPath(ids.kbang), 'mau.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()), XLSX);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ total: 1, created: 1, rejected: [] });
    const row = (await villagesOf(ids.kbang)).find((v) => v.code === '001');
    expect(row).toMatchObject({ name: 'Mới', full_name: 'Làng Mới', type: 'lang', attributes: { regionClass: 'III', extremelyDifficult: true } });
  });
});
