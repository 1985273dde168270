// What the public portal may show of a dashboard, and how its figures are computed.
// The portal shows aggregates only: an item's request (under the dashboard's default
// filters) may name the nation and provinces — fixed ones, the caller's unit and its
// children read as the nation and the provinces, LEVEL-province, the nation's children —
// and nothing below (districts, communes, villages, groups, which may be communes). The
// figures are computed by the analytics engine over the whole country (no caller, no
// scope) from approved data only, from the saved request alone: no dimension comes from
// the visitor.
import type { AnalyticsRequest, AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { applyDashboardFilters, type VisualizationConfig } from '@shared/schemas/dashboards.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { cachedAnalytics } from './analytics-engine.ts';

const PUBLIC_KINDS = new Set(['nation', 'province']);

/** Why a request may not be published (in Vietnamese, for the error message), or null. */
export async function publicProblem(db: Db, request: AnalyticsRequest): Promise<string | null> {
  const ids: string[] = [];
  const childrenOf: string[] = [];
  for (const item of request.ou) {
    if (item === 'USER_ORGUNIT' || item === 'USER_ORGUNIT_CHILDREN' || item === 'LEVEL-province') continue;
    if (item.startsWith('LEVEL-')) return `mọi đơn vị cấp ${item.slice(6)} (${item})`;
    if (item.startsWith('GROUP-')) return `nhóm đơn vị ${item.slice(6)}`;
    if (item.startsWith('CHILDREN-')) childrenOf.push(item.slice(9));
    else ids.push(item);
  }
  const all = [...new Set([...ids, ...childrenOf])];
  if (all.length === 0) return null;
  const units = new Map((await db.selectFrom('org_unit').select(['id', 'full_name', 'kind']).where('id', 'in', all).execute()).map((u) => [u.id, u]));
  for (const id of ids) {
    const u = units.get(id);
    if (!u) return `đơn vị ${id} không tồn tại`;
    if (!PUBLIC_KINDS.has(u.kind)) return `${u.full_name}`;
  }
  for (const id of childrenOf) {
    const u = units.get(id);
    if (!u) return `đơn vị ${id} không tồn tại`;
    if (u.kind !== 'nation') return `các đơn vị trực thuộc ${u.full_name}`;
  }
  return null;
}

/** The request an item of a public dashboard runs: its own, under the dashboard's default filters, approved data only. */
export function publicRequest(config: VisualizationConfig | { request: Record<string, unknown> }, dashboard: { default_period: string | null; default_unit_id: string | null }): AnalyticsRequest {
  const request = config.request as AnalyticsRequest;
  return { ...applyDashboardFilters(request, { period: dashboard.default_period, unitId: dashboard.default_unit_id }), approvedOnly: true };
}

/** Figures for the portal: the whole country's scope, approved data — through the answer cache and its bound on answers computed at once (anyone may ask). */
export async function publicData(ctx: AppContext, request: AnalyticsRequest): Promise<AnalyticsResponse> {
  return (await cachedAnalytics(ctx, { roots: null }, { ...request, approvedOnly: true }, 'vi')).value;
}
