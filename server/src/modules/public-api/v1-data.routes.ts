// /api/v1 data: values in the client's units (read, paged), data value sets in and out
// (DHIS2 JSON/CSV with code identifiers, ADX), one-value writes, import jobs,
// completeness and the consolidated report. Writes go through the same import path as
// the screen's file import — complete validation first (scope, assignment, open period,
// value type, frozen reports), all-or-nothing, audited with the client as the actor.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tryParsePeriod } from '@shared/engine/periods.ts';
import { dataImportAccepted, dataImportReport, importJobView, importStrategy } from '@shared/schemas/data-exchange.ts';
import { completenessRow } from '@shared/schemas/completeness.ts';
import { consolidatedResponse } from '@shared/schemas/reports.ts';
import { analyticsQueryString, analyticsResponse, requestFromQueryString } from '@shared/schemas/analytics.ts';
import { errorResponse } from '@shared/schemas/common.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuditOrigin } from '../audit/audit.repository.ts';
import type { BearerClient } from '../api-clients/bearer.ts';
import { consolidatedReport } from '../aggregation/consolidated-report.ts';
import { cachedAnalytics } from '../analytics/analytics-cache.ts';
import { noCache } from '../analytics/analytics.routes.ts';
import { completenessCounts, dueRules, findCurrentUnit } from '../completeness/completeness.repository.ts';
import { presentRow } from '../completeness/completeness.presenter.ts';
import { duesFor } from '../completeness/due-instants.ts';
import { ADX_CONTENT_TYPE, exportAdx } from '../data-exchange/adx.ts';
import { type ImportRow, parseImportFile } from '../data-exchange/exchange-files.ts';
import { exportValues, toCsv } from '../data-exchange/export.ts';
import { clientActor, runImport } from '../data-exchange/import.ts';
import { findImportJob, presentJob, startImportJob } from '../data-exchange/jobs/import-values.job.ts';
import { assertPeriodFits } from '../data-values/data-values.repository.ts';
import { isUnitInScope } from '../org-units/scope.repository.ts';
import { clientOf } from './v1.plugin.ts';
import { V1_ERRORS, v1Security } from './v1-metadata.routes.ts';
import { codeList, notModified, offsetOf, paged, pager, pagingQuery, selectFields, sendCached } from './v1.support.ts';
import * as repo from './v1.repository.ts';

const tags = ['api-v1'];
const boolText = z.enum(['true', 'false']).default('false');
const code = z.string().trim().min(1).max(50);

const valueItem = z.object({
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  categoryOptionCombo: z.string(),
  value: z.string().nullable(),
  comment: z.string().nullable(),
  approved: z.boolean(),
  /** The cell was cleared (only listed with updatedSince, so a sync learns of it). */
  deleted: z.boolean(),
  lastUpdated: z.string(),
});
const VALUE_FIELDS = Object.keys(valueItem.shape);

/** The audit origin of a client's call: the client is the actor (no user). */
function clientOrigin(request: FastifyRequest, client: BearerClient, at: Date): AuditOrigin {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null, requestId: String(request.id), actor: { id: null, username: `api:${client.consumerKey}` }, at };
}

/** A unit by code inside the client's units (404 otherwise, like a unit that does not exist). */
async function unitInClientScope(ctx: AppContext, client: BearerClient, unitCode: string, hierarchy: '2025' | 'pre2025' = '2025') {
  const unit = await repo.findUnitByCode(ctx.db, client.unitIds, unitCode, hierarchy);
  if (!unit) throw notFound();
  return unit;
}

