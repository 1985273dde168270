// Data values over HTTP: reading a form's cells with the period status, saving one
// cell (scope, form layout, period window, engine checks in Vietnamese), idempotent
// replays, concurrent saves (last write wins, both in the history) and the audit entry.
// The harness clock starts at 2026-03-02T02:00Z: for the quarterly commune form
// BM01_XA_QUY, 2026Q1 is open, 2025Q4 is locked and 2026Q2 has not started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';

let env: TestEnv;
let formId: string;
let iaGrai: string;
let otherCommune: string;
let officer: MadeUser;
let commune: TestClient;
/** An integer element on the form and one of its option combinations. */
let cell: { dataElementId: string; cocId: string };
/** An element of the catalogue that is not on the form, with a combination of its own combo. */
let offForm: { dataElementId: string; cocId: string };

const START = new Date('2026-03-02T02:00:00Z');
const OPEN = '2026Q1';

const body = (over: Record<string, unknown> = {}) => ({ formId, unitId: iaGrai, period: OPEN, ...cell, value: '12', ...over });
const historyUrl = (period = OPEN, c = cell, unit = iaGrai) =>
  `/api/data-values/history?unitId=${unit}&period=${period}&dataElementId=${c.dataElementId}&cocId=${c.cocId}`;

async function firstCoc(dataElementId: string): Promise<string> {
  const row = await env.db
    .selectFrom('data_element as de')
    .innerJoin('category_option_combo as oc', 'oc.combo_id', 'de.category_combo_id')
    .select('oc.id')
    .where('de.id', '=', dataElementId)
    .where('oc.active', '=', true)
    .orderBy('oc.sort_order')
    .orderBy('oc.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  env = await createTestEnv();
  formId = (await formIds(env)).BM01_XA_QUY;
  iaGrai = await unitId(env.db, '23764');
  const other = await env.db
    .selectFrom('org_unit')
    .select('id')
    .where('kind', '=', 'commune')
    .where('hierarchy', '=', '2025')
    .where('code', '!=', '23764')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  otherCommune = other.id;
  const onForm = await env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .select('de.id')
    .where('fe.form_id', '=', formId)
    .where('de.value_type', '=', 'integer')
    .orderBy('fe.sort_order')
    .executeTakeFirstOrThrow();
  cell = { dataElementId: onForm.id, cocId: await firstCoc(onForm.id) };
  const notOnForm = await env.db
    .selectFrom('data_element')
    .select('id')
    .where('id', 'not in', (eb) => eb.selectFrom('form_element').select('data_element_id').where('form_id', '=', formId))
    .orderBy('id')
    .executeTakeFirstOrThrow();
  offForm = { dataElementId: notOnForm.id, cocId: await firstCoc(notOnForm.id) };
  officer = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' });
  commune = await signedIn(env, officer);
});
afterAll(async () => env?.close());

