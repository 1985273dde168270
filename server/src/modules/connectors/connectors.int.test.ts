// Sector connectors against a real local HTTP server (node:http) that plays the social
// protection database: a token endpoint checking HTTP Basic client credentials, and the
// poverty review CSV behind a bearer token. The connector maps communes by GSO code and
// columns to data elements, writes new and changed cells through the import path, lists
// a differing hand-entered value as conflicting and leaves it alone; a second identical
// run changes nothing; a wrong secret fails clearly; mapping an unmapped code is picked up
// by the next run; uploads and dry runs; the schedule; and the admin endpoints.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, fieldPaths, upload } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';
import { counts } from '../data-exchange/data-exchange.test-support.ts';
import { runDueConnectors } from './schedule.ts';
import { findConnector } from './connectors.repository.ts';
import { connectorOrigin, runConnector } from './commands/run-connector.ts';

const CLIENT_ID = 'truongson-1719';
const SECRET = 'bi-mat-Dung-2026';
const TOKEN = 'tok-3f9a1c';

let env: TestEnv;
let source: http.Server;
let sourceUrl: string;
let csv = '';
const seen = { token: 0, data: 0, badAuth: 0 };

let adminUser: MadeUser;
let admin: TestClient;
let officer: TestClient;
let commune: TestClient;
let formId: string;
let iaGrai: string;
let c2: { id: string; code: string; name: string };
let c3: { id: string; code: string; name: string };
let el: Record<string, string>;
let cocOf: Record<string, string>;
let connectorId: string;

function startSource(): Promise<void> {
  source = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    if (req.method === 'POST' && req.url === '/oauth/token') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.token += 1;
        const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8').split(':').map((s) => decodeURIComponent(s.replace(/\+/g, ' ')));
        res.setHeader('content-type', 'application/json');
        if (!auth.startsWith('Basic ') || id !== CLIENT_ID || secret !== SECRET) {
          seen.badAuth += 1;
          res.statusCode = 401;
          res.end(JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' }));
          return;
        }
        if (!new URLSearchParams(body).get('grant_type')?.includes('client_credentials')) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'unsupported_grant_type' }));
          return;
        }
        res.end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
      });
      return;
    }
    if (req.method === 'GET' && req.url === '/api/ho-ngheo.csv') {
      seen.data += 1;
      if (auth !== `Bearer ${TOKEN}`) {
        res.statusCode = 401;
        res.end('unauthorised');
        return;
      }
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.end(csv);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  return new Promise((resolve) => source.listen(0, '127.0.0.1', () => resolve()));
}

