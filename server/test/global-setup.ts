// Starts PostgreSQL once for the integration tests and builds a template database
// (migrations + built-in roles + the real administrative units + the indicator
// catalogue). Each test file then gets its own copy in milliseconds (CREATE DATABASE … TEMPLATE).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/platform/config.ts';
import { createDb, migrateToLatest } from '../src/platform/db/database.ts';
import { loadAdminUnits } from '../src/modules/org-units/seed/load-units.ts';
import { loadCatalog } from '../src/modules/catalog/seed/load-catalog.ts';
import { loadForms } from '../src/modules/forms/seed/load-forms.ts';
import { loadPovertyReview } from '../src/modules/catalog/seed/poverty-review.ts';
import { syncBuiltInRoles } from '../src/modules/roles/seed-roles.ts';
import { startTestPostgres } from './pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const pgServer = await startTestPostgres();
  // A template of this run's own, so runs side by side (or on a shared server) never collide.
  const TEMPLATE_DB = `truongson_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgServer.adminUrl });
  await admin.connect();
  await admin.query(`create database "${TEMPLATE_DB}" encoding 'UTF8'`);
  await admin.end();

  const db = createDb(pgServer.urlFor(TEMPLATE_DB), 2);
  const log = pino({ level: 'warn' });
  await migrateToLatest(db);
  await syncBuiltInRoles(db);
  await loadAdminUnits(db, loadConfig().projectRoot, log);
  await loadCatalog(db, log);
  await loadForms(db, log);
  await loadPovertyReview(db, log);
  await db.destroy();

  project.provide('pgAdminUrl', pgServer.adminUrl);
  project.provide('pgTemplate', TEMPLATE_DB);
  return async () => {
    const a = new pg.Client({ connectionString: pgServer.adminUrl });
    await a.connect();
    await a.query(`drop database if exists "${TEMPLATE_DB}" with (force)`);
    await a.end();
    if (pgServer.embedded) await pgServer.embedded.stop();
  };
}
