// Consolidated reports: the requests, typed by the shared API contracts, and the URL of
// the Excel download (same parameters as the JSON report).
import type { z } from 'zod';
import type { ConsolidatedReport, HierarchyView, reportRootsResponse } from '@shared/schemas/reports.ts';
import { api } from '../../lib/api';

export type { ConsolidatedReport, HierarchyView };
export type ReportRoots = z.infer<typeof reportRootsResponse>;
export type ReportRow = ConsolidatedReport['rows'][number];

export interface ReportQuery {
  formId: string;
  unitId: string;
  period: string;
  view: HierarchyView;
  approvedOnly: boolean;
  disaggregate: boolean;
}

export const reportKeys = {
  roots: (view: HierarchyView) => ['reports', 'roots', view] as const,
  report: (q: ReportQuery) => ['reports', 'consolidated', q.formId, q.unitId, q.period, q.view, q.approvedOnly, q.disaggregate] as const,
};

const params = (q: ReportQuery) => ({
  formId: q.formId,
  unitId: q.unitId,
  period: q.period,
  view: q.view,
  approvedOnly: String(q.approvedOnly),
  disaggregate: String(q.disaggregate),
});

export const getRoots = (view: HierarchyView, signal?: AbortSignal) => api.get<ReportRoots>('/api/reports/roots', { query: { view }, signal });

export const getReport = (q: ReportQuery, signal?: AbortSignal) => api.get<ConsolidatedReport>('/api/reports/consolidated', { query: params(q), signal });

export const xlsxUrl = (q: ReportQuery) => `/api/reports/consolidated.xlsx?${new URLSearchParams(params(q))}`;
