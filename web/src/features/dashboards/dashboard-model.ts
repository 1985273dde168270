// Dashboards without React: an item's analytics request under the dashboard's filters
// (period, unit), where a new item goes on the 12-column grid, the order items load and
// stack in on a phone, and the layout the grid hands back turned into the items to save.
import type { AnalyticsRequest, AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { applyDashboardFilters, GRID_COLUMNS } from '@shared/schemas/dashboards.ts';
import type { DashboardItemInput, DashboardItemView, StoredConfig } from './api';

export { GRID_COLUMNS };
export const ROW_HEIGHT = 40;

export interface DashboardFilters {
  period?: string | null;
  unitId?: string | null;
}

/**
 * The period replaces the periods; the unit replaces fixed units and the caller's own
 * (USER_ORGUNIT → the unit, the children items → its children); levels and groups stay.
 * The contract's rule, so the server's public dashboards and this page agree.
 */
export function applyFilters(request: AnalyticsRequestInput, filters: DashboardFilters): AnalyticsRequestInput {
  // The rule only reads pe and ou and keeps the rest as it is.
  return applyDashboardFilters(request as AnalyticsRequest, filters) as AnalyticsRequestInput;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A favourite's stored request, read defensively (the server validated it when saved). */
export function storedRequest(config: StoredConfig, type: 'pivot' | 'chart' | 'map'): AnalyticsRequestInput {
  const r = config.request;
  return {
    dx: strings(r.dx),
    pe: strings(r.pe),
    ou: strings(r.ou),
    categories: Array.isArray(r.categories) ? (r.categories as AnalyticsRequestInput['categories']) : [],
    ...(Array.isArray(r.rows) ? { rows: strings(r.rows) } : {}),
    ...(Array.isArray(r.columns) ? { columns: strings(r.columns) } : {}),
    ...(Array.isArray(r.filters) ? { filters: strings(r.filters) } : {}),
    hierarchy: r.hierarchy === 'pre2025' ? 'pre2025' : '2025',
    approvedOnly: r.approvedOnly === true,
    // A chart shows the parts; a table shows totals when saved with them.
    totals: type === 'pivot' ? config.options.showTotals !== false && r.totals !== false : false,
  };
}

/** Top to bottom, left to right: the order a phone stacks items in and the page loads them. */
export function readingOrder<T extends { x: number; y: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** A new item goes under everything, full width by default. */
export function placeNewItem(items: { x: number; y: number; w: number; h: number }[], w = 6, h = 8): { x: number; y: number; w: number; h: number } {
  const bottom = items.reduce((m, i) => Math.max(m, i.y + i.h), 0);
  return { x: 0, y: bottom, w: Math.min(w, GRID_COLUMNS), h };
}

/** A fresh grid key. */
export function newItemId(existing: { id: string }[], prefix = 'item'): string {
  let n = existing.length + 1;
  while (existing.some((i) => i.id === `${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

/** The items to save: each with its place from the grid's layout. */
export function itemsToSave(items: DashboardItemView[], layout: readonly { i: string; x: number; y: number; w: number; h: number }[]): DashboardItemInput[] {
  const at = new Map(layout.map((l) => [l.i, l]));
  return items.map((it) => {
    const l = at.get(it.id) ?? it;
    const base = { id: it.id, type: it.type, x: l.x, y: l.y, w: l.w, h: l.h };
    if (it.type === 'visualization') return { ...base, visualizationId: it.visualization!.id };
    if (it.type === 'text') return { ...base, text: it.text ?? '' };
    return { ...base, ...(it.formId ? { formId: it.formId } : {}) };
  });
}
