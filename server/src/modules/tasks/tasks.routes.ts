// Tasks (nhiệm vụ, issue 6 item 1): plans, tasks and sub-tasks, comments, attachments,
// quality ratings, recurring rules, the views (mine, due soon, overdue, by unit, by
// program item, timeline window), scores with the ranking of units, the score rule, and
// the task progress report (JSON and Excel). Every route: authenticate → validate (zod)
// → load → authorize (tasks.policy.ts) → command → present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vietnamDate } from '@shared/engine/periods.ts';
import { errorMessage } from '@shared/errors.ts';
import { errorResponse, idParams, idSchema } from '@shared/schemas/common.ts';
import {
  scoreRuleBody,
  scoreRuleView,
  TASK_MEMBER_FIELDS,
  taskCommentBody,
  taskCounts as taskCountsResponse,
  taskCreateBody,
  taskDetail,
  taskListQuery,
  taskListResponse,
  taskPatchBody,
  taskPlanBody,
  taskPlanListResponse,
  taskPlanPatch,
  taskPlanView,
  taskQualityBody,
  taskRecurrenceBody,
  taskRecurrenceListResponse,
  taskRecurrencePatch,
  taskRecurrenceView,
  taskReport,
  taskReportQuery,
  taskScoresQuery,
  taskScoresResponse,
} from '@shared/schemas/tasks.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { readUpload, XLSX_TYPE } from '../../platform/http/upload.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { hasNationalPermission, requireAuth } from '../auth/auth-context.ts';
import { attachmentDisposition } from '../aggregation/consolidated-xlsx.ts';
import { addAttachment, addComment, createTask, deleteAttachment, deleteTask, rateTask, updateTask } from './commands/manage-task.ts';
import { createPlan, updatePlan, updateScoreRule } from './commands/manage-plan.ts';
import { createRecurrence, setRecurrenceActive } from './commands/manage-recurrence.ts';
import { taskProgressReport, taskReportFileName, taskReportXlsx } from './task-report.ts';
import { abilitiesFor, managedUnits, type TaskAccess, taskAccessOf } from './tasks.policy.ts';
import { nudgeTaskJobs } from './nudge.ts';
import { presentTask, presentTaskDetail } from './tasks.presenter.ts';
import {
  findTask,
  listPlans,
  listRecurrences,
  listTasks,
  scoreRule,
  subtasks,
  taskById,
  taskCounts,
  taskExtras,
  unitRefs,
  unitScores,
  usersOfUnit,
  reachableUnit,
} from './tasks.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const tags = ['tasks'];

