// A user's channels per notification kind (in-app always on, e-mail on/off, e-mail one by
// one or in the daily digest), and the
// e-mail outbox for administrators (national audit.read or user.manage holders): every
// e-mail the system made, sent or not — with no SMTP_URL this is where they are read.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { mailOutboxQuery, mailOutboxResponse, notificationPreferencesBody, notificationPreferencesResponse, PREFERENCE_KINDS } from '@shared/schemas/reminders.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, requireAuth } from '../auth/auth-context.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export async function remindersRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  async function preferencesOf(userId: string) {
    const [user, rows] = await Promise.all([
      db.selectFrom('app_user').select('email').where('id', '=', userId).executeTakeFirstOrThrow(),
      db.selectFrom('notification_preference').select(['kind', 'email', 'digest']).where('user_id', '=', userId).execute(),
    ]);
    const byKind = new Map(rows.map((x) => [x.kind, x]));
    return {
      hasEmail: Boolean(user.email),
      items: PREFERENCE_KINDS.map((kind) => ({ kind, inApp: true as const, email: byKind.get(kind)?.email ?? true, digest: byKind.get(kind)?.digest ?? false })),
    };
  }

  r.get(
    '/api/notification-preferences',
    { schema: { tags: ['notifications'], summary: 'Kênh nhận thông báo của tôi theo loại (trong ứng dụng luôn bật; e-mail bật/tắt)', response: { 200: notificationPreferencesResponse, ...errors } } },
    async (request) => preferencesOf(requireAuth(request).user.id),
  );

  r.put(
    '/api/notification-preferences',
    { schema: { tags: ['notifications'], summary: 'Chọn kênh nhận thông báo theo loại', body: notificationPreferencesBody, response: { 200: notificationPreferencesResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const now = ctx.clock.now();
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('notification_preference').select(['kind', 'email', 'digest']).where('user_id', '=', auth.user.id).execute();
        await trx
          .insertInto('notification_preference')
          .values(request.body.items.map((i) => ({ user_id: auth.user.id, kind: i.kind, email: i.email, digest: i.digest ?? false })))
          .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ email: eb.ref('excluded.email'), digest: eb.ref('excluded.digest') })))
          .execute();
        await recordAudit(trx, originOf(request, now), {
          action: 'notification_preference.update',
          targetType: 'user',
          targetId: auth.user.id,
          unitId: null,
          before: Object.fromEntries(before.map((b) => [b.kind, { email: b.email, digest: b.digest }])),
          after: Object.fromEntries(request.body.items.map((i) => [i.kind, { email: i.email, digest: i.digest ?? false }])),
        });
      });
      return preferencesOf(auth.user.id);
    },
  );

  r.get(
    '/api/mail-outbox',
    { schema: { tags: ['notifications'], summary: 'Hộp thư đi: mọi e-mail hệ thống tạo ra, đã gửi hay chưa (quản trị)', querystring: mailOutboxQuery, response: { 200: mailOutboxResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      if (!hasNationalPermission(auth, 'audit.read') && !hasNationalPermission(auth, 'user.manage')) throw new AppError('forbidden');
      const q = request.query;
      let base = db.selectFrom('mail_outbox');
      if (q.state) base = base.where('state', '=', q.state);
      const [rows, total] = await Promise.all([
        base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        smtpConfigured: Boolean(ctx.config.SMTP_URL),
        total: Number(total.n),
        items: rows.map((m) => ({
          id: m.id,
          kind: m.kind,
          to: m.to_address,
          subject: m.subject,
          body: m.body,
          state: m.state,
          attempts: m.attempts,
          nextAttemptAt: m.state === 'pending' || m.state === 'sending' ? m.next_attempt_at.toISOString() : null,
          lastError: m.last_error,
          createdAt: m.created_at.toISOString(),
          sentAt: m.sent_at?.toISOString() ?? null,
        })),
      };
    },
  );
}
