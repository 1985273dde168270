// Roles: built-in ones are fixed; custom roles are built from the permission list.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERMISSIONS, requiresMfa } from '@shared/permissions.ts';
import { errorResponse, idParams, okResponse } from '@shared/schemas/common.ts';
import { roleBody, roleUpdateBody, roleView } from '@shared/schemas/roles.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { findRole, listRoles } from './roles.repository.ts';
import { canListRoles, canManageRoles } from './roles.policy.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

type RoleRow = Awaited<ReturnType<typeof listRoles>>[number];
const present = (r: RoleRow) => ({
  id: r.id,
  code: r.code,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  builtIn: r.built_in,
  permissions: r.permissions,
  requiresMfa: r.requires_mfa,
  userCount: Number(r.user_count ?? 0),
});

export async function rolesRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  const loadView = async (id: string) => {
    const row = (await listRoles(db)).find((x) => x.id === id);
    if (!row) throw notFound();
    return present(row);
  };

  r.get('/api/permissions', { schema: { tags: ['roles'], summary: 'Danh sách quyền', response: { 200: z.object({ items: z.array(z.string()) }), ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    if (!canListRoles(auth)) throw notFound();
    return { items: [...PERMISSIONS] };
  });

  r.get('/api/roles', { schema: { tags: ['roles'], summary: 'Danh sách vai trò', response: { 200: z.object({ items: z.array(roleView), canManage: z.boolean() }), ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    if (!canListRoles(auth)) throw notFound();
    return { items: (await listRoles(db)).map(present), canManage: canManageRoles(auth) };
  });

  r.post('/api/roles', { schema: { tags: ['roles'], summary: 'Tạo vai trò tùy chỉnh', body: roleBody, response: { 201: roleView, ...errors } } }, async (request, reply) => {
    const auth = requireAuth(request);
    if (!canManageRoles(auth)) throw notFound();
    const now = clock.now();
    const body = request.body;
    const permissions = [...new Set(body.permissions)].sort();
    const exists = await db.selectFrom('role').select('id').where('code', '=', body.code).executeTakeFirst();
    if (exists) throw new AppError('conflict', {}, { fields: [{ path: 'body.code', message: 'exists' }] });
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('role')
        .values({ code: body.code, name_vi: body.nameVi, name_en: body.nameEn, permissions, requires_mfa: requiresMfa(permissions), built_in: false, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, originOf(request, now), { action: 'role.created', targetType: 'role', targetId: row.id, after: { code: body.code, permissions } });
      return row.id;
    });
    return reply.status(201).send(await loadView(id));
  });

  r.patch('/api/roles/:id', { schema: { tags: ['roles'], summary: 'Sửa vai trò tùy chỉnh', params: idParams, body: roleUpdateBody, response: { 200: roleView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    if (!canManageRoles(auth)) throw notFound();
    const role = await findRole(db, request.params.id);
    if (!role) throw notFound();
    if (role.built_in) throw new AppError('built_in_role');
    const now = clock.now();
    const permissions = request.body.permissions ? [...new Set(request.body.permissions)].sort() : role.permissions;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('role')
        .set({ name_vi: request.body.nameVi ?? role.name_vi, name_en: request.body.nameEn ?? role.name_en, permissions, requires_mfa: requiresMfa(permissions), updated_at: now })
        .where('id', '=', role.id)
        .execute();
      // New permissions apply at the holders' next request; when they make the role an
      // administrator role, holders signed in without two-factor must enrol first.
      if (requiresMfa(permissions) && !role.requires_mfa) {
        await trx
          .updateTable('session')
          .set({ stage: 'mfa_enrol' })
          .where('revoked_at', 'is', null)
          .where('stage', '=', 'active')
          .where('user_id', 'in', (eb) =>
            eb.selectFrom('user_assignment as a').innerJoin('app_user as u', 'u.id', 'a.user_id').select('a.user_id').where('a.role_id', '=', role.id).where('u.totp_enabled', '=', false),
          )
          .execute();
      }
      await recordAudit(trx, originOf(request, now), {
        action: 'role.updated',
        targetType: 'role',
        targetId: role.id,
        before: { nameVi: role.name_vi, nameEn: role.name_en, permissions: role.permissions },
        after: { nameVi: request.body.nameVi ?? role.name_vi, nameEn: request.body.nameEn ?? role.name_en, permissions },
      });
    });
    return loadView(role.id);
  });

  r.delete('/api/roles/:id', { schema: { tags: ['roles'], summary: 'Xóa vai trò tùy chỉnh chưa được gán', params: idParams, response: { 200: okResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    if (!canManageRoles(auth)) throw notFound();
    const role = await findRole(db, request.params.id);
    if (!role) throw notFound();
    if (role.built_in) throw new AppError('built_in_role');
    const used = await db.selectFrom('user_assignment').select('id').where('role_id', '=', role.id).executeTakeFirst();
    if (used) throw new AppError('role_in_use');
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('role').where('id', '=', role.id).execute();
      await recordAudit(trx, originOf(request, now), { action: 'role.deleted', targetType: 'role', targetId: role.id, before: { code: role.code, permissions: role.permissions } });
    });
    return { ok: true as const };
  });
}
