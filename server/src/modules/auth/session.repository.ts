// SQL for sessions, login attempts and the account fields that sign-in touches.
import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, SessionStage } from '../../platform/db/schema.ts';
import type { Assignment } from '../users/users.repository.ts';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Kysely<Database>,
  input: { userId: string; stage: SessionStage; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; id: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = hashToken(token);
  await db
    .insertInto('session')
    .values({
      id,
      user_id: input.userId,
      stage: input.stage,
      csrf_token: csrfToken,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: input.expiresAt,
      ip: input.ip,
      user_agent: input.userAgent,
    })
    .execute();
  return { token, csrfToken, id };
}

export function findSessionWithUser(db: Kysely<Database>, token: string) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'session.id as sessionId',
      'session.stage',
      'session.csrf_token',
      'session.created_at',
      'session.last_seen_at',
      'session.expires_at',
      'session.revoked_at',
      'session.totp_failures',
      'app_user.id as userId',
      'app_user.username',
      'app_user.display_name',
      'app_user.email',
      'app_user.language',
      'app_user.totp_enabled',
      'app_user.must_change_password',
      'app_user.is_demo',
      'app_user.active',
      // The caller's (role, unit) assignments in the same round trip: every request needs them.
      sql<Assignment[]>`(
        select coalesce(json_agg(json_build_object(
          'id', a.id::text, 'roleId', r.id::text, 'roleCode', r.code, 'roleNameVi', r.name_vi, 'roleNameEn', r.name_en,
          'permissions', r.permissions, 'requiresMfa', r.requires_mfa,
          'unitId', u.id::text, 'unitCode', u.code, 'unitName', u.full_name, 'unitKind', u.kind) order by a.id), '[]'::json)
        from user_assignment a join role r on r.id = a.role_id join org_unit u on u.id = a.unit_id
        where a.user_id = app_user.id)`.as('assignments'),
    ])
    .where('session.id', '=', hashToken(token))
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function setSessionStage(db: Kysely<Database>, sessionId: string, stage: SessionStage): Promise<void> {
  await db.updateTable('session').set({ stage }).where('id', '=', sessionId).execute();
}

export async function revokeSession(db: Kysely<Database>, sessionId: string, now: Date, reason: string): Promise<void> {
  await db.updateTable('session').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a user (deactivation, password change elsewhere). */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: Date, reason: string, exceptSessionId?: string): Promise<number> {
  let q = db.updateTable('session').set({ revoked_at: now, revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function recordLoginAttempt(db: Kysely<Database>, at: Date, ip: string, usernameFolded: string, success: boolean): Promise<void> {
  await db.insertInto('login_attempt').values({ at, ip, username_folded: usernameFolded, success }).execute();
}

export async function countFailedAttempts(db: Kysely<Database>, since: Date, by: { ip?: string; username?: string }): Promise<number> {
  let q = db.selectFrom('login_attempt').select((eb) => eb.fn.countAll<string>().as('n')).where('at', '>=', since).where('success', '=', false);
  if (by.ip) q = q.where('ip', '=', by.ip);
  if (by.username) q = q.where('username_folded', '=', by.username);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}
