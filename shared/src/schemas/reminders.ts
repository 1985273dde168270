// Notification preferences (channels per kind) and the e-mail outbox administrators read.
import { z } from 'zod';
import { pagingQuery } from './common.ts';

/**
 * Kinds a user can choose channels for; in-app is always on. target.below: an approved report misses indicator targets;
 * task.*: a task the user (or their unit) leads is due soon, due today, overdue.
 * disbursement.below_plan: investment works disbursing less than the plan curve at a milestone.
 */
export const PREFERENCE_KINDS = ['reminder.due_soon', 'reminder.due_today', 'reminder.overdue', 'target.below', 'task.due_soon', 'task.due_today', 'task.overdue', 'disbursement.below_plan'] as const;
export const preferenceKind = z.enum(PREFERENCE_KINDS);

export const notificationPreferencesResponse = z.object({
  /** The user has an e-mail address: e-mail can reach them. */
  hasEmail: z.boolean(),
  items: z.array(z.object({ kind: preferenceKind, inApp: z.literal(true), email: z.boolean(), digest: z.boolean() })),
});

export const notificationPreferencesBody = z
  .object({ items: z.array(z.object({ kind: preferenceKind, email: z.boolean(), /** e-mail once a day in one digest (07:00) */ digest: z.boolean().optional() }).strict()).min(1).max(PREFERENCE_KINDS.length) })
  .strict()
  .refine((b) => new Set(b.items.map((i) => i.kind)).size === b.items.length, { message: 'each kind at most once', path: ['items'] });

export const mailStates = ['pending', 'sending', 'sent', 'failed'] as const;

export const mailOutboxQuery = z.object({ state: z.enum(mailStates).optional(), ...pagingQuery }).strict();

export const mailOutboxResponse = z.object({
  smtpConfigured: z.boolean(),
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      to: z.string(),
      subject: z.string(),
      body: z.string(),
      state: z.enum(mailStates),
      attempts: z.number().int(),
      nextAttemptAt: z.string().nullable(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
});
