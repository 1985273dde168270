// What leaves the API about a client: never a secret or a digest of one.
import type { ApiClientView } from '@shared/schemas/api-clients.ts';
import type { ApiClientRow, ClientUsage } from './api-clients.repository.ts';

export interface PresentInput {
  row: ApiClientRow;
  units: Map<string, { id: string; code: string; name: string }>;
  secrets: { id: string; client_id: string; created_at: Date; valid_until: Date | null }[];
  usage: Map<string, ClientUsage>;
  now: Date;
}

export function presentClient({ row, units, secrets, usage, now }: PresentInput): ApiClientView {
  const use = usage.get(row.id);
  const status = row.revoked_at ? 'revoked' : row.expires_at && row.expires_at <= now ? 'expired' : 'active';
  return {
    id: row.id,
    consumerKey: row.consumer_key,
    name: row.name,
    organisation: row.organisation,
    contact: row.contact,
    scopes: row.scopes,
    units: row.unit_ids.map((id) => units.get(id) ?? { id, code: '', name: '' }),
    ipAllowList: row.ip_allow_list,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    status,
    secrets: status === 'revoked' ? [] : secrets.filter((s) => s.client_id === row.id).map((s) => ({ id: s.id, createdAt: s.created_at.toISOString(), validUntil: s.valid_until?.toISOString() ?? null })),
    createdBy: row.created_by_username,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    rateLimitPerMinute: row.rate_limit_per_minute,
    usage: {
      calls24h: use?.calls ?? 0,
      errors24h: use?.errors ?? 0,
      errorRate24h: use && use.calls > 0 ? use.errors / use.calls : 0,
      lastCallAt: use?.last_call_at?.toISOString() ?? null,
    },
  };
}
