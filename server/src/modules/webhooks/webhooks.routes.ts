// Administration of webhooks (issue 7): subscriptions (the signing secret is shown once,
// at creation and rotation), edits, enabling/disabling, deletion, a test "ping", the
// delivery log and redelivery. National api_client.manage only; every change audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  type WebhookPatch,
  webhookBody,
  webhookDeliveriesQuery,
  webhookDeliveryParams,
  webhookDeliveryView,
  webhookPatch,
  webhookView,
  webhookWithSecret,
} from '@shared/schemas/webhooks.ts';
import { DAY } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { outboundProblemOnSave } from '../../platform/outbound.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { createWebhook, deleteWebhook, pingWebhook, redeliver, rotateWebhookSecret, updateWebhook } from './commands/manage-webhook.ts';
import { dispatchDueDeliveries } from './dispatcher.ts';
import { nudgeWebhooks } from './events.ts';
import { canManageWebhooks } from './webhooks.policy.ts';
import { presentDelivery, presentSubscription } from './webhooks.presenter.ts';
import {
  type SubscriptionRow,
  clientsByIds,
  deliveryStats,
  findDelivery,
  findSubscription,
  formsByIds,
  listDeliveries,
  listSubscriptions,
  liveUnitsByIds,
  unitsOutside,
} from './webhooks.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const tags = ['webhooks'];

function authorize(auth: AuthContext): void {
  if (!canManageWebhooks(auth)) throw new AppError('forbidden');
}

