// Data elements, indicators (with the expression editor's check), and validation
// rules. Everyone signed in reads; national catalogue managers write. Expressions are
// shown in words in the request's language.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  dataElementBody,
  dataElementDetail,
  dataElementListQuery,
  dataElementListResponse,
  dataElementUpdateBody,
  expressionCheckBody,
  expressionCheckResponse,
  indicatorBody,
  indicatorDetail,
  indicatorListQuery,
  indicatorListResponse,
  indicatorUpdateBody,
  validationRuleBody,
  validationRuleListResponse,
  validationRuleUpdateBody,
  validationRuleView,
} from '@shared/schemas/catalog.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { assertCanManageCatalog, canManageCatalog } from './catalog.policy.ts';
import { presentDataElement, presentIndicator, presentValidationRule } from './catalog.presenter.ts';
import {
  findDataElement,
  findIndicator,
  findValidationRule,
  listOptionCombos,
  listValidationRules,
  loadCatalogueSnapshot,
  nationalTargets,
  programSubtreeIds,
  queryDataElements,
  queryIndicators,
} from './catalog.repository.ts';
import { createDataElement, updateDataElement } from './commands/data-elements.ts';
import { createIndicator, createValidationRule, updateIndicator, updateValidationRule } from './commands/indicators.ts';
import { checkExpression } from './expressions.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export async function catalogDefinitionsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const abilitiesOf = (auth: AuthContext) => ({ manage: canManageCatalog(auth) });

  // --- data elements ---

  const elementDetail = async (auth: AuthContext, id: string) => {
    const row = await findDataElement(db, id);
    if (!row) throw notFound();
    const combos = (await listOptionCombos(db, row.category_combo_id)).filter((c) => c.active);
    return {
      ...presentDataElement(row),
      optionCombos: combos.map((c) => ({ id: c.id, code: c.code, nameVi: c.name_vi, nameEn: c.name_en })),
      abilities: abilitiesOf(auth),
    };
  };

  r.get(
    '/api/catalog/data-elements',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Danh sách phần tử dữ liệu: lọc theo mục chương trình (gồm các mục con), tìm theo mã/tên không dấu, phân trang',
        querystring: dataElementListQuery,
        response: { 200: dataElementListResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      const programItemIds = q.programItemId ? await programSubtreeIds(db, q.programItemId) : undefined;
      const { rows, total } = await queryDataElements(db, { programItemIds, q: q.q, valueType: q.valueType, comboId: q.categoryComboId, limit: q.limit, offset: q.offset });
      return { items: rows.map(presentDataElement), total, abilities: abilitiesOf(auth) };
    },
  );

  r.get(
    '/api/catalog/data-elements/:id',
    { schema: { tags: ['catalog'], summary: 'Một phần tử dữ liệu cùng các ô phân tổ của nó', params: idParams, response: { 200: dataElementDetail, ...errors } } },
    async (request) => elementDetail(requireAuth(request), request.params.id),
  );

  r.post(
    '/api/catalog/data-elements',
    { schema: { tags: ['catalog'], summary: 'Tạo phần tử dữ liệu (kiểu giá trị, cách tổng hợp, tổ hợp phân tổ, mục chương trình)', body: dataElementBody, response: { 201: dataElementDetail, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const id = await createDataElement(ctx, request, request.body);
      return reply.status(201).send(await elementDetail(auth, id));
    },
  );

  r.patch(
    '/api/catalog/data-elements/:id',
    { schema: { tags: ['catalog'], summary: 'Sửa phần tử dữ liệu (mã không đổi)', params: idParams, body: dataElementUpdateBody, response: { 200: dataElementDetail, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const element = await findDataElement(db, request.params.id);
      if (!element) throw notFound();
      await updateDataElement(ctx, request, element.id, request.body);
      return elementDetail(auth, element.id);
    },
  );

  // --- expressions ---

  r.post(
    '/api/catalog/expressions/check',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Kiểm tra biểu thức (tử số, mẫu số, quy tắc kiểm tra): lỗi kèm vị trí, diễn giải bằng lời, các tham chiếu',
        body: expressionCheckBody,
        response: { 200: expressionCheckResponse, ...errors },
      },
    },
    async (request) => {
      requireAuth(request);
      return checkExpression(request.body.expression, await loadCatalogueSnapshot(db), requestLanguage(request), request.body.expect);
    },
  );

  // --- indicators ---

  const indicatorView = async (auth: AuthContext, lang: 'vi' | 'en', id: string) => {
    const row = await findIndicator(db, id);
    if (!row) throw notFound();
    const targets = await nationalTargets(db, [row.id]);
    return { ...presentIndicator(row, await loadCatalogueSnapshot(db), lang, targets.get(row.id) ?? []), abilities: abilitiesOf(auth) };
  };

  r.get(
    '/api/catalog/indicators',
    { schema: { tags: ['catalog'], summary: 'Danh sách chỉ số: tử số, mẫu số (kèm diễn giải), hệ số, chiều tốt, mục tiêu quốc gia', querystring: indicatorListQuery, response: { 200: indicatorListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const lang = requestLanguage(request);
      const q = request.query;
      const programItemIds = q.programItemId ? await programSubtreeIds(db, q.programItemId) : undefined;
      const { rows, total } = await queryIndicators(db, { programItemIds, q: q.q, limit: q.limit, offset: q.offset });
      const snapshot = await loadCatalogueSnapshot(db);
      const targets = await nationalTargets(db, rows.map((i) => i.id));
      return { items: rows.map((i) => presentIndicator(i, snapshot, lang, targets.get(i.id) ?? [])), total, abilities: abilitiesOf(auth) };
    },
  );

  r.get(
    '/api/catalog/indicators/:id',
    { schema: { tags: ['catalog'], summary: 'Một chỉ số', params: idParams, response: { 200: indicatorDetail, ...errors } } },
    async (request) => indicatorView(requireAuth(request), requestLanguage(request), request.params.id),
  );

  r.post(
    '/api/catalog/indicators',
    { schema: { tags: ['catalog'], summary: 'Tạo chỉ số; tử số và mẫu số được kiểm tra cú pháp và tham chiếu', body: indicatorBody, response: { 201: indicatorDetail, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const id = await createIndicator(ctx, request, request.body);
      return reply.status(201).send(await indicatorView(auth, requestLanguage(request), id));
    },
  );

  r.patch(
    '/api/catalog/indicators/:id',
    { schema: { tags: ['catalog'], summary: 'Sửa chỉ số (mã không đổi)', params: idParams, body: indicatorUpdateBody, response: { 200: indicatorDetail, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const indicator = await findIndicator(db, request.params.id);
      if (!indicator) throw notFound();
      await updateIndicator(ctx, request, indicator.id, request.body);
      return indicatorView(auth, requestLanguage(request), indicator.id);
    },
  );

  // --- validation rules ---

  const ruleView = async (id: string, lang: 'vi' | 'en') => {
    const row = await findValidationRule(db, id);
    if (!row) throw notFound();
    return presentValidationRule(row, await loadCatalogueSnapshot(db), lang);
  };

  r.get(
    '/api/catalog/validation-rules',
    { schema: { tags: ['catalog'], summary: 'Danh sách quy tắc kiểm tra số liệu (vế trái, phép so sánh, vế phải)', response: { 200: validationRuleListResponse, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const lang = requestLanguage(request);
      const snapshot = await loadCatalogueSnapshot(db);
      return { items: (await listValidationRules(db)).map((v) => presentValidationRule(v, snapshot, lang)), abilities: abilitiesOf(auth) };
    },
  );

  r.get(
    '/api/catalog/validation-rules/:id',
    { schema: { tags: ['catalog'], summary: 'Một quy tắc kiểm tra', params: idParams, response: { 200: validationRuleView, ...errors } } },
    async (request) => {
      requireAuth(request);
      return ruleView(request.params.id, requestLanguage(request));
    },
  );

  r.post(
    '/api/catalog/validation-rules',
    { schema: { tags: ['catalog'], summary: 'Tạo quy tắc kiểm tra; hai vế được kiểm tra cú pháp và tham chiếu', body: validationRuleBody, response: { 201: validationRuleView, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const id = await createValidationRule(ctx, request, request.body);
      return reply.status(201).send(await ruleView(id, requestLanguage(request)));
    },
  );

  r.patch(
    '/api/catalog/validation-rules/:id',
    { schema: { tags: ['catalog'], summary: 'Sửa quy tắc kiểm tra (mã không đổi)', params: idParams, body: validationRuleUpdateBody, response: { 200: validationRuleView, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      assertCanManageCatalog(auth);
      const rule = await findValidationRule(db, request.params.id);
      if (!rule) throw notFound();
      await updateValidationRule(ctx, request, rule.id, request.body);
      return ruleView(rule.id, requestLanguage(request));
    },
  );
}
