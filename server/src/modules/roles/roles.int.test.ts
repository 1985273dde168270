// Roles: built-in roles are fixed; custom roles are national and only a holder of
// role.manage at the national unit creates, edits or deletes them. Administrators who
// assign roles can read the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@shared/permissions.ts';
import { createTestEnv, makeUser, signedIn, unitId, type TestClient, type TestEnv, type TestResponse } from '../../../test/harness.ts';

let env: TestEnv;
let national: TestClient;
let provincial: TestClient;
let officer: TestClient;
const builtIn: Record<string, string> = {};

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

const fieldPaths = (res: TestResponse): string[] => (res.body.error.fields ?? []).map((f: { path: string }) => f.path);

async function auditFor(action: string, roleId: string) {
  return env.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', roleId).executeTakeFirst();
}

beforeAll(async () => {
  env = await createTestEnv();
  for (const r of await env.db.selectFrom('role').select(['id', 'code']).execute()) builtIn[r.code] = r.id;
  national = await signedIn(env, await makeUser(env, { username: 'qt.quocgia', role: 'system_admin', unit: 'VN', totp: true }));
  provincial = await signedIn(env, await makeUser(env, { username: 'qt.gialai', role: 'system_admin', unit: '52', totp: true }));
  officer = await signedIn(env, await makeUser(env, { username: 'cb.iagrai', role: 'commune_officer', unit: '23764' }));
});
afterAll(async () => env?.close());

describe('GET /api/permissions', () => {
  it('lists every permission for administrators who assign roles', async () => {
    const res = await national.get('/api/permissions');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([...PERMISSIONS]);
    expect((await provincial.get('/api/permissions')).status).toBe(200);
  });

  it('is refused without a session and to users who do not administer users or roles', async () => {
    expectError(await env.client().get('/api/permissions'), 401, 'unauthenticated');
    expectError(await officer.get('/api/permissions'), 404, 'not_found');
  });
});

describe('GET /api/roles', () => {
  it('lists the built-in roles with their permissions and how many users hold them', async () => {
    const res = await national.get('/api/roles');
    expect(res.status).toBe(200);
    expect(res.body.canManage).toBe(true);
    const codes = res.body.items.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['system_admin', 'central_officer', 'provincial_coordinator', 'department_officer', 'commune_officer', 'viewer']));
    const admin = res.body.items.find((r: { code: string }) => r.code === 'system_admin');
    expect(admin).toMatchObject({ builtIn: true, requiresMfa: true, userCount: 2, nameVi: 'Quản trị hệ thống' });
    expect(admin.permissions).toHaveLength(PERMISSIONS.length);
    const commune = res.body.items.find((r: { code: string }) => r.code === 'commune_officer');
    expect(commune).toMatchObject({ builtIn: true, requiresMfa: false, userCount: 1 });
  });

  it('lets a provincial administrator read the list but not manage it', async () => {
    const res = await provincial.get('/api/roles');
    expect(res.status).toBe(200);
    expect(res.body.canManage).toBe(false);
  });

  it('is refused without a session and to users who do not administer users or roles', async () => {
    expectError(await env.client().get('/api/roles'), 401, 'unauthenticated');
    expectError(await officer.get('/api/roles'), 404, 'not_found');
  });
});

