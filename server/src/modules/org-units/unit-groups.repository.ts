// SQL for org-unit groups ("xã vùng DTTS&MN", "thôn ĐBKK"…) and their members.
// Member counts and lists are limited to the caller's view scope.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { unitColumns } from './org-units.repository.ts';
import { unitInScopeSql } from './scope.repository.ts';

/** null scope = national (every member). */
function memberCount(scope: string[] | null) {
  return sql<string>`(select count(*) from org_unit_group_member m where m.group_id = g.id${scope === null ? sql`` : sql` and ${unitInScopeSql(sql.ref('m.unit_id'), scope)}`})`;
}

export async function listGroups(db: Kysely<Database>, scope: string[] | null) {
  return db
    .selectFrom('org_unit_group as g')
    .select(['g.id', 'g.code', 'g.name', 'g.name_en', 'g.description'])
    .select(memberCount(scope).as('member_count'))
    .orderBy(sql`g.name collate "vi-x-icu"`)
    .orderBy('g.code')
    .execute();
}

export type GroupRow = Awaited<ReturnType<typeof listGroups>>[number];

export async function findGroup(db: Kysely<Database>, id: string, scope: string[] | null): Promise<GroupRow | undefined> {
  return db
    .selectFrom('org_unit_group as g')
    .select(['g.id', 'g.code', 'g.name', 'g.name_en', 'g.description'])
    .select(memberCount(scope).as('member_count'))
    .where('g.id', '=', id)
    .executeTakeFirst();
}

export async function listMembers(db: Kysely<Database>, groupId: string, scope: string[] | null, limit: number, offset: number) {
  let query = db
    .selectFrom('org_unit_group_member as m')
    .innerJoin('org_unit as u', 'u.id', 'm.unit_id')
    .where('m.group_id', '=', groupId);
  if (scope !== null) query = query.where(unitInScopeSql(sql.ref('u.id'), scope));
  const total = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(unitColumns)
    .select((eb) => eb.selectFrom('org_unit as c').select(sql<string>`count(*)`.as('n')).whereRef('c.parent_id', '=', 'u.id').as('child_count'))
    .orderBy('u.hierarchy')
    .orderBy('u.level')
    .orderBy(sql`u.name collate "vi-x-icu"`)
    .orderBy('u.code')
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total: Number(total.n) };
}

/** Adds the units that are not members yet; returns those actually added. */
export async function addMembers(db: Kysely<Database>, groupId: string, unitIds: string[]): Promise<string[]> {
  const rows = await db
    .insertInto('org_unit_group_member')
    .values([...new Set(unitIds)].map((id) => ({ group_id: groupId, unit_id: id })))
    .onConflict((oc) => oc.columns(['group_id', 'unit_id']).doNothing())
    .returning('unit_id')
    .execute();
  return rows.map((r) => r.unit_id);
}

/** Removes the units that are members; returns those actually removed. */
export async function removeMembers(db: Kysely<Database>, groupId: string, unitIds: string[]): Promise<string[]> {
  const rows = await db.deleteFrom('org_unit_group_member').where('group_id', '=', groupId).where('unit_id', 'in', [...new Set(unitIds)]).returning('unit_id').execute();
  return rows.map((r) => r.unit_id);
}
