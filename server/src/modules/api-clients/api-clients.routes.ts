// Administration of API clients (issue 7): list, register (the secret is shown once),
// read, rotate the secret with an overlap window, revoke. Every change is audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import { apiClientBody, apiClientCredentials, apiClientView, revokeClientBody, rotateSecretBody, rotatedSecret } from '@shared/schemas/api-clients.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { canManageApiClients } from './api-clients.policy.ts';
import { presentClient } from './api-clients.presenter.ts';
import { type ApiClientRow, findClient, listClients, liveSecrets, unitsByIds } from './api-clients.repository.ts';
import { checkIpRange } from './credentials.ts';
import { createApiClient } from './commands/create-api-client.ts';
import { revokeApiClient } from './commands/revoke-api-client.ts';
import { rotateApiClientSecret } from './commands/rotate-api-client-secret.ts';

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
    return rows.map((row) => presentClient({ row, units, secrets, now }));
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
      const badRanges = (body.ipAllowList ?? []).map((v, i) => ({ v, i })).filter(({ v }) => !checkIpRange(v));
      if (badRanges.length > 0) {
        throw new AppError('validation_failed', {}, { fields: badRanges.map(({ i }) => ({ path: `body.ipAllowList.${i}`, message: 'Địa chỉ IP hoặc dải CIDR không hợp lệ (ví dụ 10.0.0.0/8)' })) });
      }
      const now = clock.now();
      if (body.expiresAt && new Date(body.expiresAt) <= now) {
        throw new AppError('validation_failed', {}, { fields: [{ path: 'body.expiresAt', message: 'Thời hạn phải ở tương lai' }] });
      }
      const known = new Set((await unitsByIds(db, body.unitIds)).map((u) => u.id));
      const unknown = body.unitIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new AppError('api_client_unknown_unit', { ids: unknown.join(', ') });
      const created = await createApiClient(db, originOf(request, now), body);
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
