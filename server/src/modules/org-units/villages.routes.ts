// Maintaining units: villages under a 2025 commune (add, rename, close, import from
// CSV/XLSX, the import template) and attributes of any unit the caller manages.
import type { FastifyInstance } from 'fastify';
import { XLSX_TYPE, readUpload } from '../../platform/http/upload.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import { closeUnitBody, createVillageBody, unitDetail, updateUnitBody, villageImportQuery, villageImportReport } from '@shared/schemas/units.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { closeVillage } from './commands/close-village.ts';
import { createVillage } from './commands/create-village.ts';
import { importVillages } from './commands/import-villages.ts';
import { updateUnit } from './commands/update-unit.ts';
import { findUnit } from './org-units.repository.ts';
import { assertCanManageUnit, assertUnitAdministrator } from './org-units.policy.ts';
import { unitDetailView } from './unit-detail.ts';
import { parseVillageRows, readSheet } from './village-import.ts';
import { buildVillageTemplate, TEMPLATE_FILE_NAME } from './village-template.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 413: errorResponse };

export async function villagesRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The unit, if it exists and the caller manages it; "not found" for both otherwise. */
  const loadManagedUnit = async (auth: AuthContext, id: string) => {
    const unit = await findUnit(ctx.db, id);
    if (!unit) throw notFound();
    await assertCanManageUnit(ctx, auth, unit.id);
    return unit;
  };

  r.post(
    '/api/units/:id/villages',
    { schema: { tags: ['units'], summary: 'Thêm thôn, bản, tổ dân phố vào một xã, phường (hệ thống 2025)', params: idParams, body: createVillageBody, response: { 201: unitDetail, ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      const commune = await loadManagedUnit(auth, request.params.id);
      const id = await createVillage(ctx, request, commune, request.body);
      return reply.status(201).send(await unitDetailView(ctx, auth, id));
    },
  );

  r.patch(
    '/api/units/:id',
    { schema: { tags: ['units'], summary: 'Sửa thuộc tính đơn vị (vùng, ĐBKK…); tên và loại chỉ với thôn', params: idParams, body: updateUnitBody, response: { 200: unitDetail, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const unit = await loadManagedUnit(auth, request.params.id);
      await updateUnit(ctx, request, unit.id, request.body);
      return unitDetailView(ctx, auth, unit.id);
    },
  );

  r.post(
    '/api/units/:id/close',
    { schema: { tags: ['units'], summary: 'Đóng thôn (giải thể, sáp nhập): đặt ngày hết hiệu lực, không xóa dữ liệu', params: idParams, body: closeUnitBody, response: { 200: unitDetail, ...errors } } },
    async (request) => {
      const auth = requireAuth(request);
      const unit = await loadManagedUnit(auth, request.params.id);
      await closeVillage(ctx, request, unit.id, request.body.validTo);
      return unitDetailView(ctx, auth, unit.id);
    },
  );

  r.post(
    '/api/units/:id/villages/import',
    {
      schema: {
        tags: ['units'],
        summary: 'Nhập danh sách thôn của xã từ tệp CSV hoặc XLSX (trường "file"); kiểm tra mọi dòng, ghi tất cả hoặc không ghi gì',
        description: 'dryRun=true chỉ kiểm tra và báo cáo. Có dòng lỗi: 422 import_rejected, error.details là báo cáo (số dòng tính cả dòng tiêu đề).',
        consumes: ['multipart/form-data'],
        // Documents the upload; the file itself is read from the multipart stream.
        body: z.unknown().optional().describe('multipart/form-data: trường "file" là tệp CSV (UTF-8) hoặc XLSX'),
        params: idParams,
        querystring: villageImportQuery,
        response: { 200: villageImportReport, ...errors, 422: errorResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const commune = await loadManagedUnit(auth, request.params.id);
      const upload = await readUpload(request);
      const parsed = parseVillageRows(await readSheet(upload.data, upload.fileName ?? undefined));
      return importVillages(ctx, request, commune, parsed, { dryRun: request.query.dryRun === 'true', fileName: upload.fileName });
    },
  );

  // A file, not JSON: declared on the untyped instance so the reply may be a Buffer.
  app.get(
    '/api/units/villages/template.xlsx',
    { schema: { tags: ['units'], summary: 'Tải mẫu Excel nhập danh sách thôn', response: { ...errors } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      assertUnitAdministrator(auth);
      const file = await buildVillageTemplate();
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${TEMPLATE_FILE_NAME}"`).send(file);
    },
  );
}
