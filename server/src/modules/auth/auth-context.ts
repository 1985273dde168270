// Who is calling: loads the session from the cookie on every /api request, enforces
// idle and absolute timeouts and CSRF, and exposes the caller's (role, unit)
// assignments. Routes then call requireAuth() — a missing call stands out.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '@shared/permissions.ts';
import { MINUTE } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { SessionStage } from '../../platform/db/schema.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { findSessionWithUser, revokeSession, touchSession } from './session.repository.ts';
import { primaryUnitId, type Assignment } from '../users/users.repository.ts';

export const SESSION_COOKIE = 'ts_session';

export interface AuthContext {
  session: { id: string; stage: SessionStage; csrfToken: string; createdAt: Date; expiresAt: Date; totpFailures: number };
  user: {
    id: string;
    username: string;
    displayName: string;
    email: string | null;
    language: 'vi' | 'en';
    totpEnabled: boolean;
    mustChangePassword: boolean;
    isDemo: boolean;
  };
  assignments: Assignment[];
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    authProblem: 'session_expired' | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuthContext(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('authProblem', null);
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const row = await findSessionWithUser(ctx.db, token);
    if (!row || row.revoked_at) {
      if (row) request.authProblem = 'session_expired';
      return;
    }
    const now = ctx.clock.now();
    const idleLimit = ctx.config.SESSION_IDLE_MINUTES * MINUTE;
    const reason = !row.active
      ? 'user_deactivated'
      : now.getTime() - row.last_seen_at.getTime() > idleLimit
        ? 'idle_timeout'
        : now >= row.expires_at
          ? 'absolute_timeout'
          : null;
    if (reason) {
      await revokeSession(ctx.db, row.sessionId, now, reason);
      await recordAudit(ctx.db, originOf(request, now), {
        action: 'auth.session_expired',
        actor: { id: row.userId, username: row.username },
        targetType: 'user',
        targetId: row.userId,
        unitId: await primaryUnitId(ctx.db, row.userId),
        details: { reason },
      });
      request.authProblem = 'session_expired';
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (header !== row.csrf_token) throw new AppError('csrf_failed');
    }
    // Polling endpoints must not keep an idle session alive.
    const passive = request.headers['x-passive-request'] === '1';
    if (!passive && now.getTime() - row.last_seen_at.getTime() > 5_000) await touchSession(ctx.db, row.sessionId, now);
    request.auth = {
      session: {
        id: row.sessionId,
        stage: row.stage,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        totpFailures: row.totp_failures,
      },
      user: {
        id: row.userId,
        username: row.username,
        displayName: row.display_name,
        email: row.email,
        language: row.language,
        totpEnabled: row.totp_enabled,
        mustChangePassword: row.must_change_password,
        isDemo: row.is_demo,
      },
      assignments: row.stage === 'active' ? row.assignments : [],
    };
  });
}

/** The caller, fully signed in. Throws 401 otherwise (or 403 step_required mid-sign-in). */
export function requireAuth(request: FastifyRequest): AuthContext {
  const auth = request.auth;
  if (!auth) throw new AppError(request.authProblem ?? 'unauthenticated');
  if (auth.session.stage !== 'active') throw new AppError('step_required', {}, { details: { stage: auth.session.stage } });
  return auth;
}

/** The caller in one of the given sign-in stages (for the sign-in steps themselves). */
export function requireSessionStage(request: FastifyRequest, stages: SessionStage[]): AuthContext {
  const auth = request.auth;
  if (!auth) throw new AppError(request.authProblem ?? 'unauthenticated');
  if (!stages.includes(auth.session.stage)) throw new AppError('step_required', {}, { details: { stage: auth.session.stage } });
  return auth;
}

/** Units where the caller holds the permission (the roots of their scope). */
export function scopeRoots(auth: AuthContext, permission?: Permission): string[] {
  const ids = auth.assignments.filter((a) => !permission || a.permissions.includes(permission)).map((a) => a.unitId);
  return [...new Set(ids)];
}

export function hasPermission(auth: AuthContext, permission: Permission): boolean {
  return auth.assignments.some((a) => a.permissions.includes(permission));
}

/** True when the permission is held at the national unit: no scope restriction. */
export function hasNationalPermission(auth: AuthContext, permission: Permission): boolean {
  return auth.assignments.some((a) => a.unitKind === 'nation' && a.permissions.includes(permission));
}
