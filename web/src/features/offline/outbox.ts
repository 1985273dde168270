// The device's outbox: every change is written here first (so it survives a dropped
// network, a closed tab or a flat battery), then sent to the server one after another in
// the order it was made. Each change carries its own clientChangeId, so a change the
// server already has is a no-op when it is sent again. What the server refuses stays on
// the device with the reason (rejected) until the user deals with it; a cell someone else
// changed meanwhile becomes a conflict the user resolves. Nothing is dropped silently.
import type { DataValueView } from '@shared/schemas/data-values.ts';
import { isApiError, type ApiError } from '../../lib/api';
import { cellId, db, type CellRef, type OutboxEntry, type SubmitChange, type TheirsChange, type ValueChange } from './store';

export interface SyncSummary {
  at: string;
  synced: number;
  rejected: number;
  conflicts: number;
  /** The run sent changes that had waited (network down, or left from an earlier visit). */
  resumed: boolean;
}

export interface Transport {
  saveValue(e: ValueChange): Promise<{ value: DataValueView }>;
  submit(e: SubmitChange): Promise<unknown>;
  theirs(e: TheirsChange): Promise<unknown>;
}

export interface OutboxSnapshot {
  /** The signed-in user's entries, oldest first. */
  entries: readonly OutboxEntry[];
  /** The entry being sent now. */
  sending: number | null;
  syncing: boolean;
  /** The network failed on the last attempt; the next one is scheduled. */
  waitingForNetwork: boolean;
  /** Of the last sync run that sent anything. */
  summary: SyncSummary | null;
  /** During a run: sent so far and how many there were at its start. */
  progress: { done: number; total: number } | null;
}

type SyncedListener = (entry: OutboxEntry, result: unknown) => void;

export interface OutboxOptions {
  transport: Transport;
  newId?: () => string;
  now?: () => Date;
  /** Pauses before the next attempt after a network failure; the last one repeats. */
  retryDelays?: readonly number[];
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const RETRY_DELAYS = [2_000, 5_000, 10_000, 30_000, 60_000];

/** How a failed send is handled. */
export function classify(error: unknown): 'network' | 'auth' | 'conflict' | 'rejected' {
  if (!isApiError(error)) return 'network';
  if (error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500) return 'network';
  // The session (or its CSRF token) needs renewing: nothing is wrong with the change itself.
  if (error.status === 401 || (error.status === 403 && (error.code === 'step_required' || error.code === 'csrf_failed'))) return 'auth';
  if (error.status === 409 && error.code === 'value_conflict') return 'conflict';
  return 'rejected';
}

export class Outbox {
  private userId: string | null = null;
  private entries: OutboxEntry[] = [];
  private state: OutboxSnapshot = { entries: [], sending: null, syncing: false, waitingForNetwork: false, summary: null, progress: null };
  private readonly listeners = new Set<() => void>();
  private readonly syncedListeners = new Set<SyncedListener>();
  private readonly opts: Required<OutboxOptions>;
  private running: Promise<void> | null = null;
  private timer: unknown = null;
  private failures = 0;
  /** Changes have waited for the network since the last complete run. */
  private waited = false;

  constructor(opts: OutboxOptions) {
    this.opts = {
      newId: () => crypto.randomUUID(),
      now: () => new Date(),
      retryDelays: RETRY_DELAYS,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      ...opts,
    };
  }

  // ─── state for the UI ───

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutboxSnapshot => this.state;

  /** Called with each change the server accepted and its answer. */
  onSynced(listener: SyncedListener): () => void {
    this.syncedListeners.add(listener);
    return () => this.syncedListeners.delete(listener);
  }

  private publish(patch: Partial<OutboxSnapshot> = {}): void {
    this.state = { ...this.state, entries: [...this.entries], ...patch };
    for (const l of this.listeners) l();
  }

  /** The user whose changes are sent; others' entries stay on the device untouched. */
  async setUser(userId: string | null): Promise<void> {
    if (userId === this.userId) return;
    this.userId = userId;
    await this.reload();
  }

  get user(): string | null {
    return this.userId;
  }

  async reload(): Promise<void> {
    this.entries = this.userId ? await (await db()).getAllFromIndex('outbox', 'byUser', this.userId) : [];
    this.entries.sort((a, b) => a.seq! - b.seq!);
    if (this.entries.some((e) => e.state === 'pending')) this.waited = true;
    this.publish();
  }

