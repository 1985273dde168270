// GET /api/reports/lineage: a unit's yearly figures next to its predecessors' or successors'.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { lineageQuery, lineageResponse } from '@shared/schemas/reports.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { unitLineage } from './lineage.ts';

export async function lineageRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/reports/lineage',
    {
      schema: {
        tags: ['reports'],
        summary: 'Số liệu theo năm của một đơn vị cùng các đơn vị tiền thân (hoặc kế thừa) qua sắp xếp đơn vị hành chính 2025',
        querystring: lineageQuery,
        response: { 200: lineageResponse, 400: errorResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request) => unitLineage(ctx, requireAuth(request), request.query.unitId, request.query.formId),
  );
}
