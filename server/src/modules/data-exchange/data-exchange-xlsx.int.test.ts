// The form as a spreadsheet and the exports: the template (blank and filled: hidden
// keys, frozen header, protected sheet) downloaded, changed in exceljs and uploaded
// back; JSON and CSV exports that import back unchanged; a large import as a job with
// its progress reaching done, readable only by the user who started it.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError, signIn, upload } from '../catalog/catalog.test-support.ts';
import { counts, download, fixture, importPath, storedValue, uploadCsv, uploadJson, uploadXlsx, type Fixture } from './data-exchange.test-support.ts';

let env: TestEnv;
let f: Fixture;
let central: TestClient;
const OPEN = '2026Q1';
const JOB_ROWS = 20;

const templateUrl = (filled: boolean, unit = f.iaGrai, period = OPEN) => `/api/data-values/template.xlsx?formId=${f.formId}&unitId=${unit}&period=${period}&filled=${filled}`;
const exportUrl = (format: 'json' | 'csv', unit = f.iaGrai, children = false) => `/api/data-values/export?format=${format}&formId=${f.formId}&unitId=${unit}&period=${OPEN}&children=${children}`;

async function open(data: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  return wb.worksheets[0]!;
}

function rowOf(sheet: ExcelJS.Worksheet, elementId: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((r) => {
    if (String(r.getCell(1).value) === elementId) found = r;
  });
  return found!;
}

beforeAll(async () => {
  env = await createTestEnv({ IMPORT_JOB_ROWS: JOB_ROWS });
  f = await fixture(env);
  central = await signedIn(env, await makeUser(env, { username: 'tw.nhap', role: 'central_officer', unit: 'VN' }));
});
afterAll(async () => env?.close());

describe('GET /api/data-values/template.xlsx and XLSX upload', () => {
  it('gives the form laid out as a sheet: hidden keys, frozen header, protected sheet with open value cells', async () => {
    const res = await download(env, f.commune, templateUrl(false));
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    expect(res.disposition).toContain('.xlsx');
    const sheet = await open(res.data);
    expect(sheet.getRow(1).hidden).toBe(true);
    expect(sheet.getColumn(1).hidden).toBe(true);
    expect(sheet.getCell(1, 2).value).toBe(f.formId);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect((sheet as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    const row = rowOf(sheet, f.plain.id);
    expect(row.getCell(3).value).toBe(f.plain.code);
    expect(row.getCell(5).protection).toMatchObject({ locked: false });
    expect(row.getCell(5).value).toBeNull();
  });

  it('round trip: fill the blank template, upload it; download it filled, change a cell, upload: the value changes; the same file again changes nothing', async () => {
    const blank = await open((await download(env, f.commune, templateUrl(false))).data);
    rowOf(blank, f.plain.id).getCell(5).value = 40;
    const split = rowOf(blank, f.split.id);
    split.getCell(5).value = '1.234';
    split.getCell(6).value = 6;
    const first = await uploadXlsx(f.commune, Buffer.from(await blank.workbook.xlsx.writeBuffer()));
    expectError(first, 422, 'import_rejected');
    expect(first.body.error.details.rejected).toEqual([expect.objectContaining({ row: split.number, key: `E${split.number}`, code: 'ambiguous_number' })]);
    split.getCell(5).value = '1.234,5';
    const bad = await uploadXlsx(f.commune, Buffer.from(await blank.workbook.xlsx.writeBuffer()));
    expect(bad.body.error.details.rejected).toEqual([expect.objectContaining({ code: 'invalid_value' })]);
    split.getCell(5).value = '1.234.567';
    const ok = await uploadXlsx(f.commune, Buffer.from(await blank.workbook.xlsx.writeBuffer()));
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ created: 3, updated: 0 });
    expect(await storedValue(env, f.split.id, f.split.cocs[0]!.id, f.iaGrai, OPEN)).toMatchObject({ value: '1234567' });

    const filled = await open((await download(env, f.commune, templateUrl(true))).data);
    const cell = rowOf(filled, f.plain.id).getCell(5);
    expect(cell.value).toBe(40);
    cell.value = 41;
    const file = Buffer.from(await filled.workbook.xlsx.writeBuffer());
    const changed = await uploadXlsx(f.commune, file);
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, f.iaGrai, OPEN)).toMatchObject({ value: '41', version: 2, source: 'import' });
    const before = await counts(env);
    const again = await uploadXlsx(f.commune, file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await counts(env)).toEqual(before);
  });

  it('needs sign-in (401), a unit in scope (404), an assigned form and a fitting period (400)', async () => {
    expect((await download(env, env.client(), templateUrl(false))).status).toBe(401);
    expect((await download(env, f.commune, templateUrl(false, f.other.id))).status).toBe(404);
    expectError(await f.commune.get(templateUrl(false, f.iaGrai, '2026')), 400, 'invalid_period');
    expectError(await f.commune.get(`/api/data-values/template.xlsx?formId=${f.formId}&unitId=x&period=${OPEN}`), 400, 'validation_failed');
  });
});