describe('POST /api/roles', () => {
  it('creates a custom role from permissions, recorded in the audit log', async () => {
    const res = await national.post('/api/roles', { code: 'can_bo_nhap_lieu', nameVi: 'Cán bộ nhập liệu', nameEn: 'Data clerk', permissions: ['data.enter', 'data.read', 'data.read'] });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ code: 'can_bo_nhap_lieu', builtIn: false, requiresMfa: false, userCount: 0, permissions: ['data.enter', 'data.read'] });
    const entry = await auditFor('role.created', res.body.id);
    expect(entry?.actor_username).toBe('qt.quocgia');
    expect(entry?.after).toEqual({ code: 'can_bo_nhap_lieu', permissions: ['data.enter', 'data.read'] });
    expect((await national.get('/api/roles')).body.items.map((r: { code: string }) => r.code)).toContain('can_bo_nhap_lieu');
  });

  it.each(['user.manage', 'role.manage', 'unit.manage', 'audit.read'])('requires two-factor for a role holding %s', async (permission) => {
    const res = await national.post('/api/roles', { code: `kiem_tra_${permission.replace('.', '_')}`, nameVi: 'Kiểm tra', nameEn: 'Check', permissions: ['data.read', permission] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.requiresMfa).toBe(true);
  });

  it('refuses a code that already exists, including a built-in one', async () => {
    expectError(await national.post('/api/roles', { code: 'can_bo_nhap_lieu', nameVi: 'Trùng', nameEn: 'Dup', permissions: ['data.read'] }), 409, 'conflict');
    const builtin = await national.post('/api/roles', { code: 'system_admin', nameVi: 'Giả mạo', nameEn: 'Fake', permissions: ['data.read'] });
    expectError(builtin, 409, 'conflict');
    expect(fieldPaths(builtin)).toEqual(['body.code']);
  });

  it('names invalid and unknown fields', async () => {
    const bad = await national.post('/api/roles', { code: 'Sai Ma', nameVi: '', nameEn: 'x', permissions: ['god.mode'] });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.code', 'body.nameVi', 'body.permissions.0']));
    const empty = await national.post('/api/roles', { code: 'vai_tro_rong', nameVi: 'Rỗng', nameEn: 'Empty', permissions: [] });
    expect(fieldPaths(empty)).toEqual(['body.permissions']);
    const extra = await national.post('/api/roles', { code: 'vai_tro_la', nameVi: 'Lạ', nameEn: 'Odd', permissions: ['data.read'], builtIn: true });
    expectError(extra, 400, 'validation_failed');
    expect(fieldPaths(extra)).toEqual(['body.builtIn']);
  });

  it('is only for a national holder of role.manage', async () => {
    const body = { code: 'vai_tro_tinh', nameVi: 'Vai trò tỉnh', nameEn: 'Provincial role', permissions: ['data.read'] };
    expectError(await provincial.post('/api/roles', body), 404, 'not_found');
    expectError(await officer.post('/api/roles', body), 404, 'not_found');
    expectError(await env.client().post('/api/roles', body), 401, 'unauthenticated');
    expectError(await national.request('POST', '/api/roles', body, { csrf: false }), 403, 'csrf_failed');
    expect(await env.db.selectFrom('role').select('id').where('code', '=', 'vai_tro_tinh').executeTakeFirst()).toBeUndefined();
  });
});

