// Dashboards over HTTP: creation with a layout, the page's one request (items with each
// favourite's configuration inline), the whole-layout save refusing overlapping and
// out-of-grid items (previous layout intact), default filters, sharing by unit subtree,
// publishing only by national curators and only with aggregates at province level and
// above, deletion, sign-in and permission, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, fieldPaths } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';
import { type Cast, cast, chartBody, pivotBody, saveViz } from './dashboards.test-support.ts';

let env: TestEnv;
let c: Cast;
let formId: string;
let pivotId: string;
let chartId: string;

const layout = (vizA: string, vizB: string) => [
  { id: 'gioi-thieu', type: 'text', text: 'Trang của tỉnh Gia Lai', x: 0, y: 0, w: 12, h: 2 },
  { id: 'bang', type: 'visualization', visualizationId: vizA, x: 0, y: 2, w: 8, h: 6 },
  { id: 'bieu-do', type: 'visualization', visualizationId: vizB, x: 8, y: 2, w: 4, h: 6 },
  { id: 'nop-muon', type: 'late_units', formId, x: 0, y: 8, w: 6, h: 5 },
];

async function createDashboard(client = c.giaLai, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/dashboards', { name: 'Trang tổng quan Gia Lai', items: layout(pivotId, chartId), ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; slug: string; items: { id: string }[] };
}

beforeAll(async () => {
  env = await createTestEnv();
  c = await cast(env);
  formId = (await formIds(env)).BM01_XA_QUY;
  pivotId = await saveViz(c.giaLai, pivotBody('Bảng chỉ số theo xã'));
  chartId = await saveViz(c.giaLai, chartBody('Khám thai', { dx: ['in:TL_KHAM_THAI'] }, 'gauge'));
});
afterAll(async () => {
  await env?.close();
});

describe('sign-in and permission', () => {
  it('answers 401 without a session', async () => {
    expectError(await c.anonymous.get('/api/dashboards'), 401, 'unauthenticated');
    expectError(await c.anonymous.post('/api/dashboards', { name: 'x' }), 401, 'unauthenticated');
    expectError(await c.anonymous.get('/api/dashboards/1'), 401, 'unauthenticated');
    expectError(await c.anonymous.request('PUT', '/api/dashboards/1/items', { items: [] }), 401, 'unauthenticated');
    expectError(await c.anonymous.patch('/api/dashboards/1', { name: 'x' }), 401, 'unauthenticated');
    expectError(await c.anonymous.delete('/api/dashboards/1'), 401, 'unauthenticated');
  });

  it('refuses users without analytics.read', async () => {
    const d = await createDashboard();
    await c.giaLai.put(`/api/dashboards/${d.id}/sharing`, { userIds: [], unitIds: [c.units.giaLai] });
    expectError(await c.communeOfficer.get('/api/dashboards'), 403, 'forbidden');
    expectError(await c.communeOfficer.post('/api/dashboards', { name: 'x' }), 403, 'forbidden');
    expectError(await c.communeOfficer.get(`/api/dashboards/${d.id}`), 404, 'not_found');
  });
});

