// Who may see and change which user. Deny by default; "not found" for both missing
// and forbidden. An administrator sees users with an assignment in their scope, and
// changes only users whose every assignment lies in their scope. Roles can be given
// only at units in scope and only with permissions the administrator holds there.
import { sql } from 'kysely';
import { notFound, AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, hasPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { findUserById, loadAssignments } from './users.repository.ts';

/** null means national scope (everything). */
export function userManageScope(auth: AuthContext): string[] | null {
  if (!hasPermission(auth, 'user.manage')) throw notFound();
  return hasNationalPermission(auth, 'user.manage') ? null : scopeRoots(auth, 'user.manage');
}

export async function loadManagedUser(ctx: AppContext, auth: AuthContext, userId: string) {
  const scope = userManageScope(auth);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound();
  const assignments = await loadAssignments(ctx.db, userId);
  if (scope === null) return { user, assignments, canModify: true };
  const inScope = await unitsInScope(ctx.db, scope, assignments.map((a) => a.unitId));
  const visible = assignments.some((a) => inScope.has(a.unitId)) || (assignments.length === 0 && user.created_by === auth.user.id);
  if (!visible) throw notFound();
  return { user, assignments, canModify: assignments.every((a) => inScope.has(a.unitId)) };
}

export async function loadModifiableUser(ctx: AppContext, auth: AuthContext, userId: string) {
  const loaded = await loadManagedUser(ctx, auth, userId);
  if (!loaded.canModify) throw new AppError('forbidden');
  return loaded;
}

/** Permissions the caller holds at a unit: from assignments at the unit or an ancestor of it. */
async function permissionsAt(ctx: AppContext, auth: AuthContext, unitId: string): Promise<Set<string>> {
  const ancestors = await ctx.db
    .selectFrom('org_unit_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', unitId)
    .execute();
  const ids = new Set(ancestors.map((a) => a.ancestor_id));
  // Pre-2025 units: assignments at their successors count too.
  const viaSuccession = await sql<{ id: string }>`
    select c2.ancestor_id as id from org_unit_closure a
    join org_unit_succession s on s.old_unit_id = a.ancestor_id
    join org_unit_closure c2 on c2.descendant_id = s.new_unit_id
    where a.descendant_id = ${unitId}`.execute(ctx.db);
  for (const r of viaSuccession.rows) ids.add(String(r.id));
  return new Set(auth.assignments.filter((a) => ids.has(a.unitId)).flatMap((a) => a.permissions));
}

export async function assertCanAssign(ctx: AppContext, auth: AuthContext, role: { permissions: string[] }, unitId: string): Promise<void> {
  const scope = userManageScope(auth);
  if (scope !== null && !(await unitsInScope(ctx.db, scope, [unitId])).has(unitId)) throw notFound();
  const unit = await ctx.db.selectFrom('org_unit').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound();
  const held = await permissionsAt(ctx, auth, unitId);
  if (!held.has('user.manage') || !role.permissions.every((p) => held.has(p))) throw new AppError('forbidden');
}
