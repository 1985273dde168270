// Public dashboards without a session: only published dashboards answer (others 404),
// with the layout and configurations but no owner, sharing or late-unit list; an item's
// figures come from the engine over the whole country, approved data only, from the
// saved request under the dashboard's default filters — nothing the visitor sends. And
// the seeded Program 1719 dashboards: created once, reaching who they should.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { cachedAnalytics } from './analytics-engine.ts';
import { type Cast, cast, chartBody, saveViz } from './dashboards.test-support.ts';
import { DEMO_SEED_NAME, loadDemoDashboards, loadReferenceDashboards, NATIONAL_DASHBOARD_NAME, NATIONAL_SEED_NAME } from './seed/seed-dashboards.ts';

// The real engine as the module sees it, wrapped (not replaced) so the tests can see how it is called.
vi.mock('./analytics-engine.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./analytics-engine.ts')>();
  return { ...original, cachedAnalytics: vi.fn(original.cachedAnalytics) };
});
const engine = vi.mocked(cachedAnalytics);


let env: TestEnv;
let c: Cast;
let slug: string;
let dashboardId: string;

beforeAll(async () => {
  env = await createTestEnv();
  c = await cast(env);
  const provinces = await saveViz(c.central, chartBody('Khám thai theo tỉnh', { dx: ['in:TL_KHAM_THAI'], pe: ['LAST_4_QUARTERS'], ou: ['LEVEL-province'] }));
  const res = await c.central.post('/api/dashboards', {
    name: 'Cổng thông tin — Chương trình 1719',
    defaultPeriod: 'LAST_YEAR',
    items: [
      { id: 'loi-gioi-thieu', type: 'text', text: 'Số liệu đã duyệt, tổng hợp theo tỉnh.', x: 0, y: 0, w: 12, h: 2 },
      { id: 'kham-thai', type: 'visualization', visualizationId: provinces, x: 0, y: 2, w: 6, h: 5 },
      { id: 'nop-muon', type: 'late_units', x: 6, y: 2, w: 6, h: 5 },
    ],
  });
  expect(res.status, res.text).toBe(201);
  dashboardId = res.body.id;
  slug = res.body.slug;
});
afterAll(async () => {
  await env?.close();
});

