// Favourites (saved pivot tables, charts, maps) and dashboards: the requests, typed by
// the shared contract (shared/src/schemas/dashboards.ts); the one module that knows the
// endpoints.
import type { z } from 'zod';
import type {
  Abilities,
  DashboardItemInput,
  DashboardItemView,
  DashboardView,
  VisualizationSummary,
  VisualizationType,
  VisualizationView,
  dashboardSummary,
  sharingView,
  visualizationBody,
} from '@shared/schemas/dashboards.ts';
import { api } from '../../lib/api';

export type { Abilities, DashboardItemInput, DashboardItemView, DashboardView, VisualizationSummary, VisualizationType, VisualizationView };
/** What the web sends: defaults (totals, sort…) may be left out. */
export type VisualizationBody = z.input<typeof visualizationBody>;
export type DashboardSummary = z.infer<typeof dashboardSummary>;
export type SharingView = z.infer<typeof sharingView>;
export type StoredConfig = VisualizationView['config'];
export type DashboardItemType = DashboardItemInput['type'];

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
export const shareVisualization = (id: string, body: { userIds: string[]; unitIds: string[] }) => api.put<VisualizationView>(`/api/visualizations/${id}/sharing`, body);

export const listDashboards = (q: { q?: string }, signal?: AbortSignal) => api.get<{ items: DashboardSummary[]; total: number }>('/api/dashboards', { query: { ...q, limit: 200 }, signal });
export const getDashboard = (id: string, signal?: AbortSignal) => api.get<DashboardView>(`/api/dashboards/${id}`, { signal });
export const createDashboard = (body: { name: string; description?: string | null; defaultPeriod?: string | null; defaultUnitId?: string | null; items?: DashboardItemInput[] }) =>
  api.post<DashboardView>('/api/dashboards', body);
export const patchDashboard = (id: string, body: { name?: string; description?: string | null; defaultPeriod?: string | null; defaultUnitId?: string | null }) =>
  api.patch<DashboardView>(`/api/dashboards/${id}`, body);
export const deleteDashboard = (id: string) => api.delete<void>(`/api/dashboards/${id}`);
export const saveDashboardItems = (id: string, items: DashboardItemInput[]) => api.put<DashboardView>(`/api/dashboards/${id}/items`, { items });
export const shareDashboard = (id: string, body: { userIds: string[]; unitIds: string[] }) => api.put<DashboardView>(`/api/dashboards/${id}/sharing`, body);

/** The people one may share with: users the caller can see (administrators); others share with units. */
export const searchUsers = (q: string, signal?: AbortSignal) =>
  api.get<{ items: { id: string; username: string; displayName: string }[] }>('/api/users', { query: { q, limit: 20 }, signal });
