// Org-unit groups ("xã vùng DTTS&MN", "thôn ĐBKK"…): one national list that every
// signed-in user reads; national unit administrators create and rename groups; any
// administrator puts the units they manage in or out of a group.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, pagingQuery } from '@shared/schemas/common.ts';
import { groupBody, groupDetail, groupListResponse, groupMembersBody, groupMembersResult, groupUpdateBody, groupView, unitListResponse } from '@shared/schemas/units.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { changeGroupMembers, createGroup, updateGroup } from './commands/unit-groups.ts';
import { findAncestorNames } from './org-units.repository.ts';
import { assertCanManageGroups, assertCanManageUnits, canChangeGroupMembers, canManageGroups, viewScope } from './org-units.policy.ts';
import { presentUnit } from './org-units.presenter.ts';
import { presentGroup } from './unit-groups.presenter.ts';
import { findGroup, listGroups, listMembers } from './unit-groups.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const membersQuery = z.object({ ...pagingQuery }).strict();

export async function unitGroupsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  const loadGroup = async (auth: AuthContext, id: string) => {
    const group = await findGroup(db, id, viewScope(auth));
    if (!group) throw notFound();
    return group;
  };

  r.get('/api/unit-groups', { schema: { tags: ['unit-groups'], summary: 'Danh sách nhóm đơn vị (số thành viên trong phạm vi của người dùng)', response: { 200: groupListResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const rows = await listGroups(db, viewScope(auth));
    return { items: rows.map(presentGroup), abilities: { manage: canManageGroups(auth) } };
  });

  r.post('/api/unit-groups', { schema: { tags: ['unit-groups'], summary: 'Tạo nhóm đơn vị (quản trị đơn vị cấp trung ương)', body: groupBody, response: { 201: groupView, ...errors } } }, async (request, reply) => {
    const auth = requireAuth(request);
    assertCanManageGroups(auth);
    const id = await createGroup(ctx, request, request.body);
    return reply.status(201).send(presentGroup(await loadGroup(auth, id)));
  });

  r.get('/api/unit-groups/:id', { schema: { tags: ['unit-groups'], summary: 'Một nhóm đơn vị (số thành viên trong phạm vi của người dùng) và những gì người dùng được làm', params: idParams, response: { 200: groupDetail, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const group = await loadGroup(auth, request.params.id);
    return { ...presentGroup(group), abilities: { manage: canManageGroups(auth), changeMembers: canChangeGroupMembers(auth) } };
  });

  r.patch('/api/unit-groups/:id', { schema: { tags: ['unit-groups'], summary: 'Sửa tên, mô tả nhóm đơn vị (quản trị đơn vị cấp trung ương)', params: idParams, body: groupUpdateBody, response: { 200: groupView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    assertCanManageGroups(auth);
    const group = await loadGroup(auth, request.params.id);
    await updateGroup(ctx, request, group.id, request.body);
    return presentGroup(await loadGroup(auth, group.id));
  });

  r.get(
    '/api/unit-groups/:id/members',
    { schema: { tags: ['unit-groups'], summary: 'Thành viên của nhóm trong phạm vi của người dùng', params: idParams, querystring: membersQuery, response: { 200: unitListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const group = await loadGroup(auth, request.params.id);
      const { rows, total } = await listMembers(db, group.id, viewScope(auth), request.query.limit, request.query.offset);
      // Members carry their parents' names, as search results do: "Tỉnh Gia Lai › Xã Ia Grai".
      const ancestors = await findAncestorNames(db, rows.map((u) => u.id));
      return { items: rows.map((u) => ({ ...presentUnit(u), path: ancestors.get(u.id) ?? [] })), total };
    },
  );

  const changeMembers = async (request: FastifyRequest, groupId: string, unitIds: string[], op: 'add' | 'remove') => {
    const auth = requireAuth(request);
    const group = await loadGroup(auth, groupId);
    await assertCanManageUnits(ctx, auth, unitIds);
    const changed = await changeGroupMembers(ctx, request, group.id, unitIds, op);
    return { group: presentGroup(await loadGroup(auth, group.id)), changed };
  };

  r.post(
    '/api/unit-groups/:id/members',
    { schema: { tags: ['unit-groups'], summary: 'Thêm đơn vị vào nhóm (mọi đơn vị phải thuộc phạm vi quản lý; tất cả hoặc không)', params: idParams, body: groupMembersBody, response: { 200: groupMembersResult, ...errors } } },
    async (request) => changeMembers(request, request.params.id, request.body.unitIds, 'add'),
  );
  r.delete(
    '/api/unit-groups/:id/members',
    { schema: { tags: ['unit-groups'], summary: 'Bỏ đơn vị khỏi nhóm (mọi đơn vị phải thuộc phạm vi quản lý; tất cả hoặc không)', params: idParams, body: groupMembersBody, response: { 200: groupMembersResult, ...errors } } },
    async (request) => changeMembers(request, request.params.id, request.body.unitIds, 'remove'),
  );
}
