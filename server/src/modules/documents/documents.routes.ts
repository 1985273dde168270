// Documents (issue 6, item 4) under /api/documents: generate the consolidated report of a
// form and period, or the task progress report of a unit over a date range, as Word
// (Decree 30/2020 layout or an uploaded template), Excel or PDF; the register of generated
// documents with their files; administrators' Word templates.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  capabilities,
  DOCUMENT_KINDS,
  documentList,
  documentListQuery,
  documentView,
  generateConsolidatedBody,
  generateTaskProgressBody,
  headerDefaults,
  headerDefaultsQuery,
  TEMPLATE_FIELDS,
  templateList,
  templateListQuery,
  templateUploadQuery,
  templateView,
} from '@shared/schemas/documents.ts';
import { vietnamDate } from '@shared/engine/periods.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { readUpload } from '../../platform/http/upload.ts';
import { attachmentDisposition } from '../aggregation/consolidated-xlsx.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { holdsOverUnit } from '../data-values/data-values.policy.ts';
import { DOCX_TYPE, generateConsolidatedDocument, generateTaskProgressDocument } from './commands/generate-document.ts';
import { deleteTemplate, uploadTemplate } from './commands/manage-template.ts';
import { assertCanManageTemplate, assertCanReadDocument, canManageTemplateAt, canManageTemplates, registerRoots, templateManageRoots } from './documents.policy.ts';
import { presentDocument, presentTemplate } from './documents.presenter.ts';
import { documentContent, findDocument, findTemplate, findUnit, listDocuments, listTemplates, nextRegisterNo, templateContent } from './documents.repository.ts';
import { defaultHeader, signerNameOf } from './header-defaults.ts';
import { libreOffice } from './pdf.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const tags = ['documents'];
const binary = (description: string) => z.string().meta({ format: 'binary', description });

