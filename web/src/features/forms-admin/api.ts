// Report forms (biểu mẫu) for administrators: types from the shared contracts and the
// requests the screens make.
import type { z } from 'zod';
import type { FormDetail, formPeriodsResponse, formSummary, lockExceptionView } from '@shared/schemas/forms.ts';
import { api } from '../../lib/api';

export type { FormDetail };
export type FormSummary = z.infer<typeof formSummary>;
export type LockException = z.infer<typeof lockExceptionView>;
export type FormPeriods = z.infer<typeof formPeriodsResponse>;
export type FormSection = FormDetail['sections'][number];
export type FormElement = FormSection['elements'][number];
export type DueRule = FormDetail['dueRules'][number];
export type FormAssignment = FormDetail['assignments'][number];

// Repeated here (checked against the shared contracts) so the bundle does not pull in zod.
export const PERIOD_TYPES = ['month', 'quarter', 'sixMonth', 'year'] as const satisfies readonly FormSummary['periodType'][];
export const UNIT_KINDS = ['commune', 'province', 'nation'] as const satisfies readonly DueRule['unitKind'][];

export const formKeys = {
  all: ['forms-admin'] as const,
  list: ['forms-admin', 'list'] as const,
  detail: (id: string) => ['forms-admin', 'detail', id] as const,
  periods: (id: string, unitId: string) => ['forms-admin', 'periods', id, unitId] as const,
  exceptions: (id: string) => ['forms-admin', 'exceptions', id] as const,
};

export const listForms = () => api.get<{ items: FormSummary[]; abilities: { manage: boolean } }>('/api/forms');
export const getForm = (id: string) => api.get<FormDetail>(`/api/forms/${id}`);
export const getFormPeriods = (id: string, unitId: string) => api.get<FormPeriods>(`/api/forms/${id}/periods`, { query: { unitId } });

export function formName(f: { nameVi: string; nameEn: string | null }, lang: 'vi' | 'en'): string {
  return lang === 'en' && f.nameEn ? f.nameEn : f.nameVi;
}
