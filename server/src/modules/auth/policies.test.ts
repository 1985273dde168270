// Pure policy decisions: scope roots, national permissions, who may manage roles,
// units and users, and which roles need two-factor.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, requiresMfa } from '@shared/permissions.ts';
import type { AuthContext } from './auth-context.ts';
import { hasNationalPermission, hasPermission, scopeRoots } from './auth-context.ts';
import { canListRoles, canManageRoles } from '../roles/roles.policy.ts';
import { manageScope, viewScope } from '../org-units/org-units.policy.ts';
import { userManageScope } from '../users/users.policy.ts';
import { AppError } from '../../platform/errors.ts';

function auth(assignments: { role: keyof typeof BUILT_IN_ROLES; unitId: string; unitKind: string }[]): AuthContext {
  return {
    session: { id: 's', stage: 'active', csrfToken: 'c', createdAt: new Date(), expiresAt: new Date(), totpFailures: 0 },
    user: { id: '1', username: 'u', displayName: 'U', email: null, language: 'vi', totpEnabled: false, mustChangePassword: false, isDemo: false },
    assignments: assignments.map((a, i) => ({
      id: String(i),
      roleId: String(i),
      roleCode: a.role,
      roleNameVi: BUILT_IN_ROLES[a.role].nameVi,
      roleNameEn: BUILT_IN_ROLES[a.role].nameEn,
      permissions: [...BUILT_IN_ROLES[a.role].permissions],
      requiresMfa: requiresMfa(BUILT_IN_ROLES[a.role].permissions),
      unitId: a.unitId,
      unitCode: a.unitId,
      unitName: a.unitId,
      unitKind: a.unitKind,
    })),
  };
}

const nationalAdmin = auth([{ role: 'system_admin', unitId: '1', unitKind: 'nation' }]);
const provincialAdmin = auth([{ role: 'system_admin', unitId: '24', unitKind: 'province' }]);
const communeOfficer = auth([{ role: 'commune_officer', unitId: '2305', unitKind: 'commune' }]);
const twoProvinces = auth([
  { role: 'provincial_coordinator', unitId: '24', unitKind: 'province' },
  { role: 'viewer', unitId: '23', unitKind: 'province' },
]);

describe('scope', () => {
  it('is the union of the units where the permission is held', () => {
    expect(scopeRoots(twoProvinces)).toEqual(['24', '23']);
    expect(scopeRoots(twoProvinces, 'data.enter')).toEqual(['24']);
    expect(scopeRoots(twoProvinces, 'user.manage')).toEqual([]);
  });
  it('is national only for assignments at the national unit', () => {
    expect(hasNationalPermission(nationalAdmin, 'user.manage')).toBe(true);
    expect(hasNationalPermission(provincialAdmin, 'user.manage')).toBe(false);
    expect(hasPermission(provincialAdmin, 'user.manage')).toBe(true);
  });
});

describe('users policy', () => {
  it('gives national administrators everything and provincial ones their province', () => {
    expect(userManageScope(nationalAdmin)).toBeNull();
    expect(userManageScope(provincialAdmin)).toEqual(['24']);
  });
  it('answers not found to those without user.manage', () => {
    expect(() => userManageScope(communeOfficer)).toThrowError(AppError);
    try {
      userManageScope(twoProvinces);
    } catch (err) {
      expect((err as AppError).status).toBe(404);
    }
  });
});

describe('roles policy', () => {
  it('lets only national role.manage holders change roles', () => {
    expect(canManageRoles(nationalAdmin)).toBe(true);
    expect(canManageRoles(provincialAdmin)).toBe(false);
    expect(canListRoles(provincialAdmin)).toBe(true);
    expect(canListRoles(communeOfficer)).toBe(false);
  });
});

describe('units policy', () => {
  it('lets every user view their own subtrees and national users everything', () => {
    expect(viewScope(nationalAdmin)).toBeNull();
    expect(viewScope(communeOfficer)).toEqual(['2305']);
    expect(viewScope(twoProvinces)).toEqual(['24', '23']);
  });
  it('lets only unit.manage holders change units, in their scope', () => {
    expect(manageScope(nationalAdmin)).toBeNull();
    expect(manageScope(provincialAdmin)).toEqual(['24']);
    expect(manageScope(communeOfficer)).toEqual([]);
  });
});

describe('two-factor requirement', () => {
  it('applies to roles holding an administrator permission', () => {
    expect(requiresMfa(BUILT_IN_ROLES.system_admin.permissions)).toBe(true);
    expect(requiresMfa(BUILT_IN_ROLES.commune_officer.permissions)).toBe(false);
    expect(requiresMfa(['data.read', 'audit.read'])).toBe(true);
  });
});
