// Sign in, two-factor, passwords, sign out, and "who am I".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorMessage } from '@shared/errors.ts';
import { changePasswordBody, disableTotpBody, languageBody, loginBody, meResponse, totpCodeBody, totpEnrolResponse } from '@shared/schemas/auth.ts';
import { errorResponse, okResponse } from '@shared/schemas/common.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { loadQRCode } from '../../platform/lazy-modules.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { findUserById, loadAssignments, primaryUnitId } from '../users/users.repository.ts';
import { SESSION_COOKIE, requireAuth, requireSessionStage, type AuthContext } from './auth-context.ts';
import { presentMe } from './auth.presenter.ts';
import { login, stageAfterSecondFactor, userRequiresMfa } from './auth.service.ts';
import { PASSWORD_PROBLEM_TEXT, checkPassword } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findSessionWithUser, revokeSession, revokeUserSessions, setSessionStage } from './session.repository.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 409: errorResponse, 423: errorResponse, 429: errorResponse };
const TOTP_MAX_FAILURES = 5;

/** Refuses a weak password, naming the request field it came in (body.newPassword, body.password). */
export function assertStrongPassword(request: FastifyRequest, password: string, username: string, field = 'body.newPassword'): void {
  const problem = checkPassword(password, username);
  if (problem) {
    const lang = requestLanguage(request);
    throw new AppError('weak_password', { reason: PASSWORD_PROBLEM_TEXT[problem][lang] }, { fields: [{ path: field, message: PASSWORD_PROBLEM_TEXT[problem][lang] }] });
  }
}