export async function webhooksRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  const present = async (rows: SubscriptionRow[]) => {
    const [units, forms, clients, stats] = await Promise.all([
      liveUnitsByIds(db, [...new Set(rows.flatMap((x) => x.unit_ids))]),
      formsByIds(db, [...new Set(rows.flatMap((x) => x.form_ids ?? []))]),
      clientsByIds(db, [...new Set(rows.flatMap((x) => (x.api_client_id ? [x.api_client_id] : [])))]),
      deliveryStats(db, rows.map((x) => x.id), new Date(clock.now().getTime() - DAY)),
    ]);
    const refs = {
      units: new Map(units.map((u) => [u.id, u])),
      forms: new Map(forms.map((f) => [f.id, f])),
      clients: new Map(clients.map((c) => [c.id, c])),
      stats,
    };
    return rows.map((row) => presentSubscription(row, refs));
  };
  const load = async (id: string) => {
    const row = await findSubscription(db, id);
    if (!row) throw notFound();
    return row;
  };
  const presentOne = async (id: string) => (await present([await load(id)]))[0]!;

  /**
   * An address we may send to (platform/outbound.ts: not this machine, not link-local or
   * cloud metadata …), units current and known, forms known, and a live API client whose
   * units bound the subscription's (a revoked or expired client's cannot be re-enabled).
   */
  const checkRefs = async (body: WebhookPatch, row?: SubscriptionRow) => {
    if (body.url !== undefined) {
      const problem = await outboundProblemOnSave(ctx.config, body.url);
      if (problem) throw new AppError('validation_failed', {}, { fields: [{ path: 'body.url', message: problem }] });
    }
    if (body.unitIds) {
      const known = new Set((await liveUnitsByIds(db, body.unitIds)).map((u) => u.id));
      const unknown = body.unitIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new AppError('webhook_unknown_unit', { ids: unknown.join(', ') });
    }
    if (body.formIds) {
      const known = new Set((await formsByIds(db, body.formIds)).map((f) => f.id));
      const unknown = body.formIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new AppError('webhook_unknown_form', { ids: unknown.join(', ') });
    }
    const clientId = body.apiClientId !== undefined ? body.apiClientId : (row?.api_client_id ?? null);
    if (clientId) {
      const [client] = await clientsByIds(db, [clientId]);
      const ended = client?.revoked_at || (client?.expires_at && client.expires_at <= clock.now());
      if (!client || ((body.apiClientId || body.active === true) && ended)) throw new AppError('webhook_unknown_client');
      const outside = await unitsOutside(db, body.unitIds ?? row?.unit_ids ?? [], client.unit_ids);
      if (outside.length > 0) throw new AppError('webhook_units_outside_client', { ids: outside.join(', ') });
    }
  };

  r.get('/api/webhooks', { schema: { tags, summary: 'Danh sách đăng ký webhook', response: { 200: z.object({ items: z.array(webhookView) }), ...errors } } }, async (request) => {
    authorize(requireAuth(request));
    return { items: await present(await listSubscriptions(db)) };
  });

  r.post(
    '/api/webhooks',
    { schema: { tags, summary: 'Đăng ký webhook: URL nhận sự kiện; trả về khóa ký (chỉ hiển thị một lần)', body: webhookBody, response: { 201: webhookWithSecret, ...errors } } },
    async (request, reply) => {
      authorize(requireAuth(request));
      await checkRefs(request.body);
      const created = await createWebhook(ctx, originOf(request, clock.now()), request.body);
      return reply.status(201).send({ subscription: await presentOne(created.id), secret: created.secret });
    },
  );

  r.get('/api/webhooks/:id', { schema: { tags, summary: 'Chi tiết đăng ký webhook', params: idParams, response: { 200: webhookView, ...errors } } }, async (request) => {
    authorize(requireAuth(request));
    return presentOne(request.params.id);
  });

  r.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Sửa đăng ký webhook (tên, URL, sự kiện, biểu mẫu, đơn vị, ứng dụng); active=false tạm dừng, active=true bật lại và xóa đếm lỗi',
        params: idParams,
        body: webhookPatch,
        response: { 200: webhookView, ...errors },
      },
    },
    async (request) => {
      authorize(requireAuth(request));
      const row = await load(request.params.id);
      await checkRefs(request.body, row);
      await updateWebhook(ctx, originOf(request, clock.now()), row, request.body);
      return presentOne(row.id);
    },
  );

  r.delete('/api/webhooks/:id', { schema: { tags, summary: 'Xóa đăng ký webhook cùng nhật ký gửi', params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    authorize(requireAuth(request));
    const row = await load(request.params.id);
    await deleteWebhook(ctx, originOf(request, clock.now()), row);
    return reply.status(204).send(null);
  });

  r.post(
    '/api/webhooks/:id/rotate-secret',
    { schema: { tags, summary: 'Cấp khóa ký mới (khóa cũ hết hiệu lực ngay); trả về khóa mới một lần', params: idParams, response: { 200: webhookWithSecret, ...errors } } },
    async (request) => {
      authorize(requireAuth(request));
      const row = await load(request.params.id);
      const secret = await rotateWebhookSecret(ctx, originOf(request, clock.now()), row);
      return { subscription: await presentOne(row.id), secret };
    },
  );

  r.post(
    '/api/webhooks/:id/ping',
    { schema: { tags, summary: 'Gửi ngay một sự kiện thử (ping) và trả về kết quả lần gửi', params: idParams, response: { 200: webhookDeliveryView, ...errors } } },
    async (request) => {
      authorize(requireAuth(request));
      const row = await load(request.params.id);
      const deliveryId = await pingWebhook(ctx, originOf(request, clock.now()), row);
      await dispatchDueDeliveries(ctx, { ids: [deliveryId] });
      return presentDelivery((await findDelivery(db, row.id, deliveryId))!);
    },
  );

  r.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Nhật ký gửi của một đăng ký webhook, mới nhất trước: trạng thái, số lần thử, mã phản hồi, thời gian, lần thử kế tiếp',
        params: idParams,
        querystring: webhookDeliveriesQuery,
        response: { 200: z.object({ items: z.array(webhookDeliveryView) }), ...errors },
      },
    },
    async (request) => {
      authorize(requireAuth(request));
      const row = await load(request.params.id);
      return { items: (await listDeliveries(db, row.id, request.query)).map(presentDelivery) };
    },
  );

  r.post(
    '/api/webhooks/:id/deliveries/:deliveryId/redeliver',
    { schema: { tags, summary: 'Gửi lại một sự kiện (lần gửi mới, cùng mã sự kiện)', params: webhookDeliveryParams, response: { 201: webhookDeliveryView, ...errors } } },
    async (request, reply) => {
      authorize(requireAuth(request));
      const row = await load(request.params.id);
      const original = await findDelivery(db, row.id, request.params.deliveryId);
      if (!original) throw notFound();
      const id = await redeliver(ctx, originOf(request, clock.now()), row, original);
      nudgeWebhooks();
      return reply.status(201).send(presentDelivery((await findDelivery(db, row.id, id))!));
    },
  );
}
