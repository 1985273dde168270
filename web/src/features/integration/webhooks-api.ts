// Webhook subscriptions (issue 7) as the administration screens need them. The signing
// secret only arrives in the answers to create and rotate, and is shown once.
import type { WebhookBody, WebhookDeliveryView, WebhookPatch, WebhookView, WebhookWithSecret } from '@shared/schemas/webhooks.ts';
import { WEBHOOK_EVENTS } from '@shared/schemas/webhooks.ts';
import { api } from '../../lib/api';

export { WEBHOOK_EVENTS };
export type { WebhookBody, WebhookDeliveryView, WebhookPatch, WebhookView, WebhookWithSecret };
export type DeliveryState = WebhookDeliveryView['state'];

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
  detail: (id: string) => ['webhooks', 'detail', id] as const,
  deliveries: (id: string, state: DeliveryState | undefined) => ['webhooks', 'deliveries', id, state ?? 'all'] as const,
};

export const listWebhooks = () => api.get<{ items: WebhookView[] }>('/api/webhooks');
export const getWebhook = (id: string) => api.get<WebhookView>(`/api/webhooks/${id}`);
export const createWebhook = (body: WebhookBody) => api.post<WebhookWithSecret>('/api/webhooks', body);
export const updateWebhook = (id: string, body: WebhookPatch) => api.patch<WebhookView>(`/api/webhooks/${id}`, body);
export const deleteWebhook = (id: string) => api.delete<void>(`/api/webhooks/${id}`);
export const rotateWebhookSecret = (id: string) => api.post<WebhookWithSecret>(`/api/webhooks/${id}/rotate-secret`, {});
export const pingWebhook = (id: string) => api.post<WebhookDeliveryView>(`/api/webhooks/${id}/ping`, {});
export const listDeliveries = (id: string, state: DeliveryState | undefined, signal?: AbortSignal) =>
  api.get<{ items: WebhookDeliveryView[] }>(`/api/webhooks/${id}/deliveries`, { query: { limit: 100, state }, signal });
export const redeliver = (id: string, deliveryId: string) => api.post<WebhookDeliveryView>(`/api/webhooks/${id}/deliveries/${deliveryId}/redeliver`, {});
