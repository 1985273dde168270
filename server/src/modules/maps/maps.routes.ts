// Maps (issue 5): boundary layers for the thematic map, the official-boundary import
// and unit points. Layers are built-in 2025 provinces (Natural Earth, dissolved) with
// the imported boundary of a unit taking its place; communes exist where imported.
// Layers carry an ETag and are revalidated (304) rather than downloaded again.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  boundariesQuery,
  boundaryCollection,
  boundaryImportQuery,
  boundaryImportReport,
  pointsQuery,
  unitPointBody,
  unitPointCollection,
  unitPointFeature,
  type BoundaryLevel,
} from '@shared/schemas/maps.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { requireAuth, type AuthContext } from '../auth/auth-context.ts';
import { originOf, recordAudit } from '../audit/audit.repository.ts';
import { builtinBoundaries } from './builtin-boundaries.ts';
import { importBoundaries, type UploadedFile } from './commands/import-boundaries.ts';
import type { BBox } from './geometry.ts';
import { assertCanImportBoundaries, loadPointUnit, loadViewableProvince } from './maps.policy.ts';
import { presentLayer, presentPoints, type ArchipelagoEntry, type LayerEntry, type PointEntry } from './maps.presenter.ts';
import { boundaryLabelPoints, boundaryVersions, findUnitPoint, layerUnits, setUnitPoint, unitPoints, webBoundaries, type LayerUnit } from './maps.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 413: errorResponse };

/** The units of a layer: every current 2025 province, or the communes of a province the caller sees. */
async function unitsOfLayer(ctx: AppContext, auth: AuthContext, level: BoundaryLevel, parent: string | undefined): Promise<{ units: LayerUnit[]; parentId: string | null }> {
  if (level === 'province') return { units: await layerUnits(ctx.db, 'province', null), parentId: null };
  if (!parent) throw new AppError('invalid_input', { reason: 'parent (tỉnh) là bắt buộc khi level=commune' });
  const province = await loadViewableProvince(ctx, auth, parent);
  return { units: await layerUnits(ctx.db, 'commune', province.id), parentId: province.id };
}

/** Every file of a multipart upload in the field "file" (several allowed), within the boundary upload limit in total. */
async function readGeoFiles(request: FastifyRequest, limit: number): Promise<UploadedFile[]> {
  if (!request.isMultipart()) throw new AppError('invalid_file');
  const files: UploadedFile[] = [];
  let total = 0;
  for await (const part of request.files({ limits: { files: 1000, fileSize: limit } })) {
    const data = await part.toBuffer();
    if (part.fieldname !== 'file') continue;
    total += data.length;
    if (total > limit) throw new AppError('payload_too_large');
    files.push({ name: part.filename || `tệp ${files.length + 1}`, data });
  }
  if (files.length === 0 || files.every((f) => f.data.length === 0)) throw new AppError('invalid_file');
  return files;
}

