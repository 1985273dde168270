// API contracts for the audit log.
import { z } from 'zod';
import { pagingQuery } from './common.ts';

const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd');

export const auditQuery = z
  .object({
    from: dateParam.optional(),
    to: dateParam.optional(),
    action: z.string().max(60).optional(),
    actor: z.string().max(60).optional(),
    targetType: z.string().max(40).optional(),
    ...pagingQuery,
  })
  .strict();

export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  unitId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
});

export const auditListResponse = z.object({ items: z.array(auditEntryView), hasMore: z.boolean(), retentionDays: z.number() });
