// Consolidated reports over HTTP: a value saved by a commune is in the province and
// national totals at once; periods roll up; pre-2025 data rolls into 2025 units through
// succession and can be viewed in the old hierarchy; approved-only; scope and bad input.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestEnv } from '../../../test/harness.ts';
import { actors, expectError, type Actors } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';

let env: TestEnv;
let who: Actors;
let bm01: string;
let bm03: string;
let nation: string;
let giaLai: string;
let iaGrai: string;
let el: { id: string; cocs: string[] };

const url = (q: Record<string, string>) => `/api/reports/consolidated?${new URLSearchParams(q)}`;
const row = (body: any, id: string) => body.rows.find((r: any) => r.unit.id === id);

beforeAll(async () => {
  env = await createTestEnv();
  who = await actors(env);
  ({ BM01_XA_QUY: bm01, BM03_TINH_NAM: bm03 } = await formIds(env));
  nation = await unitId(env.db, 'VN');
  giaLai = await unitId(env.db, '52');
  iaGrai = await unitId(env.db, '23764');
  // A summed integer element of BM01 with a disaggregation (several option combos).
  const pick = await sql<{ id: string; cocs: string[] }>`
    select de.id, array_agg(oc.id order by oc.sort_order, oc.id) as cocs
    from form_element fe join data_element de on de.id = fe.data_element_id
    join category_option_combo oc on oc.combo_id = de.category_combo_id and oc.active
    where fe.form_id = ${bm01} and de.value_type = 'integer' and de.aggregation_type = 'sum'
    group by de.id having count(*) > 1 order by de.id limit 1`.execute(env.db);
  el = { id: String(pick.rows[0].id), cocs: pick.rows[0].cocs.map(String) };
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function save(value: string, coc = el.cocs[0], period = '2026Q1') {
  const res = await who.commune.put('/api/data-values', { formId: bm01, unitId: iaGrai, period, dataElementId: el.id, cocId: coc, value });
  expect(res.status).toBe(200);
}

describe('GET /api/reports/consolidated', () => {
  it('shows a value saved by a commune in the province and national totals at once', async () => {
    await save('7');
    await save('5', el.cocs[1]);
    const national = await who.central.get(url({ formId: bm01, unitId: nation, period: '2026Q1' }));
    expect(national.status).toBe(200);
    expect(national.body.view).toBe('2025');
    expect(national.body.rows[0]).toMatchObject({ total: true, unit: { id: nation } });
    expect(national.body.rows[0].values[el.id]).toBe(12);
    expect(national.body.rows).toHaveLength(35); // the nation + 34 provinces
    expect(row(national.body, giaLai).values[el.id]).toBe(12);
    const province = await who.giaLai.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1', disaggregate: 'true' }));
    expect(province.status).toBe(200);
    expect(row(province.body, iaGrai).values[el.id]).toBe(12);
    expect(row(province.body, iaGrai).byCoc[el.id]).toEqual({ [el.cocs[0]]: 7, [el.cocs[1]]: 5 });
    expect(province.body.path.map((u: any) => u.id)).toEqual([]); // the nation is outside Gia Lai's scope

    await save('10');
    const again = await who.central.get(url({ formId: bm01, unitId: nation, period: '2026Q1' }));
    expect(again.body.rows[0].values[el.id]).toBe(15);
  });

  it('rolls quarters into six months and years', async () => {
    const year = await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026' }));
    expect(year.status).toBe(200);
    expect(row(year.body, iaGrai).values[el.id]).toBe(15);
    const half = await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026S2' }));
    expect(row(half.body, iaGrai).values[el.id]).toBeNull();
  });

  it('rolls pre-2025 values into the 2025 units and shows them in the old hierarchy', async () => {
    // Old Ia Kha (pre-2025 commune 23764) reported 2024Q4; it became part of Ia Grai.
    const iaKha = await unitId(env.db, '23764', 'pre2025');
    const oldGiaLai = await unitId(env.db, '64', 'pre2025');
    await sql`insert into data_value (data_element_id, coc_id, unit_id, period, value, numeric_value, source)
              values (${el.id}, ${el.cocs[0]}, ${iaKha}, '2024Q4', '30', 30, 'import')`.execute(env.db);
    const now = await who.giaLai.get(url({ formId: bm01, unitId: giaLai, period: '2024Q4' }));
    expect(row(now.body, iaGrai).values[el.id]).toBe(30);
    expect(now.body.rows[0].values[el.id]).toBe(30);

    const old = await who.giaLai.get(url({ formId: bm01, unitId: oldGiaLai, period: '2024Q4' }));
    expect(old.status).toBe(200);
    expect(old.body.view).toBe('pre2025');
    expect(old.body.rows[0].values[el.id]).toBe(30);
    const district = old.body.rows.find((r: any) => r.values[el.id] === 30 && !r.total);
    expect(district.unit.kind).toBe('district');

    // 2026 values of Ia Grai count in old Gia Lai (its predecessors all lay there).
    const later = await who.central.get(url({ formId: bm01, unitId: oldGiaLai, period: '2026Q1', view: 'pre2025' }));
    expect(later.body.rows[0].values[el.id]).toBeCloseTo(15, 6);
    const nationOld = await who.central.get(url({ formId: bm01, unitId: nation, period: '2024', view: 'pre2025' }));
    expect(nationOld.body.rows).toHaveLength(64); // the nation + 63 old provinces
    expect(row(nationOld.body, oldGiaLai).values[el.id]).toBe(30);
  });

  it('counts only approved values when asked', async () => {
    const q = { formId: bm01, unitId: giaLai, period: '2026Q1', approvedOnly: 'true' };
    expect(row((await who.central.get(url(q))).body, iaGrai).values[el.id]).toBeNull();
    await sql`insert into submission (form_id, unit_id, period, province_id, state, version, updated_at)
              values (${bm01}, ${iaGrai}, '2026Q1', ${giaLai}, 'approved', 1, now())`.execute(env.db);
    await sql`select refresh_value_approval(${bm01}, ${iaGrai}, '2026Q1')`.execute(env.db);
    const approved = await who.central.get(url(q));
    expect(row(approved.body, iaGrai).values[el.id]).toBe(15);
    expect(approved.body.approvedOnly).toBe(true);
  });

  it('requires a signed-in user', async () => {
    expectError(await who.anonymous.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1' })), 401, 'unauthenticated');
  });

  it('refuses units outside the caller’s scope', async () => {
    expectError(await who.quangNgai.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1' })), 404, 'not_found');
    expectError(await who.commune.get(url({ formId: bm01, unitId: nation, period: '2026Q1' })), 404, 'not_found');
  });

  it('rejects bad periods, hierarchies and parameters with a Vietnamese message', async () => {
    const bad = await who.central.get(url({ formId: bm03, unitId: giaLai, period: '2026Q1' }));
    expectError(bad, 400, 'invalid_period');
    expect(bad.body.error.message).toMatch(/kỳ/i);
    expectError(await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026Q9' })), 400, 'invalid_period');
    const mismatch = await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1', view: 'pre2025' }));
    expectError(mismatch, 400, 'hierarchy_mismatch');
    expect(mismatch.body.error.message).toContain('Đơn vị');
    expectError(await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1', view: '2030' })), 400, 'validation_failed');
    expectError(await who.central.get(url({ formId: '999999', unitId: giaLai, period: '2026Q1' })), 404, 'not_found');
  });
});

describe('GET /api/reports/roots', () => {
  it('starts national readers at the nation and others at their units or their predecessors', async () => {
    const national = await who.central.get('/api/reports/roots?view=pre2025');
    expect(national.body.items.map((u: any) => u.kind)).toEqual(['nation']);
    const now = await who.giaLai.get('/api/reports/roots?view=2025');
    expect(now.body.items.map((u: any) => u.id)).toEqual([giaLai]);
    const old = await who.giaLai.get('/api/reports/roots?view=pre2025');
    expect(old.body.items.map((u: any) => u.name).sort()).toEqual(['Tỉnh Bình Định', 'Tỉnh Gia Lai']);
  });

  it('requires a signed-in user and a valid view', async () => {
    expectError(await who.anonymous.get('/api/reports/roots?view=2025'), 401, 'unauthenticated');
    expectError(await who.giaLai.get('/api/reports/roots?view=old'), 400, 'validation_failed');
  });
});

describe('GET /api/reports/lineage', () => {
  it("puts a 2025 commune's yearly figures next to its predecessors'", async () => {
    const res = await who.giaLai.get(`/api/reports/lineage?unitId=${iaGrai}&formId=${bm01}`);
    expect(res.status).toBe(200);
    expect(res.body.years).toEqual(['2021', '2022', '2023', '2024', '2025', '2026']);
    const self = res.body.rows.find((r: any) => r.relation === 'self');
    expect(self).toMatchObject({ view: '2025', weight: null });
    expect(self.values[el.id]).toMatchObject({ '2024': 30, '2026': 15 });
    const preds = res.body.rows.filter((r: any) => r.relation === 'predecessor');
    expect(preds.map((p: any) => p.unit.code).sort()).toEqual(['23764', '23771', '23778']);
    const iaKha = preds.find((p: any) => p.unit.code === '23764');
    expect(iaKha).toMatchObject({ view: 'pre2025', weight: 1, unit: { hierarchy: 'pre2025' } });
    expect(iaKha.values[el.id]['2024']).toBe(30);
  });

  it('shows an old commune next to the 2025 commune it went into', async () => {
    const iaKha = await unitId(env.db, '23764', 'pre2025');
    const res = await who.giaLai.get(`/api/reports/lineage?unitId=${iaKha}&formId=${bm01}`);
    expect(res.body.rows.map((r: any) => [r.relation, r.view])).toEqual([['self', 'pre2025'], ['successor', '2025']]);
  });

  it('requires login, scope and valid ids', async () => {
    expectError(await who.anonymous.get(`/api/reports/lineage?unitId=${iaGrai}&formId=${bm01}`), 401, 'unauthenticated');
    expectError(await who.quangNgai.get(`/api/reports/lineage?unitId=${iaGrai}&formId=${bm01}`), 404, 'not_found');
    expectError(await who.giaLai.get(`/api/reports/lineage?unitId=abc&formId=${bm01}`), 400, 'validation_failed');
  });
});
