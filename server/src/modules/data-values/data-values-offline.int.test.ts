// Data values entered offline and synced later (issue 8): a change based on a version
// someone else replaced with a different value is refused with the server's cell
// (409 value_conflict); the same value is no conflict; keeping "mine" saves and audits
// the resolution; keeping "theirs" is recorded through POST /api/data-values/conflicts;
// the device time is kept in the audit entry and a device clock far ahead is refused.
// The harness clock is 2026-03-02T02:00Z: BM01_XA_QUY has 2026Q1 open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, signIn } from '../catalog/catalog.test-support.ts';
import { formIds, integerCells } from '../forms/forms.test-support.ts';

let env: TestEnv;
let formId: string;
let iaGrai: string;
let otherCommune: string;
/** Two officers of Ia Grai: one works offline, the other online meanwhile. */
let field: TestClient;
let office: TestClient;
let viewer: TestClient;
let cells: { dataElementId: string; cocId: string }[];

const OPEN = '2026Q1';
const NOW = new Date('2026-03-02T02:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

const body = (i: number, over: Record<string, unknown> = {}) => ({ formId, unitId: iaGrai, period: OPEN, ...cells[i], value: '12', ...over });
const target = (i: number) => `${cells[i].dataElementId}:${cells[i].cocId}:${iaGrai}:${OPEN}`;
const stored = (i: number) =>
  env.db
    .selectFrom('data_value')
    .select(['value', 'comment', 'version'])
    .where('data_element_id', '=', cells[i].dataElementId)
    .where('coc_id', '=', cells[i].cocId)
    .where('unit_id', '=', iaGrai)
    .where('period', '=', OPEN)
    .executeTakeFirst();
const historyCount = async (i: number) =>
  (await env.db.selectFrom('data_value_history').select('id').where('data_element_id', '=', cells[i].dataElementId).where('coc_id', '=', cells[i].cocId).where('unit_id', '=', iaGrai).execute()).length;

beforeAll(async () => {
  env = await createTestEnv();
  formId = (await formIds(env)).BM01_XA_QUY;
  iaGrai = await unitId(env.db, '23764');
  const other = await env.db.selectFrom('org_unit').select('id').where('kind', '=', 'commune').where('hierarchy', '=', '2025').where('code', '!=', '23764').orderBy('code').executeTakeFirstOrThrow();
  otherCommune = other.id;
  cells = await integerCells(env, formId, 6);
  expect(cells.length).toBe(6);
  field = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  office = await signIn(env, 'xa.iagrai2', 'commune_officer', '23764');
  viewer = await signIn(env, 'xem.gialai', 'viewer', '52');
});
afterAll(async () => env?.close());

describe('PUT /api/data-values with baseVersion', () => {
  it('saves a change based on the current version, and a first value based on 0', async () => {
    const first = await field.put('/api/data-values', body(0, { value: '10', baseVersion: 0, clientChangeId: 'dv-off-0001' }));
    expect(first.status, first.text).toBe(200);
    expect(first.body.value).toMatchObject({ value: '10', version: 1 });
    const second = await field.put('/api/data-values', body(0, { value: '11', baseVersion: 1 }));
    expect(second.status, second.text).toBe(200);
    expect(second.body.value).toMatchObject({ value: '11', version: 2 });
  });

  it('refuses a change based on an older version when the cell now holds another value: 409 with the server cell', async () => {
    // Online, the other officer changes the cell while the field officer is offline on version 2.
    expect((await office.put('/api/data-values', body(0, { value: '20', comment: 'Theo sổ thôn', baseVersion: 2 }))).status).toBe(200);
    const before = await historyCount(0);

    const res = await field.put('/api/data-values', body(0, { value: '30', baseVersion: 2, clientChangeId: 'dv-off-0002', deviceTime: minutes(-30) }));
    expectError(res, 409, 'value_conflict');
    expect(res.body.error.message).toBe('Ô này đã được người khác sửa trong lúc bạn làm việc ngoại tuyến.');
    expect(res.body.error.details.server).toEqual({
      ...cells[0],
      value: '20',
      comment: 'Theo sổ thôn',
      version: 3,
      updatedAt: NOW.toISOString(),
      updatedBy: 'xa.iagrai2',
      source: 'screen',
    });
    expect(await stored(0)).toMatchObject({ value: '20', version: 3 });
    expect(await historyCount(0)).toBe(before);
    // Nothing was applied, so the same change id is free for the user's resolution.
    const history = await env.db.selectFrom('data_value_history').select('id').where('client_change_id', '=', 'dv-off-0002').execute();
    expect(history).toHaveLength(0);
  });

  it('is no conflict when the stale change carries the value the cell already holds', async () => {
    const res = await field.put('/api/data-values', body(0, { value: '20', baseVersion: 2 }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.value).toMatchObject({ value: '20', comment: 'Theo sổ thôn', version: 4 });
  });

  it('conflicts on a different comment only when the change sets one', async () => {
    expectError(await field.put('/api/data-values', body(0, { value: '20', comment: 'Ghi chú khác', baseVersion: 1 })), 409, 'value_conflict');
    const same = await field.put('/api/data-values', body(0, { value: '20', comment: 'Theo sổ thôn', baseVersion: 1 }));
    expect(same.status, same.text).toBe(200);
  });

  it('keeps "mine": saves over the version the user saw and audits the change and the resolution', async () => {
    const seen = (await stored(0))!.version;
    const res = await field.put('/api/data-values', body(0, { value: '30', baseVersion: seen, resolution: 'mine', clientChangeId: 'dv-off-0002', deviceTime: minutes(-30) }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.value).toMatchObject({ value: '30', version: seen + 1, updatedBy: 'xa.iagrai' });

    const changed = (await auditRows(env, 'data.value_changed')).at(-1)!;
    expect(changed).toMatchObject({ actor_username: 'xa.iagrai', target_id: target(0), unit_id: iaGrai });
    expect(changed.details).toMatchObject({ resolution: 'mine', deviceTime: minutes(-30), clientChangeId: 'dv-off-0002', version: seen + 1 });
    expect(changed.at.toISOString()).toBe(NOW.toISOString());
    const resolved = await auditRows(env, 'data.conflict_resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ actor_username: 'xa.iagrai', target_type: 'data_value', target_id: target(0), unit_id: iaGrai });
    expect(resolved[0].details).toMatchObject({ choice: 'mine', replacedVersion: seen, formId, period: OPEN, unitId: iaGrai, ...cells[0], deviceTime: minutes(-30) });
    expect(resolved[0].before).toMatchObject({ value: '20', version: seen });
    expect(resolved[0].after).toMatchObject({ value: '30', version: seen + 1 });

    // The queue replays the resolution: a no-op.
    const replay = await field.put('/api/data-values', body(0, { value: '30', baseVersion: seen, resolution: 'mine', clientChangeId: 'dv-off-0002' }));
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.replayed).toBe(true);
    expect(await auditRows(env, 'data.conflict_resolved')).toHaveLength(1);
  });

  it('keeping "mine" over a version that moved on again is a new conflict', async () => {
    const seen = (await stored(0))!.version;
    expect((await office.put('/api/data-values', body(0, { value: '31' }))).status).toBe(200);
    expectError(await field.put('/api/data-values', body(0, { value: '32', baseVersion: seen, resolution: 'mine' })), 409, 'value_conflict');
    expect(await stored(0)).toMatchObject({ value: '31' });
  });

  it('refuses a resolution without baseVersion, and a bad baseVersion', async () => {
    const res = await field.put('/api/data-values', body(1, { resolution: 'mine' }));
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.message).toMatch(/^Dữ liệu không hợp lệ: /);
    expectError(await field.put('/api/data-values', body(1, { baseVersion: -1 })), 400, 'validation_failed');
    expectError(await field.put('/api/data-values', body(1, { resolution: 'theirs', baseVersion: 1 })), 400, 'validation_failed');
  });
});

describe('device time', () => {
  it('is kept in the audit entry; the entry itself carries the sync time', async () => {
    const res = await field.put('/api/data-values', body(2, { value: '7', deviceTime: '2026-03-02T07:30:00+07:00' }));
    expect(res.status, res.text).toBe(200);
    const entry = (await auditRows(env, 'data.value_changed')).at(-1)!;
    expect(entry.target_id).toBe(target(2));
    expect(entry.details).toMatchObject({ deviceTime: '2026-03-02T00:30:00.000Z' });
    expect(entry.at.toISOString()).toBe(NOW.toISOString());
    expect(entry.details).not.toHaveProperty('resolution');
  });

  it('accepts a device clock a few minutes ahead, refuses one more than 10 minutes ahead', async () => {
    expect((await field.put('/api/data-values', body(3, { value: '8', deviceTime: minutes(5) }))).status).toBe(200);
    const before = await historyCount(3);
    const res = await field.put('/api/data-values', body(3, { value: '9', deviceTime: minutes(11) }));
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.message).toContain('thời điểm trên thiết bị ở tương lai');
    expect(res.body.error.fields).toEqual([{ path: 'body.deviceTime', message: expect.any(String) }]);
    expect(await historyCount(3)).toBe(before);
    expectError(await field.put('/api/data-values', body(3, { value: '9', deviceTime: 'hôm qua' })), 400, 'validation_failed');
  });
});

describe('POST /api/data-values/conflicts', () => {
  const theirs = (over: Record<string, unknown> = {}) => ({
    formId,
    unitId: iaGrai,
    period: OPEN,
    ...cells[4],
    choice: 'theirs',
    discardedValue: '45',
    serverVersion: 1,
    deviceTime: minutes(-5),
    ...over,
  });

  it('records that the user kept the server value, changing nothing else', async () => {
    expect((await office.put('/api/data-values', body(4, { value: '44' }))).status).toBe(200);
    const before = await auditRows(env, 'data.conflict_resolved');
    const res = await field.post('/api/data-values/conflicts', theirs());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ok: true });
    const after = await auditRows(env, 'data.conflict_resolved');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ actor_username: 'xa.iagrai', target_type: 'data_value', target_id: target(4), unit_id: iaGrai });
    expect(after.at(-1)!.details).toMatchObject({ choice: 'theirs', discardedValue: '45', serverVersion: 1, formId, period: OPEN, deviceTime: minutes(-5) });
    expect(await stored(4)).toMatchObject({ value: '44', version: 1 });

    const cleared = await field.post('/api/data-values/conflicts', theirs({ discardedValue: null, deviceTime: undefined }));
    expect(cleared.status, cleared.text).toBe(200);
    expect((await auditRows(env, 'data.conflict_resolved')).at(-1)!.details).toMatchObject({ discardedValue: null });
  });

  it('requires login', async () => {
    expectError(await env.client().post('/api/data-values/conflicts', theirs()), 401, 'unauthenticated');
  });

  it('refuses another commune and a reader without data.enter, as a save does', async () => {
    const before = (await auditRows(env, 'data.conflict_resolved')).length;
    expectError(await field.post('/api/data-values/conflicts', theirs({ unitId: otherCommune })), 404, 'not_found');
    expectError(await viewer.post('/api/data-values/conflicts', theirs()), 404, 'not_found');
    expect((await auditRows(env, 'data.conflict_resolved')).length).toBe(before);
  });

  it('refuses bad input with a stable code and a Vietnamese message', async () => {
    expectError(await field.post('/api/data-values/conflicts', theirs({ choice: 'mine' })), 400, 'validation_failed');
    expectError(await field.post('/api/data-values/conflicts', theirs({ serverVersion: undefined })), 400, 'validation_failed');
    expectError(await field.post('/api/data-values/conflicts', { ...theirs(), extra: 1 }), 400, 'validation_failed');
    expectError(await field.post('/api/data-values/conflicts', theirs({ period: '202602' })), 400, 'invalid_period');
    const future = await field.post('/api/data-values/conflicts', theirs({ deviceTime: minutes(60) }));
    expectError(future, 400, 'invalid_input');
    expect(future.body.error.message).toMatch(/^Dữ liệu không hợp lệ: /);
  });
});