describe('PATCH /api/roles/:id', () => {
  let roleId: string;
  beforeAll(async () => {
    roleId = (await national.post('/api/roles', { code: 'thong_ke', nameVi: 'Thống kê', nameEn: 'Statistician', permissions: ['data.read'] })).body.id;
  });

  it('renames a custom role and changes its permissions, recording before and after', async () => {
    const res = await national.patch(`/api/roles/${roleId}`, { nameVi: 'Cán bộ thống kê', permissions: ['analytics.read', 'data.read'] });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ nameVi: 'Cán bộ thống kê', nameEn: 'Statistician', permissions: ['analytics.read', 'data.read'], requiresMfa: false });
    const entry = await auditFor('role.updated', roleId);
    expect(entry?.before).toEqual({ nameVi: 'Thống kê', nameEn: 'Statistician', permissions: ['data.read'] });
    expect(entry?.after).toEqual({ nameVi: 'Cán bộ thống kê', nameEn: 'Statistician', permissions: ['analytics.read', 'data.read'] });
  });

  it('requires two-factor once an administrator permission is added, also from holders already signed in', async () => {
    const holder = await makeUser(env, { username: 'tk.iagrai', role: 'thong_ke', unit: '23764' });
    const session = await signedIn(env, holder);
    expect((await session.get('/api/units')).status).toBe(200);
    const res = await national.patch(`/api/roles/${roleId}`, { permissions: ['analytics.read', 'audit.read', 'data.read'] });
    expect(res.body.requiresMfa).toBe(true);
    expect((await env.client().login(holder.username)).body.stage).toBe('mfa_enrol');
    expectError(await session.get('/api/units'), 403, 'step_required');
  });

  it('refuses to change a built-in role', async () => {
    expectError(await national.patch(`/api/roles/${builtIn.viewer}`, { permissions: ['data.read', 'data.enter'] }), 409, 'built_in_role');
    const viewer = (await national.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'viewer');
    expect(viewer.permissions).toEqual(['analytics.read', 'data.read']);
  });

  it('answers not found for a missing role, and refuses a new code or unknown fields', async () => {
    expectError(await national.patch('/api/roles/999999', { nameVi: 'Không có' }), 404, 'not_found');
    const code = await national.patch(`/api/roles/${roleId}`, { code: 'doi_ma' });
    expectError(code, 400, 'validation_failed');
    expect(fieldPaths(code)).toEqual(['body.code']);
    const perms = await national.patch(`/api/roles/${roleId}`, { permissions: ['data.delete'] });
    expect(fieldPaths(perms)).toEqual(['body.permissions.0']);
  });

  it('is only for a national holder of role.manage', async () => {
    expectError(await provincial.patch(`/api/roles/${roleId}`, { nameVi: 'Tỉnh sửa' }), 404, 'not_found');
    expectError(await officer.patch(`/api/roles/${roleId}`, { nameVi: 'Xã sửa' }), 404, 'not_found');
    expectError(await env.client().patch(`/api/roles/${roleId}`, { nameVi: 'Ẩn danh' }), 401, 'unauthenticated');
    expectError(await national.request('PATCH', `/api/roles/${roleId}`, { nameVi: 'Không CSRF' }, { csrf: false }), 403, 'csrf_failed');
    expect((await national.get('/api/roles')).body.items.find((r: { id: string }) => r.id === roleId).nameVi).toBe('Cán bộ thống kê');
  });
});

describe('DELETE /api/roles/:id', () => {
  it('deletes an unused custom role', async () => {
    const id = (await national.post('/api/roles', { code: 'tam_thoi', nameVi: 'Tạm thời', nameEn: 'Temporary', permissions: ['data.read'] })).body.id;
    const res = await national.delete(`/api/roles/${id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect((await national.get('/api/roles')).body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await auditFor('role.deleted', id))?.before).toEqual({ code: 'tam_thoi', permissions: ['data.read'] });
    expectError(await national.delete(`/api/roles/${id}`), 404, 'not_found');
  });

  it('refuses to delete a role that is assigned', async () => {
    const id = (await national.post('/api/roles', { code: 'dang_dung', nameVi: 'Đang dùng', nameEn: 'In use', permissions: ['data.read'] })).body.id;
    const user = await makeUser(env, { username: 'cb.dang.dung', role: 'viewer', unit: '23764' });
    const added = await national.post(`/api/users/${user.id}/assignments`, { roleId: id, unitId: await unitId(env.db, '23764') });
    expect(added.status, added.text).toBe(200);
    expectError(await national.delete(`/api/roles/${id}`), 409, 'role_in_use');
    expect((await national.get('/api/roles')).body.items.find((r: { id: string }) => r.id === id).userCount).toBe(1);
  });

  it('refuses to delete a built-in role', async () => {
    expectError(await national.delete(`/api/roles/${builtIn.viewer}`), 409, 'built_in_role');
    expectError(await national.delete(`/api/roles/${builtIn.system_admin}`), 409, 'built_in_role');
  });

  it('is only for a national holder of role.manage', async () => {
    const id = (await national.post('/api/roles', { code: 'chua_xoa', nameVi: 'Chưa xóa', nameEn: 'Not deleted', permissions: ['data.read'] })).body.id;
    expectError(await provincial.delete(`/api/roles/${id}`), 404, 'not_found');
    expectError(await officer.delete(`/api/roles/${id}`), 404, 'not_found');
    expectError(await env.client().delete(`/api/roles/${id}`), 401, 'unauthenticated');
    expectError(await national.request('DELETE', `/api/roles/${id}`, undefined, { csrf: false }), 403, 'csrf_failed');
    expectError(await national.delete('/api/roles/abc'), 400, 'validation_failed');
    expect((await national.get('/api/roles')).body.items.map((r: { id: string }) => r.id)).toContain(id);
  });
});
