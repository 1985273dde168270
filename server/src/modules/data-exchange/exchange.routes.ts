// Import and export of data values: POST /api/data-values/import (JSON/CSV in DHIS2's
// dataValueSets shape with codes, ADX, or XLSX — the form template or a dataValueSets
// sheet — with DHIS2's importStrategy), GET /api/data-values/import-jobs/:id (a large
// import's progress and report), GET /api/data-values/export (JSON/CSV/ADX) and GET /api/data-values/template.xlsx (the
// form as a spreadsheet, blank or filled).
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import { dataExportQuery, dataImportAccepted, dataImportQuery, dataImportReport, dataTemplateQuery, importJobView } from '@shared/schemas/data-exchange.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { XLSX_TYPE, readUpload } from '../../platform/http/upload.ts';
import { originOf } from '../audit/audit.repository.ts';
import { hasNationalPermission, hasPermission, requireAuth, scopeRoots } from '../auth/auth-context.ts';
import { findForm, isFormAssignedTo } from '../forms/forms.repository.ts';
import { assertCanViewValues } from '../data-values/data-values.policy.ts';
import { assertPeriodFits } from '../data-values/data-values.repository.ts';
import { parseImportFile } from './exchange-files.ts';
import { ADX_CONTENT_TYPE, exportAdx } from './adx.ts';
import { exportValues, toCsv } from './export.ts';
import { runImport, userActor } from './import.ts';
import { findImportJob, presentJob, settleImportJobs, startImportJob } from './jobs/import-values.job.ts';
import { buildDataTemplate, templateFileName } from './template.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 413: errorResponse };

const IMPORT_DESCRIPTION = `Tệp ở trường "file" (multipart/form-data), tối đa theo UPLOAD_LIMIT_BYTES.
- format=json: {"dataValues":[{"dataElement":"MÃ","period":"2026Q1","orgUnit":"MÃ","categoryOptionCombo":"MÃ","value":"12","comment":"…","deleted":false}]} (DHIS2 dataValueSets, mã thay cho id).
- format=csv: dòng tiêu đề DHIS2 dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted (bắt buộc dataelement, period, orgunit, value).
- format=xlsx: mẫu Excel tải từ /api/data-values/template.xlsx (ô trống bỏ qua), hoặc trang tính đầu có dòng tiêu đề như CSV.
- format=adx: IHE ADX (XML, không gian tên urn:ihe:qrph:adx:2015): <adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="MÃ" period="2026-01-01/P3M" dataSet="MÃ BIỂU"><dataValue dataElement="MÃ" value="12" SEX="NAM"><annotation>bình luận</annotation></dataValue></group></adx>. Kỳ viết bằng ngày đầu kỳ/độ dài (P1M tháng, P3M quý, P6M 6 tháng, P1Y năm, P1D ngày); tổ hợp phân tổ viết bằng các thuộc tính MÃ_PHÂN_TỔ="MÃ_PHƯƠNG_ÁN" (đủ các phân tổ của phần tử, không có thuộc tính nào khi phần tử không phân tổ); dataSet là mã biểu mẫu chứa phần tử. Số thứ tự dòng trong báo cáo lỗi là thứ tự của dataValue trong tệp (từ 1). Tệp có DOCTYPE/ENTITY, không đúng cú pháp XML hoặc sai phần tử gốc/không gian tên bị từ chối cả tệp (file_invalid_xml).
importStrategy (như DHIS2): create_and_update (mặc định) tạo mới và cập nhật; create chỉ ghi ô chưa có số liệu (ô đã có giá trị hoặc bình luận được đếm vào ignored, không đổi); update chỉ ghi ô đã có số liệu (ô chưa có: ignored); delete xóa các ô được liệt kê (giá trị trong tệp không cần; ô không có số liệu: ignored; mỗi ô xóa có một dòng lịch sử với giá trị mới rỗng). Mọi quy tắc phạm vi, biểu mẫu được giao, kỳ khóa, báo cáo đã gửi/duyệt áp dụng cho cả xóa.
Mã đơn vị là mã của đơn vị hiện hành (danh mục 2025, còn hiệu lực); mã trùng nhiều đơn vị bị từ chối (ambiguous_unit). Thiếu categoryOptionCombo: dùng tổ hợp mặc định khi phần tử không phân tổ. attributeOptionCombo, storedBy, lastUpdated, followup được bỏ qua. Số trong JSON/CSV viết dạng máy (1234.5); trong Excel nhập ô kiểu số hoặc kiểu Việt Nam (1.234,5). Bình luận trống: giữ bình luận cũ; giá trị trống (JSON null) hoặc deleted=true: xóa giá trị của ô.
Kiểm tra toàn bộ trước khi ghi; có dòng lỗi thì không ghi gì: 422 import_rejected, error.details là báo cáo (mỗi dòng lỗi: row, key, code — required, unknown_element, unknown_unit, ambiguous_unit, unknown_coc, invalid_period, invalid_value, ambiguous_number, out_of_scope, not_assigned, period_locked, period_future, submission_locked, duplicate_row, too_long — và thông báo tiếng Việt). dryRun=true chỉ kiểm tra và đếm số ô sẽ tạo, sửa, giữ nguyên, bỏ qua, xóa (created, updated, unchanged, ignored, deleted). Nhập lại cùng tệp với cùng importStrategy không thay đổi gì.
Tệp hỏng bị từ chối cả tệp (400): file_not_utf8, file_invalid_json, file_invalid_xml, file_bad_header, file_layout, file_formula (ô có công thức), file_cell_too_large (ô > 50 000 ký tự), file_zip_bomb, file_no_rows, invalid_file; quá dung lượng: 413 payload_too_large.
Tệp có hơn IMPORT_JOB_ROWS dòng (mặc định 5 000): 202 với jobId; theo dõi ở /api/data-values/import-jobs/{id}.`;

