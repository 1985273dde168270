// Scenario "analytics" (issue 5): the analytics API on the national data set of the
// "national" scenario (built here first when that scenario did not run before, same
// `--scale`). 20 indicators (ratios of two summed bench elements × 100) are added, then,
// over HTTP as a signed-in central officer, after warm-up:
//  1. the pivot of 20 indicators × 34 provinces × 8 quarters (2024Q1–2025Q4: the old
//     communes' values through the succession shares, then the 2025 communes'), p50/p95;
//  2. the same figures by a naive GROUP BY over the raw values (closure + succession
//     shares at query time, no agg_value), in SQL — median, the ratio to the API's p50, and
//     every figure compared (mismatches);
//  3. the drill-down of the province with most communes to its communes, 10 indicators ×
//     4 quarters;
//  4. a dashboard of 8 items fired together as the browser does (pivot, column chart,
//     trend line, gauge, single value, map layer, reporting rates, a pivot by sex): time
//     until every item's data is in;
//  5. the pivot with 20 concurrent users (one connection each) for BENCH_SECONDS (≤ 30);
//  6. the server process's memory (RSS now and at its peak).
import { sql } from 'kysely';
import type { AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { BenchClient, type TimedResponse } from './http-client.ts';
import { createCatalog, dropHelpers, FORM_CODE, loadValues, rebuildAggregates } from './national-data.ts';
import { createUser, memoryOf } from './national.ts';
import type { BenchContext, GoalResult, Scenario, ScenarioResult } from './scenario.ts';
import { ms, summarise } from './stats.ts';

const REPS = Number(process.env.ANALYTICS_REPS ?? 60);
const WARMUP = 10;
const QUARTERS = ['2024Q1', '2024Q2', '2024Q3', '2024Q4', '2025Q1', '2025Q2', '2025Q3', '2025Q4'];
const INDICATORS = 20;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Twenty ratio indicators over pairs of summed, undisaggregated form elements (1–50 have values on every commune). */
async function createIndicators(ctx: BenchContext): Promise<{ code: string; num: string; den: string }[]> {
  const { db } = ctx.env;
  const sums = (
    await sql<{ code: string }>`
      select code from data_element where code like 'BENCH_E%' and aggregation_type = 'sum'
        and substr(code, 8)::int <= 50 and substr(code, 8)::int % 5 <> 0 order by code`.execute(db)
  ).rows.map((r) => r.code);
  const out: { code: string; num: string; den: string }[] = [];
  for (let i = 0; i < INDICATORS; i += 1) {
    const num = sums[i % sums.length]!;
    const den = sums[(i + 7) % sums.length]!;
    out.push({ code: `BENCH_I${String(i + 1).padStart(2, '0')}`, num, den });
  }
  await sql`
    insert into indicator (code, name_vi, numerator, denominator, factor, decimals, direction, search_text)
    select x.code, 'Chỉ số thử tải ' || x.code, '#{' || x.num || '}', '#{' || x.den || '}', 100, 1, 'higher', lower(x.code)
    from jsonb_to_recordset(${JSON.stringify(out)}::jsonb) as x(code text, num text, den text)
    on conflict (code) do nothing`.execute(db);
  return out;
}

/** Numerator and denominator sums per (2025 province, quarter, element) straight from data_value. */
function naivePivot(elementCodes: string[], quarters: string[]) {
  return sql<{ province: string; period: string; code: string; s: string }>`
    with src as (
      select dv.unit_id, dv.period, de.code, dv.numeric_value as v
      from data_value dv join data_element de on de.id = dv.data_element_id
      where de.code = any(${elementCodes}::text[]) and dv.period = any(${quarters}::text[]) and dv.numeric_value is not null
    ),
    w as (
      select c.descendant_id as unit_id, c.ancestor_id as province_id, 1::numeric as weight
      from org_unit_closure c
      join org_unit a on a.id = c.ancestor_id and a.kind = 'province' and a.hierarchy = '2025'
      join org_unit d on d.id = c.descendant_id and d.hierarchy = '2025'
      union all
      select m.unit_id, t.ancestor_id, round(sum(s.share), 6)
      from (
        select distinct on (c.descendant_id) c.descendant_id as unit_id, c.ancestor_id as via
        from org_unit_closure c join org_unit d on d.id = c.descendant_id
        where d.hierarchy = 'pre2025' and exists (select 1 from org_unit_succession s where s.old_unit_id = c.ancestor_id)
        order by c.descendant_id, c.depth
      ) m
      join (select old_unit_id as via, new_unit_id as target, weight / sum(weight) over (partition by old_unit_id) as share from org_unit_succession) s on s.via = m.via
      join org_unit_closure t on t.descendant_id = s.target
      join org_unit a on a.id = t.ancestor_id and a.kind = 'province' and a.hierarchy = '2025'
      group by 1, 2
    )
    select w.province_id::text as province, src.period, src.code, sum(w.weight * src.v)::text as s
    from src join w on w.unit_id = src.unit_id group by 1, 2, 3`;
}

async function timed(client: BenchClient, body: AnalyticsRequestInput, reps: number, label: string) {
  let last: TimedResponse | null = null;
  for (let i = 0; i < WARMUP; i += 1) {
    last = await client.post('/api/analytics/query', body);
    if (last.status !== 200) throw new Error(`${label}: ${last.status} ${last.text.slice(0, 300)}`);
  }
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < reps; i += 1) {
    const res = await client.post('/api/analytics/query', body);
    latencies.push(res.ms);
    if (res.status !== 200) errors += 1;
    else last = res;
  }
  return { summary: summarise(latencies, errors, (performance.now() - started) / 1000), body: last!.body, errors };
}

