// Importing the provinces' works sheet: the template downloads and reads back; a good
// sheet (section and total rows, codes and names, "Dự án 4 - Tiểu dự án 1") dry-runs
// without writing, then writes works, capital by source and the month's disbursement; the
// same sheet again changes nothing; a later sheet adds the next month's disbursement; an
// older sheet after it is refused; a sheet of bad rows is refused as a whole with every
// rejected row and nothing written; a missing header or a non-XLSX file is refused.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError, signIn, upload } from '../catalog/catalog.test-support.ts';
import { buildWorksWorkbook } from './investment-sheet.ts';

let env: TestEnv;
const c: Record<string, TestClient> = {};

type Row = (string | number | null)[];

/** The template's layout with the given year, date and rows from row 7. */
async function sheet(year: number, asOf: string, rows: Row[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildWorksWorkbook({ year, asOf, agency: 'UBND tỉnh Gia Lai', examples: [] })) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  rows.forEach((r, i) => {
    ws.getRow(7 + i).values = r;
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const GOOD: Row[] = [
  ['I', '', 'Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu'],
  [1, 'GL-DA4-01', 'Đường giao thông nông thôn làng Bồ', 'DA4.TDA1', '23764', 'UBND xã Ia Grai', '2026-2027', 5000, 3000, 2700, 300, 600, 540, 60, 20, 15, ''],
  [2, '', 'Nhà sinh hoạt cộng đồng làng Kép', 'Dự án 4 - Tiểu dự án 1', 'Xã Ia Grai', 'UBND xã Ia Grai', '03/2026-12/2026', 1800, 1200, 1200, 0, 0, 0, 0, 0, 0, ''],
  ['II', '', 'Dự án 1: Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt'],
  [3, '', 'Công trình nước sinh hoạt tập trung làng Groi', 'DA1.ND4', 'Kbang', 'Ban QLDA đầu tư xây dựng khu vực An Khê', '2025-2026', 3500, 2000, 1800, 200, 900, 800, 100, 45, 60, 'Chuyển tiếp'],
  ['', '', 'Tổng cộng', '', '', '', '', 10300, 6200, 5700, 500, 1500, 1340, 160, 24.2, '', ''],
];

const works = () => env.db.selectFrom('investment_work').select(['id', 'code', 'name', 'stage', 'progress', 'investor', 'start_date', 'finish_date']).orderBy('id').execute();
const disbursements = () =>
  env.db
    .selectFrom('investment_disbursement as d')
    .innerJoin('investment_capital as c', 'c.id', 'd.capital_id')
    .innerJoin('investment_work as w', 'w.id', 'c.work_id')
    .select(['w.name', 'c.source', 'd.month', 'd.amount'])
    .orderBy('w.id')
    .orderBy('c.source')
    .orderBy('d.month')
    .execute();

beforeAll(async () => {
  env = await createTestEnv({ SESSION_IDLE_MINUTES: 60 * 24 * 400, SESSION_MAX_HOURS: 24 * 400 });
  c.giaLai = await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52');
  c.commune = await signIn(env, 'xa.kbang', 'commune_officer', '23638');
  c.viewer = await signIn(env, 'xem.gialai', 'viewer', '52');
  c.anonymous = env.client();
});
afterAll(async () => {
  await env?.close();
});

const imp = (client: TestClient, data: Uint8Array, dryRun?: boolean, name = 'danh-muc-cong-trinh.xlsx') => upload(client, `/api/investments/import${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`, name, data);

describe('works import', () => {
  it('offers the template, which reads back as a valid sheet', async () => {
    expectError(await c.anonymous!.get('/api/investments/template.xlsx'), 401, 'unauthenticated');
    expectError(await c.viewer!.get('/api/investments/template.xlsx'), 404, 'not_found');
    const res = await fetch(`${env.baseUrl}/api/investments/template.xlsx`, { headers: { cookie: c.giaLai!.cookie! } });
    expect(res.status).toBe(200);
    const data = new Uint8Array(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('C4').value).toBe('Tên công trình');
    expect(ws.getCell('I4').value).toBe('Kế hoạch vốn năm 2026');
    expect(ws.getCell('L4').value).toBe('Giải ngân đến 02/03/2026');
    expect(ws.getCell('J5').value).toBe('NSTW');
    const dry = await imp(c.giaLai!, data, true);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, year: 2026, asOf: '2026-03-02', total: 1, created: 1, rejected: [] });
    expect(await works()).toEqual([]);
  });

  it('dry-runs, writes, and reads the same sheet again as unchanged', async () => {
    expectError(await imp(c.anonymous!, await sheet(2026, '2026-02-28', GOOD)), 401, 'unauthenticated');
    expectError(await imp(c.viewer!, await sheet(2026, '2026-02-28', GOOD)), 403, 'forbidden');
    // A commune officer of Kbang may not write Ia Grai's works.
    const foreign = await imp(c.commune!, await sheet(2026, '2026-02-28', GOOD));
    expectError(foreign, 422, 'import_rejected');
    expect(foreign.body.error.details.rejected.map((r: { row: number; code: string }) => `${r.row} ${r.code}`)).toEqual(['8 unknown_unit', '9 unknown_unit']);

    const file = await sheet(2026, '2026-02-28', GOOD);
    const dry = await imp(c.giaLai!, file, true);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toEqual({ dryRun: true, year: 2026, asOf: '2026-02-28', total: 3, created: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(await works()).toEqual([]);

    const res = await imp(c.giaLai!, file);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0 });
    const rows = await works();
    expect(rows.map((w) => [w.code, w.name, w.stage, Number(w.progress), w.start_date, w.finish_date])).toEqual([
      ['GL-DA4-01', 'Đường giao thông nông thôn làng Bồ', 'construction', 15, '2026-01-01', '2027-12-31'],
      ['CT000001', 'Nhà sinh hoạt cộng đồng làng Kép', 'preparation', 0, '2026-03-01', '2026-12-31'],
      ['CT000002', 'Công trình nước sinh hoạt tập trung làng Groi', 'construction', 60, '2025-01-01', '2026-12-31'],
    ]);
    expect((await disbursements()).map((d) => `${d.name.slice(0, 14)} ${d.source} ${d.month} ${Number(d.amount)}`)).toEqual([
      'Đường giao thô central 2026-02-01 540',
      'Đường giao thô local 2026-02-01 60',
      'Công trình nướ central 2026-02-01 800',
      'Công trình nướ local 2026-02-01 100',
    ]);
    const list = await c.giaLai!.get('/api/investments/works?year=2026');
    expect(list.body.totals).toMatchObject({ allocated: 6200, disbursed: 1500 });
    const audit = await env.db.selectFrom('audit_log').select('details').where('action', '=', 'investment.works_imported').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ created: 3, year: 2026, fileName: 'danh-muc-cong-trinh.xlsx' });

    const again = await imp(c.giaLai!, file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect((await works()).length).toBe(3);
  });

  it('adds the next month from a later sheet and refuses an older one after it', async () => {
    env.clock.set(new Date('2026-04-02T03:00:00Z'));
    const later = GOOD.map((r) => (r[1] === 'GL-DA4-01' ? [...r.slice(0, 11), 1000, 900, 100, 33.3, 30, ''] : r));
    const res = await imp(c.giaLai!, await sheet(2026, '2026-03-31', later));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const road = (await disbursements()).filter((d) => d.name.startsWith('Đường')).map((d) => `${d.source} ${d.month} ${Number(d.amount)}`);
    expect(road).toEqual(['central 2026-02-01 540', 'central 2026-03-01 360', 'local 2026-02-01 60', 'local 2026-03-01 40']);

    const older = await imp(c.giaLai!, await sheet(2026, '2026-02-28', GOOD));
    expectError(older, 422, 'import_rejected');
    expect(older.body.error.details.rejected.map((r: { row: number; code: string }) => `${r.row} ${r.code}`)).toEqual(['8 later_disbursement', '8 later_disbursement']);
    // A date not yet come is refused at the header.
    const future = await imp(c.giaLai!, await sheet(2026, '2026-05-31', GOOD));
    expectError(future, 422, 'import_rejected');
    expect(future.body.error.details.rejected[0].code).toBe('date_future');
    env.clock.set(new Date('2026-03-02T02:00:00Z'));
  });

  it('refuses a sheet with bad rows as a whole, reporting each, and writes nothing', async () => {
    const before = { works: await works(), disb: await disbursements() };
    const bad: Row[] = [
      [1, '', 'Cầu treo làng Đê Kjiêng', 'DA4.TDA1', '23638', 'UBND xã Kbang', '2026', 900, 900, 900, 0, 0, 0, 0, 0, 0, ''],
      [2, '', 'Đường nội đồng', 'DA4.TDA1', '99999', '', '2026', 500, 500, 500, 0, 0, 0, 0, 0, 0, ''],
      [3, '', 'Trường tiểu học Sơn Tây', 'DA4.TDA1', '21340', '', '2026', 500, 500, 500, 0, 0, 0, 0, 0, 0, ''],
      [4, '', 'Kè chống sạt lở', 'DA99', '23638', '', '2026', 500, 500, 500, 0, 0, 0, 0, 0, 0, ''],
      [5, '', 'Trạm y tế xã', 'DA4.TDA1', '23638', '', '2026', 1000, 1000, 500, 400, 0, 0, 0, 0, 0, ''],
      [6, '', 'Chợ nông thôn', 'DA4.TDA1', '23638', '', '2026', 1000, 1000, 1000, 0, 100, 100, 0, 50, 0, ''],
      [7, '', 'Nhà văn hóa thôn 3', 'DA4.TDA1', '23638', '', '2026', 1000, 500, 500, 0, 800, 800, 0, null, 0, ''],
      [8, '', 'Đường vào khu sản xuất', 'DA4.TDA1', '23638', '', 'năm sau', 500, 500, 500, 0, 0, 0, 0, 0, 0, ''],
      [9, '', 'Bể chứa nước', 'DA1.ND4', '23638', '', '2026', 500, null, '1.250', 0, 0, 0, 0, null, 0, ''],
      [10, '', 'Cầu treo làng Đê Kjiêng', 'DA4.TDA1', 'Xã Kbang', '', '2026', 900, 900, 900, 0, 0, 0, 0, 0, 0, ''],
      [11, '', '', '', '23638', '', '', null, null, null, null, null, null, null, null, null, ''],
    ];
    for (const dryRun of [true, false]) {
      const res = await imp(c.giaLai!, await sheet(2026, '2026-02-28', bad), dryRun);
      expectError(res, 422, 'import_rejected');
      expect(res.body.error.message).toMatch(/dòng|tệp/i);
      const rejected = res.body.error.details.rejected as { row: number; field: string; code: string; message: string }[];
      expect(rejected.map((r) => `${r.row} ${r.code}`)).toEqual([
        '8 unknown_unit',
        '9 unknown_unit',
        '10 unknown_program_item',
        '11 sum_mismatch',
        '12 rate_mismatch',
        '13 exceeds_plan',
        '14 invalid_period',
        '15 ambiguous_number',
        '16 duplicate_in_file',
        '17 required',
      ]);
      for (const r of rejected) expect(r.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳýạ]/i);
      // The counts say what the valid rows would have done; nothing was written.
      expect(res.body.error.details).toMatchObject({ dryRun, total: 11, created: 1 });
    }
    expect(await works()).toEqual(before.works);
    expect(await disbursements()).toEqual(before.disb);
  });

  it('refuses a sheet without the headers, and a file that is not XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['STT', 'Tên công trình', 'Ghi chú']);
    ws.addRow([1, 'Đường', '']);
    const res = await imp(c.giaLai!, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expectError(res, 422, 'import_rejected');
    expect(res.body.error.details.rejected.map((r: { code: string }) => r.code)).toEqual(['missing_column', 'missing_column', 'missing_column', 'missing_column', 'missing_column', 'missing_year', 'missing_date']);
    expectError(await imp(c.giaLai!, new TextEncoder().encode('STT;Tên công trình'), false, 'cong-trinh.csv'), 400, 'invalid_file');
    expect((await works()).length).toBe(3);
  });
});
