// A unit's page: the unit, its ancestors, groups, attributes, predecessors and
// successors, and what the caller may do with it. Used by the read and write routes.
import type { UnitDetail } from '@shared/schemas/units.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { findAncestors, findSuccession, findUnit, findUnitGroups } from './org-units.repository.ts';
import { assertCanViewUnit, canManageUnit } from './org-units.policy.ts';
import { presentUnit } from './org-units.presenter.ts';

/** Call only after the caller's right to see the unit is established. */
export async function unitDetailView(ctx: AppContext, auth: AuthContext, unitId: string): Promise<UnitDetail> {
  const unit = await findUnit(ctx.db, unitId);
  if (!unit) throw notFound();
  const [ancestors, groups, predecessors, successors, manage] = await Promise.all([
    findAncestors(ctx.db, unit.id),
    findUnitGroups(ctx.db, unit.id),
    findSuccession(ctx.db, unit.id, 'predecessors'),
    findSuccession(ctx.db, unit.id, 'successors'),
    canManageUnit(ctx, auth, unit.id),
  ]);
  const link = (s: (typeof predecessors)[number]) => ({ unit: presentUnit(s), weight: Number(s.weight), effectiveDate: s.effective_date });
  const open = unit.valid_to === null;
  return {
    ...presentUnit(unit),
    ancestors: ancestors.map(presentUnit),
    attributes: unit.attributes,
    groups,
    predecessors: predecessors.map(link),
    successors: successors.map(link),
    abilities: {
      manage: manage && open,
      addVillage: manage && open && unit.kind === 'commune' && unit.hierarchy === '2025',
      close: manage && open && unit.kind === 'village',
    },
  };
}

/** GET /api/units/:id (also packed offline): the unit page for a unit the caller may see, else 404. */
export async function unitPageView(ctx: AppContext, auth: AuthContext, unitId: string): Promise<UnitDetail> {
  await assertCanViewUnit(ctx, auth, unitId);
  return unitDetailView(ctx, auth, unitId);
}
