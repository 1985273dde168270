// Favourites over HTTP: saving (the analytics request validated on every write, names
// NFC), listing mine and shared with me (by type, searched without diacritics),
// replacing, renaming, sharing with users and units, deleting; the policy's rule
// (owner edits, shares read, a unit share reaches the users within its subtree, national
// curators moderate), sign-in required, and every change audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, fieldPaths } from '../catalog/catalog.test-support.ts';
import { type Cast, cast, chartBody, pivotBody, saveViz } from './dashboards.test-support.ts';

let env: TestEnv;
let c: Cast;

beforeAll(async () => {
  env = await createTestEnv();
  c = await cast(env);
});
afterAll(async () => {
  await env?.close();
});

describe('sign-in and permission', () => {
  it('answers 401 without a session', async () => {
    expectError(await c.anonymous.get('/api/visualizations'), 401, 'unauthenticated');
    expectError(await c.anonymous.get('/api/visualizations/1'), 401, 'unauthenticated');
    expectError(await c.anonymous.post('/api/visualizations', pivotBody()), 401, 'unauthenticated');
    expectError(await c.anonymous.request('PUT', '/api/visualizations/1/sharing', { userIds: [], unitIds: [] }), 401, 'unauthenticated');
    expectError(await c.anonymous.delete('/api/visualizations/1'), 401, 'unauthenticated');
  });

  it('refuses users without analytics.read: lists and saving 403, a favourite "not found"', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Của tỉnh, chia sẻ cả tỉnh'));
    await c.giaLai.put(`/api/visualizations/${id}/sharing`, { userIds: [], unitIds: [c.units.giaLai] });
    expectError(await c.communeOfficer.get('/api/visualizations'), 403, 'forbidden');
    expectError(await c.communeOfficer.post('/api/visualizations', pivotBody()), 403, 'forbidden');
    expectError(await c.communeOfficer.get(`/api/visualizations/${id}`), 404, 'not_found');
  });
});

