// Data values under /api/data-values: a form's cells for one unit and period (with the
// period's status), saving one cell (checked by the engine in the request language;
// only in an open period; last write wins, every write in the history), and one cell's
// history.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkElementValue, type ElementRules, type ValueType } from '@shared/engine/validation.ts';
import { errorResponse } from '@shared/schemas/common.ts';
import {
  dataValueBody,
  dataValueHistoryQuery,
  dataValueHistoryResponse,
  dataValueSaveResponse,
  dataValuesQuery,
  dataValuesResponse,
} from '@shared/schemas/data-values.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { hasNationalPermission, requireAuth, scopeRoots } from '../auth/auth-context.ts';
import { findForm, findUnit, isFormAssignedTo } from '../forms/forms.repository.ts';
import { replayResult, saveDataValue } from './commands/save-value.ts';
import { findSubmission } from '../submissions/submissions.repository.ts';
import { assertCanViewValues, holdsOverUnit } from './data-values.policy.ts';
import { presentHistory, presentValue } from './data-values.presenter.ts';
import { assertPeriodFits, listFormValues, listHistory, loadSaveContext, periodWindowFor } from './data-values.repository.ts';
import { periodWindow } from '../forms/period-window.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function dataValuesRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  /** The form and unit, or 404; the form must be assigned to the unit. */
  const loadFormAndUnit = async (formId: string, unitId: string) => {
    const [form, unit] = await Promise.all([findForm(db, formId), findUnit(db, unitId)]);
    if (!form || !unit) throw notFound();
    return { form, unit };
  };

  r.get(
    '/api/data-values',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Số liệu của một biểu mẫu cho một đơn vị và một kỳ, kèm trạng thái kỳ (mở, khóa, chưa đến)',
        querystring: dataValuesQuery,
        response: { 200: dataValuesResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { formId, unitId, period } = request.query;
      const { form, unit } = await loadFormAndUnit(formId, unitId);
      await assertCanViewValues(ctx, auth, unit.id);
      if (!(await isFormAssignedTo(db, form.id, unit.id))) throw notFound();
      assertPeriodFits(form, period);
      const window = await periodWindowFor(db, form, unit, period, ctx.clock.now());
      const submission = await findSubmission(db, { formId: form.id, unitId: unit.id, period });
      const state = submission?.state ?? 'draft';
      const frozen = state === 'submitted' || state === 'approved';
      const canEdit = window.status === 'open' && !frozen && (await holdsOverUnit(ctx, auth, 'data.enter', unit.id));
      const values = await listFormValues(db, form.id, unit.id, period);
      return { formId: form.id, unitId: unit.id, period: window, canEdit, submission: { state, version: submission?.version ?? 0 }, values: values.map(presentValue) };
    },
  );

  r.put(
    '/api/data-values',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Lưu một ô số liệu (kiểm tra theo phần tử dữ liệu, chỉ trong kỳ đang mở; ghi lịch sử và nhật ký)',
        body: dataValueBody,
        response: { 200: dataValueSaveResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const input = request.body;
      const now = ctx.clock.now();
      const clientChangeId = input.clientChangeId ?? null;
      // One query for every check; the order of the answers below is the policy's.
      const c = await loadSaveContext(db, {
        formId: input.formId,
        unitId: input.unitId,
        period: input.period,
        dataElementId: input.dataElementId,
        cocId: input.cocId,
        clientChangeId,
        roots: hasNationalPermission(auth, 'data.enter') ? null : scopeRoots(auth, 'data.enter'),
        now,
      });
      if (!c.form_id || !c.unit_id || !c.in_scope) throw notFound();
      if (!c.assigned) throw new AppError('form_not_assigned');
      assertPeriodFits({ period_type: c.period_type }, input.period);
      if (!c.cell_ok) throw new AppError('element_not_in_form');
      const key = { dataElementId: c.data_element_id, cocId: input.cocId, unitId: c.unit_id, period: input.period };

      if (c.change_de !== null) {
        const replay = await replayResult(ctx, key, { data_element_id: c.change_de, coc_id: c.change_coc!, unit_id: c.change_unit!, period: c.change_period! });
        return { value: presentValue(replay), replayed: true, display: replay.value ?? '' };
      }

      if (!c.due_form_id) throw new AppError('form_no_due_rule');
      const dueRule = { form_id: c.due_form_id, unit_kind: c.unit_kind as 'commune', days_after_end: c.days_after_end, fixed_month: c.fixed_month, fixed_day: c.fixed_day, year_offset: c.year_offset };
      const window = periodWindow(input.period, dueRule, c.lock_days_after_due, c.exception_until ? [{ period: null, expires_at: c.exception_until }] : [], now);
      if (window.status === 'locked') throw new AppError('period_locked', { period: input.period });
      if (window.status === 'future') throw new AppError('period_future', { period: input.period });
      const cell = c;

      const lang = requestLanguage(request);
      const rules: ElementRules = {
        valueType: cell.value_type as ValueType,
        required: cell.required,
        min: cell.min_value === null ? null : Number(cell.min_value),
        max: cell.max_value === null ? null : Number(cell.max_value),
        zeroIsSignificant: cell.zero_is_significant,
      };
      const check = checkElementValue(rules, input.value, lang);
      if (!check.ok) {
        const reason = lang === 'en' ? check.messageEn : check.message;
        throw new AppError('invalid_value', { reason }, { fields: [{ path: 'body.value', message: reason }], details: { reason: check.code } });
      }
      const numericValue = typeof check.value === 'number' ? check.stored : typeof check.value === 'boolean' ? (check.value ? '1' : '0') : null;
      const comment = input.comment === undefined ? undefined : input.comment === null ? null : input.comment.normalize('NFC').trim() || null;
      const { row, replayed } = await saveDataValue(ctx, request, {
        key,
        formId: c.form_id,
        provinceId: c.unit_kind === 'province' ? c.unit_id : c.unit_province_id,
        value: check.stored,
        numericValue,
        comment,
        source: input.source ?? 'screen',
        clientChangeId,
      });
      return { value: presentValue(row), replayed, display: replayed ? (row.value ?? '') : check.display, ...(check.ambiguous && !replayed ? { ambiguous: check.ambiguous } : {}) };
    },
  );

  r.get(
    '/api/data-values/history',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Lịch sử thay đổi của một ô số liệu (mới nhất trước)',
        querystring: dataValueHistoryQuery,
        response: { 200: dataValueHistoryResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      const unit = await findUnit(db, q.unitId);
      if (!unit) throw notFound();
      await assertCanViewValues(ctx, auth, unit.id);
      const items = await listHistory(db, { dataElementId: q.dataElementId, cocId: q.cocId, unitId: unit.id, period: q.period });
      return { items: items.map(presentHistory) };
    },
  );
}
