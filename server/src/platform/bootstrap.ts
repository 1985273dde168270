// Brings the data layer up: picks the database (DATABASE_URL or the embedded one),
// creates it if needed, migrates, and loads reference data (and demo data when
// enabled). Shared by `npm start`, `npm run migrate` and the tests.
import type { Logger } from 'pino';
import pg from 'pg';
import type { Config } from './config.ts';
import { createDb, migrateToLatest, type Db } from './db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { loadAdminUnits } from '../modules/org-units/seed/load-units.ts';
import { loadCatalog } from '../modules/catalog/seed/load-catalog.ts';
import { loadForms } from '../modules/forms/seed/load-forms.ts';
import { loadPovertyReview } from '../modules/catalog/seed/poverty-review.ts';
import { syncBuiltInRoles } from '../modules/roles/seed-roles.ts';
import { loadDemoData } from '../seed/demo-data.ts';
import { loadDemoDashboards, loadReferenceDashboards } from '../modules/dashboards/seed/seed-dashboards.ts';
import { loadDemoTasks } from '../modules/tasks/seed/seed-tasks.ts';
import { loadDemoInvestments } from '../modules/investments/seed/seed-investments.ts';
import { loadDemoDocuments } from '../modules/documents/seed/demo-documents.ts';

export const DATABASE_NAME = 'truongson';

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"${template ? ` template "${template}"` : ''} encoding 'UTF8'`);
    }
  } finally {
    await client.end();
  }
}

export interface DataLayer {
  db: Db;
  url: string;
  embedded: EmbeddedDatabase | null;
  close: () => Promise<void>;
}

export async function openDatabase(config: Config, log: Logger): Promise<DataLayer> {
  let embedded: EmbeddedDatabase | null = null;
  let url: string;
  if (config.DATABASE_URL) {
    url = config.DATABASE_URL;
    log.info('using the external PostgreSQL from DATABASE_URL');
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, projectRoot: config.projectRoot, port: config.EMBEDDED_PG_PORT, sharedBuffersMb: config.EMBEDDED_PG_SHARED_BUFFERS_MB, log });
    await ensureDatabase(embedded.url('postgres'), DATABASE_NAME);
    url = embedded.url(DATABASE_NAME);
  }
  const db = createDb(url);
  return {
    db,
    url,
    embedded,
    close: async () => {
      await db.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

export async function prepareData(db: Db, config: Config, log: Logger, now: Date): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  await syncBuiltInRoles(db);
  await loadAdminUnits(db, config.projectRoot, log);
  await loadCatalog(db, log);
  await loadForms(db, log);
  await loadPovertyReview(db, log);
  await loadReferenceDashboards(db, log, now);
  if (config.DEMO_DATA) {
    await loadDemoData(db, log, now);
    await loadDemoDashboards(db, log, now);
    await loadDemoTasks(db, log, now);
    await loadDemoInvestments(db, log, now);
    await loadDemoDocuments(db, config, log, now);
  }
}
