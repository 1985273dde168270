// API contracts for submission and approval: one submission per (form, unit, period),
// moving draft → submitted → approved by the level above, or returned with comments on
// questioned cells → resubmitted …; approved data is locked until unapproved with a reason.
import { z } from 'zod';
import { idSchema, text } from './common.ts';

const periodCode = z.string().trim().min(4).max(10);

export const SUBMISSION_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const submissionState = z.enum(SUBMISSION_STATES);
export type SubmissionState = z.infer<typeof submissionState>;

export const SUBMISSION_ACTIONS = ['submit', 'recall', 'approve', 'return', 'unapprove'] as const;
export const submissionAction = z.enum(SUBMISSION_ACTIONS);
export type SubmissionAction = z.infer<typeof submissionAction>;

export const submissionKey = z.object({ formId: idSchema, unitId: idSchema, period: periodCode }).strict();
export type SubmissionKey = z.infer<typeof submissionKey>;

/** Sent with every transition: the version the user saw; a different current version is a conflict. */
const expectedVersion = z.number().int().min(0).optional();

export const submitBody = submissionKey
  .extend({
    version: expectedVersion,
    comment: text(0, 2000).optional(),
    /** Client-generated id of this submit (offline queue); the same id again answers the current state and changes nothing. */
    clientChangeId: z.string().trim().min(8).max(100).optional(),
  })
  .strict();
export const recallBody = submissionKey.extend({ version: expectedVersion }).strict();
export const approveBody = submissionKey.extend({ version: expectedVersion, comment: text(0, 2000).optional() }).strict();
export const questionedCellInput = z.object({ dataElementId: idSchema, cocId: idSchema, comment: text(1, 1000) }).strict();
export const returnBody = submissionKey
  .extend({ version: expectedVersion, comment: text(1, 2000), cells: z.array(questionedCellInput).max(500).default([]) })
  .strict();
export const unapproveBody = submissionKey.extend({ version: expectedVersion, reason: text(1, 2000) }).strict();

const actor = z.object({ id: z.string(), username: z.string(), fullName: z.string() }).nullable();

export const questionedCell = z.object({
  dataElementId: z.string(),
  cocId: z.string(),
  comment: z.string(),
  by: actor,
  at: z.string(),
});
export type QuestionedCell = z.infer<typeof questionedCell>;

export const submissionEvent = z.object({
  id: z.string(),
  action: submissionAction,
  fromState: submissionState,
  toState: submissionState,
  by: actor,
  at: z.string(),
  comment: z.string().nullable(),
  cells: z.array(z.object({ dataElementId: z.string(), cocId: z.string(), comment: z.string() })),
});

export const validationViolationView = z.object({
  ruleCode: z.string(),
  message: z.string(),
  importance: z.enum(['high', 'medium', 'low']),
  /** Cells the rule reads, to highlight on the grid. */
  cells: z.array(z.object({ dataElementId: z.string(), cocId: z.string().nullable() })),
  left: z.number().nullable(),
  right: z.number().nullable(),
});
export type ValidationViolationView = z.infer<typeof validationViolationView>;

export const submissionView = z.object({
  formId: z.string(),
  unitId: z.string(),
  period: z.string(),
  state: submissionState,
  /** 0 before the first transition; each transition adds one. */
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  submittedBy: actor,
  /** Whether the (first) submission came by the due date; null before submission. */
  onTime: z.boolean().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: actor,
  /** Cells questioned by the last return, open until the next approval. */
  questionedCells: z.array(questionedCell),
  events: z.array(submissionEvent),
  /** What the caller may do now. */
  abilities: z.object({ submit: z.boolean(), recall: z.boolean(), approve: z.boolean(), return: z.boolean(), unapprove: z.boolean() }),
  /** For a unit whose descendants report the same form: how many of them are approved. */
  children: z.object({ expected: z.number().int(), approved: z.number().int(), required: z.boolean() }).nullable(),
});
export type SubmissionView = z.infer<typeof submissionView>;

export const submissionListQuery = z
  .object({
    formId: idSchema,
    period: periodCode,
    /** The unit whose descendants are listed; default: every unit the caller may approve. */
    parentId: idSchema.optional(),
    state: submissionState.optional(),
    /** 'true': only the counts by state (a home-page summary), no list. */
    summary: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const submissionListItem = z.object({
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  parentName: z.string().nullable(),
  state: submissionState,
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  onTime: z.boolean().nullable(),
  decidedAt: z.string().nullable(),
});
export const submissionListResponse = z.object({
  items: z.array(submissionListItem),
  counts: z.record(submissionState, z.number().int()),
});

// Notifications (in the app; the notification centre of a later issue adds channels).
export const notificationView = z.object({
  id: z.string(),
  kind: z.string(),
  /** Values for the message template of the kind (unit, form, period, actor, comment…; counts are numbers). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;
export const notificationListQuery = z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
export const notificationListResponse = z.object({ items: z.array(notificationView), unread: z.number().int() });
