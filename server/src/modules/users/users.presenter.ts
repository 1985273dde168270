// What leaves the API about a user: never the hash, the TOTP secret or counters.
import type { UserView } from '@shared/schemas/users.ts';
import type { AppUserTable } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import { presentAssignment } from '../auth/auth.presenter.ts';
import type { Assignment } from './users.repository.ts';

export function presentUser(user: Selectable<AppUserTable>, assignments: Assignment[], canModify: boolean, isSelf: boolean, now: Date): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    phone: user.phone,
    active: user.active,
    locked: user.locked_until !== null && user.locked_until > now,
    totpEnabled: user.totp_enabled,
    mustChangePassword: user.must_change_password,
    lastLoginAt: user.last_login_at ? user.last_login_at.toISOString() : null,
    createdAt: user.created_at.toISOString(),
    assignments: assignments.map(presentAssignment),
    abilities: { update: canModify, deactivate: canModify && !isSelf, resetPassword: canModify && !isSelf },
  };
}

/** The audit snapshot of a user. */
export function auditUser(user: Selectable<AppUserTable>) {
  return { username: user.username, displayName: user.display_name, email: user.email, phone: user.phone, active: user.active };
}
