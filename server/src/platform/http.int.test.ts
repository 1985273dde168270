// The HTTP edge as a client sees it: health checks, the OpenAPI document, security
// headers, request ids, and how malformed requests are answered (never a 500, never
// a stack trace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, type TestClient, type TestEnv, type TestResponse } from '../../test/harness.ts';

let env: TestEnv;
let admin: TestClient;

function expectError(res: TestResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body?.error?.code, res.text).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await signedIn(env, await makeUser(env, { username: 'quantri.tw', role: 'system_admin', unit: 'VN', totp: true }));
});
afterAll(async () => env?.close());

describe('health checks', () => {
  it('answers /healthz and /readyz with 200 when the database is reachable', async () => {
    const c = env.client();
    const health = await c.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await c.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every /api route the server registers', async () => {
    const res = await env.client().get('/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    const documented = new Set(Object.keys(res.body.paths));

    // Every route under /api (except the documentation itself), with :param as {param}.
    const registered = new Set<string>();
    const lines = env.app.printRoutes({ commonPrefix: false }).split('\n');
    const stack: { depth: number; path: string }[] = [];
    for (const line of lines) {
      const m = /^([│ ]*)(?:[├└]── )?(.+?) \(([A-Z, ]+)\)$/.exec(line.replace(/\s+$/, ''));
      const plain = /^([│ ]*)(?:[├└]── )(.+)$/.exec(line.replace(/\s+$/, ''));
      const indent = (m?.[1] ?? plain?.[1] ?? '').length;
      const segment = m?.[2] ?? plain?.[2];
      if (!segment) continue;
      while (stack.length > 0 && stack[stack.length - 1].depth >= indent) stack.pop();
      const full = (stack[stack.length - 1]?.path ?? '') + segment;
      stack.push({ depth: indent, path: full });
      if (m && (full.startsWith('/api/') || full.startsWith('/oauth/')) && !full.startsWith('/api/docs')) registered.add(full.replace(/:(\w+)/g, '{$1}'));
    }
    expect(registered.size).toBeGreaterThan(20);
    for (const p of [
      '/api/auth/login', '/api/auth/me', '/api/auth/logout', '/api/auth/totp/verify', '/api/auth/password', '/api/auth/totp/enrol',
      '/api/auth/totp/confirm', '/api/auth/totp/disable', '/api/auth/language', '/api/users', '/api/users/{id}', '/api/users/{id}/deactivate',
      '/api/users/{id}/activate', '/api/users/{id}/reset-password', '/api/users/{id}/unlock', '/api/users/{id}/reset-totp',
      '/api/users/{id}/assignments', '/api/users/{id}/assignments/{assignmentId}', '/api/users/{id}/sessions', '/api/permissions',
      '/api/roles', '/api/roles/{id}', '/api/audit', '/api/audit/export.csv',
    ]) {
      expect(registered, p).toContain(p);
    }
    expect([...registered].filter((p) => !documented.has(p))).toEqual([]);
  });
});

describe('security headers and request ids', () => {
  it('sends nosniff, a content security policy and no-store on API answers', async () => {
    const res = await admin.get('/api/auth/me');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('echoes a well-formed X-Request-Id and invents one otherwise', async () => {
    const c = env.client();
    const echoed = await c.request('GET', '/healthz', undefined, { headers: { 'x-request-id': 'kiem-thu-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('kiem-thu-12345');
    const invented = await c.request('GET', '/healthz', undefined, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors at the edge', () => {
  it('answers an unknown /api path with a JSON not_found', async () => {
    const res = await admin.get('/api/khong-ton-tai');
    expectError(res, 404, 'not_found');
    expect(res.headers.get('content-type')).toContain('application/json');
    expectError(await env.client().request('POST', '/api/khong-ton-tai', {}), 404, 'not_found');
  });

  it('answers malformed JSON with invalid_json', async () => {
    const res = await admin.request('POST', '/api/users', undefined, { raw: '{"username": "abc",', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json');
    const login = await env.client().request('POST', '/api/auth/login', undefined, { raw: 'not json', headers: { 'content-type': 'application/json' } });
    expectError(login, 400, 'invalid_json');
  });

  it('answers an empty JSON body with invalid_json', async () => {
    const res = await env.client().request('POST', '/api/auth/login', undefined, { raw: '', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json');
  });

  it('answers a body over 1 MiB with 413 payload_too_large', async () => {
    const big = JSON.stringify({ username: 'a', password: 'x'.repeat(1_100_000) });
    const res = await env.client().request('POST', '/api/auth/login', undefined, { raw: big, headers: { 'content-type': 'application/json' } });
    expectError(res, 413, 'payload_too_large');
    const signed = await admin.request('PATCH', '/api/users/1', undefined, { raw: JSON.stringify({ displayName: 'é'.repeat(600_000) }), headers: { 'content-type': 'application/json' } });
    expectError(signed, 413, 'payload_too_large');
  });

  it('refuses a body that is not an object, or not JSON, as invalid input rather than a crash', async () => {
    const arr = await env.client().request('POST', '/api/auth/login', [1, 2]);
    expectError(arr, 400, 'validation_failed');
    const text = await env.client().request('POST', '/api/auth/login', undefined, { raw: 'username=a', headers: { 'content-type': 'text/plain' } });
    expect([400, 415]).toContain(text.status);
    expect(text.body.error.code).toMatch(/^(validation_failed|unsupported_media_type)$/);
    const nul = await env.client().request('POST', '/api/auth/login', null);
    expectError(nul, 400, 'validation_failed');
  });

  it('names the offending field, including unknown ones, in validation errors', async () => {
    const res = await env.client().post('/api/auth/login', { username: 'abc' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.password');
    const extra = await env.client().post('/api/auth/login', { username: 'abc', password: 'x', remember: true });
    expectError(extra, 400, 'validation_failed');
    expect(extra.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.remember');
    const query = await admin.get('/api/users?limit=abc&sort=name');
    expectError(query, 400, 'validation_failed');
    const paths = query.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toContain('querystring.limit');
  });

  it('refuses malformed ids in the path as validation errors, not database errors', async () => {
    expectError(await admin.get('/api/users/abc'), 400, 'validation_failed');
    expectError(await admin.get('/api/users/1;drop'), 400, 'validation_failed');
    expectError(await admin.get('/api/users/9999999999999'), 404, 'not_found');
  });

  it('refuses a write without the X-CSRF-Token header with 403 csrf_failed', async () => {
    const res = await admin.request('PUT', '/api/auth/language', { language: 'en' }, { csrf: false });
    expectError(res, 403, 'csrf_failed');
    const wrong = await admin.request('PUT', '/api/auth/language', { language: 'en' }, { csrf: false, headers: { 'x-csrf-token': 'sai-ma' } });
    expectError(wrong, 403, 'csrf_failed');
    const me = await admin.get('/api/auth/me');
    expect(me.body.user.language).toBe('vi');
  });

  it('answers in English when the request asks for English and nobody is signed in', async () => {
    const c = env.client();
    c.lang = 'en';
    const res = await c.get('/api/users');
    expectError(res, 401, 'unauthenticated');
    expect(res.body.error.message).toBe('Please sign in to continue.');
    c.lang = 'vi';
    expect((await c.get('/api/users')).body.error.message).toBe('Vui lòng đăng nhập để tiếp tục.');
  });
});