  /** The entries of one cell (at most one value change, plus a pending "theirs" record). */
  entriesOf(ref: CellRef): OutboxEntry[] {
    const id = cellId(ref);
    return this.entries.filter((e) => e.kind !== 'submit' && e.cell === id);
  }

  // ─── changes ───

  /**
   * Records a change of a cell on the device at once. A change of the same cell still
   * waiting is replaced (the newest value wins, with a new clientChangeId); one being sent
   * right now is left alone and this one queues behind it. A conflict stays a conflict
   * (with the newer value) until the user chooses.
   */
  async pushValue(change: CellRef & { value: string | null; lang: 'vi' | 'en'; comment?: string | null; baseVersion: number }): Promise<ValueChange> {
    const userId = this.requireUser();
    const cell = cellId(change);
    const existing = this.entries.find((e): e is ValueChange => e.kind === 'value' && e.cell === cell && e.seq !== this.state.sending);
    const next: ValueChange = {
      ...(existing ?? {}),
      kind: 'value',
      userId,
      cell,
      formId: change.formId,
      unitId: change.unitId,
      period: change.period,
      dataElementId: change.dataElementId,
      cocId: change.cocId,
      value: change.value,
      lang: change.lang,
      baseVersion: existing ? existing.baseVersion : change.baseVersion,
      clientChangeId: this.opts.newId(),
      deviceTime: this.opts.now().toISOString(),
      state: existing?.state === 'conflict' ? 'conflict' : 'pending',
    };
    const comment = change.comment !== undefined ? change.comment : existing?.comment;
    if (comment !== undefined) next.comment = comment;
    else delete next.comment;
    if (next.state === 'pending') {
      delete next.error;
      delete next.server;
    }
    await this.put(next);
    this.kick();
    return next;
  }

  /** Queues the submission of a report (sent after the values before it). */
  async pushSubmit(s: { formId: string; unitId: string; period: string; version: number; comment?: string }): Promise<SubmitChange> {
    const entry: SubmitChange = { kind: 'submit', userId: this.requireUser(), ...s, clientChangeId: this.opts.newId(), deviceTime: this.opts.now().toISOString(), state: 'pending' };
    await this.put(entry);
    this.kick();
    return entry;
  }

  /** Conflict resolved by keeping this device's value: sent again over the server's version. */
  async keepMine(seq: number): Promise<void> {
    const e = this.entries.find((x) => x.seq === seq);
    if (!e || e.kind !== 'value' || e.state !== 'conflict' || !e.server) return;
    const next: ValueChange = { ...e, state: 'pending', baseVersion: e.server.version, resolution: 'mine', clientChangeId: this.opts.newId() };
    delete next.server;
    delete next.error;
    await this.put(next);
    this.kick();
  }

  /** Conflict resolved by taking the server's value: this device's value is dropped, the choice recorded on the server. */
  async takeTheirs(seq: number): Promise<void> {
    const e = this.entries.find((x) => x.seq === seq);
    if (!e || e.kind !== 'value' || e.state !== 'conflict' || !e.server) return;
    const record: TheirsChange = {
      kind: 'theirs',
      userId: e.userId,
      cell: e.cell,
      formId: e.formId,
      unitId: e.unitId,
      period: e.period,
      dataElementId: e.dataElementId,
      cocId: e.cocId,
      discardedValue: e.value,
      serverVersion: e.server.version,
      clientChangeId: this.opts.newId(),
      deviceTime: this.opts.now().toISOString(),
      state: 'pending',
    };
    const d = await db();
    const tx = d.transaction('outbox', 'readwrite');
    await tx.store.delete(seq);
    record.seq = await tx.store.add(record);
    await tx.done;
    this.entries = [...this.entries.filter((x) => x.seq !== seq), record];
    this.publish();
    for (const l of this.syncedListeners) l(e, { value: e.server });
    this.kick();
  }

  /** The user gives up a change the server refused. */
  async discard(seq: number): Promise<void> {
    const e = this.entries.find((x) => x.seq === seq);
    if (!e || e.state === 'pending') return;
    await (await db()).delete('outbox', seq);
    this.entries = this.entries.filter((x) => x.seq !== seq);
    this.publish();
  }

  private requireUser(): string {
    if (!this.userId) throw new Error('outbox: no signed-in user');
    return this.userId;
  }