describe('public dashboards', () => {
  it('a dashboard that is not public answers 404, with or without a session', async () => {
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}`), 404, 'not_found');
    expectError(await c.central.get(`/api/public/dashboards/${slug}`), 404, 'not_found');
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}/items/kham-thai/data`), 404, 'not_found');
    expectError(await c.anonymous.get('/api/public/dashboards/khong-co'), 404, 'not_found');
    expectError(await c.anonymous.get('/api/public/dashboards/Sai%20Dang'), 400, 'validation_failed');
    expect(engine).not.toHaveBeenCalled();
  });

  it('once published, answers without a session: layout and configurations only, no late-unit list', async () => {
    expect((await c.central.patch(`/api/dashboards/${dashboardId}`, { public: true })).status).toBe(200);
    const res = await c.anonymous.get(`/api/public/dashboards/${slug}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(Object.keys(res.body).sort()).toEqual(['defaultPeriod', 'description', 'items', 'name', 'slug', 'updatedAt']);
    expect(res.body).toMatchObject({ slug, name: 'Cổng thông tin — Chương trình 1719', defaultPeriod: 'LAST_YEAR' });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(['loi-gioi-thieu', 'kham-thai']);
    expect(res.body.items[1].visualization).toMatchObject({ type: 'chart', name: 'Khám thai theo tỉnh', config: { request: { ou: ['LEVEL-province'] } } });
    expect(res.text).not.toMatch(/owner|sharing|trunguong|abilities/);
  });

  it("an item's figures: the engine over the whole country, approved data, the saved request under the default filters", async () => {
    const res = await c.anonymous.get(`/api/public/dashboards/${slug}/items/kham-thai/data?ou=${c.units.iaGrai}&approvedOnly=false`);
    expect(res.status, res.text).toBe(200);
    // The real engine's answer: every province, approved data, whatever the visitor sent.
    expect(res.body.request).toMatchObject({ approvedOnly: true, dx: ['in:TL_KHAM_THAI'] });
    expect(res.body.request.ou).toHaveLength(34);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(engine).toHaveBeenCalledTimes(1);
    const [, access, request] = engine.mock.calls[0]!;
    expect(access).toEqual({ roots: null });
    expect(request).toMatchObject({ dx: ['in:TL_KHAM_THAI'], pe: ['LAST_YEAR'], ou: ['LEVEL-province'], approvedOnly: true });
  });

  it('with the real engine: approved values only, whatever the visitor asks', async () => {
    const element = await env.db.selectFrom('data_element').select(['id', 'category_combo_id']).where('code', '=', 'CAPITAL_DISBURSED').executeTakeFirstOrThrow();
    const coc = await env.db.selectFrom('category_option_combo').select('id').where('combo_id', '=', element.category_combo_id).executeTakeFirstOrThrow();
    const communes = await env.db.selectFrom('org_unit').select('id').where('parent_id', '=', c.units.giaLai).where('valid_to', 'is', null).orderBy('code').limit(2).execute();
    const value = (unit: string, v: number, approved: boolean) => ({
      data_element_id: element.id,
      coc_id: coc.id,
      unit_id: unit,
      period: '2025Q4',
      value: String(v),
      numeric_value: String(v),
      source: 'import' as const,
      approved,
      updated_at: env.clock.now(),
    });
    await env.db.insertInto('data_value').values([value(communes[0]!.id, 100, true), value(communes[1]!.id, 50, false)]).execute();
    const viz = await saveViz(c.central, chartBody('Vốn giải ngân theo tỉnh', { dx: ['de:CAPITAL_DISBURSED'], pe: ['2025Q4'], ou: ['LEVEL-province'] }));
    const d = await c.central.post('/api/dashboards', { name: 'Vốn công khai', items: [{ id: 'von', type: 'visualization', visualizationId: viz, x: 0, y: 0, w: 6, h: 4 }] });
    expect((await c.central.patch(`/api/dashboards/${d.body.id}`, { public: true })).status).toBe(200);

    const res = await c.anonymous.get(`/api/public/dashboards/${d.body.slug}/items/von/data?approvedOnly=false`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.request.approvedOnly).toBe(true);
    const giaLaiRow = res.body.rows.find((r: { ou: string }) => r.ou === c.units.giaLai);
    expect(giaLaiRow).toMatchObject({ dx: 'de:CAPITAL_DISBURSED', value: 100 });
    expect(res.body.metaData.ou[c.units.giaLai].kind).toBe('province');
    expect(Object.values(res.body.metaData.ou).every((u) => (u as { kind: string }).kind === 'province')).toBe(true);
    // A signed-in user's own analytics request sees the unapproved value too.
    const own = await c.central.post('/api/analytics/query', { dx: ['de:CAPITAL_DISBURSED'], pe: ['2025Q4'], ou: [c.units.giaLai] });
    expect(own.status, own.text).toBe(200);
    expect(own.body.rows[0].value).toBe(150);
  });

  it('text and late-unit items and unknown items have no data', async () => {
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}/items/loi-gioi-thieu/data`), 404, 'not_found');
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}/items/nop-muon/data`), 404, 'not_found');
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}/items/khong-co/data`), 404, 'not_found');
  });

  it('a favourite edited since publication to show communes is not answered', async () => {
    const calls = engine.mock.calls.length;
    const item = (await c.central.get(`/api/dashboards/${dashboardId}`)).body.items.find((i: { id: string }) => i.id === 'kham-thai');
    const put = await c.central.put(`/api/visualizations/${item.visualization.id}`, chartBody('Khám thai theo xã', { dx: ['in:TL_KHAM_THAI'], ou: ['LEVEL-commune'] }));
    expect(put.status, put.text).toBe(200);
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}/items/kham-thai/data`), 404, 'not_found');
    expect(engine.mock.calls.length).toBe(calls);
  });

  it('withdrawn: 404 again', async () => {
    expect((await c.central.patch(`/api/dashboards/${dashboardId}`, { public: false })).status).toBe(200);
    expectError(await c.anonymous.get(`/api/public/dashboards/${slug}`), 404, 'not_found');
  });
});

describe('seeded Program 1719 dashboards', () => {
  const log = pino({ level: 'silent' });

  it('the national dashboard: created once, shared with every analytics.read holder, publishable', async () => {
    expect(await loadReferenceDashboards(env.db, log, env.clock.now())).toBe(true);
    expect(await loadReferenceDashboards(env.db, log, env.clock.now())).toBe(false);
    expect(await env.db.selectFrom('dashboard').select('id').where('seed_key', '=', 'national').execute()).toHaveLength(1);
    expect(await env.db.selectFrom('seed_run').select('name').where('name', '=', NATIONAL_SEED_NAME).executeTakeFirst()).toBeDefined();
    for (const who of [c.giaLai, c.quangNgai, c.communeViewer, c.nationalViewer, c.central]) {
      const list = await who.get('/api/dashboards?q=chuong%20trinh%201719%20toan%20quoc');
      expect(list.body.items.map((d: { name: string }) => d.name)).toEqual([NATIONAL_DASHBOARD_NAME]);
    }
    expectError(await c.communeOfficer.get('/api/dashboards'), 403, 'forbidden');
    const id = (await c.giaLai.get('/api/dashboards?q=toan%20quoc')).body.items[0].id;
    const d = await c.communeViewer.get(`/api/dashboards/${id}`);
    expect(d.status, d.text).toBe(200);
    expect(d.body).toMatchObject({ owner: null, slug: 'chuong-trinh-1719-toan-quoc', abilities: { edit: false, delete: false } });
    expect(d.body.items).toHaveLength(10);
    const chartTypes = d.body.items.flatMap((i: { visualization: { config: { options: { chartType?: string } } } | null }) => (i.visualization?.config.options.chartType ? [i.visualization.config.options.chartType] : []));
    expect(chartTypes.sort()).toEqual(['bar', 'column', 'gauge', 'line', 'single_value', 'stacked_column']);
    expect(d.body.items.map((i: { type: string; visualization: { type: string } | null }) => i.visualization?.type ?? i.type).sort()).toEqual(
      ['chart', 'chart', 'chart', 'chart', 'chart', 'chart', 'late_units', 'map', 'pivot', 'text'],
    );
    // Reference content is curated nationally.
    expect((await c.central.get(`/api/dashboards/${id}`)).body.abilities).toEqual({ edit: true, share: true, delete: true, publish: true });
    expectError(await c.giaLai.patch(`/api/dashboards/${id}`, { name: 'Của tôi' }), 403, 'forbidden');
  });

  it('with demo data: a dashboard per demo province, shared with the province; the national one published', async () => {
    expect(await loadDemoDashboards(env.db, log, env.clock.now())).toBe(true);
    expect(await loadDemoDashboards(env.db, log, env.clock.now())).toBe(false);
    expect(await env.db.selectFrom('seed_run').select('name').where('name', '=', DEMO_SEED_NAME).executeTakeFirst()).toBeDefined();
    const names = async (who: typeof c.giaLai) => (await who.get('/api/dashboards?q=chuong%20trinh%201719')).body.items.map((d: { name: string }) => d.name);
    expect(await names(c.communeViewer)).toEqual(expect.arrayContaining([NATIONAL_DASHBOARD_NAME, 'Chương trình 1719 — tỉnh Gia Lai']));
    expect(await names(c.communeViewer)).not.toContain('Chương trình 1719 — tỉnh Quảng Ngãi');
    expect(await names(c.quangNgai)).toEqual(expect.arrayContaining([NATIONAL_DASHBOARD_NAME, 'Chương trình 1719 — tỉnh Quảng Ngãi']));
    expect(await names(c.quangNgai)).not.toContain('Chương trình 1719 — tỉnh Gia Lai');
    const gl = (await c.giaLai.get('/api/dashboards?q=tinh%20gia%20lai')).body.items[0];
    expect(gl.defaultUnit).toMatchObject({ code: '52', kind: 'province' });
    const detail = (await c.giaLai.get(`/api/dashboards/${gl.id}`)).body;
    expect(detail.items).toHaveLength(8);
    expect(detail.items.find((i: { id: string }) => i.id === 'chi-so-theo-xa').visualization.config.request.ou).toEqual([`CHILDREN-${c.units.giaLai}`]);

    const pub = await c.anonymous.get('/api/public/dashboards/chuong-trinh-1719-toan-quoc');
    expect(pub.status, pub.text).toBe(200);
    expect(pub.body.items).toHaveLength(9);
    expect(pub.body.items.some((i: { type: string }) => i.type === 'late_units')).toBe(false);
    expectError(await c.anonymous.get(`/api/public/dashboards/${gl.slug}`), 404, 'not_found');
    // Every published item answers with the real engine.
    for (const item of pub.body.items.filter((i: { type: string }) => i.type === 'visualization')) {
      const data = await c.anonymous.get(`/api/public/dashboards/chuong-trinh-1719-toan-quoc/items/${item.id}/data`);
      expect(data.status, `${item.id}: ${data.text}`).toBe(200);
    }
    // And every seeded favourite runs for the people it is shared with.
    for (const item of detail.items.filter((i: { type: string }) => i.type === 'visualization')) {
      const run = await c.giaLai.post('/api/analytics/query', item.visualization.config.request);
      expect(run.status, `${item.id}: ${run.text}`).toBe(200);
    }
    // The seeded provincial dashboard shows communes: it cannot be published.
    expectError(await c.central.patch(`/api/dashboards/${gl.id}`, { public: true }), 409, 'dashboard_not_publishable');
  });
});
