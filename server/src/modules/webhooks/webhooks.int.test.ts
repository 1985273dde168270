// Webhooks end to end against a real receiver (a node:http server started here): the
// signature a receiver checks, report events from the outbox (nothing from a rolled-back
// change), "values changed" folded per report for saves and imports, retries at the
// backoff times, failure → disabled subscription and the owner told, two dispatchers
// sending each delivery once, target.missed direction-aware, and the admin endpoints.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { startJobs } from '../../platform/jobs.ts';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, fieldPaths, signIn } from '../catalog/catalog.test-support.ts';
import { uploadJson } from '../data-exchange/data-exchange.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';
import { backoffMs, DISABLE_AFTER, dispatchDueDeliveries, KEEP_DELIVERIES_DAYS, MAX_ATTEMPTS, pruneDeliveries } from './dispatcher.ts';
import { enqueueReportEvent } from './events.ts';
import { verifySignature } from './signature.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver: /ok answers 200, /fail 500, each after `delayMs`; every request is kept. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { delayMs: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      setTimeout(() => {
        const ok = req.url?.startsWith('/ok');
        res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain' });
        res.end(ok ? 'đã nhận' : 'lỗi máy chủ nhận');
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let env: TestEnv;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let forms: Awaited<ReturnType<typeof formIds>>;
let admin: TestClient;
let adminUser: MadeUser;
let provincialAdmin: TestClient;
let officer: TestClient;
let province: TestClient;
let anonymous: TestClient;
let giaLai: string;
let iaGrai: string;
let communes: { id: string; code: string }[];

const OPEN = '2026Q1';
const VALID: Record<string, string> = { HH_TOTAL: '500', HH_DTTS: '420', CAPITAL_ALLOCATED: '1.500', CAPITAL_DISBURSED: '1.200,5' };

async function cellsOf(formId: string) {
  return env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
    .select(['de.id as dataElementId', 'oc.id as cocId', 'de.code as code', 'oc.code as coc'])
    .where('fe.form_id', '=', formId)
    .execute();
}

/** Saves the required cells (and `over`) of BM01 for a unit; returns the number of saves. */
async function fill(c: TestClient, unit: string, over: Record<string, string> = {}): Promise<number> {
  let saves = 0;
  for (const cell of await cellsOf(forms.BM01_XA_QUY)) {
    const value = over[cell.code] ?? VALID[cell.code];
    if (value === undefined) continue;
    const res = await c.put('/api/data-values', { formId: forms.BM01_XA_QUY, unitId: unit, period: OPEN, dataElementId: cell.dataElementId, cocId: cell.cocId, value });
    expect(res.status, res.text).toBe(200);
    saves += 1;
  }
  return saves;
}

const report = (unit: string, over: Record<string, unknown> = {}) => ({ formId: forms.BM01_XA_QUY, unitId: unit, period: OPEN, ...over });

async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await admin.post('/api/webhooks', { name: 'Hệ thống nhận', events: ['submission.submitted'], unitIds: [giaLai], url: `${receiver.url}/ok`, ...body });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.subscription.id, secret: res.body.secret };
}

const deliveriesOf = (subscriptionId: string) => env.db.selectFrom('webhook_delivery').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at').execute();
const receivedBy = (path: string) => receiver.received.filter((r) => r.path === path);

beforeAll(async () => {
  env = await createTestEnv();
  receiver = await startReceiver();
  forms = await formIds(env);
  giaLai = await unitId(env.db, '52');
  iaGrai = await unitId(env.db, '23764');
  communes = await env.db
    .selectFrom('org_unit')
    .select(['id', 'code'])
    .where('parent_id', '=', giaLai)
    .where('kind', '=', 'commune')
    .where('valid_to', 'is', null)
    .where('id', '!=', iaGrai)
    .orderBy('code')
    .limit(3)
    .execute();
  const made = await makeUser(env, { username: 'qt.tw', role: 'system_admin', unit: 'VN', totp: true });
  adminUser = made;
  admin = await signedIn(env, made);
  provincialAdmin = await signIn(env, 'qt.gialai', 'system_admin', '52');
  officer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  province = await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52');
  anonymous = env.client();
});
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

