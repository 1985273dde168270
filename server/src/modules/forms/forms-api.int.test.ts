// Report forms over HTTP: listing by scope, the full form with its grid, definitions
// by national managers only, assignment, due rules, lock exceptions, and the seed.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, fieldPaths, rawJson, type Actors } from '../catalog/catalog.test-support.ts';
import { formIds } from './forms.test-support.ts';
import { FORMS_SEED_NAME, loadForms } from './seed/load-forms.ts';

let env: TestEnv;
let a: Actors;
let ids: Awaited<ReturnType<typeof formIds>>;
let iaGrai: string;
let giaLai: string;
let quangNgai: string;

const codes = (res: { body: { items: { code: string }[] } }) => res.body.items.map((f) => f.code);
const elementId = async (code: string) => (await env.db.selectFrom('data_element').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  env = await createTestEnv();
  a = await actors(env);
  ids = await formIds(env);
  iaGrai = await unitId(env.db, '23764');
  giaLai = await unitId(env.db, '52');
  quangNgai = await unitId(env.db, '51');
});
afterAll(async () => env?.close());

describe('seeded forms', () => {
  it('ships the three forms with sections, elements, due rules, assignment and rules, once', async () => {
    expect(Object.keys(ids).sort()).toEqual(['BM01_XA_QUY', 'BM02_TINH_6T', 'BM03_TINH_NAM']);
    const q = (await a.central.get(`/api/forms/${ids.BM01_XA_QUY}`)).body;
    expect(q.periodType).toBe('quarter');
    expect(q.lockDaysAfterDue).toBe(30);
    expect(q.sections.map((s: { nameVi: string }) => s.nameVi)[0]).toBe('A. Thông tin chung về hộ và dân số');
    const elements = q.sections.flatMap((s: { elements: { code: string }[] }) => s.elements.map((e) => e.code));
    expect(elements).toEqual(expect.arrayContaining(['HH_TOTAL', 'DA1_HH_HOUSING_SUPPORTED', 'CAPITAL_DISBURSED']));
    expect(q.dueRules).toEqual([
      { unitKind: 'commune', daysAfterEnd: 10, fixedDate: null, yearOffset: 0 },
      { unitKind: 'province', daysAfterEnd: 20, fixedDate: null, yearOffset: 0 },
    ]);
    expect(q.assignments).toEqual([expect.objectContaining({ mode: 'level', unitKind: 'commune' })]);
    expect(q.validationRules.map((r: { code: string }) => r.code)).toContain('HO_HO_TRO_NHA_LE_HO_NGHEO');
    // Grid columns are the element's option combinations: housing support by ethnic group (54).
    const housing = q.sections.flatMap((s: { elements: unknown[] }) => s.elements).find((e: { code: string }) => e.code === 'DA1_HH_HOUSING_SUPPORTED');
    expect(housing.columns.length).toBe(54);
    // What the data-entry grid needs to check cells offline exactly as the server does.
    expect(housing).toMatchObject({ valueType: 'integer', min: 0, max: null, zeroIsSignificant: true });
    const capital = q.sections.flatMap((s: { elements: unknown[] }) => s.elements).find((e: { code: string }) => e.code === 'CAPITAL_DISBURSED');
    expect(capital).toMatchObject({ valueType: 'number', min: 0, max: null, required: true, unitOfMeasureVi: 'triệu đồng' });
    expect(q.validationRules.find((r: { code: string }) => r.code === 'GIAI_NGAN_LE_VON_GIAO')).toEqual({
      id: expect.any(String),
      code: 'GIAI_NGAN_LE_VON_GIAO',
      nameVi: 'Vốn giải ngân không vượt vốn được giao',
      nameEn: 'Disbursed ≤ allocated capital',
      left: '#{CAPITAL_DISBURSED}',
      operator: '<=',
      right: '#{CAPITAL_ALLOCATED}',
      importance: 'medium',
      message: 'Vốn đã giải ngân lớn hơn vốn được giao.',
      messageEn: 'Disbursed capital exceeds allocated capital.',
      missingValueStrategy: expect.stringMatching(/^(skip-if-any-missing|zero|never-skip)$/),
    });

    const s = (await a.central.get(`/api/forms/${ids.BM02_TINH_6T}`)).body;
    expect(s.periodType).toBe('sixMonth');
    expect(s.dueRules).toEqual([{ unitKind: 'province', daysAfterEnd: 20, fixedDate: null, yearOffset: 0 }]);
    expect(s.assignments[0]).toMatchObject({ mode: 'level', unitKind: 'province' });

    const y = (await a.central.get(`/api/forms/${ids.BM03_TINH_NAM}`)).body;
    expect(y.periodType).toBe('year');
    expect(y.lockDaysAfterDue).toBeNull();
    expect(y.dueRules).toEqual([{ unitKind: 'province', daysAfterEnd: null, fixedDate: { month: 12, day: 15 }, yearOffset: 0 }]);
    expect(y.sections.length).toBe(3);

    expect(await loadForms(env.db, pino({ level: 'silent' }))).toBe(false);
    expect(await env.db.selectFrom('seed_run').select('name').where('name', '=', FORMS_SEED_NAME).execute()).toHaveLength(1);
    expect(await env.db.selectFrom('form').select('id').execute()).toHaveLength(3);
  });
});

