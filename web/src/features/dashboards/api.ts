// Favourites (saved pivot tables, charts, maps) and dashboards: the requests. The types
// mirror the favourites/dashboards contract (shared/src/schemas/dashboards.ts once it is
// on main); this is the one module that knows the endpoints.
import type { AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { api } from '../../lib/api';

export type VisualizationType = 'pivot' | 'chart' | 'map';
export type SavedChartType = 'column' | 'stacked_column' | 'bar' | 'line' | 'area' | 'pie' | 'gauge' | 'single_value';
export interface Abilities {
  edit: boolean;
  share: boolean;
  delete: boolean;
  publish: boolean;
}
export interface Owner {
  id: string;
  displayName: string;
}
export interface SharingView {
  users: { id: string; username: string; displayName: string }[];
  units: { id: string; code: string; name: string }[];
}
export interface VisualizationSummary {
  id: string;
  type: VisualizationType;
  name: string;
  description: string | null;
  chartType: SavedChartType | null;
  owner: Owner | null;
  mine: boolean;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
  abilities: Abilities;
}
export interface StoredConfig {
  request: Record<string, unknown>;
  options: Record<string, unknown>;
}
export interface VisualizationView extends VisualizationSummary {
  config: StoredConfig;
  sharing: SharingView | null;
}
export interface PivotDisplay {
  hideEmptyRows: boolean;
  showTotals: boolean;
  sort: { by: string; direction: 'asc' | 'desc' } | null;
}
export interface ChartDisplay {
  chartType: SavedChartType;
  showTargets?: boolean;
  targetLines?: { value: number; label?: string }[];
}
export type VisualizationBody =
  | { type: 'pivot'; name: string; description?: string | null; config: { request: AnalyticsRequestInput; options: PivotDisplay } }
  | { type: 'chart'; name: string; description?: string | null; config: { request: AnalyticsRequestInput; options: ChartDisplay } };

export type DashboardItemType = 'visualization' | 'text' | 'late_units';
export interface DashboardItemInput {
  id: string;
  type: DashboardItemType;
  visualizationId?: string;
  text?: string;
  formId?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface DashboardItemView {
  id: string;
  type: DashboardItemType;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string | null;
  formId: string | null;
  visualization: { id: string; type: VisualizationType; name: string; description: string | null; config: StoredConfig } | null;
}
interface DashboardFields {
  id: string;
  name: string;
  description: string | null;
  owner: Owner | null;
  mine: boolean;
  shared: boolean;
  public: boolean;
  slug: string;
  defaultPeriod: string | null;
  defaultUnit: { id: string; code: string; name: string; kind: string } | null;
  createdAt: string;
  updatedAt: string;
  abilities: Abilities;
}
export interface DashboardSummary extends DashboardFields {
  itemCount: number;
}
export interface DashboardView extends DashboardFields {
  items: DashboardItemView[];
  sharing: SharingView | null;
}

export const favouriteKeys = {
  all: ['visualizations'] as const,
  list: (q: { type?: VisualizationType; q?: string }) => ['visualizations', 'list', q] as const,
  detail: (id: string) => ['visualizations', id] as const,
};
export const dashboardKeys = {
  all: ['dashboards'] as const,
  list: (q: { q?: string }) => ['dashboards', 'list', q] as const,
  detail: (id: string) => ['dashboards', id] as const,
};

export const listVisualizations = (q: { type?: VisualizationType; q?: string }, signal?: AbortSignal) =>
  api.get<{ items: VisualizationSummary[]; total: number }>('/api/visualizations', { query: { ...q, limit: 200 }, signal });
export const getVisualization = (id: string, signal?: AbortSignal) => api.get<VisualizationView>(`/api/visualizations/${id}`, { signal });
export const createVisualization = (body: VisualizationBody) => api.post<VisualizationView>('/api/visualizations', body);
export const replaceVisualization = (id: string, body: VisualizationBody) => api.put<VisualizationView>(`/api/visualizations/${id}`, body);
export const renameVisualization = (id: string, name: string) => api.patch<VisualizationView>(`/api/visualizations/${id}`, { name });
export const deleteVisualization = (id: string) => api.delete<void>(`/api/visualizations/${id}`);
export const shareVisualization = (id: string, body: { userIds: string[]; unitIds: string[] }) => api.put<SharingView>(`/api/visualizations/${id}/sharing`, body);

export const listDashboards = (q: { q?: string }, signal?: AbortSignal) => api.get<{ items: DashboardSummary[]; total: number }>('/api/dashboards', { query: { ...q, limit: 200 }, signal });
export const getDashboard = (id: string, signal?: AbortSignal) => api.get<DashboardView>(`/api/dashboards/${id}`, { signal });
export const createDashboard = (body: { name: string; description?: string | null; defaultPeriod?: string | null; defaultUnitId?: string | null; items?: DashboardItemInput[] }) =>
  api.post<DashboardView>('/api/dashboards', body);
export const patchDashboard = (id: string, body: { name?: string; description?: string | null; defaultPeriod?: string | null; defaultUnitId?: string | null }) =>
  api.patch<DashboardView>(`/api/dashboards/${id}`, body);
export const deleteDashboard = (id: string) => api.delete<void>(`/api/dashboards/${id}`);
export const saveDashboardItems = (id: string, items: DashboardItemInput[]) => api.put<DashboardView>(`/api/dashboards/${id}/items`, { items });
export const shareDashboard = (id: string, body: { userIds: string[]; unitIds: string[] }) => api.put<SharingView>(`/api/dashboards/${id}/sharing`, body);

/** The people one may share with: users the caller can see (administrators); others share with units. */
export const searchUsers = (q: string, signal?: AbortSignal) =>
  api.get<{ items: { id: string; username: string; displayName: string }[] }>('/api/users', { query: { q, limit: 20 }, signal });
