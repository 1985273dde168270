// Webhooks (issue 7): an administrator subscribes another system's URL to events; we POST
// each event signed with HMAC-SHA256 (docs/webhooks.md), retry with exponential backoff,
// keep a delivery log, and disable a subscription that keeps failing.
import { z } from 'zod';
import { idSchema, text } from './common.ts';

export const WEBHOOK_EVENTS = ['submission.submitted', 'submission.approved', 'submission.returned', 'data.values_changed', 'target.missed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const webhookEvent = z.enum(WEBHOOK_EVENTS);

/** http or https only; no credentials in the address (they would show in logs and the screen). */
export const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '' && u.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'Địa chỉ phải là URL http:// hoặc https:// hợp lệ, không chứa tên đăng nhập/mật khẩu' },
  );

export const webhookBody = z
  .object({
    name: text(2, 200),
    url: webhookUrl,
    events: z.array(webhookEvent).min(1).max(WEBHOOK_EVENTS.length),
    /** Only events of these forms; omitted or null = every form. */
    formIds: z.array(idSchema).min(1).max(100).nullable().optional(),
    /** Events of units in these subtrees are sent. */
    unitIds: z.array(idSchema).min(1).max(200),
    /** The API client (organisation) the subscription serves; its units bound unitIds. */
    apiClientId: idSchema.nullable().optional(),
  })
  .strict();

/** An edit: any of the subscription's fields, and `active` (false disables, true enables and clears failures). */
export const webhookPatch = webhookBody
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Cần ít nhất một trường để sửa' });

export const webhookDeliveryState = z.enum(['pending', 'delivering', 'succeeded', 'failed']);

export const webhookView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  events: z.array(webhookEvent),
  forms: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })).nullable(),
  units: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  apiClient: z.object({ id: z.string(), name: z.string(), organisation: z.string() }).nullable(),
  active: z.boolean(),
  disabledAt: z.string().nullable(),
  /** 'failures' (disabled by the dispatcher), 'manual', or the API client's: 'client_revoked', 'client_expired', 'client_units' (narrowed). */
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Deliveries by state over the last 24 hours, and when the last one succeeded. */
  stats: z.object({ succeeded24h: z.number().int(), failed24h: z.number().int(), pending: z.number().int(), lastSuccessAt: z.string().nullable() }),
});

/** The only answers that carry the signing secret (creation and rotation): it is never shown again. */
export const webhookWithSecret = z.object({ subscription: webhookView, secret: z.string() });

export const webhookDeliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  occurredAt: z.string(),
  state: webhookDeliveryState,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  responseExcerpt: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  /** The event as sent: { id, type, occurredAt, data }. */
  payload: z.record(z.string(), z.unknown()),
});

export const webhookDeliveriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    state: webhookDeliveryState.optional(),
  })
  .strict();

export const webhookDeliveryParams = z.object({ id: idSchema, deliveryId: z.uuid() }).strict();

export type WebhookBody = z.infer<typeof webhookBody>;
export type WebhookPatch = z.infer<typeof webhookPatch>;
export type WebhookView = z.infer<typeof webhookView>;
export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryView>;