describe('GET /api/forms and /api/forms/assigned', () => {
  it('lists forms assigned within the caller scope', async () => {
    expect(codes(await a.central.get('/api/forms'))).toEqual(['BM01_XA_QUY', 'BM02_TINH_6T', 'BM03_TINH_NAM']);
    expect((await a.central.get('/api/forms')).body.abilities).toEqual({ manage: true });
    expect(codes(await a.giaLai.get('/api/forms'))).toEqual(['BM01_XA_QUY', 'BM02_TINH_6T', 'BM03_TINH_NAM']);
    const commune = await a.commune.get('/api/forms');
    expect(codes(commune)).toEqual(['BM01_XA_QUY']);
    expect(commune.body.abilities).toEqual({ manage: false });
  });

  it('lists the forms assigned to one unit in scope; 404 outside scope', async () => {
    expect(codes(await a.commune.get(`/api/forms/assigned?unitId=${iaGrai}`))).toEqual(['BM01_XA_QUY']);
    expect(codes(await a.giaLai.get(`/api/forms/assigned?unitId=${giaLai}`))).toEqual(['BM02_TINH_6T', 'BM03_TINH_NAM']);
    expectError(await a.quangNgai.get(`/api/forms/assigned?unitId=${iaGrai}`), 404, 'not_found');
    expectError(await a.commune.get(`/api/forms/assigned?unitId=${giaLai}`), 404, 'not_found');
    expectError(await a.commune.get('/api/forms/assigned?unitId=999999999'), 404, 'not_found');
    const bad = await a.commune.get('/api/forms/assigned?unitId=abc');
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(['querystring.unitId']);
  });

  it('hides a form the caller has no unit for (404), and answers 401 when signed out', async () => {
    expectError(await a.commune.get(`/api/forms/${ids.BM02_TINH_6T}`), 404, 'not_found');
    expect((await a.commune.get(`/api/forms/${ids.BM01_XA_QUY}`)).status).toBe(200);
    expectError(await a.central.get('/api/forms/999999999'), 404, 'not_found');
    expectError(await a.anonymous.get('/api/forms'), 401, 'unauthenticated');
    expectError(await a.anonymous.get(`/api/forms/${ids.BM01_XA_QUY}`), 401, 'unauthenticated');
    expectError(await a.anonymous.get(`/api/forms/assigned?unitId=${iaGrai}`), 401, 'unauthenticated');
    expectError(await a.anonymous.get(`/api/forms/${ids.BM01_XA_QUY}/periods?unitId=${iaGrai}`), 401, 'unauthenticated');
  });
});

describe('POST and PATCH /api/forms', () => {
  it('lets a national manager create and edit a form, audited', async () => {
    const hh = await elementId('HH_TOTAL');
    const dtts = await elementId('HH_DTTS');
    const rule = (await env.db.selectFrom('validation_rule').select('id').where('code', '=', 'HO_DTTS_LE_TONG_HO').executeTakeFirstOrThrow()).id;
    const res = await a.central.post('/api/forms', {
      code: 'BM09_XA_THANG',
      nameVi: 'Biểu thử nghiệm hằng tháng',
      periodType: 'month',
      lockDaysAfterDue: 5,
      sections: [{ code: 'A', nameVi: 'A. Hộ', elements: [{ dataElementId: hh, required: true }, { dataElementId: dtts }] }],
      validationRuleIds: [rule],
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ code: 'BM09_XA_THANG', periodType: 'month', lockDaysAfterDue: 5, approveBeforeChildren: false });
    expect(res.body.sections[0].elements.map((e: { code: string; required: boolean }) => [e.code, e.required])).toEqual([
      ['HH_TOTAL', true],
      ['HH_DTTS', false],
    ]);
    expect(res.body.sections[0].elements[0].columns).toHaveLength(1);
    const id = res.body.id;

    const patched = await a.central.patch(`/api/forms/${id}`, { nameVi: 'Biểu thử nghiệm (sửa)', approveBeforeChildren: true, lockDaysAfterDue: null });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ nameVi: 'Biểu thử nghiệm (sửa)', approveBeforeChildren: true, lockDaysAfterDue: null });
    expect(patched.body.sections).toHaveLength(1);
    expect((await auditRows(env, 'form.created')).map((r) => r.target_id)).toEqual([id]);
    expect((await auditRows(env, 'form.updated'))[0].target_id).toBe(id);

    expectError(await a.central.post('/api/forms', { code: 'BM09_XA_THANG', nameVi: 'Trùng', periodType: 'month' }), 409, 'conflict');
  });

  it('is not found for anyone without national form management', async () => {
    const body = { code: 'BM10_X', nameVi: 'Không được', periodType: 'year' };
    expectError(await a.giaLai.post('/api/forms', body), 404, 'not_found');
    expectError(await a.commune.post('/api/forms', body), 404, 'not_found');
    expectError(await a.giaLai.patch(`/api/forms/${ids.BM01_XA_QUY}`, { nameVi: 'x' }), 404, 'not_found');
    expectError(await a.anonymous.post('/api/forms', body), 401, 'unauthenticated');
    expectError(await a.central.patch('/api/forms/999999999', { nameVi: 'x' }), 404, 'not_found');
  });

  it('rejects bad input with field paths, and bodies that are not JSON', async () => {
    const bad = await a.central.post('/api/forms', { code: 'bm thường', nameVi: '', periodType: 'week' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad).sort()).toEqual(['body.code', 'body.nameVi', 'body.periodType']);
    const unknownElement = await a.central.post('/api/forms', { code: 'BM11', nameVi: 'X', periodType: 'year', sections: [{ code: 'A', nameVi: 'A', elements: [{ dataElementId: '999999999' }] }] });
    expectError(unknownElement, 400, 'validation_failed');
    expect(fieldPaths(unknownElement)).toEqual(['body.sections.0.elements.0.dataElementId']);
    expectError(await rawJson(a.central, 'POST', '/api/forms', '{nope'), 400, 'invalid_json');
  });
});

