// The offline package over HTTP (issue 8): for a commune officer, the unit page, the
// assigned forms with their grids and validation rules, the periods, and for the open
// periods (at most the 4 newest) the values and report states — each piece equal to the
// answer of the endpoint it mirrors; the summary weighs exactly what the package sends.
// The harness clock is 2026-03-02T02:00Z: BM01_XA_QUY (quarterly) has 2026Q1 open,
// 2025Q4 locked and 2026Q2 not started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError, signIn } from '../catalog/catalog.test-support.ts';
import { formIds, integerCells } from '../forms/forms.test-support.ts';

let env: TestEnv;
let formId: string;
let iaGrai: string;
let otherCommune: string;
let officer: TestClient;
let province: TestClient;
let viewer: TestClient;
let cell: { dataElementId: string; cocId: string };

const OPEN = '2026Q1';

beforeAll(async () => {
  env = await createTestEnv();
  formId = (await formIds(env)).BM01_XA_QUY;
  iaGrai = await unitId(env.db, '23764');
  const other = await env.db.selectFrom('org_unit').select('id').where('kind', '=', 'commune').where('hierarchy', '=', '2025').where('code', '!=', '23764').orderBy('code').executeTakeFirstOrThrow();
  otherCommune = other.id;
  [cell] = await integerCells(env, formId, 1);
  expect(cell).toBeDefined();
  officer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  province = await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52');
  viewer = await signIn(env, 'xem.gialai', 'viewer', '52');
  const saved = await officer.put('/api/data-values', { formId, unitId: iaGrai, period: OPEN, ...cell, value: '1.234' });
  expect(saved.status, saved.text).toBe(200);
});
afterAll(async () => env?.close());

