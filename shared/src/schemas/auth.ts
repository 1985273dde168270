// API contracts for signing in, two-factor, passwords and the current user.
import { z } from 'zod';

export const loginBody = z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(256) }).strict();
export const totpCodeBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'six digits') }).strict();
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }).strict();
export const disableTotpBody = z.object({ password: z.string().min(1).max(256) }).strict();
export const languageBody = z.object({ language: z.enum(['vi', 'en']) }).strict();

export const sessionStage = z.enum(['mfa_verify', 'password_change', 'mfa_enrol', 'active']);

export const assignmentView = z.object({
  id: z.string(),
  role: z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string() }),
  unit: z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string() }),
  permissions: z.array(z.string()),
});

export const meResponse = z.object({
  stage: sessionStage,
  csrfToken: z.string(),
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    language: z.enum(['vi', 'en']),
    totpEnabled: z.boolean(),
    mfaRequired: z.boolean(),
  }),
  assignments: z.array(assignmentView),
  permissions: z.array(z.string()),
  abilities: z.object({
    manageUsers: z.boolean(),
    manageRoles: z.boolean(),
    manageUnits: z.boolean(),
    readAudit: z.boolean(),
  }),
  session: z.object({ expiresAt: z.string(), idleMinutes: z.number() }),
});
export type MeResponse = z.infer<typeof meResponse>;

export const totpEnrolResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
