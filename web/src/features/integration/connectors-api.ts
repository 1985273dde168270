// Sector database connectors (issue 7) as the administration screens need them: the
// connectors, their mapping tables, runs (now, dry run, file upload) and the
// reconciliation report of each run.
import type {
  ConflictItem,
  ConnectorBody,
  ConnectorMappingInput,
  ConnectorMappingView,
  ConnectorPatch,
  ConnectorProfileView,
  ConnectorRunSummary,
  ConnectorRunView,
  ConnectorView,
  ReconciliationItem,
  ReconciliationReport,
  RowProblem,
  UnmappedItem,
} from '@shared/schemas/connectors.ts';
import { api } from '../../lib/api';

export type {
  ConflictItem,
  ConnectorBody,
  ConnectorMappingInput,
  ConnectorMappingView,
  ConnectorPatch,
  ConnectorProfileView,
  ConnectorRunSummary,
  ConnectorRunView,
  ConnectorView,
  ReconciliationItem,
  ReconciliationReport,
  RowProblem,
  UnmappedItem,
};
export type RunState = ConnectorRunSummary['state'];

export const connectorKeys = {
  all: ['connectors'] as const,
  list: ['connectors', 'list'] as const,
  profiles: ['connectors', 'profiles'] as const,
  detail: (id: string) => ['connectors', 'detail', id] as const,
  mappings: (id: string) => ['connectors', 'mappings', id] as const,
  runs: (id: string) => ['connectors', 'runs', id] as const,
  run: (id: string, runId: string) => ['connectors', 'run', id, runId] as const,
};

export const listConnectors = () => api.get<{ items: ConnectorView[] }>('/api/connectors');
export const listProfiles = () => api.get<{ items: ConnectorProfileView[] }>('/api/connectors/profiles');
export const getConnector = (id: string) => api.get<ConnectorView>(`/api/connectors/${id}`);
export const createConnector = (body: ConnectorBody) => api.post<ConnectorView>('/api/connectors', body);
export const updateConnector = (id: string, body: ConnectorPatch) => api.patch<ConnectorView>(`/api/connectors/${id}`, body);
export const deleteConnector = (id: string) => api.delete<{ ok: true }>(`/api/connectors/${id}`);
export const listMappings = (id: string) => api.get<{ items: ConnectorMappingView[] }>(`/api/connectors/${id}/mappings`);
export const putMappings = (id: string, items: ConnectorMappingInput[]) => api.put<{ items: ConnectorMappingView[] }>(`/api/connectors/${id}/mappings`, { items });
export const deleteMapping = (id: string, mappingId: string) => api.delete<{ ok: true }>(`/api/connectors/${id}/mappings/${mappingId}`);
export const runConnector = (id: string, dryRun: boolean) => api.post<ConnectorRunView>(`/api/connectors/${id}/run`, { dryRun });
export function uploadToConnector(id: string, file: File, dryRun: boolean) {
  const body = new FormData();
  body.append('file', file);
  return api.post<ConnectorRunView>(`/api/connectors/${id}/upload`, body, { query: { dryRun: dryRun ? 'true' : 'false' } });
}
export const listRuns = (id: string) => api.get<{ items: ConnectorRunSummary[] }>(`/api/connectors/${id}/runs`, { query: { limit: 50 } });
export const getRun = (id: string, runId: string) => api.get<ConnectorRunView>(`/api/connectors/${id}/runs/${runId}`);
