// Who may do what with tasks. Deny by default; "not found" for missing and forbidden alike.
//
// - SEE a task: its lead person; users assigned (any role) to its lead unit or to one of
//   its co-operating units; task.manage holders whose scope (subtree) holds its lead unit
//   or the unit that assigned it.
// - UPDATE (status, progress, deliverables, comments, attachments): the same people.
// - EDIT (every field, sub-tasks, deletion) and RATE the quality: task.manage over the
//   assigning unit — the unit that gave the task judges it.
// - CREATE: task.manage over the lead unit, the assigning unit and every co-operating unit.
// Lists are filtered by the same rule in SQL (visibleSql), so a list never shows what the
// detail would refuse.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { TaskAbilities } from '@shared/schemas/tasks.ts';
import type { Db } from '../../platform/db/database.ts';
import { scopeRoots, type AuthContext } from '../auth/auth-context.ts';

export interface TaskAccess {
  userId: string;
  /** The units of every assignment: tasks they lead or co-operate on are the caller's. */
  ownUnits: string[];
  /** Units where the caller holds task.manage (the roots of the managing scope). */
  manageRoots: string[];
}

export function taskAccessOf(auth: AuthContext): TaskAccess {
  return { userId: auth.user.id, ownUnits: scopeRoots(auth), manageRoots: scopeRoots(auth, 'task.manage') };
}

/** The unit column lies in the subtree of one of the roots (current units; tasks name 2025 units). */
export function underSql(unit: Expression<unknown>, roots: string[]) {
  if (roots.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`exists (select 1 from org_unit_closure c where c.descendant_id = ${unit} and c.ancestor_id = any(${roots}::bigint[]))`;
}

/** SQL: the task aliased `t` is visible to the caller. */
export function visibleSql(access: TaskAccess) {
  return sql<SqlBool>`(
    t.lead_user_id = ${access.userId}
    or t.lead_unit_id = any(${access.ownUnits}::bigint[])
    or exists (select 1 from task_cooperating_unit cu where cu.task_id = t.id and cu.unit_id = any(${access.ownUnits}::bigint[]))
    or ${underSql(sql.ref('t.lead_unit_id'), access.manageRoots)}
    or ${underSql(sql.ref('t.assigning_unit_id'), access.manageRoots)}
  )`;
}

/** SQL: the task is the caller's own work (their person, or their unit leads or co-operates): the "my tasks" view. */
export function mineSql(access: TaskAccess) {
  return sql<SqlBool>`(
    t.lead_user_id = ${access.userId}
    or (t.lead_user_id is null and t.lead_unit_id = any(${access.ownUnits}::bigint[]))
    or exists (select 1 from task_cooperating_unit cu where cu.task_id = t.id and cu.unit_id = any(${access.ownUnits}::bigint[]))
  )`;
}

/** The units among `ids` inside the caller's managing scope. */
export async function managedUnits(db: Db, access: TaskAccess, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0 || access.manageRoots.length === 0) return new Set();
  const rows = await db
    .selectFrom('org_unit_closure')
    .select('descendant_id')
    .distinct()
    .where('descendant_id', 'in', ids)
    .where('ancestor_id', 'in', access.manageRoots)
    .execute();
  return new Set(rows.map((r) => String(r.descendant_id)));
}

export interface TaskPolicyRow {
  id: string;
  lead_unit_id: string;
  lead_user_id: string | null;
  assigning_unit_id: string;
}

/** What the caller may do with one task, or null when they may not see it. */
export async function abilitiesFor(db: Db, access: TaskAccess, task: TaskPolicyRow): Promise<TaskAbilities | null> {
  const managed = await managedUnits(db, access, [task.lead_unit_id, task.assigning_unit_id]);
  const edit = managed.has(task.assigning_unit_id);
  let member = task.lead_user_id === access.userId || access.ownUnits.includes(task.lead_unit_id) || managed.has(task.lead_unit_id);
  if (!member && !edit && access.ownUnits.length > 0) {
    const co = await db.selectFrom('task_cooperating_unit').select('unit_id').where('task_id', '=', task.id).where('unit_id', 'in', access.ownUnits).executeTakeFirst();
    member = co !== undefined;
  }
  if (!member && !edit) return null;
  return { update: true, edit, rate: edit };
}
