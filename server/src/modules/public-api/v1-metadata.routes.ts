// /api/v1 metadata: administrative units (2025 or pre-2025, with succession), the
// program structure, data elements, indicators and forms — by code, paged, with field
// selection and conditional GET. Units are limited to the client's units.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { foldVietnamese } from '@shared/text.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { clientOf } from './v1.plugin.ts';
import { codeList, offsetOf, paged, pager, pagingQuery, selectFields, sendCached } from './v1.support.ts';
import * as repo from './v1.repository.ts';

export const V1_ERRORS = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 429: errorResponse };
export const v1Security = (scope: string) => [{ apiClientToken: [scope] }];

const since = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const codeParams = z.object({ code: z.string().trim().min(1).max(50) }).strict();

const unitItem = z.object({
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  type: z.string(),
  level: z.number().int(),
  parentCode: z.string().nullable(),
  hierarchy: z.enum(['2025', 'pre2025', 'all']),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  lastUpdated: z.string(),
});
const UNIT_FIELDS = Object.keys(unitItem.shape);

const presentUnit = (u: repo.V1UnitRow): z.infer<typeof unitItem> => ({
  code: u.code,
  name: u.name,
  fullName: u.full_name,
  nameEn: u.name_en,
  kind: u.kind,
  type: u.type,
  level: u.level,
  parentCode: u.parent_code,
  hierarchy: u.hierarchy,
  validFrom: u.valid_from === null ? null : String(u.valid_from),
  validTo: u.valid_to === null ? null : String(u.valid_to),
  lastUpdated: u.updated_at.toISOString(),
});

const unitDetail = unitItem.extend({
  ancestors: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string(), level: z.number().int() })),
  predecessors: z.array(z.object({ code: z.string(), name: z.string(), hierarchy: z.string(), weight: z.number().nullable(), effectiveDate: z.string().nullable() })),
  successors: z.array(z.object({ code: z.string(), name: z.string(), hierarchy: z.string(), weight: z.number().nullable(), effectiveDate: z.string().nullable() })),
});

const programItem = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  kind: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  lastUpdated: z.string(),
});

const optionCombo = z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });

const dataElementItem = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  shortName: z.string().nullable(),
  description: z.string().nullable(),
  valueType: z.string(),
  aggregationType: z.string(),
  unitOfMeasure: z.string().nullable(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
  programItem: z.string().nullable(),
  categoryCombo: z.string(),
  categoryOptionCombos: z.array(optionCombo),
  lastUpdated: z.string(),
});
const ELEMENT_FIELDS = Object.keys(dataElementItem.shape);

const indicatorItem = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  numerator: z.string(),
  numeratorDescription: z.string().nullable(),
  denominator: z.string(),
  denominatorDescription: z.string().nullable(),
  factor: z.number(),
  decimals: z.number().int(),
  direction: z.enum(['higher', 'lower']),
  unitOfMeasure: z.string().nullable(),
  programItem: z.string().nullable(),
  lastUpdated: z.string(),
});
const INDICATOR_FIELDS = Object.keys(indicatorItem.shape);

const formItem = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  periodType: z.string(),
  lockDaysAfterDue: z.number().int().nullable(),
  lastUpdated: z.string(),
});
const formDetail = formItem.extend({
  sections: z.array(
    z.object({
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string().nullable(),
      dataElements: z.array(z.object({ code: z.string(), nameVi: z.string(), valueType: z.string(), required: z.boolean(), categoryCombo: z.string(), categoryOptionCombos: z.array(optionCombo) })),
    }),
  ),
  /** Who reports the form: by level (unitKind), by group, or named units; and how many of the client's units that makes. */
  assignedTo: z.array(z.object({ mode: z.enum(['level', 'group', 'unit']), unitKind: z.string().nullable(), group: z.string().nullable(), orgUnit: z.string().nullable() })),
  orgUnitCount: z.number().int(),
});

const num = (v: string | null) => (v === null ? null : Number(v));
const presentCombo = (c: { code: string; name_vi: string; name_en: string | null }) => ({ code: c.code, nameVi: c.name_vi, nameEn: c.name_en });

