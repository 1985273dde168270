// Documents: generating a report's official document, the register (sổ văn bản) and
// Word templates — requests typed by the shared contracts.
import type { z } from 'zod';
import type {
  DocumentFormat,
  DocumentHeader,
  DocumentKind,
  DocumentListQuery,
  DocumentView,
  GenerateConsolidatedBody,
  GenerateTaskProgressBody,
  HeaderDefaults,
  TemplateField,
  TemplateView,
  capabilities,
} from '@shared/schemas/documents.ts';
import { api } from '../../lib/api';

export type { DocumentFormat, DocumentHeader, DocumentKind, DocumentView, HeaderDefaults, TemplateField, TemplateView };
export type Capabilities = z.infer<typeof capabilities>;

export const documentKeys = {
  all: ['documents'] as const,
  list: (q: Partial<DocumentListQuery>) => ['documents', 'list', q] as const,
  capabilities: ['documents', 'capabilities'] as const,
  header: (unitId: string) => ['documents', 'header', unitId] as const,
  templates: (q: { kind?: DocumentKind; forUnitId?: string }) => ['documents', 'templates', q] as const,
  fields: ['documents', 'fields'] as const,
};

export const getCapabilities = (signal?: AbortSignal) => api.get<Capabilities>('/api/documents/capabilities', { signal });
export const getHeaderDefaults = (unitId: string, signal?: AbortSignal) => api.get<HeaderDefaults>('/api/documents/header-defaults', { query: { unitId }, signal });
export const generateConsolidated = (body: GenerateConsolidatedBody) => api.post<DocumentView>('/api/documents/consolidated', body);
export const generateTaskProgress = (body: GenerateTaskProgressBody) => api.post<DocumentView>('/api/documents/task-progress', body);

export const listDocuments = (q: Partial<DocumentListQuery>, signal?: AbortSignal) =>
  api.get<{ items: DocumentView[]; total: number }>('/api/documents', { query: q as Record<string, string | number | undefined>, signal });
export const documentFileUrl = (id: string) => `/api/documents/${id}/file`;

export const listTemplates = (q: { kind?: DocumentKind; forUnitId?: string }, signal?: AbortSignal) => api.get<{ items: TemplateView[] }>('/api/documents/templates', { query: q, signal });
export const templateFields = (signal?: AbortSignal) => api.get<Record<DocumentKind, TemplateField[]>>('/api/documents/templates/fields', { signal });
export const templateFileUrl = (id: string) => `/api/documents/templates/${id}/file`;
export const deleteTemplate = (id: string) => api.delete<void>(`/api/documents/templates/${id}`);
export function uploadTemplate(q: { name: string; kind: DocumentKind }, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.post<TemplateView>(`/api/documents/templates?${new URLSearchParams(q)}`, form);
}

/** Starts the browser's download of a register entry's file. */
export function downloadDocument(doc: Pick<DocumentView, 'id' | 'fileName'>): void {
  const a = document.createElement('a');
  a.href = documentFileUrl(doc.id);
  a.download = doc.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
