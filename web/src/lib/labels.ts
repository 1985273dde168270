// Labels for codes that come from the server: unit types and kinds, permissions,
// audit actions, role names. Unknown codes fall back to the code itself.
import type { TFunction } from 'i18next';
import type { UiLang } from './format';

/** i18next uses '.' as its key separator; codes like "user.manage" become "user_manage". */
const keyOf = (code: string) => code.replace(/\./g, '_');

export function unitTypeLabel(t: TFunction, type: string): string {
  return t(`unitTypes.${type}`, { defaultValue: type });
}

export function unitKindLabel(t: TFunction, kind: string): string {
  return t(`unitKinds.${kind}`, { defaultValue: kind });
}

export function permissionLabel(t: TFunction, permission: string): string {
  return t(`permissions.${keyOf(permission)}`, { defaultValue: permission });
}

export function auditActionLabel(t: TFunction, action: string): string {
  return t(`auditActions.${keyOf(action)}`, { defaultValue: action });
}

export function roleName(role: { nameVi: string; nameEn: string }, lang: UiLang): string {
  return lang === 'en' ? role.nameEn : role.nameVi;
}

/** Audit actions with a label, for the filter's suggestions. */
export const KNOWN_AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.lockout',
  'auth.password_ok',
  'auth.rate_limited',
  'auth.session_expired',
  'auth.totp_ok',
  'auth.totp_failed',
  'auth.totp_enabled',
  'auth.totp_disabled',
  'auth.password_changed',
  'auth.password_change_failed',
  'user.created',
  'user.updated',
  'user.activated',
  'user.deactivated',
  'user.password_reset',
  'user.unlocked',
  'user.totp_reset',
  'user.assignment_added',
  'user.assignment_removed',
  'role.created',
  'role.updated',
  'role.deleted',
  'unit.created',
  'unit.updated',
  'unit.closed',
  'unit.villages_imported',
  'unit_group.created',
  'unit_group.updated',
  'unit_group.members_added',
  'unit_group.members_removed',
  'audit.exported',
] as const;
