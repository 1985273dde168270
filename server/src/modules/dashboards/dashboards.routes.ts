// Dashboards (issue 5): a 12-column grid of favourites, text and the list of late units,
// with default filters (period, unit) the page applies to every item; saved as a whole
// layout (overlapping or out-of-grid items refused); shared like favourites; published
// read-only for the portal by national curators. GET /:id carries every favourite's
// configuration inline, so the page asks the analytics API once per item, independently.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorMessage } from '@shared/errors.ts';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import {
  type DashboardItemInput,
  dashboardBody,
  dashboardItemsBody,
  dashboardListResponse,
  dashboardPatch,
  dashboardView,
  layoutProblem,
  listQuery,
  sharingBody,
} from '@shared/schemas/dashboards.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { originOf } from '../audit/audit.repository.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { createDashboard, deleteDashboard, saveLayout, shareDashboard, updateDashboard } from './commands/manage-dashboard.ts';
import { abilitiesFor, canRead, viewerOf, type Viewer } from './dashboards.policy.ts';
import { presentDashboard, presentDashboardSummary } from './dashboards.presenter.ts';
import { type DashboardItemRow, type DashboardRow, dashboardItems, findDashboard, formsByIds, listDashboards } from './dashboards.repository.ts';
import { publicProblem, publicRequest } from './public-access.ts';
import { checkSharing, ownerNames, sharingView, unitsByIds } from './sharing.repository.ts';
import { type VisualizationRow, visualizationsByIds } from './visualizations.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const tags = ['dashboards'];

