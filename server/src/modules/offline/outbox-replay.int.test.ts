// The web app's outbox (web/src/features/offline/outbox.ts, over IndexedDB — here the
// in-memory fake-indexeddb) against the real server over HTTP: a queue replayed a second
// time (a device that never got the answers) changes nothing on the server (the replay of
// a queued submission is covered in submissions.int.test.ts); a queue with
// a change to a period locked meanwhile sends everything else and keeps that change,
// refused with the server's reason.
import 'fake-indexeddb/auto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../web/src/lib/api.ts';
import { Outbox, type Transport } from '../../../../web/src/features/offline/outbox.ts';
import { db as deviceDb, deleteDb, type ValueChange } from '../../../../web/src/features/offline/store.ts';
import { MINUTE } from '../../platform/clock.ts';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { signIn } from '../catalog/catalog.test-support.ts';
import { formIds, integerCells } from '../forms/forms.test-support.ts';

let env: TestEnv;
let formId: string;
let iaGrai: string;
let officer: TestClient;
let userId: string;
let cells: { dataElementId: string; cocId: string }[];

/** The transport of the web app, over the test's HTTP client (same bodies, same errors). */
function transport(client: TestClient, opts: { offline?: () => boolean } = {}): Transport {
  const send = async (method: 'PUT' | 'POST', path: string, body: unknown) => {
    if (opts.offline?.()) throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ.');
    const res = await client.request(method, path, body);
    if (res.status !== 200) throw new ApiError(res.status, res.body?.error?.code ?? `http_${res.status}`, res.body?.error?.message ?? '', [], res.body?.error?.details);
    return res.body;
  };
  return {
    saveValue: (e) =>
      send('PUT', '/api/data-values', {
        formId: e.formId, unitId: e.unitId, period: e.period, dataElementId: e.dataElementId, cocId: e.cocId, value: e.value,
        clientChangeId: e.clientChangeId, source: 'screen', baseVersion: e.baseVersion, deviceTime: e.deviceTime,
      }),
    submit: (e) => send('POST', '/api/submissions/submit', { formId: e.formId, unitId: e.unitId, period: e.period, version: e.version, clientChangeId: e.clientChangeId }),
    theirs: (e) => send('POST', '/api/data-values/conflicts', { formId: e.formId, unitId: e.unitId, period: e.period, dataElementId: e.dataElementId, cocId: e.cocId, choice: 'theirs', discardedValue: e.discardedValue, serverVersion: e.serverVersion }),
  };
}

const outboxFor = (t: Transport) => new Outbox({ transport: t, now: () => env.clock.now(), setTimer: () => 0, clearTimer: () => undefined });

async function serverState(period: string) {
  const values = await env.db.selectFrom('data_value').select(['data_element_id', 'coc_id', 'value', 'version']).where('unit_id', '=', iaGrai).where('period', '=', period).orderBy('data_element_id').orderBy('coc_id').execute();
  const history = await env.db.selectFrom('data_value_history').select((eb) => eb.fn.countAll<string>().as('n')).where('unit_id', '=', iaGrai).where('period', '=', period).executeTakeFirstOrThrow();
  const audit = await env.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'data.value_changed').where('unit_id', '=', iaGrai).where(sql<string>`details->>'period'`, '=', period).executeTakeFirstOrThrow();
  const events = await env.db.selectFrom('submission_event as e').innerJoin('submission as s', 's.id', 'e.submission_id').select((eb) => eb.fn.countAll<string>().as('n')).where('s.unit_id', '=', iaGrai).where('s.period', '=', period).executeTakeFirstOrThrow();
  return { values, history: Number(history.n), audit: Number(audit.n), events: Number(events.n) };
}

const version = async (i: number, period: string) =>
  (await env.db.selectFrom('data_value').select('version').where('data_element_id', '=', cells[i].dataElementId).where('coc_id', '=', cells[i].cocId).where('unit_id', '=', iaGrai).where('period', '=', period).executeTakeFirst())?.version ?? 0;

