// API client administration: only national holders of api_client.manage register,
// read, rotate and revoke clients; the secret is shown once and stored only as a digest;
// every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, fieldPaths } from '../catalog/catalog.test-support.ts';
import { digest } from './credentials.ts';

let env: TestEnv;
let admin: TestClient;
let provincialAdmin: TestClient;
let officer: TestClient;
let giaLai: string;

const body = () => ({
  name: 'LGSP tỉnh Gia Lai',
  organisation: 'Sở Khoa học và Công nghệ Gia Lai',
  contact: 'lgsp@gialai.gov.vn, 0269 3823 456',
  scopes: ['units.read', 'data.read'],
  unitIds: [giaLai],
});

beforeAll(async () => {
  env = await createTestEnv();
  giaLai = await unitId(env.db, '52');
  admin = await signedIn(env, await makeUser(env, { username: 'qt.tw', role: 'system_admin', unit: 'VN', totp: true }));
  provincialAdmin = await signedIn(env, await makeUser(env, { username: 'qt.gialai', role: 'system_admin', unit: '52', totp: true }));
  officer = await signedIn(env, await makeUser(env, { username: 'cb.tw', role: 'central_officer', unit: 'VN' }));
});
afterAll(async () => env?.close());

describe('POST /api/api-clients', () => {
  it('registers a client and shows its consumer key and secret once; only the digest is stored', async () => {
    const res = await admin.post('/api/api-clients', { ...body(), ipAllowList: ['10.0.0.1/8', '127.0.0.1'], expiresAt: '2027-03-01T00:00:00+07:00' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.consumerKey).toMatch(/^tsk_[\w-]{22}$/);
    expect(res.body.consumerSecret).toMatch(/^[\w-]{43}$/);
    expect(res.body.client).toMatchObject({
      consumerKey: res.body.consumerKey,
      name: 'LGSP tỉnh Gia Lai',
      scopes: ['data.read', 'units.read'],
      units: [{ id: giaLai, code: '52' }],
      ipAllowList: ['10.0.0.0/8', '127.0.0.1/32'],
      expiresAt: '2027-02-28T17:00:00.000Z',
      revokedAt: null,
      status: 'active',
      createdBy: 'qt.tw',
    });
    expect(res.body.client.secrets).toHaveLength(1);
    expect(res.body.client.secrets[0].validUntil).toBeNull();

    const stored = await env.db.selectFrom('api_client_secret').select('secret_hash').where('client_id', '=', res.body.client.id).execute();
    expect(stored).toEqual([{ secret_hash: digest(res.body.consumerSecret) }]);
    const [audit] = (await auditRows(env, 'api_client.created')).filter((a) => a.target_id === res.body.client.id);
    expect(audit.actor_username).toBe('qt.tw');
    expect(JSON.stringify(audit)).not.toContain(res.body.consumerSecret);

    const again = await admin.get(`/api/api-clients/${res.body.client.id}`);
    expect(again.status).toBe(200);
    expect(again.text).not.toContain(res.body.consumerSecret);
    const list = await admin.get('/api/api-clients');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(res.body.client.id);
  });

  it('refuses bad input with stable codes and Vietnamese messages', async () => {
    const bad = await admin.post('/api/api-clients', { ...body(), scopes: ['data.delete'], unitIds: [] });
    expectError(bad, 400, 'validation_failed');
    expect(fieldPaths(bad)).toEqual(expect.arrayContaining(['body.scopes.0', 'body.unitIds']));
    expect(bad.body.error.message).toMatch(/không hợp lệ/);
    const ip = await admin.post('/api/api-clients', { ...body(), ipAllowList: ['10.0.0.0/40'] });
    expectError(ip, 400, 'validation_failed');
    expect(fieldPaths(ip)).toEqual(['body.ipAllowList.0']);
    const past = await admin.post('/api/api-clients', { ...body(), expiresAt: '2026-01-01T00:00:00Z' });
    expectError(past, 400, 'validation_failed');
    expect(fieldPaths(past)).toEqual(['body.expiresAt']);
    const unit = await admin.post('/api/api-clients', { ...body(), unitIds: ['999999999'] });
    expectError(unit, 400, 'api_client_unknown_unit');
    expect(unit.body.error.message).toContain('999999999');
    expectError(await admin.post('/api/api-clients', { ...body(), secret: 'tự chọn' }), 400, 'validation_failed');
  });

  it('requires a session and api_client.manage at the national unit', async () => {
    expectError(await env.client().post('/api/api-clients', body()), 401, 'unauthenticated');
    expectError(await officer.post('/api/api-clients', body()), 403, 'forbidden');
    expectError(await provincialAdmin.post('/api/api-clients', body()), 403, 'forbidden');
    expectError(await admin.request('POST', '/api/api-clients', body(), { csrf: false }), 403, 'csrf_failed');
  });
});

describe('GET /api/api-clients(/:id)', () => {
  it('is refused without a session or the permission; unknown ids are not found', async () => {
    expectError(await env.client().get('/api/api-clients'), 401, 'unauthenticated');
    expectError(await officer.get('/api/api-clients'), 403, 'forbidden');
    expectError(await officer.get('/api/api-clients/1'), 403, 'forbidden');
    expectError(await admin.get('/api/api-clients/987654321'), 404, 'not_found');
    expectError(await admin.get('/api/api-clients/abc'), 400, 'validation_failed');
  });
});

describe('POST /api/api-clients/:id/rotate-secret and /revoke', () => {
  it('rotates the secret with an overlap window, audited', async () => {
    const created = await admin.post('/api/api-clients', body());
    const id = created.body.client.id;
    const rotated = await admin.post(`/api/api-clients/${id}/rotate-secret`, { overlapMinutes: 30 });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.consumerKey).toBe(created.body.consumerKey);
    expect(rotated.body.consumerSecret).not.toBe(created.body.consumerSecret);
    expect(rotated.body.previousValidUntil).toBe('2026-03-02T02:30:00.000Z');
    expect(rotated.body.client.secrets.map((s: { validUntil: string | null }) => s.validUntil)).toEqual([null, '2026-03-02T02:30:00.000Z']);
    const [audit] = (await auditRows(env, 'api_client.secret_rotated')).filter((a) => a.target_id === id);
    expect(audit.details).toMatchObject({ overlapMinutes: 30 });
    expect(JSON.stringify(audit)).not.toContain(rotated.body.consumerSecret);

    const byDefault = await admin.post(`/api/api-clients/${id}/rotate-secret`);
    expect(byDefault.body.previousValidUntil).toBe('2026-03-02T03:00:00.000Z');
    expectError(await admin.post(`/api/api-clients/${id}/rotate-secret`, { overlapMinutes: -1 }), 400, 'validation_failed');
    expectError(await officer.post(`/api/api-clients/${id}/rotate-secret`), 403, 'forbidden');
    expectError(await env.client().post(`/api/api-clients/${id}/rotate-secret`), 401, 'unauthenticated');
    expectError(await admin.post('/api/api-clients/987654321/rotate-secret'), 404, 'not_found');
  });

  it('revokes a client, audited; a revoked client cannot be rotated or revoked again', async () => {
    const created = await admin.post('/api/api-clients', body());
    const id = created.body.client.id;
    expectError(await officer.post(`/api/api-clients/${id}/revoke`), 403, 'forbidden');
    expectError(await env.client().post(`/api/api-clients/${id}/revoke`), 401, 'unauthenticated');
    expectError(await admin.post(`/api/api-clients/${id}/revoke`, { reason: 1 }), 400, 'validation_failed');
    const res = await admin.post(`/api/api-clients/${id}/revoke`, { reason: 'Hết hợp đồng kết nối' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', revokedAt: '2026-03-02T02:00:00.000Z', secrets: [] });
    const [audit] = (await auditRows(env, 'api_client.revoked')).filter((a) => a.target_id === id);
    expect(audit.details).toMatchObject({ reason: 'Hết hợp đồng kết nối' });
    expectError(await admin.post(`/api/api-clients/${id}/revoke`), 409, 'api_client_revoked');
    expectError(await admin.post(`/api/api-clients/${id}/rotate-secret`), 409, 'api_client_revoked');
  });
});