describe('the admin endpoints', () => {
  it('creates a subscription and shows the signing secret once; the secret is stored sealed and never audited', async () => {
    const res = await admin.post('/api/webhooks', {
      name: 'LGSP Gia Lai',
      url: `${receiver.url}/ok`,
      events: ['submission.submitted', 'submission.approved'],
      unitIds: [giaLai],
      formIds: [forms.BM01_XA_QUY],
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(res.body.subscription).toMatchObject({
      name: 'LGSP Gia Lai',
      events: ['submission.submitted', 'submission.approved'],
      units: [{ id: giaLai, code: '52' }],
      forms: [{ id: forms.BM01_XA_QUY, code: 'BM01_XA_QUY' }],
      apiClient: null,
      active: true,
      consecutiveFailures: 0,
      createdBy: 'qt.tw',
      stats: { succeeded24h: 0, failed24h: 0, pending: 0, lastSuccessAt: null },
    });
    const id = res.body.subscription.id;
    const stored = await env.db.selectFrom('webhook_subscription').select('secret_sealed').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.secret_sealed).toMatch(/^v1\./);
    expect(stored.secret_sealed).not.toContain(res.body.secret);
    const got = await admin.get(`/api/webhooks/${id}`);
    expect(got.status).toBe(200);
    expect(got.text).not.toContain(res.body.secret);
    expect((await admin.get('/api/webhooks')).body.items.map((s: { id: string }) => s.id)).toContain(id);
    const [audit] = (await auditRows(env, 'webhook.created')).filter((a) => a.target_id === id);
    expect(audit.actor_username).toBe('qt.tw');
    expect(JSON.stringify(audit)).not.toContain(res.body.secret);

    const edit = await admin.patch(`/api/webhooks/${id}`, { name: 'LGSP tỉnh Gia Lai', events: ['submission.approved'] });
    expect(edit.status, edit.text).toBe(200);
    expect(edit.body).toMatchObject({ name: 'LGSP tỉnh Gia Lai', events: ['submission.approved'] });
    const off = await admin.patch(`/api/webhooks/${id}`, { active: false });
    expect(off.body).toMatchObject({ active: false, disabledReason: 'manual' });
    const on = await admin.patch(`/api/webhooks/${id}`, { active: true });
    expect(on.body).toMatchObject({ active: true, disabledReason: null, disabledAt: null });
    expect((await auditRows(env, 'webhook.enabled')).length).toBe(1);

    const rotated = await admin.post(`/api/webhooks/${id}/rotate-secret`);
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.secret).not.toBe(res.body.secret);
    expect(JSON.stringify(await auditRows(env, 'webhook.secret_rotated'))).not.toContain(rotated.body.secret);

    const del = await admin.delete(`/api/webhooks/${id}`);
    expect(del.status, del.text).toBe(204);
    expectError(await admin.get(`/api/webhooks/${id}`), 404, 'not_found');
    expect((await auditRows(env, 'webhook.deleted')).map((a) => a.target_id)).toEqual([id]);
  });

  it('requires login, and refuses anyone but a national administrator', async () => {
    const body = { name: 'Hệ thống X', url: `${receiver.url}/ok`, events: ['submission.submitted'], unitIds: [giaLai] };
    expectError(await anonymous.get('/api/webhooks'), 401, 'unauthenticated');
    expectError(await anonymous.post('/api/webhooks', body), 401, 'unauthenticated');
    expectError(await officer.get('/api/webhooks'), 403, 'forbidden');
    expectError(await province.post('/api/webhooks', body), 403, 'forbidden');
    expectError(await provincialAdmin.get('/api/webhooks'), 403, 'forbidden');
    expectError(await provincialAdmin.post('/api/webhooks', body), 403, 'forbidden');
  });

  it('refuses bad input with stable codes and Vietnamese messages', async () => {
    const base = { name: 'Hệ thống nhận', url: `${receiver.url}/ok`, events: ['submission.submitted'], unitIds: [giaLai] };
    const url = await admin.post('/api/webhooks', { ...base, url: 'ftp://example.org/hook' });
    expectError(url, 400, 'validation_failed');
    expect(fieldPaths(url)).toEqual(['body.url']);
    expect(url.body.error.fields[0].message).toMatch(/không hợp lệ/);
    expect(fieldPaths(await admin.post('/api/webhooks', { ...base, url: 'https://user:pw@example.org/' }))).toEqual(['body.url']);
    expect(fieldPaths(await admin.post('/api/webhooks', { ...base, url: 'không phải url' }))).toEqual(['body.url']);
    const event = await admin.post('/api/webhooks', { ...base, events: ['submission.deleted'] });
    expectError(event, 400, 'validation_failed');
    expect(fieldPaths(event)).toEqual(['body.events.0']);
    expect(event.body.error.message).toMatch(/không hợp lệ/);
    expect(fieldPaths(await admin.post('/api/webhooks', { ...base, events: [] }))).toEqual(['body.events']);
    expectError(await admin.post('/api/webhooks', { ...base, secret: 'tự chọn' }), 400, 'validation_failed');
    const unit = await admin.post('/api/webhooks', { ...base, unitIds: ['999999999'] });
    expectError(unit, 400, 'webhook_unknown_unit');
    expect(unit.body.error.message).toContain('999999999');
    expectError(await admin.post('/api/webhooks', { ...base, formIds: ['999999999'] }), 400, 'webhook_unknown_form');
    expectError(await admin.post('/api/webhooks', { ...base, apiClientId: '999999999' }), 400, 'webhook_unknown_client');
    expectError(await admin.patch('/api/webhooks/999999999', { name: 'Không có' }), 404, 'not_found');
    expectError(await admin.patch('/api/webhooks/1', {}), 400, 'validation_failed');
  });

  it('bounds a subscription serving an API client by the client’s units', async () => {
    const client = await admin.post('/api/api-clients', { name: 'LGSP Gia Lai', organisation: 'Sở KH&CN Gia Lai', contact: 'lgsp@gialai.gov.vn', scopes: ['data.read'], unitIds: [giaLai] });
    expect(client.status, client.text).toBe(201);
    const quangNgai = await unitId(env.db, '51');
    const base = { name: 'Webhook của LGSP', url: `${receiver.url}/ok`, events: ['submission.approved'], apiClientId: client.body.client.id };
    const outside = await admin.post('/api/webhooks', { ...base, unitIds: [quangNgai] });
    expectError(outside, 400, 'webhook_units_outside_client');
    expect(outside.body.error.message).toContain(quangNgai);
    const ok = await admin.post('/api/webhooks', { ...base, unitIds: [iaGrai] });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.subscription.apiClient).toMatchObject({ id: client.body.client.id, name: 'LGSP Gia Lai' });
    await admin.delete(`/api/webhooks/${ok.body.subscription.id}`);
  });
});