export async function v1DataRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  r.get(
    '/api/v1/dataValues',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Số liệu trong phạm vi của ứng dụng: theo đơn vị (và cấp dưới), kỳ, biểu mẫu hoặc chỉ tiêu, thời điểm cập nhật',
        description: 'orgUnit: một hoặc nhiều mã đơn vị (children=true lấy cả cấp dưới). period: danh sách mã kỳ (2025, 2025S1, 2025Q3, 202507). dataSet (mã biểu mẫu) hoặc dataElement (danh sách mã). updatedSince: chỉ số liệu sửa từ thời điểm đó (đồng bộ tăng dần). approvedOnly=true: chỉ số liệu của báo cáo đã duyệt.',
        querystring: z
          .object({
            ...pagingQuery,
            orgUnit: codeList,
            /** Whose codes orgUnit holds: 2025 units (default) or pre-2025 ones (data entered before the reorganisation). */
            hierarchy: z.enum(['2025', 'pre2025']).default('2025'),
            children: boolText,
            period: codeList.optional(),
            dataSet: code.optional(),
            dataElement: codeList.optional(),
            updatedSince: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional(),
            approvedOnly: boolText,
          })
          .strict(),
        response: { 200: z.object({ pager, items: z.array(valueItem.partial()) }), 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const q = request.query;
      if (q.orgUnit.length === 0 || q.orgUnit.length > 100) throw new AppError('validation_failed', {}, { fields: [{ path: 'querystring.orgUnit', message: 'Cần 1 đến 100 mã đơn vị' }] });
      const badPeriod = (q.period ?? []).find((p) => !tryParsePeriod(p).ok);
      if (badPeriod) throw new AppError('validation_failed', {}, { fields: [{ path: 'querystring.period', message: `Mã kỳ không hợp lệ: ${badPeriod}` }] });
      const units = await Promise.all(q.orgUnit.map((c) => unitInClientScope(ctx, client, c, q.hierarchy)));
      let elementIds: string[] | null = null;
      if (q.dataSet) {
        const form = await repo.findFormByCode(db, q.dataSet);
        if (!form) throw notFound();
        elementIds = (await db.selectFrom('form_element').select('data_element_id').where('form_id', '=', form.id).execute()).map((e) => String(e.data_element_id));
      }
      if (q.dataElement) {
        const found = await repo.elementIdsByCodes(db, q.dataElement);
        if (found.length !== q.dataElement.length) throw notFound();
        const ids = found.map((e) => String(e.id));
        elementIds = elementIds === null ? ids : elementIds.filter((id) => ids.includes(id));
      }
      const { total, rows } = await repo.listValues(
        db,
        client.unitIds,
        { elementIds, unitIds: units.map((u) => u.id), children: q.children === 'true', hierarchy: q.hierarchy, periods: q.period ?? null, updatedSince: q.updatedSince, approvedOnly: q.approvedOnly === 'true' },
        { limit: q.pageSize, offset: offsetOf(q) },
      );
      const items = rows.map((v) => ({ dataElement: v.de, period: v.period, orgUnit: v.ou, categoryOptionCombo: v.coc, value: v.value, comment: v.comment, approved: v.approved, deleted: v.value === null && v.comment === null, lastUpdated: v.updated_at.toISOString() }));
      const body = paged(request, reply, q, total, selectFields(items, q.fields, VALUE_FIELDS));
      return sendCached(request, reply, body, null);
    },
  );

  /** Imports rows as the client: small sets at once, large ones (or async=true) as a job. */
  const importAsClient = async (
    request: FastifyRequest,
    client: BearerClient,
    input: { rows: ImportRow[]; format: 'json' | 'csv' | 'adx'; dryRun: boolean; strategy: z.infer<typeof importStrategy>; sha256: string; async: boolean },
  ) => {
    if (input.rows.length === 0) throw new AppError('file_no_rows');
    const origin = clientOrigin(request, client, ctx.clock.now());
    const actor = clientActor(client.clientId);
    request.apiRows = input.rows.length;
    if (input.async || input.rows.length > ctx.config.IMPORT_JOB_ROWS) {
      const jobId = await startImportJob(ctx, { rows: input.rows, format: input.format, dryRun: input.dryRun, strategy: input.strategy, fileName: null, sha256: input.sha256, actor, roots: client.unitIds, origin });
      return { status: 202 as const, body: { jobId, total: input.rows.length } };
    }
    const report = await runImport(ctx, { rows: input.rows, dryRun: input.dryRun, strategy: input.strategy, roots: client.unitIds, actor, origin, file: { name: null, sha256: input.sha256, format: input.format } });
    return { status: 200 as const, body: report };
  };

  r.post(
    '/api/v1/dataValueSets',
    {
      config: { scope: 'data.write' },
      bodyLimit: ctx.config.UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        security: v1Security('data.write'),
        summary: 'Nhập bộ số liệu: JSON hoặc CSV (dataValueSets, mã) hoặc ADX (XML); kiểm tra hết, ghi tất cả hoặc không ghi gì',
        description:
          'Content-Type: application/json, text/csv hoặc application/adx+xml (application/xml). dryRun=true chỉ kiểm tra và đếm. importStrategy: create_and_update (mặc định), create, update, delete. ' +
          'Có dòng lỗi thì không ghi gì: 422 import_rejected, error.details là báo cáo từng dòng. Bộ lớn hơn IMPORT_JOB_ROWS dòng (hoặc async=true) chạy nền: 202 với jobId, xem GET /api/v1/jobs/{id}. Nhập lại cùng dữ liệu không thay đổi gì.',
        querystring: z.object({ dryRun: boolText, importStrategy: importStrategy.default('create_and_update'), async: boolText }).strict(),
        body: z.unknown().describe('dataValueSets JSON {"dataValues": [...]}, CSV với tiêu đề của DHIS2, hoặc ADX'),
        response: { 200: dataImportReport, 202: dataImportAccepted, ...V1_ERRORS, 413: errorResponse, 415: errorResponse, 422: errorResponse },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = type === 'application/json' ? 'json' : type === 'text/csv' || type === 'application/csv' ? 'csv' : type.endsWith('xml') ? 'adx' : null;
      if (!format) throw new AppError('unsupported_media_type');
      const data = Buffer.isBuffer(request.body) ? request.body : Buffer.from(JSON.stringify(request.body ?? null), 'utf8');
      const parsed = await parseImportFile(data, format);
      const sha256 = createHash('sha256').update(data).digest('hex');
      const q = request.query;
      const result = await importAsClient(request, client, { rows: parsed.rows, format, dryRun: q.dryRun === 'true', strategy: q.importStrategy, sha256, async: q.async === 'true' });
      return reply.status(result.status).send(result.body);
    },
  );

  r.post(
    '/api/v1/dataValues',
    {
      config: { scope: 'data.write' },
      schema: {
        tags,
        security: v1Security('data.write'),
        summary: 'Ghi một giá trị (như một bộ số liệu một dòng): cùng các quy tắc phạm vi, kỳ mở, khóa và phê duyệt',
        body: z
          .object({
            dataElement: code,
            period: z.string().trim().min(4).max(10),
            orgUnit: code,
            categoryOptionCombo: z.string().trim().max(50).optional(),
            value: z.union([z.string().max(50_000), z.number(), z.boolean(), z.null()]),
            comment: z.string().max(2000).nullable().optional(),
          })
          .strict(),
        response: { 200: dataImportReport, ...V1_ERRORS, 422: errorResponse },
      },
    },
    async (request) => {
      const client = clientOf(request);
      const b = request.body;
      const row: ImportRow = { row: 1, dataElement: b.dataElement, period: b.period, orgUnit: b.orgUnit, coc: b.categoryOptionCombo ?? '', value: b.value, lang: 'en', comment: b.comment ?? null, deleted: false };
      const sha256 = createHash('sha256').update(JSON.stringify(b)).digest('hex');
      const result = await importAsClient(request, client, { rows: [row], format: 'json', dryRun: false, strategy: 'create_and_update', sha256, async: false });
      return result.body as z.infer<typeof dataImportReport>;
    },
  );

  r.get(
    '/api/v1/jobs/:id',
    {
      config: { scope: 'data.write' },
      schema: {
        tags,
        security: v1Security('data.write'),
        summary: 'Tiến độ và báo cáo cuối của một lần nhập chạy nền của ứng dụng',
        params: z.object({ id: z.string().regex(/^\d{1,18}$/) }).strict(),
        response: { 200: importJobView, ...V1_ERRORS },
      },
    },
    async (request) => {
      const client = clientOf(request);
      const job = await findImportJob(ctx, request.params.id);
      if (!job || String(job.api_client_id) !== client.clientId) throw notFound();
      return presentJob(job);
    },
  );

  const exportQuery = z.object({ dataSet: code, orgUnit: code, period: z.string().trim().min(4).max(10), children: boolText, format: z.enum(['json', 'csv', 'adx']).default('json') }).strict();
  // JSON, CSV or XML: declared on the untyped instance so the reply may be any of them.
  app.get(
    '/api/v1/dataValueSets',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Xuất bộ số liệu của một biểu mẫu, một đơn vị (và cấp dưới), một kỳ: JSON, CSV hoặc ADX; nhập lại được nguyên trạng',
        description: 'format=json: {"dataValues": [...]} (dataValueSets của DHIS2, mã); csv: tiêu đề DHIS2, UTF-8 có BOM; adx: IHE ADX (application/adx+xml). Có ETag và Last-Modified: gửi If-None-Match để nhận 304 khi không đổi.',
        querystring: exportQuery,
        response: { 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const client = clientOf(request);
      const q = request.query as z.infer<typeof exportQuery>;
      const [form, unit] = await Promise.all([repo.findFormByCode(db, q.dataSet), unitInClientScope(ctx, client, q.orgUnit)]);
      if (!form) throw notFound();
      assertPeriodFits(form, q.period);
      const query = { formId: form.id, unitId: unit.id, period: q.period, children: q.children === 'true' };
      const values = await exportValues(db, query);
      // The validator is the values themselves: an ADX file also carries its export time.
      if (notModified(request, reply, { format: q.format, values }, null)) {
        request.apiRows = 0;
        return reply.status(304).send();
      }
      request.apiRows = values.length;
      if (q.format === 'adx') return reply.type(ADX_CONTENT_TYPE).send(await exportAdx(db, query, ctx.clock.now()));
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(values));
      return { dataValues: values };
    },
  );

  r.get(
    '/api/v1/completeness',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Tiến độ nộp báo cáo của một biểu mẫu, một kỳ: đơn vị và từng đơn vị cấp dưới (phải nộp, đã nộp, đúng hạn, trễ, đã duyệt)',
        querystring: z.object({ dataSet: code, period: z.string().trim().min(4).max(10), orgUnit: code }).strict(),
        response: { 200: z.object({ dataSet: z.string(), period: z.string(), total: completenessRow, children: z.array(completenessRow) }), 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const q = request.query;
      const form = await repo.findFormByCode(db, q.dataSet);
      if (!form) throw notFound();
      assertPeriodFits(form, q.period);
      const scoped = await unitInClientScope(ctx, client, q.orgUnit);
      const unit = await findCurrentUnit(db, scoped.id);
      if (!unit || unit.valid_to !== null || unit.hierarchy === 'pre2025') throw notFound();
      const dues = duesFor(q.period, await dueRules(db, [form.id]));
      const rows = await completenessCounts(db, { formId: form.id, period: q.period, unitId: unit.id, dues, now: ctx.clock.now() });
      const children = rows.filter((x) => !x.is_total && x.expected > 0).map(presentRow);
      request.apiRows = children.length + 1;
      return sendCached(request, reply, { dataSet: form.code, period: q.period, total: presentRow(rows.find((x) => x.is_total)!), children }, null);
    },
  );

  r.get(
    '/api/v1/reports/consolidated',
    {
      config: { scope: 'analytics.read' },
      schema: {
        tags,
        security: v1Security('analytics.read'),
        summary: 'Báo cáo tổng hợp một biểu mẫu, một kỳ: tổng của đơn vị và từng đơn vị cấp dưới, theo cách tổng hợp của từng chỉ tiêu; hệ thống 2025 hoặc trước 2025',
        querystring: z
          .object({ dataSet: code, orgUnit: code, period: z.string().trim().min(4).max(10), hierarchy: z.enum(['2025', 'pre2025']).optional(), approvedOnly: boolText, disaggregate: boolText })
          .strict(),
        response: { 200: consolidatedResponse, 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const q = request.query;
      const [form, unit] = await Promise.all([repo.findFormByCode(db, q.dataSet), unitInClientScope(ctx, client, q.orgUnit, q.hierarchy ?? '2025')]);
      if (!form) throw notFound();
      const access = {
        roots: client.unitIds,
        assertCanView: async (unitId: string) => {
          if (!(await isUnitInScope(db, client.unitIds, unitId))) throw notFound();
        },
      };
      const report = await consolidatedReport(ctx, access, { formId: form.id, unitId: unit.id, period: q.period, view: q.hierarchy, approvedOnly: q.approvedOnly === 'true', disaggregate: q.disaggregate === 'true' });
      request.apiRows = report.rows.length;
      return sendCached(request, reply, report, null);
    },
  );
  r.get(
    '/api/v1/analytics',
    {
      config: { scope: 'analytics.read' },
      schema: {
        tags,
        security: v1Security('analytics.read'),
        summary: 'Phân tích số liệu (chỉ số tính sau tổng hợp, phần tử dữ liệu, tỷ lệ nộp báo cáo) theo đơn vị, kỳ và phân tổ — như GET /api/analytics, đơn vị ghi bằng mã (ou=52;CHILDREN-52;LEVEL-commune)',
        description:
          'dx=in:MÃ;de:MÃ;cr:MÃ_BIỂU, pe=2025Q3;LAST_4_QUARTERS, ou: mã đơn vị (GSO), CHILDREN-<mã>, LEVEL-province|district|commune, GROUP-<mã nhóm>, USER_ORGUNIT (các đơn vị của ứng dụng), ' +
          'co=SEX hoặc co=ETHNIC:KINH;THAI, rows/columns/filters, totals, hierarchy, approvedOnly. Chỉ trong phạm vi đơn vị của ứng dụng kết nối. Trả JSON.',
        querystring: analyticsQueryString.omit({ format: true }),
        response: { 200: analyticsResponse, 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const q = request.query;
      const hierarchy = q.hierarchy ?? '2025';
      // Units by code, as everywhere in /api/v1; keywords pass through.
      const ou: string[] = [];
      for (const item of q.ou) {
        if (/^\d+$/.test(item)) ou.push(String((await unitInClientScope(ctx, client, item, hierarchy)).id));
        else if (item.startsWith('CHILDREN-')) ou.push(`CHILDREN-${(await unitInClientScope(ctx, client, item.slice('CHILDREN-'.length), hierarchy)).id}`);
        else ou.push(item);
      }
      const result = (await cachedAnalytics(ctx, { roots: client.unitIds }, { ...requestFromQueryString({ ...q, ou }), hierarchy }, q.lang ?? 'vi', { fresh: noCache(request) })).value;
      request.apiRows = result.rows.length;
      return sendCached(request, reply, result, null);
    },
  );
}
