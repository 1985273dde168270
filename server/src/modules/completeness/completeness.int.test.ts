// Completeness and timeliness over HTTP: counts per unit and rolled up (the children add
// up to the total), on time vs late at the exact deadline in Vietnam time (BM01 2026Q1
// for communes is due 10/04/2026, i.e. 23:59:59.999 at UTC+7 = 2026-04-10T16:59:59.999Z),
// overdue by the app clock, the attention lists (overdue, due within N days), and
// 401 / 403 / 400 / 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueInstant } from '@shared/engine/periods.ts';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';

let env: TestEnv;
let forms: Awaited<ReturnType<typeof formIds>>;
let giaLai: string;
let iaGrai: string;
let other: { id: string; code: string };
let communes: number;
let officer: TestClient;
let otherOfficer: TestClient;
let province: TestClient;
let quangNgai: TestClient;
let central: TestClient;
let anonymous: TestClient;
const users: Record<string, MadeUser> = {};

/** Moves the app clock (sessions expire across a jump) and signs everyone in again. */
async function at(instant: Date) {
  env.clock.set(instant);
  [officer, otherOfficer, province, quangNgai, central] = await Promise.all(['officer', 'otherOfficer', 'province', 'quangNgai', 'central'].map((k) => signedIn(env, users[k])));
}

const PERIOD = '2026Q1';
const DUE = new Date('2026-04-10T16:59:59.999Z');
const VALID: Record<string, string> = { HH_TOTAL: '500', HH_DTTS: '420', CAPITAL_ALLOCATED: '1.500', CAPITAL_DISBURSED: '1.200,5' };

async function fillRequired(c: TestClient, unit: string) {
  const cells = await env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
    .select(['de.id as dataElementId', 'oc.id as cocId', 'de.code as code'])
    .where('fe.form_id', '=', forms.BM01_XA_QUY)
    .execute();
  for (const cell of cells) {
    if (VALID[cell.code] === undefined) continue;
    const res = await c.put('/api/data-values', { formId: forms.BM01_XA_QUY, unitId: unit, period: PERIOD, dataElementId: cell.dataElementId, cocId: cell.cocId, value: VALID[cell.code] });
    expect(res.status, res.text).toBe(200);
  }
}

const url = (q: Record<string, string | undefined>) =>
  `/api/completeness?${new URLSearchParams(Object.entries({ formId: forms.BM01_XA_QUY, period: PERIOD, ...q }).filter((e): e is [string, string] => e[1] !== undefined))}`;
const sum = (rows: Record<string, unknown>[], k: string) => rows.reduce((n, r) => n + (r[k] as number), 0);

beforeAll(async () => {
  env = await createTestEnv();
  forms = await formIds(env);
  giaLai = await unitId(env.db, '52');
  iaGrai = await unitId(env.db, '23764');
  const row = await env.db
    .selectFrom('org_unit')
    .select(['id', 'code'])
    .where('parent_id', '=', giaLai)
    .where('kind', '=', 'commune')
    .where('valid_to', 'is', null)
    .where('id', '!=', iaGrai)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  other = row;
  const n = await env.db.selectFrom('org_unit').select((eb) => eb.fn.countAll<string>().as('n')).where('parent_id', '=', giaLai).where('kind', '=', 'commune').where('valid_to', 'is', null).executeTakeFirstOrThrow();
  communes = Number(n.n);
  users.officer = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' });
  users.otherOfficer = await makeUser(env, { username: 'xa.khac', role: 'commune_officer', unit: other.code });
  users.province = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' });
  users.quangNgai = await makeUser(env, { username: 'tinh.quangngai', role: 'provincial_coordinator', unit: '51' });
  users.central = await makeUser(env, { username: 'trunguong', role: 'central_officer', unit: 'VN' });
  await at(env.clock.now());
  anonymous = env.client();
});
afterAll(async () => env?.close());

describe('the due instant', () => {
  it('is 23:59:59.999 Vietnam time on the due day, from the engine', () => {
    expect(dueInstant(PERIOD, { daysAfterEnd: 10 }).toISOString()).toBe(DUE.toISOString());
  });
});

