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
// Computing is bounded too: at most ANALYTICS_CONCURRENCY answers are computed at once
// per process (the others wait their turn — on two cores, twenty at once only share the
// same cores and hold twenty answers' memory), and a request that may take a kept answer
// waits for the same answer already being computed under the same data version instead
// of computing it a second time.
import { sql } from 'kysely';
import pLimit, { type LimitFunction } from 'p-limit';
import { vietnamDate } from '@shared/engine/periods.ts';
import { analyticsRequest, type AnalyticsRequestInput, type AnalyticsResponse } from '@shared/schemas/analytics.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { resolvePeriods, runAnalytics, type AnalyticsAccess } from './analytics.service.ts';

/** An answer and its JSON, made once: a kept answer is sent without serialising it again. */
export interface AnalyticsAnswer {
  readonly value: AnalyticsResponse;
  readonly json: string;
}

/**
 * The answer as JSON text whose every character is ASCII: the rows (codes, ids and
 * numbers) as they are, the names in the metadata with \u escapes. V8 keeps such a text
 * one byte per character — a national pivot's 400 KB instead of 800 KB, made with every
 * answer and kept with it — and it reads back as the same JSON. The rows come last.
 */
export function answerJson(value: AnalyticsResponse): string {
  const { rows, ...rest } = value;
  const head = JSON.stringify(rest).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${head === '{}' ? '{' : `${head.slice(0, -1)},`}"rows":${JSON.stringify(rows)}}`;
}

/**
 * An answer as the cache keeps it: the JSON only, its object made again from it each time
 * someone asks (files, the v1 API, public dashboards; the JSON routes send the text).
 * Kept objects would be promoted to the old generation and collected late — thousands
 * of row objects per answer — so the server's memory would swing with every answer.
 */
function keptAnswer(json: string): AnalyticsAnswer {
  return {
    json,
    get value() {
      return JSON.parse(json) as AnalyticsResponse;
    },
  };
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
  /** Answers being computed, by key, with the data version they were started under. */
  pending = new Map<string, { version: string; answer: Promise<AnalyticsAnswer> }>();
  totalBytes = 0;
  constructor(readonly limit: LimitFunction) {}
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
  let store = stores.get(ctx.db);
  if (!store) {
    store = new Store(pLimit(ctx.config.ANALYTICS_CONCURRENCY));
    stores.set(ctx.db, store);
  }
  const compute = (request: AnalyticsRequestInput) =>
    store.limit(async (): Promise<AnalyticsAnswer> => {
      const value = await runAnalytics(ctx, access, request, lang);
      return { value, json: answerJson(value) };
    });
  if (ttlMs === 0) return compute(input);
  const req = analyticsRequest.parse(input);
  const now = ctx.clock.now();
  const key = JSON.stringify([req, resolvePeriods(req.pe, now), vietnamDate(now), access.roots, lang]);
  const { entries, pending } = store;
  const version = await analyticsVersion(ctx);
  const hit = entries.get(key);
  if (hit && !opts.fresh && hit.version === version && now.getTime() - hit.at < ttlMs) {
    // Most recently used last: the oldest go first when memory runs out.
    entries.delete(key);
    entries.set(key, hit);
    return hit.answer;
  }
  const running = pending.get(key);
  if (running && !opts.fresh && running.version === version) return running.answer;
  // Computed, then kept: a request arriving meanwhile joins this one until the answer is
  // in the cache, so it never falls between the two and computes it again.
  const computing = (async () => {
    const fresh = await compute(req);
    // Keep it only if nothing was written while it was computed.
    if ((await analyticsVersion(ctx)) === version) {
      store.forget(key);
      const bytes = fresh.json.length * 2;
      const limit = ctx.config.ANALYTICS_CACHE_MB * 2 ** 20;
      if (bytes <= limit / 4) {
        entries.set(key, { version, at: now.getTime(), bytes, answer: keptAnswer(fresh.json) });
        store.totalBytes += bytes;
        for (const k of entries.keys()) {
          if (store.totalBytes <= limit) break;
          store.forget(k);
        }
      }
    }
    return fresh;
  })();
  if (!opts.fresh) {
    const entry = { version, answer: computing };
    pending.set(key, entry);
    // Forgotten once settled (a failure is not kept; the waiters get it as well).
    const done = () => {
      if (pending.get(key) === entry) pending.delete(key);
    };
    computing.then(done, done);
  }
  return computing;
}
