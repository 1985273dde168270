// Analytics: the query (POST /api/analytics/query), the download links (GET /api/analytics
// in the same query-string form, as CSV or an XLSX laid out as the pivot), and the lists
// the pickers offer (catalogue, forms, categories, unit groups, units to browse).
import type { AnalyticsRequestInput, AnalyticsResponse } from '@shared/schemas/analytics.ts';
import type { CategoryView, DataElementView, IndicatorView } from '@shared/schemas/catalog.ts';
import type { UnitSummary } from '@shared/schemas/units.ts';
import { api } from '../../lib/api';
import type { UiLang } from '../../lib/format';
import { requestQueryString } from './analytics-state';

export type { AnalyticsRequestInput, AnalyticsResponse };

export const analyticsKeys = {
  all: ['analytics'] as const,
  query: (r: AnalyticsRequestInput) => ['analytics', 'query', r] as const,
  indicators: ['analytics', 'indicators'] as const,
  elements: ['analytics', 'data-elements'] as const,
  forms: ['analytics', 'forms'] as const,
  categories: ['analytics', 'categories'] as const,
  groups: ['analytics', 'unit-groups'] as const,
  units: (hierarchy: string, parentId: string | null) => ['analytics', 'units', hierarchy, parentId ?? ''] as const,
};

export const queryAnalytics = (request: AnalyticsRequestInput, signal?: AbortSignal) => api.post<AnalyticsResponse>('/api/analytics/query', request, { signal });

/** The same request as a file: CSV, or the XLSX laid out as the pivot (formatted, frozen headers). */
export const exportUrl = (request: AnalyticsRequestInput, format: 'csv' | 'xlsx', lang: UiLang) => `/api/analytics?${requestQueryString(request, { format, lang })}`;

export const listIndicators = (signal?: AbortSignal) => api.get<{ items: IndicatorView[]; total: number }>('/api/catalog/indicators', { query: { limit: 500 }, signal });
export const listDataElements = (signal?: AbortSignal) => api.get<{ items: DataElementView[]; total: number }>('/api/catalog/data-elements', { query: { limit: 500 }, signal });
export const listForms = (signal?: AbortSignal) =>
  api.get<{ items: { id: string; code: string; nameVi: string; nameEn: string | null; periodType: string }[] }>('/api/forms', { signal });
export const listCategories = (signal?: AbortSignal) => api.get<{ items: CategoryView[] }>('/api/catalog/categories', { signal });
export const listGroups = (signal?: AbortSignal) => api.get<{ items: { id: string; code: string; name: string; nameEn: string | null }[] }>('/api/unit-groups', { signal });
export const listUnitChildren = (hierarchy: '2025' | 'pre2025', parentId: string | null, signal?: AbortSignal) =>
  api.get<{ items: UnitSummary[]; total: number }>('/api/units', { query: { hierarchy, parentId: parentId ?? undefined, limit: 500 }, signal });
