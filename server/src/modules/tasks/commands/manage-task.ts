// Changes to tasks, each in one transaction with its audit entry: create (with the
// co-operating units), update (done stamps the Vietnam day it was finished; leaving done
// clears it; the version guards against a lost update), delete (sub-tasks go with it),
// the quality rating, comments and attachments.
import { createHash } from 'node:crypto';
import type { TaskCreateBody, TaskPatchBody } from '@shared/schemas/tasks.ts';
import { foldVietnamese } from '@shared/text.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import type { TaskRecord } from '../tasks.repository.ts';

const snapshot = (t: TaskRecord, cooperating: string[]) => ({
  title: t.title,
  planId: t.plan_id,
  parentId: t.parent_id,
  leadUnitId: t.lead_unit_id,
  leadUserId: t.lead_user_id,
  assigningUnitId: t.assigning_unit_id,
  cooperatingUnitIds: cooperating,
  programItemId: t.program_item_id,
  startDate: t.start_date,
  dueDate: t.due_date,
  status: t.status,
  progress: t.progress,
  deliverables: t.deliverables,
});

export async function createTask(ctx: AppContext, origin: AuditOrigin, today: string, body: TaskCreateBody & { assigningUnitId: string }): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const done = body.status === 'done';
    const row = await trx
      .insertInto('task')
      .values({
        plan_id: body.planId ?? null,
        parent_id: body.parentId ?? null,
        title: body.title,
        title_folded: foldVietnamese(body.title),
        description: body.description || null,
        lead_unit_id: body.leadUnitId,
        lead_user_id: body.leadUserId ?? null,
        assigning_unit_id: body.assigningUnitId,
        program_item_id: body.programItemId ?? null,
        start_date: body.startDate,
        due_date: body.dueDate,
        status: body.status,
        progress: done ? 100 : body.progress,
        completed_date: done ? today : null,
        deliverables: body.deliverables || null,
        created_by: origin.actor?.id ?? null,
        created_at: origin.at,
        updated_at: origin.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const cooperating = [...new Set(body.cooperatingUnitIds)].filter((u) => u !== body.leadUnitId);
    if (cooperating.length > 0) await trx.insertInto('task_cooperating_unit').values(cooperating.map((unit_id) => ({ task_id: row.id, unit_id }))).execute();
    await recordAudit(trx, origin, { action: 'task.created', targetType: 'task', targetId: row.id, unitId: row.lead_unit_id, after: snapshot(row, cooperating) });
    return row.id;
  });
}

export async function updateTask(ctx: AppContext, origin: AuditOrigin, today: string, before: TaskRecord, patch: TaskPatchBody): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const oldCooperating = (await trx.selectFrom('task_cooperating_unit').select('unit_id').where('task_id', '=', before.id).orderBy('unit_id').execute()).map((r) => r.unit_id);
    const status = patch.status ?? before.status;
    const becameDone = status === 'done' && before.status !== 'done';
    const leftDone = status !== 'done' && before.status === 'done';
    const has = <K extends keyof TaskPatchBody>(k: K) => patch[k] !== undefined;
    const after = await trx
      .updateTable('task')
      .set({
        ...(has('title') ? { title: patch.title!, title_folded: foldVietnamese(patch.title!) } : {}),
        ...(has('description') ? { description: patch.description || null } : {}),
        ...(has('planId') ? { plan_id: patch.planId ?? null } : {}),
        ...(has('leadUnitId') ? { lead_unit_id: patch.leadUnitId! } : {}),
        ...(has('leadUserId') ? { lead_user_id: patch.leadUserId ?? null } : {}),
        ...(has('programItemId') ? { program_item_id: patch.programItemId ?? null } : {}),
        ...(has('startDate') ? { start_date: patch.startDate! } : {}),
        ...(has('dueDate') ? { due_date: patch.dueDate! } : {}),
        ...(has('deliverables') ? { deliverables: patch.deliverables || null } : {}),
        ...(has('progress') ? { progress: patch.progress! } : {}),
        status,
        ...(becameDone ? { completed_date: today, progress: 100 } : {}),
        ...(leftDone ? { completed_date: null } : {}),
        version: before.version + 1,
        updated_at: origin.at,
      })
      .where('id', '=', before.id)
      // The version read by the route: a change made in between makes this update miss.
      .where('version', '=', before.version)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new AppError('task_conflict');
    let cooperating = oldCooperating;
    if (patch.cooperatingUnitIds) {
      cooperating = [...new Set(patch.cooperatingUnitIds)].filter((u) => u !== after.lead_unit_id).sort();
      await trx.deleteFrom('task_cooperating_unit').where('task_id', '=', before.id).execute();
      if (cooperating.length > 0) await trx.insertInto('task_cooperating_unit').values(cooperating.map((unit_id) => ({ task_id: before.id, unit_id }))).execute();
    } else if (has('leadUnitId') && oldCooperating.includes(after.lead_unit_id)) {
      cooperating = oldCooperating.filter((u) => u !== after.lead_unit_id);
      await trx.deleteFrom('task_cooperating_unit').where('task_id', '=', before.id).where('unit_id', '=', after.lead_unit_id).execute();
    }
    await recordAudit(trx, origin, { action: 'task.updated', targetType: 'task', targetId: before.id, unitId: after.lead_unit_id, before: snapshot(before, oldCooperating), after: snapshot(after, cooperating) });
  });
}

