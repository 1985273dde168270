// Browsing administrative units: the 2025 and pre-2025 hierarchies, search without
// diacritics, a unit's page with parents, children, groups, attributes and succession,
// and the report of what the succession seed could not map.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import { listUnitsQuery, successionReport, unitDetail, unitListResponse } from '@shared/schemas/units.ts';
import { compareVietnamese } from '@shared/text.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { findAncestorNames, findPredecessorIds, findUnitsByIds, nationUnitId, queryUnits } from './org-units.repository.ts';
import { assertCanViewUnit, assertUnitAdministrator, viewScope } from './org-units.policy.ts';
import { presentUnit } from './org-units.presenter.ts';
import { successionReportView } from './succession-report.ts';
import { unitPageView } from './unit-detail.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export async function orgUnitsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  r.get(
    '/api/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Đơn vị hành chính: gốc phạm vi của người dùng, đơn vị con, hoặc tìm kiếm không dấu theo tên/mã',
        querystring: listUnitsQuery,
        response: { 200: unitListResponse, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const q = request.query;
      const scope = viewScope(auth);
      if (q.parentId) await assertCanViewUnit(ctx, auth, q.parentId);
      const browsingRoots = !q.parentId && !q.q && !q.kind && !q.groupId;
      if (browsingRoots) {
        // The top of the tree: provinces for national users, otherwise the user's own
        // units (for pre-2025, the units that became them).
        if (scope === null) {
          const nation = await nationUnitId(db);
          const { rows, total } = await queryUnits(db, { hierarchy: q.hierarchy, parentId: nation, includeClosed: q.includeClosed === 'true', scopeRoots: null, limit: q.limit, offset: q.offset });
          return { items: rows.map(presentUnit), total };
        }
        const ids = q.hierarchy === '2025' ? scope : await findPredecessorIds(db, scope);
        const rows = (await findUnitsByIds(db, ids)).filter((u) => u.hierarchy === q.hierarchy || (q.hierarchy === '2025' && u.hierarchy === 'all'));
        rows.sort((a, b) => a.level - b.level || compareVietnamese(a.name, b.name));
        return { items: rows.slice(q.offset, q.offset + q.limit).map(presentUnit), total: rows.length };
      }
      const { rows, total } = await queryUnits(db, {
        hierarchy: q.hierarchy,
        parentId: q.parentId,
        q: q.q,
        kind: q.kind,
        groupId: q.groupId,
        includeClosed: q.includeClosed === 'true',
        scopeRoots: scope,
        limit: q.limit,
        offset: q.offset,
      });
      if (!q.q) return { items: rows.map(presentUnit), total };
      // Search results carry their parents' names so "Xã Ia Grai" reads "Tỉnh Gia Lai › Xã Ia Grai".
      const ancestors = await findAncestorNames(db, rows.map((u) => u.id));
      return { items: rows.map((u) => ({ ...presentUnit(u), path: ancestors.get(u.id) ?? [] })), total };
    },
  );

  r.get(
    '/api/units/succession-report',
    {
      schema: {
        tags: ['units'],
        summary: 'Báo cáo chuyển đổi đơn vị hành chính trước/sau 01/07/2025: những gì chưa ánh xạ được',
        response: { 200: successionReport, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      assertUnitAdministrator(auth);
      return successionReportView(ctx);
    },
  );

  r.get('/api/units/:id', { schema: { tags: ['units'], summary: 'Trang đơn vị: cấp trên, mã, loại, hiệu lực, nhóm, thuộc tính, đơn vị tiền nhiệm và kế nhiệm', params: idParams, response: { 200: unitDetail, ...errors } } }, async (request) => {
    return unitPageView(ctx, requireAuth(request), request.params.id);
  });
}
