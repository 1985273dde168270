// Consolidated reports under /api/reports: a form's totals for a unit and its children in
// either hierarchy view, and the units a caller can start from in each view.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { consolidatedQuery, consolidatedResponse, reportRootsQuery, reportRootsResponse, type ConsolidatedQuery } from '@shared/schemas/reports.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { XLSX_TYPE } from '../../platform/http/upload.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { consolidatedReport, userReportAccess } from './consolidated-report.ts';
import { attachmentDisposition, consolidatedXlsx } from './consolidated-xlsx.ts';
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
    async (request) => consolidatedReport(ctx, userReportAccess(ctx, requireAuth(request)), request.query),
  );

  // A file, not JSON: declared on the untyped instance so the reply may be a Buffer
  // (Fastify sends a Buffer as is; the 200 schema is for the documentation).
  app.get(
    '/api/reports/consolidated.xlsx',
    {
      schema: {
        tags: ['reports'],
        summary: 'Tải báo cáo tổng hợp dạng Excel (XLSX), cùng tham số và cùng kiểm tra quyền như /api/reports/consolidated',
        description:
          'Dòng tiêu đề (biểu mẫu, đơn vị, kỳ, hệ thống đơn vị, phạm vi số liệu, ngày lập), tiêu đề bảng gộp ô nhiều tầng (phần → chỉ tiêu → tổ hợp phân tổ khi disaggregate=true), ' +
          'cố định dòng tiêu đề và cột đơn vị, dòng tổng in đậm ở đầu bảng; số lưu dạng số (định dạng #,##0 hoặc #,##0.0# cho số trung bình, số thập phân). ' +
          'Tên tệp: bao-cao-tong-hop_<mã biểu mẫu>_<mã đơn vị>_<kỳ>.xlsx.',
        querystring: consolidatedQuery,
        produces: [XLSX_TYPE],
        response: { 200: z.string().meta({ format: 'binary', description: 'Tệp XLSX' }), ...errors },
      },
    },
    async (request, reply) => {
      const { file, fileName } = await consolidatedXlsx(ctx, requireAuth(request), request.query as ConsolidatedQuery);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachmentDisposition(fileName)).send(file);
    },
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
