// Administration of API clients (issue 7): list, register (the secret is shown once),
// read, rotate the secret with an overlap window, revoke. Every change is audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import { type ApiClientPatch, apiCallsQuery, apiCallsView, apiClientBody, apiClientCredentials, apiClientPatch, apiClientView, revokeClientBody, rotateSecretBody, rotatedSecret } from '@shared/schemas/api-clients.ts';
import { DAY } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { canManageApiClients } from './api-clients.policy.ts';
import { presentClient } from './api-clients.presenter.ts';
import { type ApiClientRow, callStats, findClient, listClients, liveSecrets, recentCalls, unitsByIds, usageByClients } from './api-clients.repository.ts';
import { checkIpRange } from './credentials.ts';
import { createApiClient } from './commands/create-api-client.ts';
import { revokeApiClient } from './commands/revoke-api-client.ts';
import { rotateApiClientSecret } from './commands/rotate-api-client-secret.ts';
import { updateApiClient } from './commands/update-api-client.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const tags = ['api-clients'];

function authorize(auth: AuthContext): void {
  if (!canManageApiClients(auth)) throw new AppError('forbidden');
}

export async function apiClientsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  const present = async (rows: ApiClientRow[]) => {
    const now = clock.now();
    const units = new Map((await unitsByIds(db, [...new Set(rows.flatMap((x) => x.unit_ids))])).map((u) => [u.id, u]));
    const secrets = await liveSecrets(db, rows.map((x) => x.id), now);
    const usage = await usageByClients(db, rows.map((x) => x.id), new Date(now.getTime() - DAY));
    return rows.map((row) => presentClient({ row, units, secrets, usage, now }));
  };
  /** The checks a registration or an edit shares: address ranges, a future expiry, known units. */
  const checkBody = async (body: ApiClientPatch) => {
    const badRanges = (body.ipAllowList ?? []).map((v, i) => ({ v, i })).filter(({ v }) => !checkIpRange(v));
    if (badRanges.length > 0) {
      throw new AppError('validation_failed', {}, { fields: badRanges.map(({ i }) => ({ path: `body.ipAllowList.${i}`, message: 'Địa chỉ IP hoặc dải CIDR không hợp lệ (ví dụ 10.0.0.0/8)' })) });
    }
    if (body.expiresAt && new Date(body.expiresAt) <= clock.now()) {
      throw new AppError('validation_failed', {}, { fields: [{ path: 'body.expiresAt', message: 'Thời hạn phải ở tương lai' }] });
    }
    if (body.unitIds) {
      const known = new Set((await unitsByIds(db, body.unitIds)).map((u) => u.id));
      const unknown = body.unitIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new AppError('api_client_unknown_unit', { ids: unknown.join(', ') });
    }
  };
  const load = async (id: string) => {
    const row = await findClient(db, id);
    if (!row) throw notFound();
    return row;
  };

  r.get('/api/api-clients', { schema: { tags, summary: 'Danh sách ứng dụng kết nối (LGSP/NDXP, CSDL chuyên ngành)', response: { 200: z.object({ items: z.array(apiClientView) }), ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    authorize(auth);
    return { items: await present(await listClients(db)) };
  });

  r.post(
    '/api/api-clients',
    { schema: { tags, summary: 'Đăng ký ứng dụng kết nối; trả về consumer key và secret (chỉ hiển thị một lần)', body: apiClientBody, response: { 201: apiClientCredentials, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      authorize(auth);
      const body = request.body;
      await checkBody(body);
      const created = await createApiClient(db, originOf(request, clock.now()), { ...body, rateLimitPerMinute: body.rateLimitPerMinute ?? ctx.config.API_RATE_LIMIT_PER_MINUTE });
      const [client] = await present([await load(created.id)]);
      return reply.status(201).send({ client, consumerKey: created.consumerKey, consumerSecret: created.consumerSecret });
    },
  );

  r.get('/api/api-clients/:id', { schema: { tags, summary: 'Chi tiết ứng dụng kết nối', params: idParams, response: { 200: apiClientView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    authorize(auth);
    const [client] = await present([await load(request.params.id)]);
    return client;
  });

  r.patch(
    '/api/api-clients/:id',
    { schema: { tags, summary: 'Sửa thông tin, phạm vi, đơn vị, IP được phép, thời hạn hoặc hạn mức gọi của ứng dụng kết nối', params: idParams, body: apiClientPatch, response: { 200: apiClientView, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const row = await load(request.params.id);
      if (row.revoked_at) throw new AppError('api_client_revoked');
      await checkBody(request.body);
      await updateApiClient(db, originOf(request, clock.now()), row, request.body);
      const [client] = await present([await load(row.id)]);
      return client;
    },
  );

  r.get(
    '/api/api-clients/:id/calls',
    {
      schema: {
        tags,
        summary: 'Các lần gọi /api/v1 gần đây của ứng dụng: tổng hợp 24 giờ (số lượt, lỗi, tỉ lệ lỗi, p95), theo từng điểm cuối, và danh sách mới nhất',
        params: idParams,
        querystring: apiCallsQuery,
        response: { 200: apiCallsView, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const row = await load(request.params.id);
      const since = new Date(clock.now().getTime() - DAY);
      const [stats, items, usage] = await Promise.all([
        callStats(db, row.id, since),
        recentCalls(db, row.id, { limit: request.query.limit, errorsOnly: request.query.errorsOnly === 'true' }),
        usageByClients(db, [row.id], since),
      ]);
      const total = stats.find((s) => s.route === null) ?? { calls: 0, errors: 0, p95Ms: null };
      return {
        summary: { windowHours: 24, calls: total.calls, errors: total.errors, errorRate: total.calls > 0 ? total.errors / total.calls : 0, p95Ms: total.p95Ms, lastCallAt: usage.get(row.id)?.last_call_at?.toISOString() ?? null },
        byRoute: stats.filter((s) => s.route !== null).map((s) => ({ method: s.method ?? '', route: s.route ?? '', calls: s.calls, errors: s.errors, p95Ms: s.p95Ms })),
        items: items.map((c) => ({ id: c.id, at: c.at.toISOString(), method: c.method, route: c.route, url: c.url, status: c.status, durationMs: c.duration_ms, rows: c.rows, ip: c.ip, requestId: c.request_id })),
      };
    },
  );

  r.post(
    '/api/api-clients/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'Cấp secret mới; secret cũ còn dùng được trong thời gian chuyển tiếp (mặc định 60 phút)',
        params: idParams,
        body: rotateSecretBody,
        response: { 200: rotatedSecret, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const row = await load(request.params.id);
      if (row.revoked_at) throw new AppError('api_client_revoked');
      const rotated = await rotateApiClientSecret(db, originOf(request, clock.now()), row.id, request.body.overlapMinutes);
      const [client] = await present([await load(row.id)]);
      return { client, consumerKey: row.consumer_key, consumerSecret: rotated.consumerSecret, previousValidUntil: rotated.previousValidUntil.toISOString() };
    },
  );

  r.post(
    '/api/api-clients/:id/revoke',
    { schema: { tags, summary: 'Thu hồi ứng dụng kết nối: secret và mọi token hết hiệu lực ngay', params: idParams, body: revokeClientBody, response: { 200: apiClientView, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      authorize(auth);
      const row = await load(request.params.id);
      if (row.revoked_at) throw new AppError('api_client_revoked');
      await revokeApiClient(db, originOf(request, clock.now()), row.id, request.body.reason || null);
      const [client] = await present([await load(row.id)]);
      return client;
    },
  );
}
