// SQL for browsing administrative units: children, search, detail, succession.
import { type Kysely, sql } from 'kysely';
import { foldVietnamese } from '@shared/text.ts';
import type { Database } from '../../platform/db/schema.ts';
import { unitInScopeSql } from './scope.repository.ts';

export const unitColumns = [
  'u.id',
  'u.code',
  'u.name',
  'u.full_name',
  'u.kind',
  'u.type',
  'u.level',
  'u.hierarchy',
  'u.parent_id',
  'u.valid_from',
  'u.valid_to',
  'u.attributes',
  'u.path',
] as const;

export interface UnitQuery {
  hierarchy: '2025' | 'pre2025';
  parentId?: string;
  q?: string;
  kind?: string;
  groupId?: string;
  includeClosed: boolean;
  /** null = national scope */
  scopeRoots: string[] | null;
  limit: number;
  offset: number;
}

export async function queryUnits(db: Kysely<Database>, q: UnitQuery) {
  let query = db
    .selectFrom('org_unit as u')
    .select(unitColumns)
    .select((eb) => eb.selectFrom('org_unit as c').select(sql<string>`count(*)`.as('n')).whereRef('c.parent_id', '=', 'u.id').as('child_count'))
    .where('u.hierarchy', '=', q.hierarchy);
  if (q.parentId) query = query.where('u.parent_id', '=', q.parentId);
  if (q.kind) query = query.where('u.kind', '=', q.kind as 'province');
  if (!q.includeClosed && q.hierarchy === '2025') query = query.where('u.valid_to', 'is', null);
  if (q.groupId) {
    const groupId = q.groupId;
    query = query.where((eb) => eb.exists(eb.selectFrom('org_unit_group_member as m').select(sql.lit(1).as('one')).whereRef('m.unit_id', '=', 'u.id').where('m.group_id', '=', groupId)));
  }
  let rank = sql<number>`0`;
  if (q.q && q.q.trim()) {
    const term = foldVietnamese(q.q);
    const code = q.q.trim();
    const like = `%${term.replace(/[%_]/g, '')}%`;
    query = query.where((eb) => eb.or([eb('u.name_folded', 'like', like), eb('u.code', '=', code), eb('u.code', 'like', `${code.replace(/[%_]/g, '')}%`)]));
    // Exact code, then names that start with the term, then the rest.
    rank = sql<number>`case when u.code = ${code} then 0 when u.name_folded like ${`% ${term}%`} or u.name_folded like ${`${term}%`} then 1 else 2 end`;
  }
  const roots = q.scopeRoots;
  if (roots !== null) query = query.where(unitInScopeSql(sql.ref('u.id'), roots));
  const total = await query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .orderBy(rank)
    .orderBy('u.level')
    .orderBy(sql`u.name collate "vi-x-icu"`)
    .orderBy('u.code')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export type UnitRow = Awaited<ReturnType<typeof queryUnits>>['rows'][number];

export async function findUnitsByIds(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('org_unit as u')
    .select(unitColumns)
    .select((eb) => eb.selectFrom('org_unit as c').select(sql<string>`count(*)`.as('n')).whereRef('c.parent_id', '=', 'u.id').as('child_count'))
    .where('u.id', 'in', ids)
    .execute();
}

export async function findUnit(db: Kysely<Database>, id: string): Promise<UnitRow | undefined> {
  return (await findUnitsByIds(db, [id]))[0];
}

export async function findAncestors(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.ancestor_id')
    .select(unitColumns)
    .select(sql<string>`0`.as('child_count'))
    .where('c.descendant_id', '=', id)
    .where('c.depth', '>', 0)
    .orderBy('c.depth', 'desc')
    .execute();
}

export async function findSuccession(db: Kysely<Database>, id: string, direction: 'predecessors' | 'successors') {
  const [self, other] = direction === 'predecessors' ? (['new_unit_id', 'old_unit_id'] as const) : (['old_unit_id', 'new_unit_id'] as const);
  return db
    .selectFrom('org_unit_succession as s')
    .innerJoin('org_unit as u', 'u.id', `s.${other}`)
    .select(unitColumns)
    .select(['s.weight', 's.effective_date'])
    .select((eb) => eb.selectFrom('org_unit as c').select(sql<string>`count(*)`.as('n')).whereRef('c.parent_id', '=', 'u.id').as('child_count'))
    .where(`s.${self}`, '=', id)
    .orderBy(sql`u.name collate "vi-x-icu"`)
    .execute();
}

export async function findUnitGroups(db: Kysely<Database>, unitId: string) {
  return db
    .selectFrom('org_unit_group_member as m')
    .innerJoin('org_unit_group as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.code', 'g.name'])
    .where('m.unit_id', '=', unitId)
    .orderBy('g.code')
    .execute();
}

/** Pre-2025 units whose successors are the given 2025 units (the roots of a user's history). */
export async function findPredecessorIds(db: Kysely<Database>, unitIds: string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await db.selectFrom('org_unit_succession').select('old_unit_id').distinct().where('new_unit_id', 'in', unitIds).execute();
  return rows.map((r) => r.old_unit_id);
}

export async function nationUnitId(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').executeTakeFirstOrThrow();
  return row.id;
}
