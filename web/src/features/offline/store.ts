// What the app keeps on the device for working without a network, in IndexedDB:
// - snapshots: the last answers of the requests the data-entry screen makes (forms,
//   periods, values, submission state, the unit, the signed-in user), by query key, so
//   that a reload with no network shows the last known state;
// - outbox: every change made on this device, in order, until the server has it
//   (values, conflict choices and report submissions), with its sync state;
// - meta: what was prepared for offline work, for whom and when.
// The schema has a version; `upgrade` migrates older databases step by step.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DataValueView } from '@shared/schemas/data-values.ts';

export const DB_NAME = 'truong-son';
export const DB_VERSION = 1;

export interface Snapshot {
  /** JSON of the TanStack Query key. */
  key: string;
  userId: string;
  data: unknown;
  savedAt: string;
}

export interface CellRef {
  formId: string;
  unitId: string;
  period: string;
  dataElementId: string;
  cocId: string;
}

export type OutboxState = 'pending' | 'rejected' | 'conflict';

interface OutboxBase {
  seq?: number;
  userId: string;
  clientChangeId: string;
  /** When the change was made on this device (ISO). */
  deviceTime: string;
  state: OutboxState;
  /** Why the server refused it (state rejected). */
  error?: { code: string; message: string; details?: unknown };
}

export interface ValueChange extends OutboxBase, CellRef {
  kind: 'value';
  /** "formId|unitId|period|dataElementId|cocId" */
  cell: string;
  /** As typed, in `lang`; null clears the cell. */
  value: string | null;
  lang: 'vi' | 'en';
  /** Absent: keep the cell's comment. */
  comment?: string | null;
  /** The cell's version the change was made on (0: the cell was empty). */
  baseVersion: number;
  /** Set after a conflict choice "keep mine". */
  resolution?: 'mine';
  /** The server's cell when it refused with a conflict. */
  server?: DataValueView;
}

export interface SubmitChange extends OutboxBase {
  kind: 'submit';
  formId: string;
  unitId: string;
  period: string;
  /** The submission version the user saw. */
  version: number;
  comment?: string;
}

export interface TheirsChange extends OutboxBase, CellRef {
  kind: 'theirs';
  cell: string;
  discardedValue: string | null;
  serverVersion: number;
}

export type OutboxEntry = ValueChange | SubmitChange | TheirsChange;

export interface Prepared {
  userId: string;
  unitIds: string[];
  at: string;
  bytes: number;
}

interface OfflineDb extends DBSchema {
  snapshots: { key: string; value: Snapshot; indexes: { byUser: string } };
  outbox: { key: number; value: OutboxEntry; indexes: { byCell: string; byUser: string } };
  meta: { key: string; value: unknown };
}

export const cellId = (c: CellRef) => [c.formId, c.unitId, c.period, c.dataElementId, c.cocId].join('|');

let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;

export function db(): Promise<IDBPDatabase<OfflineDb>> {
  opened ??= openDB<OfflineDb>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      // One step per schema version; a device several versions behind runs them all.
      if (oldVersion < 1) {
        const snapshots = database.createObjectStore('snapshots', { keyPath: 'key' });
        snapshots.createIndex('byUser', 'userId');
        const outbox = database.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        outbox.createIndex('byCell', 'cell');
        outbox.createIndex('byUser', 'userId');
        database.createObjectStore('meta');
      }
    },
    blocking() {
      // A newer tab wants to upgrade the schema: let it.
      void opened?.then((d) => d.close());
      opened = null;
    },
  });
  return opened;
}

/** Closes the connection and deletes the database (tests start each case from an empty device). */
export async function deleteDb(): Promise<void> {
  if (opened) (await opened).close();
  opened = null;
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => resolve();
  });
}

export const snapshotKey = (queryKey: readonly unknown[]) => JSON.stringify(queryKey);

export async function putSnapshots(userId: string, entries: { queryKey: readonly unknown[]; data: unknown }[]): Promise<void> {
  const d = await db();
  const tx = d.transaction('snapshots', 'readwrite');
  const savedAt = new Date().toISOString();
  await Promise.all([...entries.map((e) => tx.store.put({ key: snapshotKey(e.queryKey), userId, data: e.data, savedAt })), tx.done]);
}

export async function getSnapshot<T>(userId: string | null, queryKey: readonly unknown[]): Promise<T | undefined> {
  const s = await (await db()).get('snapshots', snapshotKey(queryKey));
  if (!s || (userId !== null && s.userId !== userId)) return undefined;
  return s.data as T;
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('meta', key)) as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await (await db()).put('meta', value, key);
}

/** Everything this device holds for working offline: gone (sign-out on a shared device). */
export async function wipe(): Promise<void> {
  const d = await db();
  const tx = d.transaction(['snapshots', 'outbox', 'meta'], 'readwrite');
  await Promise.all([tx.objectStore('snapshots').clear(), tx.objectStore('outbox').clear(), tx.objectStore('meta').clear(), tx.done]);
}

/** The signed-in user this device was prepared for, as last seen online (for starting without a network). */
export async function offlineMe<T>(): Promise<T | undefined> {
  const p = await getMeta<Prepared>('prepared');
  return p ? getSnapshot<T>(p.userId, ['me']) : undefined;
}

/** Someone else signed in on this device: the previous user's offline copy goes (their unsent changes stay, keyed by user). */
export async function forgetPrepared(): Promise<void> {
  const d = await db();
  const tx = d.transaction(['snapshots', 'meta'], 'readwrite');
  await Promise.all([tx.objectStore('snapshots').clear(), tx.objectStore('meta').delete('prepared'), tx.done]);
}
