// Sessions end after 15 idle minutes and after an absolute lifetime, whatever the
// activity; both are recorded. Time is moved with the test clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { createTestEnv, makeUser, signedIn, type MadeUser, type TestEnv, type TestResponse } from '../../../test/harness.ts';

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
}

describe('idle timeout (15 minutes)', () => {
  let env: TestEnv;
  let user: MadeUser;
  beforeAll(async () => {
    env = await createTestEnv();
    user = await makeUser(env, { username: 'cb.iagrai', role: 'commune_officer', unit: '23764' });
  });
  afterAll(async () => env?.close());

  it('keeps a session alive while the user keeps working', async () => {
    const c = await signedIn(env, user);
    for (let i = 0; i < 4; i += 1) {
      env.clock.advance(14 * MINUTE);
      expect((await c.get('/api/units')).status).toBe(200);
    }
  });

  it('ends a session left idle for 16 minutes, revokes it and records why', async () => {
    const c = await signedIn(env, user);
    const token = c.cookie;
    env.clock.advance(16 * MINUTE);
    const res = await c.get('/api/units');
    expectError(res, 401, 'session_expired');
    expect(res.body.error.message).toBe('Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.');

    const sessions = await env.db.selectFrom('session').select(['revoked_at', 'revoked_reason']).where('user_id', '=', user.id).where('revoked_reason', '=', 'idle_timeout').execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].revoked_at?.getTime()).toBe(env.clock.now().getTime());
    const audit = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.session_expired').where('target_id', '=', user.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toEqual({ reason: 'idle_timeout' });

    // Coming back later with the same cookie does not revive it.
    env.clock.advance(1 * MINUTE);
    const again = env.client();
    again.cookie = token;
    expectError(await again.get('/api/auth/me'), 401, 'session_expired');
    expectError(await again.post('/api/auth/logout'), 401, 'session_expired');
  });

  it('does not count background polling as activity', async () => {
    const c = await signedIn(env, user);
    env.clock.advance(10 * MINUTE);
    expect((await c.request('GET', '/api/auth/me', undefined, { headers: { 'x-passive-request': '1' } })).status).toBe(200);
    env.clock.advance(6 * MINUTE);
    expectError(await c.get('/api/auth/me'), 401, 'session_expired');
  });

  it('lets the user sign in again after the session expired', async () => {
    const c = await signedIn(env, user);
    env.clock.advance(20 * MINUTE);
    expectError(await c.get('/api/units'), 401, 'session_expired');
    expect((await c.login(user.username)).status).toBe(200);
    expect((await c.get('/api/units')).status).toBe(200);
  });
});

describe('absolute lifetime and configured idle time', () => {
  let env: TestEnv;
  let user: MadeUser;
  beforeAll(async () => {
    env = await createTestEnv({ SESSION_MAX_HOURS: 1, SESSION_IDLE_MINUTES: 30 });
    user = await makeUser(env, { username: 'cb.tuyetdoi', role: 'commune_officer', unit: '23764' });
  });
  afterAll(async () => env?.close());

  it('follows the configured idle time', async () => {
    const c = await signedIn(env, user);
    expect((await c.get('/api/auth/me')).body.session.idleMinutes).toBe(30);
    env.clock.advance(29 * MINUTE);
    expect((await c.get('/api/units')).status).toBe(200);
    env.clock.advance(31 * MINUTE);
    expectError(await c.get('/api/units'), 401, 'session_expired');
  });

  it('ends an active session when its lifetime is over', async () => {
    const c = await signedIn(env, user);
    for (let i = 0; i < 5; i += 1) {
      env.clock.advance(11 * MINUTE);
      expect((await c.get('/api/units')).status, `after ${(i + 1) * 11} minutes`).toBe(200);
    }
    env.clock.advance(6 * MINUTE);
    expectError(await c.get('/api/units'), 401, 'session_expired');
    const revoked = await env.db.selectFrom('session').select('revoked_reason').where('user_id', '=', user.id).where('revoked_reason', '=', 'absolute_timeout').execute();
    expect(revoked).toHaveLength(1);
  });
});
