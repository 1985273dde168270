// Signing in and out, "who am I", language, and passwords (rules, change, the forced
// change on first sign-in), over real HTTP against a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv, type TestResponse } from '../../../test/harness.ts';

const NEW_PASSWORD = 'Lua-nuong-Tay-Nguyen-7';

let env: TestEnv;
let officer: MadeUser;
let admin: TestClient;

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

const fieldPaths = (res: TestResponse): string[] => (res.body.error.fields ?? []).map((f: { path: string }) => f.path);

async function roleId(code: string): Promise<string> {
  return (await env.db.selectFrom('role').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  env = await createTestEnv();
  officer = await makeUser(env, { username: 'cb.iagrai', role: 'commune_officer', unit: '23764' });
  admin = await signedIn(env, await makeUser(env, { username: 'qt.quocgia', role: 'system_admin', unit: 'VN', totp: true }));
});
afterAll(async () => env?.close());

describe('POST /api/auth/login', () => {
  it('signs in with the right password and sets an http-only, same-site session cookie', async () => {
    const c = env.client();
    const res = await c.login(officer.username);
    expect(res.status, res.text).toBe(200);
    expect(res.body.stage).toBe('active');
    expect(res.body.user.username).toBe('cb.iagrai');
    expect(res.body.assignments[0].unit.code).toBe('23764');
    expect(res.body.permissions).toEqual(['data.enter', 'data.read', 'investment.manage']);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('ts_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    const res = await env.client().login('  CB.IaGrai ');
    expect(res.status, res.text).toBe(200);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await env.client().login(officer.username, 'Sai-mat-khau-123');
    expectError(wrong, 401, 'invalid_credentials');
    const unknown = await env.client().login('khong.ton.tai', 'Sai-mat-khau-123');
    expectError(unknown, 401, 'invalid_credentials');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(wrong.headers.getSetCookie().some((h) => h.startsWith('ts_session='))).toBe(false);
  });

  it('explains the refusal in English when asked', async () => {
    const c = env.client();
    c.lang = 'en';
    const res = await c.login(officer.username, 'Sai-mat-khau-123');
    expectError(res, 401, 'invalid_credentials');
    expect(res.body.error.message).toBe('Wrong username or password.');
  });

  it('names the missing or unknown field in validation errors', async () => {
    const missing = await env.client().post('/api/auth/login', { username: 'cb.iagrai' });
    expectError(missing, 400, 'validation_failed');
    expect(fieldPaths(missing)).toContain('body.password');
    const extra = await env.client().post('/api/auth/login', { username: 'cb.iagrai', password: TEST_PASSWORD, rememberMe: true });
    expectError(extra, 400, 'validation_failed');
    expect(fieldPaths(extra)).toContain('body.rememberMe');
    const long = await env.client().post('/api/auth/login', { username: 'x'.repeat(101), password: TEST_PASSWORD });
    expect(fieldPaths(long)).toContain('body.username');
  });
});

describe('GET /api/auth/me', () => {
  it('tells the signed-in user who they are, what they may do and when the session ends', async () => {
    const c = await signedIn(env, officer);
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'cb.iagrai', totpEnabled: false, mfaRequired: false, language: 'vi' });
    expect(res.body.abilities).toEqual({ manageUsers: false, manageRoles: false, manageUnits: false, readAudit: false });
    expect(res.body.session.idleMinutes).toBe(15);
    expect(new Date(res.body.session.expiresAt).getTime()).toBe(env.clock.now().getTime() + 12 * 3600_000);
    expect(res.text).not.toMatch(/password|secret|\$argon2/i);
  });

  it('gives an administrator the administration abilities', async () => {
    const res = await admin.get('/api/auth/me');
    expect(res.body.abilities).toEqual({ manageUsers: true, manageRoles: true, manageUnits: true, readAudit: true });
    expect(res.body.user.mfaRequired).toBe(true);
  });

  it('requires a session', async () => {
    expectError(await env.client().get('/api/auth/me'), 401, 'unauthenticated');
    const forged = env.client();
    forged.cookie = 'ts_session=khong-phai-phien-that';
    expectError(await forged.get('/api/auth/me'), 401, 'unauthenticated');
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: the cookie is cleared and the old cookie no longer works', async () => {
    const c = await signedIn(env, officer);
    const oldCookie = c.cookie;
    const res = await c.post('/api/auth/logout');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(c.cookie).toBeNull();
    const replay = env.client();
    replay.cookie = oldCookie;
    const after = await replay.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(['session_expired', 'unauthenticated']).toContain(after.body.error.code);
  });

  it('requires a session and the CSRF header', async () => {
    expectError(await env.client().post('/api/auth/logout'), 401, 'unauthenticated');
    const c = await signedIn(env, officer);
    expectError(await c.request('POST', '/api/auth/logout', {}, { csrf: false }), 403, 'csrf_failed');
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });
});

describe('PUT /api/auth/language', () => {
  it('saves the language, which then applies to messages', async () => {
    const user = await makeUser(env, { username: 'cb.ngonngu', role: 'commune_officer', unit: '23764' });
    const c = await signedIn(env, user);
    const res = await c.put('/api/auth/language', { language: 'en' });
    expect(res.status, res.text).toBe(200);
    expect((await c.get('/api/auth/me')).body.user.language).toBe('en');
    c.lang = 'en';
    const refused = await c.get('/api/users');
    expectError(refused, 404, 'not_found');
    expect(refused.body.error.message).toBe('Not found or you have no access.');
  });

  it('refuses languages it does not know, naming the field', async () => {
    const c = await signedIn(env, officer);
    const res = await c.put('/api/auth/language', { language: 'fr' });
    expectError(res, 400, 'validation_failed');
    expect(fieldPaths(res)).toEqual(['body.language']);
  });

  it('requires a session and the CSRF header', async () => {
    expectError(await env.client().put('/api/auth/language', { language: 'en' }), 401, 'unauthenticated');
    const c = await signedIn(env, officer);
    expectError(await c.request('PUT', '/api/auth/language', { language: 'en' }, { csrf: false }), 403, 'csrf_failed');
  });
});