describe('saving and reading', () => {
  it('saves a pivot with its request and options, the name in NFC; the owner may do everything but publish', async () => {
    const nfd = 'Tỷ lệ hộ nghèo DTTS theo xã'.normalize('NFD');
    const res = await c.giaLai.post('/api/visualizations', pivotBody(nfd));
    expect(res.status, res.text).toBe(201);
    expect(res.body.name).toBe('Tỷ lệ hộ nghèo DTTS theo xã'.normalize('NFC'));
    expect(res.body.type).toBe('pivot');
    expect(res.body.config.request).toMatchObject({ dx: ['in:TL_HO_NGHEO_DTTS', 'in:TL_KHAM_THAI'], pe: ['LAST_4_QUARTERS'], hierarchy: '2025', approvedOnly: false, categories: [] });
    expect(res.body.config.options).toEqual({ hideEmptyRows: true, showTotals: true, sort: { by: 'ou', direction: 'asc' } });
    expect(res.body.abilities).toEqual({ edit: true, share: true, delete: true, publish: false });
    expect(res.body.mine).toBe(true);
    expect(res.body.owner.displayName).toBe('Người dùng tinh.gialai');
    expect(res.body.sharing).toEqual({ users: [], units: [] });
    const got = await c.giaLai.get(`/api/visualizations/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.config).toEqual(res.body.config);
  });

  it('saves charts of every type and maps with open, validated layer settings', async () => {
    for (const chartType of ['column', 'stacked_column', 'bar', 'line', 'area', 'pie']) {
      await saveViz(c.giaLai, chartBody(`Biểu đồ ${chartType}`, {}, chartType));
    }
    await saveViz(c.giaLai, chartBody('Đồng hồ khám thai', { dx: ['in:TL_KHAM_THAI'] }, 'gauge'));
    await saveViz(c.giaLai, chartBody('Một giá trị mẫu giáo', { dx: ['in:TL_TRE5_MAU_GIAO'] }, 'single_value'));
    const map = await c.giaLai.post('/api/visualizations', {
      type: 'map',
      name: 'Bản đồ hộ nghèo',
      config: { request: { dx: ['in:TL_HO_NGHEO_DTTS'], pe: ['LAST_YEAR'], ou: ['USER_ORGUNIT_CHILDREN'] }, options: { layers: [{ kind: 'thematic', dx: 'in:TL_HO_NGHEO_DTTS', classes: 5, colorScale: 'reds', legend: true }] } },
    });
    expect(map.status, map.text).toBe(201);
    expect(map.body.config.options).toEqual({ layers: [{ kind: 'thematic', dx: 'in:TL_HO_NGHEO_DTTS', classes: 5, colorScale: 'reds', legend: true }], basemap: false });
    const badLayer = await c.giaLai.post('/api/visualizations', {
      type: 'map',
      name: 'Bản đồ hỏng',
      config: { request: { dx: ['in:TL_HO_NGHEO_DTTS'], pe: ['LAST_YEAR'], ou: ['USER_ORGUNIT'] }, options: { layers: [{ kind: 'thematic', style: { nested: true } }] } },
    });
    expectError(badLayer, 400, 'validation_failed');
  });

  it('refuses invalid configurations with a stable code and a Vietnamese message', async () => {
    const badKey = await c.giaLai.post('/api/visualizations', pivotBody('Sai mã', { dx: ['TL_HO_NGHEO_DTTS'] }));
    expectError(badKey, 400, 'validation_failed');
    expect(badKey.body.error.message).toMatch(/Dữ liệu không hợp lệ/);
    expect(fieldPaths(badKey).some((p) => p.startsWith('body.config.request.dx'))).toBe(true);

    const unknown = await c.giaLai.post('/api/visualizations', pivotBody('Mã không có', { dx: ['in:KHONG_CO', 'de:HH_TOTAL', 'de:POP_DTTS.KHONG_CO', 'cr:BM01_XA_QUY'] }));
    expectError(unknown, 400, 'visualization_unknown_items');
    expect(unknown.body.error.message).toContain('in:KHONG_CO, de:POP_DTTS.KHONG_CO');
    expect(unknown.body.error.message).toMatch(/không có trong danh mục/);

    expectError(await c.giaLai.post('/api/visualizations', pivotBody('Đơn vị không có', { ou: ['999999999'] })), 400, 'visualization_unknown_units');
    expectError(await c.giaLai.post('/api/visualizations', chartBody('Đồng hồ hai chỉ số', {}, 'gauge')), 400, 'validation_failed');
    expectError(await c.giaLai.post('/api/visualizations', chartBody('Loại lạ', {}, 'radar')), 400, 'validation_failed');
    expectError(await c.giaLai.post('/api/visualizations', { ...pivotBody('Thừa trường'), extra: 1 }), 400, 'validation_failed');
    expectError(await c.giaLai.post('/api/visualizations', { ...pivotBody(''), name: '   ' }), 400, 'validation_failed');
  });

  it('lists mine and shared with me, by type, searched without diacritics', async () => {
    await saveViz(c.quangNgai, pivotBody('Hộ nghèo Quảng Ngãi'));
    const mine = await c.giaLai.get('/api/visualizations?limit=500');
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((v: { mine: boolean }) => v.mine)).toBe(true);
    expect(mine.body.items.map((v: { name: string }) => v.name)).not.toContain('Hộ nghèo Quảng Ngãi');
    const search = await c.giaLai.get('/api/visualizations?q=HO%20NGHEO');
    expect(search.body.items.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(['Tỷ lệ hộ nghèo DTTS theo xã', 'Bản đồ hộ nghèo']));
    expect(search.body.items.every((v: { name: string }) => /hộ nghèo/i.test(v.name))).toBe(true);
    const dong = await c.giaLai.get(`/api/visualizations?q=${encodeURIComponent('đồng hồ')}`);
    expect(dong.body.items.map((v: { name: string }) => v.name)).toEqual(['Đồng hồ khám thai']);
    expect((await c.giaLai.get('/api/visualizations?q=dong%20ho')).body.total).toBe(1);
    const maps = await c.giaLai.get('/api/visualizations?type=map');
    expect(maps.body.items.map((v: { name: string }) => v.name)).toEqual(['Bản đồ hộ nghèo']);
    const charts = await c.giaLai.get('/api/visualizations?type=chart&limit=2');
    expect(charts.body.total).toBe(8);
    expect(charts.body.items).toHaveLength(2);
    expect(charts.body.items[0].chartType).toBeTruthy();
    expectError(await c.giaLai.get('/api/visualizations?type=table'), 400, 'validation_failed');
  });
});

describe('changing, sharing, deleting', () => {
  it('replaces a favourite as a whole; a refused change leaves it as it was', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Để sửa'));
    const put = await c.giaLai.put(`/api/visualizations/${id}`, chartBody('Đã thành biểu đồ', { dx: ['in:TL_KHAM_THAI'] }, 'line'));
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ type: 'chart', name: 'Đã thành biểu đồ', chartType: 'line', description: null });
    const before = (await c.giaLai.get(`/api/visualizations/${id}`)).body;
    expectError(await c.giaLai.put(`/api/visualizations/${id}`, pivotBody('Hỏng', { dx: ['in:KHONG_CO'] })), 400, 'visualization_unknown_items');
    expectError(await c.giaLai.put(`/api/visualizations/${id}`, { ...pivotBody('Hỏng'), config: { request: { dx: [] } } }), 400, 'validation_failed');
    const after = (await c.giaLai.get(`/api/visualizations/${id}`)).body;
    expect(after).toEqual(before);
    const audit = await auditRows(env, 'visualization.updated');
    expect(audit.at(-1)).toMatchObject({ target_id: id, actor_username: 'tinh.gialai' });
    expect((audit.at(-1)!.before as { name: string }).name).toBe('Để sửa');
    expect((audit.at(-1)!.after as { name: string }).name).toBe('Đã thành biểu đồ');
  });

  it('renames (PATCH), audited before → after', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Tên cũ'));
    const res = await c.giaLai.patch(`/api/visualizations/${id}`, { name: 'Tên mới'.normalize('NFD') });
    expect(res.status, res.text).toBe(200);
    expect(res.body.name).toBe('Tên mới');
    expect(res.body.description).toBe('Theo dõi hằng quý');
    expectError(await c.giaLai.patch(`/api/visualizations/${id}`, {}), 400, 'validation_failed');
    const audit = (await auditRows(env, 'visualization.renamed')).at(-1)!;
    expect(audit.before).toMatchObject({ name: 'Tên cũ' });
    expect(audit.after).toMatchObject({ name: 'Tên mới' });
    expect((await c.giaLai.get('/api/visualizations?q=ten%20moi')).body.total).toBe(1);
  });

  it("a Quảng Ngãi officer cannot open, change or delete a Gia Lai user's private favourite", async () => {
    const id = await saveViz(c.giaLai, pivotBody('Riêng của Gia Lai'));
    expectError(await c.quangNgai.get(`/api/visualizations/${id}`), 404, 'not_found');
    expectError(await c.quangNgai.put(`/api/visualizations/${id}`, pivotBody('Chiếm')), 404, 'not_found');
    expectError(await c.quangNgai.patch(`/api/visualizations/${id}`, { name: 'Chiếm' }), 404, 'not_found');
    expectError(await c.quangNgai.delete(`/api/visualizations/${id}`), 404, 'not_found');
    expectError(await c.quangNgai.get('/api/visualizations/999999999'), 404, 'not_found');
    expectError(await c.communeViewer.get(`/api/visualizations/${id}`), 404, 'not_found');
    // A national viewer is a reader like any other.
    expectError(await c.nationalViewer.get(`/api/visualizations/${id}`), 404, 'not_found');
    expect((await c.giaLai.get(`/api/visualizations/${id}`)).body.name).toBe('Riêng của Gia Lai');
  });

  it('a share with the Gia Lai province reaches a Gia Lai commune officer (read only), not Quảng Ngãi', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Chia sẻ cả tỉnh Gia Lai'));
    const share = await c.giaLai.put(`/api/visualizations/${id}/sharing`, { userIds: [], unitIds: [c.units.giaLai] });
    expect(share.status, share.text).toBe(200);
    expect(share.body.sharing.units).toEqual([{ id: c.units.giaLai, code: '52', name: expect.stringContaining('Gia Lai') }]);
    const seen = await c.communeViewer.get(`/api/visualizations/${id}`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body).toMatchObject({ mine: false, shared: true, abilities: { edit: false, share: false, delete: false, publish: false }, sharing: null });
    expect((await c.communeViewer.get('/api/visualizations')).body.items.map((v: { id: string }) => v.id)).toContain(id);
    expectError(await c.communeViewer.put(`/api/visualizations/${id}`, pivotBody('Sửa trộm')), 403, 'forbidden');
    expectError(await c.communeViewer.patch(`/api/visualizations/${id}`, { name: 'Sửa trộm' }), 403, 'forbidden');
    expectError(await c.communeViewer.put(`/api/visualizations/${id}/sharing`, { userIds: [], unitIds: [] }), 403, 'forbidden');
    expectError(await c.communeViewer.delete(`/api/visualizations/${id}`), 403, 'forbidden');
    expectError(await c.quangNgai.get(`/api/visualizations/${id}`), 404, 'not_found');
    expect((await c.quangNgai.get('/api/visualizations')).body.items.map((v: { id: string }) => v.id)).not.toContain(id);
    // A share with the commune reaches its officer but not the province above it.
    const q = await saveViz(c.quangNgai, pivotBody('Của Quảng Ngãi'));
    expect((await c.quangNgai.put(`/api/visualizations/${q}/sharing`, { userIds: [c.giaLaiId], unitIds: [] })).status).toBe(200);
    expect((await c.giaLai.get(`/api/visualizations/${q}`)).status).toBe(200);
    expectError(await c.communeViewer.get(`/api/visualizations/${q}`), 404, 'not_found');
    const audit = (await auditRows(env, 'visualization.shared')).at(-1)!;
    expect(audit).toMatchObject({ target_id: q, after: { userIds: [c.giaLaiId], unitIds: [] } });
  });

  it('refuses shares with units outside the sharer\'s scope and with unknown users; the sharing stays', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Chia sẻ sai'));
    await c.giaLai.put(`/api/visualizations/${id}/sharing`, { userIds: [], unitIds: [c.units.iaGrai] });
    const outside = await c.giaLai.put(`/api/visualizations/${id}/sharing`, { userIds: [], unitIds: [c.units.quangNgai] });
    expectError(outside, 400, 'sharing_units_outside_scope');
    expect(outside.body.error.message).toContain(c.units.quangNgai);
    expectError(await c.giaLai.put(`/api/visualizations/${id}/sharing`, { userIds: ['999999999'], unitIds: [] }), 400, 'sharing_unknown_users');
    expectError(await c.giaLai.put(`/api/visualizations/${id}/sharing`, { userIds: [] }), 400, 'validation_failed');
    expect((await c.giaLai.get(`/api/visualizations/${id}`)).body.sharing.units.map((u: { id: string }) => u.id)).toEqual([c.units.iaGrai]);
    // National analytics.read may share with any unit.
    const n = await saveViz(c.nationalViewer, pivotBody('Toàn quốc chia sẻ Quảng Ngãi'));
    expect((await c.nationalViewer.put(`/api/visualizations/${n}/sharing`, { userIds: [], unitIds: [c.units.quangNgai, c.units.giaLai] })).status).toBe(200);
    expect((await c.quangNgai.get(`/api/visualizations/${n}`)).status).toBe(200);
  });

  it('national curators open and delete anyone\'s favourite but do not edit it', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Sẽ bị gỡ'));
    const seen = await c.central.get(`/api/visualizations/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.abilities).toEqual({ edit: false, share: false, delete: true, publish: false });
    expect((await c.central.get('/api/visualizations?q=se%20bi%20go')).body.total).toBe(0);
    expect((await c.central.get('/api/visualizations?q=se%20bi%20go&all=true')).body.total).toBe(1);
    expect((await c.giaLai.get('/api/visualizations?q=se%20bi%20go&all=true')).body.total).toBe(1);
    expect((await c.quangNgai.get('/api/visualizations?q=se%20bi%20go&all=true')).body.total).toBe(0);
    expectError(await c.central.patch(`/api/visualizations/${id}`, { name: 'Đổi' }), 403, 'forbidden');
    const del = await c.central.delete(`/api/visualizations/${id}`);
    expect(del.status, del.text).toBe(204);
    expectError(await c.giaLai.get(`/api/visualizations/${id}`), 404, 'not_found');
    const audit = (await auditRows(env, 'visualization.deleted')).at(-1)!;
    expect(audit).toMatchObject({ target_id: id, actor_username: 'trunguong' });
    expect((audit.before as { name: string }).name).toBe('Sẽ bị gỡ');
  });

  it('the owner deletes; audited as created then deleted', async () => {
    const id = await saveViz(c.giaLai, pivotBody('Tạm thời'));
    expect((await auditRows(env, 'visualization.created')).some((a) => a.target_id === id)).toBe(true);
    expect((await c.giaLai.delete(`/api/visualizations/${id}`)).status).toBe(204);
    expectError(await c.giaLai.delete(`/api/visualizations/${id}`), 404, 'not_found');
  });
});
