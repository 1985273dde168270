// Targets per indicator × unit × period: read within the caller's view scope (national
// targets by everyone), set and removed by national catalogue managers anywhere and by
// provincial approvers for their subtree, imported from XLSX all-or-nothing.
import { XLSX_TYPE, readUpload } from '../../platform/http/upload.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse } from '@shared/schemas/common.ts';
import { targetBody, targetImportQuery, targetImportReport, targetListQuery, targetListResponse, targetView } from '@shared/schemas/catalog.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { canViewUnit, viewScope } from '../org-units/org-units.policy.ts';
import { assertCanSetTarget, canSetTargetsAnywhere, unitsForTargets } from './catalog.policy.ts';
import { presentTarget } from './catalog.presenter.ts';
import { findIndicator } from './catalog.repository.ts';
import { fieldError } from './commands/errors.ts';
import { assertPeriod, deleteTarget, importTargets, setTarget } from './commands/targets.ts';
import { parseTargetRows, readTargetWorkbook } from './target-import.ts';
import { buildTargetTemplate, TARGET_TEMPLATE_FILE_NAME } from './target-template.ts';
import { findTarget, findUnitBrief, queryTargets } from './targets.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 413: errorResponse };

export async function catalogTargetsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  const viewOf = async (auth: AuthContext, request: FastifyRequest, id: string) => {
    const row = await findTarget(db, id);
    if (!row) throw notFound();
    const manage = (await unitsForTargets(ctx, auth, [{ id: row.unit_id, kind: row.unit_kind }])).has(row.unit_id);
    return presentTarget(row, requestLanguage(request), manage);
  };

  r.get(
    '/api/catalog/targets',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Mục tiêu theo chỉ số, đơn vị, kỳ: các đơn vị trong phạm vi của người dùng và mục tiêu quốc gia',
        querystring: targetListQuery,
        response: { 200: targetListResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      if (q.unitId) {
        const unit = await findUnitBrief(db, q.unitId);
        if (!unit || (unit.kind !== 'nation' && !(await canViewUnit(ctx, auth, unit.id)))) throw notFound();
      }
      const { rows, total } = await queryTargets(db, { indicatorId: q.indicatorId, unitId: q.unitId, period: q.period, scopeRoots: viewScope(auth), limit: q.limit, offset: q.offset });
      const manageable = await unitsForTargets(ctx, auth, rows.map((t) => ({ id: t.unit_id, kind: t.unit_kind })));
      const lang = requestLanguage(request);
      return { items: rows.map((t) => presentTarget(t, lang, manageable.has(t.unit_id))), total, abilities: { setTargets: canSetTargetsAnywhere(auth) } };
    },
  );

  r.put(
    '/api/catalog/targets',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Đặt (hoặc sửa) mục tiêu của một chỉ số cho một đơn vị và kỳ',
        description: 'Quản lý danh mục cấp trung ương đặt mọi mục tiêu; người có quyền phê duyệt biểu mẫu hoặc quản lý danh mục tại tỉnh đặt mục tiêu cho tỉnh và các xã của tỉnh. 201 khi tạo mới, 200 khi sửa.',
        body: targetBody,
        response: { 200: targetView, 201: targetView, ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const body = request.body;
      const unit = await findUnitBrief(db, body.unitId);
      if (!unit) throw notFound();
      await assertCanSetTarget(ctx, auth, unit);
      assertPeriod(request, body.period);
      if (!(await findIndicator(db, body.indicatorId))) throw fieldError(request, 'body.indicatorId', 'Không tìm thấy chỉ số.', 'The indicator does not exist.');
      const { id, created } = await setTarget(ctx, request, body, unit);
      return reply.status(created ? 201 : 200).send(await viewOf(auth, request, id));
    },
  );

  r.delete(
    '/api/catalog/targets/:id',
    { schema: { tags: ['catalog'], summary: 'Xóa một mục tiêu', params: idParams, response: { 200: okResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const target = await findTarget(db, request.params.id);
      if (!target) throw notFound();
      await assertCanSetTarget(ctx, auth, { id: target.unit_id, kind: target.unit_kind });
      await deleteTarget(ctx, request, target);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/catalog/targets/import',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Nhập mục tiêu từ tệp XLSX (trường "file"): mã chỉ số, mã đơn vị, kỳ, giá trị, ghi chú; kiểm tra mọi dòng, ghi tất cả hoặc không ghi gì',
        description: 'dryRun=true chỉ kiểm tra và báo cáo. Có dòng lỗi: 422 import_rejected, error.details là báo cáo (số dòng tính cả dòng tiêu đề; mỗi lỗi có trường, mã lỗi và thông báo tiếng Việt).',
        consumes: ['multipart/form-data'],
        body: z.unknown().optional().describe('multipart/form-data: trường "file" là tệp XLSX theo mẫu'),
        querystring: targetImportQuery,
        response: { 200: targetImportReport, ...errors, 422: errorResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      if (!canSetTargetsAnywhere(auth)) throw notFound();
      const upload = await readUpload(request);
      const parsed = parseTargetRows(await readTargetWorkbook(upload.data, upload.fileName ?? undefined));
      return importTargets(ctx, request, auth, parsed, { dryRun: request.query.dryRun === 'true', fileName: upload.fileName });
    },
  );

  // A file, not JSON: declared on the untyped instance so the reply may be a Buffer.
  app.get(
    '/api/catalog/targets/template.xlsx',
    { schema: { tags: ['catalog'], summary: 'Tải mẫu Excel nhập mục tiêu (kèm danh mục chỉ số)', response: { ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      if (!canSetTargetsAnywhere(auth)) throw notFound();
      const indicators = await db.selectFrom('indicator').select(['code', 'name_vi', 'unit_of_measure_vi', 'direction']).orderBy('code').execute();
      const file = await buildTargetTemplate(indicators.map((i) => ({ code: i.code, nameVi: i.name_vi, unitOfMeasureVi: i.unit_of_measure_vi, direction: i.direction })));
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${TARGET_TEMPLATE_FILE_NAME}"`).send(file);
    },
  );
}
