// OAuth 2.0 for API clients over real HTTP: a standard client library (openid-client,
// not our code) obtains, introspects and revokes tokens; raw requests check each
// RFC 6749 §5.2 / RFC 7009 / RFC 7662 answer; the bearer verifier for /api/v1.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import { createTestEnv, makeUser, signedIn, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows } from '../catalog/catalog.test-support.ts';
import { verifyBearer } from './bearer.ts';

let env: TestEnv;
let admin: TestClient;
let giaLai: string;

interface Creds {
  id: string;
  key: string;
  secret: string;
}

async function newClient(extra: Record<string, unknown> = {}): Promise<Creds> {
  const res = await admin.post('/api/api-clients', {
    name: 'Cơ sở dữ liệu bảo trợ xã hội',
    organisation: 'Bộ Y tế',
    contact: 'csdl@moh.gov.vn',
    scopes: ['units.read', 'data.read', 'data.write'],
    unitIds: [giaLai],
    ...extra,
  });
  if (res.status !== 201) throw new Error(res.text);
  return { id: res.body.client.id, key: res.body.consumerKey, secret: res.body.consumerSecret };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** A raw form POST, as any HTTP client would send it. */
async function form(path: string, params: Record<string, string> | string, headers: Record<string, string> = {}) {
  const res = await fetch(env.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof params === 'string' ? params : new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

async function token(c: Creds, scope?: string): Promise<string> {
  const res = await form('/oauth/token', { grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, { authorization: basic(c.key, c.secret) });
  if (res.status !== 200) throw new Error(res.text);
  return res.body.access_token as string;
}

function expectOAuthError(res: { status: number; body: { error?: string; error_description?: string } | null; text: string }, status: number, error: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error, res.text).toBe(error);
  expect(typeof res.body?.error_description).toBe('string');
  expect(Object.keys(res.body ?? {}).sort()).toEqual(['error', 'error_description']);
}

function configFor(c: Creds, auth: 'basic' | 'post' = 'basic'): oidc.Configuration {
  const config = new oidc.Configuration(
    {
      issuer: env.baseUrl,
      token_endpoint: `${env.baseUrl}/oauth/token`,
      revocation_endpoint: `${env.baseUrl}/oauth/revoke`,
      introspection_endpoint: `${env.baseUrl}/oauth/introspect`,
    },
    c.key,
    undefined,
    auth === 'basic' ? oidc.ClientSecretBasic(c.secret) : oidc.ClientSecretPost(c.secret),
  );
  // The test server speaks plain HTTP on 127.0.0.1; production sits behind TLS.
  oidc.allowInsecureRequests(config);
  return config;
}

beforeAll(async () => {
  env = await createTestEnv();
  giaLai = await unitId(env.db, '52');
  admin = await signedIn(env, await makeUser(env, { username: 'qt.tw', role: 'system_admin', unit: 'VN', totp: true }));
});
afterAll(async () => env?.close());

describe('a standard OAuth 2.0 client library (openid-client)', () => {
  it('obtains a token by HTTP Basic, introspects it and revokes it', async () => {
    const c = await newClient();
    const config = configFor(c);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'data.read units.read' });
    expect(tokens.token_type).toBe('bearer'); // the library lower-cases it
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe('data.read units.read');

    const ok = await verifyBearer(env.db, `Bearer ${tokens.access_token}`, 'data.read', { now: env.clock.now() });
    expect(ok).toMatchObject({ ok: true, client: { clientId: c.id, consumerKey: c.key, unitIds: [giaLai], scopes: ['data.read', 'units.read'] } });

    const info = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(info).toMatchObject({ active: true, client_id: c.key, scope: 'data.read units.read', token_type: 'Bearer' });
    expect(info.exp! - info.iat!).toBe(3600);

    await oidc.tokenRevocation(config, tokens.access_token);
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
    expect(await verifyBearer(env.db, `Bearer ${tokens.access_token}`, 'data.read', { now: env.clock.now() })).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
    expect((await auditRows(env, 'oauth.token_revoked')).some((a) => a.target_id === c.id)).toBe(true);
  });

  it('obtains a token with the credentials in the body (client_secret_post), all scopes by default', async () => {
    const c = await newClient();
    const tokens = await oidc.clientCredentialsGrant(configFor(c, 'post'));
    expect(tokens.scope).toBe('data.read data.write units.read');
    const [issued] = (await auditRows(env, 'oauth.token_issued')).filter((a) => a.target_id === c.id);
    expect(issued.details).toMatchObject({ consumerKey: c.key, scopes: ['data.read', 'data.write', 'units.read'] });
  });

  it('surfaces the RFC error of a wrong secret to the library', async () => {
    const c = await newClient();
    // By Basic: a 401 with a Basic challenge, which the library reports as such.
    const basicErr = await oidc.clientCredentialsGrant(configFor({ ...c, secret: 'sai-mat-khau' })).catch((e: unknown) => e);
    expect(basicErr).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    expect((basicErr as oidc.WWWAuthenticateChallengeError).status).toBe(401);
    expect((basicErr as oidc.WWWAuthenticateChallengeError).cause[0].scheme).toBe('basic');
    // In the body: a 400 whose RFC 6749 error the library parses.
    const postErr = await oidc.clientCredentialsGrant(configFor({ ...c, secret: 'sai-mat-khau' }, 'post')).catch((e: unknown) => e);
    expect(postErr).toBeInstanceOf(oidc.ResponseBodyError);
    expect((postErr as oidc.ResponseBodyError).error).toBe('invalid_client');
    // And a scope the client does not hold.
    const scopeErr = await oidc.clientCredentialsGrant(configFor(c), { scope: 'analytics.read' }).catch((e: unknown) => e);
    expect((scopeErr as oidc.ResponseBodyError).error).toBe('invalid_scope');
  });
});

describe('POST /oauth/token errors (RFC 6749 §5.2)', () => {
  let c: Creds;
  beforeAll(async () => {
    c = await newClient({ scopes: ['data.read'] });
  });

  it('answers a token with no-store and never touches the session machinery', async () => {
    const res = await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, c.secret) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^[\w-]{43}$/), token_type: 'Bearer', expires_in: 3600, scope: 'data.read' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('set-cookie')).toBeNull();
    const stored = await env.db.selectFrom('api_token').select('token_hash').where('client_id', '=', c.id).execute();
    expect(stored.some((t) => t.token_hash === res.body.access_token)).toBe(false);
  });

  it('wrong secret and unknown client: invalid_client, 401 with a Basic challenge when Basic was used', async () => {
    const wrong = await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, 'sai') });
    expectOAuthError(wrong, 401, 'invalid_client');
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm="truongson"/);
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    const unknown = await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic('tsk_khongtontai', 'x') });
    expectOAuthError(unknown, 401, 'invalid_client');
    const body = await form('/oauth/token', { grant_type: 'client_credentials', client_id: c.key, client_secret: 'sai' });
    expectOAuthError(body, 400, 'invalid_client');
    expect(body.headers.get('www-authenticate')).toBeNull();
    const none = await form('/oauth/token', { grant_type: 'client_credentials' });
    expectOAuthError(none, 401, 'invalid_client');
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }), 401, 'invalid_client');
    const failures = (await auditRows(env, 'oauth.client_auth_failed')).filter((a) => a.target_id === c.id);
    expect(failures.map((a) => (a.details as { reason: string }).reason)).toEqual(['wrong_secret', 'wrong_secret']);
  });

  it('Basic and body credentials at once: invalid_request', async () => {
    const both = await form('/oauth/token', { grant_type: 'client_credentials', client_id: c.key, client_secret: c.secret }, { authorization: basic(c.key, c.secret) });
    expectOAuthError(both, 400, 'invalid_request');
    const otherId = await form('/oauth/token', { grant_type: 'client_credentials', client_id: 'tsk_khac' }, { authorization: basic(c.key, c.secret) });
    expectOAuthError(otherId, 400, 'invalid_request');
    // The same client_id beside Basic is one method, not two.
    expect((await form('/oauth/token', { grant_type: 'client_credentials', client_id: c.key }, { authorization: basic(c.key, c.secret) })).status).toBe(200);
  });

  it('grant types: missing is invalid_request, another is unsupported_grant_type', async () => {
    const auth = { authorization: basic(c.key, c.secret) };
    expectOAuthError(await form('/oauth/token', {}, auth), 400, 'invalid_request');
    expectOAuthError(await form('/oauth/token', { grant_type: 'password', username: 'a', password: 'b' }, auth), 400, 'unsupported_grant_type');
    expectOAuthError(await form('/oauth/token', { grant_type: 'authorization_code', code: 'x' }, auth), 400, 'unsupported_grant_type');
  });

  it('scopes beyond the client\'s, or malformed: invalid_scope', async () => {
    const auth = { authorization: basic(c.key, c.secret) };
    const beyond = await form('/oauth/token', { grant_type: 'client_credentials', scope: 'data.read data.write' }, auth);
    expectOAuthError(beyond, 400, 'invalid_scope');
    expect(beyond.body.error_description).toContain('data.write');
    expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials', scope: 'data.read  units.read' }, auth), 400, 'invalid_scope');
    expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials', scope: 'dữ.liệu' }, auth), 400, 'invalid_scope');
  });

  it('a repeated parameter, JSON or a non-form body: invalid_request, never the /api error shape', async () => {
    const auth = { authorization: basic(c.key, c.secret) };
    expectOAuthError(await form('/oauth/token', 'grant_type=client_credentials&grant_type=client_credentials', auth), 400, 'invalid_request');
    const json = await fetch(`${env.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ grant_type: 'client_credentials' }) });
    expectOAuthError({ status: json.status, text: '', body: await json.json() }, 400, 'invalid_request');
    const xml = await fetch(`${env.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/xml', ...auth }, body: '<a/>' });
    expectOAuthError({ status: xml.status, text: '', body: await xml.json() }, 400, 'invalid_request');
    // The form parser exists only for /oauth: /api keeps refusing form posts (CSRF).
    const apiForm = await fetch(`${env.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b' });
    expect(apiForm.status).toBe(415);
    const empty = await fetch(`${env.baseUrl}/oauth/token`, { method: 'POST', headers: auth });
    expectOAuthError({ status: empty.status, text: '', body: await empty.json() }, 400, 'invalid_request');
  });

  it('a revoked client, an expired client and a caller outside the IP allow-list: invalid_client', async () => {
    const revoked = await newClient();
    const live = await token(revoked);
    await admin.post(`/api/api-clients/${revoked.id}/revoke`);
    expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(revoked.key, revoked.secret) }), 401, 'invalid_client');
    expect(await verifyBearer(env.db, `Bearer ${live}`, 'data.read', { now: env.clock.now() })).toMatchObject({ ok: false, error: 'invalid_token' });

    const fenced = await newClient({ ipAllowList: ['10.0.0.0/8'] });
    const outside = await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(fenced.key, fenced.secret) });
    expectOAuthError(outside, 401, 'invalid_client');
    expect(outside.body.error_description).toMatch(/IP/);
    const local = await newClient({ ipAllowList: ['127.0.0.0/8'] });
    const localToken = await token(local);
    expect((await verifyBearer(env.db, `Bearer ${localToken}`, 'data.read', { now: env.clock.now(), ip: '127.0.0.1' })).ok).toBe(true);
    expect(await verifyBearer(env.db, `Bearer ${localToken}`, 'data.read', { now: env.clock.now(), ip: '192.0.2.7' })).toMatchObject({ ok: false, status: 401 });

    const shortLived = await newClient({ expiresAt: '2026-03-02T03:00:00Z' });
    const before = await token(shortLived);
    env.clock.advance(HOUR);
    try {
      expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(shortLived.key, shortLived.secret) }), 401, 'invalid_client');
      expect(await verifyBearer(env.db, `Bearer ${before}`, 'data.read', { now: env.clock.now() })).toMatchObject({ ok: false, error: 'invalid_token' });
    } finally {
      env.clock.advance(-HOUR);
    }
  });
});

describe('tokens over time, revocation and introspection', () => {
  it('a token expires after an hour (ManualClock)', async () => {
    const c = await newClient();
    const t = await token(c);
    const auth = { authorization: basic(c.key, c.secret) };
    env.clock.advance(HOUR - 1000);
    expect((await form('/oauth/introspect', { token: t }, auth)).body.active).toBe(true);
    env.clock.advance(1000);
    try {
      expect((await form('/oauth/introspect', { token: t }, auth)).body).toEqual({ active: false });
      expect(await verifyBearer(env.db, `Bearer ${t}`, 'data.read', { now: env.clock.now() })).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
    } finally {
      env.clock.advance(-HOUR);
    }
  });

  it('revocation answers 200 for unknown tokens and for other clients\' tokens, which stay alive', async () => {
    const a = await newClient();
    const b = await newClient();
    const tokenA = await token(a);
    const authB = { authorization: basic(b.key, b.secret) };
    const unknown = await form('/oauth/revoke', { token: 'khong-ton-tai' }, authB);
    expect(unknown.status).toBe(200);
    expect((await form('/oauth/revoke', { token: tokenA, token_type_hint: 'access_token' }, authB)).status).toBe(200);
    expect((await form('/oauth/introspect', { token: tokenA }, { authorization: basic(a.key, a.secret) })).body.active).toBe(true);
    // Nor may a client introspect another's token.
    expect((await form('/oauth/introspect', { token: tokenA }, authB)).body).toEqual({ active: false });
    expectOAuthError(await form('/oauth/revoke', {}, authB), 400, 'invalid_request');
    expectOAuthError(await form('/oauth/revoke', { token: tokenA }, { authorization: basic(b.key, 'sai') }), 401, 'invalid_client');
    expectOAuthError(await form('/oauth/introspect', { token: tokenA }), 401, 'invalid_client');
    // A revoked token is inactive.
    expect((await form('/oauth/revoke', { token: tokenA }, { authorization: basic(a.key, a.secret) })).status).toBe(200);
    expect((await form('/oauth/introspect', { token: tokenA }, { authorization: basic(a.key, a.secret) })).body).toEqual({ active: false });
  });

  it('after a rotation the old secret works until the overlap ends, then fails', async () => {
    const c = await newClient();
    const rotated = await admin.post(`/api/api-clients/${c.id}/rotate-secret`, { overlapMinutes: 10 });
    const fresh = rotated.body.consumerSecret as string;
    expect((await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, c.secret) })).status).toBe(200);
    expect((await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, fresh) })).status).toBe(200);
    env.clock.advance(10 * MINUTE);
    try {
      expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, c.secret) }), 401, 'invalid_client');
      expect((await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, fresh) })).status).toBe(200);
    } finally {
      env.clock.advance(-10 * MINUTE);
    }
  });
});

describe('verifyBearer (for /api/v1)', () => {
  it('answers RFC 6750 challenges: no token, malformed header, missing scope', async () => {
    const c = await newClient({ scopes: ['units.read'] });
    const t = await token(c);
    const none = await verifyBearer(env.db, undefined, 'units.read');
    expect(none).toMatchObject({ ok: false, status: 401, error: null, wwwAuthenticate: 'Bearer realm="truongson"' });
    expect(await verifyBearer(env.db, 'Bearer a b', 'units.read')).toMatchObject({ ok: false, status: 400, error: 'invalid_request' });
    const scope = await verifyBearer(env.db, `Bearer ${t}`, 'data.write', { now: env.clock.now() });
    expect(scope).toMatchObject({ ok: false, status: 403, error: 'insufficient_scope' });
    expect(scope.ok === false && scope.wwwAuthenticate).toContain('scope="data.write"');
    expect(scope.ok === false && /^[\x20-\x7e]+$/.test(scope.wwwAuthenticate)).toBe(true);
    expect((await verifyBearer(env.db, `bearer ${t}`, 'units.read', { now: env.clock.now() })).ok).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('documents the OAuth endpoints (form-encoded) and the administration routes', async () => {
    const doc = (await env.client().get('/api/docs/json')).body;
    for (const p of ['/oauth/token', '/oauth/revoke', '/oauth/introspect']) {
      expect(Object.keys(doc.paths[p].post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
    }
    for (const p of ['/api/api-clients', '/api/api-clients/{id}', '/api/api-clients/{id}/rotate-secret', '/api/api-clients/{id}/revoke']) expect(doc.paths[p], p).toBeDefined();
    expect(doc.components.securitySchemes.apiClientToken.flows.clientCredentials.tokenUrl).toBe('/oauth/token');
  });
});

describe('rate limit on failed client authentication', () => {
  it('answers 429 with Retry-After once an address has failed too often, even with the right secret', async () => {
    const c = await newClient();
    env.clock.advance(2 * HOUR); // a fresh window, away from the failures above
    try {
      for (let i = 0; i < env.config.LOGIN_MAX_PER_IP; i++) {
        expect((await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, `sai-${i}`) })).status).toBe(401);
      }
      const limited = await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, c.secret) });
      expectOAuthError(limited, 429, 'temporarily_unavailable');
      expect(limited.headers.get('retry-after')).toBe(String(env.config.LOGIN_WINDOW_MINUTES * 60));
      env.clock.advance(env.config.LOGIN_WINDOW_MINUTES * MINUTE + 1000);
      expect((await form('/oauth/token', { grant_type: 'client_credentials' }, { authorization: basic(c.key, c.secret) })).status).toBe(200);
    } finally {
      env.clock.advance(-2 * HOUR - env.config.LOGIN_WINDOW_MINUTES * MINUTE - 1000);
    }
  });
});