describe('GET /api/offline/package', () => {
  it("packs the officer's commune exactly as the data-entry endpoints answer", async () => {
    const res = await officer.get('/api/offline/package');
    expect(res.status, res.text).toBe(200);
    const pkg = res.body;
    expect(pkg.generatedAt).toBe('2026-03-02T02:00:00.000Z');

    expect(pkg.units.map((u: { id: string }) => u.id)).toEqual([iaGrai]);
    expect(pkg.units[0]).toEqual((await officer.get(`/api/units/${iaGrai}`)).body);

    expect(pkg.assigned).toEqual([{ unitId: iaGrai, forms: (await officer.get(`/api/forms/assigned?unitId=${iaGrai}`)).body }]);
    const assignedIds = pkg.assigned[0].forms.items.map((f: { id: string }) => f.id);
    expect(assignedIds).toContain(formId);
    expect(pkg.forms.map((f: { id: string }) => f.id)).toEqual(assignedIds);
    for (const form of pkg.forms) expect(form).toEqual((await officer.get(`/api/forms/${form.id}`)).body);
    const bm01 = pkg.forms.find((f: { id: string }) => f.id === formId);
    expect(bm01.validationRules.length).toBeGreaterThan(0);

    expect(pkg.periods).toHaveLength(assignedIds.length);
    for (const p of pkg.periods) expect(p.periods).toEqual((await officer.get(`/api/forms/${p.formId}/periods?unitId=${p.unitId}`)).body);

    const bm01Values = pkg.values.filter((v: { formId: string }) => v.formId === formId);
    expect(bm01Values.map((v: { period: string }) => v.period)).toEqual([OPEN]);
    for (const v of pkg.values) {
      expect(v.data).toEqual((await officer.get(`/api/data-values?formId=${v.formId}&unitId=${v.unitId}&period=${v.period}`)).body);
      expect(v.data.period.status).toBe('open');
    }
    expect(bm01Values[0].data.values).toEqual([expect.objectContaining({ ...cell, value: '1234', version: 1 })]);

    expect(pkg.submissions.map((s: { formId: string; period: string }) => `${s.formId}:${s.period}`)).toEqual(pkg.values.map((v: { formId: string; period: string }) => `${v.formId}:${v.period}`));
    for (const s of pkg.submissions) expect(s.view).toEqual((await officer.get(`/api/submissions/status?formId=${s.formId}&unitId=${s.unitId}&period=${s.period}`)).body);
    expect(pkg.submissions[0].view).toMatchObject({ state: 'draft', abilities: { submit: true } });
  });

  it('packs at most the 4 newest open periods per form', async () => {
    // A lock exception for every period opens the locked past ones (2025Q4 back to 2024Q1).
    await env.db.insertInto('form_lock_exception').values({ form_id: formId, unit_id: iaGrai, period: null, expires_at: new Date('2026-06-01T00:00:00Z'), reason: 'Kiểm thử gói ngoại tuyến', granted_by: null }).execute();
    try {
      const res = await officer.get(`/api/offline/package?unitId=${iaGrai}`);
      expect(res.status, res.text).toBe(200);
      const periods = res.body.periods.find((p: { formId: string }) => p.formId === formId).periods.items;
      expect(periods.filter((i: { status: string }) => i.status === 'open').length).toBeGreaterThan(4);
      const packed = res.body.values.filter((v: { formId: string }) => v.formId === formId).map((v: { period: string }) => v.period);
      expect(packed).toEqual(['2026Q1', '2025Q4', '2025Q3', '2025Q2']);
    } finally {
      await env.db.deleteFrom('form_lock_exception').where('form_id', '=', formId).where('unit_id', '=', iaGrai).execute();
    }
  });

  it('packs a commune below for a provincial officer who asks for it', async () => {
    const res = await province.get(`/api/offline/package?unitId=${iaGrai}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.units.map((u: { id: string }) => u.id)).toEqual([iaGrai]);
    expect(res.body.values.length).toBeGreaterThan(0);
  });

  it('gives a reader without data.enter an empty package, and refuses a unit they ask for', async () => {
    const res = await viewer.get('/api/offline/package');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ units: [], assigned: [], forms: [], periods: [], values: [], submissions: [] });
    expectError(await viewer.get(`/api/offline/package?unitId=${iaGrai}`), 404, 'not_found');
  });

  it('refuses a unit outside the caller\'s scope, and an unknown one', async () => {
    expectError(await officer.get(`/api/offline/package?unitId=${otherCommune}`), 404, 'not_found');
    expectError(await officer.get('/api/offline/package/summary?unitId=' + otherCommune), 404, 'not_found');
    expectError(await officer.get('/api/offline/package?unitId=999999999'), 404, 'not_found');
  });

  it('requires login', async () => {
    expectError(await env.client().get('/api/offline/package'), 401, 'unauthenticated');
    expectError(await env.client().get('/api/offline/package/summary'), 401, 'unauthenticated');
  });

  it('refuses a malformed unit id or an unknown parameter', async () => {
    const res = await officer.get('/api/offline/package?unitId=abc');
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields[0].path).toBe('querystring.unitId');
    expectError(await officer.get('/api/offline/package/summary?unitId=-1'), 400, 'validation_failed');
    expectError(await officer.get('/api/offline/package?extra=1'), 400, 'validation_failed');
  });
});

describe('GET /api/offline/package/summary', () => {
  it('counts what the package holds and weighs exactly its JSON, plain and gzip-compressed', async () => {
    const pkg = await officer.get('/api/offline/package');
    const res = await officer.get('/api/offline/package/summary');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      units: pkg.body.units.length,
      forms: pkg.body.forms.length,
      periods: pkg.body.values.length,
      cells: pkg.body.values.reduce((n: number, v: { data: { values: unknown[] } }) => n + v.data.values.length, 0),
      bytes: Buffer.byteLength(pkg.text, 'utf8'),
      gzipBytes: expect.any(Number),
    });
    expect(res.body.cells).toBeGreaterThan(0);
    expect(res.body.gzipBytes).toBeGreaterThan(0);
    expect(res.body.gzipBytes).toBeLessThan(res.body.bytes);
    // One commune stays well under the 1 MB goal of the issue.
    expect(res.body.gzipBytes).toBeLessThan(1_000_000);
  });
});

describe('OpenAPI', () => {
  it('documents the offline endpoints and the conflict endpoint with a Vietnamese summary and their schemas', async () => {
    const res = await env.client().get('/api/docs/json');
    expect(res.status).toBe(200);
    for (const [p, method, tag] of [
      ['/api/offline/package', 'get', 'offline'],
      ['/api/offline/package/summary', 'get', 'offline'],
      ['/api/data-values/conflicts', 'post', 'data-values'],
    ] as const) {
      const op = res.body.paths[p]?.[method];
      expect(op, `${method} ${p}`).toBeDefined();
      expect(op.tags).toEqual([tag]);
      expect(op.summary).toMatch(/[ăâđêôơưàảãáạềểễếệ]/i);
      expect(op.responses['200']).toBeDefined();
    }
    const put = res.body.paths['/api/data-values'].put;
    const bodySchema = JSON.stringify(put.requestBody);
    for (const field of ['baseVersion', 'deviceTime', 'resolution']) expect(bodySchema).toContain(field);
  });
});
