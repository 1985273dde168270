// Who may do what with report forms. Definitions are national: holders of catalog.manage
// or form.manage at the national unit create and change them. Everyone signed in reads
// the forms assigned to units in their scope (national users: all). Lock exceptions are
// granted by holders of form.manage or form.approve over the unit. Everything else is
// "not found", for missing and forbidden alike.
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { isUnitInScope } from '../org-units/scope.repository.ts';

export const canManageForms = (auth: AuthContext): boolean => hasNationalPermission(auth, 'catalog.manage') || hasNationalPermission(auth, 'form.manage');

export function assertCanManageForms(auth: AuthContext): void {
  if (!canManageForms(auth)) throw notFound();
}

/** Roots of the caller's reading scope; null = the whole country. */
export function readScope(auth: AuthContext): string[] | null {
  if (auth.assignments.some((a) => a.unitKind === 'nation')) return null;
  return scopeRoots(auth);
}

export async function assertUnitReadable(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  const roots = readScope(auth);
  if (roots !== null && !(await isUnitInScope(ctx.db, roots, unitId))) throw notFound();
}

/** Where the caller may grant lock exceptions: null = everywhere; [] = nowhere. */
export function grantScope(auth: AuthContext): string[] | null {
  if (hasNationalPermission(auth, 'form.manage') || hasNationalPermission(auth, 'form.approve')) return null;
  return [...new Set([...scopeRoots(auth, 'form.manage'), ...scopeRoots(auth, 'form.approve')])];
}

export async function assertCanGrantException(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  const roots = grantScope(auth);
  if (roots === null) return;
  if (roots.length === 0 || !(await isUnitInScope(ctx.db, roots, unitId))) throw notFound();
}
