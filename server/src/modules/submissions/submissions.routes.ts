// Submission and approval under /api/submissions: a report's state with its history
// and questioned cells, a dry-run check of what blocks submission, the transitions
// (submit, recall, approve, return with cell comments, unapprove with a reason), and
// the review list of the units below.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '@shared/schemas/common.ts';
import {
  approveBody,
  recallBody,
  returnBody,
  submissionKey,
  submissionListQuery,
  submissionListResponse,
  submissionView,
  submitBody,
  unapproveBody,
  validationViolationView,
  type SubmissionAction,
  type SubmissionKey,
  type SubmissionView,
} from '@shared/schemas/submissions.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { requireAuth, scopeRoots, hasNationalPermission, type AuthContext } from '../auth/auth-context.ts';
import { findForm } from '../forms/forms.repository.ts';
import { assertPeriodFits, findFormCell } from '../data-values/data-values.repository.ts';
import { transition } from './commands/transition.ts';
import { assertCanEnter, assertCanReview, assertCanSeeSubmission } from './submissions.policy.ts';
import { listSubmissions } from './submissions.repository.ts';
import { loadSubmissionTarget, submissionStatusView } from './submission-view.ts';
import { validateSubmission } from './validate-submission.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export async function submissionsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  const load = (auth: AuthContext, k: SubmissionKey) => loadSubmissionTarget(ctx, auth, k);
  const view = (auth: AuthContext, k: SubmissionKey): Promise<SubmissionView> => submissionStatusView(ctx, auth, k);

  r.get(
    '/api/submissions/status',
    { schema: { tags: ['submissions'], summary: 'Trạng thái báo cáo của một đơn vị, một kỳ: lịch sử gửi, duyệt, trả lại và các ô bị hỏi lại', querystring: submissionKey, response: { 200: submissionView, ...errors } } },
    async (request) => view(requireAuth(request), request.query),
  );

  r.get(
    '/api/submissions/validation',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Kiểm tra trước khi gửi: các ô bắt buộc còn trống, giá trị sai, quy tắc kiểm tra không đạt',
        querystring: submissionKey,
        response: { 200: z.object({ violations: z.array(validationViolationView) }), ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { form, unit } = await load(auth, request.query);
      return { violations: await validateSubmission(db, form.id, unit.id, request.query.period, requestLanguage(request)) };
    },
  );

  const act = (action: SubmissionAction, summary: string, body: typeof submitBody | typeof recallBody | typeof approveBody | typeof returnBody | typeof unapproveBody) =>
    r.post(
      `/api/submissions/${action}`,
      { schema: { tags: ['submissions'], summary, body, response: { 200: submissionView, ...errors } } },
      async (request) => {
        const auth = requireAuth(request);
        const input = request.body as z.infer<typeof returnBody> & z.infer<typeof unapproveBody> & z.infer<typeof submitBody>;
        const key = { formId: input.formId, unitId: input.unitId, period: input.period };
        const { form, unit } = await load(auth, key);
        if (action === 'submit' || action === 'recall') await assertCanEnter(ctx, auth, unit.id);
        else await assertCanReview(ctx, auth, action === 'unapprove' ? 'form.unapprove' : 'form.approve', unit);
        const cells = action === 'return' ? input.cells : undefined;
        if (cells) {
          for (const [i, c] of cells.entries()) {
            if (!(await findFormCell(db, form.id, c.dataElementId, c.cocId))) {
              throw new AppError('element_not_in_form', {}, { fields: [{ path: `body.cells.${i}`, message: 'element_not_in_form' }] });
            }
          }
        }
        await transition(ctx, request, {
          action,
          form,
          unit,
          period: key.period,
          version: input.version,
          comment: action === 'unapprove' ? input.reason : (input.comment ?? null),
          cells,
          lang: requestLanguage(request),
          clientChangeId: action === 'submit' ? (input.clientChangeId ?? null) : null,
        });
        return view(auth, key);
      },
    );

  act('submit', 'Gửi báo cáo lên cấp trên (chỉ khi đạt mọi điều kiện kiểm tra, trong kỳ đang mở)', submitBody);
  act('recall', 'Rút lại báo cáo đã gửi nhưng chưa được duyệt để sửa', recallBody);
  act('approve', 'Duyệt báo cáo của đơn vị cấp dưới (khóa số liệu)', approveBody);
  act('return', 'Trả lại báo cáo kèm ý kiến, có thể chỉ rõ các ô cần xem lại', returnBody);
  act('unapprove', 'Hủy duyệt báo cáo (cần quyền hủy duyệt, bắt buộc nêu lý do)', unapproveBody);

  r.get(
    '/api/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Danh sách báo cáo của các đơn vị cấp dưới cho một biểu mẫu và một kỳ (để duyệt, theo dõi)',
        querystring: submissionListQuery,
        response: { 200: submissionListResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      const form = await findForm(db, q.formId);
      if (!form) throw notFound();
      assertPeriodFits(form, q.period);
      let roots: string[];
      if (q.parentId) {
        await assertCanSeeSubmission(ctx, auth, q.parentId);
        roots = [q.parentId];
      } else {
        roots = hasNationalPermission(auth, 'data.read')
          ? (await db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').execute()).map((u) => u.id)
          : scopeRoots(auth, 'data.read');
      }
      const all = await listSubmissions(db, { formId: form.id, period: q.period, roots });
      const counts = { draft: 0, submitted: 0, returned: 0, approved: 0 };
      for (const row of all) counts[row.state] += 1;
      const rows = q.state ? all.filter((u) => u.state === q.state) : all;
      if (q.summary === 'true') return { counts, items: [] };
      return {
        counts,
        items: rows.map((u) => ({
          unitId: u.id,
          unitCode: u.code,
          unitName: u.name,
          parentName: u.parent_name,
          state: u.state,
          version: Number(u.version),
          submittedAt: u.submitted_at?.toISOString() ?? null,
          onTime: u.on_time,
          decidedAt: u.decided_at?.toISOString() ?? null,
        })),
      };
    },
  );
}