describe('signing', () => {
  it('signs a ping so the receiver can verify it with the documented algorithm; a tampered body or another secret fails', async () => {
    const sub = await subscribe({ name: 'Ping' });
    const res = await admin.post(`/api/webhooks/${sub.id}/ping`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ eventType: 'ping', state: 'succeeded', attempts: 1, lastStatusCode: 200, responseExcerpt: 'đã nhận', nextAttemptAt: null });
    const got = receiver.received.at(-1)!;
    expect(got.headers['x-truongson-event']).toBe('ping');
    expect(got.headers['x-truongson-delivery']).toBe(res.body.id);
    expect(got.headers['content-type']).toContain('application/json');
    expect(got.headers['x-truongson-timestamp']).toBe(String(Math.floor(env.clock.now().getTime() / 1000)));
    expect(got.headers['x-truongson-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    const body = JSON.parse(got.body);
    expect(body).toEqual({ id: res.body.eventId, type: 'ping', occurredAt: env.clock.now().toISOString(), data: { subscription: { id: sub.id, name: 'Ping' }, message: expect.any(String) } });

    const now = env.clock.now();
    expect(verifySignature(sub.secret, got.headers, got.body, 300, now)).toEqual({ ok: true, timestamp: Math.floor(now.getTime() / 1000) });
    expect(verifySignature(sub.secret, got.headers, got.body.replace('Ping', 'Pong'), 300, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature('whsec_another', got.headers, got.body, 300, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature(sub.secret, got.headers, got.body, 300, new Date(now.getTime() + 10 * MINUTE))).toEqual({ ok: false, reason: 'too_old' });
    expect(verifySignature(sub.secret, { ...got.headers, 'x-truongson-signature': undefined }, got.body, 300, now)).toEqual({ ok: false, reason: 'missing_headers' });
    expect((await auditRows(env, 'webhook.ping')).map((a) => a.target_id)).toContain(sub.id);
    await admin.delete(`/api/webhooks/${sub.id}`);
  });
});

describe('report events', () => {
  let sub: { id: string; secret: string };

  it('folds a report’s cell saves into one waiting "values changed" delivery', async () => {
    sub = await subscribe({ name: 'Báo cáo', events: ['submission.submitted', 'submission.approved', 'submission.returned', 'data.values_changed'] });
    const saves = await fill(officer, iaGrai);
    expect(saves).toBeGreaterThanOrEqual(4);
    const waiting = await deliveriesOf(sub.id);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ event_type: 'data.values_changed', state: 'pending', attempts: 0, coalesce_key: `${forms.BM01_XA_QUY}:${iaGrai}:${OPEN}` });
    expect(waiting[0]!.data).toMatchObject({ form: { code: 'BM01_XA_QUY' }, unit: { id: iaGrai, code: '23764' }, period: OPEN, changes: saves });
    // Due a minute after the first change: nothing is sent yet.
    expect((await dispatchDueDeliveries(env.ctx)).attempted).toBe(0);
  });

  it('sends submitted and approved with the report’s unit, period and form; a refused change sends nothing', async () => {
    const submitted = await officer.post('/api/submissions/submit', report(iaGrai));
    expect(submitted.status, submitted.text).toBe(200);
    // A save refused by the submitted report adds nothing.
    const cell = (await cellsOf(forms.BM01_XA_QUY)).find((c) => c.code === 'HH_TOTAL')!;
    expectError(await officer.put('/api/data-values', { ...report(iaGrai), dataElementId: cell.dataElementId, cocId: cell.cocId, value: '501' }), 409, 'submission_locked');
    expect((await deliveriesOf(sub.id)).map((d) => d.event_type).sort()).toEqual(['data.values_changed', 'submission.submitted']);

    expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 1 });
    const approved = await province.post('/api/submissions/approve', report(iaGrai));
    expect(approved.status, approved.text).toBe(200);
    expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 1 });
    env.clock.advance(MINUTE);
    expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 1 });

    const mine = receiver.received.filter((r) => r.headers['x-truongson-delivery'] && JSON.parse(r.body).data?.unit?.id === iaGrai);
    const events = mine.map((r) => ({ header: r.headers['x-truongson-event'], body: JSON.parse(r.body) }));
    expect(events.map((e) => e.header)).toEqual(['submission.submitted', 'submission.approved', 'data.values_changed']);
    for (const e of events) {
      expect(e.body.type).toBe(e.header);
      expect(e.body.data).toMatchObject({ form: { id: forms.BM01_XA_QUY, code: 'BM01_XA_QUY' }, unit: { id: iaGrai, code: '23764', name: expect.stringContaining('Ia Grai') }, period: OPEN });
      expect(e.body.data.links.dataEntry).toBe(`/data-entry?form=${forms.BM01_XA_QUY}&unit=${iaGrai}&period=${OPEN}`);
    }
    expect(events[0]!.body.data).toMatchObject({ state: 'submitted', previousState: 'draft', periodLabel: expect.stringContaining('2026') });
    expect(events[1]!.body.data).toMatchObject({ state: 'approved', previousState: 'submitted' });
    for (const r of mine) expect(verifySignature(sub.secret, r.headers, r.body, 300, env.clock.now()).ok).toBe(true);

    const log = await admin.get(`/api/webhooks/${sub.id}/deliveries`);
    expect(log.status, log.text).toBe(200);
    expect(log.body.items).toHaveLength(3);
    const changed = log.body.items.find((d: { eventType: string }) => d.eventType === 'data.values_changed');
    expect(changed).toMatchObject({ state: 'succeeded', attempts: 1, lastStatusCode: 200, nextAttemptAt: null, payload: { type: 'data.values_changed', data: { changes: expect.any(Number) } } });
    expect(changed.lastDurationMs).toBeGreaterThanOrEqual(0);
    expect((await admin.get(`/api/webhooks/${sub.id}`)).body.stats).toMatchObject({ succeeded24h: 3, failed24h: 0, pending: 0 });
  });

  it('sends nothing for a change that rolls back', async () => {
    const before = (await deliveriesOf(sub.id)).length;
    await expect(
      env.db.transaction().execute(async (trx) => {
        const made = await enqueueReportEvent(trx, { type: 'submission.submitted', formId: forms.BM01_XA_QUY, unitId: iaGrai, period: OPEN, at: env.clock.now(), data: {} });
        expect(made).toBe(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // A submission refused by validation (empty required cells) rolls back too.
    const other = await signIn(env, 'xa.khac', 'commune_officer', communes[0]!.code);
    expectError(await other.post('/api/submissions/submit', report(communes[0]!.id)), 422, 'submission_invalid');
    expect((await deliveriesOf(sub.id)).length).toBe(before);
    expect((await dispatchDueDeliveries(env.ctx)).attempted).toBe(0);
  });

  it('folds an import into the report’s waiting delivery, counting the changed cells', async () => {
    const unit = communes[1]!;
    const other = await signIn(env, 'xa.nhap', 'commune_officer', unit.code);
    const cells = (await cellsOf(forms.BM01_XA_QUY)).filter((c) => VALID[c.code] !== undefined);
    const doc = { dataValues: cells.map((c) => ({ dataElement: c.code, period: OPEN, orgUnit: unit.code, categoryOptionCombo: c.coc, value: '7' })) };
    const res = await uploadJson(other, doc);
    expect(res.status, res.text).toBe(200);
    const again = await uploadJson(other, { dataValues: [{ ...doc.dataValues[0]!, value: '8' }] });
    expect(again.status, again.text).toBe(200);
    const waiting = (await deliveriesOf(sub.id)).filter((d) => d.event_type === 'data.values_changed' && d.state === 'pending');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.data).toMatchObject({ unit: { code: unit.code }, period: OPEN, changes: cells.length + 1 });
    // Re-importing the same file changes nothing, and adds nothing.
    await uploadJson(other, { dataValues: [{ ...doc.dataValues[0]!, value: '8' }] });
    expect(((await deliveriesOf(sub.id)).find((d) => d.id === waiting[0]!.id)!.data as { changes: number }).changes).toBe(cells.length + 1);
    env.clock.advance(MINUTE);
    expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 1 });
    await admin.delete(`/api/webhooks/${sub.id}`);
  });
});

