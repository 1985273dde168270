// Who may do what with the catalogue. It is national reference data: every signed-in
// user reads it; only holders of catalog.manage at the national unit change it.
// Targets are data per unit: national catalogue managers set any; below them, holders
// of catalog.manage or form.approve (provincial coordinators) set targets for the units
// in their subtrees. National targets (the nation unit) stay with national managers.
// Everything else is "not found", for missing and forbidden alike.
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';

export const canManageCatalog = (auth: AuthContext): boolean => hasNationalPermission(auth, 'catalog.manage');

export function assertCanManageCatalog(auth: AuthContext): void {
  if (!canManageCatalog(auth)) throw notFound();
}

/** Roots of the subtrees where the caller sets targets; null = everywhere. */
export function targetScope(auth: AuthContext): string[] | null {
  if (canManageCatalog(auth)) return null;
  return [...new Set([...scopeRoots(auth, 'catalog.manage'), ...scopeRoots(auth, 'form.approve')])];
}

export function canSetTargetsAnywhere(auth: AuthContext): boolean {
  const scope = targetScope(auth);
  return scope === null || scope.length > 0;
}

/** Of the given units, those whose targets the caller may set. */
export async function unitsForTargets(ctx: AppContext, auth: AuthContext, units: { id: string; kind: string }[]): Promise<Set<string>> {
  const scope = targetScope(auth);
  if (scope === null) return new Set(units.map((u) => u.id));
  const below = units.filter((u) => u.kind !== 'nation').map((u) => u.id);
  return unitsInScope(ctx.db, scope, below);
}

export async function assertCanSetTarget(ctx: AppContext, auth: AuthContext, unit: { id: string; kind: string }): Promise<void> {
  if (!(await unitsForTargets(ctx, auth, [unit])).has(unit.id)) throw notFound();
}
