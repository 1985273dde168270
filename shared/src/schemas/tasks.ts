// Tasks (nhiệm vụ, issue 6 item 1): plans, tasks with a lead unit and person,
// co-operating units, program link, dates (Vietnam calendar days), status, progress,
// deliverables, comments, attachments and sub-tasks; recurring tasks; scores and the
// ranking of units; the task progress report. One definition, used by routes and forms.
import { z } from 'zod';
import { type RecurrenceRule, recurrenceProblem } from '../engine/tasks.ts';
import { idSchema, pagingQuery, text } from './common.ts';

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'paused', 'cancelled'] as const;
export const taskStatus = z.enum(TASK_STATUSES);
export type TaskStatusValue = z.infer<typeof taskStatus>;

/** Vietnamese labels (the Excel export and the Word report use them; the web has its own in the locales). */
export const TASK_STATUS_VI: Record<TaskStatusValue, string> = {
  not_started: 'Chưa bắt đầu',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  paused: 'Tạm dừng',
  cancelled: 'Hủy',
};

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'not a calendar date');

const longText = (max: number) => z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().max(max));

export const TASK_VIEWS = ['mine', 'due_soon', 'overdue', 'all'] as const;

export const taskListQuery = z
  .object({
    view: z.enum(TASK_VIEWS).default('all'),
    /** due_soon: due within this many days from today (Vietnam time). */
    days: z.coerce.number().int().min(1).max(90).default(7),
    /** Tasks led by this unit or a unit below it. */
    unitId: idSchema.optional(),
    /** Tasks of this program item or an item below it (project → sub-project → content). */
    programItemId: idSchema.optional(),
    planId: idSchema.optional(),
    status: taskStatus.optional(),
    /** Search in titles, without diacritics. */
    q: z.string().max(200).optional(),
    /** Tasks whose [start, due] overlaps [from, to] (the timeline's window). */
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Top-level tasks only (sub-tasks are listed on their parent). */
    topLevel: z.enum(['true', 'false']).optional(),
    ...pagingQuery,
  })
  .strict();
export type TaskListQuery = z.infer<typeof taskListQuery>;

const unitRef = z.object({ id: z.string(), code: z.string(), name: z.string() });
const userRef = z.object({ id: z.string(), displayName: z.string() });

export const taskAbilities = z.object({
  /** Status, progress, deliverables, comments, attachments. */
  update: z.boolean(),
  /** Every field, sub-tasks, deletion (task.manage over the assigning unit). */
  edit: z.boolean(),
  /** The quality rating (the assigning unit, task.manage). */
  rate: z.boolean(),
});
export type TaskAbilities = z.infer<typeof taskAbilities>;

