// User administration inside the administrator's scope.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, idSchema } from '@shared/schemas/common.ts';
import { assignmentInput, createUserBody, deactivateBody, listUsersQuery, resetPasswordBody, updateUserBody, userListResponse, userView } from '@shared/schemas/users.ts';
import { MINUTE } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { assertStrongPassword } from '../auth/auth.routes.ts';
import { hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/session.repository.ts';
import { findRole } from '../roles/roles.repository.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { createUser } from './commands/create-user.ts';
import { assertCanAssign, loadManagedUser, loadModifiableUser, userManageScope } from './users.policy.ts';
import { auditUser, presentUser } from './users.presenter.ts';
import { listUsers, loadAssignmentsFor } from './users.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function usersRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  const view = async (authUserId: string, auth: Parameters<typeof loadManagedUser>[1], id: string) => {
    const { user, assignments, canModify } = await loadManagedUser(ctx, auth, id);
    return presentUser(user, assignments, canModify, user.id === authUserId, clock.now());
  };

  r.get('/api/users', { schema: { tags: ['users'], summary: 'Danh sách người dùng trong phạm vi quản lý', querystring: listUsersQuery, response: { 200: userListResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const scope = userManageScope(auth);
    const q = request.query;
    const { rows, total } = await listUsers(db, { scopeRoots: scope, search: q.q, active: q.active === undefined ? undefined : q.active === 'true', lockedAt: q.locked ? clock.now() : undefined, unitId: q.unitId, limit: q.limit, offset: q.offset });
    const assignments = await loadAssignmentsFor(db, rows.map((u) => u.id));
    const allUnits = [...new Set([...assignments.values()].flat().map((a) => a.unitId))];
    const inScope = scope === null ? null : await unitsInScope(db, scope, allUnits);
    const now = clock.now();
    return {
      total,
      items: rows.map((u) => {
        const list = assignments.get(u.id) ?? [];
        const canModify = inScope === null || list.every((a) => inScope.has(a.unitId));
        return presentUser(u, list, canModify, u.id === auth.user.id, now);
      }),
    };
  });

  r.post('/api/users', { schema: { tags: ['users'], summary: 'Tạo người dùng (phải đổi mật khẩu khi đăng nhập lần đầu)', body: createUserBody, response: { 201: userView, ...errors } } }, async (request, reply) => {
    const auth = requireAuth(request);
    userManageScope(auth);
    assertStrongPassword(request, request.body.password, request.body.username, 'body.password');
    const id = await createUser(ctx, request, auth, request.body);
    return reply.status(201).send(await view(auth.user.id, auth, id));
  });

  r.get('/api/users/:id', { schema: { tags: ['users'], summary: 'Chi tiết người dùng', params: idParams, response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    return view(auth.user.id, auth, request.params.id);
  });

  r.patch('/api/users/:id', { schema: { tags: ['users'], summary: 'Sửa thông tin người dùng', params: idParams, body: updateUserBody, response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user, assignments } = await loadModifiableUser(ctx, auth, request.params.id);
    const now = clock.now();
    const b = request.body;
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('app_user')
        .set({
          display_name: b.displayName ?? user.display_name,
          email: b.email === undefined ? user.email : b.email,
          phone: b.phone === undefined ? user.phone : b.phone,
          updated_at: now,
        })
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, originOf(request, now), { action: 'user.updated', targetType: 'user', targetId: user.id, unitId: assignments[0]?.unitId ?? null, before: auditUser(user), after: auditUser(updated) });
    });
    return view(auth.user.id, auth, user.id);
  });

  const setActive = async (request: FastifyRequest, id: string, active: boolean, reason: string | undefined) => {
    const auth = requireAuth(request);
    const { user, assignments } = await loadModifiableUser(ctx, auth, id);
    if (user.id === auth.user.id) throw new AppError('self_action');
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ active, deactivated_reason: active ? null : (reason ?? 'admin'), failed_logins: 0, locked_until: null, updated_at: now, ...(active ? { last_login_at: now } : {}) })
        .where('id', '=', user.id)
        .execute();
      // Deactivation ends every session at once.
      if (!active) await revokeUserSessions(trx, user.id, now, 'user_deactivated');
      await recordAudit(trx, originOf(request, now), {
        action: active ? 'user.activated' : 'user.deactivated',
        targetType: 'user',
        targetId: user.id,
        unitId: assignments[0]?.unitId ?? null,
        before: { active: user.active },
        after: { active },
        details: reason ? { reason } : undefined,
      });
    });
    return view(auth.user.id, auth, user.id);
  };

  r.post('/api/users/:id/deactivate', { schema: { tags: ['users'], summary: 'Vô hiệu hóa người dùng (kết thúc mọi phiên ngay)', params: idParams, body: deactivateBody.optional(), response: { 200: userView, ...errors } } }, async (request) =>
    setActive(request, request.params.id, false, request.body?.reason),
  );
  r.post('/api/users/:id/activate', { schema: { tags: ['users'], summary: 'Kích hoạt lại người dùng', params: idParams, response: { 200: userView, ...errors } } }, async (request) =>
    setActive(request, request.params.id, true, undefined),
  );

  r.post('/api/users/:id/reset-password', { schema: { tags: ['users'], summary: 'Đặt lại mật khẩu (người dùng phải đổi khi đăng nhập)', params: idParams, body: resetPasswordBody, response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user, assignments } = await loadModifiableUser(ctx, auth, request.params.id);
    if (user.id === auth.user.id) throw new AppError('self_action');
    assertStrongPassword(request, request.body.password, user.username, 'body.password');
    const hash = await hashPassword(request.body.password);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', user.id).execute();
      await revokeUserSessions(trx, user.id, now, 'password_reset');
      await recordAudit(trx, originOf(request, now), { action: 'user.password_reset', targetType: 'user', targetId: user.id, unitId: assignments[0]?.unitId ?? null });
    });
    return view(auth.user.id, auth, user.id);
  });

  r.post('/api/users/:id/unlock', { schema: { tags: ['users'], summary: 'Mở khóa tài khoản bị khóa do nhập sai mật khẩu', params: idParams, response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user, assignments } = await loadModifiableUser(ctx, auth, request.params.id);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', user.id).execute();
      await recordAudit(trx, originOf(request, now), { action: 'user.unlocked', targetType: 'user', targetId: user.id, unitId: assignments[0]?.unitId ?? null, before: { lockedUntil: user.locked_until } });
    });
    return view(auth.user.id, auth, user.id);
  });

  r.post('/api/users/:id/reset-totp', { schema: { tags: ['users'], summary: 'Hủy xác thực hai lớp (mất thiết bị); người dùng đăng ký lại', params: idParams, response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user, assignments } = await loadModifiableUser(ctx, auth, request.params.id);
    if (user.id === auth.user.id) throw new AppError('self_action');
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ totp_enabled: false, totp_secret: null, totp_pending_secret: null, totp_last_counter: null, updated_at: now }).where('id', '=', user.id).execute();
      await revokeUserSessions(trx, user.id, now, 'totp_reset');
      await recordAudit(trx, originOf(request, now), { action: 'user.totp_reset', targetType: 'user', targetId: user.id, unitId: assignments[0]?.unitId ?? null, before: { totpEnabled: user.totp_enabled }, after: { totpEnabled: false } });
    });
    return view(auth.user.id, auth, user.id);
  });

  r.post('/api/users/:id/assignments', { schema: { tags: ['users'], summary: 'Gán vai trò tại một đơn vị', params: idParams, body: assignmentInput, response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user } = await loadModifiableUser(ctx, auth, request.params.id);
    const role = await findRole(db, request.body.roleId);
    if (!role) throw notFound();
    await assertCanAssign(ctx, auth, role, request.body.unitId);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('user_assignment')
        .values({ user_id: user.id, role_id: role.id, unit_id: request.body.unitId })
        .onConflict((oc) => oc.columns(['user_id', 'role_id', 'unit_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new AppError('conflict');
      await recordAudit(trx, originOf(request, now), { action: 'user.assignment_added', targetType: 'user', targetId: user.id, unitId: request.body.unitId, after: { role: role.code, unitId: request.body.unitId } });
      // A change of roles takes effect at the next request: signed-in sessions must enrol
      // two-factor when it is now required. Only active ones, so a pending forced
      // password change is not skipped.
      if (role.requires_mfa && !user.totp_enabled) {
        await trx.updateTable('session').set({ stage: 'mfa_enrol' }).where('user_id', '=', user.id).where('revoked_at', 'is', null).where('stage', '=', 'active').execute();
      }
    });
    return view(auth.user.id, auth, user.id);
  });

  r.delete('/api/users/:id/assignments/:assignmentId', { schema: { tags: ['users'], summary: 'Bỏ một phân quyền', params: z.object({ id: idSchema, assignmentId: idSchema }).strict(), response: { 200: userView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user, assignments } = await loadModifiableUser(ctx, auth, request.params.id);
    const target = assignments.find((a) => a.id === request.params.assignmentId);
    if (!target) throw notFound();
    if (assignments.length === 1) throw new AppError('last_assignment');
    if (user.id === auth.user.id) throw new AppError('self_action');
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_assignment').where('id', '=', target.id).execute();
      await recordAudit(trx, originOf(request, now), { action: 'user.assignment_removed', targetType: 'user', targetId: user.id, unitId: target.unitId, before: { role: target.roleCode, unitId: target.unitId } });
    });
    return view(auth.user.id, auth, user.id);
  });

  r.get('/api/users/:id/sessions', { schema: { tags: ['users'], summary: 'Các phiên đang mở của người dùng', params: idParams, response: { 200: z.object({ items: z.array(z.object({ createdAt: z.string(), lastSeenAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() })) }), ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { user } = await loadManagedUser(ctx, auth, request.params.id);
    const now = clock.now();
    // Sessions idle past the timeout are dead even before a request revokes them.
    const rows = await db
      .selectFrom('session')
      .select(['created_at', 'last_seen_at', 'ip', 'user_agent'])
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>=', new Date(now.getTime() - ctx.config.SESSION_IDLE_MINUTES * MINUTE))
      .orderBy('last_seen_at', 'desc')
      .execute();
    return { items: rows.map((s) => ({ createdAt: s.created_at.toISOString(), lastSeenAt: s.last_seen_at.toISOString(), ip: s.ip, userAgent: s.user_agent })) };
  });
}
