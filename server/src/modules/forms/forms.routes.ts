// Report forms (biểu mẫu) under /api/forms: definitions (national), assignment, due
// rules, lock exceptions, and the periods a unit may report for, computed by the engine.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  assignmentsBody,
  dueRulesBody,
  formBody,
  formDetail,
  formListResponse,
  formPeriodsResponse,
  formUpdateBody,
  lockExceptionBody,
  lockExceptionListResponse,
  lockExceptionView,
  unitQuery,
} from '@shared/schemas/forms.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { createForm, grantLockException, replaceAssignments, replaceDueRules, updateForm } from './commands/forms.ts';
import { assertCanGrantException, assertCanManageForms, canManageForms, grantScope, readScope } from './forms.policy.ts';
import { presentFormSummary } from './forms.presenter.ts';
import { findForm, findUnit, isFormAssignedTo, listForms, listLockExceptions } from './forms.repository.ts';
import { assignedFormsView, formDetailOf, formDetailView, formPeriodsView } from './form-views.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function formsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  const detailOf = (id: string) => formDetailOf(db, id);

  r.get(
    '/api/forms',
    { schema: { tags: ['forms'], summary: 'Danh sách biểu mẫu báo cáo được giao cho các đơn vị trong phạm vi của bạn', response: { 200: formListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      return { items: (await listForms(db, readScope(auth))).map(presentFormSummary), abilities: { manage: canManageForms(auth) } };
    },
  );

  r.get(
    '/api/forms/assigned',
    { schema: { tags: ['forms'], summary: 'Các biểu mẫu được giao cho một đơn vị', querystring: unitQuery, response: { 200: formListResponse, ...errors } } },
    async (request) => assignedFormsView(ctx, requireAuth(request), request.query.unitId),
  );

  r.get(
    '/api/forms/:id',
    { schema: { tags: ['forms'], summary: 'Một biểu mẫu: các phần, chỉ tiêu dạng lưới theo phân tổ, hạn nộp, đơn vị được giao, quy tắc kiểm tra', params: idParams, response: { 200: formDetail, ...errors } } },
    async (request) => formDetailView(ctx, requireAuth(request), request.params.id),
  );

  r.post(
    '/api/forms',
    { schema: { tags: ['forms'], summary: 'Tạo biểu mẫu báo cáo', body: formBody, response: { 201: formDetail, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageForms(auth);
      const id = await createForm(ctx, request, request.body);
      return reply.status(201).send(await detailOf(id));
    },
  );

  r.patch(
    '/api/forms/:id',
    {
      schema: {
        tags: ['forms'],
        summary: 'Sửa biểu mẫu: tên, mô tả, quy tắc khóa, các phần và chỉ tiêu (thay toàn bộ), quy tắc kiểm tra',
        params: idParams,
        body: formUpdateBody,
        response: { 200: formDetail, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageForms(auth);
      const form = await findForm(db, request.params.id);
      if (!form) throw notFound();
      await updateForm(ctx, request, form.id, request.body);
      return detailOf(form.id);
    },
  );

  r.put(
    '/api/forms/:id/assignments',
    { schema: { tags: ['forms'], summary: 'Giao biểu mẫu cho đơn vị: theo cấp, theo nhóm hoặc theo danh sách (thay toàn bộ)', params: idParams, body: assignmentsBody, response: { 200: formDetail, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageForms(auth);
      await replaceAssignments(ctx, request, request.params.id, request.body);
      return detailOf(request.params.id);
    },
  );

  r.put(
    '/api/forms/:id/due-rules',
    { schema: { tags: ['forms'], summary: 'Quy tắc hạn nộp theo cấp đơn vị (giờ Việt Nam), thay toàn bộ', params: idParams, body: dueRulesBody, response: { 200: formDetail, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageForms(auth);
      await replaceDueRules(ctx, request, request.params.id, request.body);
      return detailOf(request.params.id);
    },
  );

  r.post(
    '/api/forms/:id/lock-exceptions',
    { schema: { tags: ['forms'], summary: 'Cho phép một đơn vị nhập liệu sau khi kỳ đã khóa, đến một thời hạn', params: idParams, body: lockExceptionBody, response: { 201: lockExceptionView, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const form = await findForm(db, request.params.id);
      if (!form) throw notFound();
      const unit = await findUnit(db, request.body.unitId);
      if (!unit) throw notFound();
      await assertCanGrantException(ctx, auth, unit.id);
      if (!(await isFormAssignedTo(db, form.id, unit.id))) throw notFound();
      const id = await grantLockException(ctx, request, form, request.body);
      const row = await db.selectFrom('form_lock_exception').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return reply.status(201).send({ id: row.id, formId: row.form_id, unitId: row.unit_id, period: row.period, expiresAt: row.expires_at.toISOString(), reason: row.reason });
    },
  );

  r.get(
    '/api/forms/:id/lock-exceptions',
    {
      schema: {
        tags: ['forms'],
        summary: 'Các ngoại lệ khóa kỳ còn hiệu lực của biểu mẫu, cho các đơn vị bạn được cấp ngoại lệ',
        params: idParams,
        response: { 200: lockExceptionListResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const form = await findForm(db, request.params.id);
      if (!form) throw notFound();
      const roots = grantScope(auth);
      if (roots !== null && roots.length === 0) throw notFound();
      const rows = await listLockExceptions(db, form.id, roots, ctx.clock.now());
      return {
        items: rows.map((x) => ({
          id: x.id,
          formId: x.form_id,
          unitId: x.unit_id,
          unitName: x.unit_name,
          period: x.period,
          expiresAt: x.expires_at.toISOString(),
          reason: x.reason,
          grantedBy: x.granted_by_name,
          createdAt: x.created_at.toISOString(),
        })),
      };
    },
  );

  r.get(
    '/api/forms/:id/periods',
    {
      schema: {
        tags: ['forms'],
        summary: 'Các kỳ báo cáo của biểu mẫu cho một đơn vị (kỳ sau, kỳ hiện tại và 8 kỳ trước): mở, hạn nộp, khóa, trạng thái (giờ Việt Nam)',
        params: idParams,
        querystring: unitQuery,
        response: { 200: formPeriodsResponse, ...errors },
      },
    },
    async (request) => formPeriodsView(ctx, requireAuth(request), request.params.id, request.query.unitId),
  );
}
