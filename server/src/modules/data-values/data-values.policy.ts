// Who may read and write data values. Reading needs data.read over the unit, entering
// needs data.enter over it (the union of the subtrees where the caller holds it;
// national holders: everywhere). Anything else is "not found", for missing and
// forbidden alike, so an officer cannot probe another commune's cells.
import type { Permission } from '@shared/permissions.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { isUnitInScope } from '../org-units/scope.repository.ts';

export async function holdsOverUnit(ctx: AppContext, auth: AuthContext, permission: Permission, unitId: string): Promise<boolean> {
  if (hasNationalPermission(auth, permission)) return true;
  const roots = scopeRoots(auth, permission);
  return roots.length > 0 && (await isUnitInScope(ctx.db, roots, unitId));
}

export async function assertCanViewValues(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  if (!(await holdsOverUnit(ctx, auth, 'data.read', unitId))) throw notFound();
}