describe('POST /api/auth/password', () => {
  let longNamed: MadeUser;
  beforeAll(async () => {
    longNamed = await makeUser(env, { username: 'nguyen.van.an', role: 'commune_officer', unit: '23764' });
  });

  it('changes the password: the old one stops working, the new one works, other sessions end', async () => {
    const user = await makeUser(env, { username: 'cb.doimatkhau', role: 'commune_officer', unit: '23764' });
    const other = await signedIn(env, user);
    const c = await signedIn(env, user);
    const res = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expect(res.body.stage).toBe('active');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expectError(await env.client().login(user.username, TEST_PASSWORD), 401, 'invalid_credentials');
    expect((await env.client().login(user.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses a wrong current password, naming the field', async () => {
    const c = await signedIn(env, officer);
    const res = await c.post('/api/auth/password', { currentPassword: 'Khong-dung-dau-9', newPassword: NEW_PASSWORD });
    expectError(res, 400, 'wrong_password');
    expect(fieldPaths(res)).toEqual(['body.currentPassword']);
  });

  it.each([
    ['shorter than 10 characters', 'Ngan@123', 'cần ít nhất 10 ký tự'],
    ['the username', 'nguyen.van.an', 'không được giống tên đăng nhập'],
    ['the username in capitals with a short suffix', 'Nguyen.Van.An12', 'không được giống tên đăng nhập'],
    ['a common password', 'password123', 'quá phổ biến'],
    ['a common Vietnamese password', 'matkhau@123', 'quá phổ biến'],
  ])('refuses a new password that is %s, in Vietnamese', async (_label, newPassword, reason) => {
    const c = await signedIn(env, longNamed);
    const res = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
    expectError(res, 400, 'weak_password');
    expect(res.body.error.message).toContain('Mật khẩu không đạt yêu cầu');
    expect(res.body.error.message).toContain(reason);
    expect(fieldPaths(res)).toEqual(['body.newPassword']);
  });

  it('refuses a new password equal to the old one', async () => {
    const c = await signedIn(env, officer);
    expectError(await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }), 400, 'weak_password');
  });

  it('explains the password rules in English to a user working in English', async () => {
    const user = await makeUser(env, { username: 'cb.english', role: 'commune_officer', unit: '23764' });
    const c = await signedIn(env, user);
    c.lang = 'en';
    await c.put('/api/auth/language', { language: 'en' });
    const short = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Short@1' });
    expectError(short, 400, 'weak_password');
    expect(short.body.error.message).toBe('Password rejected: use at least 10 characters.');
    const common = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'qwerty123456' });
    expect(common.body.error.message).toBe('Password rejected: it is a common password that is easy to guess.');
    const same = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'cb.english' });
    expect(same.body.error.message).toBe('Password rejected: it must not be the username.');
  });

  it('requires a session and the CSRF header, and validates the body', async () => {
    expectError(await env.client().post('/api/auth/password', { currentPassword: 'a', newPassword: 'b' }), 401, 'unauthenticated');
    const c = await signedIn(env, officer);
    expectError(await c.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, { csrf: false }), 403, 'csrf_failed');
    const missing = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD });
    expectError(missing, 400, 'validation_failed');
    expect(fieldPaths(missing)).toContain('body.newPassword');
    // The password did not change.
    expect((await env.client().login(officer.username)).status).toBe(200);
  });
});

describe('forced password change on first sign-in', () => {
  it('makes a user created by an administrator change the password before anything else', async () => {
    const created = await admin.post('/api/users', {
      username: 'cb.moi',
      displayName: 'Cán bộ mới',
      password: 'Tam-thoi-Gia-Lai-2026',
      assignments: [{ roleId: await roleId('commune_officer'), unitId: await unitId(env.db, '23764') }],
    });
    expect(created.status, created.text).toBe(201);

    const c = env.client();
    const login = await c.login('cb.moi', 'Tam-thoi-Gia-Lai-2026');
    expect(login.status).toBe(200);
    expect(login.body.stage).toBe('password_change');
    expect(login.body.assignments).toEqual([]);

    const blocked = await c.get('/api/units');
    expectError(blocked, 403, 'step_required');
    expect(blocked.body.error.details).toEqual({ stage: 'password_change' });
    expectError(await c.put('/api/auth/language', { language: 'en' }), 403, 'step_required');
    expect((await c.get('/api/auth/me')).body.stage).toBe('password_change');

    const weak = await c.post('/api/auth/password', { currentPassword: 'Tam-thoi-Gia-Lai-2026', newPassword: '12345678' });
    expectError(weak, 400, 'weak_password');
    expectError(await c.get('/api/units'), 403, 'step_required');

    const changed = await c.post('/api/auth/password', { currentPassword: 'Tam-thoi-Gia-Lai-2026', newPassword: NEW_PASSWORD });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.stage).toBe('active');
    expect(changed.body.assignments).toHaveLength(1);
    expect((await c.get('/api/units')).status).toBe(200);

    const again = await env.client().login('cb.moi', NEW_PASSWORD);
    expect(again.body.stage).toBe('active');
  });
});
