// What the web app learns about the signed-in user: profile, assignments, and the
// abilities computed here so the UI never re-derives permissions.
import type { MeResponse } from '@shared/schemas/auth.ts';
import type { Assignment } from '../users/users.repository.ts';
import type { AuthContext } from './auth-context.ts';

export function presentAssignment(a: Assignment) {
  return {
    id: a.id,
    role: { id: a.roleId, code: a.roleCode, nameVi: a.roleNameVi, nameEn: a.roleNameEn },
    unit: { id: a.unitId, code: a.unitCode, name: a.unitName, kind: a.unitKind },
    permissions: a.permissions,
  };
}

export function presentMe(auth: AuthContext, opts: { mfaRequired: boolean; idleMinutes: number }): MeResponse {
  const permissions = [...new Set(auth.assignments.flatMap((a) => a.permissions))].sort();
  const has = (p: string) => permissions.includes(p);
  return {
    stage: auth.session.stage,
    csrfToken: auth.session.csrfToken,
    user: {
      id: auth.user.id,
      username: auth.user.username,
      displayName: auth.user.displayName,
      email: auth.user.email,
      language: auth.user.language,
      totpEnabled: auth.user.totpEnabled,
      mfaRequired: opts.mfaRequired,
    },
    assignments: auth.assignments.map(presentAssignment),
    permissions,
    abilities: {
      manageUsers: has('user.manage'),
      manageRoles: auth.assignments.some((a) => a.unitKind === 'nation' && a.permissions.includes('role.manage')),
      manageUnits: has('unit.manage'),
      readAudit: has('audit.read'),
    },
    session: { expiresAt: auth.session.expiresAt.toISOString(), idleMinutes: opts.idleMinutes },
  };
}