  private async put(entry: OutboxEntry): Promise<void> {
    const seq = await (await db()).put('outbox', entry);
    entry.seq = seq;
    this.entries = [...this.entries.filter((x) => x.seq !== seq), entry].sort((a, b) => a.seq! - b.seq!);
    this.publish();
  }

  // ─── sending ───

  /** Starts a sync run soon unless one is running or waiting for the network. */
  kick(): void {
    if (this.running || this.state.waitingForNetwork) return;
    void this.sync();
  }

  /** The network is back (or the user asked): try now. */
  retryNow(): Promise<void> {
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    this.failures = 0;
    this.publish({ waitingForNetwork: false });
    return this.sync();
  }

  /** Sends the pending entries in order; resolves when the run ends. */
  sync(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const summary: SyncSummary = { at: '', synced: 0, rejected: 0, conflicts: 0, resumed: this.waited };
    const total = this.entries.filter((e) => e.state === 'pending').length;
    if (total === 0 || !this.userId) return;
    this.publish({ syncing: true, progress: { done: 0, total } });
    let stopped = false;
    try {
      for (;;) {
        const next = this.entries.find((e) => e.state === 'pending');
        if (!next) break;
        this.publish({ sending: next.seq!, progress: { done: summary.synced + summary.rejected + summary.conflicts, total: Math.max(total, this.pendingCount() + summary.synced) } });
        let result: unknown;
        try {
          result = await this.send(next);
        } catch (error) {
          const kind = classify(error);
          if (kind === 'network' || kind === 'auth') {
            stopped = true;
            if (kind === 'network') this.scheduleRetry();
            break;
          }
          const current = this.entries.find((e) => e.seq === next.seq);
          if (!current) continue;
          const e = error as ApiError;
          if (kind === 'conflict' && current.kind === 'value') {
            const server = (e.details as { server?: DataValueView } | undefined)?.server;
            await this.put({ ...current, state: 'conflict', ...(server ? { server } : {}) } as ValueChange);
            summary.conflicts++;
          } else {
            await this.put({ ...current, state: 'rejected', error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } });
            summary.rejected++;
          }
          continue;
        }
        await this.delivered(next, result);
        summary.synced++;
      }
    } finally {
      if (!stopped) {
        this.failures = 0;
        this.waited = false;
      }
      const sent = summary.synced + summary.rejected + summary.conflicts;
      this.publish({ syncing: false, sending: null, progress: null, ...(sent > 0 ? { summary: { ...summary, at: this.opts.now().toISOString() } } : {}) });
    }
  }

  private pendingCount(): number {
    return this.entries.filter((e) => e.state === 'pending').length;
  }

  private send(e: OutboxEntry): Promise<unknown> {
    const t = this.opts.transport;
    if (e.kind === 'value') return t.saveValue(e);
    if (e.kind === 'submit') return t.submit(e);
    return t.theirs(e);
  }

  /** The server has it: off the device; a later change of the same cell now builds on the new version. */
  private async delivered(entry: OutboxEntry, result: unknown): Promise<void> {
    const d = await db();
    await d.delete('outbox', entry.seq!);
    this.entries = this.entries.filter((x) => x.seq !== entry.seq);
    if (entry.kind === 'value') {
      const version = (result as { value?: DataValueView } | undefined)?.value?.version;
      const later = this.entries.find((x): x is ValueChange => x.kind === 'value' && x.cell === entry.cell);
      if (later && typeof version === 'number' && later.baseVersion === entry.baseVersion) await this.put({ ...later, baseVersion: version });
    }
    this.publish();
    for (const l of this.syncedListeners) l(entry, result);
  }

  private scheduleRetry(): void {
    const delays = this.opts.retryDelays;
    const ms = delays[Math.min(this.failures, delays.length - 1)];
    this.failures++;
    this.waited = true;
    this.publish({ waitingForNetwork: true });
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = this.opts.setTimer(() => {
      this.timer = null;
      this.publish({ waitingForNetwork: false });
      void this.sync();
    }, ms);
  }

  /** Stops the retry timer (sign-out, tests). */
  stop(): void {
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
  }
}

/** No answer from our server (offline, or a gateway saying it cannot reach it): the device's copy may stand in. */
export function isNetworkError(error: unknown): boolean {
  if (!isApiError(error)) return !(error instanceof DOMException && error.name === 'AbortError');
  return error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504;
}
