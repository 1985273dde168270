// Investment works: types from the shared API contracts and the requests the screens
// make. Constants are repeated here (checked against the contracts) so the bundle does
// not pull in zod.
import type { z } from 'zod';
import type {
  CapitalKind,
  CapitalSource,
  InvestmentImportReport,
  InvestmentReport,
  ProgressClass,
  WorkDetail,
  WorkFileView,
  WorkStage,
  WorkSummary,
  WorksGeojson,
  YearFigures,
  planCurveView,
  worksResponse,
} from '@shared/schemas/investments.ts';
import type { FeatureCollection } from 'geojson';
import { api } from '../../lib/api';

export type { CapitalKind, CapitalSource, InvestmentImportReport, InvestmentReport, WorkDetail, WorkFileView, WorkStage, WorkSummary, WorksGeojson, YearFigures };
export type WorksResponse = z.infer<typeof worksResponse>;
export type PlanCurve = z.infer<typeof planCurveView>;
export type LonLat = [number, number];

export const STAGES = ['preparation', 'construction', 'completed', 'settled'] as const satisfies readonly WorkStage[];
export const SOURCES = ['central', 'local', 'other'] as const satisfies readonly CapitalSource[];
export const KINDS = ['development', 'recurrent'] as const satisfies readonly CapitalKind[];
export const PROGRESS_COLORS: Record<ProgressClass, string> = { not_started: '#868e96', low: '#e03131', mid: '#f08c00', high: '#2f9e44', done: '#1971c2' };

export interface WorksQuery {
  unit?: string | null;
  year: number;
  programItem?: string | null;
  stage?: string | null;
  q?: string | null;
  behind?: boolean;
  limit: number;
  offset: number;
}

export interface WorkInput {
  code?: string;
  name: string;
  programItemId: string | null;
  unitId: string;
  location: LonLat | null;
  investor: string | null;
  startDate: string | null;
  finishDate: string | null;
  stage: WorkStage;
  progress: number;
  totalInvestment: number | null;
  description: string | null;
}

export interface CapitalInput {
  year: number;
  lines: { source: CapitalSource; kind: CapitalKind; allocated: number; committed: number; disbursements: { month: string; amount: number }[] }[];
}

export const investmentKeys = {
  all: ['investments'] as const,
  works: (q: WorksQuery) => ['investments', 'works', q] as const,
  work: (id: string, year?: number) => ['investments', 'work', id, year ?? null] as const,
  report: (by: string, year: number, unit: string | null) => ['investments', 'report', by, year, unit] as const,
  centre: (unitId: string) => ['investments', 'centre', unitId] as const,
  geojson: (year: number, unit: string | null) => ['investments', 'geojson', year, unit] as const,
};

export const listWorks = (q: WorksQuery, signal?: AbortSignal) =>
  api.get<WorksResponse>('/api/investments/works', { query: { unit: q.unit, year: q.year, programItem: q.programItem, stage: q.stage, q: q.q, behind: q.behind ? 'true' : undefined, limit: q.limit, offset: q.offset }, signal });
export const getWork = (id: string, year?: number, signal?: AbortSignal) => api.get<WorkDetail>(`/api/investments/works/${id}`, { query: { year }, signal });
export const createWork = (body: WorkInput) => api.post<WorkDetail>('/api/investments/works', body);
export const updateWork = (id: string, body: Partial<WorkInput>) => api.patch<WorkDetail>(`/api/investments/works/${id}`, body);
export const deleteWork = (id: string) => api.delete<{ ok: true }>(`/api/investments/works/${id}`);
export const saveCapital = (id: string, body: CapitalInput) => api.put<WorkDetail>(`/api/investments/works/${id}/capital`, body);
export const unitCentre = (unitId: string, signal?: AbortSignal) => api.get<{ point: LonLat | null }>(`/api/investments/units/${unitId}/centre`, { signal });
export const getReport = (by: string, year: number, unit: string | null, signal?: AbortSignal) => api.get<InvestmentReport>('/api/investments/reports', { query: { by, year, unit }, signal });
export const reportXlsxUrl = (by: string, year: number, unit: string | null) => `/api/investments/reports.xlsx?${new URLSearchParams({ by, year: String(year), ...(unit ? { unit } : {}) })}`;
export const getGeojson = (year: number, unit: string | null, signal?: AbortSignal) => api.get<WorksGeojson>('/api/investments/works.geojson', { query: { year, unit }, signal });
export const fileUrl = (workId: string, fileId: string) => `/api/investments/works/${workId}/files/${fileId}`;

export async function uploadFile(workId: string, file: File, kind: 'photo' | 'document', caption?: string): Promise<WorkFileView> {
  const body = new FormData();
  body.append('file', file, file.name);
  return api.post<WorkFileView>(`/api/investments/works/${workId}/files`, body, { query: { kind, caption } });
}
export const deleteFile = (workId: string, fileId: string) => api.delete<{ ok: true }>(`/api/investments/works/${workId}/files/${fileId}`);

/** Province boundaries from the maps module when it is there (404 before it lands: no outline). */
export async function provinceBoundaries(signal?: AbortSignal): Promise<FeatureCollection | null> {
  try {
    return await api.get<FeatureCollection>('/api/maps/boundaries', { query: { level: 'province' }, signal });
  } catch {
    return null;
  }
}

/** The current year in Vietnam. */
export const vnYear = (now = new Date()) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
