// Reuse of analytics answers (ADR 0011): a national dashboard opened by a hundred
// managers, or a pivot paged back and forth, is computed once per data version. The
// key is the request as validated, its relative periods as resolved now (Vietnam time),
// the caller's scope and language. An answer is served only while the version of
// everything the engine reads (sequence analytics_version, advanced by every write,
// migration 0019) is still the one it was computed under, and at most
// ANALYTICS_CACHE_SECONDS old: a writer advances the version just before it commits, so
// an answer computed in that instant may miss its change — the age bounds that case.
// Per process and in memory only; PostgreSQL stays the one place of truth, so any
// number of processes can run side by side.
import { sql } from 'kysely';
import { vietnamDate } from '@shared/engine/periods.ts';
import { analyticsRequest, type AnalyticsRequestInput, type AnalyticsResponse } from '@shared/schemas/analytics.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { resolvePeriods, runAnalytics, type AnalyticsAccess } from './analytics.service.ts';

/** An answer and its JSON, made once: a kept answer is sent without serialising it again. */
export interface AnalyticsAnswer {
  value: AnalyticsResponse;
  json: string;
}

interface Entry {
  version: string;
  at: number;
  bytes: number;
  answer: AnalyticsAnswer;
}

/** One store per database handle (tests run several databases in one process). */
class Store {
  entries = new Map<string, Entry>();
  totalBytes = 0;
  forget(key: string) {
    const e = this.entries.get(key);
    if (e) {
      this.totalBytes -= e.bytes;
      this.entries.delete(key);
    }
  }
}
const stores = new WeakMap<object, Store>();

export async function analyticsVersion(ctx: AppContext): Promise<string> {
  const r = await sql<{ v: string }>`select last_value::text || case when is_called then '+' else '' end as v from analytics_version`.execute(ctx.db);
  return r.rows[0]!.v;
}

/** The engine's answer, reused while the data it read is unchanged; `fresh` computes anyway (Cache-Control: no-cache). */
export async function cachedAnalytics(
  ctx: AppContext,
  access: AnalyticsAccess,
  input: AnalyticsRequestInput,
  lang: 'vi' | 'en',
  opts: { fresh?: boolean } = {},
): Promise<AnalyticsAnswer> {
  const ttlMs = ctx.config.ANALYTICS_CACHE_SECONDS * 1000;
  const answer = (value: AnalyticsResponse): AnalyticsAnswer => ({ value, json: JSON.stringify(value) });
  if (ttlMs === 0) return answer(await runAnalytics(ctx, access, input, lang));
  const req = analyticsRequest.parse(input);
  const now = ctx.clock.now();
  const key = JSON.stringify([req, resolvePeriods(req.pe, now), vietnamDate(now), access.roots, lang]);
  let store = stores.get(ctx.db);
  if (!store) {
    store = new Store();
    stores.set(ctx.db, store);
  }
  const { entries } = store;
  const version = await analyticsVersion(ctx);
  const hit = entries.get(key);
  if (hit && !opts.fresh && hit.version === version && now.getTime() - hit.at < ttlMs) {
    // Most recently used last: the oldest go first when memory runs out.
    entries.delete(key);
    entries.set(key, hit);
    return hit.answer;
  }
  const fresh = answer(await runAnalytics(ctx, access, req, lang));
  // Keep it only if nothing was written while it was computed.
  if ((await analyticsVersion(ctx)) === version) {
    store.forget(key);
    const bytes = fresh.json.length * 2;
    const limit = ctx.config.ANALYTICS_CACHE_MB * 2 ** 20;
    if (bytes <= limit / 4) {
      entries.set(key, { version, at: now.getTime(), bytes, answer: fresh });
      store.totalBytes += bytes;
      for (const k of entries.keys()) {
        if (store.totalBytes <= limit) break;
        store.forget(k);
      }
    }
  }
  return fresh;
}