export async function dashboardsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  const user = (request: FastifyRequest): Viewer => {
    const viewer = viewerOf(requireAuth(request));
    if (!viewer) throw new AppError('forbidden');
    return viewer;
  };
  const load = async (request: FastifyRequest, id: string): Promise<{ viewer: Viewer; row: DashboardRow }> => {
    const viewer = viewerOf(requireAuth(request));
    if (!viewer) throw notFound();
    const row = await findDashboard(db, id);
    if (!row || !(await canRead(db, viewer, row))) throw notFound();
    return { viewer, row };
  };
  const allow = (viewer: Viewer, row: DashboardRow, what: 'edit' | 'share' | 'delete' | 'publish') => {
    if (!abilitiesFor(viewer, row, 'dashboard')[what]) throw new AppError('forbidden');
  };

  /**
   * A layout: on the grid without overlaps (shared layoutProblem), favourites the caller
   * may open (those already on the dashboard stay even if the caller cannot open them),
   * known forms. Returns the favourites by id.
   */
  const checkItems = async (request: FastifyRequest, viewer: Viewer, items: DashboardItemInput[], existing: DashboardItemRow[] = []) => {
    const problem = layoutProblem(items);
    if (problem) {
      const message = errorMessage(problem.code, requestLanguage(request), problem.params);
      throw new AppError(problem.code, problem.params, { fields: [{ path: `body.items.${problem.index}`, message }] });
    }
    const vizIds = [...new Set(items.flatMap((i) => (i.visualizationId ? [i.visualizationId] : [])))];
    const kept = new Set(existing.flatMap((i) => (i.visualization_id ? [i.visualization_id] : [])));
    const found = new Map((await visualizationsByIds(db, vizIds)).map((v) => [v.id, v]));
    const refused: string[] = [];
    for (const id of vizIds) {
      const v = found.get(id);
      if (!v || (!kept.has(id) && !(await canRead(db, viewer, v)))) refused.push(id);
    }
    if (refused.length > 0) throw new AppError('dashboard_unknown_visualization', { ids: refused.join(', ') });
    const formIds = [...new Set(items.flatMap((i) => (i.formId ? [i.formId] : [])))];
    const forms = new Set((await formsByIds(db, formIds)).map((f) => f.id));
    const unknownForms = formIds.filter((id) => !forms.has(id));
    if (unknownForms.length > 0) throw new AppError('dashboard_unknown_form', { ids: unknownForms.join(', ') });
    return found;
  };
  /** The default unit: current, within the caller's analytics.read scope. */
  const checkDefaultUnit = async (viewer: Viewer, unitId: string | null | undefined) => {
    if (!unitId) return;
    const [unit] = await unitsByIds(db, [unitId]);
    const ok = unit && unit.valid_to === null && (viewer.national || (await unitsInScope(db, viewer.roots, [unitId])).has(unitId));
    if (!ok) throw new AppError('dashboard_unknown_unit', {}, { fields: [{ path: 'body.defaultUnitId', message: unitId }] });
  };
  /** A public dashboard shows aggregates only: every favourite, under the default filters, at province level or above. */
  const assertPublishable = async (defaults: { default_period: string | null; default_unit_id: string | null }, items: { item_id?: string; id?: string; visualization_id?: string | null; visualizationId?: string }[], vizById: Map<string, VisualizationRow>) => {
    for (const item of items) {
      const vid = item.visualization_id ?? item.visualizationId;
      const v = vid ? vizById.get(vid) : undefined;
      if (!v) continue;
      const reason = await publicProblem(db, publicRequest(v.config, defaults));
      if (reason) throw new AppError('dashboard_not_publishable', { item: `${item.item_id ?? item.id} — ${v.name}`, reason });
    }
  };
  const vizOf = async (items: DashboardItemRow[]) => new Map((await visualizationsByIds(db, [...new Set(items.flatMap((i) => (i.visualization_id ? [i.visualization_id] : [])))])).map((v) => [v.id, v]));
  const presentOne = async (viewer: Viewer, id: string) => {
    const row = (await findDashboard(db, id))!;
    const items = await dashboardItems(db, id);
    const [owners, units, visualizations, sharing] = await Promise.all([
      ownerNames(db, [row.owner_id]),
      unitsByIds(db, row.default_unit_id ? [row.default_unit_id] : []),
      vizOf(items),
      sharingView(db, row),
    ]);
    const defaultUnit = units[0] ? { id: units[0].id, code: units[0].code, name: units[0].name, kind: units[0].kind } : null;
    return presentDashboard(row, viewer, { owners, defaultUnit, items, visualizations, sharing });
  };

  r.get(
    '/api/dashboards',
    {
      schema: { tags, summary: 'Trang tổng quan: của tôi và được chia sẻ với tôi; tìm theo tên (không cần dấu)', querystring: listQuery, response: { 200: dashboardListResponse, ...errors } },
    },
    async (request) => {
      const viewer = user(request);
      const { rows, total } = await listDashboards(db, viewer, request.query);
      const [owners, units] = await Promise.all([ownerNames(db, rows.map((x) => x.owner_id)), unitsByIds(db, [...new Set(rows.flatMap((x) => (x.default_unit_id ? [x.default_unit_id] : [])))])]);
      const unitMap = new Map(units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name, kind: u.kind }]));
      return { items: rows.map((row) => presentDashboardSummary(row, viewer, owners, unitMap)), total };
    },
  );

  r.post(
    '/api/dashboards',
    { schema: { tags, summary: 'Tạo trang tổng quan (tên, bộ lọc mặc định, bố cục)', body: dashboardBody, response: { 201: dashboardView, ...errors } } },
    async (request, reply) => {
      const viewer = user(request);
      await checkItems(request, viewer, request.body.items);
      await checkDefaultUnit(viewer, request.body.defaultUnitId);
      const id = await createDashboard(ctx, originOf(request, clock.now()), viewer.userId, request.body);
      return reply.status(201).send(await presentOne(viewer, id));
    },
  );

  r.get(
    '/api/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Trang tổng quan với bố cục và cấu hình của từng mục (mỗi mục tự tải số liệu qua API phân tích)',
        params: idParams,
        response: { 200: dashboardView, ...errors },
      },
    },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      return presentOne(viewer, row.id);
    },
  );

  r.patch(
    '/api/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Sửa tên, mô tả, bộ lọc mặc định; công khai hoặc thôi công khai (cán bộ trung ương quản lý danh mục)',
        params: idParams,
        body: dashboardPatch,
        response: { 200: dashboardView, ...errors },
      },
    },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      const patch = request.body;
      if (patch.public !== undefined && patch.public !== row.is_public) allow(viewer, row, 'publish');
      if (patch.name !== undefined || patch.description !== undefined || patch.defaultPeriod !== undefined || patch.defaultUnitId !== undefined) allow(viewer, row, 'edit');
      await checkDefaultUnit(viewer, patch.defaultUnitId);
      const willBePublic = patch.public ?? row.is_public;
      if (willBePublic) {
        const items = await dashboardItems(db, row.id);
        const defaults = {
          default_period: patch.defaultPeriod !== undefined ? patch.defaultPeriod : row.default_period,
          default_unit_id: patch.defaultUnitId !== undefined ? patch.defaultUnitId : row.default_unit_id,
        };
        await assertPublishable(defaults, items, await vizOf(items));
      }
      await updateDashboard(ctx, originOf(request, clock.now()), row, patch);
      return presentOne(viewer, row.id);
    },
  );

  r.put(
    '/api/dashboards/:id/items',
    {
      schema: {
        tags,
        summary: 'Lưu bố cục (toàn bộ các mục): lưới 12 cột, các mục không được chồng lên nhau hay vượt ra ngoài lưới',
        params: idParams,
        body: dashboardItemsBody,
        response: { 200: dashboardView, ...errors },
      },
    },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'edit');
      const before = await dashboardItems(db, row.id);
      const vizById = await checkItems(request, viewer, request.body.items, before);
      if (row.is_public) await assertPublishable(row, request.body.items, vizById);
      await saveLayout(ctx, originOf(request, clock.now()), row, before, request.body.items);
      return presentOne(viewer, row.id);
    },
  );

  r.put(
    '/api/dashboards/:id/sharing',
    {
      schema: {
        tags,
        summary: 'Chia sẻ trang tổng quan (chỉ xem) với người dùng và đơn vị (đến người có quyền phân tích ở đơn vị đó và cấp dưới)',
        params: idParams,
        body: sharingBody,
        response: { 200: dashboardView, ...errors },
      },
    },
    async (request) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'share');
      const sharing = await checkSharing(db, viewer, request.body);
      await shareDashboard(ctx, originOf(request, clock.now()), row, sharing);
      return presentOne(viewer, row.id);
    },
  );

  r.delete(
    '/api/dashboards/:id',
    { schema: { tags, summary: 'Xóa trang tổng quan (các bảng, biểu đồ đã lưu vẫn giữ)', params: idParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const { viewer, row } = await load(request, request.params.id);
      allow(viewer, row, 'delete');
      await deleteDashboard(ctx, originOf(request, clock.now()), row, await dashboardItems(db, row.id));
      return reply.status(204).send(null);
    },
  );
}
