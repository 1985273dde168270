// Plans (kế hoạch) and the score rule, each change in one transaction with its audit entry.
import type { ScoreRule } from '@shared/engine/tasks.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';

export interface PlanInput {
  name: string;
  description?: string | null;
  unitId: string;
  year?: number | null;
}

export async function createPlan(ctx: AppContext, origin: AuditOrigin, body: PlanInput): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('task_plan')
      .values({ name: body.name, name_folded: foldVietnamese(body.name), description: body.description || null, unit_id: body.unitId, year: body.year ?? null, created_by: origin.actor?.id ?? null, created_at: origin.at, updated_at: origin.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'task_plan.created', targetType: 'task_plan', targetId: row.id, unitId: body.unitId, after: body });
    return row.id;
  });
}

export async function updatePlan(ctx: AppContext, origin: AuditOrigin, before: { id: string; name: string; description: string | null; unit_id: string; year: number | null }, patch: Partial<PlanInput>): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('task_plan')
      .set({
        ...(patch.name !== undefined ? { name: patch.name, name_folded: foldVietnamese(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: patch.description || null } : {}),
        ...(patch.unitId !== undefined ? { unit_id: patch.unitId } : {}),
        ...(patch.year !== undefined ? { year: patch.year } : {}),
        updated_at: origin.at,
      })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, origin, {
      action: 'task_plan.updated',
      targetType: 'task_plan',
      targetId: before.id,
      unitId: patch.unitId ?? before.unit_id,
      before: { name: before.name, description: before.description, unitId: before.unit_id, year: before.year },
      after: patch,
    });
  });
}

export async function updateScoreRule(ctx: AppContext, origin: AuditOrigin, before: ScoreRule, rule: ScoreRule): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('task_score_rule')
      .set({
        on_time_points: rule.onTimePoints,
        late_penalty_per_day: rule.latePenaltyPerDay,
        late_floor: rule.lateFloor,
        timeliness_weight: rule.timelinessWeight,
        quality_weight: rule.qualityWeight,
        updated_by: origin.actor?.id ?? null,
        updated_at: origin.at,
      })
      .where('id', '=', 1)
      .execute();
    await recordAudit(trx, origin, { action: 'task_score_rule.updated', targetType: 'task_score_rule', targetId: 1, before, after: rule });
  });
}
