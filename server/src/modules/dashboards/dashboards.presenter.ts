// What leaves the API about favourites and dashboards: never the raw sharing arrays to
// readers (the sharing is shown to those who may change it), abilities computed here.
import type { ChartType, DashboardItemView, DashboardView, VisualizationSummary, VisualizationView } from '@shared/schemas/dashboards.ts';
import { abilitiesFor, type Viewer } from './dashboards.policy.ts';
import type { DashboardItemRow, DashboardRow } from './dashboards.repository.ts';
import type { VisualizationRow } from './visualizations.repository.ts';

type SharingView = NonNullable<VisualizationView['sharing']>;
type UnitRef = { id: string; code: string; name: string; kind: string };

const owner = (ownerId: string | null, owners: Map<string, string>) => (ownerId ? { id: ownerId, displayName: owners.get(ownerId) ?? '' } : null);
const isShared = (row: { shared_user_ids: string[]; shared_unit_ids: string[] }) => row.shared_user_ids.length + row.shared_unit_ids.length > 0;

export function presentVisualizationSummary(row: VisualizationRow, viewer: Viewer, owners: Map<string, string>): VisualizationSummary {
  const chartType = row.type === 'chart' ? ((row.config.options.chartType as ChartType | undefined) ?? null) : null;
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    chartType,
    owner: owner(row.owner_id, owners),
    mine: row.owner_id === viewer.userId,
    shared: isShared(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    abilities: abilitiesFor(viewer, row, 'visualization'),
  };
}

export function presentVisualization(row: VisualizationRow, viewer: Viewer, owners: Map<string, string>, sharing: SharingView | null): VisualizationView {
  const summary = presentVisualizationSummary(row, viewer, owners);
  return { ...summary, config: row.config, sharing: summary.abilities.share ? sharing : null };
}

function dashboardFields(row: DashboardRow, viewer: Viewer, owners: Map<string, string>, defaultUnit: UnitRef | null) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    owner: owner(row.owner_id, owners),
    mine: row.owner_id === viewer.userId,
    shared: isShared(row),
    public: row.is_public,
    slug: row.slug,
    defaultPeriod: row.default_period,
    defaultUnit,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    abilities: abilitiesFor(viewer, row, 'dashboard'),
  };
}

export function presentDashboardSummary(row: DashboardRow & { item_count: string | null }, viewer: Viewer, owners: Map<string, string>, units: Map<string, UnitRef>) {
  return { ...dashboardFields(row, viewer, owners, row.default_unit_id ? (units.get(row.default_unit_id) ?? null) : null), itemCount: Number(row.item_count ?? 0) };
}

export function presentItem(item: DashboardItemRow, visualizations: Map<string, VisualizationRow>): DashboardItemView {
  const v = item.visualization_id ? visualizations.get(item.visualization_id) : undefined;
  return {
    id: item.item_id,
    type: item.type,
    x: item.x,
    y: item.y,
    w: item.w,
    h: item.h,
    text: item.text,
    formId: item.form_id,
    visualization: v ? { id: v.id, type: v.type, name: v.name, description: v.description, config: v.config } : null,
  };
}

export function presentDashboard(
  row: DashboardRow,
  viewer: Viewer,
  refs: { owners: Map<string, string>; defaultUnit: UnitRef | null; items: DashboardItemRow[]; visualizations: Map<string, VisualizationRow>; sharing: SharingView | null },
): DashboardView {
  const fields = dashboardFields(row, viewer, refs.owners, refs.defaultUnit);
  return {
    ...fields,
    items: refs.items.map((i) => presentItem(i, refs.visualizations)),
    sharing: fields.abilities.share ? refs.sharing : null,
  };
}
