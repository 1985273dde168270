// The public API /api/v1 (issue 7) for the LGSP/NDXP and other ministries' systems:
// OAuth 2.0 bearer tokens with scopes, the client's units only, per-client call limits,
// every call logged. Its own OpenAPI document at /api/v1/openapi.json (no token needed).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.ts';
import { installPublicApiEdge } from './v1.plugin.ts';
import { v1MetadataRoutes } from './v1-metadata.routes.ts';
import { v1DataRoutes } from './v1-data.routes.ts';

/** The OpenAPI document restricted to /api/v1 and /oauth (what an integrator needs). */
export function publicApiDocument(full: Record<string, unknown>): Record<string, unknown> {
  const paths = (full.paths ?? {}) as Record<string, unknown>;
  const info = full.info as Record<string, unknown>;
  return {
    ...full,
    info: {
      ...info,
      title: 'Trường Sơn — API dùng chung v1',
      description:
        'API chia sẻ dữ liệu cho nền tảng tích hợp LGSP/NDXP và CSDL chuyên ngành. Lấy token: POST /oauth/token (grant_type=client_credentials, consumer key và secret qua HTTP Basic), rồi gửi Authorization: Bearer <token>. ' +
        'Phân trang page/pageSize (pager và tiêu đề Link), chọn trường fields=..., ETag/If-None-Match và Last-Modified/If-Modified-Since (304). Hạn mức gọi theo từng ứng dụng: quá hạn mức trả 429 với Retry-After. Lỗi: { error: { code, message } }.',
    },
    security: [{ apiClientToken: [] }],
    paths: Object.fromEntries(Object.entries(paths).filter(([p]) => p.startsWith('/api/v1/') || p.startsWith('/oauth/'))),
  };
}

export async function publicApiRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  await installPublicApiEdge(app, ctx);
  await app.register(v1MetadataRoutes, { ctx });
  await app.register(v1DataRoutes, { ctx });
  app.get(
    '/api/v1/openapi.json',
    { schema: { tags: ['api-v1'], security: [], summary: 'Tài liệu OpenAPI 3.1 của API dùng chung v1 và /oauth (không cần token)', response: { 200: z.record(z.string(), z.unknown()) } } },
    async () => publicApiDocument(app.swagger() as unknown as Record<string, unknown>),
  );
}