const csvOf = (rows: (string | number)[][]) =>
  ['ma_xa,ten_xa,nam,so_ho_ngheo,so_ho_can_ngheo,so_ho_ngheo_dtts,so_ho_can_ngheo_dtts,ghi_chu', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
const v1 = () =>
  csvOf([
    ['23764', 'Xã Ia Grai', 2025, 120, 85, 98, 70, ''],
    [c2.code, c2.name, 2025, 45, 30, '', '', 'đã rà soát'],
    ['99999', 'Xã cũ (mã trước sắp xếp)', 2025, 10, 5, '', '', ''],
  ]);

async function stored(element: string, unit: string, period = '2025Q4') {
  return env.db
    .selectFrom('data_value')
    .select(['value', 'source', 'version'])
    .where('data_element_id', '=', el[element]!)
    .where('coc_id', '=', cocOf[element]!)
    .where('unit_id', '=', unit)
    .where('period', '=', period)
    .executeTakeFirst();
}

const connectorBody = () => ({
  code: 'csdl-giam-ngheo',
  name: 'CSDL giảm nghèo (Bộ Nội vụ) — Gia Lai',
  kind: 'http',
  format: 'csv',
  profile: 'poverty_households',
  sourceUrl: `${sourceUrl}/api/ho-ngheo.csv`,
  tokenUrl: `${sourceUrl}/oauth/token`,
  clientId: CLIENT_ID,
  clientSecret: SECRET,
});

beforeAll(async () => {
  env = await createTestEnv();
  // Early January: the fourth quarter of 2025 is open for communes (due 10/01, locked 30 days later).
  env.clock.set(new Date('2026-01-05T02:00:00Z'));
  await startSource();
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  formId = (await formIds(env)).BM01_XA_QUY;
  iaGrai = await unitId(env.db, '23764');
  const giaLai = await unitId(env.db, '52');
  const others = await env.db
    .selectFrom('org_unit')
    .select(['id', 'code', 'full_name'])
    .where('kind', '=', 'commune')
    .where('hierarchy', '=', '2025')
    .where('valid_to', 'is', null)
    .where('province_id', '=', giaLai)
    .where('code', '!=', '23764')
    .orderBy('code')
    .limit(2)
    .execute();
  [c2, c3] = others.map((o) => ({ id: o.id, code: o.code, name: o.full_name }));
  const elements = await env.db
    .selectFrom('data_element as de')
    .innerJoin('category_option_combo as oc', 'oc.combo_id', 'de.category_combo_id')
    .select(['de.id', 'de.code', 'oc.id as coc_id'])
    .where('de.code', 'in', ['HH_POOR', 'HH_NEAR_POOR', 'HH_POOR_DTTS', 'HH_NEAR_POOR_DTTS'])
    .execute();
  el = Object.fromEntries(elements.map((e) => [e.code, e.id]));
  cocOf = Object.fromEntries(elements.map((e) => [e.code, e.coc_id]));
  adminUser = await makeUser(env, { username: 'qt.tw', role: 'system_admin', unit: 'VN', totp: true });
  admin = await signedIn(env, adminUser);
  officer = await signedIn(env, await makeUser(env, { username: 'cb.tw', role: 'central_officer', unit: 'VN' }));
  commune = await signedIn(env, await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' }));
});
afterAll(async () => {
  source?.close();
  await env?.close();
});

describe('the poverty review elements', () => {
  it('are on the quarterly commune form (section E), so an import may write them', async () => {
    const rows = await env.db
      .selectFrom('form_element as fe')
      .innerJoin('form_section as s', 's.id', 'fe.section_id')
      .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
      .select(['de.code', 's.code as section'])
      .where('fe.form_id', '=', formId)
      .where('de.code', 'in', ['HH_POOR', 'HH_NEAR_POOR', 'HH_NEAR_POOR_DTTS'])
      .execute();
    expect(rows.map((r) => `${r.section}:${r.code}`).sort()).toEqual(['E:HH_NEAR_POOR', 'E:HH_NEAR_POOR_DTTS', 'E:HH_POOR']);
  });
});

describe('an HTTP connector with client credentials', () => {
  it('is created with its profile\'s column mappings; the secret never comes back', async () => {
    const res = await admin.post('/api/connectors', connectorBody());
    expect(res.status, res.text).toBe(201);
    connectorId = res.body.id;
    expect(res.body).toMatchObject({ code: 'csdl-giam-ngheo', kind: 'http', clientId: CLIENT_ID, hasClientSecret: true, enabled: true, schedule: null, lastRun: null, createdBy: 'qt.tw' });
    expect(res.text).not.toContain(SECRET);
    const sealed = await env.db.selectFrom('connector').select('client_secret_sealed').where('id', '=', connectorId).executeTakeFirstOrThrow();
    expect(sealed.client_secret_sealed).toMatch(/^v1\./);
    expect(sealed.client_secret_sealed).not.toContain(SECRET);
    const maps = await admin.get(`/api/connectors/${connectorId}/mappings`);
    expect(maps.status).toBe(200);
    expect(maps.body.items.map((m: { externalCode: string; dataElement: { code: string } }) => `${m.externalCode}→${m.dataElement.code}`).sort()).toEqual([
      'so_ho_can_ngheo_dtts→HH_NEAR_POOR_DTTS',
      'so_ho_can_ngheo→HH_NEAR_POOR',
      'so_ho_ngheo_dtts→HH_POOR_DTTS',
      'so_ho_ngheo→HH_POOR',
    ]);
    const [audit] = (await auditRows(env, 'connector.created')).filter((a) => a.target_id === connectorId);
    expect(audit.actor_username).toBe('qt.tw');
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(JSON.stringify(await admin.get('/api/connectors'))).not.toContain(SECRET);
  });

  it('maps the CSV, writes new cells, lists unmapped codes by row, and leaves a differing hand-entered value untouched', async () => {
    // The commune officer typed the near-poor households on the screen.
    const hand = await commune.put('/api/data-values', { formId, unitId: iaGrai, period: '2025Q4', dataElementId: el.HH_NEAR_POOR, cocId: cocOf.HH_NEAR_POOR, value: '80' });
    expect(hand.status, hand.text).toBe(200);
    csv = v1();
    const before = await counts(env);
    const res = await admin.post(`/api/connectors/${connectorId}/run`, { dryRun: false });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'done', trigger: 'manual', dryRun: false, triggeredBy: 'qt.tw', rowsRead: 3, error: null });
    const report = res.body.report;
    expect(report.counts).toEqual({ new: 5, changed: 0, unchanged: 0, unmapped: 2, conflicting: 1, written: 5 });
    expect(report.new.map((n: { row: number; column: string; period: string; value: string }) => `${n.row}:${n.column}:${n.period}:${n.value}`).sort()).toEqual([
      '2:so_ho_can_ngheo_dtts:2025Q4:70',
      '2:so_ho_ngheo:2025Q4:120',
      '2:so_ho_ngheo_dtts:2025Q4:98',
      '3:so_ho_can_ngheo:2025Q4:30',
      '3:so_ho_ngheo:2025Q4:45',
    ]);
    expect(report.unmapped).toEqual([
      expect.objectContaining({ row: 1, kind: 'element', code: 'ghi_chu' }),
      expect.objectContaining({ row: 4, kind: 'unit', code: '99999', name: 'Xã cũ (mã trước sắp xếp)' }),
    ]);
    expect(report.unmapped[1].message).toMatch(/Không có đơn vị hành chính hiện hành mã "99999"/);
    expect(report.conflicting).toEqual([
      expect.objectContaining({ row: 2, column: 'so_ho_can_ngheo', value: '85', storedValue: '80', storedSource: 'screen', enteredBy: { username: 'xa.iagrai', displayName: 'Người dùng xa.iagrai' }, enteredAt: '2026-01-05T02:00:00.000Z' }),
    ]);
    expect(report.import).toMatchObject({ dryRun: false, total: 5, created: 5, updated: 0 });

    expect(await stored('HH_POOR', iaGrai)).toMatchObject({ value: '120', source: 'import' });
    expect(await stored('HH_POOR', c2.id)).toMatchObject({ value: '45', source: 'import' });
    expect(await stored('HH_NEAR_POOR', iaGrai)).toMatchObject({ value: '80', source: 'screen', version: 1 });
    const after = await counts(env);
    expect(after.values - before.values).toBe(5);
    expect(after.history - before.history).toBe(5);
    // The write is the normal import's, audited as the admin who started it; the run too.
    const imported = (await auditRows(env, 'data.values_imported')).at(-1)!;
    expect(imported.actor_username).toBe('qt.tw');
    expect(imported.details).toMatchObject({ fileName: 'connector:csdl-giam-ngheo', format: 'csv', created: 5 });
    const run = (await auditRows(env, 'connector.run')).at(-1)!;
    expect(run.details).toMatchObject({ state: 'done', trigger: 'manual', counts: { new: 5, written: 5 } });
    expect(seen.badAuth).toBe(0);
  });

  it('a second identical run changes nothing', async () => {
    const before = await counts(env);
    const res = await admin.post(`/api/connectors/${connectorId}/run`, {});
    expect(res.body.state).toBe('done');
    expect(res.body.report.counts).toEqual({ new: 0, changed: 0, unchanged: 5, unmapped: 2, conflicting: 1, written: 0 });
    expect(res.body.report.import).toBeNull();
    expect(await counts(env)).toEqual(before);
    expect(await stored('HH_NEAR_POOR', iaGrai)).toMatchObject({ value: '80', source: 'screen' });
  });

  it('a changed figure from the source replaces what an earlier run wrote', async () => {
    csv = v1().replace(`${c2.code},${c2.name},2025,45,30`, `${c2.code},${c2.name},2025,47,30`);
    const res = await admin.post(`/api/connectors/${connectorId}/run`, {});
    expect(res.body.report.counts).toMatchObject({ new: 0, changed: 1, unchanged: 4, conflicting: 1, written: 1 });
    expect(res.body.report.changed).toEqual([expect.objectContaining({ row: 3, column: 'so_ho_ngheo', value: '47', storedValue: '45', storedSource: 'import' })]);
    expect(await stored('HH_POOR', c2.id)).toMatchObject({ value: '47', version: 2 });
  });

  it('a dry run reconciles and validates but writes nothing', async () => {
    csv = v1().replace('23764,Xã Ia Grai,2025,120', '23764,Xã Ia Grai,2025,121');
    const before = await counts(env);
    const res = await admin.post(`/api/connectors/${connectorId}/run`, { dryRun: true });
    expect(res.body).toMatchObject({ state: 'done', dryRun: true });
    expect(res.body.report.counts).toMatchObject({ changed: 2, written: 0 });
    expect(res.body.report.import).toMatchObject({ dryRun: true, updated: 2 });
    expect(await counts(env)).toEqual(before);
    expect(await stored('HH_POOR', iaGrai)).toMatchObject({ value: '120' });
  });

  it('a cell the commune cleared on the screen holds nothing typed: the run fills it in', async () => {
    const cleared = await commune.put('/api/data-values', { formId, unitId: iaGrai, period: '2025Q4', dataElementId: el.HH_POOR_DTTS, cocId: cocOf.HH_POOR_DTTS, value: null });
    expect(cleared.status, cleared.text).toBe(200);
    expect(await stored('HH_POOR_DTTS', iaGrai)).toMatchObject({ value: null, source: 'screen' });
    csv = v1().replace(`${c2.code},${c2.name},2025,45,30`, `${c2.code},${c2.name},2025,47,30`);
    const res = await admin.post(`/api/connectors/${connectorId}/run`, {});
    expect(res.body.state, res.text).toBe('done');
    expect(res.body.report.counts).toMatchObject({ new: 1, changed: 0, conflicting: 1, written: 1 });
    expect(await stored('HH_POOR_DTTS', iaGrai)).toMatchObject({ value: '98', source: 'import' });
  });

  it('asks for the client secret again before it would go to another host', async () => {
    const moved = await admin.patch(`/api/connectors/${connectorId}`, { tokenUrl: 'https://ke-gian.example.com/oauth/token' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toEqual([expect.objectContaining({ path: 'body.clientSecret' })]);
    const source = await admin.patch(`/api/connectors/${connectorId}`, { sourceUrl: 'https://ke-gian.example.com/ho-ngheo.csv' });
    expect(source.status).toBe(400);
    const otherId = await admin.patch(`/api/connectors/${connectorId}`, { clientId: 'khac' });
    expect(otherId.status).toBe(400);
    // Same host, another path: the secret may stay.
    const samePlace = await admin.patch(`/api/connectors/${connectorId}`, { name: 'CSDL giảm nghèo (Bộ Nội vụ)' });
    expect(samePlace.status, samePlace.text).toBe(200);
    const row = await env.db.selectFrom('connector').select(['token_url', 'source_url', 'client_id']).where('id', '=', connectorId).executeTakeFirstOrThrow();
    expect(row.token_url).not.toContain('ke-gian');
    expect(row.source_url).not.toContain('ke-gian');
  });

  it('a wrong client secret fails the run with a clear Vietnamese error and writes nothing', async () => {
    const patch = await admin.patch(`/api/connectors/${connectorId}`, { clientSecret: 'sai-mat-khau' });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.text).not.toContain('sai-mat-khau');
    const before = await counts(env);
    const res = await admin.post(`/api/connectors/${connectorId}/run`, {});
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('failed');
    expect(res.body.error).toMatch(/từ chối thông tin xác thực.*invalid_client.*client secret/);
    expect(res.body.report).toBeNull();
    expect(seen.badAuth).toBe(1);
    expect(await counts(env)).toEqual(before);
    const updated = (await auditRows(env, 'connector.updated')).at(-1)!;
    expect(updated.after).toMatchObject({ clientSecretChanged: true, hasClientSecret: true });
    expect(JSON.stringify(updated)).not.toContain('sai-mat-khau');
    await admin.patch(`/api/connectors/${connectorId}`, { clientSecret: SECRET });
  });

  it('mapping an unmapped code makes the next run pick it up', async () => {
    csv = v1();
    const put = await admin.put(`/api/connectors/${connectorId}/mappings`, { items: [{ kind: 'unit', externalCode: '99999', unitId: c3.id }] });
    expect(put.status, put.text).toBe(200);
    expect(put.body.items).toContainEqual(expect.objectContaining({ kind: 'unit', externalCode: '99999', unit: { id: c3.id, code: c3.code, name: c3.name }, updatedBy: 'qt.tw' }));
    const res = await admin.post(`/api/connectors/${connectorId}/run`, {});
    expect(res.body.state).toBe('done');
    expect(res.body.report.unmapped.map((u: { code: string }) => u.code)).toEqual(['ghi_chu']);
    expect(res.body.report.new.map((n: { row: number; unitCode: string; unit: { id: string } }) => [n.row, n.unitCode, n.unit.id])).toEqual([
      [4, '99999', c3.id],
      [4, '99999', c3.id],
    ]);
    expect(await stored('HH_POOR', c3.id)).toMatchObject({ value: '10', source: 'import' });
    // Deleting the mapping puts the code back to unmapped.
    const [mapping] = put.body.items.filter((m: { externalCode: string }) => m.externalCode === '99999');
    expect((await admin.delete(`/api/connectors/${connectorId}/mappings/${mapping.id}`)).status).toBe(200);
    expect((await auditRows(env, 'connector.mapping_deleted')).at(-1)?.before).toMatchObject({ externalCode: '99999' });
  });

  it('never runs twice at once', async () => {
    await env.db.insertInto('connector_run').values({ connector_id: connectorId, trigger: 'manual', dry_run: false, state: 'running', started_at: env.clock.now() }).execute();
    expectError(await admin.post(`/api/connectors/${connectorId}/run`, {}), 409, 'connector_busy');
    await env.db.deleteFrom('connector_run').where('connector_id', '=', connectorId).where('state', '=', 'running').execute();
  });

  it('lists runs and shows one run\'s report', async () => {
    const list = await admin.get(`/api/connectors/${connectorId}/runs`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(7);
    expect(list.body.items[0]).not.toHaveProperty('report');
    expect(list.body.items.map((r: { state: string }) => r.state)).toEqual(expect.arrayContaining(['done', 'failed']));
    const one = await admin.get(`/api/connectors/${connectorId}/runs/${list.body.items.at(-1).id}`);
    expect(one.status).toBe(200);
    expect(one.body.report.counts.new).toBe(5);
    const detail = await admin.get(`/api/connectors/${connectorId}`);
    expect(detail.body.lastRun.id).toBe(list.body.items[0].id);
    expectError(await admin.get(`/api/connectors/${connectorId}/runs/999999`), 404, 'not_found');
  });
});

describe('a file connector (upload)', () => {
  let fileId: string;
  const doc = () => ({
    data: [
      { ma_xa: '23764', ten_xa: 'Xã Ia Grai', nam: 2025, so_ho_ngheo: 120, so_ho_can_ngheo: 85, so_ho_ngheo_dtts: 98, so_ho_can_ngheo_dtts: 71 },
      { ma_xa: c3.code, ten_xa: c3.name, nam: '2025', so_ho_ngheo: 11, so_ho_can_ngheo: 5 },
    ],
  });

  it('previews an uploaded JSON file without writing, then writes it', async () => {
    const res = await admin.post('/api/connectors', { code: 'tep-ho-ngheo', name: 'Tệp rà soát hộ nghèo (tải lên)', kind: 'file', format: 'json', profile: 'poverty_households' });
    expect(res.status, res.text).toBe(201);
    fileId = res.body.id;
    const before = await counts(env);
    const dry = await upload(admin, `/api/connectors/${fileId}/upload?dryRun=true`, 'ho-ngheo-2025.json', JSON.stringify(doc()), 'application/json');
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ state: 'done', trigger: 'upload', dryRun: true, fileName: 'ho-ngheo-2025.json', rowsRead: 2 });
    expect(dry.body.report.counts).toEqual({ new: 0, changed: 2, unchanged: 3, unmapped: 0, conflicting: 1, written: 0 });
    expect(await counts(env)).toEqual(before);
    const real = await upload(admin, `/api/connectors/${fileId}/upload`, 'ho-ngheo-2025.json', JSON.stringify(doc()), 'application/json');
    expect(real.body.report.counts).toMatchObject({ changed: 2, written: 2 });
    expect(await stored('HH_NEAR_POOR_DTTS', iaGrai)).toMatchObject({ value: '71' });
    expect(await stored('HH_POOR', c3.id)).toMatchObject({ value: '11' });
    expect(await stored('HH_NEAR_POOR', iaGrai)).toMatchObject({ value: '80', source: 'screen' });
  });

  it('a file without the required columns fails with the columns named', async () => {
    const res = await upload(admin, `/api/connectors/${fileId}/upload`, 'sai.json', JSON.stringify([{ ma_xa: '23764', nam: 2025, so_ho_ngheo: 1 }]), 'application/json');
    expect(res.body.state).toBe('failed');
    expect(res.body.error).toMatch(/thiếu cột so_ho_can_ngheo/);
    const bad = await upload(admin, `/api/connectors/${fileId}/upload`, 'nam-sai.json', JSON.stringify([{ ma_xa: '23764', nam: 'năm 2025', so_ho_ngheo: 1, so_ho_can_ngheo: 2 }]), 'application/json');
    expect(bad.body.state).toBe('rejected');
    expect(bad.body.report.invalid).toEqual([expect.objectContaining({ row: 1, field: 'nam', code: 'invalid_period' })]);
  });

  it('reports rows of units outside the connector\'s scope and writes nothing for them', async () => {
    const giaLai = await unitId(env.db, '52');
    const res = await admin.post('/api/connectors', { code: 'tep-gia-lai', name: 'Rà soát hộ nghèo — Gia Lai', kind: 'file', format: 'csv', profile: 'poverty_households', scopeUnitId: giaLai });
    expect(res.status, res.text).toBe(201);
    expect(res.body.scopeUnit).toMatchObject({ id: giaLai, code: '52' });
    const quangNgai = await env.db.selectFrom('org_unit').select(['code', 'full_name']).where('kind', '=', 'commune').where('hierarchy', '=', '2025').where('valid_to', 'is', null).where('province_id', '=', await unitId(env.db, '51')).orderBy('code').executeTakeFirstOrThrow();
    const before = await counts(env);
    const run = await upload(admin, `/api/connectors/${res.body.id}/upload`, 'ho-ngheo.csv', `\uFEFFma_xa;nam;so_ho_ngheo;so_ho_can_ngheo\r\n${quangNgai.code};2025;7;3\r\n`, 'text/csv');
    expect(run.body.state).toBe('done');
    expect(run.body.report.unmapped).toEqual([expect.objectContaining({ row: 2, kind: 'out_of_scope', code: quangNgai.code, name: quangNgai.full_name })]);
    expect(run.body.report.counts).toMatchObject({ new: 0, unmapped: 1, written: 0 });
    expect(await counts(env)).toEqual(before);
  });

  it('refuses the wrong kind of run for each connector', async () => {
    expectError(await admin.post(`/api/connectors/${fileId}/run`, {}), 409, 'connector_needs_upload');
    expectError(await upload(admin, `/api/connectors/${connectorId}/upload`, 'x.csv', 'a', 'text/csv'), 409, 'connector_not_file');
    expectError(await admin.post(`/api/connectors/${fileId}/upload`, {}), 400, 'invalid_file');
  });

  it('is deleted with its runs; the values it wrote stay', async () => {
    const res = await admin.delete(`/api/connectors/${fileId}`);
    expect(res.status).toBe(200);
    expectError(await admin.get(`/api/connectors/${fileId}`), 404, 'not_found');
    expect(await env.db.selectFrom('connector_run').select('id').where('connector_id', '=', fileId).execute()).toEqual([]);
    expect(await stored('HH_POOR', c3.id)).toMatchObject({ value: '11' });
    expect((await auditRows(env, 'connector.deleted')).at(-1)?.target_id).toBe(fileId);
  });
});

