// Data entry: the requests the page makes, with types from the shared API contracts.
import type { z } from 'zod';
import type { dataValueHistoryResponse, dataValueSaveResponse, dataValuesResponse, DataValueView } from '@shared/schemas/data-values.ts';
import type { FormDetail, formListResponse, formPeriodsResponse } from '@shared/schemas/forms.ts';
import type { QuestionedCell } from '@shared/schemas/submissions.ts';
import { api } from '../../lib/api';
import { offlineRead } from '../offline/sync';

export type { DataValueView, FormDetail, QuestionedCell };
export type FormList = z.infer<typeof formListResponse>;
export type FormSummary = FormList['items'][number];
export type FormPeriods = z.infer<typeof formPeriodsResponse>;
export type FormPeriod = FormPeriods['items'][number];
export type DataValues = z.infer<typeof dataValuesResponse>;
export type SaveResult = z.infer<typeof dataValueSaveResponse>;
export type CellHistory = z.infer<typeof dataValueHistoryResponse>;

export const entryKeys = {
  assigned: (unitId: string) => ['data-entry', 'assigned', unitId] as const,
  form: (formId: string) => ['data-entry', 'form', formId] as const,
  periods: (formId: string, unitId: string) => ['data-entry', 'periods', formId, unitId] as const,
  values: (formId: string, unitId: string, period: string) => ['data-entry', 'values', formId, unitId, period] as const,
  history: (unitId: string, period: string, dataElementId: string, cocId: string) => ['data-entry', 'history', unitId, period, dataElementId, cocId] as const,
};

// The reads of the entry screen answer from the device's copy when the server cannot be reached (offline/sync.ts).
export const getAssignedForms = (unitId: string, signal?: AbortSignal) =>
  offlineRead(entryKeys.assigned(unitId), () => api.get<FormList>('/api/forms/assigned', { query: { unitId }, signal }));
export const getForm = (formId: string, signal?: AbortSignal) => offlineRead(entryKeys.form(formId), () => api.get<FormDetail>(`/api/forms/${formId}`, { signal }));
export const getPeriods = (formId: string, unitId: string, signal?: AbortSignal) =>
  offlineRead(entryKeys.periods(formId, unitId), () => api.get<FormPeriods>(`/api/forms/${formId}/periods`, { query: { unitId }, signal }));
export const getValues = (formId: string, unitId: string, period: string, signal?: AbortSignal) =>
  offlineRead(entryKeys.values(formId, unitId, period), () => api.get<DataValues>('/api/data-values', { query: { formId, unitId, period }, signal }));
export const getHistory = (q: { unitId: string; period: string; dataElementId: string; cocId: string }, signal?: AbortSignal) =>
  api.get<CellHistory>('/api/data-values/history', { query: q, signal });
