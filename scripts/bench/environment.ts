// The system under test, started as `npm start` starts it but in a process of its own
// (so the load generator's CPU does not count against the server): `tsx
// server/src/main.ts` on its own port, against a fresh embedded PostgreSQL in
// data/bench (wiped at every start), or — when DATABASE_URL is set — a fresh database
// `truongson_bench` on that server (the database named in DATABASE_URL is never touched).
// Migrations, roles, administrative units, catalogue and forms are loaded by the server
// itself (prepareData); no demo data. The bench also gets a database handle of its own
// to create its users and to check afterwards what the server wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../../server/src/platform/db/database.ts';
import { DATABASE_NAME } from '../../server/src/platform/bootstrap.ts';
import { BenchClient } from './http-client.ts';

export const root = path.resolve(import.meta.dirname, '../..');

export interface BenchEnvironment {
  baseUrl: string;
  db: Db;
  /** pid of the server process (the node process running main.ts) and of the PostgreSQL postmaster, when known. */
  serverPids: () => number[];
  postgresPids: () => number[];
  describeDatabase: string;
  /** pg_stat_statements is loaded (BENCH_PG_STATS=1). */
  pgStats: boolean;
  stop: () => Promise<void>;
}

const BENCH_DB = 'truongson_bench';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** All descendants of a pid (tsx runs main.ts in a child node process). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** A PostgreSQL left running on data/bench by an interrupted earlier bench: stop it (fast shutdown) before wiping. */
async function stopStalePostgres(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !processAlive(pid)) return;
  console.log(`stopping the PostgreSQL (pid ${pid}) left running on ${pgDir} by an earlier bench`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
}

async function freshExternalDatabase(externalUrl: string): Promise<string> {
  const admin = new URL(externalUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${BENCH_DB}" with (force)`);
    await client.query(`create database "${BENCH_DB}" encoding 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(externalUrl);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} during start-up:\n${output()}`);
    const client = new BenchClient(url);
    try {
      const res = await client.get('/readyz');
      if (res.status === 200) return;
    } catch {
      /* not yet */
    } finally {
      client.close();
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** The Node.js flags `npm start` gives the server (e.g. its heap ceiling), read from package.json so both run it alike. */
export function startFlags(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const m = /\btsx((?:\s+--[\w-]+(?:=\S+)?)*)\s+server\/src\/main\.ts/.exec(start);
  if (!m) throw new Error(`package.json "start" does not run tsx server/src/main.ts: ${start}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

function spawnServer(env: NodeJS.ProcessEnv, cpuProfileDir?: string): ServerProcess {
  let output = '';
  // As `npm start` runs it, with its flags; when profiling, node itself with the tsx loader (--cpu-prof is not allowed in NODE_OPTIONS).
  const flags = startFlags();
  const child = cpuProfileDir
    ? spawn(process.execPath, [...flags, '--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, '--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [...flags, 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 20_000) output = output.slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    let timer: NodeJS.Timeout | undefined;
    child.kill('SIGINT');
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, output: () => output, stop };
}

async function startServer(env: NodeJS.ProcessEnv, baseUrl: string, cpuProfileDir?: string): Promise<ServerProcess> {
  const server = spawnServer(env, cpuProfileDir);
  try {
    await waitReady(baseUrl, server.child, server.output, 240_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

export async function startEnvironment(opts: {
  port: number;
  pgPort: number;
  /** Profiling: load pg_stat_statements into the embedded PostgreSQL (one extra restart). */
  pgStats?: boolean;
  /** Profiling: V8 CPU profiles of the server process into this directory (NODE_OPTIONS=--cpu-prof). */
  cpuProfileDir?: string;
}): Promise<BenchEnvironment> {
  // Its own directory per PostgreSQL port, so that benches on other ports (other sessions) do not wipe it.
  const dataDir = path.join(root, 'data', opts.pgPort === 54659 ? 'bench' : `bench-${opts.pgPort}`);
  const env: NodeJS.ProcessEnv = {
    // The national scenario uploads a CSV of up to 1 M rows (≈ 60 MB): above the default 10 MB.
    UPLOAD_LIMIT_BYTES: String(512 * 2 ** 20),
    ...process.env,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(opts.pgPort),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  };
  let dbUrl: string | null = null;
  let describeDatabase: string;
  if (process.env.DATABASE_URL) {
    dbUrl = await freshExternalDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = dbUrl;
    const u = new URL(dbUrl);
    describeDatabase = `external PostgreSQL ${u.hostname}:${u.port || 5432}, fresh database ${BENCH_DB}`;
  } else {
    delete env.DATABASE_URL;
    await stopStalePostgres(path.join(dataDir, 'pg'));
    // BENCH_KEEP_DATA=1: measure again on the data set a previous run built (the
    // scenarios that build one skip it when it is there), e.g. once the machine is quiet.
    const keep = process.env.BENCH_KEEP_DATA === '1' && fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
    describeDatabase = `embedded PostgreSQL in ${path.relative(root, dataDir)} (port ${opts.pgPort}), ${keep ? 'kept from the previous run (BENCH_KEEP_DATA=1)' : 'wiped at start'}`;
  }

  const baseUrl = `http://127.0.0.1:${opts.port}`;
  let server = await startServer(env, baseUrl);

  const pgDir = path.join(dataDir, 'pg');
  if (!dbUrl) {
    // The server keeps the cluster's password beside it; a cluster elsewhere (the
    // fallback directory used as root when data/ is unreachable) might be the app's own: refuse.
    const secretFile = path.join(dataDir, '.pg-password');
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION')) || !fs.existsSync(secretFile)) {
      await server.stop();
      throw new Error(`the embedded PostgreSQL is not in ${pgDir} (fallback directory?): run the bench with DATABASE_URL instead`);
    }
    const password = fs.readFileSync(secretFile, 'utf8').trim();
    dbUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.pgPort}/${DATABASE_NAME}`;
  }

  if ((opts.pgStats && !process.env.DATABASE_URL) || opts.cpuProfileDir) {
    // Restart with the profiling switches: the cluster and its data are kept.
    if (opts.pgStats && !process.env.DATABASE_URL) {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      await c.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
      await c.end();
    }
    await server.stop();
    if (opts.cpuProfileDir) fs.mkdirSync(opts.cpuProfileDir, { recursive: true });
    server = await startServer(env, baseUrl, opts.cpuProfileDir);
  }
  const db = createDb(dbUrl, 4);
  if (opts.pgStats) await sql`create extension if not exists pg_stat_statements`.execute(db);

  const postmasterPid = (): number | null => {
    try {
      return Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };

  return {
    baseUrl,
    db,
    describeDatabase,
    pgStats: Boolean(opts.pgStats),
    serverPids: () => {
      const pid = server.child.pid;
      if (!pid) return [];
      const pm = postmasterPid();
      const database = new Set(pm ? [pm, ...descendants(pm)] : []);
      return [pid, ...descendants(pid).filter((p) => !database.has(p))];
    },
    postgresPids: () => {
      const pm = postmasterPid();
      return pm && !process.env.DATABASE_URL ? [pm, ...descendants(pm)] : [];
    },
    stop: async () => {
      await db.destroy().catch(() => undefined);
      await server.stop();
    },
  };
}

/** CPU time (user + system, seconds) used so far by a set of processes; processes that ended are missed. */
export function cpuSeconds(pids: number[]): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      /* gone */
    }
  }
  return total;
}
