// The outbox against a fake server: order, no duplicates on replay, survival across a
// reload, what happens on a dropped network, refusals, conflicts and their resolution.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataValueView } from '@shared/schemas/data-values.ts';
import { ApiError } from '../../lib/api';
import { Outbox, type Transport } from './outbox';
import { deleteDb, type SubmitChange, type TheirsChange, type ValueChange } from './store';

const cell = (de: string, extra: Partial<{ value: string | null; baseVersion: number; period: string }> = {}) => ({
  formId: '1',
  unitId: '10',
  period: extra.period ?? '2026Q1',
  dataElementId: de,
  cocId: '7',
  value: extra.value === undefined ? '5' : extra.value,
  lang: 'vi' as const,
  baseVersion: extra.baseVersion ?? 0,
});

/** A server that applies each clientChangeId once, like the real one. */
class FakeServer implements Transport {
  applied = new Map<string, ValueChange>();
  calls: string[] = [];
  versions = new Map<string, number>();
  submits: SubmitChange[] = [];
  theirsCalls: TheirsChange[] = [];
  /** Next calls fail this way (then succeed). */
  failures: (ApiError | 'lost')[] = [];
  refuse = new Map<string, ApiError>();

  async saveValue(e: ValueChange): Promise<{ value: DataValueView }> {
    this.calls.push(`${e.dataElementId}=${e.value}`);
    const failure = this.failures.shift();
    if (failure instanceof ApiError) throw failure;
    const refusal = this.refuse.get(e.dataElementId);
    if (refusal) throw refusal;
    if (!this.applied.has(e.clientChangeId)) {
      this.applied.set(e.clientChangeId, e);
      this.versions.set(e.cell, (this.versions.get(e.cell) ?? 0) + 1);
    }
    // The server applied it but the answer never arrived.
    if (failure === 'lost') throw new ApiError(0, 'network_error', 'mất mạng');
    return { value: { dataElementId: e.dataElementId, cocId: e.cocId, value: e.value, comment: null, version: this.versions.get(e.cell)!, updatedAt: '2026-03-02T02:00:00Z', updatedBy: 'xa.iagrai', source: 'screen' } };
  }

  async submit(e: SubmitChange): Promise<unknown> {
    this.calls.push(`submit ${e.period}`);
    this.submits.push(e);
    return { state: 'submitted' };
  }

  async theirs(e: TheirsChange): Promise<unknown> {
    this.calls.push(`theirs ${e.dataElementId}`);
    this.theirsCalls.push(e);
    return { ok: true };
  }
}

let server: FakeServer;
let timers: { fn: () => void; ms: number }[];
let ids: number;

function makeOutbox(): Outbox {
  return new Outbox({
    transport: server,
    newId: () => `change-${++ids}`,
    now: () => new Date('2026-03-02T03:00:00Z'),
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: () => undefined,
  });
}

beforeEach(async () => {
  server = new FakeServer();
  timers = [];
  ids = 0;
});

afterEach(async () => {
  await deleteDb();
});

