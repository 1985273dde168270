// /api/v1 over real HTTP: a standard OAuth 2.0 library (openid-client) obtains a token
// and calls the API; the RFC 6750 answers for missing, expired, revoked and under-scoped
// tokens; a client of Gia Lai cannot see or write Quảng Ngãi; the per-client limit;
// paging, fields, ETag and Last-Modified; writes through the import rules as the client;
// the call log the administrators read.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../platform/clock.ts';
import { runRetention } from '../../platform/jobs.ts';
import { createTestEnv, makeUser, signedIn, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows } from '../catalog/catalog.test-support.ts';
import { fixture, type Fixture } from '../data-exchange/data-exchange.test-support.ts';

let env: TestEnv;
let admin: TestClient;
let fx: Fixture;
let giaLai: string;
/** A commune of Quảng Ngãi, outside a Gia Lai client's units. */
let quangNgaiCommune: { id: string; code: string };

interface Creds {
  id: string;
  key: string;
  secret: string;
}

async function newClient(extra: Record<string, unknown> = {}): Promise<Creds> {
  const res = await admin.post('/api/api-clients', {
    name: 'LGSP tỉnh Gia Lai',
    organisation: 'Sở Khoa học và Công nghệ Gia Lai',
    contact: 'lgsp@gialai.gov.vn',
    scopes: ['units.read', 'data.read', 'data.write', 'analytics.read'],
    unitIds: [giaLai],
    ...extra,
  });
  if (res.status !== 201) throw new Error(res.text);
  return { id: res.body.client.id, key: res.body.consumerKey, secret: res.body.consumerSecret };
}

function configFor(c: Creds): oidc.Configuration {
  const config = new oidc.Configuration({ issuer: env.baseUrl, token_endpoint: `${env.baseUrl}/oauth/token` }, c.key, undefined, oidc.ClientSecretBasic(c.secret));
  oidc.allowInsecureRequests(config);
  return config;
}

async function token(c: Creds, scope?: string): Promise<string> {
  return (await oidc.clientCredentialsGrant(configFor(c), scope ? { scope } : {})).access_token;
}