describe('PUT assignments and due rules', () => {
  it('replaces the assignment (level, group, unit) and due rules, audited', async () => {
    const created = await a.central.post('/api/forms', { code: 'BM12_TEST', nameVi: 'Biểu giao thử', periodType: 'quarter' });
    const id = created.body.id;
    const put = await a.central.put(`/api/forms/${id}/assignments`, { assignments: [{ mode: 'unit', unitId: iaGrai }, { mode: 'level', unitKind: 'province' }] });
    expect(put.status, put.text).toBe(200);
    expect(put.body.assignments.map((x: { mode: string }) => x.mode)).toEqual(['unit', 'level']);
    expect(codes(await a.commune.get(`/api/forms/assigned?unitId=${iaGrai}`))).toContain('BM12_TEST');
    expect(codes(await a.quangNgai.get(`/api/forms/assigned?unitId=${quangNgai}`))).toContain('BM12_TEST');

    const due = await a.central.put(`/api/forms/${id}/due-rules`, { rules: [{ unitKind: 'commune', daysAfterEnd: 7 }, { unitKind: 'province', fixedDate: { month: 1, day: 31 }, yearOffset: 1 }] });
    expect(due.status, due.text).toBe(200);
    expect(due.body.dueRules).toEqual([
      { unitKind: 'commune', daysAfterEnd: 7, fixedDate: null, yearOffset: 0 },
      { unitKind: 'province', daysAfterEnd: null, fixedDate: { month: 1, day: 31 }, yearOffset: 1 },
    ]);
    expect(await auditRows(env, 'form.assignments_replaced')).toHaveLength(1);
    expect(await auditRows(env, 'form.due_rules_replaced')).toHaveLength(1);

    const badAssign = await a.central.put(`/api/forms/${id}/assignments`, { assignments: [{ mode: 'group', groupId: '999999999' }, { mode: 'level', unitKind: 'village' }] });
    expectError(badAssign, 400, 'validation_failed');
    expect(fieldPaths(badAssign).length).toBeGreaterThan(0);
    const badGroup = await a.central.put(`/api/forms/${id}/assignments`, { assignments: [{ mode: 'group', groupId: '999999999' }] });
    expectError(badGroup, 400, 'validation_failed');
    expect(fieldPaths(badGroup)).toEqual(['body.assignments.0.groupId']);
    const badDue = await a.central.put(`/api/forms/${id}/due-rules`, { rules: [{ unitKind: 'commune', daysAfterEnd: 5, fixedDate: { month: 1, day: 1 } }] });
    expectError(badDue, 400, 'validation_failed');
    expect(fieldPaths(badDue)).toEqual(['body.rules.0.daysAfterEnd']);
    const badDay = await a.central.put(`/api/forms/${id}/due-rules`, { rules: [{ unitKind: 'commune', fixedDate: { month: 2, day: 30 } }] });
    expectError(badDay, 400, 'validation_failed');
    expect(fieldPaths(badDay)).toEqual(['body.rules.0.fixedDate.day']);
    expectError(await rawJson(a.central, 'PUT', `/api/forms/${id}/due-rules`, 'x'), 400, 'invalid_json');

    expectError(await a.giaLai.put(`/api/forms/${id}/assignments`, { assignments: [] }), 404, 'not_found');
    expectError(await a.giaLai.put(`/api/forms/${id}/due-rules`, { rules: [] }), 404, 'not_found');
    expectError(await a.anonymous.put(`/api/forms/${id}/due-rules`, { rules: [] }), 401, 'unauthenticated');
    expectError(await a.central.put('/api/forms/999999999/due-rules', { rules: [] }), 404, 'not_found');
  });
});

