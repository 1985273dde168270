// SQL for administrative units: children, search, detail, succession, villages.
import { type ExpressionBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
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
  'u.province_id',
  'u.valid_from',
  'u.valid_to',
  'u.attributes',
  'u.path',
] as const;

/** Children shown by default: open ones (pre-2025 units are all closed, and all shown). */
const openChildCount = (eb: ExpressionBuilder<Database & { u: Database['org_unit'] }, 'u'>) =>
  eb
    .selectFrom('org_unit as c')
    .select(sql<string>`count(*)`.as('n'))
    .whereRef('c.parent_id', '=', 'u.id')
    .where((w) => w.or([w('c.valid_to', 'is', null), w('c.hierarchy', '=', 'pre2025')]))
    .as('child_count');

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
  const openOnly = !q.includeClosed && q.hierarchy === '2025';
  let query = db
    .selectFrom('org_unit as u')
    .select(unitColumns)
    .select((eb) => {
      // Closed villages are hidden from the tree, so they must not count as children either.
      let children = eb.selectFrom('org_unit as c').select(sql<string>`count(*)`.as('n')).whereRef('c.parent_id', '=', 'u.id');
      if (openOnly) children = children.where('c.valid_to', 'is', null);
      return children.as('child_count');
    })
    .where('u.hierarchy', '=', q.hierarchy);
  if (q.parentId) query = query.where('u.parent_id', '=', q.parentId);
  if (q.kind) query = query.where('u.kind', '=', q.kind as 'province');
  if (openOnly) query = query.where('u.valid_to', 'is', null);
  if (q.groupId) {
    const groupId = q.groupId;
    query = query.where((eb) => eb.exists(eb.selectFrom('org_unit_group_member as m').select(sql.lit(1).as('one')).whereRef('m.unit_id', '=', 'u.id').where('m.group_id', '=', groupId)));
  }
  // Without a search term, no rank (a bare "order by 0" is a column position in SQL).
  let rank: RawBuilder<number> | null = null;
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
  const rows = await (rank ? query.orderBy(rank) : query)
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
    .select(openChildCount)
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

/** The names of every row's ancestors (top first, without the nation), in one query. */
export async function findAncestorNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return names;
  const rows = await db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.ancestor_id')
    .select(['c.descendant_id', 'u.full_name'])
    .where('c.descendant_id', 'in', ids)
    .where('c.depth', '>', 0)
    .where('u.kind', '<>', 'nation')
    .orderBy('c.descendant_id')
    .orderBy('c.depth', 'desc')
    .execute();
  for (const r of rows) names.get(r.descendant_id)?.push(r.full_name);
  return names;
}

export async function findSuccession(db: Kysely<Database>, id: string, direction: 'predecessors' | 'successors') {
  const [self, other] = direction === 'predecessors' ? (['new_unit_id', 'old_unit_id'] as const) : (['old_unit_id', 'new_unit_id'] as const);
  return db
    .selectFrom('org_unit_succession as s')
    .innerJoin('org_unit as u', 'u.id', `s.${other}`)
    .select(unitColumns)
    .select(['s.weight', 's.effective_date'])
    .select(openChildCount)
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

/** Locks a unit's row for the rest of the transaction: village writes under one commune run one at a time. */
export async function lockUnit(db: Kysely<Database>, id: string): Promise<void> {
  await db.selectFrom('org_unit').select('id').where('id', '=', id).forUpdate().execute();
}

/** Every village of a commune, open or closed (codes stay taken after a village closes). */
export async function findVillagesOf(db: Kysely<Database>, communeId: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'full_name', 'type', 'valid_from', 'valid_to', 'attributes'])
    .where('parent_id', '=', communeId)
    .where('kind', '=', 'village')
    .execute();
}

/** Closure rows for new units under one parent: themselves at depth 0, the parent's ancestors one deeper. */
export async function insertClosureUnder(db: Kysely<Database>, parentId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    insert into org_unit_closure (ancestor_id, descendant_id, depth)
    select x.id, x.id, 0 from unnest(${ids}::bigint[]) as x(id)
    union all
    select c.ancestor_id, x.id, c.depth + 1 from org_unit_closure c cross join unnest(${ids}::bigint[]) as x(id)
    where c.descendant_id = ${parentId}`.execute(db);
  await sql`select refresh_agg_edges(${ids}::bigint[])`.execute(db);
}

/** The deepest unit whose subtree holds all the given units (for scoping an audit row). */
export async function commonAncestor(db: Kysely<Database>, ids: string[]): Promise<string | null> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return null;
  const row = await sql<{ id: string }>`
    select c.ancestor_id as id from org_unit_closure c join org_unit a on a.id = c.ancestor_id
    where c.descendant_id = any(${unique}::bigint[])
    group by c.ancestor_id, a.level having count(*) = ${unique.length}
    order by a.level desc limit 1`.execute(db);
  return row.rows[0] ? String(row.rows[0].id) : null;
}

export async function countSuccessions(db: Kysely<Database>) {
  const row = await sql<{ communes: string; provinces: string; old_orphans: string; new_orphans: string }>`
    select
      (select count(*) from org_unit_succession s join org_unit o on o.id = s.old_unit_id where o.kind = 'commune') as communes,
      (select count(*) from org_unit_succession s join org_unit o on o.id = s.old_unit_id where o.kind = 'province') as provinces,
      (select count(*) from org_unit o where o.hierarchy = 'pre2025' and o.kind = 'commune'
         and not exists (select 1 from org_unit_succession s where s.old_unit_id = o.id)) as old_orphans,
      (select count(*) from org_unit n where n.hierarchy = '2025' and n.kind = 'commune'
         and not exists (select 1 from org_unit_succession s where s.new_unit_id = n.id)) as new_orphans`.execute(db);
  const r = row.rows[0];
  return {
    communeSuccessions: Number(r.communes),
    provinceSuccessions: Number(r.provinces),
    oldCommunesWithoutSuccessor: Number(r.old_orphans),
    newCommunesWithoutPredecessor: Number(r.new_orphans),
  };
}