export async function v1MetadataRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['api-v1'];

  r.get(
    '/api/v1/units',
    {
      config: { scope: 'units.read' },
      schema: {
        tags,
        security: v1Security('units.read'),
        summary: 'Đơn vị hành chính trong phạm vi của ứng dụng: hệ thống 2025 (mặc định) hoặc trước 2025',
        description: 'Lọc theo level, kind (province, district, commune, village), parent (mã đơn vị cha), code (danh sách mã), q (tên, không dấu cũng được), updatedSince. Trang: page, pageSize (≤ 1000). fields chọn trường trả về.',
        querystring: z
          .object({
            ...pagingQuery,
            hierarchy: z.enum(['2025', 'pre2025']).default('2025'),
            level: z.coerce.number().int().min(0).max(5).optional(),
            kind: z.enum(['nation', 'province', 'district', 'commune', 'village']).optional(),
            parent: z.string().trim().min(1).max(50).optional(),
            code: codeList.optional(),
            q: z.string().trim().min(1).max(100).optional(),
            updatedSince: since.optional(),
          })
          .strict(),
        response: { 200: z.object({ pager, items: z.array(unitItem.partial()) }), 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const q = request.query;
      const { total, rows } = await repo.listUnits(
        db,
        client.unitIds,
        { hierarchy: q.hierarchy, level: q.level, kind: q.kind, parent: q.parent, codes: q.code, q: q.q ? foldVietnamese(q.q) : undefined, updatedSince: q.updatedSince },
        { limit: q.pageSize, offset: offsetOf(q) },
      );
      const body = paged(request, reply, q, total, selectFields(rows.map(presentUnit), q.fields, UNIT_FIELDS));
      return sendCached(request, reply, body, null);
    },
  );

  r.get(
    '/api/v1/units/:code',
    {
      config: { scope: 'units.read' },
      schema: {
        tags,
        security: v1Security('units.read'),
        summary: 'Một đơn vị theo mã: cấp trên, đơn vị tiền thân và kế thừa (sắp xếp 2025, kèm trọng số khi chia tách)',
        params: codeParams,
        querystring: z.object({ hierarchy: z.enum(['2025', 'pre2025']).default('2025') }).strict(),
        response: { 200: unitDetail, 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const unit = await repo.findUnitByCode(db, client.unitIds, request.params.code, request.query.hierarchy);
      if (!unit) throw notFound();
      const [ancestors, succession] = await Promise.all([repo.unitAncestors(db, unit.id), repo.unitSuccession(db, unit.id)]);
      const link = (s: (typeof succession)[number]) => ({ code: s.code, name: s.name, hierarchy: s.hierarchy, weight: s.weight === null ? null : Number(s.weight), effectiveDate: s.effective_date });
      request.apiRows = 1;
      const body = {
        ...presentUnit(unit),
        ancestors,
        predecessors: succession.filter((s) => s.direction === 'predecessor').map(link),
        successors: succession.filter((s) => s.direction === 'successor').map(link),
      };
      return sendCached(request, reply, body, unit.updated_at);
    },
  );

  r.get(
    '/api/v1/program',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Cấu trúc Chương trình: các dự án, tiểu dự án, nội dung thành phần (cây, theo mã cha)',
        response: { 200: z.object({ items: z.array(programItem) }), 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const rows = await repo.listProgramItems(db);
      request.apiRows = rows.length;
      const body = {
        items: rows.map((i) => ({ code: i.code, parentCode: i.parent_code, kind: i.kind, nameVi: i.name_vi, nameEn: i.name_en, description: i.description, lastUpdated: i.updated_at.toISOString() })),
      };
      return sendCached(request, reply, body, null);
    },
  );

  const catalogQuery = z
    .object({ ...pagingQuery, code: codeList.optional(), q: z.string().trim().min(1).max(100).optional(), programItem: z.string().trim().min(1).max(50).optional(), updatedSince: since.optional() })
    .strict();

  r.get(
    '/api/v1/dataElements',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Chỉ tiêu dữ liệu (data elements) với kiểu giá trị, cách tổng hợp và các tổ hợp phân tổ (category option combos)',
        querystring: catalogQuery,
        response: { 200: z.object({ pager, items: z.array(dataElementItem.partial()) }), 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { total, rows } = await repo.listDataElements(db, { codes: q.code, q: q.q ? foldVietnamese(q.q) : undefined, programItem: q.programItem, updatedSince: q.updatedSince }, { limit: q.pageSize, offset: offsetOf(q) });
      const combos = await repo.optionCombos(db, rows.map((e) => String(e.combo_id)));
      const items = rows.map((e) => ({
        code: e.code,
        nameVi: e.name_vi,
        nameEn: e.name_en,
        shortName: e.short_name,
        description: e.description,
        valueType: e.value_type,
        aggregationType: e.aggregation_type,
        unitOfMeasure: e.unit_of_measure_vi,
        minValue: num(e.min_value),
        maxValue: num(e.max_value),
        programItem: e.program_item_code,
        categoryCombo: e.combo_code,
        categoryOptionCombos: (combos.get(String(e.combo_id)) ?? []).map(presentCombo),
        lastUpdated: e.updated_at.toISOString(),
      }));
      const body = paged(request, reply, q, total, selectFields(items, q.fields, ELEMENT_FIELDS));
      return sendCached(request, reply, body, null);
    },
  );

  r.get(
    '/api/v1/indicators',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Chỉ số (indicators): công thức tử số / mẫu số × hệ số, chiều tốt (cao hơn hay thấp hơn là tốt)',
        querystring: catalogQuery,
        response: { 200: z.object({ pager, items: z.array(indicatorItem.partial()) }), 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { total, rows } = await repo.listIndicators(db, { codes: q.code, q: q.q ? foldVietnamese(q.q) : undefined, programItem: q.programItem, updatedSince: q.updatedSince }, { limit: q.pageSize, offset: offsetOf(q) });
      const items = rows.map((i) => ({
        code: i.code,
        nameVi: i.name_vi,
        nameEn: i.name_en,
        description: i.description,
        numerator: i.numerator,
        numeratorDescription: i.numerator_description,
        denominator: i.denominator,
        denominatorDescription: i.denominator_description,
        factor: Number(i.factor),
        decimals: i.decimals,
        direction: i.direction,
        unitOfMeasure: i.unit_of_measure_vi,
        programItem: i.program_item_code,
        lastUpdated: i.updated_at.toISOString(),
      }));
      const body = paged(request, reply, q, total, selectFields(items, q.fields, INDICATOR_FIELDS));
      return sendCached(request, reply, body, null);
    },
  );

  r.get(
    '/api/v1/forms',
    {
      config: { scope: 'data.read' },
      schema: { tags, security: v1Security('data.read'), summary: 'Biểu mẫu báo cáo (data sets) và loại kỳ báo cáo', response: { 200: z.object({ items: z.array(formItem) }), 304: z.null(), ...V1_ERRORS } },
    },
    async (request, reply) => {
      const rows = await repo.listFormsV1(db);
      request.apiRows = rows.length;
      const body = { items: rows.map((f) => ({ code: f.code, nameVi: f.name_vi, nameEn: f.name_en, description: f.description, periodType: f.period_type, lockDaysAfterDue: f.lock_days_after_due, lastUpdated: f.updated_at.toISOString() })) };
      return sendCached(request, reply, body, null);
    },
  );

  r.get(
    '/api/v1/forms/:code',
    {
      config: { scope: 'data.read' },
      schema: {
        tags,
        security: v1Security('data.read'),
        summary: 'Một biểu mẫu: các phần, chỉ tiêu và tổ hợp phân tổ; các đơn vị (trong phạm vi ứng dụng) được giao báo cáo',
        params: codeParams,
        response: { 200: formDetail, 304: z.null(), ...V1_ERRORS },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      const form = await repo.findFormByCode(db, request.params.code);
      if (!form) throw notFound();
      const [layout, assigned] = await Promise.all([repo.formLayout(db, form.id), repo.formAssignments(db, form.id, client.unitIds)]);
      // A unit named by an assignment is shown only when it is one of the client's.
      const own = await unitsInScope(db, client.unitIds, assigned.rules.flatMap((a) => (a.unit_id ? [String(a.unit_id)] : [])));
      const combos = await repo.optionCombos(db, layout.map((l) => String(l.combo_id)));
      const sections: z.infer<typeof formDetail>['sections'] = [];
      for (const l of layout) {
        let section = sections.at(-1);
        if (!section || section.code !== l.section_code) {
          section = { code: l.section_code, nameVi: l.section_name_vi, nameEn: l.section_name_en, dataElements: [] };
          sections.push(section);
        }
        section.dataElements.push({ code: l.code, nameVi: l.name_vi, valueType: l.value_type, required: l.required, categoryCombo: l.combo_code, categoryOptionCombos: (combos.get(String(l.combo_id)) ?? []).map(presentCombo) });
      }
      request.apiRows = layout.length;
      const body = { code: form.code, nameVi: form.name_vi, nameEn: form.name_en, description: form.description, periodType: form.period_type, lockDaysAfterDue: form.lock_days_after_due, lastUpdated: form.updated_at.toISOString(),
        sections,
        assignedTo: assigned.rules
          .filter((a) => a.mode !== 'unit' || own.has(String(a.unit_id)))
          .map((a) => ({ mode: a.mode, unitKind: a.unit_kind, group: a.group_code, orgUnit: a.unit_code })),
        orgUnitCount: assigned.unitsInScope,
      };
      return sendCached(request, reply, body, form.updated_at);
    },
  );
}
