// Data values under /api/data-values: a form's cells for one unit and period (with the
// period's status), saving one cell (checked by the engine in the request language;
// only in an open period; last write wins, every write in the history — unless the
// change says which version it was based on: then a different value stored meanwhile
// is a 409 value_conflict), recording a conflict settled in the server's favour, and
// one cell's history.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkElementValue, type ElementRules, type ValueType } from '@shared/engine/validation.ts';
import { errorResponse } from '@shared/schemas/common.ts';
import {
  dataValueBody,
  dataValueConflictBody,
  dataValueConflictResponse,
  dataValueHistoryQuery,
  dataValueHistoryResponse,
  dataValueSaveResponse,
  dataValuesQuery,
  dataValuesResponse,
} from '@shared/schemas/data-values.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { hasNationalPermission, requireAuth, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { findUnit } from '../forms/forms.repository.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { replayResult, saveDataValue } from './commands/save-value.ts';
import { assertCanViewValues } from './data-values.policy.ts';
import { presentHistory, presentValue } from './data-values.presenter.ts';
import { assertPeriodFits, listHistory, loadSaveContext } from './data-values.repository.ts';
import { formValuesView } from './form-values.ts';
import { periodWindow } from '../forms/period-window.ts';

/** How far ahead of the server a device's clock may run before its times are refused. */
const DEVICE_CLOCK_TOLERANCE_MS = 10 * 60_000;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function dataValuesRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  /** The device time of an offline change, refused when it lies more than the tolerance ahead of the server. */
  const deviceTimeOf = (request: FastifyRequest, iso: string | undefined): Date | null => {
    if (iso === undefined) return null;
    const at = new Date(iso);
    if (at.getTime() - ctx.clock.now().getTime() > DEVICE_CLOCK_TOLERANCE_MS) {
      const reason =
        requestLanguage(request) === 'en'
          ? 'the device time lies in the future; check the clock of the device'
          : 'thời điểm trên thiết bị ở tương lai; hãy kiểm tra lại đồng hồ của thiết bị';
      throw new AppError('invalid_input', { reason }, { fields: [{ path: 'body.deviceTime', message: reason }] });
    }
    return at;
  };

  /**
   * Everything a cell write checks, in one query (loadSaveContext): the caller's
   * data.enter scope over the unit (else 404), the assignment, the period's type and the
   * cell on the form; the order of the answers is the policy's.
   */
  const loadCell = async (auth: AuthContext, input: { formId: string; unitId: string; period: string; dataElementId: string; cocId: string }, clientChangeId: string | null) => {
    const c = await loadSaveContext(db, {
      formId: input.formId,
      unitId: input.unitId,
      period: input.period,
      dataElementId: input.dataElementId,
      cocId: input.cocId,
      clientChangeId,
      roots: hasNationalPermission(auth, 'data.enter') ? null : scopeRoots(auth, 'data.enter'),
      now: ctx.clock.now(),
    });
    if (!c.form_id || !c.unit_id || !c.in_scope) throw notFound();
    if (!c.assigned) throw new AppError('form_not_assigned');
    assertPeriodFits({ period_type: c.period_type }, input.period);
    if (!c.cell_ok) throw new AppError('element_not_in_form');
    return { c: { ...c, form_id: c.form_id, unit_id: c.unit_id }, key: { dataElementId: c.data_element_id, cocId: input.cocId, unitId: c.unit_id, period: input.period } };
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
    async (request) => formValuesView(ctx, requireAuth(request), request.query),
  );

  r.put(
    '/api/data-values',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Lưu một ô số liệu (kiểm tra theo phần tử dữ liệu, chỉ trong kỳ đang mở; báo xung đột nếu ô đã bị sửa khác đi sau phiên bản gốc; ghi lịch sử và nhật ký)',
        body: dataValueBody,
        response: { 200: dataValueSaveResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const input = request.body;
      const now = ctx.clock.now();
      const clientChangeId = input.clientChangeId ?? null;
      const deviceTime = deviceTimeOf(request, input.deviceTime);
      if (input.resolution !== undefined && input.baseVersion === undefined) {
        const reason = requestLanguage(request) === 'en' ? 'a resolution needs the server version it answers (baseVersion)' : 'cần gửi kèm phiên bản trên máy chủ (baseVersion) khi chọn cách giải quyết xung đột';
        throw new AppError('invalid_input', { reason }, { fields: [{ path: 'body.baseVersion', message: reason }] });
      }
      const { c, key } = await loadCell(auth, input, clientChangeId);

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
        baseVersion: input.baseVersion ?? null,
        deviceTime,
        resolution: input.resolution ?? null,
      });
      return { value: presentValue(row), replayed, display: replayed ? (row.value ?? '') : check.display, ...(check.ambiguous && !replayed ? { ambiguous: check.ambiguous } : {}) };
    },
  );

  r.post(
    '/api/data-values/conflicts',
    {
      schema: {
        tags: ['data-values'],
        summary: 'Ghi nhận người dùng giữ giá trị trên máy chủ khi có xung đột (bỏ giá trị nhập ngoại tuyến); ghi nhật ký',
        body: dataValueConflictBody,
        response: { 200: dataValueConflictResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const input = request.body;
      const deviceTime = deviceTimeOf(request, input.deviceTime);
      const { c, key } = await loadCell(auth, input, null);
      await recordAudit(db, originOf(request, ctx.clock.now()), {
        action: 'data.conflict_resolved',
        targetType: 'data_value',
        targetId: `${key.dataElementId}:${key.cocId}:${key.unitId}:${key.period}`,
        unitId: key.unitId,
        details: {
          choice: input.choice,
          discardedValue: input.discardedValue,
          serverVersion: input.serverVersion,
          formId: c.form_id,
          dataElementId: key.dataElementId,
          cocId: key.cocId,
          unitId: key.unitId,
          period: key.period,
          ...(deviceTime ? { deviceTime: deviceTime.toISOString() } : {}),
        },
      });
      return { ok: true as const };
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
