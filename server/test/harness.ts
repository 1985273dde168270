// Integration-test harness: a fresh database copied from the template, the real app
// listening on a real port, a controllable clock, factories, and an HTTP client that
// keeps its cookie and CSRF token like a browser does.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import type { BuiltInRoleCode } from '@shared/permissions.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/platform/http/app.ts';
import type { AppContext } from '../src/platform/http/context.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { newTotpSecret, totpCode } from '../src/modules/auth/totp.ts';

export const TEST_PASSWORD = 'Kiem-thu-Truong-Son-2026';

export interface TestEnv {
  app: FastifyInstance;
  db: Db;
  clock: ManualClock;
  config: Config;
  ctx: AppContext;
  baseUrl: string;
  client: () => TestClient;
  close: () => Promise<void>;
}

export async function createTestEnv(overrides: Partial<Config> = {}): Promise<TestEnv> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `truongson_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}" template "${template}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 5);
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'silent' }), OUTBOUND_ALLOW_LOOPBACK: true, ...overrides };
  const ctx: AppContext = { db, clock, config, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) };
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    db,
    clock,
    config,
    ctx,
    baseUrl,
    client: () => new TestClient(baseUrl),
    close: async () => {
      await app.close();
      await db.destroy();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      // The pool's connections may still be saying goodbye: terminating one mid-close would
      // surface as an unhandled error in the test file. Give them a moment, then force.
      for (let i = 0; i < 40; i += 1) {
        const left = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (left.rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class TestClient {
  cookie: string | null = null;
  csrf: string | null = null;
  lang: 'vi' | 'en' = 'vi';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, init: { headers?: Record<string, string>; raw?: BodyInit; csrf?: boolean } = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { 'accept-language': this.lang, ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && init.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: BodyInit | undefined = init.raw;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair.startsWith('ts_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    const data = parsed as { csrfToken?: string } | null;
    if (data && typeof data === 'object' && typeof data.csrfToken === 'string') this.csrf = data.csrfToken;
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }
  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
  async login(username: string, password = TEST_PASSWORD) {
    return this.post('/api/auth/login', { username, password });
  }
}

/** Finds a unit id by code (2025 hierarchy unless stated; 'VN' for the nation). */
export async function unitId(db: Db, code: string, hierarchy: '2025' | 'pre2025' = '2025'): Promise<string> {
  const row = await db
    .selectFrom('org_unit')
    .select('id')
    .where('code', '=', code)
    .where('hierarchy', 'in', code === 'VN' ? ['all'] : [hierarchy])
    .orderBy('level')
    .executeTakeFirstOrThrow();
  return row.id;
}

let cachedHash: Promise<string> | undefined;

export interface MadeUser {
  id: string;
  username: string;
  password: string;
  totpSecret: string | null;
}

/** Creates a user with one (role, unit) assignment directly in the database. */
export async function makeUser(
  env: TestEnv,
  opts: { username: string; role: BuiltInRoleCode | string; /** unit code (2025), or 'VN' */ unit?: string; unitId?: string; mustChangePassword?: boolean; totp?: boolean; displayName?: string },
): Promise<MadeUser> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const now = env.clock.now();
  const secret = opts.totp ? newTotpSecret() : null;
  const user = await env.db
    .insertInto('app_user')
    .values({
      username: opts.username,
      display_name: opts.displayName ?? `Người dùng ${opts.username}`,
      password_hash: await cachedHash,
      must_change_password: opts.mustChangePassword ?? false,
      totp_enabled: Boolean(secret),
      totp_secret: secret,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const role = await env.db.selectFrom('role').select('id').where('code', '=', opts.role).executeTakeFirstOrThrow();
  const unit = opts.unitId ?? (await unitId(env.db, opts.unit ?? 'VN'));
  await env.db.insertInto('user_assignment').values({ user_id: user.id, role_id: role.id, unit_id: unit }).execute();
  return { id: user.id, username: opts.username, password: TEST_PASSWORD, totpSecret: secret };
}

/** Signs in fully (password, then TOTP when enrolled); returns the client. */
export async function signedIn(env: TestEnv, user: MadeUser): Promise<TestClient> {
  const c = env.client();
  const res = await c.login(user.username, user.password);
  if (res.status !== 200) throw new Error(`login failed for ${user.username}: ${res.status} ${res.text}`);
  if (res.body.stage === 'mfa_verify' && user.totpSecret) {
    const v = await c.post('/api/auth/totp/verify', { code: totpCode(user.totpSecret, env.clock.now()) });
    if (v.status !== 200) throw new Error(`totp failed: ${v.text}`);
  }
  return c;
}
