// API clients (issue 7) as the administration screens need them: the list, one client,
// its recent calls, and the writes (create, edit, rotate the secret, revoke). The consumer
// secret only ever arrives in the answers to create and rotate, and is shown once.
import type { ApiCallsView, ApiCallView, ApiClientBody, ApiClientCredentials, ApiClientPatch, ApiClientView, ApiScope } from '@shared/schemas/api-clients.ts';
import { API_SCOPES } from '@shared/schemas/api-clients.ts';
import { api } from '../../lib/api';
import type { Me } from '../auth/session';

export { API_SCOPES };
export type { ApiClientPatch, ApiClientView, ApiScope };
export type ApiClientStatus = ApiClientView['status'];
export type ApiCall = ApiCallView;
export type ApiCallLog = ApiCallsView;
export type ApiCallsByRoute = ApiCallsView['byRoute'][number];

export interface Credentials extends ApiClientCredentials {
  /** Only after a rotation: when the secret(s) in use before it stop working. */
  previousValidUntil?: string;
}

export const apiClientKeys = {
  all: ['api-clients'] as const,
  list: ['api-clients', 'list'] as const,
  detail: (id: string) => ['api-clients', 'detail', id] as const,
  calls: (id: string, errorsOnly: boolean, limit: number) => ['api-clients', 'calls', id, errorsOnly, limit] as const,
};

export const listApiClients = () => api.get<{ items: ApiClientView[] }>('/api/api-clients');
export const getApiClient = (id: string) => api.get<ApiClientView>(`/api/api-clients/${id}`);
export const createApiClient = (body: ApiClientBody) => api.post<Credentials>('/api/api-clients', body);
export const updateApiClient = (id: string, body: ApiClientPatch) => api.patch<ApiClientView>(`/api/api-clients/${id}`, body);
export const rotateApiClientSecret = (id: string, overlapMinutes: number) => api.post<Credentials>(`/api/api-clients/${id}/rotate-secret`, { overlapMinutes });
export const revokeApiClient = (id: string, reason: string | undefined) => api.post<ApiClientView>(`/api/api-clients/${id}/revoke`, reason ? { reason } : {});
export const listApiCalls = (id: string, query: { limit: number; errorsOnly: boolean }, signal?: AbortSignal) =>
  api.get<ApiCallLog>(`/api/api-clients/${id}/calls`, { query: { limit: query.limit, errorsOnly: query.errorsOnly ? 'true' : undefined }, signal });

/** The server allows API clients to be managed only by holders of api_client.manage at the national unit. */
export function canManageApiClients(me: Me): boolean {
  return me.assignments.some((a) => a.unit.kind === 'nation' && a.permissions.includes('api_client.manage'));
}

/** Is this an IPv4/IPv6 address or CIDR range? (The server checks it fully.) */
export function looksLikeIpRange(value: string): boolean {
  return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(value.trim()) && /[.:]/.test(value);
}

/** The end of a calendar day (yyyy-mm-dd) in Vietnam time, as the API's expiresAt. */
export function endOfVnDay(day: string): string {
  return `${day}T23:59:59+07:00`;
}
