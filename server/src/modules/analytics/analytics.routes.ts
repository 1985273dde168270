// Analytics under /api/analytics: GET with the request in the query string (JSON, CSV or
// the pivot as XLSX — links and other systems), POST /api/analytics/query with the
// request as JSON (the pivot, charts, maps and dashboards). Figures only within the
// caller's analytics.read scope; file exports are audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analyticsQueryString, analyticsRequest, analyticsResponse, requestFromQueryString } from '@shared/schemas/analytics.ts';
import { errorResponse } from '@shared/schemas/common.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { XLSX_TYPE } from '../../platform/http/upload.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { attachmentDisposition } from '../aggregation/consolidated-xlsx.ts';
import { analyticsCsv, analyticsFileName, analyticsWorkbook } from './analytics-export.ts';
import { analyticsAccess } from './analytics.policy.ts';
import { cachedAnalytics } from './analytics-cache.ts';

/** Cache-Control: no-cache asks for an answer computed now, not a kept one. */
export const noCache = (request: FastifyRequest) => /no-cache|no-store/i.test(String(request.headers['cache-control'] ?? ''));

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

const DESCRIPTION =
  'Chiều: dx (in:MÃ_CHỈ_SỐ — tính sau khi tổng hợp tử số/mẫu số × hệ số; de:MÃ_PHẦN_TỬ hoặc de:MÃ.MÃ_TỔ_HỢP; cr:MÃ_BIỂU tỷ lệ nộp, crt:MÃ_BIỂU tỷ lệ đúng hạn), ' +
  'pe (2025Q3, 2025S1, 2025, 202507 hoặc THIS_QUARTER, LAST_QUARTER, LAST_4_QUARTERS, THIS_YEAR, LAST_YEAR, LAST_5_YEARS… theo giờ Việt Nam), ' +
  'ou (mã số đơn vị; USER_ORGUNIT, USER_ORGUNIT_CHILDREN, CHILDREN-<id>, LEVEL-province|district|commune, GROUP-<mã nhóm>), phân tổ (co=SEX hoặc co=ETHNIC:KINH;THAI). ' +
  'rows/columns/filters: chiều nào ở dòng, cột, bộ lọc (bộ lọc gộp các mục lại). totals=true: thêm dòng tổng và tổng phụ (mục TOTAL). ' +
  'hierarchy: 2025 hoặc pre2025; approvedOnly: chỉ số liệu đã duyệt. Chỉ trả số liệu trong phạm vi quyền analytics.read của người gọi.';

export async function analyticsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {

  // The answer leaves as the JSON string made with it (declared on the untyped instance).
  app.post(
    '/api/analytics/query',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Phân tích số liệu: chỉ số, phần tử dữ liệu, tỷ lệ nộp báo cáo theo đơn vị, kỳ và phân tổ (JSON)',
        description: DESCRIPTION,
        body: analyticsRequest,
        response: { 200: analyticsResponse, ...errors },
      },
    },
    async (request: FastifyRequest, reply) => {
      const auth = requireAuth(request);
      const body = request.body as z.input<typeof analyticsRequest>;
      const answer = await cachedAnalytics(ctx, analyticsAccess(auth), body, requestLanguage(request), { fresh: noCache(request) });
      // Already JSON (made once per answer, kept with it): sent as it is.
      return reply.type('application/json; charset=utf-8').send(answer.json);
    },
  );

  // Files as well as JSON: declared on the untyped instance so the reply may be a Buffer.
  app.get(
    '/api/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Phân tích số liệu qua tham số URL; format=json (mặc định), csv, hoặc xlsx (bảng tổng hợp theo bố cục dòng/cột, cố định tiêu đề)',
        description: `${DESCRIPTION} Danh sách trong một tham số cách nhau bằng dấu chấm phẩy (dx=in:A;in:B), các chiều trong rows/columns/filters cách nhau bằng dấu phẩy.`,
        querystring: analyticsQueryString,
        produces: ['application/json', 'text/csv', XLSX_TYPE],
        response: { 200: z.unknown().meta({ description: 'JSON như POST /api/analytics/query, hoặc tệp CSV/XLSX' }), ...errors },
      },
    },
    async (request: FastifyRequest, reply) => {
      const auth = requireAuth(request);
      const q = request.query as z.output<typeof analyticsQueryString>;
      const lang = q.lang ?? requestLanguage(request);
      const answer = await cachedAnalytics(ctx, analyticsAccess(auth), requestFromQueryString(q), lang, { fresh: noCache(request) });
      const result = answer.value;
      const format = q.format ?? 'json';
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(answer.json);
      const now = ctx.clock.now();
      await recordAudit(ctx.db, originOf(request, now), {
        action: 'analytics.exported',
        unitId: null,
        details: { format, dx: result.request.dx, pe: result.request.pe, units: result.request.ou.length, rows: result.rows.length },
      });
      if (format === 'csv') {
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachmentDisposition(analyticsFileName('csv', now))).send(analyticsCsv(result, lang));
      }
      const file = await analyticsWorkbook(result, { now, lang });
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachmentDisposition(analyticsFileName('xlsx', now))).send(file);
    },
  );
}
