// User administration inside the administrator's scope: a national administrator
// sees everyone; a provincial one (system_admin at Gia Lai) sees and changes only
// users inside Gia Lai, gives only permissions they hold there, and gets "not found"
// for everything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv, type TestResponse } from '../../../test/harness.ts';

const STRONG = 'Lua-nuong-Tay-Nguyen-7';
const IA_GRAI = '23764'; // Xã Ia Grai, Gia Lai
const AN_PHU = '21034'; // Xã An Phú, Quảng Ngãi

let env: TestEnv;
let national: TestClient;
let provincial: TestClient;
let coordinator: TestClient;
let communeClient: TestClient;
let provincialAdmin: MadeUser;
let gialaiOfficer: MadeUser;
let quangngaiOfficer: MadeUser;
let twoProvinces: MadeUser;
const units: Record<string, string> = {};
const roles: Record<string, string> = {};

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

const fieldPaths = (res: TestResponse): string[] => (res.body.error.fields ?? []).map((f: { path: string }) => f.path);
const usernames = (res: TestResponse): string[] => res.body.items.map((u: { username: string }) => u.username);

function newUser(username: string, unitCode: string, role = 'commune_officer', extra: Record<string, unknown> = {}) {
  return { username, displayName: `Cán bộ ${username}`, password: STRONG, assignments: [{ roleId: roles[role], unitId: units[unitCode] }], ...extra };
}

async function addAssignment(user: MadeUser, roleCode: string, unitCode: string): Promise<void> {
  await env.db.insertInto('user_assignment').values({ user_id: user.id, role_id: roles[roleCode], unit_id: units[unitCode] }).execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  for (const code of ['VN', '52', '51', IA_GRAI, AN_PHU]) units[code] = await unitId(env.db, code);
  for (const r of await env.db.selectFrom('role').select(['id', 'code']).execute()) roles[r.code] = r.id;

  national = await signedIn(env, await makeUser(env, { username: 'qt.quocgia', role: 'system_admin', unit: 'VN', totp: true }));
  provincialAdmin = await makeUser(env, { username: 'qt.gialai', role: 'system_admin', unit: '52', totp: true });
  provincial = await signedIn(env, provincialAdmin);
  coordinator = await signedIn(env, await makeUser(env, { username: 'dp.gialai', role: 'provincial_coordinator', unit: '52' }));
  gialaiOfficer = await makeUser(env, { username: 'cb.iagrai', role: 'commune_officer', unit: IA_GRAI });
  communeClient = await signedIn(env, gialaiOfficer);
  quangngaiOfficer = await makeUser(env, { username: 'cb.anphu', role: 'commune_officer', unit: AN_PHU });
  twoProvinces = await makeUser(env, { username: 'cb.haitinh', role: 'commune_officer', unit: IA_GRAI });
  await addAssignment(twoProvinces, 'commune_officer', AN_PHU);
});
afterAll(async () => env?.close());

