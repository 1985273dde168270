// Completeness and timeliness of reporting under /api/completeness: for a form and a
// period, the unit and each child unit with expected, submitted, on time, late,
// approved, missing and overdue reports (one set-based query); and /attention, the
// reports of the caller's units that are overdue or due within N days across forms.
// Due instants come from the shared engine in Vietnam time; "now" from the app clock.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { attentionQuery, attentionResponse, completenessQuery, completenessResponse, type AttentionItem } from '@shared/schemas/completeness.ts';
import { errorResponse } from '@shared/schemas/common.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { findForm } from '../forms/forms.repository.ts';
import { assertPeriodFits } from '../data-values/data-values.repository.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { attentionRows, completenessCounts, dueRules, findCurrentUnit, nationId, unitPath } from './completeness.repository.ts';
import { presentRow } from './completeness.presenter.ts';
import { assertCanSeeCompleteness, completenessScope } from './completeness.policy.ts';
import { attentionCandidates, duesFor } from './due-instants.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export async function completenessRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  /** The unit asked for, or the caller's default (the nation for national readers, else their first unit); checked in scope. */
  const unitFor = async (auth: ReturnType<typeof requireAuth>, unitId: string | undefined) => {
    const roots = completenessScope(auth);
    const id = unitId ?? (roots === null ? await nationId(db) : roots[0]);
    if (!id) throw new AppError('forbidden');
    await assertCanSeeCompleteness(ctx, auth, id);
    const unit = await findCurrentUnit(db, id);
    if (!unit || unit.valid_to !== null || unit.hierarchy === 'pre2025') throw notFound();
    return { unit, roots };
  };

  r.get(
    '/api/completeness',
    {
      schema: {
        tags: ['completeness'],
        summary: 'Tiến độ nộp báo cáo của một biểu mẫu, một kỳ: đơn vị và từng đơn vị cấp dưới — phải nộp, đã nộp, đúng hạn, trễ hạn, đã duyệt, chưa nộp, quá hạn',
        description:
          'Hạn nộp theo quy tắc hạn nộp của biểu mẫu cho từng cấp, tính theo giờ Việt Nam (23:59:59 ngày đến hạn). Đúng hạn: lần gửi đầu tiên không muộn hơn hạn. ' +
          'Completeness = submitted / expected; timeliness = onTime / expected (0–1).',
        querystring: completenessQuery,
        response: { 200: completenessResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      const form = await findForm(db, q.formId);
      if (!form) throw notFound();
      assertPeriodFits(form, q.period);
      const { unit, roots } = await unitFor(auth, q.unitId);
      const now = ctx.clock.now();
      const rules = await dueRules(db, [form.id]);
      const dues = duesFor(q.period, rules);
      const [rows, path] = await Promise.all([completenessCounts(db, { formId: form.id, period: q.period, unitId: unit.id, dues, now }), unitPath(db, unit.id)]);
      const visible = roots === null ? new Set(path.map((p) => p.id)) : await unitsInScope(db, roots, path.map((p) => p.id));
      const total = rows.find((x) => x.is_total)!;
      return {
        form: { id: form.id, code: form.code, nameVi: form.name_vi, nameEn: form.name_en, periodType: form.period_type },
        period: q.period,
        now: now.toISOString(),
        dues: dues.filter((d) => total.kinds.includes(d.kind)).map((d) => ({ unitKind: d.kind, dueAt: d.dueAt.toISOString() })),
        path: path.filter((p) => visible.has(p.id)).map((p) => ({ unitId: p.id, unitName: p.name })),
        total: presentRow(total),
        children: rows.filter((x) => !x.is_total && x.expected > 0).map(presentRow),
      };
    },
  );

  r.get(
    '/api/completeness/attention',
    {
      schema: {
        tags: ['completeness'],
        summary: 'Báo cáo cần chú ý trong phạm vi của người dùng: quá hạn chưa nộp và sắp đến hạn trong N ngày tới',
        querystring: attentionQuery,
        response: { 200: attentionResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      const now = ctx.clock.now();
      let roots = completenessScope(auth);
      if (q.unitId) {
        await unitFor(auth, q.unitId);
        roots = [q.unitId];
      } else if (roots !== null && roots.length === 0) {
        throw new AppError('forbidden');
      }
      let formQuery = db.selectFrom('form').select(['id', 'period_type', 'lock_days_after_due']);
      if (q.formId) formQuery = formQuery.where('id', '=', q.formId);
      const forms = await formQuery.execute();
      if (q.formId && forms.length === 0) throw notFound();
      const rules = await dueRules(db, forms.map((f) => f.id));
      const candidates = attentionCandidates(forms, rules, now, q.days);
      const rows = await attentionRows(db, { candidates, roots, now, limit: q.limit });
      const list = (name: 'overdue' | 'dueSoon') => {
        const items = rows.filter((x) => x.list === name);
        return {
          total: items[0]?.total ?? 0,
          items: items.map(
            (x): AttentionItem => ({
              formId: x.form_id,
              formCode: x.form_code,
              formNameVi: x.form_name_vi,
              formNameEn: x.form_name_en,
              period: x.period,
              unitId: x.unit_id,
              unitCode: x.unit_code,
              unitName: x.unit_name,
              parentName: x.parent_name,
              dueAt: new Date(x.due_at).toISOString(),
              state: x.state,
            }),
          ),
        };
      };
      return { now: now.toISOString(), days: q.days, overdue: list('overdue'), dueSoon: list('dueSoon') };
    },
  );
}