async function ensureDataSet(ctx: BenchContext): Promise<void> {
  const { db } = ctx.env;
  const exists = await sql<{ n: string }>`select count(*)::text as n from form where code = ${FORM_CODE}`.execute(db);
  if (Number(exists.rows[0]!.n) > 0) return;
  ctx.log(`no national data set yet: building it at scale ${ctx.settings.scale}…`);
  const catalog = await createCatalog(db);
  const loaded = await loadValues(db, catalog, ctx.settings.scale, ctx.log);
  const rebuilt = await rebuildAggregates(db);
  await dropHelpers(db);
  ctx.log(`data set: ${loaded.values.toLocaleString('en')} values; rebuild_aggregates() ${rebuilt.seconds.toFixed(1)} s`);
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const { env, settings, log } = ctx;
  const { db } = env;
  const notes: string[] = [];
  const goals: GoalResult[] = [];
  await ensureDataSet(ctx);
  const values = Number((await sql<{ n: string }>`select count(*)::text as n from data_value`.execute(db)).rows[0]!.n);
  const indicators = await createIndicators(ctx);
  const nationId = String((await db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').executeTakeFirstOrThrow()).id);
  const central = await createUser(ctx, `bench.analytics.${Date.now()}`, 'central_officer', nationId);
  // Steps 1–4 measure the engine itself: every answer computed, none reused (ADR 0011).
  central.headers = { 'cache-control': 'no-cache' };
  notes.push(`data set: ${values.toLocaleString('en')} values (scale ${settings.scale}); ${INDICATORS} ratio indicators over the form's summed elements`);
  // The server's resident memory after each step: where the peak comes from.
  const serverMemory = () => env.serverPids().map((pid) => ({ pid, m: memoryOf(pid) })).filter((x) => x.m).sort((a, b) => b.m!.rss - a.m!.rss)[0];
  const memorySteps: string[] = [];
  const memoryAfter = (step: string) => {
    const m = serverMemory()?.m;
    if (m) memorySteps.push(`${step} ${mib(m.rss)} (peak ${mib(m.hwm)})`);
  };
  memoryAfter('at start');

  // --- 1. the pivot ---
  const dx = indicators.map((i) => `in:${i.code}`);
  const pivot: AnalyticsRequestInput = { dx, pe: QUARTERS, ou: ['LEVEL-province'], rows: ['ou'], columns: ['dx', 'pe'] };
  const p = await timed(central, pivot, REPS, 'pivot');
  const pivotLine = `pivot ${INDICATORS} indicators × 34 provinces × ${QUARTERS.length} quarters: p50 ${ms(p.summary.p50)}, p95 ${ms(p.summary.p95)}, max ${ms(p.summary.max)} (${p.summary.count} requests, ${p.errors} errors, ${p.body.rows.length} figures)`;
  log(pivotLine);
  notes.push(pivotLine);
  memoryAfter('after the pivot');
  goals.push({ goal: 'pivot 20 indicators × 34 provinces × 8 quarters < 50 ms (p95, over HTTP)', measured: `p95 ${ms(p.summary.p95)}`, pass: p.errors === 0 && p.summary.p95 < 50 });

  // --- 2. naive ---
  const codes = [...new Set(indicators.flatMap((i) => [i.num, i.den]))];
  const times: number[] = [];
  let naiveRows: { province: string; period: string; code: string; s: string }[] = [];
  for (let i = 0; i < 3; i += 1) {
    const t = performance.now();
    naiveRows = (await naivePivot(codes, QUARTERS).execute(db)).rows;
    times.push(performance.now() - t);
  }
  const sums = new Map(naiveRows.map((r) => [`${r.province}|${r.period}|${r.code}`, Number(r.s)]));
  const api = new Map<string, number>(p.body.rows.map((r: Record<string, string | number>) => [`${r.ou}|${r.pe}|${r.dx}`, Number(r.value)] as [string, number]));
  let compared = 0;
  let mismatches = 0;
  const examples: string[] = [];
  for (const ou of p.body.request.ou as string[]) {
    for (const pe of QUARTERS) {
      for (const ind of indicators) {
        const n = sums.get(`${ou}|${pe}|${ind.num}`);
        const d = sums.get(`${ou}|${pe}|${ind.den}`);
        const want = n === undefined || d === undefined || d === 0 ? null : (n / d) * 100;
        const have = api.get(`${ou}|${pe}|in:${ind.code}`) ?? null;
        compared += 1;
        const same = want === null || have === null ? want === have : Math.abs(want - have) <= 1e-6 * Math.max(1, Math.abs(want));
        if (!same) {
          mismatches += 1;
          if (examples.length < 3) examples.push(`${ou}/${pe}/${ind.code}: API ${have} ≠ naive ${want}`);
        }
      }
    }
  }
  const naiveMs = median(times);
  const ratio = naiveMs / p.summary.p50;
  const naiveLine = `naive GROUP BY for the same pivot: median ${ms(naiveMs)} of 3 in SQL vs API p50 ${ms(p.summary.p50)} over HTTP → ${ratio.toFixed(1)}×; ${compared} figures compared, ${mismatches} mismatches${examples.length ? ` (${examples.join('; ')})` : ''}`;
  log(naiveLine);
  notes.push(naiveLine);
  goals.push({ goal: 'pivot ≥ 20× faster than the naive GROUP BY', measured: `${ratio.toFixed(1)}×`, pass: ratio >= 20 });
  goals.push({ goal: 'pivot figures = naive figures', measured: `${mismatches} mismatches of ${compared}`, pass: mismatches === 0 && compared > 0 });

  // --- 3. drill-down ---
  const prov = (
    await sql<{ id: string; code: string; n: string }>`
      select p.id::text, p.code, count(*)::text as n from org_unit p join org_unit c on c.parent_id = p.id
      where p.kind = 'province' and p.hierarchy = '2025' group by 1, 2 order by count(*) desc, p.code limit 1`.execute(db)
  ).rows[0]!;
  const drill = await timed(central, { dx: dx.slice(0, 10), pe: QUARTERS.slice(4), ou: [`CHILDREN-${prov.id}`], rows: ['ou'], columns: ['dx', 'pe'] }, REPS, 'drill-down');
  const drillLine = `drill-down of province ${prov.code} to its ${prov.n} communes, 10 indicators × 4 quarters: p50 ${ms(drill.summary.p50)}, p95 ${ms(drill.summary.p95)} (${drill.body.rows.length} figures)`;
  log(drillLine);
  notes.push(drillLine);
  memoryAfter('after the drill-down');
  goals.push({ goal: 'drill-down of a province to its communes (10 × 4) < 50 ms (p95)', measured: `p95 ${ms(drill.summary.p95)}`, pass: drill.errors === 0 && drill.summary.p95 < 50 });

  // --- 4. a dashboard of 8 items ---
  const items: AnalyticsRequestInput[] = [
    pivot,
    { dx: dx.slice(0, 5), pe: ['2025'], ou: ['LEVEL-province'], rows: ['ou'], columns: ['dx'], filters: ['pe'] },
    { dx: dx.slice(0, 3), pe: QUARTERS, ou: ['USER_ORGUNIT'], rows: ['pe'], columns: ['dx'], filters: ['ou'] },
    { dx: [dx[0]!], pe: ['2025'], ou: ['USER_ORGUNIT'], rows: [], columns: ['dx'], filters: ['pe', 'ou'] },
    { dx: [dx[1]!], pe: ['2024', '2025'], ou: ['USER_ORGUNIT'], rows: ['pe'], columns: ['dx'], filters: ['ou'] },
    { dx: [dx[2]!], pe: ['2025Q4'], ou: ['LEVEL-province'], rows: ['ou'], columns: ['dx'], filters: ['pe'] },
    { dx: [`cr:${FORM_CODE}`, `crt:${FORM_CODE}`], pe: QUARTERS.slice(4), ou: ['LEVEL-province'], rows: ['ou'], columns: ['dx', 'pe'] },
    { dx: ['de:BENCH_E005'], pe: ['2025'], ou: ['LEVEL-province'], categories: [{ code: 'SEX' }], rows: ['ou'], columns: ['SEX'], filters: ['dx', 'pe'] },
  ];
  const browser = Array.from({ length: 6 }, () => new BenchClient(env.baseUrl));
  for (const b of browser) {
    b.cookie = central.cookie;
    b.csrf = central.csrf;
    b.headers = { 'cache-control': 'no-cache' };
  }
  const dashTimes: number[] = [];
  let dashErrors = 0;
  for (let rep = 0; rep < WARMUP + REPS; rep += 1) {
    const start = performance.now();
    // Six connections, like a browser: each takes the next item when it is free.
    let next = 0;
    await Promise.all(
      browser.map(async (b) => {
        while (next < items.length) {
          const res = await b.post('/api/analytics/query', items[next++]!);
          if (res.status !== 200) {
            dashErrors += 1;
            if (dashErrors === 1) log(`dashboard item failed: ${res.status} ${res.text.slice(0, 200)}`);
          }
        }
      }),
    );
    if (rep >= WARMUP) dashTimes.push(performance.now() - start);
  }
  const dash = summarise(dashTimes, dashErrors, 0);
  const dashLine = `dashboard of 8 items over 6 connections, all data in: p50 ${ms(dash.p50)}, p95 ${ms(dash.p95)}, max ${ms(dash.max)} (${REPS} loads, ${dashErrors} errors)`;
  log(dashLine);
  notes.push(dashLine);
  memoryAfter('after the dashboard');
  goals.push({ goal: 'a dashboard of 8 items: all data < 300 ms (p95)', measured: `p95 ${ms(dash.p95)}`, pass: dashErrors === 0 && dash.p95 < 300 });

  // --- 5. 20 concurrent users: every answer computed, then answers reused while the data is unchanged ---
  const seconds = Math.min(settings.seconds, 30);
  const users = Array.from({ length: 20 }, () => new BenchClient(env.baseUrl));
  for (const u of users) {
    u.cookie = central.cookie;
    u.csrf = central.csrf;
  }
  const concurrent = async (fresh: boolean) => {
    for (const u of users) u.headers = fresh ? { 'cache-control': 'no-cache' } : {};
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + seconds * 1000;
    const warmEnd = performance.now() + settings.warmupSeconds * 1000;
    const started = performance.now();
    await Promise.all(
      users.map(async (u) => {
        while (performance.now() < until) {
          const res = await u.post('/api/analytics/query', pivot);
          if (performance.now() < warmEnd) continue;
          latencies.push(res.ms);
          if (res.status !== 200) errors += 1;
        }
      }),
    );
    return { summary: summarise(latencies, errors, (performance.now() - started) / 1000 - settings.warmupSeconds), errors };
  };
  const cold = await concurrent(true);
  const coldLine = `pivot with 20 concurrent users for ${seconds} s, every answer computed (no-cache): p50 ${ms(cold.summary.p50)}, p95 ${ms(cold.summary.p95)}, p99 ${ms(cold.summary.p99)}, ${cold.summary.count} requests (${cold.summary.throughput.toFixed(1)}/s), ${cold.errors} errors`;
  log(coldLine);
  notes.push(coldLine);
  memoryAfter('after 20 users, every answer computed');
  const warm = await concurrent(false);
  const conc = warm.summary;
  const errors = warm.errors + cold.errors;
  const concLine = `pivot with 20 concurrent users for ${seconds} s, answers reused while the data is unchanged: p50 ${ms(conc.p50)}, p95 ${ms(conc.p95)}, p99 ${ms(conc.p99)}, ${conc.count} requests (${conc.throughput.toFixed(1)}/s), ${warm.errors} errors`;
  log(concLine);
  notes.push(concLine);
  memoryAfter('after 20 users, answers reused');
  goals.push({ goal: 'pivot with 20 concurrent users < 200 ms (p95; answer cache on, as deployed)', measured: `p95 ${ms(conc.p95)} (every answer computed: p95 ${ms(cold.summary.p95)})`, pass: errors === 0 && conc.p95 < 200 });

  // --- 6. memory ---
  const main = serverMemory();
  if (main) {
    const memLine = `server process (pid ${main.pid}): RSS ${mib(main.m!.rss)} now, peak ${mib(main.m!.hwm)}; RSS ${memorySteps.join(', ')}`;
    log(memLine);
    notes.push(memLine);
    goals.push({ goal: 'server memory < 500 MB RSS (peak)', measured: mib(main.m!.hwm), pass: main.m!.hwm < 500 * 1e6 });
  }
  for (const c of [central, ...browser, ...users]) c.close();
  return { summary: conc, errorsByCode: errors > 0 ? { 'analytics errors': errors } : {}, notes, goals };
}

export const analytics: Scenario = {
  name: 'analytics',
  description: 'analytics API on the national data set: pivot 20 × 34 × 8, naive ratio, drill-down, dashboard of 8 items, 20 concurrent users, memory',
  run,
};
