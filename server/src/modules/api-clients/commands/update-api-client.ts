// Edits a client's registration (not its secrets), audited with before and after.
// Tokens already issued follow at once: the bearer check reads the client's current
// scopes, units, address list and call limit, not a copy taken when the token was issued.
// Narrowing the units disables the client's webhook subscriptions that reach beyond
// them (audited; ADR 0008) rather than refusing the edit: restricting an organisation
// must never wait on its webhooks.
import type { ApiClientPatch } from '@shared/schemas/api-clients.ts';
import type { Db } from '../../../platform/db/database.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { cidrArray, type ApiClientRow } from '../api-clients.repository.ts';
import { disableClientSubscriptions } from '../../webhooks/commands/client-guard.ts';

export async function updateApiClient(db: Db, origin: AuditOrigin, before: ApiClientRow, patch: ApiClientPatch): Promise<void> {
  const now = origin.at;
  const set = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.organisation !== undefined && { organisation: patch.organisation }),
    ...(patch.contact !== undefined && { contact: patch.contact }),
    ...(patch.scopes !== undefined && { scopes: [...new Set(patch.scopes)].sort() }),
    ...(patch.unitIds !== undefined && { unit_ids: [...new Set(patch.unitIds)] }),
    ...(patch.ipAllowList !== undefined && { ip_allow_list: cidrArray(patch.ipAllowList) }),
    ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt ? new Date(patch.expiresAt) : null }),
    ...(patch.rateLimitPerMinute !== undefined && { rate_limit_per_minute: patch.rateLimitPerMinute }),
  };
  const was: Record<string, unknown> = {
    name: before.name,
    organisation: before.organisation,
    contact: before.contact,
    scopes: before.scopes,
    unitIds: before.unit_ids,
    ipAllowList: before.ip_allow_list,
    expiresAt: before.expires_at?.toISOString() ?? null,
    rateLimitPerMinute: before.rate_limit_per_minute,
  };
  const changed = Object.keys(patch).filter((k) => patch[k as keyof ApiClientPatch] !== undefined);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('api_client').set({ ...set, updated_at: now }).where('id', '=', before.id).execute();
    if (patch.unitIds !== undefined) await disableClientSubscriptions(trx, origin, before.id, 'client_units', [...new Set(patch.unitIds)]);
    await recordAudit(trx, origin, {
      action: 'api_client.updated',
      targetType: 'api_client',
      targetId: before.id,
      before: Object.fromEntries(changed.map((k) => [k, was[k]])),
      after: Object.fromEntries(changed.map((k) => [k, patch[k as keyof ApiClientPatch] ?? null])),
    });
  });
}