describe('retries and failure', () => {
  it('retries a failing receiver at the backoff times, ends the delivery failed, then disables the subscription and tells its owner', async () => {
    const sub = await subscribe({ name: 'Máy nhận hỏng', url: `${receiver.url}/fail` });
    const first = await admin.post(`/api/webhooks/${sub.id}/ping`);
    expect(first.body).toMatchObject({ state: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500', responseExcerpt: 'lỗi máy chủ nhận' });
    const id = first.body.id as string;
    // (The clock moves hours: sessions lapse, so the loop reads the table; signed in again after.)
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      const [d] = await deliveriesOf(sub.id);
      expect(d).toMatchObject({ id, state: 'pending', attempts: attempt });
      expect(d!.next_attempt_at!.getTime() - d!.last_attempt_at!.getTime()).toBe(backoffMs(attempt));
      env.clock.set(new Date(d!.next_attempt_at!.getTime() - 1000));
      expect((await dispatchDueDeliveries(env.ctx)).attempted).toBe(0);
      env.clock.advance(1000);
      expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 0 });
    }
    expect(backoffMs(1)).toBe(MINUTE);
    expect(backoffMs(4)).toBe(8 * MINUTE);
    expect(backoffMs(7)).toBe(60 * MINUTE);
    admin = await signedIn(env, adminUser);
    const [done] = (await admin.get(`/api/webhooks/${sub.id}/deliveries`)).body.items;
    expect(done).toMatchObject({ id, state: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null, lastStatusCode: 500 });
    expect(receivedBy('/fail').filter((r) => r.headers['x-truongson-delivery'] === id)).toHaveLength(MAX_ATTEMPTS);
    expect((await admin.get(`/api/webhooks/${sub.id}`)).body).toMatchObject({ active: true, consecutiveFailures: 1 });

    // More deliveries that end failed: at DISABLE_AFTER in a row the subscription stops.
    for (let i = 1; i < DISABLE_AFTER; i += 1) await admin.post(`/api/webhooks/${sub.id}/ping`);
    for (let round = 1; round < MAX_ATTEMPTS; round += 1) {
      env.clock.advance(60 * MINUTE);
      await dispatchDueDeliveries(env.ctx);
    }
    admin = await signedIn(env, adminUser);
    const view = (await admin.get(`/api/webhooks/${sub.id}`)).body;
    expect(view).toMatchObject({ active: false, disabledReason: 'failures', consecutiveFailures: DISABLE_AFTER, stats: { failed24h: expect.any(Number) } });
    const notes = await admin.get('/api/notifications');
    expect(notes.body.items[0]).toMatchObject({ kind: 'webhook.disabled', params: { name: 'Máy nhận hỏng', failures: String(DISABLE_AFTER) }, link: `/integration/webhooks/${sub.id}` });
    const [audit] = (await auditRows(env, 'webhook.disabled')).filter((a) => a.target_id === sub.id);
    expect(audit).toMatchObject({ actor_username: null, after: { active: false, disabledReason: 'failures' } });
    expect((await env.db.selectFrom('notification').select('user_id').where('kind', '=', 'webhook.disabled').execute()).map((n) => n.user_id)).toEqual([adminUser.id]);

    // A disabled subscription gets no new events; re-enabling clears the failures.
    const sent = receivedBy('/fail').length;
    const made = await enqueueReportEvent(env.db, { type: 'submission.submitted', formId: forms.BM01_XA_QUY, unitId: iaGrai, period: OPEN, at: env.clock.now(), data: {} });
    expect(made).toBe(0);
    env.clock.advance(60 * MINUTE);
    await dispatchDueDeliveries(env.ctx);
    expect(receivedBy('/fail').length).toBe(sent);
    admin = await signedIn(env, adminUser);
    officer = await signIn(env, 'xa.iagrai2', 'commune_officer', '23764');
    province = await signIn(env, 'tinh.gialai2', 'provincial_coordinator', '52');
    const on = await admin.patch(`/api/webhooks/${sub.id}`, { active: true, url: `${receiver.url}/ok` });
    expect(on.body).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: null });

    // Redelivering a failed delivery: a new delivery of the same event, sent once due.
    const again = await admin.post(`/api/webhooks/${sub.id}/deliveries/${id}/redeliver`);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ eventId: first.body.eventId, eventType: 'ping', state: 'pending', attempts: 0 });
    expect(again.body.id).not.toBe(id);
    expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 1 });
    expect((await auditRows(env, 'webhook.redelivered')).length).toBe(1);
    expectError(await admin.post(`/api/webhooks/${sub.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`), 404, 'not_found');
    expectError(await admin.post(`/api/webhooks/${sub.id}/deliveries/nope/redeliver`), 400, 'validation_failed');
    expectError(await officer.get(`/api/webhooks/${sub.id}/deliveries`), 403, 'forbidden');
    await admin.delete(`/api/webhooks/${sub.id}`);
  });
});