describe('before anything is submitted', () => {
  it('counts every assigned commune of the province as expected, nothing in', async () => {
    const res = await province.get(url({ unitId: giaLai }));
    expect(res.status, res.text).toBe(200);
    expect(communes).toBeGreaterThan(10);
    expect(res.body.total).toMatchObject({ unitId: giaLai, expected: communes, submitted: 0, onTime: 0, late: 0, approved: 0, notSubmitted: communes, overdue: 0, completeness: 0, timeliness: 0, hasChildren: true });
    expect(res.body.children).toHaveLength(communes);
    expect(res.body.children.every((c: { expected: number; hasChildren: boolean }) => c.expected === 1 && !c.hasChildren)).toBe(true);
    expect(res.body.dues).toEqual(expect.arrayContaining([{ unitKind: 'commune', dueAt: DUE.toISOString() }]));
    expect(res.body.total.dueAt).toBe(DUE.toISOString());
    expect(res.body.path.map((p: { unitId: string }) => p.unitId)).toEqual([giaLai]);
  });

  it('defaults to the caller\'s unit', async () => {
    const res = await province.get(url({}));
    expect(res.status, res.text).toBe(200);
    expect(res.body.total.unitId).toBe(giaLai);
  });

  it('lists reports due within N days, and none when the deadline is further', async () => {
    await at(new Date('2026-04-05T00:00:00Z'));
    const soon = await province.get(`/api/completeness/attention?formId=${forms.BM01_XA_QUY}&days=7&limit=5`);
    expect(soon.status, soon.text).toBe(200);
    expect(soon.body.dueSoon.total).toBe(communes);
    expect(soon.body.dueSoon.items).toHaveLength(5);
    expect(soon.body.dueSoon.items[0]).toMatchObject({ formId: forms.BM01_XA_QUY, formCode: 'BM01_XA_QUY', period: PERIOD, dueAt: DUE.toISOString(), state: 'draft' });
    expect(soon.body.overdue.total).toBe(0);
    const far = await province.get('/api/completeness/attention?days=3');
    expect(far.body.dueSoon.total).toBe(0);
    // Across forms: the province's own annual report of 2025 (due 15/12/2025, never locks) is overdue.
    expect(far.body.overdue.items).toEqual([expect.objectContaining({ formCode: 'BM03_TINH_NAM', period: '2025', unitId: giaLai, dueAt: '2025-12-15T16:59:59.999Z' })]);
    const mine = await officer.get('/api/completeness/attention');
    expect(mine.body.dueSoon.total).toBe(1);
    expect(mine.body.dueSoon.items[0]).toMatchObject({ unitId: iaGrai, period: PERIOD });
  });
});

