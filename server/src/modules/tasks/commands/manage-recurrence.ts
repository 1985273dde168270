// Recurring tasks: the rule is stored; its occurrences are made by generateRecurringTasks
// (recurrence.ts). Each change in one transaction with its audit entry.
import type { TaskRecurrenceBody } from '@shared/schemas/tasks.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';

export async function createRecurrence(ctx: AppContext, origin: AuditOrigin, body: TaskRecurrenceBody & { assigningUnitId: string }): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const yearly = body.frequency === 'yearly';
    const row = await trx
      .insertInto('task_recurrence')
      .values({
        plan_id: body.planId ?? null,
        title: body.title,
        description: body.description || null,
        lead_unit_id: body.leadUnitId,
        lead_user_id: body.leadUserId ?? null,
        assigning_unit_id: body.assigningUnitId,
        cooperating_unit_ids: [...new Set(body.cooperatingUnitIds)].filter((u) => u !== body.leadUnitId),
        program_item_id: body.programItemId ?? null,
        frequency: body.frequency,
        due_month: yearly ? (body.dueMonth ?? null) : null,
        due_day: yearly ? (body.dueDay ?? null) : null,
        days_after: yearly ? null : (body.daysAfter ?? 0),
        lead_days: body.leadDays,
        starts_on: body.startsOn,
        ends_on: body.endsOn ?? null,
        created_by: origin.actor?.id ?? null,
        created_at: origin.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'task_recurrence.created', targetType: 'task_recurrence', targetId: row.id, unitId: body.leadUnitId, after: body });
    return row.id;
  });
}

export async function setRecurrenceActive(ctx: AppContext, origin: AuditOrigin, before: { id: string; active: boolean; lead_unit_id: string }, active: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('task_recurrence').set({ active }).where('id', '=', before.id).execute();
    await recordAudit(trx, origin, { action: 'task_recurrence.updated', targetType: 'task_recurrence', targetId: before.id, unitId: before.lead_unit_id, before: { active: before.active }, after: { active } });
  });
}
