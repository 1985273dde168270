// Who may move a submission. Entering officers (data.enter over the unit) submit and
// recall; reviewers hold form.approve over a unit strictly above it — never at the
// unit itself, so nobody approves their own level; unapproving needs form.unapprove
// likewise. Seeing a submission needs data.read over the unit (else 404).
import type { Permission } from '@shared/permissions.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { holdsOverUnit } from '../data-values/data-values.policy.ts';
import { isUnitInScope } from '../org-units/scope.repository.ts';

export async function assertCanSeeSubmission(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  if (!(await holdsOverUnit(ctx, auth, 'data.read', unitId))) throw notFound();
}

/** Holds the permission at a unit strictly above the given one. */
export async function holdsAbove(ctx: AppContext, auth: AuthContext, permission: Permission, unit: { id: string; kind: string }): Promise<boolean> {
  if (unit.kind !== 'nation' && hasNationalPermission(auth, permission)) return true;
  const roots = scopeRoots(auth, permission).filter((r) => r !== unit.id);
  return roots.length > 0 && (await isUnitInScope(ctx.db, roots, unit.id));
}

export async function canEnter(ctx: AppContext, auth: AuthContext, unitId: string): Promise<boolean> {
  return holdsOverUnit(ctx, auth, 'data.enter', unitId);
}

export async function assertCanEnter(ctx: AppContext, auth: AuthContext, unitId: string): Promise<void> {
  if (!(await canEnter(ctx, auth, unitId))) throw new AppError('forbidden');
}

/** Reviewing (approve, return, unapprove): the permission above the unit; at the unit only is "own level". */
export async function assertCanReview(ctx: AppContext, auth: AuthContext, permission: Permission, unit: { id: string; kind: string }): Promise<void> {
  if (await holdsAbove(ctx, auth, permission, unit)) return;
  if (scopeRoots(auth, permission).includes(unit.id)) throw new AppError('own_level_approval');
  throw new AppError('forbidden');
}
