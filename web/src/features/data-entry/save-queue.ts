// Saving cells: different cells save at the same time, one cell's saves go one after
// another and only the newest waiting change is sent (newest wins). Each change has its
// own clientChangeId, kept across retries so a retried save the server already applied
// is a no-op there. Network failures and overloaded-server answers are retried with
// growing pauses; any other error is final and reported with the server's message.
import { isApiError } from '../../lib/api';

export interface CellChange {
  /** As typed in the UI language; null clears the cell. */
  value: string | null;
  /** Absent: keep the cell's comment. */
  comment?: string | null;
}

export interface QueuedChange extends CellChange {
  clientChangeId: string;
}

export type SaveEvent<R> =
  | { type: 'saving'; key: string; attempt: number }
  | { type: 'saved'; key: string; result: R; change: QueuedChange; /** More changes of this cell are still waiting. */ superseded: boolean }
  | { type: 'error'; key: string; error: unknown; change: QueuedChange; superseded: boolean };

export interface SaveQueueOptions<R> {
  send: (key: string, change: QueuedChange) => Promise<R>;
  onEvent: (event: SaveEvent<R>) => void;
  newId?: () => string;
  sleep?: (ms: number) => Promise<void>;
  /** Pauses between attempts after a retryable failure; its length is the number of retries. */
  retryDelays?: readonly number[];
}

const DEFAULT_DELAYS = [500, 1000, 2000, 4000, 8000, 15000, 30000];

/** Worth trying again: no answer at all, or a gateway/overload answer. */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return !(error instanceof DOMException && error.name === 'AbortError');
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504;
}

export class SaveQueue<R> {
  private readonly running = new Set<string>();
  private readonly waiting = new Map<string, QueuedChange>();
  private readonly opts: Required<SaveQueueOptions<R>>;
  private idle: (() => void)[] = [];

  constructor(opts: SaveQueueOptions<R>) {
    this.opts = {
      newId: () => crypto.randomUUID(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      retryDelays: DEFAULT_DELAYS,
      ...opts,
    };
  }

  /** Queues a change of one cell; a change already waiting for that cell is merged into it (the newest value wins, a comment is kept). */
  push(key: string, change: CellChange): void {
    const previous = this.waiting.get(key);
    const merged: QueuedChange = { value: change.value, clientChangeId: this.opts.newId() };
    const comment = change.comment !== undefined ? change.comment : previous?.comment;
    if (comment !== undefined) merged.comment = comment;
    this.waiting.set(key, merged);
    if (!this.running.has(key)) void this.drain(key);
  }

  /** Cells with a save running or waiting. */
  get pending(): number {
    return new Set([...this.running, ...this.waiting.keys()]).size;
  }

  isPending(key: string): boolean {
    return this.running.has(key) || this.waiting.has(key);
  }

  /** Resolves when nothing is saving or waiting. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(key: string): Promise<void> {
    this.running.add(key);
    try {
      for (let change = this.waiting.get(key); change; change = this.waiting.get(key)) {
        this.waiting.delete(key);
        await this.sendWithRetry(key, change);
      }
    } finally {
      this.running.delete(key);
      if (this.pending === 0) {
        const waiters = this.idle;
        this.idle = [];
        for (const w of waiters) w();
      }
    }
  }

  private async sendWithRetry(key: string, change: QueuedChange): Promise<void> {
    const delays = this.opts.retryDelays;
    for (let attempt = 0; ; attempt++) {
      this.opts.onEvent({ type: 'saving', key, attempt });
      try {
        const result = await this.opts.send(key, change);
        this.opts.onEvent({ type: 'saved', key, result, change, superseded: this.waiting.has(key) });
        return;
      } catch (error) {
        // A newer change of the cell makes retrying this one pointless: it will overwrite it.
        if (isRetryable(error) && attempt < delays.length && !this.waiting.has(key)) {
          await this.opts.sleep(delays[attempt]);
          if (!this.waiting.has(key)) continue;
        }
        this.opts.onEvent({ type: 'error', key, error, change, superseded: this.waiting.has(key) });
        return;
      }
    }
  }
}
