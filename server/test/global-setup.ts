// Starts PostgreSQL once for the integration tests and builds a template database
// (migrations + built-in roles + the real administrative units). Each test file then
// gets its own copy in milliseconds (CREATE DATABASE … TEMPLATE).
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/platform/config.ts';
import { createDb, migrateToLatest } from '../src/platform/db/database.ts';
import { loadAdminUnits } from '../src/modules/org-units/seed/load-units.ts';
import { syncBuiltInRoles } from '../src/modules/roles/seed-roles.ts';
import { TEMPLATE_DB, startTestPostgres } from './pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const pgServer = await startTestPostgres();
  const admin = new pg.Client({ connectionString: pgServer.adminUrl });
  await admin.connect();
  await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [TEMPLATE_DB]);
  await admin.query(`drop database if exists "${TEMPLATE_DB}"`);
  await admin.query(`create database "${TEMPLATE_DB}" encoding 'UTF8'`);
  // Leftovers of earlier interrupted runs.
  const old = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'truongson_t_%'`);
  for (const row of old.rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
  await admin.end();

  const db = createDb(pgServer.urlFor(TEMPLATE_DB), 2);
  const log = pino({ level: 'warn' });
  await migrateToLatest(db);
  await syncBuiltInRoles(db);
  await loadAdminUnits(db, loadConfig().projectRoot, log);
  await db.destroy();

  project.provide('pgAdminUrl', pgServer.adminUrl);
  project.provide('pgTemplate', TEMPLATE_DB);
  return async () => {
    if (pgServer.embedded) await pgServer.embedded.stop();
  };
}
