// Sign-in rules: lockout, rate limits, stages (two-factor, forced password change,
// mandatory enrolment for administrators) and inactive-account disabling.
import type { FastifyRequest } from 'fastify';
import { foldVietnamese } from '@shared/text.ts';
import { DAY, HOUR, MINUTE } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { SessionStage } from '../../platform/db/schema.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { findUserByUsername, loadAssignments } from '../users/users.repository.ts';
import { dummyVerify, verifyPassword } from './passwords.ts';
import { countFailedAttempts, createSession, recordLoginAttempt } from './session.repository.ts';

export async function userRequiresMfa(ctx: AppContext, userId: string): Promise<boolean> {
  if (!ctx.config.MFA_REQUIRED_FOR_ADMINS) return false;
  const assignments = await loadAssignments(ctx.db, userId);
  return assignments.some((a) => a.requiresMfa);
}

/** The stage after the steps already passed (password, and two-factor if enrolled). */
export async function stageAfterSecondFactor(
  ctx: AppContext,
  user: { id: string; must_change_password: boolean; is_demo: boolean; totp_enabled: boolean },
): Promise<SessionStage> {
  if (user.must_change_password && !user.is_demo) return 'password_change';
  if (!user.totp_enabled && (await userRequiresMfa(ctx, user.id))) return 'mfa_enrol';
  return 'active';
}

function unitOfFirstAssignment(assignments: { unitId: string }[]): string | null {
  return assignments[0]?.unitId ?? null;
}

export async function login(ctx: AppContext, request: FastifyRequest, username: string, password: string) {
  const { db, config, clock } = ctx;
  const now = clock.now();
  const origin = originOf(request, now);
  const ip = request.ip ?? 'unknown';
  const folded = foldVietnamese(username);
  const windowStart = new Date(now.getTime() - config.LOGIN_WINDOW_MINUTES * MINUTE);

  if ((await countFailedAttempts(db, windowStart, { ip })) >= config.LOGIN_MAX_PER_IP) {
    await recordAudit(db, origin, { action: 'auth.rate_limited', details: { username, by: 'ip' } });
    const seconds = config.LOGIN_WINDOW_MINUTES * 60;
    throw new AppError('too_many_requests', { seconds }, { headers: { 'retry-after': String(seconds) } });
  }
  // Per account, also for names that do not exist, so guessing cannot probe existence.
  if ((await countFailedAttempts(db, windowStart, { username: folded })) >= config.LOCKOUT_THRESHOLD * 4) {
    await recordAudit(db, origin, { action: 'auth.rate_limited', details: { username, by: 'account' } });
    const seconds = config.LOGIN_WINDOW_MINUTES * 60;
    throw new AppError('too_many_requests', { seconds }, { headers: { 'retry-after': String(seconds) } });
  }

  const user = await findUserByUsername(db, username);
  if (!user) {
    await dummyVerify(password);
    await recordLoginAttempt(db, now, ip, folded, false);
    await recordAudit(db, origin, { action: 'auth.login_failed', details: { username, reason: 'unknown_user' } });
    throw new AppError('invalid_credentials');
  }
  const actor = { id: user.id, username: user.username };
  const assignments = await loadAssignments(db, user.id);
  const unitId = unitOfFirstAssignment(assignments);

  if (user.locked_until && user.locked_until > now) {
    await recordLoginAttempt(db, now, ip, folded, false);
    await recordAudit(db, origin, { action: 'auth.login_failed', actor, targetType: 'user', targetId: user.id, unitId, details: { reason: 'locked' } });
    throw new AppError('account_locked', { minutes: Math.ceil((user.locked_until.getTime() - now.getTime()) / MINUTE) });
  }

  if (!(await verifyPassword(user.password_hash, password))) {
    await recordLoginAttempt(db, now, ip, folded, false);
    const failures = user.failed_logins + 1;
    if (failures >= config.LOCKOUT_THRESHOLD) {
      const lockedUntil = new Date(now.getTime() + config.LOCKOUT_MINUTES * MINUTE);
      await db.updateTable('app_user').set({ failed_logins: 0, locked_until: lockedUntil, updated_at: now }).where('id', '=', user.id).execute();
      await recordAudit(db, origin, { action: 'auth.login_failed', actor, targetType: 'user', targetId: user.id, unitId, details: { reason: 'wrong_password', failures } });
      await recordAudit(db, origin, { action: 'auth.lockout', actor, targetType: 'user', targetId: user.id, unitId, after: { lockedUntil: lockedUntil.toISOString() } });
      throw new AppError('account_locked', { minutes: config.LOCKOUT_MINUTES });
    }
    await db.updateTable('app_user').set({ failed_logins: failures, updated_at: now }).where('id', '=', user.id).execute();
    await recordAudit(db, origin, { action: 'auth.login_failed', actor, targetType: 'user', targetId: user.id, unitId, details: { reason: 'wrong_password', failures } });
    throw new AppError('invalid_credentials');
  }

  // Accounts unused for too long are disabled at the door as well as by the daily job.
  const lastUse = user.last_login_at ?? user.created_at;
  if (user.active && !user.is_demo && now.getTime() - lastUse.getTime() > config.INACTIVE_DISABLE_DAYS * DAY) {
    await db.updateTable('app_user').set({ active: false, deactivated_reason: 'inactive', updated_at: now }).where('id', '=', user.id).execute();
    await recordAudit(db, origin, { action: 'user.deactivated', actor: null, targetType: 'user', targetId: user.id, unitId, before: { active: true }, after: { active: false }, details: { reason: 'inactive', days: config.INACTIVE_DISABLE_DAYS } });
  } else if (user.active) {
    await recordLoginAttempt(db, now, ip, folded, true);
    const stage: SessionStage = user.totp_enabled ? 'mfa_verify' : await stageAfterSecondFactor(ctx, user);
    await db
      .updateTable('app_user')
      .set({ failed_logins: 0, locked_until: null, updated_at: now, ...(stage === 'active' ? { last_login_at: now } : {}) })
      .where('id', '=', user.id)
      .execute();
    const ua = request.headers['user-agent'];
    const session = await createSession(db, {
      userId: user.id,
      stage,
      now,
      expiresAt: new Date(now.getTime() + config.SESSION_MAX_HOURS * HOUR),
      ip,
      userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    });
    await recordAudit(db, origin, { action: stage === 'active' ? 'auth.login' : 'auth.password_ok', actor, targetType: 'user', targetId: user.id, unitId, details: { stage } });
    return { token: session.token, stage };
  }
  await recordAudit(db, origin, { action: 'auth.login_failed', actor, targetType: 'user', targetId: user.id, unitId, details: { reason: 'disabled' } });
  throw new AppError('account_disabled');
}
