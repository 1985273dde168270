// The daily jobs: accounts unused for 45 days are disabled (by the job and at the
// sign-in door), demo accounts never are; retention removes audit rows older than
// the configured period, and nothing else can delete them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DAY } from './clock.ts';
import { disableInactiveUsers, runRetention } from './jobs.ts';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestEnv, type TestResponse } from '../../test/harness.ts';

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
}

async function lastLogin(env: TestEnv, user: MadeUser, daysAgo: number, opts: { demo?: boolean; neverLoggedIn?: boolean } = {}): Promise<void> {
  const at = new Date(env.clock.now().getTime() - daysAgo * DAY);
  await env.db
    .updateTable('app_user')
    .set(opts.neverLoggedIn ? { last_login_at: null, created_at: at } : { last_login_at: at, created_at: new Date(at.getTime() - 30 * DAY) })
    .set({ is_demo: opts.demo ?? false })
    .where('id', '=', user.id)
    .execute();
}

const isActive = async (env: TestEnv, user: MadeUser) =>
  (await env.db.selectFrom('app_user').select('active').where('id', '=', user.id).executeTakeFirstOrThrow()).active;

describe('disabling inactive accounts', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('disables accounts unused for 46 days, keeps those used 44 days ago and demo accounts, and records why', async () => {
    const stale = await makeUser(env, { username: 'cb.lau.ngay', role: 'commune_officer', unit: '23764' });
    const recent = await makeUser(env, { username: 'cb.gan.day', role: 'commune_officer', unit: '23764' });
    const never = await makeUser(env, { username: 'cb.chua.dung', role: 'commune_officer', unit: '23764' });
    const demo = await makeUser(env, { username: 'demo.xa', role: 'commune_officer', unit: '23764' });
    await lastLogin(env, stale, 46);
    await lastLogin(env, recent, 44);
    await lastLogin(env, never, 46, { neverLoggedIn: true });
    await lastLogin(env, demo, 400, { demo: true });

    expect(await disableInactiveUsers(env.ctx)).toBe(2);
    expect(await isActive(env, stale)).toBe(false);
    expect(await isActive(env, never)).toBe(false);
    expect(await isActive(env, recent)).toBe(true);
    expect(await isActive(env, demo)).toBe(true);

    const entry = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.deactivated').where('target_id', '=', stale.id).executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBeNull();
    expect(entry.details).toEqual({ reason: 'inactive', days: 45 });
    expect(entry.unit_id).toBe(await unitId(env.db, '23764'));

    // Idempotent: a second run changes nothing more.
    expect(await disableInactiveUsers(env.ctx)).toBe(0);
    expectError(await env.client().login(stale.username), 403, 'account_disabled');
    expect((await env.client().login(recent.username)).status).toBe(200);
  });

  it('ends the sessions of an account it disables', async () => {
    const user = await makeUser(env, { username: 'cb.con.phien', role: 'commune_officer', unit: '23764' });
    const session = await signedIn(env, user);
    await lastLogin(env, user, 50);
    expect(await disableInactiveUsers(env.ctx)).toBe(1);
    expect((await session.get('/api/units')).status).toBe(401);
  });

  it('disables an account unused for 46 days at sign-in, even with the right password', async () => {
    const user = await makeUser(env, { username: 'cb.quay.lai', role: 'commune_officer', unit: '23764' });
    await lastLogin(env, user, 46);
    expectError(await env.client().login(user.username), 403, 'account_disabled');
    expect(await isActive(env, user)).toBe(false);
    const entry = await env.db.selectFrom('audit_log').select(['details']).where('action', '=', 'user.deactivated').where('target_id', '=', user.id).executeTakeFirstOrThrow();
    expect(entry.details).toEqual({ reason: 'inactive', days: 45 });
  });

  it('lets an account used 44 days ago, and a demo account unused for a year, sign in', async () => {
    const user = await makeUser(env, { username: 'cb.van.dung', role: 'commune_officer', unit: '23764' });
    await lastLogin(env, user, 44);
    expect((await env.client().login(user.username)).status).toBe(200);
    const demo = await makeUser(env, { username: 'demo.tinh', role: 'commune_officer', unit: '23764' });
    await lastLogin(env, demo, 365, { demo: true });
    expect((await env.client().login(demo.username)).status).toBe(200);
  });

  it('lets an administrator re-activate a disabled account without it being disabled again at once', async () => {
    const adminClient = await signedIn(env, await makeUser(env, { username: 'qt.quocgia', role: 'system_admin', unit: 'VN', totp: true }));
    const user = await makeUser(env, { username: 'cb.kich.hoat', role: 'commune_officer', unit: '23764' });
    await lastLogin(env, user, 60);
    await disableInactiveUsers(env.ctx);
    expect((await adminClient.post(`/api/users/${user.id}/activate`)).status).toBe(200);
    expect(await disableInactiveUsers(env.ctx)).toBe(0);
    expect((await env.client().login(user.username)).status).toBe(200);
  });
});

