// Setting the plan curve's milestones for a capital year (national investment.manage),
// audited with the curve in force before and the new one.
import { curveProblems, type PlanMilestone } from '@shared/engine/disbursement.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { curveFor } from '../plan-curve.ts';

export async function savePlanCurve(ctx: AppContext, origin: AuditOrigin, year: number, milestones: PlanMilestone[]): Promise<void> {
  const problems = curveProblems(milestones);
  if (problems.length > 0) throw new AppError('investment_curve_invalid', { problems: problems.join(' ') }, { details: { problems } });
  await ctx.db.transaction().execute(async (trx) => {
    const before = await curveFor(trx, year);
    await trx
      .insertInto('investment_plan_curve')
      .values({ year, milestones: JSON.stringify(milestones), updated_by: origin.actor?.id ?? null, updated_at: origin.at })
      .onConflict((oc) => oc.column('year').doUpdateSet({ milestones: JSON.stringify(milestones), updated_by: origin.actor?.id ?? null, updated_at: origin.at }))
      .execute();
    await recordAudit(trx, origin, { action: 'investment.plan_curve_saved', targetType: 'investment_plan_curve', targetId: year, before, after: { milestones, definedFor: year } });
  });
}