describe('concurrency', () => {
  it('two dispatchers running at once send each delivery once', async () => {
    const sub = await subscribe({ name: 'Hai bộ gửi' });
    const ping = await admin.post(`/api/webhooks/${sub.id}/ping`);
    for (let i = 0; i < 20; i += 1) expect((await admin.post(`/api/webhooks/${sub.id}/deliveries/${ping.body.id}/redeliver`)).status).toBe(201);
    receiver.state.delayMs = 20;
    const from = receiver.received.length;
    const [a, b] = await Promise.all([dispatchDueDeliveries(env.ctx, { limit: 3 }), dispatchDueDeliveries(env.ctx, { limit: 3 })]);
    receiver.state.delayMs = 0;
    expect(a.attempted + b.attempted).toBe(20);
    expect(a.attempted).toBeGreaterThan(0);
    expect(b.attempted).toBeGreaterThan(0);
    const ids = receiver.received.slice(from).map((r) => r.headers['x-truongson-delivery']);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect((await deliveriesOf(sub.id)).every((d) => d.state === 'succeeded' && d.attempts === 1)).toBe(true);

    await admin.delete(`/api/webhooks/${sub.id}`);
  });
});

describe('target.missed', () => {
  it('fires for a lower-is-better indicator above its target, and not below it', async () => {
    const indicator = await env.db.selectFrom('indicator').select(['id', 'direction']).where('code', '=', 'TL_TRE_SDD_NHE_CAN').executeTakeFirstOrThrow();
    expect(indicator.direction).toBe('lower');
    await env.db.insertInto('target').values({ indicator_id: indicator.id, unit_id: await unitId(env.db, 'VN'), period: '2026', value: '15' }).execute();
    const sub = await subscribe({ name: 'Chỉ tiêu', events: ['target.missed'] });
    // Above the target (30 % underweight) in one commune, below it (10 %) in another.
    const [above, below] = [communes[1]!, communes[2]!];
    const aboveOfficer = await signIn(env, 'xa.tren', 'commune_officer', above.code);
    const belowOfficer = await signIn(env, 'xa.duoi', 'commune_officer', below.code);
    await fill(aboveOfficer, above.id, { CHILDREN_U5: '50', DA7_U5_UNDERWEIGHT: '15' });
    await fill(belowOfficer, below.id, { CHILDREN_U5: '50', DA7_U5_UNDERWEIGHT: '5' });
    for (const [c, u] of [[aboveOfficer, above], [belowOfficer, below]] as const) {
      const s = await c.post('/api/submissions/submit', report(u.id));
      expect(s.status, s.text).toBe(200);
      const a = await province.post('/api/submissions/approve', report(u.id));
      expect(a.status, a.text).toBe(200);
    }
    const made = await deliveriesOf(sub.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.event_type).toBe('target.missed');
    expect(made[0]!.data).toMatchObject({
      unit: { id: above.id, code: above.code },
      period: OPEN,
      indicators: [{ indicator: { code: 'TL_TRE_SDD_NHE_CAN', direction: 'lower' }, value: 30, target: 15, targetPeriod: '2026', targetUnit: { code: 'VN' } }],
    });
    expect(await dispatchDueDeliveries(env.ctx)).toEqual({ attempted: 1, succeeded: 1 });
    const got = receiver.received.at(-1)!;
    expect(got.headers['x-truongson-event']).toBe('target.missed');
    expect(verifySignature(sub.secret, got.headers, got.body, 300, env.clock.now()).ok).toBe(true);
    await admin.delete(`/api/webhooks/${sub.id}`);
  });
});

