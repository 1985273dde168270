// Scope checks: is a unit inside the subtrees a caller holds? Pre-2025 units count as
// inside when they (or an ancestor) succeeded into such a subtree, so history stays
// visible to the 2025 unit that inherited it. Checks run on sets of ids at once.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export async function unitsInScope(db: Kysely<Database>, roots: string[], unitIds: string[]): Promise<Set<string>> {
  if (roots.length === 0 || unitIds.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    select u.id from org_unit u
    where u.id = any(${unitIds}::bigint[]) and (
      exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.ancestor_id = any(${roots}::bigint[]))
      or exists (
        select 1 from org_unit_closure a
        join org_unit_succession s on s.old_unit_id = a.ancestor_id
        join org_unit_closure c2 on c2.descendant_id = s.new_unit_id and c2.ancestor_id = any(${roots}::bigint[])
        where a.descendant_id = u.id
      )
    )`.execute(db);
  return new Set(rows.rows.map((r) => String(r.id)));
}

export async function isUnitInScope(db: Kysely<Database>, roots: string[], unitId: string): Promise<boolean> {
  return (await unitsInScope(db, roots, [unitId])).has(unitId);
}

/** SQL fragment: the unit column lies within the roots' subtrees (2025 or pre-2025 by succession). */
export function unitInScopeSql(unitColumn: ReturnType<typeof sql.ref>, roots: string[]) {
  return sql<boolean>`(
    exists (select 1 from org_unit_closure c where c.descendant_id = ${unitColumn} and c.ancestor_id = any(${roots}::bigint[]))
    or exists (
      select 1 from org_unit_closure a
      join org_unit_succession s on s.old_unit_id = a.ancestor_id
      join org_unit_closure c2 on c2.descendant_id = s.new_unit_id and c2.ancestor_id = any(${roots}::bigint[])
      where a.descendant_id = ${unitColumn}
    ))`;
}
