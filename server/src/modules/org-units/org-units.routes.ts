// Browsing administrative units: the 2025 and pre-2025 hierarchies, search without
// diacritics, a unit's page with parents, children, groups, attributes and succession.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse, idParams } from '@shared/schemas/common.ts';
import { listUnitsQuery, unitDetail, unitListResponse } from '@shared/schemas/units.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { requireAuth } from '../auth/auth-context.ts';
import { findAncestors, findPredecessorIds, findSuccession, findUnit, findUnitGroups, findUnitsByIds, nationUnitId, queryUnits } from './org-units.repository.ts';
import { assertCanViewUnit, canManageUnit, viewScope } from './org-units.policy.ts';
import { presentUnit } from './org-units.presenter.ts';
import { compareVietnamese } from '@shared/text.ts';
import { notFound } from '../../platform/errors.ts';

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
      const ancestorsById = new Map<string, string[]>();
      if (q.q) {
        // Search results carry their parents' names so "Xã Ia Grai" reads "Gia Lai › Xã Ia Grai".
        const parentIds = [...new Set(rows.flatMap((u) => u.path.split('/').slice(2, -1)))];
        void parentIds;
        for (const u of rows) ancestorsById.set(u.id, (await findAncestors(db, u.id)).filter((a) => a.kind !== 'nation').map((a) => a.full_name));
      }
      return { items: rows.map((u) => ({ ...presentUnit(u), ...(q.q ? { path: ancestorsById.get(u.id) ?? [] } : {}) })), total };
    },
  );

  r.get('/api/units/:id', { schema: { tags: ['units'], summary: 'Trang đơn vị: cấp trên, mã, loại, hiệu lực, nhóm, thuộc tính, đơn vị tiền nhiệm và kế nhiệm', params: idParams, response: { 200: unitDetail, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    await assertCanViewUnit(ctx, auth, request.params.id);
    const unit = await findUnit(db, request.params.id);
    if (!unit) throw notFound();
    const [ancestors, groups, predecessors, successors, manage] = await Promise.all([
      findAncestors(db, unit.id),
      findUnitGroups(db, unit.id),
      findSuccession(db, unit.id, 'predecessors'),
      findSuccession(db, unit.id, 'successors'),
      canManageUnit(ctx, auth, unit.id),
    ]);
    const link = (s: (typeof predecessors)[number]) => ({ unit: presentUnit(s), weight: Number(s.weight), effectiveDate: s.effective_date });
    const open = unit.valid_to === null;
    return {
      ...presentUnit(unit),
      ancestors: ancestors.map(presentUnit),
      attributes: unit.attributes,
      groups,
      predecessors: predecessors.map(link),
      successors: successors.map(link),
      abilities: {
        manage: manage && open,
        addVillage: manage && open && unit.kind === 'commune' && unit.hierarchy === '2025',
        close: manage && open && unit.kind === 'village',
      },
    };
  });
}