export async function documentsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  // Found once at start; the screen asks /capabilities to say when PDF needs LibreOffice.
  void libreOffice(ctx.config).then((p) => ctx.log.info({ libreOffice: p }, p ? 'LibreOffice found: PDF documents available' : 'LibreOffice not found: PDF documents unavailable'));

  r.get(
    '/api/documents/capabilities',
    { schema: { tags, summary: 'Khả năng tạo văn bản của máy chủ: có xuất PDF được không (cần LibreOffice)', response: { 200: capabilities, 401: errorResponse } } },
    async (request) => {
      requireAuth(request);
      return { pdf: (await libreOffice(ctx.config)) !== null, kinds: [...DOCUMENT_KINDS] };
    },
  );

  r.get(
    '/api/documents/header-defaults',
    {
      schema: {
        tags,
        summary: 'Thể thức mặc định (Nghị định 30/2020) cho văn bản của một đơn vị: cơ quan chủ quản, cơ quan ban hành, ký hiệu, địa danh, người ký, nơi nhận, số tiếp theo',
        querystring: headerDefaultsQuery,
        response: { 200: headerDefaults, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const unit = await findUnit(db, request.query.unitId);
      if (!unit || !(await holdsOverUnit(ctx, auth, 'data.read', unit.id))) throw notFound();
      const d = defaultHeader({ kind: unit.kind, name: unit.name, fullName: unit.full_name }, signerNameOf(auth.user.displayName));
      const next = await nextRegisterNo(db, unit.id, Number(vietnamDate(clock.now()).slice(0, 4)));
      return { ...d, nextNumber: `${next}/BC-${d.symbol}` };
    },
  );

  r.post(
    '/api/documents/consolidated',
    {
      schema: {
        tags,
        summary: 'Tạo văn bản báo cáo tổng hợp của một biểu mẫu, kỳ và đơn vị: Word theo thể thức Nghị định 30/2020 (hoặc theo mẫu đã tải lên), Excel hoặc PDF; ghi vào sổ văn bản',
        description:
          'Cùng kiểm tra quyền và tham số như /api/reports/consolidated. Văn bản được cấp số tiếp theo trong sổ của đơn vị theo năm (trừ khi header.number được chọn), lưu kèm tệp và ghi nhật ký. ' +
          'format=pdf cần LibreOffice trên máy chủ (không có: 503 pdf_unavailable).',
        body: generateConsolidatedBody,
        response: { 201: documentView, ...errors, 422: errorResponse, 502: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const id = await generateConsolidatedDocument(ctx, auth, originOf(request, clock.now()), request.body);
      return reply.status(201).send(presentDocument((await findDocument(db, id))!));
    },
  );

  r.post(
    '/api/documents/task-progress',
    {
      schema: {
        tags,
        summary: 'Tạo văn bản báo cáo tiến độ thực hiện nhiệm vụ của một đơn vị (và các đơn vị trực thuộc) từ ngày from đến ngày to: Word theo thể thức Nghị định 30/2020 (hoặc theo mẫu đã tải lên), Excel hoặc PDF; ghi vào sổ văn bản',
        description:
          'Cùng dữ liệu và kiểm tra quyền như /api/task-reports/progress (đơn vị hoặc kế hoạch ngoài phạm vi: 404). from phải trước hoặc bằng to. Văn bản được cấp số tiếp theo trong sổ của đơn vị theo năm (trừ khi header.number được chọn), lưu kèm tệp và ghi nhật ký. ' +
          'format=pdf cần LibreOffice trên máy chủ (không có: 503 pdf_unavailable).',
        body: generateTaskProgressBody,
        response: { 201: documentView, ...errors, 422: errorResponse, 502: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const id = await generateTaskProgressDocument(ctx, auth, originOf(request, clock.now()), request.body);
      return reply.status(201).send(presentDocument((await findDocument(db, id))!));
    },
  );

  r.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Sổ đăng ký văn bản đã tạo (mới nhất trước): văn bản của các đơn vị trong phạm vi xem số liệu của người dùng và văn bản do chính họ tạo',
        querystring: documentListQuery,
        response: { 200: documentList, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { items, total } = await listDocuments(db, request.query, { roots: registerRoots(auth), userId: auth.user.id });
      return { items: items.map(presentDocument), total };
    },
  );

  r.get('/api/documents/:id', { schema: { tags, summary: 'Một văn bản trong sổ', params: idParams, response: { 200: documentView, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    return presentDocument(await assertCanReadDocument(ctx, auth, await findDocument(db, request.params.id)));
  });

  app.get(
    '/api/documents/:id/file',
    { schema: { tags, summary: 'Tải tệp của một văn bản trong sổ (Word, Excel hoặc PDF)', params: idParams, response: { 200: binary('Tệp văn bản'), ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { id } = request.params as { id: string };
      const doc = await assertCanReadDocument(ctx, auth, await findDocument(db, id));
      const file = await documentContent(db, doc.id);
      if (!file) throw notFound();
      await recordAudit(db, originOf(request, clock.now()), { action: 'document.downloaded', targetType: 'generated_document', targetId: doc.id, unitId: doc.unit_id, details: { number: doc.number, format: doc.format } });
      return reply.header('content-type', doc.content_type).header('content-disposition', attachmentDisposition(doc.file_name)).header('cache-control', 'private, no-store').send(file);
    },
  );

  // --- templates ---

  r.get(
    '/api/documents/templates/fields',
    { schema: { tags, summary: 'Các tên (placeholder, vòng lặp) mẫu Word được dùng cho từng loại báo cáo', response: { 200: z.record(z.string(), z.array(z.unknown())), 401: errorResponse } } },
    async (request) => {
      requireAuth(request);
      return Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, TEMPLATE_FIELDS[k]]));
    },
  );

  r.get(
    '/api/documents/templates',
    {
      schema: {
        tags,
        summary: 'Mẫu văn bản Word: mẫu người dùng quản lý được (document.manage) và — với forUnitId — các mẫu dùng được cho báo cáo của đơn vị đó',
        querystring: templateListQuery,
        response: { 200: templateList, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { kind, forUnitId } = request.query;
      if (forUnitId && !(await holdsOverUnit(ctx, auth, 'data.read', forUnitId))) throw notFound();
      const manageRoots = canManageTemplates(auth) ? templateManageRoots(auth) : [];
      const rows = await listTemplates(db, { kind, manageRoots, forUnitId });
      const items = await Promise.all(rows.map(async (t) => presentTemplate(t, await canManageTemplateAt(ctx, auth, t.unit_id))));
      return { items };
    },
  );

  r.post(
    '/api/documents/templates',
    {
      schema: {
        tags,
        summary: 'Tải lên mẫu Word (.docx, trường "file") với placeholder {unit.name} và vòng lặp {#rows}{name} {value}{/rows}; từ chối nếu dùng tên dữ liệu không có',
        description: 'Tham số: name (tên mẫu), kind (consolidated | task_progress), unitId (đơn vị dùng mẫu; mặc định đơn vị đầu tiên người dùng có quyền document.manage).',
        querystring: templateUploadQuery,
        consumes: ['multipart/form-data'],
        response: { 201: templateView, ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      if (!canManageTemplates(auth)) throw new AppError('forbidden');
      const roots = templateManageRoots(auth);
      const unitId = request.query.unitId ?? (roots === null ? auth.assignments.find((a) => a.permissions.includes('document.manage'))!.unitId : roots[0]!);
      if (!(await canManageTemplateAt(ctx, auth, unitId))) throw notFound();
      const upload = await readUpload(request);
      const id = await uploadTemplate(ctx, originOf(request, clock.now()), {
        name: request.query.name,
        kind: request.query.kind,
        unitId,
        fileName: (upload.fileName ?? 'mau.docx').normalize('NFC').slice(0, 200),
        file: upload.data,
      });
      return reply.status(201).send(presentTemplate((await findTemplate(db, id))!, true));
    },
  );

  app.get(
    '/api/documents/templates/:id/file',
    { schema: { tags, summary: 'Tải tệp mẫu Word đã tải lên', params: idParams, response: { 200: binary('Tệp .docx'), ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const t = await assertCanManageTemplate(ctx, auth, await findTemplate(db, (request.params as { id: string }).id));
      const file = await templateContent(db, t.id);
      if (!file) throw notFound();
      return reply.header('content-type', DOCX_TYPE).header('content-disposition', attachmentDisposition(t.file_name)).send(file);
    },
  );

  r.delete('/api/documents/templates/:id', { schema: { tags, summary: 'Xóa mẫu Word (văn bản đã tạo từ mẫu vẫn giữ trong sổ)', params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const auth = requireAuth(request);
    if (!canManageTemplates(auth)) throw new AppError('forbidden');
    const t = await assertCanManageTemplate(ctx, auth, await findTemplate(db, request.params.id));
    await deleteTemplate(ctx, originOf(request, clock.now()), t);
    return reply.status(204).send(null);
  });
}
