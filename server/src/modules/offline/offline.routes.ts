// The offline package under /api/offline (issue 8): one download with everything the
// data-entry screen reads for the caller's units, and its size beforehand.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { offlinePackage, offlinePackageQuery, offlinePackageSummary } from '@shared/schemas/offline.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { buildOfflinePackage, summarize } from './offline-package.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function offlineRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/offline/package',
    {
      schema: {
        tags: ['offline'],
        summary: 'Gói dữ liệu làm việc ngoại tuyến: đơn vị, biểu mẫu được giao (kèm quy tắc kiểm tra), các kỳ, số liệu và trạng thái báo cáo của các kỳ đang mở',
        querystring: offlinePackageQuery,
        response: { 200: offlinePackage, ...errors },
      },
    },
    async (request) => buildOfflinePackage(ctx, requireAuth(request), request.query.unitId),
  );

  r.get(
    '/api/offline/package/summary',
    {
      schema: {
        tags: ['offline'],
        summary: 'Quy mô gói dữ liệu ngoại tuyến trước khi tải: số đơn vị, biểu mẫu, kỳ, ô số liệu và dung lượng (byte, nén gzip)',
        querystring: offlinePackageQuery,
        response: { 200: offlinePackageSummary, ...errors },
      },
    },
    async (request) => summarize(await buildOfflinePackage(ctx, requireAuth(request), request.query.unitId)),
  );
}
