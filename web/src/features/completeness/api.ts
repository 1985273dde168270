// Completeness and timeliness: the requests, typed by the shared API contracts.
import type { AttentionItem, AttentionResponse, CompletenessResponse, CompletenessRow } from '@shared/schemas/completeness.ts';
import { api } from '../../lib/api';

export type { AttentionItem, AttentionResponse, CompletenessResponse, CompletenessRow };

export const completenessKeys = {
  all: ['completeness'] as const,
  counts: (formId: string, period: string, unitId: string | null) => ['completeness', 'counts', formId, period, unitId ?? ''] as const,
  attention: (formId: string | null, unitId: string | null, days: number) => ['completeness', 'attention', formId ?? '', unitId ?? '', days] as const,
};

export const getCompleteness = (q: { formId: string; period: string; unitId?: string | null }, signal?: AbortSignal) =>
  api.get<CompletenessResponse>('/api/completeness', { query: { formId: q.formId, period: q.period, unitId: q.unitId ?? undefined }, signal });

export const getAttention = (q: { formId?: string | null; unitId?: string | null; days?: number; limit?: number }, signal?: AbortSignal) =>
  api.get<AttentionResponse>('/api/completeness/attention', {
    query: { formId: q.formId ?? undefined, unitId: q.unitId ?? undefined, days: q.days ?? 7, limit: q.limit ?? 20 },
    signal,
  });

/** Where an item is handled: its report on the entry page (reviewers approve or return it there). */
export const entryLink = (i: { formId: string; unitId: string; period: string }) => `/data-entry?form=${i.formId}&unit=${i.unitId}&period=${encodeURIComponent(i.period)}`;
