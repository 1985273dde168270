// The periods a unit may report for, computed by the engine in Vietnam time from the
// unit's due rule (by unit kind), the form's lock rule and any unexpired lock exception.
// The harness clock starts at 2026-03-02T02:00Z (09:00 on 2 March in Vietnam).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError, fieldPaths } from '../catalog/catalog.test-support.ts';
import { formIds } from './forms.test-support.ts';

let env: TestEnv;
let ids: Awaited<ReturnType<typeof formIds>>;
let iaGrai: string;
let giaLai: string;
let users: Record<'central' | 'province' | 'otherProvince' | 'commune', MadeUser>;

const START = new Date('2026-03-02T02:00:00Z');
/** Moves the clock, then signs in afresh (sessions expire when the clock jumps). */
async function at(instant: string | Date, who: keyof typeof users = 'commune'): Promise<TestClient> {
  env.clock.set(new Date(instant));
  return signedIn(env, users[who]);
}
type Item = { code: string; status: string; opensAt: string; dueAt: string; locksAt: string | null; exceptionUntil: string | null; label: { vi: string; en: string } };
async function periods(c: TestClient, formId: string, unit: string): Promise<Item[]> {
  const res = await c.get(`/api/forms/${formId}/periods?unitId=${unit}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}
const statusOf = (items: Item[]) => Object.fromEntries(items.map((i) => [i.code, i.status]));

beforeAll(async () => {
  env = await createTestEnv();
  ids = await formIds(env);
  iaGrai = await unitId(env.db, '23764');
  giaLai = await unitId(env.db, '52');
  users = {
    central: await makeUser(env, { username: 'tw.bieumau', role: 'central_officer', unit: 'VN' }),
    province: await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' }),
    otherProvince: await makeUser(env, { username: 'tinh.quangngai', role: 'provincial_coordinator', unit: '51' }),
    commune: await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' }),
  };
});
afterAll(async () => env?.close());

describe('GET /api/forms/:id/periods', () => {
  it('gives the commune the next, current and 8 past quarters with windows from the commune due rule', async () => {
    const items = await periods(await at(START), ids.BM01_XA_QUY, iaGrai);
    expect(items.map((i) => i.code)).toEqual(['2026Q2', '2026Q1', '2025Q4', '2025Q3', '2025Q2', '2025Q1', '2024Q4', '2024Q3', '2024Q2', '2024Q1']);
    expect(statusOf(items)).toMatchObject({ '2026Q2': 'future', '2026Q1': 'open', '2025Q4': 'locked', '2024Q1': 'locked' });
    const q4 = items.find((i) => i.code === '2025Q4')!;
    expect(q4).toEqual({
      code: '2025Q4',
      label: { vi: 'Quý 4/2025', en: 'Q4 2025' },
      opensAt: '2025-09-30T17:00:00.000Z',
      dueAt: '2026-01-10T16:59:59.999Z',
      locksAt: '2026-02-09T16:59:59.999Z',
      status: 'locked',
      exceptionUntil: null,
    });
  });

  it('uses the province rules for provincial forms: 20 days after the half-year, 15/12 with no lock', async () => {
    const c = await at(START, 'province');
    const half = await periods(c, ids.BM02_TINH_6T, giaLai);
    expect(half.slice(0, 3).map((i) => [i.code, i.status])).toEqual([
      ['2026S2', 'future'],
      ['2026S1', 'open'],
      ['2025S2', 'locked'],
    ]);
    expect(half[2].dueAt).toBe('2026-01-20T16:59:59.999Z');
    expect(half[2].label.vi).toBe('6 tháng cuối năm 2025');
    const year = await periods(c, ids.BM03_TINH_NAM, giaLai);
    expect(year.slice(0, 3).map((i) => [i.code, i.status, i.dueAt, i.locksAt])).toEqual([
      ['2027', 'future', '2027-12-15T16:59:59.999Z', null],
      ['2026', 'open', '2026-12-15T16:59:59.999Z', null],
      ['2025', 'open', '2025-12-15T16:59:59.999Z', null],
    ]);
  });

  it('turns at Vietnam midnight (17:00 UTC): the quarter changes and the lock falls', async () => {
    let items = await periods(await at('2026-03-31T16:59:59.000Z'), ids.BM01_XA_QUY, iaGrai);
    expect(items.slice(0, 2).map((i) => [i.code, i.status])).toEqual([
      ['2026Q2', 'future'],
      ['2026Q1', 'open'],
    ]);
    items = await periods(await at('2026-03-31T17:00:00.000Z'), ids.BM01_XA_QUY, iaGrai);
    expect(items.slice(0, 3).map((i) => [i.code, i.status])).toEqual([
      ['2026Q3', 'future'],
      ['2026Q2', 'open'],
      ['2026Q1', 'open'],
    ]);
    // 2026Q1: due 10/04, locked after 30 more days: the end of 10/05 in Vietnam.
    items = await periods(await at('2026-05-10T16:59:59.000Z'), ids.BM01_XA_QUY, iaGrai);
    expect(statusOf(items)['2026Q1']).toBe('open');
    expect(items.find((i) => i.code === '2026Q1')!.locksAt).toBe('2026-05-10T16:59:59.999Z');
    items = await periods(await at('2026-05-10T17:00:00.000Z'), ids.BM01_XA_QUY, iaGrai);
    expect(statusOf(items)['2026Q1']).toBe('locked');
  });

  it('reopens a locked period while a lock exception lasts, for that period or all of them', async () => {
    const province = await at(START, 'province');
    const grant = (body: object) => province.post(`/api/forms/${ids.BM01_XA_QUY}/lock-exceptions`, { unitId: iaGrai, reason: 'Bổ sung số liệu sau kiểm tra', ...body });
    expect((await grant({ period: '2025Q4', expiresAt: '2026-03-10T00:00:00Z' })).status).toBe(201);
    let items = await periods(await at(START), ids.BM01_XA_QUY, iaGrai);
    expect(statusOf(items)).toMatchObject({ '2025Q4': 'open', '2025Q3': 'locked' });
    expect(items.find((i) => i.code === '2025Q4')!.exceptionUntil).toBe('2026-03-10T00:00:00.000Z');

    expect((await grant({ expiresAt: '2026-03-05T00:00:00Z' })).status).toBe(201);
    items = await periods(await at(START), ids.BM01_XA_QUY, iaGrai);
    expect(statusOf(items)).toMatchObject({ '2025Q4': 'open', '2025Q3': 'open', '2024Q1': 'open' });

    items = await periods(await at('2026-03-06T00:00:00Z'), ids.BM01_XA_QUY, iaGrai);
    expect(statusOf(items)).toMatchObject({ '2025Q4': 'open', '2025Q3': 'locked' });
    items = await periods(await at('2026-03-10T00:00:01Z'), ids.BM01_XA_QUY, iaGrai);
    expect(statusOf(items)).toMatchObject({ '2025Q4': 'locked', '2025Q3': 'locked' });
  });

  it('is not found outside scope or for a unit the form is not assigned to; 401 signed out', async () => {
    const other = await at(START, 'otherProvince');
    expectError(await other.get(`/api/forms/${ids.BM01_XA_QUY}/periods?unitId=${iaGrai}`), 404, 'not_found');
    const province = await signedIn(env, users.province);
    expectError(await province.get(`/api/forms/${ids.BM01_XA_QUY}/periods?unitId=${giaLai}`), 404, 'not_found');
    const commune = await signedIn(env, users.commune);
    expectError(await commune.get(`/api/forms/${ids.BM02_TINH_6T}/periods?unitId=${iaGrai}`), 404, 'not_found');
    expectError(await commune.get(`/api/forms/999999999/periods?unitId=${iaGrai}`), 404, 'not_found');
    expectError(await env.client().get(`/api/forms/${ids.BM01_XA_QUY}/periods?unitId=${iaGrai}`), 401, 'unauthenticated');
    const bad = await commune.get(`/api/forms/${ids.BM01_XA_QUY}/periods`);
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(['querystring.unitId']);
  });

  it('answers form_no_due_rule when the unit kind has no due rule', async () => {
    const central = await at(START, 'central');
    const created = await central.post('/api/forms', { code: 'BM20_KHONG_HAN', nameVi: 'Biểu chưa có hạn nộp', periodType: 'month' });
    expect(created.status, created.text).toBe(201);
    expect((await central.put(`/api/forms/${created.body.id}/assignments`, { assignments: [{ mode: 'unit', unitId: iaGrai }] })).status).toBe(200);
    expectError(await central.get(`/api/forms/${created.body.id}/periods?unitId=${iaGrai}`), 409, 'form_no_due_rule');
  });
});
