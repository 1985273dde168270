// Permission names and the built-in roles. Roles grant permissions; a user holds
// (role, unit) assignments and acts only within those units' subtrees.

export const PERMISSIONS = [
  'user.manage',
  'role.manage',
  'unit.manage',
  'audit.read',
  'data.read',
  'data.enter',
  'form.manage',
  'form.approve',
  'form.unapprove',
  'catalog.manage',
  'analytics.read',
  /** Register, rotate and revoke the API clients of other systems (LGSP/NDXP, issue 7). */
  'api_client.manage',
  /** Create plans, tasks and recurring tasks within the scope, assign them, rate their quality (issue 6). */
  'task.manage',
  /** Record investment works, their capital, disbursement and files within the unit's subtree (issue 6); reading needs data.read. */
  'investment.manage',
  /** Upload and remove the Word templates of generated documents (issue 6). */
  'document.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Holding any of these makes a role an administrator role: two-factor is mandatory. */
export const ADMIN_PERMISSIONS: readonly Permission[] = ['user.manage', 'role.manage', 'unit.manage', 'audit.read', 'api_client.manage'];

export const BUILT_IN_ROLES = {
  system_admin: {
    nameVi: 'Quản trị hệ thống',
    nameEn: 'System administrator',
    permissions: [...PERMISSIONS],
  },
  central_officer: {
    nameVi: 'Cán bộ chương trình trung ương',
    nameEn: 'Central program officer',
    permissions: ['data.read', 'data.enter', 'form.manage', 'form.approve', 'form.unapprove', 'catalog.manage', 'analytics.read', 'task.manage', 'investment.manage', 'document.manage'],
  },
  provincial_coordinator: {
    nameVi: 'Điều phối cấp tỉnh',
    nameEn: 'Provincial coordinator',
    permissions: ['data.read', 'data.enter', 'form.approve', 'analytics.read', 'task.manage', 'investment.manage', 'document.manage'],
  },
  department_officer: {
    nameVi: 'Cán bộ sở, ngành',
    nameEn: 'Department officer',
    permissions: ['data.read', 'data.enter', 'analytics.read', 'task.manage', 'investment.manage'],
  },
  commune_officer: {
    nameVi: 'Cán bộ cấp xã',
    nameEn: 'Commune officer',
    permissions: ['data.read', 'data.enter', 'investment.manage'],
  },
  viewer: {
    nameVi: 'Người xem',
    nameEn: 'Viewer',
    permissions: ['data.read', 'analytics.read'],
  },
} as const satisfies Record<string, { nameVi: string; nameEn: string; permissions: readonly Permission[] }>;

export type BuiltInRoleCode = keyof typeof BUILT_IN_ROLES;

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function requiresMfa(permissions: readonly string[]): boolean {
  return permissions.some((p) => (ADMIN_PERMISSIONS as readonly string[]).includes(p));
}