interface V1Response {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function call(tok: string | null, path: string, init: { method?: string; body?: string; type?: string; headers?: Record<string, string> } = {}): Promise<V1Response> {
  const headers: Record<string, string> = { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(init.type ? { 'content-type': init.type } : {}), ...init.headers };
  const res = await fetch(env.baseUrl + path, { method: init.method ?? 'GET', headers, body: init.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* CSV or XML */
  }
  return { status: res.status, headers: res.headers, text, body };
}

const postJson = (tok: string, path: string, doc: unknown) => call(tok, path, { method: 'POST', body: JSON.stringify(doc), type: 'application/json' });

beforeAll(async () => {
  env = await createTestEnv();
  giaLai = await unitId(env.db, '52');
  admin = await signedIn(env, await makeUser(env, { username: 'qt.v1', role: 'system_admin', unit: 'VN', totp: true }));
  fx = await fixture(env);
  quangNgaiCommune = await env.db
    .selectFrom('org_unit as u')
    .innerJoin('org_unit as p', 'p.id', 'u.province_id')
    .select(['u.id', 'u.code'])
    .where('p.name', 'like', '%Quảng Ngãi%')
    .where('u.kind', '=', 'commune')
    .where('u.hierarchy', '=', '2025')
    .orderBy('u.code')
    .executeTakeFirstOrThrow();
});
afterAll(async () => env?.close());

describe('a standard OAuth 2.0 client library calls /api/v1', () => {
  it('obtains a token and reads units with paging, links and field selection', async () => {
    const c = await newClient();
    const config = configFor(c);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'units.read' });
    const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${env.baseUrl}/api/v1/units?kind=commune&pageSize=5&fields=name,parentCode`), 'GET');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { pager: { page: number; pageSize: number; total: number; pageCount: number }; items: Record<string, unknown>[] };
    expect(body.pager).toMatchObject({ page: 1, pageSize: 5 });
    expect(body.pager.total).toBeGreaterThan(50); // Gia Lai has well over a hundred communes
    expect(body.items).toHaveLength(5);
    for (const item of body.items) expect(Object.keys(item).sort()).toEqual(['code', 'name', 'parentCode']);
    expect(res.headers.get('link')).toContain('page=2');
    expect(res.headers.get('link')).toContain('rel="next"');

    // Every unit listed lies in Gia Lai.
    const all = await call(tokens.access_token, `/api/v1/units?kind=commune&pageSize=1000`);
    const codes = all.body.items.map((u: { code: string }) => u.code);
    expect(codes).toContain('23764');
    expect(codes).not.toContain(quangNgaiCommune.code);
    expect(all.body.pager.total).toBe(all.body.items.length);
  });

  it('refuses an unknown field with the list of known ones', async () => {
    const tok = await token(await newClient());
    const res = await call(tok, '/api/v1/units?fields=name,matKhau');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_fields');
    expect(res.body.error.message).toContain('matKhau');
    expect(res.body.error.message).toContain('fullName');
  });

  it('answers 304 to If-None-Match and If-Modified-Since when nothing changed', async () => {
    const tok = await token(await newClient());
    const first = await call(tok, '/api/v1/units/23764');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code: '23764', kind: 'commune', hierarchy: '2025' });
    expect(first.body.ancestors.map((a: { code: string }) => a.code)).toContain('52');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await call(tok, '/api/v1/units/23764', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const since = await call(tok, '/api/v1/units/23764', { headers: { 'if-modified-since': lastModified } });
    expect(since.status).toBe(304);
    const stale = await call(tok, '/api/v1/units/23764', { headers: { 'if-none-match': 'W/"khac"' } });
    expect(stale.status).toBe(200);
  });

  it('shows a 2025 commune with its pre-2025 predecessors', async () => {
    const tok = await token(await newClient());
    const res = await call(tok, '/api/v1/units/23764');
    expect(res.body.predecessors.length).toBeGreaterThan(0);
    const old = res.body.predecessors[0];
    expect(old.hierarchy).toBe('pre2025');
    const back = await call(tok, `/api/v1/units/${old.code}?hierarchy=pre2025`);
    expect(back.status).toBe(200);
    expect(back.body.successors.map((s: { code: string }) => s.code)).toContain('23764');
    const list = await call(tok, `/api/v1/units?hierarchy=pre2025&code=${old.code}`);
    expect(list.body.items.map((u: { code: string }) => u.code)).toEqual([old.code]);
  });
});

describe('bearer token failures (RFC 6750)', () => {
  it('no token, a malformed header, an expired, revoked or under-scoped token', async () => {
    const c = await newClient();
    const none = await call(null, '/api/v1/units');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('token_required');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="truongson"');

    const malformed = await call(null, '/api/v1/units', { headers: { authorization: 'Bearer a b' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_authorization');

    const narrow = await token(c, 'units.read');
    const scoped = await call(narrow, '/api/v1/dataElements');
    expect(scoped.status).toBe(403);
    expect(scoped.body.error.code).toBe('insufficient_scope');
    expect(scoped.body.error.message).toContain('data.read');
    expect(scoped.headers.get('www-authenticate')).toContain('error="insufficient_scope"');

    const revoked = await token(c);
    const form = new URLSearchParams({ token: revoked }).toString();
    const rv = await fetch(`${env.baseUrl}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}` }, body: form });
    expect(rv.status).toBe(200);
    const afterRevoke = await call(revoked, '/api/v1/units');
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error.code).toBe('invalid_token');
    expect(afterRevoke.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const expiring = await token(c);
    env.clock.advance(HOUR + MINUTE);
    try {
      const expired = await call(expiring, '/api/v1/units');
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('invalid_token');
    } finally {
      env.clock.advance(-(HOUR + MINUTE));
    }
  });

  it('an administrator narrowing the scopes takes effect on tokens already issued', async () => {
    const c = await newClient();
    const tok = await token(c);
    expect((await call(tok, '/api/v1/forms')).status).toBe(200);
    const patched = await admin.patch(`/api/api-clients/${c.id}`, { scopes: ['units.read'] });
    expect(patched.status).toBe(200);
    expect(patched.body.scopes).toEqual(['units.read']);
    expect((await call(tok, '/api/v1/forms')).status).toBe(403);
    expect((await call(tok, '/api/v1/units?pageSize=1')).status).toBe(200);
  });
});

describe('a client of Gia Lai and Quảng Ngãi', () => {
  it('gets 404 for Quảng Ngãi units and data, and cannot write there', async () => {
    const tok = await token(await newClient());
    expect((await call(tok, `/api/v1/units/${quangNgaiCommune.code}`)).status).toBe(404);
    const values = await call(tok, `/api/v1/dataValues?orgUnit=${quangNgaiCommune.code}&period=2026Q1`);
    expect(values.status).toBe(404);
    const set = await call(tok, `/api/v1/dataValueSets?dataSet=BM01_XA_QUY&orgUnit=${quangNgaiCommune.code}&period=2026Q1`);
    expect(set.status).toBe(404);
    const write = await postJson(tok, '/api/v1/dataValues', { dataElement: fx.plain.code, period: '2026Q1', orgUnit: quangNgaiCommune.code, value: 5 });
    expect(write.status).toBe(422);
    expect(write.body.error.code).toBe('import_rejected');
    expect(write.body.error.details.rejected[0].code).toBe('out_of_scope');
    const stored = await env.db.selectFrom('data_value').select('value').where('unit_id', '=', quangNgaiCommune.id).where('period', '=', '2026Q1').where('data_element_id', '=', fx.plain.id).executeTakeFirst();
    expect(stored).toBeUndefined();
  });
});

describe('writing and reading values as a client', () => {
  it('writes one value through the import rules, as the client, and reads it back', async () => {
    const c = await newClient();
    const tok = await token(c);
    const res = await postJson(tok, '/api/v1/dataValues', { dataElement: fx.plain.code, period: '2026Q1', orgUnit: '23764', value: 42, comment: 'Từ LGSP' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 0, rejectedCount: 0 });
    const row = await env.db.selectFrom('data_value').selectAll().where('unit_id', '=', fx.iaGrai).where('period', '=', '2026Q1').where('data_element_id', '=', fx.plain.id).where('coc_id', '=', fx.plain.cocId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value: '42', source: 'api', updated_by: null, comment: 'Từ LGSP' });
    const audit = (await auditRows(env, 'data.values_imported')).find((a) => a.actor_username === `api:${c.key}`);
    expect(audit).toBeDefined();
    expect(audit!.actor_user_id).toBeNull();

    const again = await postJson(tok, '/api/v1/dataValues', { dataElement: fx.plain.code, period: '2026Q1', orgUnit: '23764', value: 42, comment: 'Từ LGSP' });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    const read = await call(tok, `/api/v1/dataValues?orgUnit=23764&period=2026Q1&dataElement=${fx.plain.code}`);
    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([expect.objectContaining({ dataElement: fx.plain.code, orgUnit: '23764', period: '2026Q1', categoryOptionCombo: fx.plain.cocCode, value: '42', comment: 'Từ LGSP', approved: false })]);
    const byProvince = await call(tok, `/api/v1/dataValues?orgUnit=52&children=true&period=2026Q1&dataSet=BM01_XA_QUY&fields=value`);
    expect(byProvince.body.items).toContainEqual({ value: '42' });
  });

  it('a sync by updatedSince learns of cleared cells; a page past the end keeps the total', async () => {
    const tok = await token(await newClient());
    const since = env.clock.now().toISOString();
    env.clock.advance(1000);
    const doc = { dataValues: [{ dataElement: fx.plain.code, period: '2026Q1', orgUnit: '23764', value: '5' }] };
    expect((await postJson(tok, '/api/v1/dataValueSets', doc)).status).toBe(200);
    expect((await postJson(tok, '/api/v1/dataValueSets?importStrategy=delete', doc)).body).toMatchObject({ deleted: 1 });
    const sync = await call(tok, `/api/v1/dataValues?orgUnit=23764&updatedSince=${encodeURIComponent(since)}`);
    expect(sync.body.items).toContainEqual(expect.objectContaining({ dataElement: fx.plain.code, value: null, deleted: true }));
    // Without updatedSince, a cleared cell is not a value.
    const plain = await call(tok, `/api/v1/dataValues?orgUnit=23764&period=2026Q1&dataElement=${fx.plain.code}`);
    expect(plain.body.items).toEqual([]);
    const first = await call(tok, '/api/v1/units?kind=commune&pageSize=10');
    const past = await call(tok, `/api/v1/units?kind=commune&pageSize=10&page=${first.body.pager.pageCount + 1}`);
    expect(past.body.items).toEqual([]);
    expect(past.body.pager.total).toBe(first.body.pager.total);
  });

  it('refuses a locked period and a bad value with the row report, writing nothing', async () => {
    const tok = await token(await newClient());
    const locked = await postJson(tok, '/api/v1/dataValues', { dataElement: fx.plain.code, period: '2025Q4', orgUnit: '23764', value: 3 });
    expect(locked.status).toBe(422);
    expect(locked.body.error.details.rejected[0].code).toBe('period_locked');
    const bad = await postJson(tok, '/api/v1/dataValues', { dataElement: fx.plain.code, period: '2026Q1', orgUnit: '23764', value: 'nhiều' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.rejected[0].code).toBe('invalid_value');
    const noScope = await token(await newClient({ scopes: ['data.read'] }));
    const refused = await postJson(noScope, '/api/v1/dataValues', { dataElement: fx.plain.code, period: '2026Q1', orgUnit: '23764', value: 3 });
    expect(refused.status).toBe(403);
    const invalid = await postJson(tok, '/api/v1/dataValues', { dataElement: fx.plain.code, orgUnit: '23764', value: 3 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
  });

  it('imports a JSON data value set (dry run first), exports it as JSON, CSV and ADX', async () => {
    const tok = await token(await newClient());
    const doc = {
      dataValues: [
        { dataElement: fx.split.code, period: '2026Q1', orgUnit: '23764', categoryOptionCombo: fx.split.cocs[0]!.code, value: '7' },
        { dataElement: fx.split.code, period: '2026Q1', orgUnit: '23764', categoryOptionCombo: fx.split.cocs[1]!.code, value: '9' },
      ],
    };
    const dry = await postJson(tok, '/api/v1/dataValueSets?dryRun=true', doc);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 2 });
    const real = await postJson(tok, '/api/v1/dataValueSets', doc);
    expect(real.body).toMatchObject({ dryRun: false, created: 2 });

    const json = await call(tok, '/api/v1/dataValueSets?dataSet=BM01_XA_QUY&orgUnit=23764&period=2026Q1');
    expect(json.status).toBe(200);
    const mine = json.body.dataValues.filter((v: { dataElement: string }) => v.dataElement === fx.split.code);
    expect(mine.map((v: { value: string }) => v.value).sort()).toEqual(['7', '9']);
    const notChanged = await call(tok, '/api/v1/dataValueSets?dataSet=BM01_XA_QUY&orgUnit=23764&period=2026Q1', { headers: { 'if-none-match': json.headers.get('etag')! } });
    expect(notChanged.status).toBe(304);

    const csv = await call(tok, '/api/v1/dataValueSets?dataSet=BM01_XA_QUY&orgUnit=23764&period=2026Q1&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain(`${fx.split.code},2026Q1,23764,${fx.split.cocs[0]!.code}`);
    const adx = await call(tok, '/api/v1/dataValueSets?dataSet=BM01_XA_QUY&orgUnit=23764&period=2026Q1&format=adx');
    expect(adx.headers.get('content-type')).toContain('application/adx+xml');
    expect(adx.text).toContain('urn:ihe:qrph:adx:2015');
    expect(adx.text).toContain('period="2026-01-01/P3M"');

    // The ADX file goes back in unchanged.
    const back = await call(tok, '/api/v1/dataValueSets', { method: 'POST', body: adx.text, type: 'application/adx+xml' });
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0 });
    expect(back.body.unchanged).toBeGreaterThanOrEqual(2);

    const unsupported = await call(tok, '/api/v1/dataValueSets', { method: 'POST', body: 'x', type: 'text/plain' });
    expect(unsupported.status).toBe(415);
  });

  it('runs a large import as a job the client polls', async () => {
    const c = await newClient();
    const tok = await token(c);
    const doc = { dataValues: [{ dataElement: fx.plain.code, period: '2026Q1', orgUnit: '23764', value: '11' }] };
    const started = await postJson(tok, '/api/v1/dataValueSets?async=true', doc);
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    await expect.poll(async () => (await call(tok, `/api/v1/jobs/${jobId}`)).body.state, { timeout: 10_000 }).toBe('done');
    const job = await call(tok, `/api/v1/jobs/${jobId}`);
    expect(job.body.report.created + job.body.report.updated).toBe(1);
    // Another client does not see it.
    const other = await token(await newClient());
    expect((await call(other, `/api/v1/jobs/${jobId}`)).status).toBe(404);
  });
});

describe('metadata, completeness and the consolidated report', () => {
  it('lists forms, elements with their option combinations, indicators and the program', async () => {
    const tok = await token(await newClient());
    const forms = await call(tok, '/api/v1/forms');
    expect(forms.body.items.map((f: { code: string }) => f.code)).toContain('BM01_XA_QUY');
    const form = await call(tok, '/api/v1/forms/BM01_XA_QUY');
    expect(form.body.periodType).toBe('quarter');
    expect(form.body.assignedTo).toContainEqual({ mode: 'level', unitKind: 'commune', group: null, orgUnit: null });
    const communes = await call(tok, '/api/v1/units?kind=commune&pageSize=1');
    expect(form.body.orgUnitCount).toBe(communes.body.pager.total);
    const split = form.body.sections.flatMap((s: { dataElements: { code: string }[] }) => s.dataElements).find((e: { code: string }) => e.code === fx.split.code);
    expect(split.categoryOptionCombos.map((c: { code: string }) => c.code)).toContain(fx.split.cocs[0]!.code);
    const elements = await call(tok, `/api/v1/dataElements?code=${fx.plain.code},${fx.split.code}`);
    expect(elements.body.items.map((e: { code: string }) => e.code).sort()).toEqual([fx.plain.code, fx.split.code].sort());
    const indicators = await call(tok, '/api/v1/indicators?pageSize=2');
    expect(indicators.body.items).toHaveLength(2);
    expect(['higher', 'lower']).toContain(indicators.body.items[0].direction);
    const program = await call(tok, '/api/v1/program');
    expect(program.body.items.length).toBeGreaterThan(5);
    expect((await call(tok, '/api/v1/forms/KHONG_CO')).status).toBe(404);
  });

  it('gives completeness and the consolidated report of the client units only', async () => {
    const tok = await token(await newClient());
    const comp = await call(tok, '/api/v1/completeness?dataSet=BM01_XA_QUY&period=2025Q4&orgUnit=52');
    expect(comp.status, comp.text).toBe(200);
    expect(comp.body.total.expected).toBeGreaterThan(50);
    expect(comp.body.children.length).toBeGreaterThan(0);
    expect((await call(tok, `/api/v1/completeness?dataSet=BM01_XA_QUY&period=2025Q4&orgUnit=${quangNgaiCommune.code}`)).status).toBe(404);
    const report = await call(tok, '/api/v1/reports/consolidated?dataSet=BM01_XA_QUY&period=2026Q1&orgUnit=52');
    expect(report.status, report.text).toBe(200);
    expect(report.body.rows[0]).toMatchObject({ total: true });
    expect((await call(tok, `/api/v1/reports/consolidated?dataSet=BM01_XA_QUY&period=2026Q1&orgUnit=${quangNgaiCommune.code}`)).status).toBe(404);
    // The same province as of the pre-2025 hierarchy: one of its predecessor provinces.
    const giaLaiUnit = await call(tok, '/api/v1/units/52');
    const oldProvince = giaLaiUnit.body.predecessors.find((p: { hierarchy: string }) => p.hierarchy === 'pre2025');
    const old = await call(tok, `/api/v1/reports/consolidated?dataSet=BM01_XA_QUY&period=2026Q1&orgUnit=${oldProvince.code}&hierarchy=pre2025`);
    expect(old.status, old.text).toBe(200);
    expect(old.body.view).toBe('pre2025');
    expect(old.body.unit, JSON.stringify(old.body.unit)).toMatchObject({ code: oldProvince.code });
    const noAnalytics = await token(await newClient({ scopes: ['data.read'] }));
    expect((await call(noAnalytics, '/api/v1/reports/consolidated?dataSet=BM01_XA_QUY&period=2026Q1&orgUnit=52')).status).toBe(403);
  });

  it('answers analytics of the client units by unit code, with the same figures as the users’ API', async () => {
    const tok = await token(await newClient());
    const q = 'dx=in:TL_BHYT;cr:BM01_XA_QUY&pe=2025Q4&rows=ou&columns=dx&filters=pe';
    const res = await call(tok, `/api/v1/analytics?${q}&ou=52;CHILDREN-52`);
    expect(res.status, res.text).toBe(200);
    const giaLai = await unitId(env.db, '52');
    expect(res.body.request.ou[0]).toBe(giaLai);
    expect(res.body.request.ou.length).toBeGreaterThan(50);
    const central = await signedIn(env, await makeUser(env, { username: 'tw.phantich', role: 'central_officer', unit: 'VN' }));
    const same = await central.get(`/api/analytics?${q}&ou=${giaLai};CHILDREN-${giaLai}`);
    expect(res.body.rows).toEqual(same.body.rows);
    expect((await call(tok, `/api/v1/analytics?${q}&ou=${quangNgaiCommune.code}`)).status).toBe(404);
    expect((await call(tok, `/api/v1/analytics?dx=in:NO_SUCH&pe=2025&ou=52`)).body.error.code).toBe('analytics_unknown_items');
    const noAnalytics = await token(await newClient({ scopes: ['data.read'] }));
    expect((await call(noAnalytics, `/api/v1/analytics?${q}&ou=52`)).status).toBe(403);
    expect((await call(null, `/api/v1/analytics?${q}&ou=52`)).status).toBe(401);
  });
});

describe('limits and the call log', () => {
  it('answers the 61st call in a minute of a 60/min client with 429 and Retry-After', async () => {
    const c = await newClient({ rateLimitPerMinute: 60 });
    const tok = await token(c);
    for (let i = 0; i < 60; i++) {
      const res = await call(tok, '/api/v1/forms');
      expect(res.status).toBe(200);
    }
    const over = await call(tok, '/api/v1/forms');
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('too_many_requests');
    const retry = Number(over.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Another client is not held back.
    expect((await call(await token(await newClient()), '/api/v1/forms')).status).toBe(200);
  });

  it('logs every call of a client; administrators see the calls, per endpoint, and the error rate', async () => {
    const c = await newClient();
    const tok = await token(c);
    await call(tok, '/api/v1/units?pageSize=3');
    await call(tok, '/api/v1/units/23764');
    await call(tok, `/api/v1/units/${quangNgaiCommune.code}`);
    await call(tok, '/api/v1/units?fields=khong');
    await expect.poll(async () => (await admin.get(`/api/api-clients/${c.id}/calls`)).body.summary.calls).toBe(4);
    const calls = await admin.get(`/api/api-clients/${c.id}/calls`);
    expect(calls.body.summary).toMatchObject({ windowHours: 24, calls: 4, errors: 2, errorRate: 0.5 });
    expect(calls.body.byRoute).toContainEqual(expect.objectContaining({ method: 'GET', route: '/api/v1/units/:code', calls: 2, errors: 1 }));
    const list = calls.body.items.find((i: { url: string }) => i.url === '/api/v1/units?pageSize=3');
    expect(list).toMatchObject({ status: 200, rows: 3, route: '/api/v1/units' });
    const errorsOnly = await admin.get(`/api/api-clients/${c.id}/calls?errorsOnly=true`);
    expect(errorsOnly.body.items.map((i: { status: number }) => i.status).sort()).toEqual([400, 404]);
    const view = await admin.get(`/api/api-clients/${c.id}`);
    expect(view.body.usage).toMatchObject({ calls24h: 4, errors24h: 2, errorRate24h: 0.5 });
    expect(view.body.usage.lastCallAt).not.toBeNull();
  });

  it('the calls and edit endpoints require an administrator and valid input', async () => {
    const c = await newClient();
    expect((await env.client().get(`/api/api-clients/${c.id}/calls`)).status).toBe(401);
    const officer = await signedIn(env, await makeUser(env, { username: 'tinh.v1', role: 'provincial_coordinator', unit: '52' }));
    expect((await officer.get(`/api/api-clients/${c.id}/calls`)).status).toBe(403);
    expect((await officer.patch(`/api/api-clients/${c.id}`, { name: 'Khác' })).status).toBe(403);
    expect((await admin.get(`/api/api-clients/${c.id}/calls?limit=0`)).status).toBe(400);
    const empty = await admin.patch(`/api/api-clients/${c.id}`, {});
    expect(empty.status).toBe(400);
    const badRate = await admin.patch(`/api/api-clients/${c.id}`, { rateLimitPerMinute: 0 });
    expect(badRate.status).toBe(400);
    const renamed = await admin.patch(`/api/api-clients/${c.id}`, { name: 'LGSP Gia Lai (mới)', rateLimitPerMinute: 120 });
    expect(renamed.body).toMatchObject({ name: 'LGSP Gia Lai (mới)', rateLimitPerMinute: 120 });
    const audit = (await auditRows(env, 'api_client.updated')).find((a) => a.target_id === c.id);
    expect(audit).toMatchObject({ before: { name: 'LGSP tỉnh Gia Lai', rateLimitPerMinute: 600 }, after: { name: 'LGSP Gia Lai (mới)', rateLimitPerMinute: 120 } });
    await admin.post(`/api/api-clients/${c.id}/revoke`, {});
    expect((await admin.patch(`/api/api-clients/${c.id}`, { name: 'Tên mới' })).status).toBe(409);
    expect((await admin.get('/api/api-clients/999999/calls')).status).toBe(404);
  });

  it('keeps the call log as long as the audit log, and drops tokens a week past their expiry', async () => {
    const c = await newClient();
    const tok = await token(c);
    await call(tok, '/api/v1/forms');
    await expect.poll(async () => (await env.db.selectFrom('api_call').select('id').where('client_id', '=', c.id).execute()).length).toBe(1);
    const days = env.config.AUDIT_RETENTION_DAYS + 1;
    env.clock.advance(days * DAY);
    try {
      const result = await runRetention(env.ctx);
      expect(result.apiCalls).toBeGreaterThanOrEqual(1);
      expect(result.apiTokens).toBeGreaterThanOrEqual(1);
      expect(await env.db.selectFrom('api_call').select('id').where('client_id', '=', c.id).execute()).toEqual([]);
      expect(await env.db.selectFrom('api_token').select('id').where('client_id', '=', c.id).execute()).toEqual([]);
    } finally {
      env.clock.advance(-days * DAY);
    }
  });

  it('publishes its own OpenAPI document without a token', async () => {
    const doc = await call(null, '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toContain('/api/v1/units');
    expect(paths).toContain('/oauth/token');
    expect(paths.every((p) => p.startsWith('/api/v1/') || p.startsWith('/oauth/'))).toBe(true);
    expect(doc.body.paths['/api/v1/units'].get.security).toEqual([{ apiClientToken: ['units.read'] }]);
  });
});
