// Consolidated reports under /api/reports: a form's totals for a unit and its children in
// either hierarchy view, and the units a caller can start from in each view.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { consolidatedQuery, consolidatedResponse, reportRootsQuery, reportRootsResponse } from '@shared/schemas/reports.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { consolidatedReport } from './consolidated-report.ts';
import { reportRoots } from './report-roots.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export async function reportsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/reports/consolidated',
    {
      schema: {
        tags: ['reports'],
        summary: 'Báo cáo tổng hợp: tổng của đơn vị và từng đơn vị trực thuộc cho một biểu mẫu và kỳ (kỳ của biểu mẫu hoặc kỳ dài hơn), theo hệ thống đơn vị 2025 hoặc trước 2025',
        description:
          'Mỗi số là số liệu của chính đơn vị cộng với số liệu các đơn vị cấp dưới (và các đơn vị cũ/mới theo bảng kế thừa, có trọng số), ' +
          'gộp theo kiểu tổng hợp của phần tử (tổng, trung bình có trọng số, giá trị cuối kỳ, nhỏ nhất, lớn nhất, số lượng). ' +
          'Số vừa lưu có ngay trong tổng (cập nhật trong cùng giao dịch). approvedOnly=true: chỉ số liệu của báo cáo đã duyệt.',
        querystring: consolidatedQuery,
        response: { 200: consolidatedResponse, ...errors },
      },
    },
    async (request) => consolidatedReport(ctx, requireAuth(request), request.query),
  );

  r.get(
    '/api/reports/roots',
    {
      schema: {
        tags: ['reports'],
        summary: 'Các đơn vị cao nhất người dùng được xem trong một hệ thống đơn vị (2025 hoặc trước 2025)',
        querystring: reportRootsQuery,
        response: { 200: reportRootsResponse, 401: errorResponse, 400: errorResponse },
      },
    },
    async (request) => ({ items: await reportRoots(ctx, requireAuth(request), request.query.view) }),
  );
}
