// Guessing passwords is slowed down: an account locks after repeated wrong passwords
// and an address is rate-limited. Time is moved with the test clock, never slept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { createTestEnv, makeUser, type TestEnv, type TestResponse } from '../../../test/harness.ts';

const WRONG = 'Sai-mat-khau-123';

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

async function actions(env: TestEnv, userId: string): Promise<string[]> {
  const rows = await env.db.selectFrom('audit_log').select('action').where('target_id', '=', userId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('account lockout with the default policy (5 failures, 15 minutes)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('locks the account on the fifth wrong password, refuses even the right one, and records the lockout', async () => {
    const user = await makeUser(env, { username: 'cb.khoa', role: 'commune_officer', unit: '23764' });
    const c = env.client();
    for (let i = 1; i <= 4; i += 1) expectError(await c.login(user.username, WRONG), 401, 'invalid_credentials');
    const locked = await c.login(user.username, WRONG);
    expectError(locked, 423, 'account_locked');
    expect(locked.body.error.message).toContain('15 phút');

    expectError(await c.login(user.username), 423, 'account_locked');
    expect(await actions(env, user.id)).toContain('auth.lockout');
    const entry = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.lockout').where('target_id', '=', user.id).executeTakeFirstOrThrow();
    expect(entry.actor_username).toBe('cb.khoa');
    expect(entry.ip).toMatch(/127\.0\.0\.1/);

    env.clock.advance(14 * MINUTE);
    const stillLocked = await c.login(user.username);
    expectError(stillLocked, 423, 'account_locked');
    expect(stillLocked.body.error.message).toContain('1 phút');

    env.clock.advance(1 * MINUTE);
    const ok = await c.login(user.username);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.stage).toBe('active');
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const user = await makeUser(env, { username: 'cb.quenmk', role: 'commune_officer', unit: '23764' });
    const c = env.client();
    for (let i = 0; i < 4; i += 1) expectError(await c.login(user.username, WRONG), 401, 'invalid_credentials');
    expect((await c.login(user.username)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expectError(await c.login(user.username, WRONG), 401, 'invalid_credentials');
    expect((await env.client().login(user.username)).status).toBe(200);
  });

  it('shows the administrator that the account is locked', async () => {
    const user = await makeUser(env, { username: 'cb.bikhoa', role: 'commune_officer', unit: '23764' });
    for (let i = 0; i < 5; i += 1) await env.client().login(user.username, WRONG);
    const row = await env.db.selectFrom('app_user').select(['locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.locked_until?.getTime()).toBe(env.clock.now().getTime() + 15 * MINUTE);
  });
});

describe('account lockout follows the configured threshold and duration', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ LOCKOUT_THRESHOLD: 3, LOCKOUT_MINUTES: 5 });
  });
  afterAll(async () => env?.close());

  it('locks after three wrong passwords for five minutes', async () => {
    const user = await makeUser(env, { username: 'cb.cauhinh', role: 'commune_officer', unit: '23764' });
    const c = env.client();
    expectError(await c.login(user.username, WRONG), 401, 'invalid_credentials');
    expectError(await c.login(user.username, WRONG), 401, 'invalid_credentials');
    const locked = await c.login(user.username, WRONG);
    expectError(locked, 423, 'account_locked');
    expect(locked.body.error.message).toContain('5 phút');
    env.clock.advance(4 * MINUTE);
    expectError(await c.login(user.username), 423, 'account_locked');
    env.clock.advance(1 * MINUTE);
    expect((await c.login(user.username)).status).toBe(200);
  });
});

describe('rate limit per address', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ LOGIN_MAX_PER_IP: 3 });
  });
  afterAll(async () => env?.close());

  it('answers the fourth failed sign-in from one address with 429 and Retry-After, whatever the account', async () => {
    const a = await makeUser(env, { username: 'cb.mot', role: 'commune_officer', unit: '23764' });
    const b = await makeUser(env, { username: 'cb.hai', role: 'commune_officer', unit: '23764' });
    const c = env.client();
    expectError(await c.login(a.username, WRONG), 401, 'invalid_credentials');
    expectError(await c.login(b.username, WRONG), 401, 'invalid_credentials');
    expectError(await c.login('khong.ai.ca', WRONG), 401, 'invalid_credentials');

    const limited = await c.login(a.username, WRONG);
    expectError(limited, 429, 'too_many_requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error.message).toContain(`${limited.headers.get('retry-after')} giây`);
    // The right password does not get through either while the address is limited.
    expectError(await env.client().login(b.username), 429, 'too_many_requests');
    const audit = await env.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.rate_limited').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('lets the address try again once the window has passed', async () => {
    env.clock.advance(env.config.LOGIN_WINDOW_MINUTES * MINUTE + 1000);
    expect((await env.client().login('cb.hai')).status).toBe(200);
  });
});

describe('a forged X-Forwarded-For does not escape the limit', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ LOGIN_MAX_PER_IP: 3 });
  });
  afterAll(async () => env?.close());

  it('counts failures by the real address when no proxy is trusted, and audits the real address', async () => {
    const c = env.client();
    for (let i = 0; i < 3; i += 1) {
      const res = await c.request('POST', '/api/auth/login', { username: `khach${i}`, password: WRONG }, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
      expectError(res, 401, 'invalid_credentials');
    }
    const res = await c.request('POST', '/api/auth/login', { username: 'khach9', password: WRONG }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    expectError(res, 429, 'too_many_requests');
    const ips = await env.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.login_failed').execute();
    expect(ips.every((r) => r.ip === '127.0.0.1')).toBe(true);
  });
});