export async function dataExchangeRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  app.addHook('onClose', async () => settleImportJobs());

  r.post(
    '/api/data-values/import',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Nhập số liệu từ tệp JSON, CSV (dataValueSets), ADX (XML) hoặc XLSX (mẫu biểu); kiểm tra hết, ghi tất cả hoặc không ghi gì',
        description: IMPORT_DESCRIPTION,
        consumes: ['multipart/form-data'],
        body: z.unknown().optional().describe('multipart/form-data: trường "file"'),
        querystring: dataImportQuery,
        response: { 200: dataImportReport, 202: dataImportAccepted, ...errors, 422: errorResponse },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      if (!hasPermission(auth, 'data.enter')) throw new AppError('forbidden');
      const { format, importStrategy: strategy } = request.query;
      const dryRun = request.query.dryRun === 'true';
      const upload = await readUpload(request);
      const ext = (/\.([A-Za-z0-9]+)$/.exec(upload.fileName ?? '')?.[1] ?? '').toLowerCase();
      if (ext && ext !== format && !(format === 'csv' && ext === 'txt') && !(format === 'adx' && ext === 'xml')) throw new AppError('invalid_file');
      const sha256 = createHash('sha256').update(upload.data).digest('hex');
      const parsed = await parseImportFile(upload.data, format);
      if (parsed.rows.length === 0) throw new AppError('file_no_rows');
      const roots = hasNationalPermission(auth, 'data.enter') ? null : scopeRoots(auth, 'data.enter');
      const origin = originOf(request, ctx.clock.now());
      if (parsed.rows.length > ctx.config.IMPORT_JOB_ROWS) {
        const jobId = await startImportJob(ctx, { rows: parsed.rows, format, dryRun, strategy, fileName: upload.fileName, sha256, actor: userActor(auth.user.id), roots, origin });
        return reply.status(202).send({ jobId, total: parsed.rows.length });
      }
      return runImport(ctx, { rows: parsed.rows, dryRun, strategy, roots, actor: userActor(auth.user.id), origin, file: { name: upload.fileName, sha256, format } });
    },
  );

  r.get(
    '/api/data-values/import-jobs/:id',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Tiến độ và báo cáo của một lần nhập lớn (chạy nền): trạng thái, giai đoạn, số dòng đã kiểm tra và đã ghi',
        description: 'Chỉ người bắt đầu lần nhập (hoặc quản trị viên) xem được. state: queued, running, done, rejected (có dòng lỗi, báo cáo trong report), failed (error).',
        params: idParams,
        response: { 200: importJobView, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const job = await findImportJob(ctx, request.params.id);
      if (!job || (String(job.user_id) !== auth.user.id && !hasNationalPermission(auth, 'audit.read'))) throw notFound();
      return presentJob(job);
    },
  );

  /** The form (assigned to the unit unless children are asked for) and the unit, visible to the caller. */
  const loadScope = async (auth: ReturnType<typeof requireAuth>, q: { formId: string; unitId: string; period: string }, needAssigned: boolean) => {
    const [form, unit] = await Promise.all([findForm(db, q.formId), db.selectFrom('org_unit').select(['id', 'code', 'full_name', 'kind']).where('id', '=', q.unitId).executeTakeFirst()]);
    if (!form || !unit) throw notFound();
    await assertCanViewValues(ctx, auth, unit.id);
    if (needAssigned && !(await isFormAssignedTo(db, form.id, unit.id))) throw notFound();
    assertPeriodFits(form, q.period);
    return { form, unit };
  };

  // Files, not JSON only: declared on the untyped instance so the reply may be text or a Buffer.
  app.get(
    '/api/data-values/export',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Xuất số liệu của một biểu mẫu, đơn vị (và các đơn vị cấp dưới khi children=true), kỳ dạng dataValueSets (JSON hoặc CSV) hoặc ADX, dùng mã',
        description:
          'format=json: {"dataValues":[{"dataElement","period","orgUnit","categoryOptionCombo","value","storedBy","lastUpdated","comment"}]}. format=csv: UTF-8 có BOM, dòng tiêu đề DHIS2 dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted. format=adx: IHE ADX (application/adx+xml), mỗi đơn vị một <group orgUnit period="yyyy-mm-dd/P…" dataSet="mã biểu mẫu">, tổ hợp phân tổ viết bằng thuộc tính MÃ_PHÂN_TỔ="MÃ_PHƯƠNG_ÁN", bình luận trong <annotation>. Tệp xuất nhập lại được không thay đổi gì.',
        querystring: dataExportQuery,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const q = request.query as z.infer<typeof dataExportQuery>;
      const children = q.children === 'true';
      const { form, unit } = await loadScope(auth, q, !children);
      const query = { formId: form.id, unitId: unit.id, period: q.period, children };
      const base = `so-lieu-${form.code}-${unit.code}-${q.period}`.replace(/[^\w.-]/g, '_');
      if (q.format === 'adx') {
        return reply.header('content-type', ADX_CONTENT_TYPE).header('content-disposition', `attachment; filename="${base}.adx.xml"`).send(await exportAdx(db, query, ctx.clock.now()));
      }
      const values = await exportValues(db, query);
      if (q.format === 'csv') {
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${base}.csv"`).send(toCsv(values));
      }
      return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${base}.json"`).send(JSON.stringify({ dataValues: values }));
    },
  );

  app.get(
    '/api/data-values/template.xlsx',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Tải biểu mẫu dạng Excel cho một đơn vị và kỳ (trống hoặc kèm số liệu đã có), để điền rồi nhập lại',
        description: 'Bố cục như biểu mẫu: các phần, mỗi chỉ tiêu một dòng, mỗi tổ hợp phân tổ một cột; khóa ẩn (dòng 1, cột A) để đọc lại tệp; tiêu đề cố định; chỉ các ô nhập được mở khóa. Nhập lại qua POST /api/data-values/import?format=xlsx.',
        querystring: dataTemplateQuery,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const q = request.query as z.infer<typeof dataTemplateQuery>;
      const { form, unit } = await loadScope(auth, q, true);
      const file = await buildDataTemplate(db, { form, unit, period: q.period, filled: q.filled === 'true' });
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${templateFileName(form.code, unit.code, q.period)}"`).send(file);
    },
  );
}