describe('GET /api/users', () => {
  it('shows a national administrator every user', async () => {
    const res = await national.get('/api/users?limit=500');
    expect(res.status).toBe(200);
    expect(usernames(res)).toEqual(expect.arrayContaining(['qt.quocgia', 'qt.gialai', 'cb.iagrai', 'cb.anphu', 'cb.haitinh', 'dp.gialai']));
    expect(res.body.total).toBe(res.body.items.length);
  });

  it('shows a provincial administrator only users with an assignment inside the province', async () => {
    const res = await provincial.get('/api/users?limit=500');
    expect(res.status, res.text).toBe(200);
    const names = usernames(res);
    expect(names).toEqual(expect.arrayContaining(['qt.gialai', 'dp.gialai', 'cb.iagrai', 'cb.haitinh']));
    expect(names).not.toContain('cb.anphu');
    expect(names).not.toContain('qt.quocgia');
    expect(res.body.total).toBe(names.length);
    const both = res.body.items.find((u: { username: string }) => u.username === 'cb.haitinh');
    expect(both.abilities).toEqual({ update: false, deactivate: false, resetPassword: false });
    const own = res.body.items.find((u: { username: string }) => u.username === 'cb.iagrai');
    expect(own.abilities).toEqual({ update: true, deactivate: true, resetPassword: true });
  });

  it('searches by name without caring about case, including names with underscores', async () => {
    await makeUser(env, { username: 'nguyen_van_binh', role: 'commune_officer', unit: IA_GRAI, displayName: 'Nguyễn Văn Bình' });
    expect(usernames(await provincial.get('/api/users?q=IAGRAI'))).toEqual(['cb.iagrai']);
    expect(usernames(await provincial.get('/api/users?q=nguyen_van'))).toEqual(['nguyen_van_binh']);
    expect(usernames(await provincial.get('/api/users?q=anphu'))).toEqual([]);
    expect(usernames(await provincial.get('/api/users?q=100%25'))).toEqual([]);
  });

  it('filters by unit and by active state, and pages', async () => {
    expect(usernames(await national.get(`/api/users?unitId=${units[AN_PHU]}`)).sort()).toEqual(['cb.anphu', 'cb.haitinh']);
    const page = await national.get('/api/users?limit=2&offset=1');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    expect(usernames(await national.get('/api/users?active=false'))).toEqual([]);
  });

  it('lists only the accounts locked out right now', async () => {
    expect(usernames(await national.get('/api/users?locked=true'))).toEqual([]);
    const lockedUntil = new Date(env.clock.now().getTime() + 10 * 60_000);
    await env.db.updateTable('app_user').set({ locked_until: lockedUntil }).where('id', '=', quangngaiOfficer.id).execute();
    const res = await national.get('/api/users?locked=true');
    expect(usernames(res)).toEqual(['cb.anphu']);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0].locked).toBe(true);
    // The provincial administrator does not see another province's locked account.
    expect(usernames(await provincial.get('/api/users?locked=true'))).toEqual([]);
    await env.db.updateTable('app_user').set({ locked_until: null }).where('id', '=', quangngaiOfficer.id).execute();
  });

  it('never sends password hashes or two-factor secrets', async () => {
    const res = await national.get('/api/users?limit=500');
    expect(res.text).not.toMatch(/\$argon2|password_?hash|totp_?secret|passwordHash/i);
  });

  it('is refused without a session, and to roles without user administration', async () => {
    expectError(await env.client().get('/api/users'), 401, 'unauthenticated');
    expectError(await communeClient.get('/api/users'), 404, 'not_found');
    expectError(await coordinator.get('/api/users'), 404, 'not_found');
  });

  it('refuses unknown and malformed query parameters', async () => {
    const res = await national.get('/api/users?limit=9999&role=admin');
    expectError(res, 400, 'validation_failed');
    expect(fieldPaths(res)).toEqual(expect.arrayContaining(['querystring.limit', 'querystring.role']));
  });
});