describe('the job queue', () => {
  it('sends from pg-boss when jobs run: a redelivery is nudged and sent without calling the dispatcher', async () => {
    const database = await sql<{ name: string }>`select current_database() as name`.execute(env.db);
    const url = new URL(inject('pgAdminUrl'));
    url.pathname = `/${database.rows[0]!.name}`;
    const stop = await startJobs(env.ctx, url.toString());
    try {
      const sub = await subscribe({ name: 'Hàng đợi' });
      const ping = await admin.post(`/api/webhooks/${sub.id}/ping`);
      const again = await admin.post(`/api/webhooks/${sub.id}/deliveries/${ping.body.id}/redeliver`);
      expect(again.status, again.text).toBe(201);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !receiver.received.some((r) => r.headers['x-truongson-delivery'] === again.body.id)) await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received.filter((r) => r.headers['x-truongson-delivery'] === again.body.id)).toHaveLength(1);
      await admin.delete(`/api/webhooks/${sub.id}`);
    } finally {
      await stop();
    }
  }, 30_000);
});

describe('the log', () => {
  it('prunes finished deliveries after KEEP_DELIVERIES_DAYS; pending ones stay', async () => {
    const sub = await subscribe({ name: 'Nhật ký' });
    const ping = await admin.post(`/api/webhooks/${sub.id}/ping`);
    expect(ping.body.state).toBe('succeeded');
    const waiting = await enqueueReportEvent(env.db, { type: 'submission.submitted', formId: forms.BM01_XA_QUY, unitId: iaGrai, period: OPEN, at: env.clock.now(), data: {} });
    expect(waiting).toBe(1);
    await env.db.updateTable('webhook_subscription').set({ active: false }).where('id', '=', sub.id).execute();
    env.clock.advance(KEEP_DELIVERIES_DAYS * 24 * 60 * MINUTE - 1000);
    expect(await pruneDeliveries(env.ctx)).toBe(0);
    expect((await deliveriesOf(sub.id)).map((d) => d.state).sort()).toEqual(['pending', 'succeeded']);
    env.clock.advance(2000);
    expect(await pruneDeliveries(env.ctx)).toBe(1);
    expect((await deliveriesOf(sub.id)).map((d) => d.state)).toEqual(['pending']);
  });
});