describe('the outbox', () => {
  it('sends changes in the order they were made and forgets them once the server has them', async () => {
    const box = makeOutbox();
    await box.setUser('u1');
    const synced: string[] = [];
    box.onSynced((e) => synced.push(e.kind === 'value' ? e.dataElementId : e.kind));
    server.failures.push(new ApiError(0, 'network_error', 'offline'));
    await box.pushValue(cell('A', { value: '1' }));
    await box.sync();
    await box.pushValue(cell('B', { value: '2' }));
    await box.pushSubmit({ formId: '1', unitId: '10', period: '2026Q1', version: 0 });
    await box.retryNow();
    expect(server.calls).toEqual(['A=1', 'A=1', 'B=2', 'submit 2026Q1']);
    expect(synced).toEqual(['A', 'B', 'submit']);
    expect(box.getSnapshot().entries).toEqual([]);
    expect(box.getSnapshot().summary).toMatchObject({ synced: 3, rejected: 0, conflicts: 0, resumed: true });
  });

  it('keeps changes on the device across a reload and sends them afterwards', async () => {
    const first = makeOutbox();
    await first.setUser('u1');
    server.failures.push(new ApiError(0, 'network_error', 'offline'));
    await first.pushValue(cell('A', { value: '12' }));
    await first.sync();
    expect(first.getSnapshot().waitingForNetwork).toBe(true);
    first.stop();

    const second = makeOutbox();
    await second.setUser('u1');
    expect(second.getSnapshot().entries.map((e) => e.kind === 'value' && e.value)).toEqual(['12']);
    await second.sync();
    expect([...server.applied.values()].map((e) => e.value)).toEqual(['12']);
    expect(second.getSnapshot().entries).toEqual([]);
  });

  it('replays a change whose answer was lost without applying it twice', async () => {
    const box = makeOutbox();
    await box.setUser('u1');
    server.failures.push('lost');
    await box.pushValue(cell('A', { value: '3' }));
    await box.sync();
    expect(box.getSnapshot().entries).toHaveLength(1);
    expect(timers.at(-1)?.ms).toBe(2000);
    timers.at(-1)!.fn();
    await box.sync();
    expect(server.calls).toEqual(['A=3', 'A=3']);
    expect(server.applied.size).toBe(1);
    expect(box.getSnapshot().entries).toHaveLength(0);
  });

  it('merges a newer change of a waiting cell into it (newest value, new id, the first base version)', async () => {
    const box = makeOutbox();
    await box.setUser('u1');
    server.failures.push(new ApiError(0, 'network_error', 'offline'));
    await box.pushValue(cell('A', { value: '1', baseVersion: 4 }));
    await box.sync();
    await box.pushValue(cell('A', { value: '2', baseVersion: 4 }));
    const entries = box.getSnapshot().entries as ValueChange[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ value: '2', baseVersion: 4, clientChangeId: 'change-2', state: 'pending' });
  });

  it('marks a refused change with the reason, keeps it, and sends the others', async () => {
    const box = makeOutbox();
    await box.setUser('u1');
    server.refuse.set('A', new ApiError(422, 'period_locked', 'Kỳ 2026Q1 đã khóa sổ.'));
    await box.pushValue(cell('A'));
    await box.pushValue(cell('B'));
    await box.sync();
    const entries = box.getSnapshot().entries as ValueChange[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ dataElementId: 'A', state: 'rejected', error: { code: 'period_locked', message: 'Kỳ 2026Q1 đã khóa sổ.' } });
    expect([...server.applied.values()].map((e) => e.dataElementId)).toEqual(['B']);
    // A refused change is not sent again by itself; typing the cell again replaces it.
    await box.sync();
    expect(server.calls.filter((c) => c.startsWith('A'))).toHaveLength(1);
    server.refuse.clear();
    await box.pushValue(cell('A', { value: '9' }));
    await box.sync();
    expect(box.getSnapshot().entries).toEqual([]);
  });

  it('turns a conflict into a choice: keep mine sends over the server version, take theirs records the choice', async () => {
    const box = makeOutbox();
    await box.setUser('u1');
    const theirs: DataValueView = { dataElementId: 'A', cocId: '7', value: '40', comment: null, version: 3, updatedAt: '2026-03-02T02:30:00Z', updatedBy: 'tinh.gialai', source: 'screen' };
    server.failures.push(new ApiError(409, 'value_conflict', 'Ô này đã được người khác sửa', [], { server: theirs }));
    server.failures.push(new ApiError(409, 'value_conflict', 'Ô này đã được người khác sửa', [], { server: { ...theirs, dataElementId: 'B' } }));
    await box.pushValue(cell('A', { value: '41', baseVersion: 2 }));
    await box.pushValue(cell('B', { value: '7', baseVersion: 2 }));
    await box.sync();
    const [a, b] = box.getSnapshot().entries as ValueChange[];
    expect(a).toMatchObject({ state: 'conflict', server: { value: '40', updatedBy: 'tinh.gialai' } });
    expect(b.state).toBe('conflict');

    await box.keepMine(a.seq!);
    await box.takeTheirs(b.seq!);
    await box.sync();
    const sent = [...server.applied.values()];
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ dataElementId: 'A', value: '41', baseVersion: 3, resolution: 'mine' });
    expect(server.theirsCalls).toHaveLength(1);
    expect(server.theirsCalls[0]).toMatchObject({ dataElementId: 'B', discardedValue: '7', serverVersion: 3 });
    expect(box.getSnapshot().entries).toEqual([]);
  });

  it('builds a change made while the previous one was in flight on the version that one got', async () => {
    const box = makeOutbox();
    await box.setUser('u1');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const original = server.saveValue.bind(server);
    let first = true;
    server.saveValue = async (e) => {
      if (first) {
        first = false;
        await gate;
      }
      return original(e);
    };
    await box.pushValue(cell('A', { value: '1', baseVersion: 0 }));
    const run = box.sync();
    await new Promise((r) => setTimeout(r, 10));
    await box.pushValue(cell('A', { value: '2', baseVersion: 0 }));
    expect(box.getSnapshot().entries).toHaveLength(2);
    release();
    await run;
    const applied = [...server.applied.values()];
    expect(applied.map((e) => [e.value, e.baseVersion])).toEqual([
      ['1', 0],
      ['2', 1],
    ]);
  });

  it("leaves another user's changes on the device alone", async () => {
    const a = makeOutbox();
    await a.setUser('u1');
    server.failures.push(new ApiError(0, 'network_error', 'offline'));
    await a.pushValue(cell('A'));
    await a.sync();
    a.stop();
    const b = makeOutbox();
    await b.setUser('u2');
    expect(b.getSnapshot().entries).toEqual([]);
    await b.sync();
    expect(server.applied.size).toBe(0);
  });
});
