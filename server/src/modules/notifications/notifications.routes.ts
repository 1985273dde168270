// The caller's in-app notifications: newest first with the unread count (the bell),
// mark one or all read. Only one's own notifications are visible (others: 404).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse } from '@shared/schemas/common.ts';
import { notificationListQuery, notificationListResponse } from '@shared/schemas/submissions.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { countUnread, listNotifications, markAllRead, markRead } from './notifications.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export async function notificationsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  r.get(
    '/api/notifications',
    { schema: { tags: ['notifications'], summary: 'Thông báo của tôi (mới nhất trước) và số chưa đọc', querystring: notificationListQuery, response: { 200: notificationListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const [rows, unread] = await Promise.all([
        listNotifications(db, auth.user.id, { unreadOnly: request.query.unread === 'true', limit: request.query.limit }),
        countUnread(db, auth.user.id),
      ]);
      return {
        unread,
        items: rows.map((n) => ({ id: n.id, kind: n.kind, params: n.params, link: n.link, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null })),
      };
    },
  );

  r.post(
    '/api/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: 'Đánh dấu một thông báo đã đọc', params: idParams, response: { 200: okResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      if (!(await markRead(db, auth.user.id, request.params.id, ctx.clock.now()))) throw notFound();
      return { ok: true as const };
    },
  );

  r.post(
    '/api/notifications/read-all',
    { schema: { tags: ['notifications'], summary: 'Đánh dấu mọi thông báo đã đọc', response: { 200: z.object({ updated: z.number().int() }), ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      return { updated: await markAllRead(db, auth.user.id, ctx.clock.now()) };
    },
  );
}
