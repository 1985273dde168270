// Investment works and capital (issue 6, item 2): works with their location and progress,
// capital by year/source/kind with monthly disbursements and the rate against the plan
// curve, photos and documents, the provinces' XLSX sheet (template + all-or-nothing
// import with a dry run), reports by project and by province (JSON and Excel), the
// GeoJSON map layer, and the plan curve itself. Reading needs data.read (or
// investment.manage) over the work's unit; changing needs investment.manage there; the
// plan curve is national. Every handler: authenticate → validate → load → authorize →
// command → present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vietnamDate } from '@shared/engine/periods.ts';
import { planMonths, type PlanMilestone } from '@shared/engine/disbursement.ts';
import { errorResponse, idParams, okResponse } from '@shared/schemas/common.ts';
import {
  capitalBody,
  fileParams,
  fileUploadQuery,
  investmentImportQuery,
  investmentImportReport,
  investmentReport,
  investmentReportQuery,
  lonLat,
  type InvestmentReport,
  planCurveBody,
  planCurveQuery,
  planCurveView,
  workBody,
  workDetail,
  workDetailQuery,
  workFileView,
  workPatch,
  worksGeojson,
  worksGeojsonQuery,
  worksQuery,
  worksResponse,
} from '@shared/schemas/investments.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { readUpload, XLSX_TYPE } from '../../platform/http/upload.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { importWorks } from './commands/import-works.ts';
import { saveCapital } from './commands/save-capital.ts';
import { savePlanCurve } from './commands/save-plan-curve.ts';
import { createWork, deleteWork, updateWork } from './commands/save-work.ts';
import { addWorkFile, deleteWorkFile } from './commands/work-files.ts';
import { buildWorksWorkbook, parseWorksSheet, readWorkbook, TEMPLATE_FILE_NAME } from './investment-sheet.ts';
import { accessOf, assertManageWork, assertReadWork, canManageAny, type InvestmentAccess } from './investments.policy.ts';
import { figuresOf, presentCapital, presentCurve, presentGeojson, presentMilestones, presentWorkSummary, windowFor } from './investments.presenter.ts';
import { capitalOf, capitalYears, fileContent, filesOf, findWork, listWorks, mapWorks, reportRows, unitCentre, workBrief, workUnit } from './investments.repository.ts';
import { curveFor } from './plan-curve.ts';
import { buildReportWorkbook, reportFileName } from './report-xlsx.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const tags = ['investments'];

