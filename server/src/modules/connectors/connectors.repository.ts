// SQL for connectors, their mappings and their runs.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { ConnectorRunTable, Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

function connectorQuery(db: Db) {
  return db
    .selectFrom('connector as c')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .leftJoin('org_unit as su', 'su.id', 'c.scope_unit_id')
    .selectAll('c')
    .select(['u.username as created_by_username', 'su.code as scope_unit_code', 'su.full_name as scope_unit_name']);
}

export type ConnectorRow = Awaited<ReturnType<ReturnType<typeof connectorQuery>['executeTakeFirstOrThrow']>>;
export type RunRow = Selectable<ConnectorRunTable> & { triggered_by_username: string | null };

export const listConnectors = (db: Db): Promise<ConnectorRow[]> => connectorQuery(db).orderBy('c.code').execute();

export const findConnector = (db: Db, id: string): Promise<ConnectorRow | undefined> => connectorQuery(db).where('c.id', '=', id).executeTakeFirst();

function runQuery(db: Db) {
  return db.selectFrom('connector_run as r').leftJoin('app_user as u', 'u.id', 'r.triggered_by').selectAll('r').select('u.username as triggered_by_username');
}

/** The newest run of each connector, without the report. */
export async function lastRuns(db: Db, connectorIds: string[]): Promise<Map<string, RunRow>> {
  if (connectorIds.length === 0) return new Map();
  const rows = await runQuery(db)
    .where('r.id', 'in', (eb) => eb.selectFrom('connector_run').select((e) => e.fn.max('id').as('id')).where('connector_id', 'in', connectorIds).groupBy('connector_id'))
    .execute();
  return new Map(rows.map((r) => [String(r.connector_id), { ...r, report: null }]));
}

export async function listRuns(db: Db, connectorId: string, limit: number): Promise<RunRow[]> {
  const rows = await runQuery(db).where('r.connector_id', '=', connectorId).orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, report: null }));
}

export const findRun = (db: Db, connectorId: string, runId: string): Promise<RunRow | undefined> =>
  runQuery(db).where('r.connector_id', '=', connectorId).where('r.id', '=', runId).executeTakeFirst();

export async function listMappings(db: Db, connectorId: string) {
  return db
    .selectFrom('connector_mapping as m')
    .leftJoin('org_unit as u', 'u.id', 'm.unit_id')
    .leftJoin('data_element as de', 'de.id', 'm.data_element_id')
    .leftJoin('category_option_combo as oc', 'oc.id', 'm.coc_id')
    .leftJoin('app_user as au', 'au.id', 'm.updated_by')
    .select([
      'm.id',
      'm.kind',
      'm.external_code',
      'm.unit_id',
      'u.code as unit_code',
      'u.full_name as unit_name',
      'm.data_element_id',
      'de.code as element_code',
      'de.name_vi as element_name',
      'm.coc_id',
      'oc.code as coc_code',
      'oc.name_vi as coc_name',
      'au.username as updated_by_username',
      'm.updated_at',
    ])
    .where('m.connector_id', '=', connectorId)
    .orderBy('m.kind')
    .orderBy('m.external_code')
    .execute();
}
export type MappingRow = Awaited<ReturnType<typeof listMappings>>[number];

/** Elements by code with their default option combination (the first active one of a default combo). */
export async function elementsWithDefaultCoc(db: Db, codes: string[]): Promise<{ id: string; code: string; coc_id: string | null }[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ id: string; code: string; coc_id: string | null }>`
    select de.id, de.code,
      (select oc.id from category_option_combo oc where oc.combo_id = de.category_combo_id and oc.active and cc.is_default order by oc.sort_order, oc.id limit 1) as coc_id
    from data_element de join category_combo cc on cc.id = de.category_combo_id
    where de.code = any(${codes}::text[])`.execute(db);
  return rows.rows.map((r) => ({ id: String(r.id), code: r.code, coc_id: r.coc_id === null ? null : String(r.coc_id) }));
}
