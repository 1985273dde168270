// Subscriptions follow their API client (ADR 0008 "Subscriptions of an API client"):
// revoking the client disables them, narrowing its units disables those that reach
// beyond the new units — in the transaction of the client's change, each audited. The
// dispatcher checks again before every send (an expired client, a change made another
// way), so nothing leaves for an organisation that may no longer see it.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';

/** Why a subscription of an API client was disabled (webhook_subscription.disabled_reason). */
export type ClientDisabledReason = 'client_revoked' | 'client_expired' | 'client_units';

/**
 * Disables the active subscriptions of a client — all of them, or with `unitIds` only
 * those with a unit outside these subtrees — and audits each. Returns their ids.
 */
export async function disableClientSubscriptions(
  trx: Kysely<Database>,
  origin: AuditOrigin,
  clientId: string,
  reason: ClientDisabledReason,
  unitIds?: string[],
): Promise<string[]> {
  const now = origin.at;
  const outside = unitIds
    ? sql<boolean>`exists (
        select 1 from unnest(webhook_subscription.unit_ids) as u(id)
        where not exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.ancestor_id = any (${unitIds}::bigint[])))`
    : sql<boolean>`true`;
  const rows = await trx
    .updateTable('webhook_subscription')
    .set({ active: false, disabled_at: now, disabled_reason: reason, updated_at: now })
    .where('api_client_id', '=', clientId)
    .where('active', '=', true)
    .where(outside)
    .returning(['id', 'name', 'url', 'unit_ids'])
    .execute();
  for (const s of rows) {
    await recordAudit(trx, origin, {
      action: 'webhook.disabled',
      targetType: 'webhook_subscription',
      targetId: s.id,
      before: { active: true },
      after: { active: false, disabledReason: reason },
      details: { apiClientId: clientId, url: s.url, ...(unitIds ? { unitIds: s.unit_ids, clientUnitIds: unitIds } : {}) },
    });
  }
  return rows.map((s) => s.id);
}