export async function mapsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/maps/boundaries',
    {
      schema: {
        tags: ['maps'],
        summary: 'Lớp ranh giới (GeoJSON): các tỉnh năm 2025, hoặc các xã của một tỉnh (chỉ nơi đã nhập ranh giới chính thức)',
        description:
          'Ranh giới đã nhập thay thế ranh giới có sẵn (Natural Earth) của đơn vị đó. Lớp tỉnh luôn kèm điểm nhãn Quần đảo Hoàng Sa (Đà Nẵng) và Quần đảo Trường Sa (Khánh Hòa). Có ETag: gửi If-None-Match để nhận 304 khi không đổi.',
        querystring: boundariesQuery,
        response: { 200: boundaryCollection, 304: z.null().describe('Không đổi so với ETag đã có'), ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { level, parent } = request.query;
      const { units, parentId } = await unitsOfLayer(ctx, auth, level, parent);
      const builtin = builtinBoundaries();
      const versions = await boundaryVersions(ctx.db, units.map((u) => u.id));
      const etag = `"${createHash('sha1')
        .update([builtin.version, level, parentId ?? '', ...units.map((u) => `${u.id}:${u.code}:${u.name}:${versions.get(u.id) ?? ''}`)].join('|'))
        .digest('base64url')}"`;
      void reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);

      const imported = new Map((await webBoundaries(ctx.db, [...versions.keys()])).map((b) => [b.unit_id, b]));
      const entries: LayerEntry[] = [];
      for (const u of units) {
        const own = imported.get(u.id);
        if (own) {
          entries.push({ unitId: u.id, code: u.code, name: u.name, source: 'imported', geometry: own.web_geometry as LayerEntry['geometry'], bbox: own.bbox as BBox, labelPoint: [own.label_point[0]!, own.label_point[1]!] });
          continue;
        }
        const b = level === 'province' ? builtin.provinces.get(u.code) : undefined;
        if (b) entries.push({ unitId: u.id, code: u.code, name: u.name, source: 'builtin', geometry: b.geometry, bbox: b.bbox, labelPoint: b.labelPoint });
      }
      const byCode = new Map(units.map((u) => [u.code, u]));
      const archipelagos: ArchipelagoEntry[] =
        level === 'province'
          ? builtin.archipelagos.flatMap((a) => {
              const u = byCode.get(a.code);
              const lang = requestLanguage(request);
              return u ? [{ unitId: u.id, code: u.code, name: lang === 'en' ? a.nameEn : a.name, point: a.point }] : [];
            })
          : [];
      return presentLayer(level, entries, archipelagos);
    },
  );

  r.post(
    '/api/maps/boundaries/import',
    {
      schema: {
        tags: ['maps'],
        summary: 'Nhập ranh giới chính thức của tỉnh, xã từ tệp GeoJSON (một hoặc nhiều tệp, trường "file"); kiểm tra tất cả, ghi tất cả hoặc không ghi gì',
        description:
          'Mỗi tệp là một FeatureCollection theo WGS84 (EPSG:4326); mã đơn vị (mã GSO) ở id của feature hoặc thuộc tính code. dryRun=true chỉ kiểm tra. Có lỗi: 422 boundary_import_rejected, error.details là báo cáo đầy đủ.',
        consumes: ['multipart/form-data'],
        body: z.unknown().optional().describe('multipart/form-data: một hoặc nhiều trường "file" là tệp GeoJSON'),
        querystring: boundaryImportQuery,
        response: { 200: boundaryImportReport, ...errors, 422: errorResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      assertCanImportBoundaries(auth);
      const files = await readGeoFiles(request, ctx.config.BOUNDARY_UPLOAD_LIMIT_BYTES);
      return importBoundaries(ctx, request, auth, files, { dryRun: request.query.dryRun === 'true', lang: requestLanguage(request) });
    },
  );

  r.get(
    '/api/maps/points',
    {
      schema: {
        tags: ['maps'],
        summary: 'Điểm của các đơn vị (tỉnh, hoặc xã của một tỉnh): tọa độ ghi cho đơn vị, nếu không có thì một điểm bên trong ranh giới',
        querystring: pointsQuery,
        response: { 200: unitPointCollection, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { units } = await unitsOfLayer(ctx, auth, request.query.level, request.query.parent);
      const ids = units.map((u) => u.id);
      const own = await unitPoints(ctx.db, ids);
      const fromBoundary = await boundaryLabelPoints(ctx.db, ids);
      const builtin = builtinBoundaries();
      return presentPoints(
        units.flatMap((u): PointEntry[] => {
          const mine = own.get(u.id);
          if (mine) return [{ unitId: u.id, code: u.code, name: u.name, source: 'unit' as const, point: mine }];
          const inside = fromBoundary.get(u.id) ?? (u.kind === 'province' ? builtin.provinces.get(u.code)?.labelPoint : undefined);
          return inside ? [{ unitId: u.id, code: u.code, name: u.name, source: 'boundary' as const, point: inside }] : [];
        }),
      );
    },
  );

  r.put(
    '/api/maps/points/:id',
    {
      schema: {
        tags: ['maps'],
        summary: 'Ghi tọa độ (kinh độ, vĩ độ WGS84) của một tỉnh hoặc xã',
        params: idParams,
        body: unitPointBody,
        response: { 200: unitPointFeature, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const unit = await loadPointUnit(ctx, auth, request.params.id);
      const now = ctx.clock.now();
      const { lon, lat } = request.body;
      await ctx.db.transaction().execute(async (trx) => {
        const before = await findUnitPoint(trx, unit.id);
        await setUnitPoint(trx, unit.id, [lon, lat], now);
        await recordAudit(trx, originOf(request, now), { action: 'unit.point_set', targetType: 'org_unit', targetId: unit.id, unitId: unit.id, before: before ? { point: before } : null, after: { point: [lon, lat] } });
      });
      return presentPoints([{ unitId: unit.id, code: unit.code, name: unit.name, source: 'unit', point: [lon, lat] }]).features[0]!;
    },
  );
}
