// The OAuth 2.0 authorization server for API clients: POST /oauth/token (client
// credentials grant, RFC 6749 §4.4), /oauth/revoke (RFC 7009), /oauth/introspect
// (RFC 7662). These sit outside /api: no session cookie, no CSRF token (the session
// hook only looks at /api/ paths) — the client authenticates itself on every call.
// Bodies are application/x-www-form-urlencoded, accepted only in this plugin's scope
// (so /api routes keep refusing form posts, the classic CSRF vector); answers and
// errors are shaped exactly as the RFCs say, not as the { error: { code } } of /api.
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  introspectionRequest,
  introspectionResponse,
  oauthError,
  type OAuthErrorCode,
  revocationRequest,
  tokenRequest,
  tokenResponse,
} from '@shared/schemas/api-clients.ts';
import { MINUTE } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { authenticateClient, countAuthFailures, findToken, tokenActive } from './api-clients.repository.ts';
import { digest, newAccessToken, parseBasic, parseScope, plainIp } from './credentials.ts';

const REALM = 'Basic realm="truongson", charset="UTF-8"';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(error);
  }
}

const invalidRequest = (description: string) => new OAuthError('invalid_request', description);

interface ClientParams {
  client_id?: string;
  client_secret?: string;
}

export interface AuthenticatedClient {
  id: string;
  consumerKey: string;
  scopes: string[];
}

const errorSchemas = { 400: oauthError, 401: oauthError, 429: oauthError, 500: oauthError };
const consumes = ['application/x-www-form-urlencoded'];
// HTTP Basic, or credentials in the body (no header scheme to name for that).
const security: { [label: string]: string[] }[] = [{ apiClientBasic: [] }, {}];

