// The public portal's view of published dashboards: no sign-in. The layout with the
// favourites' configurations, and each item's figures — computed by the analytics
// engine over the whole country from approved data only, from the item's saved request
// under the dashboard's default filters; nothing the visitor sends changes the request.
// Items below province level are never answered (public-access.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse } from '@shared/schemas/common.ts';
import { publicDashboardView, publicItemData, publicItemParams, publicSlugParams } from '@shared/schemas/dashboards.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { dashboardItems, findPublicDashboard } from './dashboards.repository.ts';
import { presentPublicDashboard } from './public.presenter.ts';
import { publicData, publicProblem, publicRequest } from './public-access.ts';
import { findVisualization, visualizationsByIds } from './visualizations.repository.ts';

const errors = { 404: errorResponse, 503: errorResponse };
const tags = ['public'];
/** Published aggregates change when approvals land; a minute of caching spares the engine. */
const CACHE = 'public, max-age=60';

export async function publicDashboardsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  r.get(
    '/api/public/dashboards/:slug',
    {
      schema: {
        tags,
        summary: 'Trang tổng quan công khai (không cần đăng nhập): bố cục và cấu hình các mục, chỉ số liệu tổng hợp',
        security: [],
        params: publicSlugParams,
        response: { 200: publicDashboardView, ...errors },
      },
    },
    async (request, reply) => {
      const row = await findPublicDashboard(db, request.params.slug);
      if (!row) throw notFound();
      const items = await dashboardItems(db, row.id);
      const vizIds = [...new Set(items.flatMap((i) => (i.visualization_id ? [i.visualization_id] : [])))];
      const visualizations = new Map((await visualizationsByIds(db, vizIds)).map((v) => [v.id, v]));
      void reply.header('cache-control', CACHE);
      return presentPublicDashboard(row, items, visualizations);
    },
  );

  r.get(
    '/api/public/dashboards/:slug/items/:itemId/data',
    {
      schema: {
        tags,
        summary: 'Số liệu của một mục trên trang tổng quan công khai: số liệu đã duyệt, tổng hợp từ cấp tỉnh trở lên, theo cấu hình đã lưu',
        security: [],
        params: publicItemParams,
        response: { 200: publicItemData, ...errors },
      },
    },
    async (request, reply) => {
      const row = await findPublicDashboard(db, request.params.slug);
      if (!row) throw notFound();
      const item = (await dashboardItems(db, row.id)).find((i) => i.item_id === request.params.itemId);
      if (!item || item.type !== 'visualization' || !item.visualization_id) throw notFound();
      const v = await findVisualization(db, item.visualization_id);
      if (!v) throw notFound();
      const req = publicRequest(v.config, row);
      // Checked when published and when the layout changes; checked again here because the
      // favourite itself may have been edited since.
      if (await publicProblem(db, req)) throw notFound();
      const data = await publicData(ctx, req);
      void reply.header('cache-control', CACHE);
      return data;
    },
  );
}
