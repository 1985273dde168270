// The public API's edge (/api/v1, issue 7): every route declares the scope it needs in
// `config.scope`; this plugin checks the bearer token for it (RFC 6750), applies the
// client's call limit (429 with Retry-After), and logs every call of a known client —
// route, status, duration, rows — in api_call, after the answer has gone out.
// Exchange bodies (CSV, ADX/XML) arrive as raw bytes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { ApiScope } from '@shared/schemas/api-clients.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { type BearerClient, verifyBearer } from '../api-clients/bearer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API client a valid bearer token identified (routes under /api/v1 only). */
    apiClient: BearerClient | null;
    /** Records the call returned or wrote, for the call log. */
    apiRows: number | null;
  }
  interface FastifyContextConfig {
    /** The OAuth scope a /api/v1 route requires; a route without one is public (the API description). */
    scope?: ApiScope;
  }
}

const BEARER_ERRORS = {
  invalid_request: 'invalid_authorization',
  invalid_token: 'invalid_token',
  insufficient_scope: 'insufficient_scope',
} as const;

/** The client the route's hook authenticated; a route with a scope always has one. */
export function clientOf(request: FastifyRequest): BearerClient {
  if (!request.apiClient) throw new AppError('token_required');
  return request.apiClient;
}

export async function installPublicApiEdge(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.decorateRequest('apiClient', null);
  app.decorateRequest('apiRows', null);
  app.addContentTypeParser(['text/csv', 'application/csv', 'application/xml', 'text/xml', 'application/adx+xml'], { parseAs: 'buffer', bodyLimit: ctx.config.UPLOAD_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    const result = await verifyBearer(ctx.db, request.headers.authorization, scope, { now: ctx.clock.now(), ip: request.ip });
    if (result.ok) {
      request.apiClient = result.client;
      return;
    }
    void reply.header('www-authenticate', result.wwwAuthenticate);
    throw new AppError(result.error === null ? 'token_required' : BEARER_ERRORS[result.error], { scope });
  });

  // After the token check (preHandler), so the limit counts the client's calls, whatever its address.
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: 60_000,
    max: (request: FastifyRequest) => request.apiClient?.rateLimitPerMinute ?? 60,
    keyGenerator: (request: FastifyRequest) => (request.apiClient ? `client:${request.apiClient.clientId}` : `ip:${request.ip}`),
    allowList: (request: FastifyRequest) => !request.routeOptions.config.scope,
    errorResponseBuilder: (_request, context) => new AppError('too_many_requests', { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const client = request.apiClient;
    if (!client) return;
    try {
      await ctx.db
        .insertInto('api_call')
        .values({
          client_id: client.clientId,
          at: ctx.clock.now(),
          method: request.method,
          route: request.routeOptions.url ?? request.url.split('?')[0]!,
          url: request.url.slice(0, 2000),
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime * 10) / 10,
          rows: request.apiRows,
          ip: request.ip ?? null,
          request_id: String(request.id),
        })
        .execute();
    } catch (err) {
      request.log.error({ err }, 'api call log failed');
    }
  });
}