describe('access and input', () => {
  it('requires a session (401) and api_client.manage nationally (403)', async () => {
    const anon = env.client();
    expectError(await anon.get('/api/connectors'), 401, 'unauthenticated');
    expectError(await anon.get('/api/connectors/profiles'), 401, 'unauthenticated');
    expectError(await officer.get('/api/connectors'), 403, 'forbidden');
    expectError(await officer.post('/api/connectors', connectorBody()), 403, 'forbidden');
    expectError(await officer.post(`/api/connectors/${connectorId}/run`, {}), 403, 'forbidden');
    expectError(await officer.get(`/api/connectors/${connectorId}/runs`), 403, 'forbidden');
    expectError(await officer.put(`/api/connectors/${connectorId}/mappings`, { items: [{ kind: 'unit', externalCode: 'x', unitId: c3.id }] }), 403, 'forbidden');
    expectError(await commune.get(`/api/connectors/${connectorId}/mappings`), 403, 'forbidden');
    const provincialAdmin = await signedIn(env, await makeUser(env, { username: 'qt.gialai', role: 'system_admin', unit: '52', totp: true }));
    expectError(await provincialAdmin.get('/api/connectors'), 403, 'forbidden');
  });

  it('lists the built-in profiles', async () => {
    const res = await admin.get('/api/connectors/profiles');
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ code: 'poverty_households', unitColumn: 'ma_xa', yearColumn: 'nam' });
    expect(res.body.items[0].columns.map((c: { name: string }) => c.name)).toEqual(['so_ho_ngheo', 'so_ho_can_ngheo', 'so_ho_ngheo_dtts', 'so_ho_can_ngheo_dtts']);
  });

  it('refuses bad input with stable codes and Vietnamese messages', async () => {
    const shape = await admin.post('/api/connectors', { ...connectorBody(), code: 'Mã Sai', kind: 'ftp' });
    expectError(shape, 400, 'validation_failed');
    expect(fieldPaths(shape)).toEqual(expect.arrayContaining(['body.code', 'body.kind']));
    expect(shape.body.error.message).toMatch(/không hợp lệ/);
    const cross = await admin.post('/api/connectors', { ...connectorBody(), code: 'moi', sourceUrl: null, clientSecret: null, schedule: '61 * * * *' });
    expectError(cross, 400, 'validation_failed');
    expect(fieldPaths(cross).sort()).toEqual(['body.clientSecret', 'body.schedule', 'body.sourceUrl']);
    const plain = await admin.post('/api/connectors', { ...connectorBody(), code: 'moi', sourceUrl: 'http://csdl.example.vn/ho-ngheo.csv' });
    expectError(plain, 400, 'validation_failed');
    expect(fieldPaths(plain)).toEqual(['body.sourceUrl']);
    expectError(await admin.post('/api/connectors', connectorBody()), 409, 'connector_code_taken');
    expectError(await admin.patch(`/api/connectors/${connectorId}`, {}), 400, 'validation_failed');
    expectError(await admin.patch(`/api/connectors/${connectorId}`, { code: 'doi-ma' }), 400, 'validation_failed');
    const target = await admin.put(`/api/connectors/${connectorId}/mappings`, { items: [{ kind: 'unit', externalCode: '88888', unitId: '999999999' }] });
    expectError(target, 400, 'connector_unknown_target');
    expect(target.body.error.message).toContain('999999999');
    expectError(await admin.put(`/api/connectors/${connectorId}/mappings`, { items: [] }), 400, 'validation_failed');
    const old = await env.db.selectFrom('org_unit').select('id').where('hierarchy', '=', 'pre2025').where('kind', '=', 'commune').executeTakeFirstOrThrow();
    expectError(await admin.put(`/api/connectors/${connectorId}/mappings`, { items: [{ kind: 'unit', externalCode: '88888', unitId: old.id }] }), 400, 'connector_unknown_target');
    const split = await env.db.selectFrom('data_element').select('id').where('code', '=', 'POP_DTTS').executeTakeFirstOrThrow();
    const noCoc = await admin.put(`/api/connectors/${connectorId}/mappings`, { items: [{ kind: 'element', externalCode: 'dan_so', dataElementId: split.id }] });
    expectError(noCoc, 400, 'connector_unknown_target');
    expect(noCoc.body.error.message).toMatch(/cần cocId/);
    expectError(await admin.get('/api/connectors/999999'), 404, 'not_found');
    expectError(await admin.get('/api/connectors/abc'), 400, 'validation_failed');
    expectError(await admin.delete(`/api/connectors/${connectorId}/mappings/999999`), 404, 'not_found');
  });
});