beforeAll(async () => {
  env = await createTestEnv();
  formId = (await formIds(env)).BM01_XA_QUY;
  iaGrai = await unitId(env.db, '23764');
  cells = await integerCells(env, formId, 5);
  expect(cells.length).toBe(5);
  officer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  userId = (await env.db.selectFrom('app_user').select('id').where('username', '=', 'xa.iagrai').executeTakeFirstOrThrow()).id;
});
afterAll(async () => env?.close());
afterEach(async () => {
  await deleteDb();
});

describe('the outbox against the server', () => {
  it('changes nothing when the same queue is sent a second time', async () => {
    let offline = true;
    const t = transport(officer, { offline: () => offline });
    const device = outboxFor(t);
    await device.setUser(userId);
    for (const [i, c] of cells.entries()) {
      await device.pushValue({ formId, unitId: iaGrai, period: '2026Q1', ...c, value: String(100 + i), lang: 'vi', baseVersion: await version(i, '2026Q1') });
    }
    const queued = (await (await deviceDb()).getAll('outbox')).map((e) => ({ ...e }));
    expect(queued).toHaveLength(5);

    offline = false;
    await device.retryNow();
    expect(device.getSnapshot().entries).toEqual([]);
    const once = await serverState('2026Q1');
    expect(once.values.filter((v) => cells.some((c) => c.dataElementId === v.data_element_id && c.cocId === v.coc_id)).map((v) => v.value)).toEqual(['100', '101', '102', '103', '104']);

    // The device never got the answers: it sends the whole queue again, same ids.
    const store = await deviceDb();
    for (const e of queued) await store.put('outbox', e);
    const again = outboxFor(transport(officer));
    await again.setUser(userId);
    expect(again.getSnapshot().entries).toHaveLength(5);
    await again.sync();
    expect(again.getSnapshot().entries).toEqual([]);
    expect(await serverState('2026Q1')).toEqual(once);
  });

  it('sends everything else when a period was locked meanwhile, and keeps that change with the reason', async () => {
    // 2025Q4 is locked for Ia Grai but open for five more minutes by an exception.
    await env.db.insertInto('form_lock_exception').values({ form_id: formId, unit_id: iaGrai, period: '2025Q4', expires_at: new Date(env.clock.now().getTime() + 5 * MINUTE), reason: 'Bổ sung số liệu' }).execute();
    let offline = true;
    const device = outboxFor(transport(officer, { offline: () => offline }));
    await device.setUser(userId);
    await device.pushValue({ formId, unitId: iaGrai, period: '2025Q4', ...cells[0], value: '7', lang: 'vi', baseVersion: await version(0, '2025Q4') });
    await device.pushValue({ formId, unitId: iaGrai, period: '2026Q1', ...cells[1], value: '8', lang: 'vi', baseVersion: await version(1, '2026Q1') });
    await device.pushValue({ formId, unitId: iaGrai, period: '2026Q1', ...cells[2], value: '9', lang: 'vi', baseVersion: await version(2, '2026Q1') });
    const before = await serverState('2025Q4');

    env.clock.advance(6 * MINUTE);
    offline = false;
    await device.retryNow();
    const left = device.getSnapshot().entries as ValueChange[];
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ period: '2025Q4', state: 'rejected', error: { code: 'period_locked' } });
    expect(left[0].error!.message).toMatch(/khóa/);
    expect(device.getSnapshot().summary).toMatchObject({ synced: 2, rejected: 1, conflicts: 0, resumed: true });
    expect(await serverState('2025Q4')).toEqual(before);
    const after = await serverState('2026Q1');
    expect(after.values.find((v) => v.data_element_id === cells[1].dataElementId && v.coc_id === cells[1].cocId)?.value).toBe('8');
    expect(after.values.find((v) => v.data_element_id === cells[2].dataElementId && v.coc_id === cells[2].cocId)?.value).toBe('9');

    // Still on the device after another try: a refusal is not sent again by itself.
    await device.sync();
    expect(device.getSnapshot().entries).toHaveLength(1);
  });
});