describe('PUT /api/data-values', () => {
  it('saves a cell typed the Vietnamese way, returns it with the open period, and writes history and audit', async () => {
    const res = await commune.put('/api/data-values', body({ value: '1.234', comment: 'Số liệu từ thôn' }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.replayed).toBe(false);
    expect(res.body.value).toMatchObject({ ...cell, value: '1234', comment: 'Số liệu từ thôn', version: 1, updatedBy: 'xa.iagrai', source: 'screen' });
    expect(res.body.ambiguous).toBeDefined();

    const again = await commune.put('/api/data-values', body({ value: '1.250' }));
    expect(again.status, again.text).toBe(200);
    expect(again.body.value).toMatchObject({ value: '1250', comment: 'Số liệu từ thôn', version: 2 });

    const read = await commune.get(`/api/data-values?formId=${formId}&unitId=${iaGrai}&period=${OPEN}`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.period).toMatchObject({ code: OPEN, status: 'open' });
    expect(read.body.canEdit).toBe(true);
    expect(read.body.values).toEqual([expect.objectContaining({ ...cell, value: '1250', version: 2 })]);

    const history = await commune.get(historyUrl());
    expect(history.status, history.text).toBe(200);
    expect(history.body.items.map((h: { oldValue: string | null; newValue: string }) => [h.oldValue, h.newValue])).toEqual([
      ['1234', '1250'],
      [null, '1234'],
    ]);

    const stored = await env.db.selectFrom('data_value').selectAll().where('data_element_id', '=', cell.dataElementId).where('unit_id', '=', iaGrai).executeTakeFirstOrThrow();
    expect(stored.numeric_value).toBe('1250');
    const unit = await env.db.selectFrom('org_unit').select('province_id').where('id', '=', iaGrai).executeTakeFirstOrThrow();
    expect(stored.province_id).toBe(unit.province_id);

    const audit = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'data.value_changed').orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor_username: 'xa.iagrai', unit_id: iaGrai, target_type: 'data_value' });
    expect(audit[1].before).toMatchObject({ value: '1234' });
    expect(audit[1].after).toMatchObject({ value: '1250' });
  });

  it('clears a cell with null, keeping its history', async () => {
    const res = await commune.put('/api/data-values', body({ value: null }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.value).toMatchObject({ value: null });
    const history = await commune.get(historyUrl());
    expect(history.body.items[0]).toMatchObject({ newValue: null });
  });

  it('answers 401 without a session', async () => {
    expectError(await env.client().put('/api/data-values', body()), 401, 'unauthenticated');
    expectError(await env.client().get(`/api/data-values?formId=${formId}&unitId=${iaGrai}&period=${OPEN}`), 401, 'unauthenticated');
  });

  it('answers 404 to a commune officer reading or writing another commune', async () => {
    expectError(await commune.put('/api/data-values', body({ unitId: otherCommune })), 404, 'not_found');
    expectError(await commune.get(`/api/data-values?formId=${formId}&unitId=${otherCommune}&period=${OPEN}`), 404, 'not_found');
    expectError(await commune.get(historyUrl(OPEN, cell, otherCommune)), 404, 'not_found');
    const rows = await env.db.selectFrom('data_value').select('unit_id').where('unit_id', '=', otherCommune).execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses a bad value with a Vietnamese message (and English when asked)', async () => {
    const res = await commune.put('/api/data-values', body({ value: 'mười hai' }));
    expectError(res, 400, 'invalid_value');
    expect(res.body.error.message).toBe("'mười hai' không phải là số.");
    expect(res.body.error.fields).toEqual([{ path: 'body.value', message: res.body.error.message }]);

    const fraction = await commune.put('/api/data-values', body({ value: '1,5' }));
    expectError(fraction, 400, 'invalid_value');
    expect(fraction.body.error.message).toMatch(/số nguyên/);

    const en = env.client();
    await en.login(officer.username, officer.password);
    en.lang = 'en';
    const english = await en.put('/api/data-values', body({ value: 'twelve' }));
    expectError(english, 400, 'invalid_value');
    expect(english.body.error.message).toMatch(/not a number/);
  });

  it('refuses an element that is not on the form, or a combination of another combo', async () => {
    expectError(await commune.put('/api/data-values', body(offForm)), 400, 'element_not_in_form');
    const foreignCoc = await env.db
      .selectFrom('category_option_combo')
      .select('id')
      .where('combo_id', '!=', (eb) => eb.selectFrom('data_element').select('category_combo_id').where('id', '=', cell.dataElementId))
      .executeTakeFirstOrThrow();
    expectError(await commune.put('/api/data-values', body({ cocId: foreignCoc.id })), 400, 'element_not_in_form');
  });

  it('refuses a form that is not assigned to the unit', async () => {
    const provincial = (await formIds(env)).BM02_TINH_6T;
    expectError(await commune.put('/api/data-values', body({ formId: provincial, period: '2026S1' })), 400, 'form_not_assigned');
  });

  it('refuses a period of the wrong type', async () => {
    expectError(await commune.put('/api/data-values', body({ period: '202602' })), 400, 'invalid_period');
    expectError(await commune.get(`/api/data-values?formId=${formId}&unitId=${iaGrai}&period=2026Q9`), 400, 'invalid_period');
  });

  it('treats a replayed clientChangeId as a no-op returning the current value', async () => {
    const id = 'c0ffee-replay-0001';
    const first = await commune.put('/api/data-values', body({ value: '40', clientChangeId: id }));
    expect(first.status, first.text).toBe(200);
    expect(first.body.replayed).toBe(false);
    const version = first.body.value.version;

    // Someone else changes the cell meanwhile; the replay must not bring 40 back.
    const other = await commune.put('/api/data-values', body({ value: '41' }));
    expect(other.status).toBe(200);

    const replay = await commune.put('/api/data-values', body({ value: '40', clientChangeId: id }));
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.replayed).toBe(true);
    expect(replay.body.value).toMatchObject({ value: '41', version: version + 1 });
    const history = await env.db.selectFrom('data_value_history').select('id').where('client_change_id', '=', id).execute();
    expect(history).toHaveLength(1);

    // The same id on another cell is a client bug, not a replay.
    const second = await env.db
      .selectFrom('form_element')
      .select('data_element_id')
      .where('form_id', '=', formId)
      .where('data_element_id', '!=', cell.dataElementId)
      .executeTakeFirstOrThrow();
    const elsewhere = { dataElementId: second.data_element_id, cocId: await firstCoc(second.data_element_id) };
    expectError(await commune.put('/api/data-values', body({ ...elsewhere, value: '1', clientChangeId: id })), 409, 'client_change_conflict');
  });

  it('keeps both of two concurrent saves of one cell in the history; the later one wins', async () => {
    const c2 = await signedIn(env, officer);
    const before = (await commune.get(historyUrl())).body.items.length;
    const [a, b] = await Promise.all([
      commune.put('/api/data-values', body({ value: '100', clientChangeId: 'concurrent-aaaa' })),
      c2.put('/api/data-values', body({ value: '200', clientChangeId: 'concurrent-bbbb' })),
    ]);
    expect(a.status, a.text).toBe(200);
    expect(b.status, b.text).toBe(200);
    const items = (await commune.get(historyUrl())).body.items as { oldValue: string | null; newValue: string | null }[];
    expect(items.length).toBe(before + 2);
    const [last, previous] = items;
    expect([last.newValue, previous.newValue].sort()).toEqual(['100', '200']);
    // The later write replaced the earlier one, and the stored value is the later one.
    expect(last.oldValue).toBe(previous.newValue);
    const read = await commune.get(`/api/data-values?formId=${formId}&unitId=${iaGrai}&period=${OPEN}`);
    const stored = read.body.values.find((v: { dataElementId: string; cocId: string }) => v.dataElementId === cell.dataElementId && v.cocId === cell.cocId);
    expect(stored.value).toBe(last.newValue);
    expect(Math.max(a.body.value.version, b.body.value.version)).toBe(stored.version);
  });

  it('concurrent first saves of an empty cell both land in the history', async () => {
    const c2 = await signedIn(env, officer);
    const rows = await env.db
      .selectFrom('form_element as fe')
      .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
      .select('de.id')
      .where('fe.form_id', '=', formId)
      .where('de.value_type', '=', 'integer')
      .orderBy('fe.sort_order')
      .execute();
    const empty = rows[rows.length - 1].id;
    expect(empty).not.toBe(cell.dataElementId);
    const target = { dataElementId: empty, cocId: await firstCoc(empty) };
    const [a, b] = await Promise.all([commune.put('/api/data-values', body({ ...target, value: '7' })), c2.put('/api/data-values', body({ ...target, value: '8' }))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const items = (await commune.get(historyUrl(OPEN, target))).body.items;
    expect(items).toHaveLength(2);
    expect(items[1].oldValue).toBeNull();
    expect(items[0].oldValue).toBe(items[1].newValue);
    const versions = [a.body.value.version, b.body.value.version].sort();
    expect(versions).toEqual([1, 2]);
  });

  it('answers invalid_json to a malformed body', async () => {
    const res = await commune.request('PUT', '/api/data-values', undefined, { raw: '{"formId": ', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json');
  });
});

describe('period window', () => {
  it('refuses a locked and a future period, and follows the clock', async () => {
    const locked = await commune.put('/api/data-values', body({ period: '2025Q4' }));
    expectError(locked, 409, 'period_locked');
    expect(locked.body.error.message).toContain('2025Q4');
    expectError(await commune.put('/api/data-values', body({ period: '2026Q2' })), 409, 'period_future');
    const read = await commune.get(`/api/data-values?formId=${formId}&unitId=${iaGrai}&period=2025Q4`);
    expect(read.body).toMatchObject({ period: { status: 'locked' }, canEdit: false });

    // Into the second quarter: 2026Q2 opens.
    env.clock.set(new Date('2026-04-02T02:00:00Z'));
    let c = await signedIn(env, officer);
    const opened = await c.put('/api/data-values', body({ period: '2026Q2', value: '5' }));
    expect(opened.status, opened.text).toBe(200);

    // After 2026Q1's lock (due 10/04, locked 30 days later): it is locked now.
    env.clock.set(new Date('2026-05-15T02:00:00Z'));
    c = await signedIn(env, officer);
    expectError(await c.put('/api/data-values', body({ period: OPEN, value: '6' })), 409, 'period_locked');
    env.clock.set(START);
  });
});