describe('GET /api/data-values/export', () => {
  it('exports JSON and CSV with codes; both import back unchanged', async () => {
    const json = await f.commune.get(exportUrl('json'));
    expect(json.status, json.text).toBe(200);
    expect(json.body.dataValues).toContainEqual(expect.objectContaining({ dataElement: f.plain.code, period: OPEN, orgUnit: '23764', categoryOptionCombo: f.plain.cocCode, value: '41', storedBy: 'xa.iagrai' }));
    const csv = await f.commune.get(exportUrl('csv'));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.replace(/^\uFEFF/, '').split('\n')[0]).toBe('dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted');
    const before = await counts(env);
    const back = await uploadJson(f.commune, json.body);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: json.body.dataValues.length });
    const backCsv = await uploadCsv(f.commune, csv.text);
    expect(backCsv.body).toMatchObject({ created: 0, updated: 0 });
    expect(await counts(env)).toEqual(before);
  });

  it('exports the units below a province with children=true; refuses anonymous (401), out of scope (404), bad input (400)', async () => {
    const giaLai = await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52');
    const province = await unitId(env.db, '52');
    const res = await giaLai.get(exportUrl('json', province, true));
    expect(res.status, res.text).toBe(200);
    expect(res.body.dataValues.some((v: { orgUnit: string }) => v.orgUnit === '23764')).toBe(true);
    expectError(await giaLai.get(exportUrl('json', province, false)), 404, 'not_found');
    expectError(await env.client().get(exportUrl('json')), 401, 'unauthenticated');
    expectError(await f.commune.get(exportUrl('json', f.other.id)), 404, 'not_found');
    expectError(await f.commune.get(`/api/data-values/export?format=xml&formId=${f.formId}&unitId=${f.iaGrai}&period=${OPEN}`), 400, 'validation_failed');
  });
});

describe('import jobs', () => {
  it('runs an import above the threshold as a job whose progress reaches done; only its owner reads it', async () => {
    const communes = await env.db.selectFrom('org_unit').select(['id', 'code']).where('kind', '=', 'commune').where('hierarchy', '=', '2025').where('valid_to', 'is', null).orderBy('code').limit(JOB_ROWS + 5).execute();
    const doc = { dataValues: communes.map((c, i) => ({ dataElement: f.plain.code, period: OPEN, orgUnit: c.code, value: String(100 + i) })) };
    const res = await uploadJson(central, doc);
    expect(res.status, res.text).toBe(202);
    expect(res.body.total).toBe(JOB_ROWS + 5);
    const url = `/api/data-values/import-jobs/${res.body.jobId}`;
    let job = (await central.get(url)).body;
    for (let i = 0; i < 100 && !['done', 'rejected', 'failed'].includes(job.state); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await central.get(url)).body;
    }
    expect(job).toMatchObject({ state: 'done', phase: 'done', total: JOB_ROWS + 5, validated: JOB_ROWS + 5, written: JOB_ROWS + 5, error: null });
    expect(job.report).toMatchObject({ created: JOB_ROWS + 5, rejectedCount: 0 });
    expect(await storedValue(env, f.plain.id, f.plain.cocId, communes[3]!.id, OPEN)).toMatchObject({ value: '103' });
    expectError(await f.commune.get(url), 404, 'not_found');
    expectError(await env.client().get(url), 401, 'unauthenticated');
    expectError(await central.get('/api/data-values/import-jobs/abc'), 400, 'validation_failed');

    // A rejected job keeps its report.
    const bad = await uploadJson(central, { dataValues: doc.dataValues.map((v, i) => (i === 7 ? { ...v, value: 'x' } : v)) });
    expect(bad.status).toBe(202);
    let failed = (await central.get(`/api/data-values/import-jobs/${bad.body.jobId}`)).body;
    for (let i = 0; i < 100 && !['done', 'rejected', 'failed'].includes(failed.state); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      failed = (await central.get(`/api/data-values/import-jobs/${bad.body.jobId}`)).body;
    }
    expect(failed.state).toBe('rejected');
    expect(failed.report.rejected).toEqual([expect.objectContaining({ row: 8, code: 'invalid_value' })]);
  });

  it('keeps importPath and upload helpers in step (format xlsx refuses a CSV file)', async () => {
    expectError(await upload(f.commune, importPath('xlsx'), 'a.xlsx', 'a,b\n', 'text/csv'), 400, 'invalid_file');
  });
});
