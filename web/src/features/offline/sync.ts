// The app's one outbox (sending through the real API), the reads that fall back to the
// device's copy when the server cannot be reached, and "prepare for offline": the
// package of everything data entry needs for the user's units, downloaded with progress
// and kept on the device.
import type { z } from 'zod';
import type { QueryClient } from '@tanstack/react-query';
import type { offlinePackage, offlinePackageSummary } from '@shared/schemas/offline.ts';
import type { DataValueInput, DataValueView } from '@shared/schemas/data-values.ts';
import { api, networkError, parseError } from '../../lib/api';
import { entryKeys, type DataValues } from '../data-entry/api';
import { submissionKeys } from '../submissions/api';
import { unitKeys } from '../units/api';
import { Outbox, isNetworkError } from './outbox';
import { getMeta, getSnapshot, putSnapshots, setMeta, type Prepared } from './store';

export type OfflinePackage = z.infer<typeof offlinePackage>;
export type OfflineSummary = z.infer<typeof offlinePackageSummary>;

export const outbox = new Outbox({
  transport: {
    saveValue: (e) => {
      const body: DataValueInput & { baseVersion: number; deviceTime: string; resolution?: 'mine' } = {
        formId: e.formId,
        unitId: e.unitId,
        period: e.period,
        dataElementId: e.dataElementId,
        cocId: e.cocId,
        value: e.value,
        clientChangeId: e.clientChangeId,
        source: 'screen',
        baseVersion: e.baseVersion,
        deviceTime: e.deviceTime,
        ...(e.comment !== undefined ? { comment: e.comment } : {}),
        ...(e.resolution ? { resolution: e.resolution } : {}),
      };
      return api.put('/api/data-values', body, { language: e.lang });
    },
    submit: (e) =>
      api.post('/api/submissions/submit', { formId: e.formId, unitId: e.unitId, period: e.period, version: e.version, clientChangeId: e.clientChangeId, ...(e.comment ? { comment: e.comment } : {}) }),
    theirs: (e) =>
      api.post('/api/data-values/conflicts', {
        formId: e.formId,
        unitId: e.unitId,
        period: e.period,
        dataElementId: e.dataElementId,
        cocId: e.cocId,
        choice: 'theirs',
        discardedValue: e.discardedValue,
        serverVersion: e.serverVersion,
        deviceTime: e.deviceTime,
      }),
  },
});

// ─── reads with the device's copy as fallback ───

let preparedFor: Prepared | null = null;

/** Loads what was prepared (at start-up and after preparing). */
export async function loadPrepared(): Promise<Prepared | null> {
  try {
    preparedFor = (await getMeta<Prepared>('prepared')) ?? null;
  } catch {
    preparedFor = null;
  }
  return preparedFor;
}

export const prepared = () => preparedFor;

/**
 * Runs a request of the data-entry screen. With the network down it answers from the copy
 * kept on this device, if any; with the network up, a copy kept for offline work is
 * refreshed with the fresh answer.
 */
export async function offlineRead<T>(queryKey: readonly unknown[], fetcher: () => Promise<T>): Promise<T> {
  const userId = outbox.user ?? preparedFor?.userId ?? null;
  try {
    const data = await fetcher();
    if (userId && preparedFor?.userId === userId) void refreshSnapshot(userId, queryKey, data);
    return data;
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    const copy = await getSnapshot<T>(userId, queryKey).catch(() => undefined);
    if (copy === undefined) throw error;
    return copy;
  }
}

async function refreshSnapshot(userId: string, queryKey: readonly unknown[], data: unknown): Promise<void> {
  try {
    if ((await getSnapshot(userId, queryKey)) !== undefined) await putSnapshots(userId, [{ queryKey, data }]);
  } catch {
    // Storage full or unavailable: the online answer was shown anyway.
  }
}

/** A change the server accepted goes into the device's copy of the report too (seen offline later). */
export async function patchValueSnapshot(userId: string, ref: { formId: string; unitId: string; period: string }, value: DataValueView): Promise<void> {
  const key = entryKeys.values(ref.formId, ref.unitId, ref.period);
  try {
    const copy = await getSnapshot<DataValues>(userId, key);
    if (!copy) return;
    const values = copy.values.filter((v) => !(v.dataElementId === value.dataElementId && v.cocId === value.cocId));
    await putSnapshots(userId, [{ queryKey: key, data: { ...copy, values: [...values, value] } }]);
  } catch {
    // Storage unavailable: the next refresh brings it.
  }
}

// ─── prepare for offline ───

export const getOfflineSummary = (unitId?: string) => api.get<OfflineSummary>('/api/offline/package/summary', { query: { unitId } });

export interface PrepareProgress {
  phase: 'download' | 'store';
  done: number;
  total: number;
}

/** Downloads the package (progress in bytes against the announced size), keeps it on the device and in the query cache. */
export async function prepareOffline(
  qc: QueryClient,
  me: { user: { id: string } },
  opts: { unitId?: string; expectedBytes?: number; onProgress?: (p: PrepareProgress) => void; language: 'vi' | 'en' },
): Promise<Prepared> {
  const url = opts.unitId ? `/api/offline/package?unitId=${encodeURIComponent(opts.unitId)}` : '/api/offline/package';
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': opts.language } });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await parseError(res);
  const total = opts.expectedBytes ?? Number(res.headers.get('content-length') ?? 0);
  let text: string;
  if (res.body && opts.onProgress) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let received = 0;
    text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      text += decoder.decode(value, { stream: true });
      opts.onProgress({ phase: 'download', done: received, total: Math.max(total, received) });
    }
    text += decoder.decode();
  } else {
    text = await res.text();
  }
  const pkg = JSON.parse(text) as OfflinePackage;
  const entries = packageEntries(pkg, me);
  opts.onProgress?.({ phase: 'store', done: 0, total: entries.length });
  await putSnapshots(me.user.id, entries);
  const info: Prepared = { userId: me.user.id, unitIds: pkg.units.map((u) => u.id), at: new Date().toISOString(), bytes: text.length };
  await setMeta('prepared', info);
  preparedFor = info;
  for (const e of entries) if (e.queryKey[0] !== 'me') qc.setQueryData(e.queryKey, e.data);
  opts.onProgress?.({ phase: 'store', done: entries.length, total: entries.length });
  return info;
}

/** Each piece of the package under the query key of the request it answers. */
export function packageEntries(pkg: OfflinePackage, me: unknown): { queryKey: readonly unknown[]; data: unknown }[] {
  return [
    { queryKey: ['me'], data: me },
    ...pkg.units.map((u) => ({ queryKey: unitKeys.detail(u.id), data: u })),
    ...pkg.assigned.map((a) => ({ queryKey: entryKeys.assigned(a.unitId), data: a.forms })),
    ...pkg.forms.map((f) => ({ queryKey: entryKeys.form(f.id), data: f })),
    ...pkg.periods.map((p) => ({ queryKey: entryKeys.periods(p.formId, p.unitId), data: p.periods })),
    ...pkg.values.map((v) => ({ queryKey: entryKeys.values(v.formId, v.unitId, v.period), data: v.data })),
    ...pkg.submissions.map((s) => ({ queryKey: submissionKeys.status({ formId: s.formId, unitId: s.unitId, period: s.period }), data: s.view })),
  ];
}
