// API contracts for roles.
import { z } from 'zod';
import { PERMISSIONS } from '../permissions.ts';
import { text } from './common.ts';

export const roleBody = z
  .object({
    code: z.string().trim().regex(/^[a-z][a-z0-9_]{2,39}$/, 'lower-case letters, digits, underscore'),
    nameVi: text(1, 120),
    nameEn: text(1, 120),
    permissions: z.array(z.enum(PERMISSIONS)).min(1),
  })
  .strict();
export const roleUpdateBody = roleBody.omit({ code: true }).partial().strict();

export const roleView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  builtIn: z.boolean(),
  permissions: z.array(z.string()),
  requiresMfa: z.boolean(),
  userCount: z.number(),
});
export type RoleView = z.infer<typeof roleView>;
