// Who may see and change map data. Boundaries are geography, not data: every signed-in
// user sees the province layer; a province's communes need that province in the caller's
// view. Importing boundaries and setting unit points need unit.manage (each unit is
// checked against the caller's scope by the import itself). Deny by default, "not found"
// for missing and forbidden alike.
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { assertCanManageUnit, assertCanViewUnit, assertUnitAdministrator } from '../org-units/org-units.policy.ts';
import { findUnit2025 } from './maps.repository.ts';

/** The province whose communes are asked for: a current 2025 province the caller sees. */
export async function loadViewableProvince(ctx: AppContext, auth: AuthContext, id: string) {
  const unit = await findUnit2025(ctx.db, id);
  if (!unit || unit.hierarchy !== '2025' || unit.kind !== 'province' || unit.valid_to !== null) throw notFound();
  await assertCanViewUnit(ctx, auth, unit.id);
  return unit;
}

export function assertCanImportBoundaries(auth: AuthContext): void {
  assertUnitAdministrator(auth);
}

/** A current 2025 province or commune that the caller manages. */
export async function loadPointUnit(ctx: AppContext, auth: AuthContext, id: string) {
  const unit = await findUnit2025(ctx.db, id);
  if (!unit || unit.hierarchy !== '2025' || (unit.kind !== 'province' && unit.kind !== 'commune') || unit.valid_to !== null) throw notFound();
  await assertCanManageUnit(ctx, auth, unit.id);
  return unit;
}
