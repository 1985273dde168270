// What the public portal receives of a dashboard: its name, layout and the favourites'
// configurations — no owner, no sharing, no internal ids of people or favourites; lists
// of late units (they name units, not aggregates) are left out.
import type { PublicDashboardView } from '@shared/schemas/dashboards.ts';
import type { DashboardItemRow, DashboardRow } from './dashboards.repository.ts';
import type { VisualizationRow } from './visualizations.repository.ts';

export function presentPublicDashboard(row: DashboardRow, items: DashboardItemRow[], visualizations: Map<string, VisualizationRow>): PublicDashboardView {
  const shown: PublicDashboardView['items'] = [];
  for (const item of items) {
    if (item.type === 'late_units') continue;
    const v = item.visualization_id ? visualizations.get(item.visualization_id) : undefined;
    if (item.type === 'visualization' && !v) continue;
    shown.push({
      id: item.item_id,
      type: item.type,
      x: item.x,
      y: item.y,
      w: item.w,
      h: item.h,
      text: item.text,
      visualization: v ? { type: v.type, name: v.name, description: v.description, config: v.config } : null,
    });
  }
  return { slug: row.slug, name: row.name, description: row.description, defaultPeriod: row.default_period, updatedAt: row.updated_at.toISOString(), items: shown };
}
