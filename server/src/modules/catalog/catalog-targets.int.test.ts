// Targets per indicator × unit × period: national targets are visible to everyone;
// other targets within the reader's scope. National managers set any target;
// provincial coordinators (form.approve) set their province's and its communes';
// everyone else is refused as "not found". XLSX imports are all-or-nothing with a
// report of every rejected row.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, fieldMessage, fieldPaths, rawJson, upload, type Actors } from './catalog.test-support.ts';

let env: TestEnv;
let a: Actors;
const u: Record<string, string> = {};
const ind: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  a = await actors(env);
  for (const code of ['VN', '52', '51', '23764', '21340']) u[code] = await unitId(env.db, code);
  for (const r of await env.db.selectFrom('indicator').select(['id', 'code']).execute()) ind[r.code] = r.id;
});
afterAll(async () => env?.close());

const target = (indicator: string, unit: string, value: number, extra: Record<string, unknown> = {}) => ({ indicatorId: ind[indicator], unitId: u[unit], period: '2025', value, ...extra });
const codesOf = (res: { body: { items: { indicator: { code: string }; unit: { code: string } }[] } }) => res.body.items.map((t) => `${t.indicator.code}@${t.unit.code}`);

describe('PUT /api/catalog/targets', () => {
  it('lets a national manager set and change a national target, audited with before and after', async () => {
    const created = await a.central.put('/api/catalog/targets', target('TL_GIAI_NGAN_VON', 'VN', 95, { note: 'Theo kế hoạch' }));
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ indicator: { code: 'TL_GIAI_NGAN_VON' }, unit: { code: 'VN', kind: 'nation' }, period: '2025', periodLabel: 'Năm 2025', value: 95, note: 'Theo kế hoạch', abilities: { manage: true } });
    expect(created.body.updatedBy.displayName).toBe('Người dùng tw.danhmuc');
    const changed = await a.central.put('/api/catalog/targets', target('TL_GIAI_NGAN_VON', 'VN', 100));
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ id: created.body.id, value: 100, note: 'Theo kế hoạch' });
    const entry = (await auditRows(env, 'catalog.target.set')).at(-1);
    expect(entry).toMatchObject({ actor_username: 'tw.danhmuc', target_id: created.body.id, unit_id: u.VN });
    expect(entry?.before).toEqual({ value: 95, note: 'Theo kế hoạch' });
    expect(entry?.after).toMatchObject({ value: 100, period: '2025' });
  });

  it('lets a provincial coordinator set targets for the province and its communes', async () => {
    const province = await a.giaLai.put('/api/catalog/targets', target('TL_BHYT', '52', 97.5));
    expect(province.status, province.text).toBe(201);
    expect(province.body).toMatchObject({ unit: { code: '52' }, value: 97.5, abilities: { manage: true } });
    const commune = await a.giaLai.put('/api/catalog/targets', { ...target('TL_BHYT', '23764', 96), period: '2025S2' });
    expect(commune.status, commune.text).toBe(201);
    expect(commune.body.periodLabel).toBe('6 tháng cuối năm 2025');
    expect((await auditRows(env, 'catalog.target.set')).at(-1)).toMatchObject({ actor_username: 'tinh.gialai', unit_id: u['23764'] });
  });

  it('refuses another province, the nation, and roles without approval, as not found', async () => {
    expectError(await a.giaLai.put('/api/catalog/targets', target('TL_BHYT', '51', 90)), 404, 'not_found');
    expectError(await a.giaLai.put('/api/catalog/targets', target('TL_BHYT', '21340', 90)), 404, 'not_found');
    expectError(await a.giaLai.put('/api/catalog/targets', target('TL_BHYT', 'VN', 90)), 404, 'not_found');
    expectError(await a.commune.put('/api/catalog/targets', target('TL_BHYT', '23764', 90)), 404, 'not_found');
    expectError(await a.viewer.put('/api/catalog/targets', target('TL_BHYT', '51', 90)), 404, 'not_found');
    expectError(await a.anonymous.put('/api/catalog/targets', target('TL_BHYT', '51', 90)), 401, 'unauthenticated');
    expectError(await a.central.put('/api/catalog/targets', { ...target('TL_BHYT', '51', 90), unitId: '999999999' }), 404, 'not_found');
    const stored = await env.db.selectFrom('target').select('id').where('unit_id', 'in', [u['51'], u['21340']]).execute();
    expect(stored).toEqual([]);
  });

  it('checks the period with the engine, the indicator, and the body', async () => {
    const period = await a.central.put('/api/catalog/targets', { ...target('TL_BHYT', '51', 90), period: '2025q3' });
    expectError(period, 400, 'validation_failed');
    expect(fieldPaths(period)).toEqual(['body.period']);
    expect(fieldMessage(period, 'body.period')).toContain("viết hoa chữ Q/S, ví dụ '2025Q3'");
    const indicator = await a.central.put('/api/catalog/targets', { ...target('TL_BHYT', '51', 90), indicatorId: '999999' });
    expect(fieldPaths(indicator)).toEqual(['body.indicatorId']);
    const shape = await a.central.put('/api/catalog/targets', { indicatorId: ind.TL_BHYT, unitId: u['51'], period: '2025', value: '90%', extra: 1 });
    expectError(shape, 400, 'validation_failed');
    expect(fieldPaths(shape)).toEqual(expect.arrayContaining(['body.value', 'body.extra']));
    expectError(await rawJson(a.central, 'PUT', '/api/catalog/targets', '{"value": 1,'), 400, 'invalid_json');
  });
});