export async function tasksRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => vietnamDate(clock.now());
  const accessOf = (request: FastifyRequest): TaskAccess => taskAccessOf(requireAuth(request));
  /** task.manage somewhere, or 403. */
  const manager = (request: FastifyRequest): TaskAccess => {
    const access = accessOf(request);
    if (access.manageRoots.length === 0) throw new AppError('forbidden');
    return access;
  };
  const field = (request: FastifyRequest, path: string, code: Parameters<typeof errorMessage>[0], params: Record<string, string | number> = {}) =>
    new AppError(code, params, { fields: [{ path: `body.${path}`, message: errorMessage(code, requestLanguage(request), params) }] });

  /** A task the caller may see, with what they may do; "not found" otherwise. */
  const load = async (request: FastifyRequest, id: string) => {
    const access = accessOf(request);
    const task = await findTask(db, id);
    if (!task) throw notFound();
    const abilities = await abilitiesFor(db, access, task);
    if (!abilities) throw notFound();
    return { access, task, abilities };
  };

  /**
   * The units, person, program item, plan and parent of a task or rule: current units within
   * the caller's managing scope, the lead person assigned to the lead unit. Returns the
   * assigning unit (given, or the caller's nearest task.manage unit above the lead unit).
   */
  const checkRefs = async (
    request: FastifyRequest,
    access: TaskAccess,
    b: { leadUnitId: string; leadUserId?: string | null; cooperatingUnitIds?: string[]; assigningUnitId?: string; programItemId?: string | null; planId?: string | null; parentId?: string | null },
    self?: string,
  ): Promise<string> => {
    const ids = [...new Set([b.leadUnitId, ...(b.cooperatingUnitIds ?? []), ...(b.assigningUnitId ? [b.assigningUnitId] : [])])];
    const [refs, managed] = await Promise.all([unitRefs(db, ids), managedUnits(db, access, ids)]);
    const refused = ids.filter((id) => !refs.get(id)?.valid || !managed.has(id));
    if (refused.length > 0) {
      const path = refused.includes(b.leadUnitId) ? 'leadUnitId' : refused.some((id) => b.cooperatingUnitIds?.includes(id)) ? 'cooperatingUnitIds' : 'assigningUnitId';
      throw field(request, path, 'task_unit_outside_scope', { ids: refused.map((id) => refs.get(id)?.name ?? id).join(', ') });
    }
    if (b.leadUserId && !(await usersOfUnit(db, b.leadUnitId)).some((u) => u.id === b.leadUserId)) throw field(request, 'leadUserId', 'task_unknown_user');
    if (b.programItemId && !(await db.selectFrom('program_item').select('id').where('id', '=', b.programItemId).executeTakeFirst())) throw field(request, 'programItemId', 'task_unknown_program_item');
    if (b.planId) {
      const plan = await db.selectFrom('task_plan').select(['id', 'unit_id']).where('id', '=', b.planId).executeTakeFirst();
      if (!plan || !(await managedUnits(db, access, [plan.unit_id])).has(plan.unit_id)) throw field(request, 'planId', 'task_unknown_plan');
    }
    if (b.parentId) {
      const parent = await findTask(db, b.parentId);
      if (!parent || !(await abilitiesFor(db, access, parent))) throw field(request, 'parentId', 'task_bad_parent');
      if (self) {
        // The parent may not be the task itself or one of its descendants.
        const chain = await db
          .withRecursive('up(id, parent_id)', (qb) => qb.selectFrom('task').select(['id', 'parent_id']).where('id', '=', b.parentId!).unionAll((q) => q.selectFrom('task as t').innerJoin('up', 'up.parent_id', 't.id').select(['t.id', 't.parent_id'])))
          .selectFrom('up')
          .select('id')
          .execute();
        if (chain.some((c) => c.id === self)) throw field(request, 'parentId', 'task_bad_parent');
      }
    }
    if (b.assigningUnitId) return b.assigningUnitId;
    const nearest = await db
      .selectFrom('org_unit_closure')
      .select('ancestor_id')
      .where('descendant_id', '=', b.leadUnitId)
      .where('ancestor_id', 'in', access.manageRoots)
      .orderBy('depth')
      .executeTakeFirstOrThrow();
    return nearest.ancestor_id;
  };
  const checkDates = (request: FastifyRequest, start: string, due: string) => {
    if (start > due) throw field(request, 'startDate', 'task_dates', { start: dmy(start), due: dmy(due) });
  };

  const presentOne = async (access: TaskAccess, id: string) => {
    const t = today();
    const row = (await taskById(db, t, id))!;
    const abilities = (await abilitiesFor(db, access, row))!;
    const [extras, subs] = await Promise.all([taskExtras(db, id), subtasks(db, access, t, id)]);
    return presentTaskDetail(row, extras, subs.rows, abilities);
  };

  // ---------------------------------------------------------------------------------
  // Tasks

  r.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Danh sách nhiệm vụ: của tôi, sắp đến hạn (trong N ngày), trễ hạn, tất cả; lọc theo đơn vị chủ trì (cả cấp dưới), dự án của Chương trình, kế hoạch, trạng thái, khoảng thời gian (dòng thời gian)',
        querystring: taskListQuery,
        response: { 200: taskListResponse, ...errors },
      },
    },
    async (request) => {
      const access = accessOf(request);
      const t = today();
      const { rows, total } = await listTasks(db, access, request.query, t);
      return { total, today: t, items: rows.map(presentTask) };
    },
  );

  r.get(
    '/api/tasks/counts',
    {
      schema: {
        tags,
        summary: 'Số nhiệm vụ chưa hoàn thành: của tôi, sắp đến hạn trong N ngày, trễ hạn',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }).strict(),
        response: { 200: taskCountsResponse, ...errors },
      },
    },
    async (request) => taskCounts(db, accessOf(request), today(), request.query.days),
  );

  r.get(
    '/api/tasks/assignees',
    {
      schema: {
        tags,
        summary: 'Người có thể chủ trì nhiệm vụ của một đơn vị (tài khoản đang hoạt động được phân công tại đơn vị)',
        querystring: z.object({ unitId: idSchema }).strict(),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string() })) }), ...errors },
      },
    },
    async (request) => {
      const access = manager(request);
      if (!(await managedUnits(db, access, [request.query.unitId])).has(request.query.unitId)) throw notFound();
      return { items: (await usersOfUnit(db, request.query.unitId)).map((u) => ({ id: u.id, displayName: u.display_name })) };
    },
  );

  r.post(
    '/api/tasks',
    { schema: { tags, summary: 'Giao nhiệm vụ (hoặc nhiệm vụ con) cho một đơn vị chủ trì trong phạm vi của mình', body: taskCreateBody, response: { 201: taskDetail, ...errors } } },
    async (request, reply) => {
      const access = manager(request);
      const body = request.body;
      checkDates(request, body.startDate, body.dueDate);
      const assigningUnitId = await checkRefs(request, access, body);
      const id = await createTask(ctx, originOf(request, clock.now()), today(), { ...body, assigningUnitId });
      nudgeTaskJobs();
      return reply.status(201).send(await presentOne(access, id));
    },
  );

  r.get(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Chi tiết nhiệm vụ: nhiệm vụ con, ý kiến, tệp đính kèm, điểm, quyền của người xem', params: idParams, response: { 200: taskDetail, ...errors } } },
    async (request) => {
      const { access, task } = await load(request, request.params.id);
      return presentOne(access, task.id);
    },
  );

  r.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Cập nhật nhiệm vụ: đơn vị chủ trì, phối hợp cập nhật trạng thái, tiến độ, sản phẩm; đơn vị giao sửa mọi trường',
        params: idParams,
        body: taskPatchBody,
        response: { 200: taskDetail, ...errors },
      },
    },
    async (request) => {
      const { access, task, abilities } = await load(request, request.params.id);
      const patch = request.body;
      const managerFields = Object.keys(patch).filter((k) => !(TASK_MEMBER_FIELDS as readonly string[]).includes(k) && patch[k as keyof typeof patch] !== undefined);
      if (managerFields.length > 0 && !abilities.edit) throw new AppError('task_fields_forbidden', { fields: managerFields.join(', ') });
      if (patch.version !== undefined && patch.version !== task.version) throw new AppError('task_conflict');
      checkDates(request, patch.startDate ?? task.start_date, patch.dueDate ?? task.due_date);
      if (managerFields.some((f) => ['leadUnitId', 'leadUserId', 'cooperatingUnitIds', 'programItemId', 'planId'].includes(f))) {
        const leadUnitId = patch.leadUnitId ?? task.lead_unit_id;
        await checkRefs(request, access, {
          leadUnitId,
          leadUserId: patch.leadUserId !== undefined ? patch.leadUserId : patch.leadUnitId && patch.leadUnitId !== task.lead_unit_id ? null : task.lead_user_id,
          cooperatingUnitIds: patch.cooperatingUnitIds,
          programItemId: patch.programItemId,
          planId: patch.planId,
          assigningUnitId: task.assigning_unit_id,
        });
      }
      // A new lead unit without a new person: the old person belonged to the old unit.
      const effective = patch.leadUnitId && patch.leadUnitId !== task.lead_unit_id && patch.leadUserId === undefined ? { ...patch, leadUserId: null } : patch;
      await updateTask(ctx, originOf(request, clock.now()), today(), task, effective);
      if (effective.dueDate || effective.leadUnitId || effective.leadUserId !== undefined || effective.status) nudgeTaskJobs();
      return presentOne(access, task.id);
    },
  );

  r.delete(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Xóa nhiệm vụ (cùng các nhiệm vụ con) — đơn vị giao', params: idParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const { task, abilities } = await load(request, request.params.id);
      if (!abilities.edit) throw new AppError('forbidden');
      await deleteTask(ctx, originOf(request, clock.now()), task);
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/api/tasks/:id/quality',
    { schema: { tags, summary: 'Đánh giá chất lượng nhiệm vụ đã hoàn thành (1–5) — đơn vị giao', params: idParams, body: taskQualityBody, response: { 200: taskDetail, ...errors } } },
    async (request) => {
      const { access, task, abilities } = await load(request, request.params.id);
      if (!abilities.rate) throw new AppError('forbidden');
      if (task.status !== 'done') throw new AppError('task_not_done');
      await rateTask(ctx, originOf(request, clock.now()), task, request.body.rating, request.body.note || null);
      return presentOne(access, task.id);
    },
  );

  r.post(
    '/api/tasks/:id/comments',
    { schema: { tags, summary: 'Thêm ý kiến trao đổi về nhiệm vụ', params: idParams, body: taskCommentBody, response: { 201: taskDetail, ...errors } } },
    async (request, reply) => {
      const { access, task } = await load(request, request.params.id);
      await addComment(ctx, originOf(request, clock.now()), task, request.body.body);
      return reply.status(201).send(await presentOne(access, task.id));
    },
  );

  r.post(
    '/api/tasks/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Đính kèm tệp (multipart, trường "file"; tối đa UPLOAD_LIMIT_BYTES)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: taskDetail, ...errors, 413: errorResponse },
      },
    },
    async (request, reply) => {
      const { access, task } = await load(request, request.params.id);
      const { data, fileName } = await readUpload(request);
      const name = (fileName ?? 'tep-dinh-kem').normalize('NFC').replace(/[\\/\0]/g, '_').slice(0, 200);
      const ext = name.toLowerCase().split('.').pop() ?? '';
      const contentType = CONTENT_TYPES[ext] ?? 'application/octet-stream';
      await addAttachment(ctx, originOf(request, clock.now()), task, { data, fileName: name, contentType });
      return reply.status(201).send(await presentOne(access, task.id));
    },
  );

  const attachmentParams = z.object({ id: idSchema, attachmentId: idSchema }).strict();
  app.get(
    '/api/tasks/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Tải tệp đính kèm của nhiệm vụ',
        params: attachmentParams,
        response: { 200: z.string().meta({ format: 'binary', description: 'Tệp' }), ...errors },
      },
    },
    async (request, reply) => {
      const params = request.params as z.infer<typeof attachmentParams>;
      const { task } = await load(request, params.id);
      const file = await db.selectFrom('task_attachment').select(['file_name', 'content_type', 'data']).where('id', '=', params.attachmentId).where('task_id', '=', task.id).executeTakeFirst();
      if (!file) throw notFound();
      return reply.header('content-type', file.content_type).header('content-disposition', attachmentDisposition(file.file_name)).header('x-content-type-options', 'nosniff').send(file.data);
    },
  );

  r.delete(
    '/api/tasks/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Xóa tệp đính kèm (người tải lên hoặc đơn vị giao)', params: attachmentParams, response: { 200: taskDetail, ...errors } } },
    async (request) => {
      const { access, task, abilities } = await load(request, request.params.id);
      const file = await db.selectFrom('task_attachment').select(['id', 'file_name', 'size', 'sha256', 'uploaded_by']).where('id', '=', request.params.attachmentId).where('task_id', '=', task.id).executeTakeFirst();
      if (!file) throw notFound();
      if (!abilities.edit && file.uploaded_by !== access.userId) throw new AppError('forbidden');
      await deleteAttachment(ctx, originOf(request, clock.now()), task, file);
      return presentOne(access, task.id);
    },
  );

  // ---------------------------------------------------------------------------------
  // Plans

  const presentPlans = async (access: TaskAccess) => {
    const rows = await listPlans(db, access);
    const managed = await managedUnits(db, access, [...new Set(rows.map((p) => p.unit_id))]);
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      unit: { id: p.unit_id, code: p.code, name: p.unit_name },
      year: p.year,
      taskCount: p.task_count,
      doneCount: p.done_count,
      canEdit: managed.has(p.unit_id),
      createdAt: p.created_at.toISOString(),
    }));
  };
  const checkPlanUnit = async (request: FastifyRequest, access: TaskAccess, unitId: string) => {
    const refs = await unitRefs(db, [unitId]);
    if (!refs.get(unitId)?.valid || !(await managedUnits(db, access, [unitId])).has(unitId)) throw field(request, 'unitId', 'task_unit_outside_scope', { ids: refs.get(unitId)?.name ?? unitId });
  };

  r.get(
    '/api/task-plans',
    { schema: { tags, summary: 'Kế hoạch của đơn vị mình, cấp trên và cấp dưới', response: { 200: taskPlanListResponse, ...errors } } },
    async (request) => ({ items: await presentPlans(accessOf(request)) }),
  );

  r.post(
    '/api/task-plans',
    { schema: { tags, summary: 'Tạo kế hoạch (năm, đơn vị) để nhóm các nhiệm vụ', body: taskPlanBody, response: { 201: taskPlanView, ...errors } } },
    async (request, reply) => {
      const access = manager(request);
      await checkPlanUnit(request, access, request.body.unitId);
      const id = await createPlan(ctx, originOf(request, clock.now()), request.body);
      return reply.status(201).send((await presentPlans(access)).find((p) => p.id === id)!);
    },
  );

  r.patch(
    '/api/task-plans/:id',
    { schema: { tags, summary: 'Sửa kế hoạch', params: idParams, body: taskPlanPatch, response: { 200: taskPlanView, ...errors } } },
    async (request) => {
      const access = accessOf(request);
      const plan = (await presentPlans(access)).find((p) => p.id === request.params.id);
      if (!plan) throw notFound();
      if (!plan.canEdit) throw new AppError('forbidden');
      if (request.body.unitId) await checkPlanUnit(request, access, request.body.unitId);
      await updatePlan(ctx, originOf(request, clock.now()), { id: plan.id, name: plan.name, description: plan.description, unit_id: plan.unit.id, year: plan.year }, request.body);
      return (await presentPlans(access)).find((p) => p.id === plan.id)!;
    },
  );

  // ---------------------------------------------------------------------------------
  // Recurring tasks

  const presentRecurrences = async (access: TaskAccess) => {
    const rows = await listRecurrences(db, access);
    const managed = await managedUnits(db, access, [...new Set(rows.map((x) => x.assigning_unit_id))]);
    return rows.map((x) => ({
      id: x.id,
      title: x.title,
      frequency: x.frequency,
      dueMonth: x.due_month,
      dueDay: x.due_day,
      daysAfter: x.days_after,
      leadDays: x.lead_days,
      startsOn: x.starts_on,
      endsOn: x.ends_on,
      active: x.active,
      leadUnit: { id: x.lead_unit_id, code: x.code, name: x.unit_name },
      leadUser: x.lead_user_id ? { id: x.lead_user_id, displayName: x.lead_user_name ?? '' } : null,
      plan: x.plan_id ? { id: x.plan_id, name: x.plan_name ?? '' } : null,
      generated: x.generated,
      lastOccurrence: x.last_occurrence,
      canEdit: managed.has(x.assigning_unit_id),
    }));
  };

  r.get(
    '/api/task-recurrences',
    { schema: { tags, summary: 'Nhiệm vụ định kỳ (hằng năm trước ngày/tháng, hằng quý, hằng tháng) và số lần đã tạo', response: { 200: taskRecurrenceListResponse, ...errors } } },
    async (request) => ({ items: await presentRecurrences(accessOf(request)) }),
  );

  r.post(
    '/api/task-recurrences',
    {
      schema: {
        tags,
        summary: 'Tạo nhiệm vụ định kỳ: hệ thống tự tạo từng lần (mỗi lần một nhiệm vụ) trước hạn leadDays ngày',
        body: taskRecurrenceBody,
        response: { 201: taskRecurrenceView, ...errors },
      },
    },
    async (request, reply) => {
      const access = manager(request);
      const assigningUnitId = await checkRefs(request, access, request.body);
      const id = await createRecurrence(ctx, originOf(request, clock.now()), { ...request.body, assigningUnitId });
      nudgeTaskJobs();
      return reply.status(201).send((await presentRecurrences(access)).find((x) => x.id === id)!);
    },
  );

  r.patch(
    '/api/task-recurrences/:id',
    { schema: { tags, summary: 'Bật hoặc tắt nhiệm vụ định kỳ', params: idParams, body: taskRecurrencePatch, response: { 200: taskRecurrenceView, ...errors } } },
    async (request) => {
      const access = accessOf(request);
      const rule = (await presentRecurrences(access)).find((x) => x.id === request.params.id);
      if (!rule) throw notFound();
      if (!rule.canEdit) throw new AppError('forbidden');
      await setRecurrenceActive(ctx, originOf(request, clock.now()), { id: rule.id, active: rule.active, lead_unit_id: rule.leadUnit.id }, request.body.active);
      return (await presentRecurrences(access)).find((x) => x.id === rule.id)!;
    },
  );

  // ---------------------------------------------------------------------------------
  // Scores

  const defaultUnit = (access: TaskAccess) => access.manageRoots[0] ?? access.ownUnits[0];
  const checkReportUnit = async (access: TaskAccess, unitId: string | undefined) => {
    const id = unitId ?? defaultUnit(access);
    if (!id || !(await reachableUnit(db, access, id))) throw notFound();
    return id;
  };

  r.get(
    '/api/task-scores',
    {
      schema: {
        tags,
        summary: 'Điểm công việc theo đơn vị chủ trì và xếp hạng (nhiệm vụ có hạn trong khoảng from–to, dưới đơn vị đã chọn)',
        querystring: taskScoresQuery,
        response: { 200: taskScoresResponse, ...errors },
      },
    },
    async (request) => {
      const access = accessOf(request);
      const q = request.query;
      const unitId = await checkReportUnit(access, q.unitId);
      const t = today();
      const [rows, refs] = await Promise.all([unitScores(db, access, t, { ...q, unitId }), unitRefs(db, [unitId])]);
      const unit = refs.get(unitId)!;
      return {
        unit: { id: unit.id, code: unit.code, name: unit.name },
        from: q.from,
        to: q.to,
        today: t,
        items: rows.map((x) => ({
          rank: x.rank,
          unit: { id: x.unit_id, code: x.code, name: x.name },
          tasks: x.tasks,
          scored: x.scored,
          done: x.done,
          onTime: x.on_time,
          late: x.late,
          overdueOpen: x.overdue_open,
          averageScore: x.average_score === null ? null : Number(x.average_score),
          averageQuality: x.average_quality === null ? null : Number(x.average_quality),
        })),
      };
    },
  );

  const presentRule = async (request: FastifyRequest) => {
    const auth = requireAuth(request);
    const rule = await scoreRule(db);
    return { ...rule, updatedAt: rule.updatedAt?.toISOString() ?? null, canEdit: hasNationalPermission(auth, 'task.manage') };
  };

  r.get(
    '/api/task-score-rule',
    { schema: { tags, summary: 'Quy tắc chấm điểm công việc (điểm đúng hạn, trừ mỗi ngày trễ, điểm sàn, trọng số thời hạn và chất lượng)', response: { 200: scoreRuleView, ...errors } } },
    async (request) => presentRule(request),
  );

  r.put(
    '/api/task-score-rule',
    { schema: { tags, summary: 'Sửa quy tắc chấm điểm (giao nhiệm vụ ở cấp trung ương)', body: scoreRuleBody, response: { 200: scoreRuleView, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      if (!hasNationalPermission(auth, 'task.manage')) throw new AppError('forbidden');
      const { updatedAt: _, ...before } = await scoreRule(db);
      await updateScoreRule(ctx, originOf(request, clock.now()), before, request.body);
      return presentRule(request);
    },
  );

  // ---------------------------------------------------------------------------------
  // The task progress report

  r.get(
    '/api/task-reports/progress',
    {
      schema: {
        tags,
        summary: 'Báo cáo tiến độ thực hiện nhiệm vụ (dữ liệu): nhiệm vụ do đơn vị và cấp dưới chủ trì trong khoảng from–to',
        querystring: taskReportQuery,
        response: { 200: taskReport, ...errors },
      },
    },
    async (request) => taskProgressReport(ctx, accessOf(request), request.query),
  );

  app.get(
    '/api/task-reports/progress.xlsx',
    {
      schema: {
        tags,
        summary: 'Tải báo cáo tiến độ thực hiện nhiệm vụ dạng Excel (XLSX)',
        description: 'Dòng tiêu đề (đơn vị, tên báo cáo, khoảng thời gian, ngày tính số liệu), bảng một dòng mỗi nhiệm vụ, dòng tổng cộng. Tên tệp: bao-cao-tien-do-nhiem-vu_<mã đơn vị>_<từ>_<đến>.xlsx.',
        querystring: taskReportQuery,
        produces: [XLSX_TYPE],
        response: { 200: z.string().meta({ format: 'binary', description: 'Tệp XLSX' }), ...errors },
      },
    },
    async (request, reply) => {
      const access = accessOf(request);
      const q = request.query as z.infer<typeof taskReportQuery>;
      const report = await taskProgressReport(ctx, access, q);
      const file = await taskReportXlsx(report);
      const fileName = taskReportFileName(report);
      await recordAudit(db, originOf(request, clock.now()), { action: 'task.report_exported', targetType: 'org_unit', targetId: report.unit.id, unitId: report.unit.id, details: { from: q.from, to: q.to, planId: q.planId ?? null, rows: report.rows.length, fileName } });
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachmentDisposition(fileName)).send(file);
    },
  );
}

const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: XLSX_TYPE,
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  zip: 'application/zip',
};
