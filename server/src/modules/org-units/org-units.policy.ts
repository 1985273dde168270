// Who may see and change units. Every signed-in user browses the units inside their
// assignments' subtrees (and the pre-2025 units that became them); national
// assignments see everything. Changes need unit.manage over the unit; groups are
// defined nationally, but anyone who manages a unit may put it in or take it out.
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, hasPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { isUnitInScope, unitsInScope } from './scope.repository.ts';

/** null = national scope. */
export function viewScope(auth: AuthContext): string[] | null {
  return auth.assignments.some((a) => a.unitKind === 'nation') ? null : scopeRoots(auth);
}

export function manageScope(auth: AuthContext): string[] | null {
  if (hasNationalPermission(auth, 'unit.manage')) return null;
  return scopeRoots(auth, 'unit.manage');
}

export async function canViewUnit(ctx: AppContext, auth: AuthContext, unitId: string): Promise<boolean> {
  const scope = viewScope(auth);
  return scope === null || (await isUnitInScope(ctx.db, scope, unitId));
}

export async function canManageUnit(ctx: AppContext, auth: AuthContext, unitId: string): Promise<boolean> {
  const scope = manageScope(auth);
  if (scope === null) return true;
  return scope.length > 0 && (await isUnitInScope(ctx.db, scope, unitId));
}

export async function assertCanViewUnit(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  if (!(await canViewUnit(ctx, auth, unitId))) throw notFound();
}

export async function assertCanManageUnit(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  if (!(await canViewUnit(ctx, auth, unitId))) throw notFound();
  if (!(await canManageUnit(ctx, auth, unitId))) throw notFound();
}

/** Every unit exists and the caller manages it; otherwise "not found", naming none of them. */
export async function assertCanManageUnits(ctx: AppContext, auth: AuthContext, unitIds: string[]): Promise<void> {
  const ids = [...new Set(unitIds)];
  const scope = manageScope(auth);
  if (scope === null) {
    const found = await ctx.db.selectFrom('org_unit').select('id').where('id', 'in', ids).execute();
    if (found.length !== ids.length) throw notFound();
    return;
  }
  const inScope = await unitsInScope(ctx.db, scope, ids);
  if (ids.some((id) => !inScope.has(id))) throw notFound();
}

/** Tools for unit administrators (template, succession report): unit.manage held anywhere. */
export function assertUnitAdministrator(auth: AuthContext): void {
  if (!hasPermission(auth, 'unit.manage')) throw notFound();
}

/** Unit groups are one national list: creating and renaming them needs unit.manage at the national unit. */
export function canManageGroups(auth: AuthContext): boolean {
  return hasNationalPermission(auth, 'unit.manage');
}

/** Putting units in or out of a group needs unit.manage somewhere (each unit is checked when changed). */
export function canChangeGroupMembers(auth: AuthContext): boolean {
  return hasPermission(auth, 'unit.manage');
}

export function assertCanManageGroups(auth: AuthContext): void {
  if (!canManageGroups(auth)) throw notFound();
}
