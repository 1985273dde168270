// SQL for targets: listing within a caller's view scope (national targets are visible
// to everyone), and resolving indicator and unit codes for imports.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';

type Db = Kysely<Database>;

const targetSelect = (db: Db) =>
  db
    .selectFrom('target as t')
    .innerJoin('indicator as i', 'i.id', 't.indicator_id')
    .innerJoin('org_unit as u', 'u.id', 't.unit_id')
    .leftJoin('app_user as a', 'a.id', 't.updated_by')
    .selectAll('t')
    .select([
      'i.code as indicator_code',
      'i.name_vi as indicator_name_vi',
      'i.name_en as indicator_name_en',
      'i.unit_of_measure_vi as indicator_unit',
      'i.direction as indicator_direction',
      'u.code as unit_code',
      'u.full_name as unit_name',
      'u.kind as unit_kind',
      'u.level as unit_level',
      'a.display_name as updated_by_name',
    ]);

export interface TargetQuery {
  indicatorId?: string;
  unitId?: string;
  period?: string;
  /** null = every unit; otherwise units in these subtrees, plus the nation. */
  scopeRoots: string[] | null;
  limit: number;
  offset: number;
}

export async function queryTargets(db: Db, query: TargetQuery) {
  let q = targetSelect(db);
  if (query.indicatorId) q = q.where('t.indicator_id', '=', query.indicatorId);
  if (query.unitId) q = q.where('t.unit_id', '=', query.unitId);
  if (query.period) q = q.where('t.period', '=', query.period);
  const roots = query.scopeRoots;
  if (roots !== null) {
    q = q.where((eb) => eb.or([eb('u.kind', '=', 'nation'), roots.length > 0 ? unitInScopeSql(sql.ref('t.unit_id'), roots) : sql<boolean>`false`]));
  }
  const total = await q.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .orderBy('i.code')
    .orderBy('u.level')
    .orderBy(sql`u.name collate "vi-x-icu"`)
    .orderBy('t.period')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { rows, total: Number(total.n) };
}
export type TargetRowView = Awaited<ReturnType<typeof queryTargets>>['rows'][number];

export function findTarget(db: Db, id: string): Promise<TargetRowView | undefined> {
  return targetSelect(db).where('t.id', '=', id).executeTakeFirst();
}

export function findUnitBrief(db: Db, id: string) {
  return db.selectFrom('org_unit').select(['id', 'code', 'kind', 'full_name']).where('id', '=', id).executeTakeFirst();
}

/** Current (not closed) units of the 2025 hierarchy and the nation, by code. */
export async function unitsByCode(db: Db, codes: string[]) {
  const map = new Map<string, { id: string; code: string; kind: string; full_name: string }[]>();
  const unique = [...new Set(codes)];
  if (unique.length === 0) return map;
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'kind', 'full_name'])
    .where('code', 'in', unique)
    .where('hierarchy', 'in', ['2025', 'all'])
    .where('kind', 'in', ['nation', 'province', 'commune'])
    .where('valid_to', 'is', null)
    .execute();
  for (const r of rows) map.set(r.code, [...(map.get(r.code) ?? []), r]);
  return map;
}

export async function indicatorsByCode(db: Db, codes: string[]) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map<string, { id: string; code: string }>();
  const rows = await db.selectFrom('indicator').select(['id', 'code']).where('code', 'in', unique).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/** Stored targets for (indicator, unit, period) keys, keyed 'indicatorId|unitId|period'. */
export async function existingTargets(db: Db, keys: { indicatorId: string; unitId: string; period: string }[]) {
  const map = new Map<string, { id: string; value: string; note: string | null }>();
  if (keys.length === 0) return map;
  const indicatorIds = [...new Set(keys.map((k) => k.indicatorId))];
  const unitIds = [...new Set(keys.map((k) => k.unitId))];
  const rows = await db.selectFrom('target').select(['id', 'indicator_id', 'unit_id', 'period', 'value', 'note']).where('indicator_id', 'in', indicatorIds).where('unit_id', 'in', unitIds).execute();
  for (const r of rows) map.set(`${r.indicator_id}|${r.unit_id}|${r.period}`, r);
  return map;
}
