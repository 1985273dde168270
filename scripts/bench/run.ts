// `npm run bench` runs every scenario; `npm run bench -- save-cell` runs the named ones;
// `npm run bench -- --list` lists them. `--scale=<fraction>` sizes the data set of the
// "national" scenario (default 0.1 ≈ 5 M values, a few minutes; 1 ≈ 49 M values, the
// issue's national scale: `npm run bench -- national --scale=1`); it runs before
// save-cell, so save-cell then measures saves on that database. The server is started once, in a process of
// its own, on a fresh database (see environment.ts); each scenario prints its figures
// and a PASS/FAIL line per goal. Exit code 1 when a goal fails (or the bench broke).
//
// Settings (environment): BENCH_SECONDS (measured, default 60), BENCH_WARMUP_SECONDS
// (default 5), BENCH_PORT (HTTP, default 3669), BENCH_PG_PORT (embedded PostgreSQL,
// default 54659; its cluster lives in data/bench, or data/bench-<port> on another port),
// BENCH_USERS (save-cell, default 100), NATIONAL_REPS (requests per report in
// "national", default 20), NATIONAL_SQL_WRITE=1 ("national" also times the write path
// alone in SQL after its HTTP import), DATABASE_URL (use that server, in a fresh database
// truongson_bench, instead of the embedded one), BENCH_SKIP_WEB_BUILD=1 ("entry-weight"
// measures web/dist as it is instead of building the web app first).
// Profiling: BENCH_PG_STATS=1 prints the statements PostgreSQL spent its time on
// (pg_stat_statements, embedded PostgreSQL only); BENCH_CPU_PROF=<dir> writes V8 CPU
// profiles of the server process there (open them in Chrome DevTools).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { analytics } from './analytics.ts';
import { entryWeight } from './entry-weight.ts';
import { root, startEnvironment, startFlags, type BenchEnvironment } from './environment.ts';
import { national } from './national.ts';
import { reminders } from './reminders.ts';
import { saveCell } from './save-cell.ts';
import type { Scenario, ScenarioResult } from './scenario.ts';
import { ms, table } from './stats.ts';

/** Every scenario, in the order `npm run bench` runs them. Later issues add theirs here. */
const SCENARIOS: Scenario[] = [national, analytics, reminders, saveCell, entryWeight];

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const args = argv.filter((a) => !a.startsWith('--scale='));
  const scaleArg = argv.find((a) => a.startsWith('--scale='));
  const scale = scaleArg ? Number(scaleArg.slice('--scale='.length)) : 0.1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    console.error(`--scale must be a fraction in (0, 1] (got "${scaleArg}")`);
    return 2;
  }
  if (args.includes('--list') || args.includes('--help')) {
    console.log('Scenarios (npm run bench -- <name> …):');
    for (const s of SCENARIOS) console.log(`  ${s.name.padEnd(14)} ${s.description}`);
    return 0;
  }
  const unknown = args.filter((a) => !SCENARIOS.some((s) => s.name === a));
  if (unknown.length > 0) {
    console.error(`unknown scenario: ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const chosen = args.length > 0 ? SCENARIOS.filter((s) => args.includes(s.name)) : SCENARIOS;
  const settings = { seconds: numberEnv('BENCH_SECONDS', 60), warmupSeconds: numberEnv('BENCH_WARMUP_SECONDS', 5), scale };
  const port = numberEnv('BENCH_PORT', 3669);
  const pgPort = numberEnv('BENCH_PG_PORT', 54659);
  const log = (line: string) => console.log(`[bench] ${line}`);

  log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  log(`load average (1/5/15 min) before: ${load()} — other work on this machine distorts the figures`);
  if (chosen.includes(entryWeight) && process.env.BENCH_SKIP_WEB_BUILD !== '1') {
    // The server serves web/dist as it finds it at start: the production build, as `npm start` makes it.
    log('building the web app (vite build, production) for entry-weight…');
    const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) {
      console.error('[bench] the web build failed');
      return 1;
    }
  }
  log(`starting the server (tsx ${[...startFlags(), 'server/src/main.ts'].join(' ')}, as npm start does) in its own process…`);
  const startedAt = performance.now();
  let env: BenchEnvironment | null = null;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the server`);
    void (env?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const results: { scenario: Scenario; result: ScenarioResult | null; failure?: string }[] = [];
  try {
    const cpuProfileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
    env = await startEnvironment({ port, pgPort, pgStats: process.env.BENCH_PG_STATS === '1', cpuProfileDir });
    log(`server ready at ${env.baseUrl} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; ${env.describeDatabase}`);
    for (const scenario of chosen) {
      log(`— ${scenario.name}: ${scenario.description}`);
      try {
        results.push({ scenario, result: await scenario.run({ env, settings, log: (l) => log(`${scenario.name}: ${l}`) }) });
      } catch (err) {
        log(`${scenario.name} broke: ${(err as Error).stack ?? String(err)}`);
        results.push({ scenario, result: null, failure: (err as Error).message });
      }
    }
  } finally {
    if (env) {
      log('stopping the server…');
      await env.stop();
    }
  }

  const rows = results.map(({ scenario, result }) =>
    result
      ? [
          scenario.name,
          String(result.summary.count),
          `${result.summary.throughput.toFixed(1)}/s`,
          ms(result.summary.p50),
          ms(result.summary.p95),
          ms(result.summary.p99),
          ms(result.summary.max),
          String(result.summary.errors),
        ]
      : [scenario.name, '—', '—', '—', '—', '—', '—', 'broke'],
  );
  log(`load average (1/5/15 min) after: ${load()}`);
  console.log('');
  console.log(table(['scenario', 'requests', 'throughput', 'p50', 'p95', 'p99', 'max', 'errors'], rows, [false, true, true, true, true, true, true, true]));
  let failed = 0;
  for (const { scenario, result, failure } of results) {
    console.log('');
    if (!result) {
      failed += 1;
      console.log(`FAIL  ${scenario.name}: the scenario broke: ${failure}`);
      continue;
    }
    for (const [code, n] of Object.entries(result.errorsByCode)) console.log(`      ${scenario.name}: ${n} × ${code}`);
    for (const note of result.notes) console.log(`      ${scenario.name}: ${note}`);
    for (const g of result.goals) {
      if (!g.pass) failed += 1;
      console.log(`${g.pass ? 'PASS' : 'FAIL'}  ${scenario.name}: ${g.goal} — measured ${g.measured}`);
    }
  }
  console.log('');
  console.log(failed === 0 ? 'bench: every goal met' : `bench: ${failed} goal(s) not met`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[bench] ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
