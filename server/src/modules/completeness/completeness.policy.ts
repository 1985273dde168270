// Who sees completeness figures: holders of data.read, over the units of their scope
// (national holders: everywhere). Deny by default: a unit outside the scope — or one
// that does not exist — is refused with 403 forbidden, the same answer for both.
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { isUnitInScope } from '../org-units/scope.repository.ts';

/** Roots of the caller's data.read scope; null = the whole country. */
export function completenessScope(auth: AuthContext): string[] | null {
  if (hasNationalPermission(auth, 'data.read')) return null;
  return scopeRoots(auth, 'data.read');
}

export async function assertCanSeeCompleteness(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  const roots = completenessScope(auth);
  if (roots === null) return;
  if (roots.length === 0 || !(await isUnitInScope(ctx.db, roots, unitId))) throw new AppError('forbidden');
}