describe('subscriptions of an API client follow the client', () => {
  // Earlier tests move the clock past the session's life.
  beforeEach(async () => {
    env.clock.advance(MINUTE); // a new TOTP step: a code is accepted once
    admin = await signedIn(env, adminUser);
  });
  const newClient = async (over: Record<string, unknown> = {}) => {
    const res = await admin.post('/api/api-clients', { name: 'LGSP Gia Lai', organisation: 'Sở KH&CN Gia Lai', contact: 'lgsp@gialai.gov.vn', scopes: ['data.read'], unitIds: [giaLai], ...over });
    expect(res.status, res.text).toBe(201);
    return res.body.client.id as string;
  };
  const event = (unit: string) => enqueueReportEvent(env.db, { type: 'submission.submitted', formId: forms.BM01_XA_QUY, unitId: unit, period: OPEN, at: env.clock.now(), data: {} });
  const view = async (id: string) => (await admin.get(`/api/webhooks/${id}`)).body;

  it('revoking the client disables its subscriptions at once (audited); nothing more reaches the receiver, and they cannot be re-enabled', async () => {
    const clientId = await newClient();
    const sub = await subscribe({ name: 'Thu hồi', url: `${receiver.url}/ok/thu-hoi`, unitIds: [iaGrai], apiClientId: clientId });
    expect(await event(iaGrai)).toBeGreaterThanOrEqual(1);
    const revoked = await admin.post(`/api/api-clients/${clientId}/revoke`, { reason: 'Hết hợp đồng' });
    expect(revoked.status, revoked.text).toBe(200);
    expect(await view(sub.id)).toMatchObject({ active: false, disabledReason: 'client_revoked' });
    const audit = (await auditRows(env, 'webhook.disabled')).filter((a) => a.target_id === sub.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'qt.tw', after: { active: false, disabledReason: 'client_revoked' } });
    expect((await auditRows(env, 'api_client.revoked')).at(-1)?.details).toMatchObject({ webhooksDisabled: 1 });

    await dispatchDueDeliveries(env.ctx);
    const ping = await admin.post(`/api/webhooks/${sub.id}/ping`);
    expect(ping.status, ping.text).toBe(200);
    expect(ping.body).toMatchObject({ state: 'failed', lastStatusCode: null, lastError: expect.stringContaining('client_revoked') });
    expect(receivedBy('/ok/thu-hoi')).toHaveLength(0);
    expectError(await admin.patch(`/api/webhooks/${sub.id}`, { active: true }), 400, 'webhook_unknown_client');
  });

  it('the dispatcher checks the client before every send: a client revoked behind our back ends the delivery failed and disables the subscription', async () => {
    const clientId = await newClient();
    const sub = await subscribe({ name: 'Thu hồi ngầm', url: `${receiver.url}/ok/thu-hoi-ngam`, unitIds: [iaGrai], apiClientId: clientId });
    expect(await event(iaGrai)).toBeGreaterThanOrEqual(1);
    await env.db.updateTable('api_client').set({ revoked_at: env.clock.now() }).where('id', '=', clientId).execute();
    await dispatchDueDeliveries(env.ctx);
    const [d] = await deliveriesOf(sub.id);
    expect(d).toMatchObject({ state: 'failed', last_status_code: null, last_error: expect.stringContaining('client_revoked') });
    expect(receivedBy('/ok/thu-hoi-ngam')).toHaveLength(0);
    expect(await view(sub.id)).toMatchObject({ active: false, disabledReason: 'client_revoked' });
    const audit = (await auditRows(env, 'webhook.disabled')).filter((a) => a.target_id === sub.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: null, after: { disabledReason: 'client_revoked' } });
  });

  it('an expired client’s subscription sends nothing once the clock passes the expiry', async () => {
    const expiresAt = new Date(env.clock.now().getTime() + 60 * MINUTE);
    const clientId = await newClient({ expiresAt: expiresAt.toISOString() });
    const sub = await subscribe({ name: 'Hết hạn', url: `${receiver.url}/ok/het-han`, unitIds: [iaGrai], apiClientId: clientId });
    expect(await event(iaGrai)).toBeGreaterThanOrEqual(1);
    await dispatchDueDeliveries(env.ctx);
    expect(receivedBy('/ok/het-han')).toHaveLength(1);

    env.clock.advance(61 * MINUTE);
    admin = await signedIn(env, adminUser);
    expect(await event(iaGrai)).toBeGreaterThanOrEqual(1);
    await dispatchDueDeliveries(env.ctx);
    expect(receivedBy('/ok/het-han')).toHaveLength(1);
    const states = (await deliveriesOf(sub.id)).map((d) => [d.state, d.last_error]);
    expect(states).toEqual([
      ['succeeded', null],
      ['failed', expect.stringContaining('client_expired')],
    ]);
    expect(await view(sub.id)).toMatchObject({ active: false, disabledReason: 'client_expired' });
    expect((await auditRows(env, 'webhook.disabled')).filter((a) => a.target_id === sub.id)).toHaveLength(1);
  });

  it('narrowing the client’s units disables the subscriptions that reach beyond them (audited); the others keep sending', async () => {
    const clientId = await newClient();
    const inside = await subscribe({ name: 'Trong phạm vi', url: `${receiver.url}/ok/trong`, unitIds: [iaGrai], apiClientId: clientId });
    const beyond = await subscribe({ name: 'Ngoài phạm vi', url: `${receiver.url}/ok/ngoai`, unitIds: [giaLai], apiClientId: clientId });
    expect(await event(communes[0]!.id)).toBeGreaterThanOrEqual(1); // only `beyond` covers it
    const narrowed = await admin.patch(`/api/api-clients/${clientId}`, { unitIds: [iaGrai] });
    expect(narrowed.status, narrowed.text).toBe(200);
    expect(await view(beyond.id)).toMatchObject({ active: false, disabledReason: 'client_units' });
    expect(await view(inside.id)).toMatchObject({ active: true, disabledReason: null });
    const audit = (await auditRows(env, 'webhook.disabled')).filter((a) => a.target_id === beyond.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'qt.tw', after: { disabledReason: 'client_units' }, details: { apiClientId: clientId, clientUnitIds: [iaGrai] } });
    expect((await auditRows(env, 'webhook.disabled')).filter((a) => a.target_id === inside.id)).toHaveLength(0);

    expect(await event(iaGrai)).toBeGreaterThanOrEqual(1);
    await dispatchDueDeliveries(env.ctx);
    expect(receivedBy('/ok/ngoai')).toHaveLength(0);
    expect(receivedBy('/ok/trong')).toHaveLength(1);
    expectError(await admin.patch(`/api/webhooks/${beyond.id}`, { active: true }), 400, 'webhook_units_outside_client');
  });

  it('an event of a unit outside the client’s units is not sent, even if the client was narrowed behind our back', async () => {
    const clientId = await newClient();
    const sub = await subscribe({ name: 'Phạm vi ngầm', url: `${receiver.url}/ok/pham-vi-ngam`, unitIds: [giaLai], apiClientId: clientId });
    expect(await event(communes[1]!.id)).toBeGreaterThanOrEqual(1);
    expect(await event(iaGrai)).toBeGreaterThanOrEqual(1);
    await env.db.updateTable('api_client').set({ unit_ids: [iaGrai] }).where('id', '=', clientId).execute();
    await dispatchDueDeliveries(env.ctx);
    const ds = await deliveriesOf(sub.id);
    const byUnit = new Map(ds.map((d) => [(d.data as { unit: { id: string } }).unit.id, d]));
    expect(byUnit.get(communes[1]!.id)).toMatchObject({ state: 'failed', last_error: expect.stringContaining('unit_outside_client') });
    expect(byUnit.get(iaGrai)).toMatchObject({ state: 'succeeded' });
    expect(receivedBy('/ok/pham-vi-ngam')).toHaveLength(1);
    expect(JSON.parse(receivedBy('/ok/pham-vi-ngam')[0]!.body).data.unit.id).toBe(iaGrai);
  });
});

