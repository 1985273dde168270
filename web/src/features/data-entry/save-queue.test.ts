import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { SaveQueue, type QueuedChange, type SaveEvent } from './save-queue';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(send: (key: string, change: QueuedChange) => Promise<string>) {
  const events: SaveEvent<string>[] = [];
  let n = 0;
  const queue = new SaveQueue<string>({ send, onEvent: (e) => events.push(e), newId: () => `id-${++n}`, sleep: async () => undefined, retryDelays: [1, 1] });
  return { queue, events };
}

describe('SaveQueue', () => {
  it('saves different cells at the same time and one cell one save after another, newest wins', async () => {
    const calls: { key: string; change: QueuedChange; d: ReturnType<typeof deferred<string>> }[] = [];
    const { queue, events } = setup((key, change) => {
      const d = deferred<string>();
      calls.push({ key, change, d });
      return d.promise;
    });
    queue.push('a', { value: '1' });
    queue.push('b', { value: '2' });
    queue.push('a', { value: '3' });
    queue.push('a', { value: '4', comment: 'ghi chú' });
    queue.push('a', { value: '5' });
    expect(calls.map((c) => [c.key, c.change.value])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(queue.pending).toBe(2);
    calls[0].d.resolve('ok-1');
    await Promise.resolve();
    await Promise.resolve();
    expect(calls.map((c) => [c.key, c.change.value])).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['a', '5'],
    ]);
    // The comment of a skipped change travels with the newest value; each change has its own id.
    expect(calls[2].change).toEqual({ value: '5', comment: 'ghi chú', clientChangeId: 'id-5' });
    expect(events.find((e) => e.type === 'saved' && e.key === 'a')).toMatchObject({ superseded: true });
    calls[1].d.resolve('ok-2');
    calls[2].d.resolve('ok-3');
    await queue.whenIdle();
    expect(queue.pending).toBe(0);
    expect(events.filter((e) => e.type === 'saved').map((e) => e.type === 'saved' && [e.key, e.result, e.superseded])).toEqual([
      ['a', 'ok-1', true],
      ['b', 'ok-2', false],
      ['a', 'ok-3', false],
    ]);
  });

  it('retries network failures with the same clientChangeId, then reports the error', async () => {
    const ids: string[] = [];
    let fail = 2;
    const { queue, events } = setup(async (_key, change) => {
      ids.push(change.clientChangeId);
      if (fail-- > 0) throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ.');
      return 'ok';
    });
    queue.push('a', { value: '1' });
    await queue.whenIdle();
    expect(ids).toEqual(['id-1', 'id-1', 'id-1']);
    expect(events.map((e) => e.type)).toEqual(['saving', 'saving', 'saving', 'saved']);

    const { queue: q2, events: e2 } = setup(async () => {
      throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ.');
    });
    q2.push('a', { value: '1' });
    await q2.whenIdle();
    expect(e2.map((e) => e.type)).toEqual(['saving', 'saving', 'saving', 'error']);
  });

  it('does not retry a refusal (validation, locked period)', async () => {
    let calls = 0;
    const { queue, events } = setup(async () => {
      calls++;
      throw new ApiError(400, 'invalid_value', 'Giá trị -5 nhỏ hơn mức tối thiểu 0.');
    });
    queue.push('a', { value: '-5' });
    await queue.whenIdle();
    expect(calls).toBe(1);
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    expect(last.type === 'error' && (last.error as ApiError).message).toBe('Giá trị -5 nhỏ hơn mức tối thiểu 0.');
  });
});
