// Submission and approval: the requests, with types from the shared API contracts.
import type { z } from 'zod';
import type { submissionListResponse, SubmissionAction, SubmissionState, SubmissionView, ValidationViolationView } from '@shared/schemas/submissions.ts';
import { api } from '../../lib/api';
import { offlineRead } from '../offline/sync';

export type { SubmissionAction, SubmissionState, SubmissionView, ValidationViolationView };
export type SubmissionList = z.infer<typeof submissionListResponse>;
export type SubmissionListItem = SubmissionList['items'][number];

export interface SubmissionKey {
  formId: string;
  unitId: string;
  period: string;
}

export const submissionKeys = {
  all: ['submissions'] as const,
  status: (k: SubmissionKey) => ['submissions', 'status', k.formId, k.unitId, k.period] as const,
  list: (formId: string, period: string, parentId: string | null) => ['submissions', 'list', formId, period, parentId ?? ''] as const,
};

export const getSubmission = (k: SubmissionKey, signal?: AbortSignal) =>
  offlineRead(submissionKeys.status(k), () => api.get<SubmissionView>('/api/submissions/status', { query: { ...k }, signal }));

export interface TransitionBody extends SubmissionKey {
  version?: number;
  comment?: string;
  reason?: string;
  cells?: { dataElementId: string; cocId: string; comment: string }[];
}

export const transition = (action: SubmissionAction, body: TransitionBody) => api.post<SubmissionView>(`/api/submissions/${action}`, body);

export const listSubmissions = (q: { formId: string; period: string; parentId?: string | null; summary?: boolean }, signal?: AbortSignal) =>
  api.get<SubmissionList>('/api/submissions', { query: { formId: q.formId, period: q.period, parentId: q.parentId ?? undefined, summary: q.summary ? 'true' : undefined }, signal });

export const STATE_COLORS: Record<SubmissionState, string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success' };