export const taskSummary = z.object({
  id: z.string(),
  title: z.string(),
  parentId: z.string().nullable(),
  plan: z.object({ id: z.string(), name: z.string() }).nullable(),
  leadUnit: unitRef,
  leadUser: userRef.nullable(),
  assigningUnit: unitRef,
  cooperatingUnits: z.array(unitRef),
  programItem: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  startDate: z.string(),
  dueDate: z.string(),
  status: taskStatus,
  progress: z.number().int(),
  completedDate: z.string().nullable(),
  quality: z.number().int().nullable(),
  /** Days late (finished after the due day, or open past it). */
  lateDays: z.number().int(),
  overdue: z.boolean(),
  score: z.number().nullable(),
  recurring: z.boolean(),
  subtaskCount: z.number().int(),
  version: z.number().int(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

export const taskListResponse = z.object({ total: z.number().int(), today: z.string(), items: z.array(taskSummary) });

export const taskCounts = z.object({ mine: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int(), days: z.number().int() });

export const taskComment = z.object({ id: z.string(), author: userRef.nullable(), body: z.string(), createdAt: z.string() });
export const taskAttachment = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int(), uploadedBy: userRef.nullable(), createdAt: z.string() });

export const taskDetail = taskSummary.extend({
  description: z.string().nullable(),
  deliverables: z.string().nullable(),
  qualityNote: z.string().nullable(),
  ratedBy: userRef.nullable(),
  createdBy: userRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  parent: z.object({ id: z.string(), title: z.string() }).nullable(),
  subtasks: z.array(taskSummary),
  comments: z.array(taskComment),
  attachments: z.array(taskAttachment),
  abilities: taskAbilities,
});
export type TaskDetail = z.infer<typeof taskDetail>;

const taskFields = {
  title: text(3, 300),
  description: longText(5000).nullable().optional(),
  planId: idSchema.nullable().optional(),
  parentId: idSchema.nullable().optional(),
  leadUnitId: idSchema,
  leadUserId: idSchema.nullable().optional(),
  /** The unit that assigns the task and rates its quality; default: the caller's task.manage unit above the lead unit. */
  assigningUnitId: idSchema.optional(),
  cooperatingUnitIds: z.array(idSchema).max(100).default([]),
  programItemId: idSchema.nullable().optional(),
  startDate: isoDate,
  dueDate: isoDate,
  status: taskStatus.default('not_started'),
  progress: z.number().int().min(0).max(100).default(0),
  deliverables: longText(5000).nullable().optional(),
};

export const taskCreateBody = z.object(taskFields).strict();
export type TaskCreateBody = z.infer<typeof taskCreateBody>;

/** A patch: the lead and co-operating units may send status, progress and deliverables; managers anything. */
export const taskPatchBody = z
  .object({
    title: taskFields.title.optional(),
    description: taskFields.description,
    planId: taskFields.planId,
    leadUnitId: idSchema.optional(),
    leadUserId: taskFields.leadUserId,
    cooperatingUnitIds: z.array(idSchema).max(100).optional(),
    programItemId: taskFields.programItemId,
    startDate: isoDate.optional(),
    dueDate: isoDate.optional(),
    status: taskStatus.optional(),
    progress: z.number().int().min(0).max(100).optional(),
    deliverables: taskFields.deliverables,
    /** The version the change was made on: someone else's change in between answers task_conflict. */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type TaskPatchBody = z.infer<typeof taskPatchBody>;
export const TASK_MEMBER_FIELDS = ['status', 'progress', 'deliverables', 'version'] as const;

export const taskQualityBody = z.object({ rating: z.number().int().min(1).max(5), note: longText(1000).nullable().optional() }).strict();
export const taskCommentBody = z.object({ body: text(1, 4000) }).strict();

// ---------------------------------------------------------------------------------
// Plans

export const taskPlanBody = z
  .object({ name: text(3, 300), description: longText(2000).nullable().optional(), unitId: idSchema, year: z.number().int().min(2000).max(2100).nullable().optional() })
  .strict();
export const taskPlanPatch = taskPlanBody.partial().strict();
export const taskPlanView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  unit: unitRef,
  year: z.number().int().nullable(),
  taskCount: z.number().int(),
  doneCount: z.number().int(),
  canEdit: z.boolean(),
  createdAt: z.string(),
});
export const taskPlanListResponse = z.object({ items: z.array(taskPlanView) });

// ---------------------------------------------------------------------------------
// Recurring tasks

export const RECURRENCE_FREQUENCIES = ['yearly', 'quarterly', 'monthly'] as const;

export const taskRecurrenceBody = z
  .object({
    title: text(3, 300),
    description: longText(5000).nullable().optional(),
    planId: idSchema.nullable().optional(),
    leadUnitId: idSchema,
    leadUserId: idSchema.nullable().optional(),
    assigningUnitId: idSchema.optional(),
    cooperatingUnitIds: z.array(idSchema).max(100).default([]),
    programItemId: idSchema.nullable().optional(),
    frequency: z.enum(RECURRENCE_FREQUENCIES),
    dueMonth: z.number().int().min(1).max(12).nullable().optional(),
    dueDay: z.number().int().min(1).max(31).nullable().optional(),
    daysAfter: z.number().int().min(0).max(120).nullable().optional(),
    leadDays: z.number().int().min(0).max(366).default(30),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const problem = recurrenceProblem(b as RecurrenceRule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [problem === 'needs_days_after' ? 'daysAfter' : problem === 'lead_days' ? 'leadDays' : problem === 'ends_before_start' ? 'endsOn' : 'dueDay'] });
  });
