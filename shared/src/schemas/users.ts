// API contracts for user administration.
import { z } from 'zod';
import { idSchema, pagingQuery, text } from './common.ts';
import { assignmentView } from './auth.ts';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/, '3–50 characters: letters a–z, digits, dot, dash, underscore');

export const assignmentInput = z.object({ roleId: idSchema, unitId: idSchema }).strict();

export const createUserBody = z
  .object({
    username: usernameSchema,
    displayName: text(1, 120),
    email: z.string().trim().email().max(200).optional().nullable(),
    phone: z.string().trim().regex(/^[0-9+ ]{6,20}$/).optional().nullable(),
    password: z.string().min(1).max(256),
    assignments: z.array(assignmentInput).min(1).max(20),
  })
  .strict();

export const updateUserBody = z
  .object({
    displayName: text(1, 120).optional(),
    email: z.string().trim().email().max(200).nullable().optional(),
    phone: z.string().trim().regex(/^[0-9+ ]{6,20}$/).nullable().optional(),
  })
  .strict();

export const resetPasswordBody = z.object({ password: z.string().min(1).max(256) }).strict();
export const deactivateBody = z.object({ reason: text(1, 300).optional() }).strict();

export const listUsersQuery = z
  .object({
    q: z.string().max(100).optional(),
    active: z.enum(['true', 'false']).optional(),
    /** Only accounts locked out now (after repeated wrong passwords). */
    locked: z.enum(['true']).optional(),
    unitId: idSchema.optional(),
    ...pagingQuery,
  })
  .strict();

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  assignments: z.array(assignmentView),
  abilities: z.object({ update: z.boolean(), deactivate: z.boolean(), resetPassword: z.boolean() }),
});
export type UserView = z.infer<typeof userView>;

export const userListResponse = z.object({ items: z.array(userView), total: z.number() });
