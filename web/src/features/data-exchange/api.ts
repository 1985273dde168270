// Import and export of data values: URLs of the downloads, the upload (a report, or a
// job id for a large file) and the job's progress.
import type { DataImportAccepted, DataImportFormat, DataImportReport, ImportJobView, ImportStrategy } from '@shared/schemas/data-exchange.ts';
import { api, isApiError } from '../../lib/api';

export type { DataImportReport, ImportJobView };

export const templateUrl = (formId: string, unitId: string, period: string, filled: boolean) =>
  `/api/data-values/template.xlsx?${new URLSearchParams({ formId, unitId, period, filled: String(filled) })}`;
export const exportUrl = (formId: string, unitId: string, period: string, format: 'json' | 'csv' | 'adx') =>
  `/api/data-values/export?${new URLSearchParams({ format, formId, unitId, period })}`;

/** The format by the file's extension; null when not one we read. */
export function formatOf(fileName: string): DataImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'xlsx' || ext === 'json' ? ext : ext === 'csv' || ext === 'txt' ? 'csv' : ext === 'xml' || ext === 'adx' ? 'adx' : null;
}

function isReport(x: unknown): x is DataImportReport {
  return typeof x === 'object' && x !== null && 'rejected' in x && Array.isArray((x as DataImportReport).rejected);
}

/** A report, or a job to follow; rejected rows (422) come back as the report. */
export async function uploadValues(file: File, dryRun: boolean, strategy: ImportStrategy = 'create_and_update'): Promise<DataImportReport | DataImportAccepted> {
  const format = formatOf(file.name) ?? 'csv';
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    return await api.post<DataImportReport | DataImportAccepted>(`/api/data-values/import?${new URLSearchParams({ format, dryRun: String(dryRun), importStrategy: strategy })}`, body);
  } catch (e) {
    if (isApiError(e) && isReport(e.details)) return e.details;
    throw e;
  }
}

export const getImportJob = (id: string, signal?: AbortSignal) => api.get<ImportJobView>(`/api/data-values/import-jobs/${id}`, { signal });
