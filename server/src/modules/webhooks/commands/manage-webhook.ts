// Changes to webhook subscriptions, each in one transaction with its audit entry. The
// signing secret is sealed (platform/secrets.ts), returned to the caller once, and never
// written to the audit log.
import { randomUUID } from 'node:crypto';
import type { WebhookBody, WebhookPatch } from '@shared/schemas/webhooks.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { sealSecret } from '../../../platform/secrets.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';
import { newWebhookSecret } from '../signature.ts';
import type { DeliveryRow, SubscriptionRow } from '../webhooks.repository.ts';

/** The audited picture of a subscription (no secret). */
const snapshot = (s: { name: string; url: string; events: string[]; form_ids: string[] | null; unit_ids: string[]; api_client_id: string | null; active: boolean }) => ({
  name: s.name,
  url: s.url,
  events: s.events,
  formIds: s.form_ids,
  unitIds: s.unit_ids,
  apiClientId: s.api_client_id,
  active: s.active,
});

export async function createWebhook(ctx: AppContext, origin: AuditOrigin, body: WebhookBody): Promise<{ id: string; secret: string }> {
  const now = origin.at;
  const secret = newWebhookSecret();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_subscription')
      .values({
        name: body.name,
        url: body.url,
        events: [...new Set(body.events)],
        form_ids: body.formIds ? [...new Set(body.formIds)] : null,
        unit_ids: [...new Set(body.unitIds)],
        api_client_id: body.apiClientId ?? null,
        secret_sealed: sealSecret(ctx.config, secret),
        created_by: origin.actor!.id!,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'webhook.created', targetType: 'webhook_subscription', targetId: row.id, after: snapshot(row) });
    return row.id;
  });
  return { id, secret };
}

/** An edit; `active: true` re-enables and clears the failure count, `active: false` disables. */
export async function updateWebhook(ctx: AppContext, origin: AuditOrigin, row: SubscriptionRow, patch: WebhookPatch): Promise<void> {
  const now = origin.at;
  await ctx.db.transaction().execute(async (trx) => {
    const enabling = patch.active === true && !row.active;
    const disabling = patch.active === false && row.active;
    const after = await trx
      .updateTable('webhook_subscription')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
        ...(patch.formIds !== undefined ? { form_ids: patch.formIds ? [...new Set(patch.formIds)] : null } : {}),
        ...(patch.unitIds !== undefined ? { unit_ids: [...new Set(patch.unitIds)] } : {}),
        ...(patch.apiClientId !== undefined ? { api_client_id: patch.apiClientId } : {}),
        ...(enabling ? { active: true, disabled_at: null, disabled_reason: null, consecutive_failures: 0 } : {}),
        ...(disabling ? { active: false, disabled_at: now, disabled_reason: 'manual' } : {}),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const action = enabling ? 'webhook.enabled' : disabling ? 'webhook.disabled' : 'webhook.updated';
    await recordAudit(trx, origin, { action, targetType: 'webhook_subscription', targetId: row.id, before: snapshot(row), after: snapshot(after) });
  });
}

export async function deleteWebhook(ctx: AppContext, origin: AuditOrigin, row: SubscriptionRow): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_subscription').where('id', '=', row.id).execute();
    await recordAudit(trx, origin, { action: 'webhook.deleted', targetType: 'webhook_subscription', targetId: row.id, before: snapshot(row) });
  });
}

/** A new secret replaces the old one at once (the receiver updates its copy). */
export async function rotateWebhookSecret(ctx: AppContext, origin: AuditOrigin, row: SubscriptionRow): Promise<string> {
  const secret = newWebhookSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('webhook_subscription').set({ secret_sealed: sealSecret(ctx.config, secret), updated_at: origin.at }).where('id', '=', row.id).execute();
    await recordAudit(trx, origin, { action: 'webhook.secret_rotated', targetType: 'webhook_subscription', targetId: row.id });
  });
  return secret;
}

/** A "ping" event to this subscription only, due now. Returns the delivery id. */
export async function pingWebhook(ctx: AppContext, origin: AuditOrigin, row: SubscriptionRow): Promise<string> {
  const now = origin.at;
  return ctx.db.transaction().execute(async (trx) => {
    const d = await trx
      .insertInto('webhook_delivery')
      .values({
        subscription_id: row.id,
        event_id: randomUUID(),
        event_type: 'ping',
        occurred_at: now,
        data: JSON.stringify({ subscription: { id: row.id, name: row.name }, message: 'Kiểm tra kết nối webhook từ Trường Sơn' }),
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'webhook.ping', targetType: 'webhook_subscription', targetId: row.id, details: { deliveryId: d.id } });
    return d.id;
  });
}

/** The same event again as a new delivery (new delivery id, same event id), due now. */
export async function redeliver(ctx: AppContext, origin: AuditOrigin, row: SubscriptionRow, original: DeliveryRow): Promise<string> {
  const now = origin.at;
  return ctx.db.transaction().execute(async (trx) => {
    const d = await trx
      .insertInto('webhook_delivery')
      .values({
        subscription_id: row.id,
        event_id: original.event_id,
        event_type: original.event_type,
        occurred_at: original.occurred_at,
        data: JSON.stringify(original.data),
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, { action: 'webhook.redelivered', targetType: 'webhook_subscription', targetId: row.id, details: { deliveryId: d.id, originalDeliveryId: original.id, eventId: original.event_id, eventType: original.event_type } });
    return d.id;
  });
}