describe('on time vs late at the exact deadline (Vietnam time)', () => {
  it('a submission at the due instant exactly is on time; one millisecond later is late', async () => {
    await fillRequired(officer, iaGrai);
    await fillRequired(otherOfficer, other.id);
    await at(DUE);
    const onTime = await officer.post('/api/submissions/submit', { formId: forms.BM01_XA_QUY, unitId: iaGrai, period: PERIOD });
    expect(onTime.status, onTime.text).toBe(200);
    expect(onTime.body.onTime).toBe(true);

    // At the due instant nothing is overdue yet.
    const atDue = await province.get(url({ unitId: giaLai }));
    expect(atDue.body.total).toMatchObject({ submitted: 1, onTime: 1, late: 0, overdue: 0 });

    env.clock.set(new Date(DUE.getTime() + 1));
    const late = await otherOfficer.post('/api/submissions/submit', { formId: forms.BM01_XA_QUY, unitId: other.id, period: PERIOD });
    expect(late.status, late.text).toBe(200);
    expect(late.body.onTime).toBe(false);

    const res = await province.get(url({ unitId: giaLai }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.total).toMatchObject({ expected: communes, submitted: 2, onTime: 1, late: 1, approved: 0, notSubmitted: communes - 2, overdue: communes - 2 });
    expect(res.body.total.completeness).toBeCloseTo(2 / communes, 3);
    expect(res.body.total.timeliness).toBeCloseTo(1 / communes, 3);
    const byId = new Map(res.body.children.map((c: { unitId: string }) => [c.unitId, c]));
    expect(byId.get(iaGrai)).toMatchObject({ submitted: 1, onTime: 1, late: 0, overdue: 0, completeness: 1, timeliness: 1 });
    expect(byId.get(other.id)).toMatchObject({ submitted: 1, onTime: 0, late: 1, overdue: 0, completeness: 1, timeliness: 0 });
  });

  it('counts approvals', async () => {
    const res = await province.post('/api/submissions/approve', { formId: forms.BM01_XA_QUY, unitId: iaGrai, period: PERIOD });
    expect(res.status, res.text).toBe(200);
    const after = await province.get(url({ unitId: giaLai }));
    expect(after.body.total).toMatchObject({ submitted: 2, approved: 1, onTime: 1, late: 1 });
  });
});

describe('rolled up', () => {
  it('the children add up to the total, at the province and the nation', async () => {
    for (const [client, unit] of [
      [province, giaLai],
      [central, undefined],
    ] as const) {
      const res = await client.get(url({ unitId: unit }));
      expect(res.status, res.text).toBe(200);
      for (const k of ['expected', 'submitted', 'onTime', 'late', 'approved', 'returned', 'notSubmitted', 'overdue']) {
        expect(sum(res.body.children, k), k).toBe(res.body.total[k]);
      }
    }
    const nation = await central.get(url({}));
    expect(nation.body.total.unitKind).toBe('nation');
    const gl = nation.body.children.find((c: { unitId: string }) => c.unitId === giaLai);
    expect(gl).toMatchObject({ expected: communes, submitted: 2, onTime: 1, late: 1, approved: 1, hasChildren: true });
    expect(nation.body.children.length).toBeGreaterThan(30);
  });

  it('a province form counts the province itself', async () => {
    const res = await province.get(`/api/completeness?formId=${forms.BM02_TINH_6T}&period=2026S1&unitId=${giaLai}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.total).toMatchObject({ expected: 1, submitted: 0, hasChildren: false });
    expect(res.body.children).toEqual([]);
  });
});

describe('attention lists', () => {
  it('lists the overdue reports of the scope, not the submitted ones', async () => {
    const res = await province.get(`/api/completeness/attention?formId=${forms.BM01_XA_QUY}&limit=200`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.overdue.total).toBe(communes - 2);
    const ids = res.body.overdue.items.map((i: { unitId: string }) => i.unitId);
    expect(ids).not.toContain(iaGrai);
    expect(ids).not.toContain(other.id);
    expect(res.body.overdue.items[0]).toMatchObject({ period: PERIOD, dueAt: DUE.toISOString(), state: 'draft' });
    // A unit narrows the scope; a commune officer sees only their own commune.
    const narrowed = await province.get(`/api/completeness/attention?unitId=${other.id}`);
    expect(narrowed.body.overdue.total).toBe(0);
    expect((await otherOfficer.get('/api/completeness/attention')).body.overdue.total).toBe(0);
    expect((await quangNgai.get('/api/completeness/attention')).body.overdue.items.every((i: { unitId: string }) => !ids.includes(i.unitId))).toBe(true);
  });

  it('forgets periods locked for entry', async () => {
    await at(new Date('2026-05-11T00:00:00Z'));
    const res = await province.get(`/api/completeness/attention?formId=${forms.BM01_XA_QUY}`);
    expect(res.body.overdue.total).toBe(0);
    await at(new Date(DUE.getTime() + 1));
  });
});

describe('refusals', () => {
  it('requires login', async () => {
    expectError(await anonymous.get(url({ unitId: giaLai })), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/completeness/attention'), 401, 'unauthenticated');
  });

  it('refuses a unit outside the scope with 403', async () => {
    expectError(await quangNgai.get(url({ unitId: giaLai })), 403, 'forbidden');
    expectError(await officer.get(url({ unitId: giaLai })), 403, 'forbidden');
    expectError(await officer.get(url({ unitId: other.id })), 403, 'forbidden');
    expectError(await quangNgai.get(`/api/completeness/attention?unitId=${giaLai}`), 403, 'forbidden');
    expectError(await province.get(url({ unitId: '999999999' })), 403, 'forbidden');
  });

  it('refuses bad input with 400 and a Vietnamese message', async () => {
    const bad = await province.get(url({ formId: 'abc' }));
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.message).toMatch(/không hợp lệ/);
    const period = await province.get(url({ period: '2026S1' }));
    expectError(period, 400, 'invalid_period');
    expect(period.body.error.message).toMatch(/Kỳ báo cáo/);
    expectError(await province.get(url({ period: '2026q1' })), 400, 'invalid_period');
    expectError(await province.get('/api/completeness/attention?days=0'), 400, 'validation_failed');
    expectError(await province.get('/api/completeness/attention?limit=1000'), 400, 'validation_failed');
    expectError(await province.get(url({ extra: '1' })), 400, 'validation_failed');
  });

  it('answers 404 for an unknown form', async () => {
    expectError(await province.get(url({ formId: '999999999' })), 404, 'not_found');
    expectError(await province.get('/api/completeness/attention?formId=999999999'), 404, 'not_found');
  });
});
