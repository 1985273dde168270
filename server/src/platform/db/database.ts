// The Kysely database handle and the migration runner (forward-only, numbered files).
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_catalog.ts';
import * as m0003 from './migrations/0003_forms.ts';
import * as m0004 from './migrations/0004_data_values.ts';
import * as m0005 from './migrations/0005_submissions.ts';
import * as m0006 from './migrations/0006_save_value_function.ts';
import * as m0007 from './migrations/0007_aggregation.ts';
import * as m0008 from './migrations/0008_data_import_job.ts';
import * as m0009 from './migrations/0009_aggregation_speed.ts';
import * as m0010 from './migrations/0010_offline_sync.ts';
import * as m0011 from './migrations/0011_api_clients.ts';
import * as m0012 from './migrations/0012_public_api.ts';
import * as m0013 from './migrations/0013_webhooks.ts';
import * as m0014 from './migrations/0014_connectors.ts';
import * as m0015 from './migrations/0015_reminders.ts';
import * as m0016 from './migrations/0016_visualizations_dashboards.ts';
import * as m0017 from './migrations/0017_unit_boundaries.ts';
import * as m0018 from './migrations/0018_target_alerts.ts';
import * as m0019 from './migrations/0019_analytics_version.ts';
import * as m0020 from './migrations/0020_tasks.ts';
import * as m0021 from './migrations/0021_investments.ts';
import * as m0022 from './migrations/0022_documents.ts';

// bigint ids come back as strings (safe); numeric stays a string; dates as Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

/**
 * Statements that run often are sent as named prepared statements, so PostgreSQL
 * parses and plans them once per connection instead of on every call (a cell save's
 * checks are one query with a dozen joins: planning it cost more than running it).
 * Only parameterised single statements qualify (those already use the extended
 * protocol); a statement is named from its third use, and at most MAX_NAMED texts are.
 */
const MAX_NAMED = 400;
const seen = new Map<string, number>();
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  const count = (seen.get(text) ?? 0) + 1;
  if (count < 3 || names.size >= MAX_NAMED) {
    if (seen.size < 10_000) seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const name = `ts_${names.size + 1}`;
  names.set(text, name);
  return name;
}

type QueryFn = (...args: unknown[]) => unknown;

function namePreparedStatements(client: pg.PoolClient): void {
  const original = client.query.bind(client) as QueryFn;
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
      const name = statementName(text);
      if (name) return original({ name, text, values });
    }
    return original(...args);
  };
}

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, application_name: 'truongson' });
  pool.on('connect', namePreparedStatements);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_catalog': m0002,
  '0003_forms': m0003,
  '0004_data_values': m0004,
  '0005_submissions': m0005,
  '0006_save_value_function': m0006,
  '0007_aggregation': m0007,
  '0008_data_import_job': m0008,
  '0009_aggregation_speed': m0009,
  '0010_offline_sync': m0010,
  '0011_api_clients': m0011,
  '0012_public_api': m0012,
  '0013_webhooks': m0013,
  '0014_connectors': m0014,
  '0015_reminders': m0015,
  '0016_visualizations_dashboards': m0016,
  '0017_unit_boundaries': m0017,
  '0018_target_alerts': m0018,
  '0019_analytics_version': m0019,
  '0020_tasks': m0020,
  '0021_investments': m0021,
  '0022_documents': m0022,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Parallel branches reserve migration numbers and may land out of order (0017 after 0019):
  // a database that already ran the later ones still gets the earlier one. Each migration
  // touches only its own tables, so the order between branches does not matter.
  const migrator = new Migrator({ db: db as unknown as Kysely<unknown>, provider: new StaticProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