export async function deleteTask(ctx: AppContext, origin: AuditOrigin, before: TaskRecord): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const below = await trx
      .withRecursive('sub(id)', (qb) => qb.selectFrom('task').select('id').where('parent_id', '=', before.id).unionAll((q) => q.selectFrom('task as t').innerJoin('sub', 'sub.id', 't.parent_id').select('t.id')))
      .selectFrom('sub')
      .select('id')
      .execute();
    await trx.deleteFrom('task').where('id', '=', before.id).execute();
    await recordAudit(trx, origin, { action: 'task.deleted', targetType: 'task', targetId: before.id, unitId: before.lead_unit_id, before: snapshot(before, []), details: { subtasksDeleted: below.map((b) => b.id) } });
  });
}

export async function rateTask(ctx: AppContext, origin: AuditOrigin, before: TaskRecord, rating: number, note: string | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('task')
      .set({ quality: rating, quality_note: note, rated_by: origin.actor?.id ?? null, rated_at: origin.at, version: before.version + 1, updated_at: origin.at })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, origin, { action: 'task.rated', targetType: 'task', targetId: before.id, unitId: before.lead_unit_id, before: { quality: before.quality, note: before.quality_note }, after: { quality: rating, note } });
  });
}

export async function addComment(ctx: AppContext, origin: AuditOrigin, task: TaskRecord, body: string): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('task_comment').values({ task_id: task.id, author_id: origin.actor?.id ?? null, body, created_at: origin.at }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'task.commented', targetType: 'task', targetId: task.id, unitId: task.lead_unit_id, after: { commentId: row.id, body } });
    return row.id;
  });
}

export async function addAttachment(ctx: AppContext, origin: AuditOrigin, task: TaskRecord, file: { data: Buffer; fileName: string; contentType: string }): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    const row = await trx
      .insertInto('task_attachment')
      .values({ task_id: task.id, file_name: file.fileName, content_type: file.contentType, size: file.data.length, sha256, data: file.data, uploaded_by: origin.actor?.id ?? null, created_at: origin.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'task.attachment_added', targetType: 'task', targetId: task.id, unitId: task.lead_unit_id, after: { attachmentId: row.id, fileName: file.fileName, size: file.data.length, sha256 } });
    return row.id;
  });
}

export async function deleteAttachment(ctx: AppContext, origin: AuditOrigin, task: TaskRecord, attachment: { id: string; file_name: string; size: number; sha256: string }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('task_attachment').where('id', '=', attachment.id).execute();
    await recordAudit(trx, origin, { action: 'task.attachment_deleted', targetType: 'task', targetId: task.id, unitId: task.lead_unit_id, before: { attachmentId: attachment.id, fileName: attachment.file_name, size: attachment.size, sha256: attachment.sha256 } });
  });
}
