// The PostgreSQL that tests run against: DATABASE_URL when set (any server ≥ 15),
// otherwise an embedded cluster of its own under data/test-pg (separate from the app's).
import path from 'node:path';
import pino from 'pino';
import { projectRoot } from '../src/platform/config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/db/embedded.ts';


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
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(projectRoot, 'data', 'test'),
    projectRoot,
    port: Number(process.env.TEST_PG_PORT ?? 54339),
    log,
    reuseRunning: true,
  });
  return { adminUrl: embedded.url('postgres'), urlFor: embedded.url, embedded };
}
