// What leaves the API about webhooks: never the sealed secret.
import type { WebhookDeliveryView, WebhookEvent, WebhookView } from '@shared/schemas/webhooks.ts';
import { payloadOf } from './dispatcher.ts';
import type { DeliveryRow, DeliveryStats, SubscriptionRow } from './webhooks.repository.ts';

type Named = { id: string; code: string; name: string };

export function presentSubscription(
  row: SubscriptionRow,
  refs: { units: Map<string, Named>; forms: Map<string, Named>; clients: Map<string, { id: string; name: string; organisation: string }>; stats: Map<string, DeliveryStats> },
): WebhookView {
  const stats = refs.stats.get(row.id);
  const named = (ids: string[], map: Map<string, Named>) => ids.map((id) => map.get(id) ?? { id, code: '', name: '' });
  const client = row.api_client_id ? refs.clients.get(row.api_client_id) : undefined;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events as WebhookEvent[],
    forms: row.form_ids ? named(row.form_ids, refs.forms) : null,
    units: named(row.unit_ids, refs.units),
    apiClient: client ? { id: client.id, name: client.name, organisation: client.organisation } : null,
    active: row.active,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    createdBy: row.created_by_username,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    stats: { succeeded24h: stats?.succeeded24h ?? 0, failed24h: stats?.failed24h ?? 0, pending: stats?.pending ?? 0, lastSuccessAt: stats?.lastSuccessAt?.toISOString() ?? null },
  };
}

export function presentDelivery(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.event_id,
    eventType: d.event_type,
    occurredAt: d.occurred_at.toISOString(),
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? (d.next_attempt_at?.toISOString() ?? null) : null,
    lastAttemptAt: d.last_attempt_at?.toISOString() ?? null,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    lastDurationMs: d.last_duration_ms,
    responseExcerpt: d.response_excerpt,
    createdAt: d.created_at.toISOString(),
    completedAt: d.completed_at?.toISOString() ?? null,
    payload: JSON.parse(payloadOf(d)) as Record<string, unknown>,
  };
}
