// Revokes a client for good: its secrets stop working and every token it holds dies
// at once (bearer checks also look at the client, this makes introspection agree), and
// its webhook subscriptions are disabled (ADR 0008).
import type { Db } from '../../../platform/db/database.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { disableClientSubscriptions } from '../../webhooks/commands/client-guard.ts';

export async function revokeApiClient(db: Db, origin: AuditOrigin, clientId: string, reason: string | null): Promise<void> {
  const now = origin.at;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('api_client').set({ revoked_at: now, revoked_by: origin.actor?.id ?? null, updated_at: now }).where('id', '=', clientId).execute();
    const tokens = await trx.updateTable('api_token').set({ revoked_at: now }).where('client_id', '=', clientId).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    const webhooks = await disableClientSubscriptions(trx, origin, clientId, 'client_revoked');
    await recordAudit(trx, origin, { action: 'api_client.revoked', targetType: 'api_client', targetId: clientId, details: { reason, tokensRevoked: Number(tokens.numUpdatedRows), webhooksDisabled: webhooks.length } });
  });
}