export async function authRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, config } = ctx;

  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) => {
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.COOKIE_SECURE ?? request.protocol === 'https',
    });
  };

  const me = async (token: string) => {
    const row = await findSessionWithUser(db, token);
    if (!row) throw new AppError('unauthenticated');
    const auth: AuthContext = {
      session: { id: row.sessionId, stage: row.stage, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at, totpFailures: row.totp_failures },
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
      assignments: row.stage === 'active' ? await loadAssignments(db, row.userId) : [],
    };
    return presentMe(auth, { mfaRequired: await userRequiresMfa(ctx, row.userId), idleMinutes: config.SESSION_IDLE_MINUTES });
  };

  const meFor = async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('unauthenticated');
    return me(token);
  };

  r.post('/api/auth/login', { schema: { tags: ['auth'], summary: 'Đăng nhập bằng tên đăng nhập và mật khẩu', body: loginBody, response: { 200: meResponse, ...errors } } }, async (request, reply) => {
    const { token } = await login(ctx, request, request.body.username, request.body.password);
    setCookie(request, reply, token);
    return me(token);
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'Người dùng hiện tại, phân quyền và bước đăng nhập', response: { 200: meResponse, ...errors } } }, async (request) => {
    requireSessionStage(request, ['mfa_verify', 'password_change', 'mfa_enrol', 'active']);
    return meFor(request);
  });

  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Đăng xuất', response: { 200: okResponse, ...errors } } }, async (request, reply) => {
    const auth = requireSessionStage(request, ['mfa_verify', 'password_change', 'mfa_enrol', 'active']);
    const now = clock.now();
    await revokeSession(db, auth.session.id, now, 'logout');
    await recordAudit(db, originOf(request, now), { action: 'auth.logout', targetType: 'user', targetId: auth.user.id, unitId: await primaryUnitId(db, auth.user.id) });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.post('/api/auth/totp/verify', { schema: { tags: ['auth'], summary: 'Xác thực mã hai lớp (TOTP) khi đăng nhập', body: totpCodeBody, response: { 200: meResponse, ...errors } } }, async (request) => {
    const auth = requireSessionStage(request, ['mfa_verify']);
    const now = clock.now();
    const user = await findUserById(db, auth.user.id);
    if (!user?.totp_secret) throw new AppError('totp_not_pending');
    const counter = checkTotp(user.totp_secret, request.body.code, now, user.totp_last_counter === null ? null : Number(user.totp_last_counter));
    const origin = originOf(request, now);
    const unitId = await primaryUnitId(db, user.id);
    if (counter === null) {
      const failures = auth.session.totpFailures + 1;
      await db.updateTable('session').set({ totp_failures: failures }).where('id', '=', auth.session.id).execute();
      await recordAudit(db, origin, { action: 'auth.totp_failed', targetType: 'user', targetId: user.id, unitId, details: { failures } });
      if (failures >= TOTP_MAX_FAILURES) {
        await revokeSession(db, auth.session.id, now, 'totp_failures');
        throw new AppError('session_expired');
      }
      throw new AppError('invalid_totp');
    }
    const stage = await stageAfterSecondFactor(ctx, { ...user, totp_enabled: true });
    await db.updateTable('app_user').set({ totp_last_counter: counter, updated_at: now, ...(stage === 'active' ? { last_login_at: now } : {}) }).where('id', '=', user.id).execute();
    await setSessionStage(db, auth.session.id, stage);
    await recordAudit(db, origin, { action: stage === 'active' ? 'auth.login' : 'auth.totp_ok', targetType: 'user', targetId: user.id, unitId, details: { stage, mfa: true } });
    return meFor(request);
  });

  r.post('/api/auth/password', { schema: { tags: ['auth'], summary: 'Đổi mật khẩu (kể cả lần đầu bắt buộc)', body: changePasswordBody, response: { 200: meResponse, ...errors } } }, async (request) => {
    const auth = requireSessionStage(request, ['password_change', 'active']);
    const now = clock.now();
    const user = await findUserById(db, auth.user.id);
    if (!user) throw new AppError('unauthenticated');
    if (!(await verifyPassword(user.password_hash, request.body.currentPassword))) {
      await recordAudit(db, originOf(request, now), { action: 'auth.password_change_failed', targetType: 'user', targetId: user.id, unitId: await primaryUnitId(db, user.id) });
      throw new AppError('wrong_password', {}, { fields: [{ path: 'body.currentPassword', message: errorMessage('wrong_password', requestLanguage(request)) }] });
    }
    assertStrongPassword(request, request.body.newPassword, user.username);
    if (await verifyPassword(user.password_hash, request.body.newPassword)) {
      const lang = requestLanguage(request);
      throw new AppError('weak_password', { reason: lang === 'vi' ? 'mật khẩu mới phải khác mật khẩu cũ.' : 'the new password must differ from the old one.' });
    }
    const passwordHash = await hashPassword(request.body.newPassword);
    const unitId = await primaryUnitId(db, user.id);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now }).where('id', '=', user.id).execute();
      await revokeUserSessions(trx, user.id, now, 'password_changed', auth.session.id);
      const stage = auth.session.stage === 'password_change' ? await stageAfterSecondFactor(ctx, { ...user, must_change_password: false }) : 'active';
      await trx.updateTable('session').set({ stage }).where('id', '=', auth.session.id).execute();
      if (stage === 'active' && auth.session.stage !== 'active') await trx.updateTable('app_user').set({ last_login_at: now }).where('id', '=', user.id).execute();
      await recordAudit(trx, originOf(request, now), { action: 'auth.password_changed', targetType: 'user', targetId: user.id, unitId, details: { forced: auth.session.stage === 'password_change' } });
    });
    return meFor(request);
  });

  r.post('/api/auth/totp/enrol', { schema: { tags: ['auth'], summary: 'Bắt đầu đăng ký xác thực hai lớp: tạo khóa bí mật và mã QR', response: { 200: totpEnrolResponse, ...errors } } }, async (request) => {
    const auth = requireSessionStage(request, ['mfa_enrol', 'active']);
    const secret = newTotpSecret();
    await db.updateTable('app_user').set({ totp_pending_secret: secret }).where('id', '=', auth.user.id).execute();
    const otpauthUrl = totpUri(secret, config.TOTP_ISSUER, auth.user.username);
    const QRCode = await loadQRCode();
    const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 });
    return { secret, otpauthUrl, qrDataUrl };
  });

  r.post('/api/auth/totp/confirm', { schema: { tags: ['auth'], summary: 'Xác nhận đăng ký hai lớp bằng mã từ ứng dụng', body: totpCodeBody, response: { 200: meResponse, ...errors } } }, async (request) => {
    const auth = requireSessionStage(request, ['mfa_enrol', 'active']);
    const now = clock.now();
    const user = await findUserById(db, auth.user.id);
    if (!user?.totp_pending_secret) throw new AppError('totp_not_pending');
    const counter = checkTotp(user.totp_pending_secret, request.body.code, now, null);
    if (counter === null) throw new AppError('invalid_totp');
    const unitId = await primaryUnitId(db, user.id);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, totp_enabled: true, totp_last_counter: counter, updated_at: now, ...(auth.session.stage === 'mfa_enrol' ? { last_login_at: now } : {}) })
        .where('id', '=', user.id)
        .execute();
      await trx.updateTable('session').set({ stage: 'active' }).where('id', '=', auth.session.id).execute();
      await recordAudit(trx, originOf(request, now), { action: 'auth.totp_enabled', targetType: 'user', targetId: user.id, unitId, before: { totpEnabled: user.totp_enabled }, after: { totpEnabled: true } });
    });
    return meFor(request);
  });

  r.post('/api/auth/totp/disable', { schema: { tags: ['auth'], summary: 'Tắt xác thực hai lớp (không áp dụng cho vai trò quản trị)', body: disableTotpBody, response: { 200: meResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const now = clock.now();
    if (await userRequiresMfa(ctx, auth.user.id)) throw new AppError('totp_required');
    const user = await findUserById(db, auth.user.id);
    if (!user || !(await verifyPassword(user.password_hash, request.body.password))) throw new AppError('wrong_password');
    await db.updateTable('app_user').set({ totp_secret: null, totp_enabled: false, totp_last_counter: null, updated_at: now }).where('id', '=', user.id).execute();
    await recordAudit(db, originOf(request, now), { action: 'auth.totp_disabled', targetType: 'user', targetId: user.id, unitId: await primaryUnitId(db, user.id), before: { totpEnabled: true }, after: { totpEnabled: false } });
    return meFor(request);
  });

  r.put('/api/auth/language', { schema: { tags: ['auth'], summary: 'Chọn ngôn ngữ giao diện', body: languageBody, response: { 200: okResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    await db.updateTable('app_user').set({ language: request.body.language }).where('id', '=', auth.user.id).execute();
    return { ok: true as const };
  });

  r.get('/api/auth/password-policy', { schema: { tags: ['auth'], summary: 'Quy tắc mật khẩu', response: { 200: z.object({ minLength: z.number() }) } } }, async () => ({ minLength: 10 }));
}