describe('inactive period follows the configuration', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ INACTIVE_DISABLE_DAYS: 90 });
  });
  afterAll(async () => env?.close());

  it('keeps an account unused for 60 days when the limit is 90', async () => {
    const user = await makeUser(env, { username: 'cb.chin.muoi', role: 'commune_officer', unit: '23764' });
    await lastLogin(env, user, 60);
    expect(await disableInactiveUsers(env.ctx)).toBe(0);
    expect((await env.client().login(user.username)).status).toBe(200);
    await lastLogin(env, user, 91);
    expect(await disableInactiveUsers(env.ctx)).toBe(1);
  });
});

describe('retention', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('keeps audit rows younger than the retention period, while pruning expired sessions and old sign-in attempts', async () => {
    const user = await makeUser(env, { username: 'cb.luu.tru', role: 'commune_officer', unit: '23764' });
    await env.client().login(user.username);
    await env.client().login(user.username, 'Sai-mat-khau-123');
    env.clock.advance(300 * DAY);
    const result = await runRetention(env.ctx);
    expect(result).toEqual({ audit: 0, sessions: 1, attempts: 2, apiCalls: 0, apiTokens: 0 });
    expect(await env.db.selectFrom('audit_log').select('id').where('target_id', '=', user.id).execute()).toHaveLength(2);
  });

  it('removes audit rows older than 365 days and keeps newer ones', async () => {
    env.clock.advance(100 * DAY); // 400 days after the first rows
    const newer = await makeUser(env, { username: 'cb.moi.hon', role: 'commune_officer', unit: '23764' });
    await env.client().login(newer.username);
    const result = await runRetention(env.ctx);
    expect(result).toEqual({ audit: 2, sessions: 0, attempts: 0, apiCalls: 0, apiTokens: 0 });
    const left = await env.db.selectFrom('audit_log').select(['action', 'actor_username']).execute();
    expect(left.map((r) => r.actor_username)).toEqual(['cb.moi.hon']);
    expect(await env.db.selectFrom('session').select('id').execute()).toHaveLength(1);
    // Idempotent.
    expect((await runRetention(env.ctx)).audit).toBe(0);
  });

  it('follows the configured retention period', async () => {
    const longer = await createTestEnv({ AUDIT_RETENTION_DAYS: 730 });
    try {
      const user = await makeUser(longer, { username: 'cb.hai.nam', role: 'commune_officer', unit: '23764' });
      await longer.client().login(user.username);
      longer.clock.advance(400 * DAY);
      expect((await runRetention(longer.ctx)).audit).toBe(0);
      longer.clock.advance(331 * DAY);
      expect((await runRetention(longer.ctx)).audit).toBe(1);
    } finally {
      await longer.close();
    }
  });

  it('is the only way rows leave the audit table', async () => {
    const user = await makeUser(env, { username: 'cb.khong.xoa', role: 'commune_officer', unit: '23764' });
    await env.client().login(user.username);
    await expect(sql`delete from audit_log`.execute(env.db)).rejects.toThrow(/retention/);
    await expect(sql`update audit_log set action = 'x'`.execute(env.db)).rejects.toThrow(/append-only/);
    // The purge flag is local to the retention transaction: it does not leak to other sessions.
    await runRetention(env.ctx);
    await expect(sql`delete from audit_log`.execute(env.db)).rejects.toThrow(/retention/);
    expect(await env.db.selectFrom('audit_log').select('id').where('target_id', '=', user.id).execute()).toHaveLength(1);
  });
});