describe('POST /api/users', () => {
  it('lets a provincial administrator create a commune officer in the province, who must change the password', async () => {
    const res = await provincial.post('/api/users', newUser('cb.moi.iagrai', IA_GRAI, 'commune_officer', { email: 'cb.moi@gialai.gov.vn', phone: '0912 345 678' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ username: 'cb.moi.iagrai', email: 'cb.moi@gialai.gov.vn', active: true, mustChangePassword: true, totpEnabled: false });
    expect(res.body.assignments[0].unit.code).toBe(IA_GRAI);
    expect(res.body.assignments[0].role.code).toBe('commune_officer');
    expect(res.text).not.toMatch(/argon2|password_?hash|Lua-nuong/i);
    expect((await env.client().login('cb.moi.iagrai', STRONG)).body.stage).toBe('password_change');
  });

  it('stores usernames in lower case and refuses a taken one whatever its case', async () => {
    const first = await national.post('/api/users', newUser('Tran.Thi.Mai', IA_GRAI));
    expect(first.status, first.text).toBe(201);
    expect(first.body.username).toBe('tran.thi.mai');
    const again = await national.post('/api/users', newUser('TRAN.THI.MAI', IA_GRAI));
    expectError(again, 409, 'username_taken');
    expect(fieldPaths(again)).toEqual(['body.username']);
  });

  it('refuses a user at a commune of another province as not found', async () => {
    expectError(await provincial.post('/api/users', newUser('cb.ngoai.tinh', AN_PHU)), 404, 'not_found');
    expectError(await provincial.post('/api/users', newUser('cb.ngoai.tinh', '51')), 404, 'not_found');
    expectError(await provincial.post('/api/users', newUser('cb.ngoai.tinh', 'VN', 'viewer')), 404, 'not_found');
    expect((await env.db.selectFrom('app_user').select('id').where('username', '=', 'cb.ngoai.tinh').execute()).length).toBe(0);
  });

  it('refuses an unknown role or unit as not found, never as a crash', async () => {
    expectError(await national.post('/api/users', { ...newUser('cb.vai.tro', IA_GRAI), assignments: [{ roleId: '999999', unitId: units[IA_GRAI] }] }), 404, 'not_found');
    expectError(await national.post('/api/users', { ...newUser('cb.don.vi', IA_GRAI), assignments: [{ roleId: roles.viewer, unitId: '99999999' }] }), 404, 'not_found');
  });

  it.each([
    ['too short', 'Ngan@123', 'cần ít nhất 10 ký tự'],
    ['the username', 'cb.yeu.matkhau', 'không được giống tên đăng nhập'],
    ['common', '1234567890', 'quá phổ biến'],
  ])('refuses a %s initial password with weak_password on body.password', async (_label, password, reason) => {
    const res = await provincial.post('/api/users', { ...newUser('cb.yeu.matkhau', IA_GRAI), password });
    expectError(res, 400, 'weak_password');
    expect(res.body.error.message).toContain(reason);
    expect(fieldPaths(res)).toEqual(['body.password']);
  });

  it('names invalid and unknown fields', async () => {
    const bad = await provincial.post('/api/users', { ...newUser('A B', IA_GRAI), email: 'khong-phai-email' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.username', 'body.email']));
    const extra = await provincial.post('/api/users', { ...newUser('cb.them.truong', IA_GRAI), isAdmin: true });
    expectError(extra, 400, 'validation_failed');
    expect(fieldPaths(extra)).toContain('body.isAdmin');
    const none = await provincial.post('/api/users', { ...newUser('cb.khong.vai', IA_GRAI), assignments: [] });
    expect(fieldPaths(none)).toContain('body.assignments');
  });

  it('is refused without a session, the CSRF header, or user administration', async () => {
    expectError(await env.client().post('/api/users', newUser('cb.x1', IA_GRAI)), 401, 'unauthenticated');
    expectError(await provincial.request('POST', '/api/users', newUser('cb.x2', IA_GRAI), { csrf: false }), 403, 'csrf_failed');
    expectError(await communeClient.post('/api/users', newUser('cb.x3', IA_GRAI)), 404, 'not_found');
    expectError(await coordinator.post('/api/users', newUser('cb.x4', IA_GRAI)), 404, 'not_found');
    expect((await env.db.selectFrom('app_user').select('id').where('username', 'in', ['cb.x1', 'cb.x2', 'cb.x3', 'cb.x4']).execute()).length).toBe(0);
  });
});

describe('giving only the permissions one holds', () => {
  let limited: TestClient;
  let userAdminRole: string;

  beforeAll(async () => {
    const role = await national.post('/api/roles', { code: 'quan_ly_nguoi_dung', nameVi: 'Quản lý người dùng', nameEn: 'User manager', permissions: ['user.manage', 'data.read'] });
    expect(role.status, role.text).toBe(201);
    userAdminRole = role.body.id;
    roles.quan_ly_nguoi_dung = userAdminRole;
    limited = await signedIn(env, await makeUser(env, { username: 'ql.gialai', role: 'quan_ly_nguoi_dung', unit: '52', totp: true }));
  });

  it('refuses to give a role with a permission the administrator lacks at that unit', async () => {
    const res = await limited.post('/api/users', newUser('cb.qua.quyen', IA_GRAI, 'commune_officer'));
    expectError(res, 403, 'forbidden');
    const target = await makeUser(env, { username: 'cb.nang.quyen', role: 'viewer', unit: IA_GRAI });
    expectError(await limited.post(`/api/users/${target.id}/assignments`, { roleId: roles.system_admin, unitId: units[IA_GRAI] }), 403, 'forbidden');
    expect((await national.get(`/api/users/${target.id}`)).body.assignments).toHaveLength(1);
  });

  it('allows a role whose permissions the administrator holds there', async () => {
    const res = await limited.post('/api/users', newUser('ql.xa.iagrai', IA_GRAI, 'quan_ly_nguoi_dung'));
    expect(res.status, res.text).toBe(201);
  });
});

describe('GET /api/users/:id', () => {
  it('shows a user inside the province, and one who also works in another province', async () => {
    const res = await provincial.get(`/api/users/${gialaiOfficer.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'cb.iagrai', active: true, locked: false });
    const both = await provincial.get(`/api/users/${twoProvinces.id}`);
    expect(both.status).toBe(200);
    expect(both.body.assignments).toHaveLength(2);
    expect(both.body.abilities.update).toBe(false);
  });

  it('answers not found for a user only in another province, and for a missing user', async () => {
    expectError(await provincial.get(`/api/users/${quangngaiOfficer.id}`), 404, 'not_found');
    expectError(await national.get('/api/users/987654321'), 404, 'not_found');
    expect((await national.get(`/api/users/${quangngaiOfficer.id}`)).status).toBe(200);
  });

  it('is refused without a session or user administration', async () => {
    expectError(await env.client().get(`/api/users/${gialaiOfficer.id}`), 401, 'unauthenticated');
    expectError(await communeClient.get(`/api/users/${gialaiOfficer.id}`), 404, 'not_found');
    expectError(await coordinator.get(`/api/users/${gialaiOfficer.id}`), 404, 'not_found');
  });
});

describe('PATCH /api/users/:id', () => {
  it('updates contact details and records before and after', async () => {
    const res = await provincial.patch(`/api/users/${gialaiOfficer.id}`, { displayName: '  Rơ Mah Hlim ', email: 'hlim@iagrai.gialai.gov.vn', phone: null });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Rơ Mah Hlim', email: 'hlim@iagrai.gialai.gov.vn', phone: null });
    const entry = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.updated').where('target_id', '=', gialaiOfficer.id).executeTakeFirstOrThrow();
    expect(entry.actor_username).toBe('qt.gialai');
    expect(entry.before).toMatchObject({ displayName: 'Người dùng cb.iagrai', email: null });
    expect(entry.after).toMatchObject({ displayName: 'Rơ Mah Hlim', email: 'hlim@iagrai.gialai.gov.vn' });
  });

  it('stores Vietnamese typed in decomposed form as composed text', async () => {
    const res = await provincial.patch(`/api/users/${gialaiOfficer.id}`, { displayName: 'Rơ Mah Hlim'.normalize('NFD') });
    expect(res.body.displayName).toBe('Rơ Mah Hlim'.normalize('NFC'));
  });

  it('forbids changing a user who also works in another province', async () => {
    expectError(await provincial.patch(`/api/users/${twoProvinces.id}`, { displayName: 'Đổi tên' }), 403, 'forbidden');
    expect((await national.patch(`/api/users/${twoProvinces.id}`, { displayName: 'Đổi tên' })).status).toBe(200);
  });

  it('answers not found for a user in another province', async () => {
    expectError(await provincial.patch(`/api/users/${quangngaiOfficer.id}`, { displayName: 'Đổi tên' }), 404, 'not_found');
  });

  it('refuses invalid fields and fields that cannot be changed here', async () => {
    const bad = await provincial.patch(`/api/users/${gialaiOfficer.id}`, { email: 'sai' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(['body.email']);
    const rename = await provincial.patch(`/api/users/${gialaiOfficer.id}`, { username: 'ten.moi', active: false });
    expectError(rename, 400, 'validation_failed');
    expect(fieldPaths(rename)).toEqual(expect.arrayContaining(['body.username', 'body.active']));
  });

  it('is refused without a session, the CSRF header, or user administration', async () => {
    expectError(await env.client().patch(`/api/users/${gialaiOfficer.id}`, { displayName: 'X' }), 401, 'unauthenticated');
    expectError(await provincial.request('PATCH', `/api/users/${gialaiOfficer.id}`, { displayName: 'X' }, { csrf: false }), 403, 'csrf_failed');
    expectError(await communeClient.patch(`/api/users/${gialaiOfficer.id}`, { displayName: 'X' }), 404, 'not_found');
    expect((await national.get(`/api/users/${gialaiOfficer.id}`)).body.displayName).not.toBe('X');
  });
});

describe('POST /api/users/:id/deactivate and /activate', () => {
  it('ends the user\'s sessions at once, stops them signing in, and activation restores access', async () => {
    const target = await makeUser(env, { username: 'cb.vohieu', role: 'commune_officer', unit: IA_GRAI });
    const session = await signedIn(env, target);
    expect((await session.get('/api/units')).status).toBe(200);

    const res = await provincial.post(`/api/users/${target.id}/deactivate`, { reason: 'Nghỉ việc' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.active).toBe(false);

    expect((await session.get('/api/units')).status).toBe(401);
    expectError(await env.client().login(target.username), 403, 'account_disabled');
    expect(usernames(await provincial.get('/api/users?active=false'))).toContain('cb.vohieu');

    const entry = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.deactivated').where('target_id', '=', target.id).executeTakeFirstOrThrow();
    expect(entry.before).toEqual({ active: true });
    expect(entry.after).toEqual({ active: false });
    expect(entry.details).toEqual({ reason: 'Nghỉ việc' });

    const back = await provincial.post(`/api/users/${target.id}/activate`);
    expect(back.status, back.text).toBe(200);
    expect(back.body.active).toBe(true);
    expect((await env.client().login(target.username)).status).toBe(200);
  });

  it('refuses to deactivate oneself', async () => {
    expectError(await provincial.post(`/api/users/${provincialAdmin.id}/deactivate`), 409, 'self_action');
  });

  it('is refused outside the scope, for a shared user, and to other roles', async () => {
    expectError(await provincial.post(`/api/users/${quangngaiOfficer.id}/deactivate`), 404, 'not_found');
    expectError(await provincial.post(`/api/users/${twoProvinces.id}/deactivate`), 403, 'forbidden');
    expectError(await provincial.post(`/api/users/${quangngaiOfficer.id}/activate`), 404, 'not_found');
    expectError(await communeClient.post(`/api/users/${gialaiOfficer.id}/deactivate`), 404, 'not_found');
    expectError(await env.client().post(`/api/users/${gialaiOfficer.id}/deactivate`), 401, 'unauthenticated');
    expectError(await env.client().post(`/api/users/${gialaiOfficer.id}/activate`), 401, 'unauthenticated');
    expectError(await provincial.request('POST', `/api/users/${gialaiOfficer.id}/deactivate`, {}, { csrf: false }), 403, 'csrf_failed');
    const extra = await provincial.post(`/api/users/${gialaiOfficer.id}/deactivate`, { reason: 'x', notify: true });
    expectError(extra, 400, 'validation_failed');
    expect(fieldPaths(extra)).toContain('body.notify');
    expect((await national.get(`/api/users/${gialaiOfficer.id}`)).body.active).toBe(true);
    expect((await national.get(`/api/users/${twoProvinces.id}`)).body.active).toBe(true);
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('sets a temporary password that must be changed, and ends the user\'s sessions', async () => {
    const target = await makeUser(env, { username: 'cb.quen.mk', role: 'commune_officer', unit: IA_GRAI });
    const session = await signedIn(env, target);
    const res = await provincial.post(`/api/users/${target.id}/reset-password`, { password: 'Tam-thoi-Pleiku-2026' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
    expect((await session.get('/api/units')).status).toBe(401);
    expectError(await env.client().login(target.username, TEST_PASSWORD), 401, 'invalid_credentials');
    expect((await env.client().login(target.username, 'Tam-thoi-Pleiku-2026')).body.stage).toBe('password_change');
  });

  it('refuses a weak password, naming body.password', async () => {
    const res = await provincial.post(`/api/users/${gialaiOfficer.id}/reset-password`, { password: 'cb.iagrai' });
    expectError(res, 400, 'weak_password');
    expect(fieldPaths(res)).toEqual(['body.password']);
  });

  it('refuses oneself, other provinces, shared users, other roles and anonymous callers', async () => {
    expectError(await provincial.post(`/api/users/${provincialAdmin.id}/reset-password`, { password: STRONG }), 409, 'self_action');
    expectError(await provincial.post(`/api/users/${quangngaiOfficer.id}/reset-password`, { password: STRONG }), 404, 'not_found');
    expectError(await provincial.post(`/api/users/${twoProvinces.id}/reset-password`, { password: STRONG }), 403, 'forbidden');
    expectError(await communeClient.post(`/api/users/${gialaiOfficer.id}/reset-password`, { password: STRONG }), 404, 'not_found');
    expectError(await env.client().post(`/api/users/${gialaiOfficer.id}/reset-password`, { password: STRONG }), 401, 'unauthenticated');
    const missing = await provincial.post(`/api/users/${gialaiOfficer.id}/reset-password`, {});
    expectError(missing, 400, 'validation_failed');
    expect(fieldPaths(missing)).toEqual(['body.password']);
  });
});

describe('POST /api/users/:id/unlock', () => {
  it('unlocks an account locked by wrong passwords', async () => {
    const target = await makeUser(env, { username: 'cb.mo.khoa', role: 'commune_officer', unit: IA_GRAI });
    for (let i = 0; i < 5; i += 1) await env.client().login(target.username, 'Sai-mat-khau-123');
    expectError(await env.client().login(target.username), 423, 'account_locked');
    expect((await provincial.get(`/api/users/${target.id}`)).body.locked).toBe(true);
    const res = await provincial.post(`/api/users/${target.id}/unlock`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.locked).toBe(false);
    expect((await env.client().login(target.username)).status).toBe(200);
  });

  it('is refused outside the scope, for a shared user, to other roles and anonymous callers', async () => {
    expectError(await provincial.post(`/api/users/${quangngaiOfficer.id}/unlock`), 404, 'not_found');
    expectError(await provincial.post(`/api/users/${twoProvinces.id}/unlock`), 403, 'forbidden');
    expectError(await communeClient.post(`/api/users/${gialaiOfficer.id}/unlock`), 404, 'not_found');
    expectError(await env.client().post(`/api/users/${gialaiOfficer.id}/unlock`), 401, 'unauthenticated');
  });
});

describe('POST /api/users/:id/reset-totp', () => {
  it('removes a lost two-factor device so the user signs in with the password again', async () => {
    const target = await makeUser(env, { username: 'cb.mat.may', role: 'commune_officer', unit: IA_GRAI, totp: true });
    const session = await signedIn(env, target);
    expect((await env.client().login(target.username)).body.stage).toBe('mfa_verify');
    const res = await provincial.post(`/api/users/${target.id}/reset-totp`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.totpEnabled).toBe(false);
    expect((await session.get('/api/units')).status).toBe(401);
    expect((await env.client().login(target.username)).body.stage).toBe('active');
  });

  it('sends an administrator back to enrolment', async () => {
    env.clock.advance(30_000);
    const target = await makeUser(env, { username: 'qt.xa.iagrai', role: 'system_admin', unit: IA_GRAI, totp: true });
    expect((await provincial.post(`/api/users/${target.id}/reset-totp`)).status).toBe(200);
    expect((await env.client().login(target.username)).body.stage).toBe('mfa_enrol');
  });

  it('is refused for oneself, outside the scope, for a shared user, to other roles and anonymous callers', async () => {
    expectError(await provincial.post(`/api/users/${provincialAdmin.id}/reset-totp`), 409, 'self_action');
    expectError(await provincial.post(`/api/users/${quangngaiOfficer.id}/reset-totp`), 404, 'not_found');
    expectError(await provincial.post(`/api/users/${twoProvinces.id}/reset-totp`), 403, 'forbidden');
    expectError(await communeClient.post(`/api/users/${gialaiOfficer.id}/reset-totp`), 404, 'not_found');
    expectError(await env.client().post(`/api/users/${gialaiOfficer.id}/reset-totp`), 401, 'unauthenticated');
  });
});

describe('assignments', () => {
  let target: MadeUser;
  beforeAll(async () => {
    target = await makeUser(env, { username: 'cb.phan.quyen', role: 'commune_officer', unit: IA_GRAI });
  });

  it('adds a role at a unit in the province, refuses the same one twice, and removes it again', async () => {
    const added = await provincial.post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units['52'] });
    expect(added.status, added.text).toBe(200);
    expect(added.body.assignments.map((a: { role: { code: string } }) => a.role.code).sort()).toEqual(['commune_officer', 'viewer']);
    expectError(await provincial.post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units['52'] }), 409, 'conflict');

    const viewer = added.body.assignments.find((a: { role: { code: string } }) => a.role.code === 'viewer');
    const removed = await provincial.delete(`/api/users/${target.id}/assignments/${viewer.id}`);
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.assignments).toHaveLength(1);

    const actions = (await env.db.selectFrom('audit_log').select('action').where('target_id', '=', target.id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.assignment_added', 'user.assignment_removed']));
  });

  it('keeps at least one assignment', async () => {
    const only = (await provincial.get(`/api/users/${target.id}`)).body.assignments[0];
    expectError(await provincial.delete(`/api/users/${target.id}/assignments/${only.id}`), 409, 'last_assignment');
  });

  it('answers not found for an assignment of someone else', async () => {
    const other = (await provincial.get(`/api/users/${gialaiOfficer.id}`)).body.assignments[0];
    await provincial.post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units[IA_GRAI] });
    expectError(await provincial.delete(`/api/users/${target.id}/assignments/${other.id}`), 404, 'not_found');
  });

  it('refuses a unit in another province as not found', async () => {
    expectError(await provincial.post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units[AN_PHU] }), 404, 'not_found');
    expectError(await provincial.post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units.VN }), 404, 'not_found');
  });

  it('refuses changes to a user outside the scope or shared with another province', async () => {
    expectError(await provincial.post(`/api/users/${quangngaiOfficer.id}/assignments`, { roleId: roles.viewer, unitId: units[IA_GRAI] }), 404, 'not_found');
    expectError(await provincial.post(`/api/users/${twoProvinces.id}/assignments`, { roleId: roles.viewer, unitId: units[IA_GRAI] }), 403, 'forbidden');
    const shared = (await national.get(`/api/users/${twoProvinces.id}`)).body.assignments[0];
    expectError(await provincial.delete(`/api/users/${twoProvinces.id}/assignments/${shared.id}`), 403, 'forbidden');
  });

  it('sends a user given an administrator role to two-factor enrolment at once', async () => {
    const user = await makeUser(env, { username: 'cb.len.quantri', role: 'commune_officer', unit: IA_GRAI });
    const session = await signedIn(env, user);
    expect((await provincial.post(`/api/users/${user.id}/assignments`, { roleId: roles.system_admin, unitId: units[IA_GRAI] })).status).toBe(200);
    expectError(await session.get('/api/units'), 403, 'step_required');
    expect((await session.get('/api/auth/me')).body.stage).toBe('mfa_enrol');
  });

  it('does not let a user skip a pending forced password change when given an administrator role', async () => {
    const created = await provincial.post('/api/users', newUser('cb.chua.doi.mk', IA_GRAI));
    expect(created.status, created.text).toBe(201);
    const session = env.client();
    expect((await session.login('cb.chua.doi.mk', STRONG)).body.stage).toBe('password_change');
    expect((await provincial.post(`/api/users/${created.body.id}/assignments`, { roleId: roles.system_admin, unitId: units[IA_GRAI] })).status).toBe(200);
    expect((await session.get('/api/auth/me')).body.stage).toBe('password_change');
    expectError(await session.post('/api/auth/totp/enrol'), 403, 'step_required');
    const changed = await session.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'Mat-khau-moi-Ia-Grai-9' });
    expect(changed.body.stage).toBe('mfa_enrol');
  });

  it('validates the body and refuses anonymous callers, missing CSRF and other roles', async () => {
    const bad = await provincial.post(`/api/users/${target.id}/assignments`, { roleId: 'viewer', unitId: units[IA_GRAI], until: '2027-01-01' });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.roleId', 'body.until']));
    expectError(await env.client().post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units[IA_GRAI] }), 401, 'unauthenticated');
    expectError(await env.client().delete(`/api/users/${target.id}/assignments/1`), 401, 'unauthenticated');
    expectError(await provincial.request('POST', `/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units['52'] }, { csrf: false }), 403, 'csrf_failed');
    expectError(await provincial.request('DELETE', `/api/users/${target.id}/assignments/1`, undefined, { csrf: false }), 403, 'csrf_failed');
    expectError(await communeClient.post(`/api/users/${target.id}/assignments`, { roleId: roles.viewer, unitId: units[IA_GRAI] }), 404, 'not_found');
    expectError(await coordinator.delete(`/api/users/${target.id}/assignments/1`), 404, 'not_found');
    expectError(await provincial.delete(`/api/users/${target.id}/assignments/abc`), 400, 'validation_failed');
  });
});

describe('GET /api/users/:id/sessions', () => {
  it('lists the user\'s open sessions with address and browser, and drops ended ones', async () => {
    const target = await makeUser(env, { username: 'cb.phien', role: 'commune_officer', unit: IA_GRAI });
    const one = await signedIn(env, target);
    const res = await provincial.get(`/api/users/${target.id}/sessions`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].ip).toMatch(/127\.0\.0\.1/);
    expect(res.body.items[0].createdAt).toBe(env.clock.now().toISOString());
    expect(res.text).not.toMatch(/csrf|token/i);
    await one.post('/api/auth/logout');
    expect((await provincial.get(`/api/users/${target.id}/sessions`)).body.items).toHaveLength(0);
  });

  it('does not list a session that has been idle past the timeout', async () => {
    const target = await makeUser(env, { username: 'cb.phien.cu', role: 'commune_officer', unit: IA_GRAI });
    await signedIn(env, target);
    env.clock.advance(16 * 60_000);
    const fresh = await signedIn(env, provincialAdmin);
    expect((await fresh.get(`/api/users/${target.id}/sessions`)).body.items).toHaveLength(0);
    provincial = fresh;
  });

  it('is readable for a shared user but not outside the scope, for other roles or anonymous callers', async () => {
    expect((await provincial.get(`/api/users/${twoProvinces.id}/sessions`)).status).toBe(200);
    expectError(await provincial.get(`/api/users/${quangngaiOfficer.id}/sessions`), 404, 'not_found');
    expectError(await coordinator.get(`/api/users/${gialaiOfficer.id}/sessions`), 401, 'session_expired');
    const freshOfficer = await signedIn(env, gialaiOfficer);
    expectError(await freshOfficer.get(`/api/users/${gialaiOfficer.id}/sessions`), 404, 'not_found');
    expectError(await env.client().get(`/api/users/${gialaiOfficer.id}/sessions`), 401, 'unauthenticated');
  });
});