export async function investmentsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  const today = () => vietnamDate(clock.now());
  const thisYear = () => Number(today().slice(0, 4));
  const reader = (request: FastifyRequest): InvestmentAccess => {
    const a = accessOf(requireAuth(request));
    if (a.readRoots.length === 0) throw new AppError('forbidden');
    return a;
  };
  const manager = (request: FastifyRequest): InvestmentAccess => {
    const a = accessOf(requireAuth(request));
    if (!canManageAny(a)) throw new AppError('forbidden');
    return a;
  };
  const windowOf = async (year: number) => windowFor((await curveFor(db, year)).milestones, year, today());
  /** A unit named in a query: inside the caller's reading scope, else "not found". */
  const readableUnit = async (a: InvestmentAccess, unitId: string) => {
    if (!(await unitsInScope(db, a.readRoots, [unitId])).has(unitId)) throw notFound();
  };
  /** The unit of a work: a current commune or province the caller manages. */
  const managedUnit = async (a: InvestmentAccess, unitId: string) => {
    const unit = await workUnit(db, unitId);
    if (!unit || !(await unitsInScope(db, a.manageRoots, [unitId])).has(unitId)) throw new AppError('investment_unit_invalid', {}, { fields: [{ path: 'body.unitId', message: 'Đơn vị không hợp lệ' }] });
    return { ...unit, province_id: unit.province_id ?? unit.id };
  };
  const knownProgramItem = async (id: string | null | undefined) => {
    if (!id) return;
    const row = await db.selectFrom('program_item').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('investment_program_item_unknown', {}, { fields: [{ path: 'body.programItemId', message: 'Không có trong danh mục' }] });
  };

  /** The detail of a work for a year (default: this year when it has capital, else its latest year). */
  const detail = async (a: InvestmentAccess, id: string, yearAsked?: number) => {
    const brief = await workBrief(db, id);
    const { manage } = await assertReadWork(db, a, brief);
    const years = await capitalYears(db, id);
    const year = yearAsked ?? (years.includes(thisYear()) || years.length === 0 ? thisYear() : Math.max(...years.filter((y) => y <= thisYear()), years[0]!));
    const curve = (await curveFor(db, year)).milestones;
    const w = windowFor(curve, year, today());
    const row = (await findWork(db, id, w))!;
    const { lines, months } = await capitalOf(db, id, year);
    const capital = presentCapital(lines, months);
    const allocated = capital.reduce((s, l) => s + l.allocated, 0);
    const files = await filesOf(db, id);
    return workDetail.parse({
      ...presentWorkSummary(row, w),
      description: row.description,
      years: [...new Set([...years, year])].sort(),
      capital,
      curve: presentCurve(curve, year, allocated, months, today()),
      milestones: presentMilestones(curve, year, today()),
      files: files.map((f) => ({ id: f.id, kind: f.kind, fileName: f.file_name, contentType: f.content_type, size: f.size, caption: f.caption, uploadedAt: f.uploaded_at.toISOString(), uploadedBy: f.uploaded_by })),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      abilities: { edit: manage, delete: manage },
    });
  };

  r.get(
    '/api/investments/works',
    { schema: { tags, summary: 'Danh sách công trình đầu tư trong phạm vi, kèm số liệu vốn năm và tỷ lệ giải ngân so với kế hoạch', querystring: worksQuery, response: { 200: worksResponse, ...errors } } },
    async (request) => {
      const a = reader(request);
      const q = request.query;
      if (q.unit) await readableUnit(a, q.unit);
      const year = q.year ?? thisYear();
      const w = await windowOf(year);
      const res = await listWorks(db, { roots: a.readRoots, unit: q.unit, programItem: q.programItem, stage: q.stage, q: q.q, behind: q.behind === 'true', limit: q.limit, offset: q.offset }, w);
      return {
        total: res.total,
        year,
        totals: figuresOf(year, w, res.totals),
        items: res.rows.map((row) => presentWorkSummary(row, w)),
        abilities: { create: canManageAny(a), import: canManageAny(a) },
      };
    },
  );

  r.post(
    '/api/investments/works',
    { schema: { tags, summary: 'Thêm công trình (xã hoặc tỉnh trong phạm vi investment.manage)', body: workBody, response: { 201: workDetail, ...errors } } },
    async (request, reply) => {
      const a = manager(request);
      const b = request.body;
      const unit = await managedUnit(a, b.unitId);
      await knownProgramItem(b.programItemId);
      const id = await createWork(ctx, originOf(request, clock.now()), b, unit.province_id);
      return reply.status(201).send(await detail(a, id));
    },
  );

  r.get(
    '/api/investments/works/:id',
    { schema: { tags, summary: 'Chi tiết công trình: vốn theo nguồn, giải ngân theo tháng, đường giải ngân so với kế hoạch, tệp', params: idParams, querystring: workDetailQuery, response: { 200: workDetail, ...errors } } },
    async (request) => detail(reader(request), request.params.id, request.query.year),
  );

  r.patch(
    '/api/investments/works/:id',
    { schema: { tags, summary: 'Sửa công trình', params: idParams, body: workPatch, response: { 200: workDetail, ...errors } } },
    async (request) => {
      const a = accessOf(requireAuth(request));
      const brief = await workBrief(db, request.params.id);
      await assertManageWork(db, a, brief);
      const b = request.body;
      const unit = b.unitId !== undefined ? await managedUnit(a, b.unitId) : null;
      await knownProgramItem(b.programItemId);
      await updateWork(ctx, originOf(request, clock.now()), brief!.id, b, unit?.province_id ?? null);
      return detail(a, brief!.id);
    },
  );

  r.delete(
    '/api/investments/works/:id',
    { schema: { tags, summary: 'Xóa công trình (cùng vốn, giải ngân và tệp)', params: idParams, response: { 200: okResponse, ...errors } } },
    async (request) => {
      const a = accessOf(requireAuth(request));
      const brief = await workBrief(db, request.params.id);
      await assertManageWork(db, a, brief);
      await deleteWork(ctx, originOf(request, clock.now()), brief!.id);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/investments/works/:id/capital',
    {
      schema: {
        tags,
        summary: 'Ghi vốn một năm của công trình: các dòng nguồn × loại vốn (giao, cam kết) và số giải ngân từng tháng; thay toàn bộ năm đó',
        description: 'Đơn vị: triệu đồng. Giải ngân theo tháng (không lũy kế), từ 01 năm vốn đến 12 năm sau; không ghi tháng chưa đến; tổng giải ngân một dòng không vượt vốn giao.',
        params: idParams,
        body: capitalBody,
        response: { 200: workDetail, ...errors },
      },
    },
    async (request) => {
      const a = accessOf(requireAuth(request));
      const brief = await workBrief(db, request.params.id);
      await assertManageWork(db, a, brief);
      await saveCapital(ctx, originOf(request, clock.now()), brief!, request.body);
      return detail(a, brief!.id, request.body.year);
    },
  );

  r.post(
    '/api/investments/works/:id/files',
    {
      schema: {
        tags,
        summary: 'Tải ảnh (JPEG, PNG, WebP) hoặc tài liệu (PDF, DOCX, XLSX) của công trình: trường "file"',
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: fileUploadQuery,
        body: z.unknown().optional(),
        response: { 201: workFileView, ...errors, 413: errorResponse, 415: errorResponse },
      },
    },
    async (request, reply) => {
      const a = accessOf(requireAuth(request));
      const brief = await workBrief(db, request.params.id);
      await assertManageWork(db, a, brief);
      const upload = await readUpload(request);
      const id = await addWorkFile(ctx, originOf(request, clock.now()), brief!, { data: upload.data, fileName: upload.fileName ?? 'tep', kind: request.query.kind, caption: request.query.caption ?? null });
      const f = (await filesOf(db, brief!.id)).find((x) => x.id === id)!;
      return reply.status(201).send({ id: f.id, kind: f.kind, fileName: f.file_name, contentType: f.content_type, size: f.size, caption: f.caption, uploadedAt: f.uploaded_at.toISOString(), uploadedBy: f.uploaded_by });
    },
  );

  // Bytes, not JSON: on the untyped instance.
  app.get('/api/investments/works/:id/files/:fileId', { schema: { tags, summary: 'Tải tệp của công trình', params: fileParams } }, async (request, reply) => {
    const a = reader(request);
    const { id, fileId } = request.params as z.infer<typeof fileParams>;
    await assertReadWork(db, a, await workBrief(db, id));
    const f = await fileContent(db, id, fileId);
    if (!f) throw notFound();
    const inline = f.kind === 'photo';
    return reply
      .header('content-type', f.content_type)
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.file_name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(f.data);
  });

  r.delete(
    '/api/investments/works/:id/files/:fileId',
    { schema: { tags, summary: 'Xóa tệp của công trình', params: fileParams, response: { 200: okResponse, ...errors } } },
    async (request) => {
      const a = accessOf(requireAuth(request));
      const brief = await workBrief(db, request.params.id);
      await assertManageWork(db, a, brief);
      if (!(await deleteWorkFile(ctx, originOf(request, clock.now()), brief!, request.params.fileId))) throw notFound();
      return { ok: true as const };
    },
  );

  r.get(
    '/api/investments/units/:id/centre',
    { schema: { tags, summary: 'Điểm giữa để đặt bản đồ khi chọn vị trí công trình trong một đơn vị (điểm của đơn vị, của tỉnh, hoặc giữa các công trình đã có)', params: idParams, response: { 200: z.object({ point: lonLat.nullable() }), ...errors } } },
    async (request) => {
      const a = reader(request);
      await readableUnit(a, request.params.id);
      return { point: await unitCentre(db, request.params.id) };
    },
  );

  // Plan curve ---------------------------------------------------------------------------

  const curveView = async (a: InvestmentAccess, year: number) => {
    const c = await curveFor(db, year);
    return { year, definedFor: c.definedFor, milestones: presentMilestones(c.milestones, year, today()), months: planMonths(c.milestones, year), abilities: { edit: a.editCurve } };
  };

  r.get(
    '/api/investments/plan-curve',
    { schema: { tags, summary: 'Kế hoạch giải ngân (các mốc và tỷ lệ lũy kế phải đạt) của một năm vốn', querystring: planCurveQuery, response: { 200: planCurveView, ...errors } } },
    async (request) => curveView(reader(request), request.query.year ?? thisYear()),
  );

  r.put(
    '/api/investments/plan-curve',
    { schema: { tags, summary: 'Đặt các mốc kế hoạch giải ngân của một năm vốn (investment.manage cấp trung ương)', body: planCurveBody, response: { 200: planCurveView, ...errors } } },
    async (request) => {
      const a = accessOf(requireAuth(request));
      if (!a.editCurve) throw new AppError('forbidden');
      await savePlanCurve(ctx, originOf(request, clock.now()), request.body.year, request.body.milestones as PlanMilestone[]);
      return curveView(a, request.body.year);
    },
  );

  // Import -------------------------------------------------------------------------------

  app.get('/api/investments/template.xlsx', { schema: { tags, summary: 'Tải mẫu Excel danh mục công trình, kế hoạch vốn và giải ngân (bố cục các tỉnh dùng)' } }, async (request, reply) => {
    const a = accessOf(requireAuth(request));
    if (!canManageAny(a)) throw notFound();
    const year = thisYear();
    const file = await buildWorksWorkbook({
      year,
      asOf: today(),
      agency: 'Ủy ban nhân dân tỉnh …',
      examples: [
        { name: 'Đường giao thông nông thôn thôn Plei Ơi', program: 'DA4.TDA1', commune: '23764', investor: 'UBND xã Ia Grai', period: `${year}-${year + 1}`, total: 4500, planCentral: 2800, planLocal: 300, disbCentral: 900, disbLocal: 100, progress: 35 },
      ],
    });
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${TEMPLATE_FILE_NAME}"`).send(file);
  });

  r.post(
    '/api/investments/import',
    {
      schema: {
        tags,
        summary: 'Nhập công trình, kế hoạch vốn và giải ngân từ tệp XLSX theo mẫu (trường "file"); kiểm tra mọi dòng, ghi tất cả hoặc không ghi gì',
        description: 'dryRun=true chỉ kiểm tra và đếm. Có dòng lỗi: 422 import_rejected, error.details là báo cáo (số dòng như Excel hiển thị; mỗi lỗi có cột, mã lỗi và thông báo tiếng Việt). Năm vốn và ngày giải ngân đọc từ tiêu đề cột.',
        consumes: ['multipart/form-data'],
        querystring: investmentImportQuery,
        body: z.unknown().optional(),
        response: { 200: investmentImportReport, ...errors, 422: errorResponse },
      },
    },
    async (request) => {
      const a = manager(request);
      const upload = await readUpload(request);
      const parsed = parseWorksSheet(await readWorkbook(upload.data, upload.fileName ?? undefined));
      return importWorks(ctx, originOf(request, clock.now()), a.manageRoots, parsed, { data: upload.data, fileName: upload.fileName, dryRun: request.query.dryRun === 'true' });
    },
  );

  // Reports ------------------------------------------------------------------------------

  const report = async (request: FastifyRequest, q: z.output<typeof investmentReportQuery>): Promise<InvestmentReport> => {
    const a = reader(request);
    const national = await db.selectFrom('org_unit').select(['id', 'name']).where('kind', '=', 'nation').executeTakeFirstOrThrow();
    const unitId = q.unit ?? ((await unitsInScope(db, a.readRoots, [national.id])).has(national.id) ? national.id : a.readRoots[0]!);
    await readableUnit(a, unitId);
    const unit = await db.selectFrom('org_unit').select(['id', 'full_name']).where('id', '=', unitId).executeTakeFirstOrThrow();
    const year = q.year ?? thisYear();
    const w = await windowOf(year);
    const rows = await reportRows(db, q.by, a.readRoots, unitId, w);
    const toRow = (x: (typeof rows)[number]) => {
      const f = figuresOf(year, w, x);
      return { key: x.key, code: x.code, name: x.name, works: Number(x.works), worksBehind: Number(x.works_behind), completed: Number(x.completed), allocated: f.allocated, committed: f.committed, disbursed: f.disbursed, rate: f.rate, planShare: f.planShare, behind: f.behind };
    };
    const sum = (k: 'works' | 'works_behind' | 'completed' | 'allocated' | 'committed' | 'disbursed') => rows.reduce((s, x) => s + Number(x[k]), 0);
    const total = toRow({ key: 'total', code: '', name: 'Tổng cộng', works: String(sum('works')), works_behind: String(sum('works_behind')), completed: String(sum('completed')), allocated: String(sum('allocated')), committed: String(sum('committed')), disbursed: String(sum('disbursed')) });
    return { by: q.by, year, asOf: today(), unit: { id: unit.id, name: unit.full_name }, rows: rows.map(toRow), total };
  };

  r.get(
    '/api/investments/reports',
    { schema: { tags, summary: 'Báo cáo vốn và giải ngân theo dự án hoặc theo tỉnh (vốn giao, cam kết, giải ngân, tỷ lệ, kế hoạch đến nay)', querystring: investmentReportQuery, response: { 200: investmentReport, ...errors } } },
    async (request) => report(request, request.query),
  );

  app.get('/api/investments/reports.xlsx', { schema: { tags, summary: 'Báo cáo vốn và giải ngân (Excel)', querystring: investmentReportQuery } }, async (request, reply) => {
    const q = investmentReportQuery.parse(request.query);
    const data = await report(request, q);
    const file = await buildReportWorkbook(data);
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${reportFileName(data)}"`).send(file);
  });

  // Map layer ----------------------------------------------------------------------------

  r.get(
    '/api/investments/works.geojson',
    { schema: { tags, summary: 'Lớp bản đồ công trình (GeoJSON điểm), tô màu theo tiến độ thực hiện; kèm tỷ lệ giải ngân năm', querystring: worksGeojsonQuery, response: { 200: worksGeojson, ...errors } } },
    async (request, reply) => {
      const a = reader(request);
      if (request.query.unit) await readableUnit(a, request.query.unit);
      const year = request.query.year ?? thisYear();
      const w = await windowOf(year);
      const rows = await mapWorks(db, a.readRoots, request.query.unit, w);
      return reply.header('content-type', 'application/geo+json; charset=utf-8').send(presentGeojson(rows, w));
    },
  );

}
