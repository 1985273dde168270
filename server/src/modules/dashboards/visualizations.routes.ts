// Favourites (issue 5): saved pivot tables, charts and maps — an analytics request plus
// display options — listed (mine and shared with me, by type, searched without
// diacritics), opened, replaced, renamed, shared with users and units, deleted.
// analytics.read to use at all; the rest by dashboards.policy.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  type VisualizationBody,
  sharingBody,
  visualizationBody,
  visualizationListQuery,
  visualizationListResponse,
  visualizationPatch,
  visualizationView,
} from '@shared/schemas/dashboards.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { createVisualization, deleteVisualization, renameVisualization, replaceVisualization, shareVisualization } from './commands/manage-visualization.ts';
import { abilitiesFor, canRead, viewerOf, type Viewer } from './dashboards.policy.ts';
import { presentVisualization, presentVisualizationSummary } from './dashboards.presenter.ts';
import { checkSharing, ownerNames, sharingView } from './sharing.repository.ts';
import { findVisualization, listVisualizations, unknownDataItems, unknownRequestUnits, type VisualizationRow } from './visualizations.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const tags = ['visualizations'];

export async function visualizationsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  /** Lists and creation: analytics.read somewhere, else 403. */
  const user = (request: Parameters<typeof requireAuth>[0]): Viewer => {
    const viewer = viewerOf(requireAuth(request));
    if (!viewer) throw new AppError('forbidden');
    return viewer;
  };
  /** One favourite the caller may read; "not found" for missing and forbidden alike. */
  const load = async (request: Parameters<typeof requireAuth>[0], id: string): Promise<{ viewer: Viewer; row: VisualizationRow }> => {
    const viewer = viewerOf(requireAuth(request));
    if (!viewer) throw notFound();
    const row = await findVisualization(db, id);
    if (!row || !(await canRead(db, viewer, row))) throw notFound();
    return { viewer, row };
  };
  const allow = (viewer: Viewer, row: VisualizationRow, what: 'edit' | 'share' | 'delete') => {
    if (!abilitiesFor(viewer, row, 'visualization')[what]) throw new AppError('forbidden');
  };
  /** Beyond the shape (zod): the data items and units must exist. */
  const checkConfig = async (body: VisualizationBody) => {
    const unknown = await unknownDataItems(db, body.config.request.dx);
    if (unknown.length > 0) throw new AppError('visualization_unknown_items', { codes: unknown.join(', ') }, { fields: [{ path: 'body.config.request.dx', message: unknown.join(', ') }] });
    const units = await unknownRequestUnits(db, body.config.request.ou);
    if (units.length > 0) throw new AppError('visualization_unknown_units', { ids: units.join(', ') }, { fields: [{ path: 'body.config.request.ou', message: units.join(', ') }] });
  };
  const presentOne = async (viewer: Viewer, id: string) => {
    const row = (await findVisualization(db, id))!;
    const [owners, sharing] = await Promise.all([ownerNames(db, [row.owner_id]), sharingView(db, row)]);
    return presentVisualization(row, viewer, owners, sharing);
  };

  r.get(
    '/api/visualizations',
    {
      schema: {
        tags,
        summary: 'Bảng, biểu đồ, bản đồ đã lưu: của tôi và được chia sẻ với tôi; lọc theo loại, tìm theo tên (không cần dấu)',
        querystring: visualizationListQuery,
        response: { 200: visualizationListResponse, ...errors },
      },
    },
    async (request) => {
      const viewer = user(request);
      const { rows, total } = await listVisualizations(db, viewer, request.query);
      const owners = await ownerNames(db, rows.map((x) => x.owner_id));
      return { items: rows.map((row) => presentVisualizationSummary(row, viewer, owners)), total };
    },
  );

  r.post(
    '/api/visualizations',
    {
      schema: {
        tags,
        summary: 'Lưu bảng, biểu đồ hoặc bản đồ (yêu cầu phân tích + tùy chọn hiển thị)',
        body: visualizationBody,
        response: { 201: visualizationView, ...errors },
      },
    },
    async (request, reply) => {
      const viewer = user(request);
      await checkConfig(request.body);
      const id = await createVisualization(ctx, originOf(request, clock.now()), viewer.userId, request.body);
      return reply.status(201).send(await presentOne(viewer, id));
    },
  );

  r.get(
    '/api/visualizations/:id',
    { schema: { tags, summary: 'Chi tiết bảng, biểu đồ, bản đồ đã lưu (cấu hình, quyền của người xem)', params: idParams, response: { 200: visualizationView, ...errors } } },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      return presentOne(viewer, row.id);
    },
  );

  r.put(
    '/api/visualizations/:id',
    {
      schema: { tags, summary: 'Thay toàn bộ bảng, biểu đồ, bản đồ đã lưu (chỉ người tạo)', params: idParams, body: visualizationBody, response: { 200: visualizationView, ...errors } },
    },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'edit');
      await checkConfig(request.body);
      await replaceVisualization(ctx, originOf(request, clock.now()), row, request.body);
      return presentOne(viewer, row.id);
    },
  );

  r.patch(
    '/api/visualizations/:id',
    { schema: { tags, summary: 'Đổi tên hoặc mô tả bảng, biểu đồ, bản đồ đã lưu', params: idParams, body: visualizationPatch, response: { 200: visualizationView, ...errors } } },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'edit');
      await renameVisualization(ctx, originOf(request, clock.now()), row, request.body);
      return presentOne(viewer, row.id);
    },
  );

  r.put(
    '/api/visualizations/:id/sharing',
    {
      schema: {
        tags,
        summary: 'Chia sẻ (chỉ xem) với người dùng và đơn vị: chia sẻ với đơn vị đến mọi người có quyền phân tích được phân công trong đơn vị đó và cấp dưới',
        params: idParams,
        body: sharingBody,
        response: { 200: visualizationView, ...errors },
      },
    },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'share');
      const sharing = await checkSharing(db, viewer, request.body);
      await shareVisualization(ctx, originOf(request, clock.now()), row, sharing);
      return presentOne(viewer, row.id);
    },
  );

  r.delete(
    '/api/visualizations/:id',
    { schema: { tags, summary: 'Xóa bảng, biểu đồ, bản đồ đã lưu (và các mục hiển thị nó trên trang tổng quan)', params: idParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'delete');
      await deleteVisualization(ctx, originOf(request, clock.now()), row);
      return reply.status(204).send(null);
    },
  );
}
