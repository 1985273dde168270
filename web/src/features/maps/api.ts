// Maps: boundary layers, unit points, the boundary import, and the analytics query that
// colours them — typed by the shared contracts.
import type { AnalyticsRequestInput, AnalyticsResponse } from '@shared/schemas/analytics.ts';
import type { BoundaryCollection, BoundaryImportReport, BoundaryLevel, UnitPointCollection } from '@shared/schemas/maps.ts';
import { api, isApiError } from '../../lib/api';

export type { AnalyticsResponse, BoundaryCollection, BoundaryImportReport, BoundaryLevel, UnitPointCollection };

export const mapKeys = {
  boundaries: (level: BoundaryLevel, parent: string | null) => ['maps', 'boundaries', level, parent ?? ''] as const,
  points: (level: BoundaryLevel, parent: string | null) => ['maps', 'points', level, parent ?? ''] as const,
  values: (req: AnalyticsRequestInput) => ['maps', 'values', JSON.stringify(req)] as const,
  items: ['maps', 'data-items'] as const,
};

// The browser keeps the layer and revalidates it with its ETag (304: no download).
export const getBoundaries = (level: BoundaryLevel, parent: string | null, signal?: AbortSignal) =>
  api.get<BoundaryCollection>('/api/maps/boundaries', { query: { level, parent: parent ?? undefined }, signal });

export const getPoints = (level: BoundaryLevel, parent: string | null, signal?: AbortSignal) =>
  api.get<UnitPointCollection>('/api/maps/points', { query: { level, parent: parent ?? undefined }, signal });

export const queryAnalytics = (req: AnalyticsRequestInput, signal?: AbortSignal) => api.post<AnalyticsResponse>('/api/analytics/query', req, { signal });

export interface DataItemOption {
  key: string;
  code: string;
  name: string;
  kind: 'indicator' | 'dataElement';
}

interface ListItem {
  code: string;
  nameVi: string;
  nameEn: string | null;
  valueType?: string;
}

/** Indicators, then numeric data elements, as analytics keys (in:CODE, de:CODE). */
export async function getDataItems(lang: 'vi' | 'en', signal?: AbortSignal): Promise<DataItemOption[]> {
  const [indicators, elements] = await Promise.all([
    api.get<{ items: ListItem[] }>('/api/catalog/indicators', { query: { limit: 500 }, signal }),
    api.get<{ items: ListItem[] }>('/api/catalog/data-elements', { query: { limit: 500 }, signal }),
  ]);
  const name = (i: ListItem) => (lang === 'en' && i.nameEn ? i.nameEn : i.nameVi);
  return [
    ...indicators.items.map((i) => ({ key: `in:${i.code}`, code: i.code, name: name(i), kind: 'indicator' as const })),
    ...elements.items.filter((e) => e.valueType === 'integer' || e.valueType === 'number' || e.valueType === 'percentage').map((e) => ({ key: `de:${e.code}`, code: e.code, name: name(e), kind: 'dataElement' as const })),
  ];
}

function isReport(x: unknown): x is BoundaryImportReport {
  return typeof x === 'object' && x !== null && 'problems' in x && Array.isArray((x as BoundaryImportReport).problems);
}

/** Uploads the files together (all or nothing); a refused import answers its report too. */
export async function importBoundaries(files: File[], dryRun: boolean): Promise<BoundaryImportReport> {
  const body = new FormData();
  for (const f of files) body.append('file', f, f.name);
  try {
    return await api.post<BoundaryImportReport>(`/api/maps/boundaries/import?dryRun=${dryRun}`, body);
  } catch (e) {
    if (isApiError(e) && isReport(e.details)) return e.details;
    throw e;
  }
}