describe('creating and opening', () => {
  it('creates a dashboard with a slug and returns the items with each favourite inline', async () => {
    const res = await c.giaLai.post('/api/dashboards', {
      name: 'Tổng quan Chương trình 1719 — Gia Lai'.normalize('NFD'),
      description: 'Theo dõi hằng quý',
      defaultPeriod: 'LAST_4_QUARTERS',
      defaultUnitId: c.units.giaLai,
      items: layout(pivotId, chartId),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Tổng quan Chương trình 1719 — Gia Lai',
      slug: 'tong-quan-chuong-trinh-1719-gia-lai',
      public: false,
      defaultPeriod: 'LAST_4_QUARTERS',
      defaultUnit: { id: c.units.giaLai, code: '52', kind: 'province' },
      mine: true,
      abilities: { edit: true, share: true, delete: true, publish: false },
    });
    const got = await c.giaLai.get(`/api/dashboards/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.items.map((i: { id: string }) => i.id)).toEqual(['gioi-thieu', 'bang', 'bieu-do', 'nop-muon']);
    const [text, pivot, chart, late] = got.body.items;
    expect(text).toMatchObject({ type: 'text', text: 'Trang của tỉnh Gia Lai', visualization: null, x: 0, y: 0, w: 12, h: 2 });
    expect(pivot.visualization).toMatchObject({ id: pivotId, type: 'pivot', name: 'Bảng chỉ số theo xã', config: { request: { dx: ['in:TL_HO_NGHEO_DTTS', 'in:TL_KHAM_THAI'] } } });
    expect(chart.visualization.config.options.chartType).toBe('gauge');
    expect(late).toMatchObject({ type: 'late_units', formId, visualization: null });
    // The same name again gets its own slug.
    const again = await c.giaLai.post('/api/dashboards', { name: 'Tổng quan Chương trình 1719 — Gia Lai' });
    expect(again.body.slug).toBe(`tong-quan-chuong-trinh-1719-gia-lai-${again.body.id}`);
    const audit = (await auditRows(env, 'dashboard.created')).find((a) => a.target_id === res.body.id)!;
    expect((audit.after as { items: unknown[] }).items).toHaveLength(4);
  });

  it('lists mine and shared with me, searched without diacritics, with the item count', async () => {
    const list = await c.giaLai.get('/api/dashboards?q=tong%20quan%20chuong%20trinh');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((d: { itemCount: number }) => d.itemCount).sort()).toEqual([0, 4]);
    expect((await c.quangNgai.get('/api/dashboards')).body.total).toBe(0);
  });

  it('refuses bad default filters', async () => {
    const period = await c.giaLai.post('/api/dashboards', { name: 'Kỳ sai', defaultPeriod: 'LAST_9_QUARTERS' });
    expectError(period, 400, 'validation_failed');
    expect(fieldPaths(period)).toContain('body.defaultPeriod');
    expect((await c.giaLai.post('/api/dashboards', { name: 'Kỳ cố định', defaultPeriod: '2025Q3' })).status).toBe(201);
    expectError(await c.giaLai.post('/api/dashboards', { name: 'Đơn vị ngoài', defaultUnitId: c.units.quangNgai }), 400, 'dashboard_unknown_unit');
    expectError(await c.giaLai.post('/api/dashboards', { name: 'Đơn vị không có', defaultUnitId: '999999999' }), 400, 'dashboard_unknown_unit');
  });
});

describe('saving the layout', () => {
  it('saves the whole layout; refuses overlapping, out-of-grid, duplicate and malformed items and keeps the previous layout', async () => {
    const d = await createDashboard();
    const moved = layout(pivotId, chartId).map((i) => (i.id === 'nop-muon' ? { ...i, x: 6, y: 8 } : i)).filter((i) => i.id !== 'gioi-thieu');
    const ok = await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: moved });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.items.map((i: { id: string; x: number }) => [i.id, i.x])).toEqual([['bang', 0], ['bieu-do', 8], ['nop-muon', 6]]);
    const saved = (await c.giaLai.get(`/api/dashboards/${d.id}`)).body;

    const overlap = await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [...moved, { id: 'chong', type: 'text', text: 'Đè lên', x: 7, y: 3, w: 2, h: 2 }] });
    expectError(overlap, 400, 'dashboard_items_overlap');
    expect(overlap.body.error.message).toBe('Mục "chong" chồng lên mục "bang"; hãy sắp xếp lại để các mục không đè lên nhau.');
    expect(fieldPaths(overlap)).toEqual(['body.items.3']);

    const wide = await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'rong', type: 'text', text: 'Quá rộng', x: 6, y: 0, w: 7, h: 2 }] });
    expectError(wide, 400, 'dashboard_item_out_of_grid');
    expect(wide.body.error.message).toMatch(/lưới có 12 cột/);
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'am', type: 'text', text: 'x', x: -1, y: 0, w: 2, h: 2 }] }), 400, 'dashboard_item_out_of_grid');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'cao', type: 'text', text: 'x', x: 0, y: 0, w: 2, h: 41 }] }), 400, 'dashboard_item_out_of_grid');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'rong0', type: 'text', text: 'x', x: 0, y: 0, w: 0, h: 2 }] }), 400, 'dashboard_item_out_of_grid');
    const dup = [
      { id: 'a', type: 'text', text: 'x', x: 0, y: 0, w: 2, h: 2 },
      { id: 'a', type: 'text', text: 'y', x: 2, y: 0, w: 2, h: 2 },
    ];
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: dup }), 400, 'dashboard_item_duplicate');
    const noViz = await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'b', type: 'visualization', x: 0, y: 0, w: 2, h: 2 }] });
    expectError(noViz, 400, 'dashboard_item_invalid');
    expect(noViz.body.error.message).toContain('cần visualizationId');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'c', type: 'text', x: 0, y: 0, w: 2, h: 2 }] }), 400, 'dashboard_item_invalid');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'c', type: 'map', x: 0, y: 0, w: 2, h: 2 }] }), 400, 'validation_failed');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'c d', type: 'text', text: 'x', x: 0, y: 0, w: 2, h: 2 }] }), 400, 'validation_failed');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'f', type: 'late_units', formId: '999999999', x: 0, y: 0, w: 2, h: 2 }] }), 400, 'dashboard_unknown_form');
    // An overlapping layout at creation is refused too, and nothing is created.
    const before = (await c.giaLai.get('/api/dashboards')).body.total;
    expectError(await c.giaLai.post('/api/dashboards', { name: 'Chồng', items: dup.map((i, n) => ({ ...i, id: `x${n}`, x: 0 })) }), 400, 'dashboard_items_overlap');
    expect((await c.giaLai.get('/api/dashboards')).body.total).toBe(before);

    expect((await c.giaLai.get(`/api/dashboards/${d.id}`)).body).toEqual(saved);
    const audit = (await auditRows(env, 'dashboard.layout_saved')).filter((a) => a.target_id === d.id);
    expect(audit).toHaveLength(1);
    expect((audit[0].before as unknown[]).length).toBe(4);
    expect((audit[0].after as unknown[]).length).toBe(3);
  });

  it("refuses a favourite the editor cannot open (another province's private one)", async () => {
    const d = await createDashboard();
    const foreign = await saveViz(c.quangNgai, pivotBody('Riêng Quảng Ngãi'));
    const res = await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'la', type: 'visualization', visualizationId: foreign, x: 0, y: 0, w: 4, h: 4 }] });
    expectError(res, 400, 'dashboard_unknown_visualization');
    expect(res.body.error.message).toContain(foreign);
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/items`, { items: [{ id: 'la', type: 'visualization', visualizationId: '999999999', x: 0, y: 0, w: 4, h: 4 }] }), 400, 'dashboard_unknown_visualization');
    expect((await c.giaLai.get(`/api/dashboards/${d.id}`)).body.items).toHaveLength(4);
  });

  it('a deleted favourite leaves the dashboards that showed it', async () => {
    const v = await saveViz(c.giaLai, pivotBody('Sẽ xóa'));
    const d = await createDashboard(c.giaLai, { items: [{ id: 'x', type: 'visualization', visualizationId: v, x: 0, y: 0, w: 4, h: 4 }, { id: 't', type: 'text', text: 'còn lại', x: 4, y: 0, w: 4, h: 4 }] });
    expect((await c.giaLai.delete(`/api/visualizations/${v}`)).status).toBe(204);
    expect((await c.giaLai.get(`/api/dashboards/${d.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual(['t']);
    const audit = (await auditRows(env, 'visualization.deleted')).at(-1)!;
    expect(audit.details).toEqual({ dashboardItemsRemoved: [{ dashboardId: d.id, itemId: 'x' }] });
  });
});

describe('sharing and editing rights', () => {
  it("a share with Gia Lai reaches the Ia Grai commune viewer with every favourite inline; Quảng Ngãi gets 'not found'", async () => {
    const d = await createDashboard();
    expectError(await c.communeViewer.get(`/api/dashboards/${d.id}`), 404, 'not_found');
    expectError(await c.quangNgai.get(`/api/dashboards/${d.id}`), 404, 'not_found');
    const share = await c.giaLai.put(`/api/dashboards/${d.id}/sharing`, { userIds: [], unitIds: [c.units.giaLai] });
    expect(share.status, share.text).toBe(200);
    const seen = await c.communeViewer.get(`/api/dashboards/${d.id}`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body).toMatchObject({ mine: false, shared: true, sharing: null, abilities: { edit: false, share: false, delete: false, publish: false } });
    // The favourites themselves are not shared with the viewer; the dashboard is.
    expectError(await c.communeViewer.get(`/api/visualizations/${pivotId}`), 404, 'not_found');
    expect(seen.body.items[1].visualization.config.request.dx).toEqual(['in:TL_HO_NGHEO_DTTS', 'in:TL_KHAM_THAI']);
    expectError(await c.communeViewer.put(`/api/dashboards/${d.id}/items`, { items: [] }), 403, 'forbidden');
    expectError(await c.communeViewer.patch(`/api/dashboards/${d.id}`, { name: 'Sửa' }), 403, 'forbidden');
    expectError(await c.communeViewer.delete(`/api/dashboards/${d.id}`), 403, 'forbidden');
    expectError(await c.quangNgai.get(`/api/dashboards/${d.id}`), 404, 'not_found');
    expectError(await c.quangNgai.put(`/api/dashboards/${d.id}/items`, { items: [] }), 404, 'not_found');
    expectError(await c.giaLai.put(`/api/dashboards/${d.id}/sharing`, { userIds: [], unitIds: [c.units.quangNgai] }), 400, 'sharing_units_outside_scope');
    expect((await auditRows(env, 'dashboard.shared')).at(-1)).toMatchObject({ target_id: d.id, after: { userIds: [], unitIds: [c.units.giaLai] } });
  });

  it('renames and changes the default filters; audited', async () => {
    const d = await createDashboard();
    const res = await c.giaLai.patch(`/api/dashboards/${d.id}`, { name: 'Tên khác', defaultPeriod: 'THIS_YEAR', defaultUnitId: c.units.iaGrai });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ name: 'Tên khác', slug: d.slug, defaultPeriod: 'THIS_YEAR', defaultUnit: { id: c.units.iaGrai } });
    expect((await c.giaLai.patch(`/api/dashboards/${d.id}`, { defaultUnitId: null })).body.defaultUnit).toBeNull();
    expectError(await c.giaLai.patch(`/api/dashboards/${d.id}`, {}), 400, 'validation_failed');
    const audit = (await auditRows(env, 'dashboard.updated')).filter((a) => a.target_id === d.id);
    expect(audit[0].before).toMatchObject({ name: 'Trang tổng quan Gia Lai', defaultPeriod: null });
    expect(audit[0].after).toMatchObject({ name: 'Tên khác', defaultPeriod: 'THIS_YEAR' });
  });

  it('deletes (owner; curators too); the favourites stay', async () => {
    const d = await createDashboard();
    expect((await c.giaLai.delete(`/api/dashboards/${d.id}`)).status).toBe(204);
    expectError(await c.giaLai.get(`/api/dashboards/${d.id}`), 404, 'not_found');
    expect((await c.giaLai.get(`/api/visualizations/${pivotId}`)).status).toBe(200);
    const e = await createDashboard();
    expect((await c.central.get(`/api/dashboards/${e.id}`)).body.abilities).toEqual({ edit: false, share: false, delete: true, publish: false });
    expectError(await c.nationalViewer.get(`/api/dashboards/${e.id}`), 404, 'not_found');
    expect((await c.central.delete(`/api/dashboards/${e.id}`)).status).toBe(204);
    expect((await auditRows(env, 'dashboard.deleted')).map((a) => a.target_id)).toEqual(expect.arrayContaining([d.id, e.id]));
  });
});

describe('publishing', () => {
  it('only national curators publish, and only aggregates at province level and above', async () => {
    const mine = await createDashboard();
    expectError(await c.giaLai.patch(`/api/dashboards/${mine.id}`, { public: true }), 403, 'forbidden');

    const provinces = await saveViz(c.central, chartBody('Theo tỉnh', { ou: ['LEVEL-province'] }));
    const communes = await saveViz(c.central, chartBody('Theo xã Gia Lai', { ou: [`CHILDREN-${c.units.giaLai}`] }));
    const d = await createDashboard(c.central, {
      name: 'Công khai',
      items: [
        { id: 'tinh', type: 'visualization', visualizationId: provinces, x: 0, y: 0, w: 6, h: 4 },
        { id: 'xa', type: 'visualization', visualizationId: communes, x: 6, y: 0, w: 6, h: 4 },
      ],
    });
    expect((await c.central.get(`/api/dashboards/${d.id}`)).body.abilities.publish).toBe(true);
    const refused = await c.central.patch(`/api/dashboards/${d.id}`, { public: true });
    expectError(refused, 409, 'dashboard_not_publishable');
    expect(refused.body.error.message).toContain('xa — Theo xã Gia Lai');
    expect(refused.body.error.message).toContain('các đơn vị trực thuộc');
    expect((await c.central.get(`/api/dashboards/${d.id}`)).body.public).toBe(false);

    const keep = [{ id: 'tinh', type: 'visualization', visualizationId: provinces, x: 0, y: 0, w: 6, h: 4 }];
    expect((await c.central.put(`/api/dashboards/${d.id}/items`, { items: keep })).status).toBe(200);
    const published = await c.central.patch(`/api/dashboards/${d.id}`, { public: true });
    expect(published.status, published.text).toBe(200);
    expect(published.body.public).toBe(true);
    expect((await auditRows(env, 'dashboard.published')).at(-1)).toMatchObject({ target_id: d.id, actor_username: 'trunguong' });

    // While public, a layout or a default unit that would show communes is refused.
    const back = await c.central.put(`/api/dashboards/${d.id}/items`, { items: [...keep, { id: 'xa', type: 'visualization', visualizationId: communes, x: 6, y: 0, w: 6, h: 4 }] });
    expectError(back, 409, 'dashboard_not_publishable');
    expectError(await c.central.patch(`/api/dashboards/${d.id}`, { defaultUnitId: c.units.iaGrai }), 409, 'dashboard_not_publishable');
    expect((await c.central.get(`/api/dashboards/${d.id}`)).body.items).toHaveLength(1);

    const withdrawn = await c.central.patch(`/api/dashboards/${d.id}`, { public: false });
    expect(withdrawn.body.public).toBe(false);
    expect((await auditRows(env, 'dashboard.unpublished')).at(-1)).toMatchObject({ target_id: d.id });
  });
});

describe('OpenAPI', () => {
  it('documents every route with a Vietnamese summary; the public ones need no session', async () => {
    const res = await c.anonymous.get('/api/docs/json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { summary?: string; security?: unknown[]; requestBody?: unknown }>>;
    const expected: [string, string][] = [
      ['/api/visualizations', 'get'],
      ['/api/visualizations', 'post'],
      ['/api/visualizations/{id}', 'get'],
      ['/api/visualizations/{id}', 'put'],
      ['/api/visualizations/{id}', 'patch'],
      ['/api/visualizations/{id}', 'delete'],
      ['/api/visualizations/{id}/sharing', 'put'],
      ['/api/dashboards', 'get'],
      ['/api/dashboards', 'post'],
      ['/api/dashboards/{id}', 'get'],
      ['/api/dashboards/{id}', 'patch'],
      ['/api/dashboards/{id}', 'delete'],
      ['/api/dashboards/{id}/items', 'put'],
      ['/api/dashboards/{id}/sharing', 'put'],
      ['/api/public/dashboards/{slug}', 'get'],
      ['/api/public/dashboards/{slug}/items/{itemId}/data', 'get'],
    ];
    for (const [path, method] of expected) {
      const op = paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op!.summary).toMatch(/[àáảãạăâđêôơư]/i);
    }
    expect(paths['/api/public/dashboards/{slug}']!.get!.security).toEqual([]);
    expect(paths['/api/visualizations']!.post!.requestBody).toBeDefined();
  });
});