describe('GET /api/catalog/targets', () => {
  beforeAll(async () => {
    await a.central.put('/api/catalog/targets', target('TL_BHYT', '51', 95));
    await a.central.put('/api/catalog/targets', target('TL_BHYT', '21340', 94));
  });

  it('shows a national manager everything, filtered', async () => {
    const res = await a.central.get(`/api/catalog/targets?indicatorId=${ind.TL_BHYT}`);
    expect(res.status, res.text).toBe(200);
    expect(codesOf(res).sort()).toEqual(['TL_BHYT@21340', 'TL_BHYT@23764', 'TL_BHYT@51', 'TL_BHYT@52', 'TL_BHYT@VN']);
    expect(res.body.abilities).toEqual({ setTargets: true });
    const period = await a.central.get(`/api/catalog/targets?indicatorId=${ind.TL_BHYT}&period=2025S2`);
    expect(codesOf(period)).toEqual(['TL_BHYT@23764']);
  });

  it('shows others national targets plus their own scope, with what they may change', async () => {
    const gl = await a.giaLai.get(`/api/catalog/targets?indicatorId=${ind.TL_BHYT}`);
    expect(codesOf(gl).sort()).toEqual(['TL_BHYT@23764', 'TL_BHYT@52', 'TL_BHYT@VN']);
    expect(gl.body.items.find((t: { unit: { code: string } }) => t.unit.code === 'VN').abilities.manage).toBe(false);
    expect(gl.body.items.find((t: { unit: { code: string } }) => t.unit.code === '52').abilities.manage).toBe(true);
    const viewer = await a.viewer.get(`/api/catalog/targets?indicatorId=${ind.TL_BHYT}`);
    expect(codesOf(viewer).sort()).toEqual(['TL_BHYT@21340', 'TL_BHYT@51', 'TL_BHYT@VN']);
    expect(viewer.body.abilities).toEqual({ setTargets: false });
    expect(viewer.body.items.every((t: { abilities: { manage: boolean } }) => !t.abilities.manage)).toBe(true);
    const commune = await a.commune.get(`/api/catalog/targets?indicatorId=${ind.TL_BHYT}`);
    expect(codesOf(commune).sort()).toEqual(['TL_BHYT@23764', 'TL_BHYT@VN']);
  });

  it('answers not found for a unit outside the scope, and requires login', async () => {
    expectError(await a.giaLai.get(`/api/catalog/targets?unitId=${u['51']}`), 404, 'not_found');
    const nation = await a.giaLai.get(`/api/catalog/targets?unitId=${u.VN}&limit=100`);
    expect(nation.status).toBe(200);
    expect(nation.body.total).toBeGreaterThanOrEqual(18);
    expectError(await a.anonymous.get('/api/catalog/targets'), 401, 'unauthenticated');
    expect(fieldPaths(await a.central.get('/api/catalog/targets?indicatorId=x'))).toEqual(['querystring.indicatorId']);
  });
});