export type TaskRecurrenceBody = z.infer<typeof taskRecurrenceBody>;
export const taskRecurrencePatch = z.object({ active: z.boolean() }).strict();
export const taskRecurrenceView = z.object({
  id: z.string(),
  title: z.string(),
  frequency: z.enum(RECURRENCE_FREQUENCIES),
  dueMonth: z.number().int().nullable(),
  dueDay: z.number().int().nullable(),
  daysAfter: z.number().int().nullable(),
  leadDays: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  active: z.boolean(),
  leadUnit: unitRef,
  leadUser: userRef.nullable(),
  plan: z.object({ id: z.string(), name: z.string() }).nullable(),
  generated: z.number().int(),
  lastOccurrence: z.string().nullable(),
  canEdit: z.boolean(),
});
export const taskRecurrenceListResponse = z.object({ items: z.array(taskRecurrenceView) });

// ---------------------------------------------------------------------------------
// Scores

export const scoreRuleBody = z
  .object({
    onTimePoints: z.number().min(1).max(1000),
    latePenaltyPerDay: z.number().min(0).max(1000),
    lateFloor: z.number().min(0).max(1000),
    timelinessWeight: z.number().min(0).max(1),
    qualityWeight: z.number().min(0).max(1),
  })
  .strict()
  .refine((r) => r.timelinessWeight + r.qualityWeight > 0, { message: 'weights', path: ['timelinessWeight'] })
  .refine((r) => r.lateFloor <= r.onTimePoints, { message: 'floor', path: ['lateFloor'] });
export const scoreRuleView = z.object({
  onTimePoints: z.number(),
  latePenaltyPerDay: z.number(),
  lateFloor: z.number(),
  timelinessWeight: z.number(),
  qualityWeight: z.number(),
  updatedAt: z.string().nullable(),
  canEdit: z.boolean(),
});

export const taskScoresQuery = z.object({ unitId: idSchema.optional(), from: isoDate, to: isoDate, planId: idSchema.optional() }).strict();
export const unitScoreRow = z.object({
  rank: z.number().int(),
  unit: unitRef,
  tasks: z.number().int(),
  scored: z.number().int(),
  done: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdueOpen: z.number().int(),
  averageScore: z.number().nullable(),
  averageQuality: z.number().nullable(),
});
export const taskScoresResponse = z.object({ unit: unitRef, from: z.string(), to: z.string(), today: z.string(), items: z.array(unitScoreRow) });

// ---------------------------------------------------------------------------------
// The task progress report (Excel here; Word by the documents module from the same model)

export const taskReportQuery = z.object({ unitId: idSchema, from: isoDate, to: isoDate, planId: idSchema.optional() }).strict();
export const taskReportRow = z.object({
  no: z.number().int(),
  taskId: z.string(),
  title: z.string(),
  leadUnit: z.string(),
  leadUser: z.string().nullable(),
  startDate: z.string(),
  dueDate: z.string(),
  status: taskStatus,
  statusLabel: z.string(),
  progress: z.number().int(),
  completedDate: z.string().nullable(),
  lateDays: z.number().int(),
  quality: z.number().int().nullable(),
  score: z.number().nullable(),
});
export const taskReport = z.object({
  title: z.string(),
  unit: unitRef,
  plan: z.object({ id: z.string(), name: z.string() }).nullable(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  rows: z.array(taskReportRow),
  totals: z.object({
    tasks: z.number().int(),
    notStarted: z.number().int(),
    inProgress: z.number().int(),
    done: z.number().int(),
    paused: z.number().int(),
    cancelled: z.number().int(),
    overdue: z.number().int(),
    doneOnTime: z.number().int(),
    doneLate: z.number().int(),
    averageProgress: z.number().nullable(),
    averageScore: z.number().nullable(),
  }),
});
export type TaskProgressReport = z.infer<typeof taskReport>;