describe('outbound addresses (SSRF)', () => {
  it('refuses link-local/metadata addresses when saved; with OUTBOUND_ALLOW_LOOPBACK off, refuses loopback when saved and fails a run before any request', async () => {
    const meta = await admin.post('/api/connectors', { ...connectorBody(), code: 'metadata', sourceUrl: 'http://169.254.169.254/latest/meta-data/', tokenUrl: 'https://[::ffff:169.254.169.254]/token' });
    expectError(meta, 400, 'validation_failed');
    expect(meta.body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'body.sourceUrl', message: expect.stringMatching(/Không được gửi tới địa chỉ link-local/) },
        { path: 'body.tokenUrl', message: expect.stringMatching(/link-local/) },
      ]),
    );
    const before = await env.db.selectFrom('connector_run').select((eb) => eb.fn.countAll<string>().as('n')).where('connector_id', '=', connectorId).executeTakeFirstOrThrow();
    env.config.OUTBOUND_ALLOW_LOOPBACK = false;
    try {
      const local = await admin.patch(`/api/connectors/${connectorId}`, { sourceUrl: `${sourceUrl}/api/khac.csv` });
      expectError(local, 400, 'validation_failed');
      expect(local.body.error.fields).toEqual([
        { path: 'body.sourceUrl', message: expect.stringMatching(/loopback/) },
        { path: 'body.tokenUrl', message: expect.stringMatching(/loopback/) },
      ]);
      const tokensBefore = seen.token;
      const run = await admin.post(`/api/connectors/${connectorId}/run`, { dryRun: true });
      expect(run.status, run.text).toBe(200);
      expect(run.body).toMatchObject({ state: 'failed', rowsRead: null, error: expect.stringMatching(/^Không gửi yêu cầu tới địa chỉ cấp token: .*loopback/) });
      expect(seen.token).toBe(tokensBefore);
    } finally {
      env.config.OUTBOUND_ALLOW_LOOPBACK = true;
    }
    const after = await env.db.selectFrom('connector_run').select((eb) => eb.fn.countAll<string>().as('n')).where('connector_id', '=', connectorId).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });
});