describe('DELETE /api/catalog/targets/:id', () => {
  const idOf = async (indicator: string, unit: string, period = '2025') =>
    (await env.db.selectFrom('target').select('id').where('indicator_id', '=', ind[indicator]).where('unit_id', '=', u[unit]).where('period', '=', period).executeTakeFirstOrThrow()).id;

  it('is refused outside the caller’s scope, for national targets, and without login', async () => {
    expectError(await a.giaLai.delete(`/api/catalog/targets/${await idOf('TL_BHYT', '51')}`), 404, 'not_found');
    expectError(await a.giaLai.delete(`/api/catalog/targets/${await idOf('TL_BHYT', 'VN')}`), 404, 'not_found');
    expectError(await a.commune.delete(`/api/catalog/targets/${await idOf('TL_BHYT', '23764', '2025S2')}`), 404, 'not_found');
    expectError(await a.anonymous.delete(`/api/catalog/targets/${await idOf('TL_BHYT', '52')}`), 401, 'unauthenticated');
    expectError(await a.central.delete('/api/catalog/targets/999999'), 404, 'not_found');
  });

  it('removes a target within scope, audited', async () => {
    const id = await idOf('TL_BHYT', '52');
    const res = await a.giaLai.delete(`/api/catalog/targets/${id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect((await auditRows(env, 'catalog.target.deleted')).at(-1)).toMatchObject({ target_id: id, unit_id: u['52'], before: expect.objectContaining({ value: 97.5 }) });
    expectError(await a.giaLai.delete(`/api/catalog/targets/${id}`), 404, 'not_found');
  });
});

// ---------------------------------------------------------------------------------
// Import

type Cell = string | number | { value: number; numFmt: string } | null;

async function workbook(rows: Cell[][], header: string[] = ['Mã chỉ số', 'Mã đơn vị', 'Kỳ', 'Giá trị mục tiêu', 'Ghi chú']): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Mục tiêu');
  sheet.addRow(header);
  for (const row of rows) {
    const r = sheet.addRow(row.map((c) => (c !== null && typeof c === 'object' ? c.value : c)));
    row.forEach((c, i) => {
      if (c !== null && typeof c === 'object') r.getCell(i + 1).numFmt = c.numFmt;
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const importPath = (dryRun?: boolean) => `/api/catalog/targets/import${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`;
const stored = (unit: string, indicator: string, period = '2026') =>
  env.db.selectFrom('target').select(['value', 'note', 'updated_by']).where('unit_id', '=', u[unit]).where('indicator_id', '=', ind[indicator]).where('period', '=', period).executeTakeFirst();

describe('POST /api/catalog/targets/import', () => {
  const good: Cell[][] = [
    ['TL_TRE5_MAU_GIAO', '52', '2026', 98.5, 'Theo Nghị quyết HĐND tỉnh'],
    ['TL_KHAM_THAI', '52', '2026', { value: 0.85, numFmt: '0%' }, null],
    ['TL_BHYT', '23764', '2026', '97,5', null],
    ['tl_ho_dien_luoi', 52, 2026, 99, null],
  ];

  it('requires login and a role that sets targets', async () => {
    const file = await workbook(good);
    expectError(await upload(a.anonymous, importPath(), 'muc-tieu.xlsx', file), 401, 'unauthenticated');
    expectError(await upload(a.commune, importPath(), 'muc-tieu.xlsx', file), 404, 'not_found');
    expectError(await upload(a.viewer, importPath(), 'muc-tieu.xlsx', file), 404, 'not_found');
  });

  it('checks a dry run fully and writes nothing', async () => {
    const res = await upload(a.giaLai, importPath(true), 'muc-tieu.xlsx', await workbook(good));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ dryRun: true, total: 4, created: 4, updated: 0, unchanged: 0, rejected: [] });
    expect(await stored('52', 'TL_TRE5_MAU_GIAO')).toBeUndefined();
    expect(await auditRows(env, 'catalog.target.imported')).toEqual([]);
  });

  it('writes nothing when any row is bad, and reports every bad row by its spreadsheet number', async () => {
    const bad: Cell[][] = [
      ...good,
      ['TL_KHONG_CO', '52', '2026', 50, null],
      ['TL_BHYT', '51', '2026', 90, null],
      ['TL_BHYT', '52', '2026q1', 90, null],
      ['TL_BHYT', '52', '2027', '1.234', null],
      ['TL_BHYT', '52', '2028', 'nhiều', null],
      ['TL_TRE5_MAU_GIAO', '52', '2026', 97, 'trùng dòng 2'],
      ['', '', '', null, 'thiếu hết'],
    ];
    for (const dryRun of [false, true]) {
      const res = await upload(a.giaLai, importPath(dryRun), 'muc-tieu.xlsx', await workbook(bad));
      expectError(res, 422, 'import_rejected');
      const report = res.body.error.details;
      expect(report).toMatchObject({ dryRun, total: 11 });
      const summary = report.rejected.map((r: { row: number; field: string; code: string }) => `${r.row}:${r.field}:${r.code}`);
      expect(summary).toEqual([
        '6:indicator:unknown_indicator',
        '7:unit:unknown_unit',
        '8:period:invalid_period',
        '9:value:ambiguous_number',
        '10:value:not_a_number',
        '11:period:duplicate_in_file',
        '12:indicator:required',
        '12:unit:required',
        '12:period:required',
        '12:value:required',
      ]);
      expect(report.rejected.find((r: { row: number }) => r.row === 7).message).toBe('Không tìm thấy đơn vị mã "51" trong phạm vi bạn được đặt mục tiêu.');
      expect(report.rejected.find((r: { row: number }) => r.row === 8).message).toContain('viết hoa chữ Q/S');
      expect(report.rejected.find((r: { row: number }) => r.row === 11).message).toContain('dòng 2');
    }
    expect(await stored('52', 'TL_TRE5_MAU_GIAO')).toBeUndefined();
    expect(await auditRows(env, 'catalog.target.imported')).toEqual([]);
  });

  it('imports every row at once, reading percent cells, Vietnamese decimals and numeric codes; audits once', async () => {
    const res = await upload(a.giaLai, importPath(), 'muc-tieu.xlsx', await workbook(good));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ dryRun: false, total: 4, created: 4, updated: 0, unchanged: 0, rejected: [] });
    expect(await stored('52', 'TL_TRE5_MAU_GIAO')).toMatchObject({ value: '98.5', note: 'Theo Nghị quyết HĐND tỉnh' });
    expect((await stored('52', 'TL_KHAM_THAI'))?.value).toBe('85');
    expect((await stored('23764', 'TL_BHYT'))?.value).toBe('97.5');
    expect((await stored('52', 'TL_HO_DIEN_LUOI'))?.value).toBe('99');
    const entries = await auditRows(env, 'catalog.target.imported');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_username: 'tinh.gialai', unit_id: u['52'] });
    expect(entries[0].details).toMatchObject({ fileName: 'muc-tieu.xlsx', created: 4, updated: 0 });
    // The same file again changes nothing; a changed value updates one row.
    const again = await upload(a.giaLai, importPath(), 'muc-tieu.xlsx', await workbook(good));
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    const changed = await upload(a.giaLai, importPath(), 'muc-tieu.xlsx', await workbook([['TL_HO_DIEN_LUOI', '52', '2026', 99.5, null]]));
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect((await stored('52', 'TL_HO_DIEN_LUOI'))?.value).toBe('99.5');
  });

  it('refuses a code Excel turned into a number when it reads two ways, instead of guessing', async () => {
    const res = await upload(a.central, importPath(true), 'muc-tieu.xlsx', await workbook([['TL_BHYT', 4, '2026', 90, null]]));
    expectError(res, 422, 'import_rejected');
    expect(res.body.error.details.rejected).toEqual([expect.objectContaining({ row: 2, field: 'unit', code: 'ambiguous_unit_code', value: '4' })]);
    expect(res.body.error.details.rejected[0].message).toContain('Tỉnh Cao Bằng (04)');
  });

  it('refuses files that are not a workbook, and workbooks without the needed columns', async () => {
    expectError(await upload(a.central, importPath(), 'muc-tieu.csv', 'Mã chỉ số;Mã đơn vị\nTL_BHYT;52', 'text/csv'), 400, 'invalid_file');
    expectError(await upload(a.central, importPath(), 'muc-tieu.xlsx', 'PK\u0003\u0004not really'), 400, 'invalid_file');
    expectError(await a.central.post(importPath(), { file: 'x' }), 400, 'invalid_file');
    const res = await upload(a.central, importPath(), 'muc-tieu.xlsx', await workbook([['TL_BHYT', '52']], ['Mã chỉ số', 'Mã đơn vị']));
    expectError(res, 422, 'import_rejected');
    expect(res.body.error.details.rejected.map((r: { field: string; code: string }) => `${r.field}:${r.code}`)).toEqual(['period:missing_column', 'value:missing_column']);
    expect(fieldPaths(await a.central.request('POST', `${importPath()}?dryRun=maybe`, undefined, { raw: new FormData() }))).toEqual(['querystring.dryRun']);
  });
});

describe('GET /api/catalog/targets/template.xlsx', () => {
  it('gives those who set targets a workbook the importer reads back', async () => {
    const res = await fetch(`${env.baseUrl}/api/catalog/targets/template.xlsx`, { headers: { cookie: a.giaLai.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('mau-nhap-chi-tieu-muc-tieu.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Mã chỉ số', 'Mã đơn vị', 'Kỳ', 'Giá trị mục tiêu', 'Ghi chú']);
    const list = wb.getWorksheet('Danh mục chỉ số')!;
    const codes: string[] = [];
    list.eachRow((row, n) => n > 1 && codes.push(String(row.getCell(1).value)));
    expect(codes).toContain('TL_BHYT');
    sheet.addRow(['TL_BIET_CHU_15', '23764', '2026', 91, 'Từ mẫu']);
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());
    const imported = await upload(a.giaLai, importPath(), 'mau.xlsx', filled);
    expect(imported.body).toMatchObject({ created: 1, rejected: [] });
  });

  it('is refused without login and to those who do not set targets', async () => {
    expectError(await a.anonymous.get('/api/catalog/targets/template.xlsx'), 401, 'unauthenticated');
    expectError(await a.commune.get('/api/catalog/targets/template.xlsx'), 404, 'not_found');
  });
});