export async function oauthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db, clock, config } = ctx;
  await app.register(formbody);
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Tokens and errors must never be cached (RFC 6749 §5.1).
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    void reply.header('pragma', 'no-cache');
  });

  // RFC 6749 §4.4.2: form-encoded only (the JSON parser inherited from the app would accept JSON).
  app.addHook('preValidation', async (request) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') throw invalidRequest('Yêu cầu phải là biểu mẫu application/x-www-form-urlencoded.');
  });

  app.setErrorHandler((error: FastifyError | OAuthError, request, reply) => {
    if (error instanceof OAuthError) {
      return reply.status(error.status).headers(error.headers).send({ error: error.error, error_description: error.description });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = [...new Set(error.validation.map((v) => v.instancePath.replace(/^\//, '').split('/')[0]).filter(Boolean))];
      const description = fields.length > 0 ? `Tham số không hợp lệ hoặc bị lặp lại: ${fields.join(', ')}.` : 'Yêu cầu phải là biểu mẫu application/x-www-form-urlencoded.';
      return reply.status(400).send({ error: 'invalid_request', error_description: description });
    }
    const fe = error as FastifyError;
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(400).send({ error: 'invalid_request', error_description: 'Yêu cầu phải là biểu mẫu application/x-www-form-urlencoded hợp lệ.' });
    }
    request.log.error({ err: error }, 'oauth endpoint failed');
    return reply.status(500).send({ error: 'server_error', error_description: `Lỗi hệ thống; mã yêu cầu ${String(request.id)}.` });
  });

  /** RFC 6749 §2.3.1: HTTP Basic or client_id/client_secret in the body — never both. */
  async function authenticate(request: FastifyRequest, body: ClientParams): Promise<AuthenticatedClient> {
    const now = clock.now();
    const ip = plainIp(request.ip);
    const basic = parseBasic(request.headers.authorization);
    if (basic && basic !== 'malformed' && body.client_secret !== undefined) {
      throw invalidRequest('Chỉ được dùng một cách xác thực ứng dụng: HTTP Basic hoặc client_id/client_secret trong nội dung, không dùng cả hai.');
    }
    if (basic && basic !== 'malformed' && body.client_id !== undefined && body.client_id !== basic.id) {
      throw invalidRequest('client_id trong nội dung khác với client_id trong HTTP Basic.');
    }
    // 401 with a challenge when Basic was tried or nothing was sent; 400 for body credentials (RFC 6749 §5.2).
    const viaBody = !basic && (body.client_id !== undefined || body.client_secret !== undefined);
    const fail = (description: string) => new OAuthError('invalid_client', description, viaBody ? 400 : 401, viaBody ? {} : { 'www-authenticate': REALM });

    const windowStart = new Date(now.getTime() - config.LOGIN_WINDOW_MINUTES * MINUTE);
    if (ip && (await countAuthFailures(db, ip, windowStart)) >= config.LOGIN_MAX_PER_IP) {
      const seconds = config.LOGIN_WINDOW_MINUTES * 60;
      throw new OAuthError('temporarily_unavailable', `Quá nhiều lần xác thực ứng dụng sai từ địa chỉ này. Thử lại sau ${seconds} giây.`, 429, { 'retry-after': String(seconds) });
    }
    if (basic === 'malformed') throw fail('Tiêu đề Authorization Basic không đúng dạng.');
    const id = basic ? basic.id : body.client_id;
    const secret = basic ? basic.secret : body.client_secret;
    if (!id || !secret) throw fail('Thiếu thông tin xác thực ứng dụng (consumer key và secret).');

    const result = await authenticateClient(db, id, secret, now, ip);
    if (!result.ok) {
      await recordAudit(db, originOf(request, now), {
        action: 'oauth.client_auth_failed',
        actor: null,
        targetType: 'api_client',
        targetId: result.clientId,
        details: { consumerKey: id.slice(0, 100), reason: result.reason, method: basic ? 'basic' : 'body', endpoint: request.url },
      });
      const description =
        result.reason === 'revoked'
          ? 'Ứng dụng đã bị thu hồi.'
          : result.reason === 'expired'
            ? 'Ứng dụng đã hết thời hạn sử dụng.'
            : result.reason === 'ip_not_allowed'
              ? 'Địa chỉ IP gọi đến không nằm trong danh sách được phép của ứng dụng.'
              : 'Consumer key hoặc secret không đúng.';
      throw fail(description);
    }
    return result.client;
  }

  r.post(
    '/oauth/token',
    {
      schema: {
        tags: ['oauth'],
        summary: 'Cấp access token theo OAuth 2.0 client credentials (RFC 6749 §4.4); xác thực bằng HTTP Basic hoặc client_id/client_secret',
        consumes,
        security,
        body: tokenRequest,
        response: { 200: tokenResponse, ...errorSchemas },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const client = await authenticate(request, body);
      if (!body.grant_type) throw invalidRequest('Thiếu tham số grant_type.');
      if (body.grant_type !== 'client_credentials') {
        throw new OAuthError('unsupported_grant_type', `Loại cấp quyền "${body.grant_type.slice(0, 50)}" không được hỗ trợ; chỉ hỗ trợ client_credentials.`);
      }
      const scope = parseScope(body.scope, client.scopes);
      if (!scope.ok) {
        throw new OAuthError(
          'invalid_scope',
          scope.reason === 'malformed' ? 'Tham số scope không đúng dạng (các phạm vi cách nhau một dấu cách).' : `Ứng dụng không được cấp phạm vi "${scope.scope ?? ''}".`,
        );
      }
      const now = clock.now();
      const ttl = config.OAUTH_TOKEN_TTL_SECONDS;
      const token = newAccessToken();
      const expiresAt = new Date(now.getTime() + ttl * 1000);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_token')
          .values({ token_hash: digest(token), client_id: client.id, scopes: scope.scopes, issued_at: now, expires_at: expiresAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, originOf(request, now), {
          action: 'oauth.token_issued',
          actor: null,
          targetType: 'api_client',
          targetId: client.id,
          details: { consumerKey: client.consumerKey, tokenId: row.id, scopes: scope.scopes, expiresAt: expiresAt.toISOString() },
        });
      });
      return reply.status(200).send({ access_token: token, token_type: 'Bearer' as const, expires_in: ttl, scope: scope.scopes.join(' ') });
    },
  );

  r.post(
    '/oauth/revoke',
    {
      schema: {
        tags: ['oauth'],
        summary: 'Thu hồi access token (RFC 7009); luôn trả 200, kể cả với token không tồn tại',
        consumes,
        security,
        body: revocationRequest,
        response: { 200: z.object({}), ...errorSchemas },
      },
    },
    async (request) => {
      const body = request.body;
      const client = await authenticate(request, body);
      if (!body.token) throw invalidRequest('Thiếu tham số token.');
      const token = await findToken(db, body.token);
      // Another client's token is left alone, and the answer does not say it exists.
      if (token && token.client_id === client.id && !token.revoked_at) {
        const now = clock.now();
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('api_token').set({ revoked_at: now }).where('id', '=', token.id).execute();
          await recordAudit(trx, originOf(request, now), { action: 'oauth.token_revoked', actor: null, targetType: 'api_client', targetId: client.id, details: { consumerKey: client.consumerKey, tokenId: token.id } });
        });
      }
      return {};
    },
  );

  r.post(
    '/oauth/introspect',
    {
      schema: {
        tags: ['oauth'],
        summary: 'Kiểm tra access token (RFC 7662); ứng dụng chỉ xem được token của chính mình',
        consumes,
        security,
        body: introspectionRequest,
        response: { 200: introspectionResponse, ...errorSchemas },
      },
    },
    async (request) => {
      const body = request.body;
      const client = await authenticate(request, body);
      if (!body.token) throw invalidRequest('Thiếu tham số token.');
      const token = await findToken(db, body.token);
      if (!token || token.client_id !== client.id || !tokenActive(token, clock.now())) return { active: false };
      return {
        active: true,
        scope: token.scopes.join(' '),
        client_id: token.consumer_key,
        token_type: 'Bearer' as const,
        exp: Math.floor(token.expires_at.getTime() / 1000),
        iat: Math.floor(token.issued_at.getTime() / 1000),
      };
    },
  );
}