// Last: these move the clock forward (the sessions above would expire).
describe('time-driven runs', () => {
  it('runs on its schedule (Vietnam time) once per fire time', async () => {
    const patch = await admin.patch(`/api/connectors/${connectorId}`, { schedule: '0 2 * * *' });
    expect(patch.status, patch.text).toBe(200);
    // 05/01 09:00 in Vietnam: the next start is 06/01 02:00 Vietnam time = 05/01 19:00Z.
    expect(patch.body.nextRunAt).toBe('2026-01-05T19:00:00.000Z');
    expect(await runDueConnectors(env.ctx)).toEqual([]);
    env.clock.set(new Date('2026-01-05T19:00:30Z'));
    csv = v1().replace(`${c2.code},${c2.name},2025,45,30`, `${c2.code},${c2.name},2025,46,30`);
    const started = await runDueConnectors(env.ctx);
    expect(started).toHaveLength(1);
    expect(await runDueConnectors(env.ctx)).toEqual([]);
    const run = await env.db.selectFrom('connector_run').selectAll().where('id', '=', started[0]!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ trigger: 'schedule', state: 'done', triggered_by: null });
    expect(await stored('HH_POOR', c2.id)).toMatchObject({ value: '46', source: 'import' });
    const history = await env.db.selectFrom('data_value_history').select(['changed_by', 'source']).where('data_element_id', '=', el.HH_POOR!).where('unit_id', '=', c2.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    // A scheduled run writes as the connector's owner.
    expect(history).toEqual({ changed_by: adminUser.id, source: 'import' });
    const audit = (await auditRows(env, 'connector.run')).at(-1)!;
    expect(audit.actor_username).toBe('connector:csdl-giam-ngheo');
    await env.db.updateTable('connector').set({ schedule: null }).where('id', '=', connectorId).execute();
  });

  it('a period that has locked refuses the whole run with the import\'s row report', async () => {
    env.clock.set(new Date('2026-03-02T02:00:00Z'));
    csv = v1().replace('23764,Xã Ia Grai,2025,120', '23764,Xã Ia Grai,2025,119');
    const before = await counts(env);
    const connector = (await findConnector(env.db, connectorId))!;
    const runId = await runConnector(env.ctx, { connector, trigger: 'manual', dryRun: false, userId: adminUser.id, origin: connectorOrigin('csdl-giam-ngheo', env.clock.now()) });
    const run = await env.db.selectFrom('connector_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.state).toBe('rejected');
    expect(run.error).toMatch(/không qua được kiểm tra nhập liệu.*không ghi gì/);
    const report = run.report as { import: { rejected: { row: number; code: string }[] }; counts: { written: number; changed: number } };
    expect(report.import.rejected[0]).toMatchObject({ row: 2, code: 'period_locked' });
    expect(report.counts).toMatchObject({ changed: 2, written: 0 });
    expect(await counts(env)).toEqual(before);
  });
});
