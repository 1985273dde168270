// Who may see and change units. Every signed-in user browses the units inside their
// assignments' subtrees (and the pre-2025 units that became them); national
// assignments see everything. Changes need unit.manage over the unit.
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { isUnitInScope } from './scope.repository.ts';

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