describe('outbound addresses (SSRF)', () => {
  beforeEach(async () => {
    env.clock.advance(MINUTE); // a new TOTP step: a code is accepted once
    admin = await signedIn(env, adminUser);
  });
  it('refuses to save a URL to cloud metadata, link-local or unspecified addresses, in any disguise', async () => {
    const base = { name: 'Máy nhận', events: ['submission.submitted'], unitIds: [giaLai] };
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://2852039166/', 'http://0.0.0.0:8080/', 'http://[fe80::1]/x']) {
      const res = await admin.post('/api/webhooks', { ...base, url });
      expectError(res, 400, 'validation_failed');
      expect(fieldPaths(res), url).toEqual(['body.url']);
      expect(res.body.error.fields[0].message).toMatch(/Không được gửi tới/);
    }
    const sub = await subscribe({ name: 'Đổi địa chỉ' });
    const patched = await admin.patch(`/api/webhooks/${sub.id}`, { url: 'http://169.254.169.254/latest/meta-data/' });
    expectError(patched, 400, 'validation_failed');
    expect(patched.body.error.fields[0]).toMatchObject({ path: 'body.url', message: expect.stringMatching(/link-local/) });
    await admin.delete(`/api/webhooks/${sub.id}`);
  });

  it('with OUTBOUND_ALLOW_LOOPBACK off, refuses a loopback receiver when saved, and a ping to one sends nothing', async () => {
    const sub = await subscribe({ name: 'Máy này', url: `${receiver.url}/ok/may-nay` });
    env.config.OUTBOUND_ALLOW_LOOPBACK = false;
    try {
      const saved = await admin.post('/api/webhooks', { name: 'Máy này 2', events: ['submission.submitted'], unitIds: [giaLai], url: `${receiver.url}/ok/may-nay` });
      expectError(saved, 400, 'validation_failed');
      expect(saved.body.error.fields[0]).toMatchObject({ path: 'body.url', message: expect.stringMatching(/loopback/) });
      const byName = await admin.patch(`/api/webhooks/${sub.id}`, { url: `${receiver.url.replace('127.0.0.1', 'localhost')}/ok/may-nay` });
      expect(byName.body.error.fields[0]).toMatchObject({ path: 'body.url', message: expect.stringMatching(/localhost trỏ tới/) });

      const ping = await admin.post(`/api/webhooks/${sub.id}/ping`);
      expect(ping.status, ping.text).toBe(200);
      expect(ping.body).toMatchObject({ lastStatusCode: null, responseExcerpt: null, lastError: expect.stringMatching(/^Địa chỉ bị từ chối: .*loopback/) });
      expect(receivedBy('/ok/may-nay')).toHaveLength(0);
    } finally {
      env.config.OUTBOUND_ALLOW_LOOPBACK = true;
    }
    const again = await admin.post(`/api/webhooks/${sub.id}/ping`);
    expect(again.body.state).toBe('succeeded');
    expect(receivedBy('/ok/may-nay')).toHaveLength(1);
    await admin.delete(`/api/webhooks/${sub.id}`);
  });
});
