// Two-factor sign-in: mandatory enrolment for administrators, verification at sign-in
// with replay protection and a failure limit, and optional TOTP for other users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createTestEnv, makeUser, signedIn, type MadeUser, type TestClient, type TestEnv, type TestResponse } from '../../../test/harness.ts';
import { totpCode } from './totp.ts';

let env: TestEnv;

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

/** A six-digit code that is not valid for the secret now (nor one step either side). */
function wrongCode(secret: string): string {
  const now = env.clock.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(now.getTime() + d))));
  for (let n = 0; ; n += 1) {
    const candidate = String(123456 + n * 7919).padStart(6, '0').slice(-6);
    if (!valid.has(candidate)) return candidate;
  }
}

const nextStep = () => env.clock.advance(30_000);

async function auditActions(userId: string): Promise<string[]> {
  const rows = await env.db.selectFrom('audit_log').select('action').where('target_id', '=', userId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('administrator without two-factor', () => {
  let adminUser: MadeUser;
  let c: TestClient;
  let secret: string;
  let confirmCode: string;

  beforeAll(async () => {
    adminUser = await makeUser(env, { username: 'qt.gialai', role: 'system_admin', unit: '52' });
    c = env.client();
  });

  it('is sent to enrolment after the password and cannot use the system yet', async () => {
    const login = await c.login(adminUser.username);
    expect(login.status).toBe(200);
    expect(login.body.stage).toBe('mfa_enrol');
    expect(login.body.user.mfaRequired).toBe(true);
    const blocked = await c.get('/api/users');
    expectError(blocked, 403, 'step_required');
    expect(blocked.body.error.details).toEqual({ stage: 'mfa_enrol' });
  });

  it('refuses confirmation before enrolment has started', async () => {
    expectError(await c.post('/api/auth/totp/confirm', { code: '123456' }), 409, 'totp_not_pending');
  });

  it('gets a secret, an otpauth URL and a QR code when enrolling', async () => {
    const res = await c.post('/api/auth/totp/enrol');
    expect(res.status, res.text).toBe(200);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*qt\.gialai/);
    expect(decodeURIComponent(res.body.otpauthUrl)).toContain('issuer=Trường Sơn');
    expect(res.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    secret = res.body.secret;
  });

  it('refuses a wrong confirmation code and a malformed one', async () => {
    expectError(await c.post('/api/auth/totp/confirm', { code: wrongCode(secret) }), 400, 'invalid_totp');
    const malformed = await c.post('/api/auth/totp/confirm', { code: '12ab56' });
    expectError(malformed, 400, 'validation_failed');
    expect(malformed.body.error.fields[0].path).toBe('body.code');
    expectError(await c.get('/api/users'), 403, 'step_required');
  });

  it('becomes active after confirming with a code from the app', async () => {
    confirmCode = totpCode(secret, env.clock.now());
    const res = await c.post('/api/auth/totp/confirm', { code: confirmCode });
    expect(res.status, res.text).toBe(200);
    expect(res.body.stage).toBe('active');
    expect(res.body.user.totpEnabled).toBe(true);
    expect((await c.get('/api/users')).status).toBe(200);
    expect(await auditActions(adminUser.id)).toContain('auth.totp_enabled');
  });

  it('is asked for a code at the next sign-in, and a wrong code is refused', async () => {
    const next = env.client();
    const login = await next.login(adminUser.username);
    expect(login.body.stage).toBe('mfa_verify');
    expectError(await next.get('/api/users'), 403, 'step_required');
    expectError(await next.post('/api/auth/totp/verify', { code: wrongCode(secret) }), 400, 'invalid_totp');
    // The code already used to confirm cannot be used again.
    expectError(await next.post('/api/auth/totp/verify', { code: confirmCode }), 400, 'invalid_totp');
    nextStep();
    const fresh = totpCode(secret, env.clock.now());
    const ok = await next.post('/api/auth/totp/verify', { code: fresh });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.stage).toBe('active');
    expect((await next.get('/api/users')).status).toBe(200);

    // Replaying that same code in another sign-in fails.
    const replay = env.client();
    await replay.login(adminUser.username);
    expectError(await replay.post('/api/auth/totp/verify', { code: fresh }), 400, 'invalid_totp');
  });

  it('ends the sign-in after five wrong codes', async () => {
    nextStep();
    const d = env.client();
    await d.login(adminUser.username);
    for (let i = 1; i <= 4; i += 1) expectError(await d.post('/api/auth/totp/verify', { code: wrongCode(secret) }), 400, 'invalid_totp');
    expectError(await d.post('/api/auth/totp/verify', { code: wrongCode(secret) }), 401, 'session_expired');
    // Even the right code no longer helps in this sign-in.
    expect((await d.post('/api/auth/totp/verify', { code: totpCode(secret, env.clock.now()) })).status).toBe(401);
    expect((await d.get('/api/auth/me')).status).toBe(401);
    const failures = (await auditActions(adminUser.id)).filter((a) => a === 'auth.totp_failed');
    expect(failures.length).toBeGreaterThanOrEqual(5);
  });

  it('cannot turn two-factor off', async () => {
    const res = await c.post('/api/auth/totp/disable', { password: TEST_PASSWORD });
    expectError(res, 409, 'totp_required');
    expect((await c.get('/api/auth/me')).body.user.totpEnabled).toBe(true);
  });
});

describe('commune officer with optional two-factor', () => {
  let user: MadeUser;
  let c: TestClient;
  let secret: string;

  beforeAll(async () => {
    user = await makeUser(env, { username: 'cb.iagrai', role: 'commune_officer', unit: '23764' });
    c = await signedIn(env, user);
  });

  it('can turn two-factor on', async () => {
    const enrol = await c.post('/api/auth/totp/enrol');
    expect(enrol.status).toBe(200);
    secret = enrol.body.secret;
    const confirm = await c.post('/api/auth/totp/confirm', { code: totpCode(secret, env.clock.now()) });
    expect(confirm.status, confirm.text).toBe(200);
    expect(confirm.body.user.totpEnabled).toBe(true);
    expect(confirm.body.user.mfaRequired).toBe(false);
    nextStep();
    const next = env.client();
    expect((await next.login(user.username)).body.stage).toBe('mfa_verify');
    expect((await next.post('/api/auth/totp/verify', { code: totpCode(secret, env.clock.now()) })).body.stage).toBe('active');
  });

  it('needs the password to turn it off', async () => {
    expectError(await c.post('/api/auth/totp/disable', { password: 'Khong-dung-dau-9' }), 400, 'wrong_password');
    expect((await c.get('/api/auth/me')).body.user.totpEnabled).toBe(true);
  });

  it('can turn two-factor off, and then signs in with the password alone', async () => {
    const res = await c.post('/api/auth/totp/disable', { password: TEST_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expect(res.body.user.totpEnabled).toBe(false);
    expect((await env.client().login(user.username)).body.stage).toBe('active');
    expect(await auditActions(user.id)).toContain('auth.totp_disabled');
  });
});

describe('two-factor endpoints', () => {
  it('require a session', async () => {
    const anon = env.client();
    expectError(await anon.post('/api/auth/totp/verify', { code: '123456' }), 401, 'unauthenticated');
    expectError(await anon.post('/api/auth/totp/enrol'), 401, 'unauthenticated');
    expectError(await anon.post('/api/auth/totp/confirm', { code: '123456' }), 401, 'unauthenticated');
    expectError(await anon.post('/api/auth/totp/disable', { password: TEST_PASSWORD }), 401, 'unauthenticated');
  });

  it('refuse verification when no code is pending, and writes without the CSRF header', async () => {
    const user = await makeUser(env, { username: 'cb.khac', role: 'commune_officer', unit: '23764' });
    const c = await signedIn(env, user);
    expectError(await c.post('/api/auth/totp/verify', { code: '123456' }), 403, 'step_required');
    expectError(await c.request('POST', '/api/auth/totp/enrol', {}, { csrf: false }), 403, 'csrf_failed');
    expectError(await c.request('POST', '/api/auth/totp/disable', { password: TEST_PASSWORD }, { csrf: false }), 403, 'csrf_failed');
    const extra = await c.post('/api/auth/totp/disable', { password: TEST_PASSWORD, force: true });
    expectError(extra, 400, 'validation_failed');
    expect(extra.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.force');
  });

  it('let an administrator with two-factor sign in through the code step', async () => {
    const adminUser = await makeUser(env, { username: 'qt.quocgia', role: 'system_admin', unit: 'VN', totp: true });
    const c = await signedIn(env, adminUser);
    const me = await c.get('/api/auth/me');
    expect(me.body.stage).toBe('active');
    expect(me.body.user.totpEnabled).toBe(true);
  });
});
