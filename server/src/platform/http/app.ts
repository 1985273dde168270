// Builds the HTTP server: security headers, compression, cookies, body limits, request ids,
// zod validation, OpenAPI 3.1 at /api/docs, health checks, the API modules and the web app.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from './context.ts';
import { trustProxySetting } from '../config.ts';
import { installErrorHandler } from './error-handler.ts';
import { installAuthContext } from '../../modules/auth/auth-context.ts';
import { authRoutes } from '../../modules/auth/auth.routes.ts';
import { usersRoutes } from '../../modules/users/users.routes.ts';
import { rolesRoutes } from '../../modules/roles/roles.routes.ts';
import { auditRoutes } from '../../modules/audit/audit.routes.ts';
import { orgUnitsRoutes } from '../../modules/org-units/org-units.routes.ts';
import { villagesRoutes } from '../../modules/org-units/villages.routes.ts';
import { unitGroupsRoutes } from '../../modules/org-units/unit-groups.routes.ts';
import { catalogRoutes } from '../../modules/catalog/catalog.routes.ts';
import { formsRoutes } from '../../modules/forms/forms.routes.ts';
import { dataValuesRoutes } from '../../modules/data-values/data-values.routes.ts';
import { dataExchangeRoutes } from '../../modules/data-exchange/exchange.routes.ts';
import { submissionsRoutes } from '../../modules/submissions/submissions.routes.ts';
import { completenessRoutes } from '../../modules/completeness/completeness.routes.ts';
import { notificationsRoutes } from '../../modules/notifications/notifications.routes.ts';
import { reportsRoutes } from '../../modules/aggregation/reports.routes.ts';
import { analyticsRoutes } from '../../modules/analytics/analytics.routes.ts';
import { lineageRoutes } from '../../modules/aggregation/lineage.routes.ts';
import { offlineRoutes } from '../../modules/offline/offline.routes.ts';
import { apiClientsRoutes } from '../../modules/api-clients/api-clients.routes.ts';
import { oauthRoutes } from '../../modules/api-clients/oauth.routes.ts';
import { remindersRoutes } from '../../modules/reminders/reminders.routes.ts';
import { publicApiRoutes } from '../../modules/public-api/public-api.routes.ts';
import { connectorsRoutes } from '../../modules/connectors/connectors.routes.ts';
import { webhooksRoutes } from '../../modules/webhooks/webhooks.routes.ts';
import { visualizationsRoutes } from '../../modules/dashboards/visualizations.routes.ts';
import { dashboardsRoutes } from '../../modules/dashboards/dashboards.routes.ts';
import { publicDashboardsRoutes } from '../../modules/dashboards/public-dashboards.routes.ts';
import { investmentsRoutes } from '../../modules/investments/investments.routes.ts';
import { documentsRoutes } from '../../modules/documents/documents.routes.ts';
import { mapsRoutes } from '../../modules/maps/maps.routes.ts';
import { tasksRoutes } from '../../modules/tasks/tasks.routes.ts';

/** Helmet's headers that only mean something on a document or a worker script. */
const DOCUMENT_ONLY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    trustProxy: trustProxySetting(ctx.config.TRUST_PROXY),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{6,64}$/.test(incoming) ? incoming : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    // Hashed web files go out lean (a first load fetches dozens of them over slow links).
    if (!request.url.startsWith('/assets/')) void reply.header('x-request-id', request.id);
    // API answers are not cached, unless the route says otherwise (/api/v1 revalidates with ETag).
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: ctx.config.COOKIE_SECURE === true,
  });
  // Slow mountain links: answers above 1 KB go out compressed (brotli, else gzip) when the
  // client accepts it. Brotli at quality 4 costs about what gzip does; the web app's
  // files are compressed at build time at the highest level (web/vite.config.ts) and sent as they are.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.UPLOAD_LIMIT_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trường Sơn API',
        version: '0.1.0',
        description: 'API của nền tảng số Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS&MN. Lỗi trả về { error: { code, message } } với mã ổn định dạng snake_case.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ts_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          // Other systems (issue 7): consumer key and secret at /oauth/*, then a bearer token.
          apiClientBasic: { type: 'http', scheme: 'basic', description: 'consumer key : consumer secret' },
          apiClientToken: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { 'units.read': 'Đọc đơn vị hành chính', 'data.read': 'Đọc số liệu', 'data.write': 'Ghi số liệu', 'analytics.read': 'Đọc số liệu phân tích' } } } },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  installErrorHandler(app);
  installAuthContext(app, ctx);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(authRoutes, { ctx });
  await app.register(usersRoutes, { ctx });
  await app.register(rolesRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(orgUnitsRoutes, { ctx });
  await app.register(villagesRoutes, { ctx });
  await app.register(unitGroupsRoutes, { ctx });
  await app.register(catalogRoutes, { ctx });
  await app.register(formsRoutes, { ctx });
  await app.register(dataValuesRoutes, { ctx });
  await app.register(dataExchangeRoutes, { ctx });
  await app.register(submissionsRoutes, { ctx });
  await app.register(completenessRoutes, { ctx });
  await app.register(notificationsRoutes, { ctx });
  await app.register(reportsRoutes, { ctx });
  await app.register(analyticsRoutes, { ctx });
  await app.register(lineageRoutes, { ctx });
  await app.register(offlineRoutes, { ctx });
  await app.register(apiClientsRoutes, { ctx });
  await app.register(oauthRoutes, { ctx });
  await app.register(remindersRoutes, { ctx });
  await app.register(publicApiRoutes, { ctx });
  await app.register(connectorsRoutes, { ctx });
  await app.register(webhooksRoutes, { ctx });
  await app.register(visualizationsRoutes, { ctx });
  await app.register(dashboardsRoutes, { ctx });
  await app.register(publicDashboardsRoutes, { ctx });
  await app.register(investmentsRoutes, { ctx });
  await app.register(documentsRoutes, { ctx });
  await app.register(mapsRoutes, { ctx });
  await app.register(tasksRoutes, { ctx });

  const webDist = path.join(ctx.config.projectRoot, 'web', 'dist');
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    // Hashed build files (assets/*) never change: cached for a year. Everything else — index.html,
    // the service worker (sw.js) and the manifest, which must reach the browser as soon as a new
    // build is out, the icons — is revalidated on every use. Files are sent as the build
    // compressed them (.br/.gz beside each) when the browser accepts it.
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      serve: true,
      prefix: '/',
      preCompressed: true,
      cacheControl: false,
      lastModified: false,
      acceptRanges: false,
      setHeaders: (res, filePath) => {
        const rel = path.relative(webDist, filePath).split(path.sep).join('/');
        const hashed = rel.startsWith('assets/');
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('vary', 'Accept-Encoding');
        // A script or style loaded by the page: the document's policies (CSP, framing, referrer…)
        // do not apply to it, so it goes without them (about 600 bytes less on each of the
        // dozens of files of a first load). index.html and the service worker keep them.
        // (`res` is the raw ServerResponse, where Helmet put them; the type shows only part of it.)
        if (hashed) for (const h of DOCUMENT_ONLY_HEADERS) (res as unknown as ServerResponse).removeHeader(h);
      },
    });
    // Client-side routes get the app shell; unknown /api paths stay JSON 404s.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || request.method !== 'GET') {
        return reply.status(404).send({ error: { code: 'not_found', message: 'Không tìm thấy hoặc bạn không có quyền truy cập.' } });
      }
      void reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
  return app;
}