describe('POST /api/forms/:id/lock-exceptions', () => {
  it('lets the province grant an exception to its commune, audited; others get 404', async () => {
    const body = { unitId: iaGrai, period: '2025Q4', expiresAt: '2026-03-10T00:00:00Z', reason: 'Xã bị mất điện kéo dài, cho phép bổ sung số liệu' };
    const res = await a.giaLai.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ unitId: iaGrai, period: '2025Q4', expiresAt: '2026-03-10T00:00:00.000Z' });
    const audit = await auditRows(env, 'form.lock_exception_granted');
    expect(audit).toHaveLength(1);
    expect(audit[0].unit_id).toBe(iaGrai);

    expectError(await a.quangNgai.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, body), 404, 'not_found');
    expectError(await a.commune.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, body), 404, 'not_found');
    expectError(await a.viewer.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, body), 404, 'not_found');
    // The province is not assigned the commune form.
    expectError(await a.giaLai.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, { ...body, unitId: giaLai, period: undefined }), 404, 'not_found');
    expectError(await a.anonymous.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, body), 401, 'unauthenticated');
  });

  it('lists the unexpired exceptions of the units one may grant them to', async () => {
    const path = `/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`;
    const mine = await a.giaLai.get(path);
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ unitId: iaGrai, unitName: 'Xã Ia Grai', period: '2025Q4', reason: 'Xã bị mất điện kéo dài, cho phép bổ sung số liệu', grantedBy: expect.any(String) }),
    ]);
    expect((await a.central.get(path)).body.items).toHaveLength(1);
    expect((await a.quangNgai.get(path)).body.items).toEqual([]);
    expectError(await a.commune.get(path), 404, 'not_found');
    expectError(await a.anonymous.get(path), 401, 'unauthenticated');
    expectError(await a.central.get('/api/forms/999999999/lock-exceptions'), 404, 'not_found');
    // An expired exception is no longer listed.
    await env.db.insertInto('form_lock_exception').values({ form_id: ids.BM01_XA_QUY, unit_id: iaGrai, period: '2025Q3', expires_at: new Date('2026-03-01T00:00:00Z'), reason: 'Đã hết hạn' }).execute();
    expect((await a.giaLai.get(path)).body.items.map((x: { period: string }) => x.period)).toEqual(['2025Q4']);
  });

  it('rejects a wrong period type, a past expiry and malformed input', async () => {
    const path = `/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`;
    const wrong = await a.giaLai.post(path, { unitId: iaGrai, period: '2025S1', expiresAt: '2026-01-01T00:00:00Z', reason: 'Lý do hợp lệ' });
    expectError(wrong, 400, 'validation_failed');
    expect(fieldPaths(wrong).sort()).toEqual(['body.expiresAt', 'body.period']);
    const malformed = await a.giaLai.post(path, { unitId: 'x', expiresAt: 'ngày mai', reason: '' });
    expectError(malformed, 400, 'validation_failed');
    expect(fieldPaths(malformed).sort()).toEqual(['body.expiresAt', 'body.reason', 'body.unitId']);
    expectError(await rawJson(a.giaLai, 'POST', path, '[1,'), 400, 'invalid_json');
  });
});

describe('OpenAPI', () => {
  it('documents every forms endpoint under the forms tag with a Vietnamese summary', async () => {
    const res = await env.client().get('/api/docs/json');
    expect(res.status).toBe(200);
    const expected: [string, string][] = [
      ['/api/forms', 'get'],
      ['/api/forms', 'post'],
      ['/api/forms/assigned', 'get'],
      ['/api/forms/{id}', 'get'],
      ['/api/forms/{id}/lock-exceptions', 'get'],
      ['/api/forms/{id}', 'patch'],
      ['/api/forms/{id}/assignments', 'put'],
      ['/api/forms/{id}/due-rules', 'put'],
      ['/api/forms/{id}/lock-exceptions', 'post'],
      ['/api/forms/{id}/periods', 'get'],
    ];
    for (const [p, method] of expected) {
      const op = res.body.paths[p]?.[method];
      expect(op, `${method} ${p}`).toBeDefined();
      expect(op.tags).toEqual(['forms']);
      expect(op.summary).toMatch(/[ăâđêôơưàảãáạềểễếệ]/i);
    }
  });
});
