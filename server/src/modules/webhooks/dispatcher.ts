// Sending webhook deliveries (ADR 0008). A run claims the due deliveries of active
// subscriptions with FOR UPDATE SKIP LOCKED and marks them 'delivering' with a claim
// that lapses (so two workers never send the same delivery, and one a crashed worker
// held is taken again later), POSTs each signed (signature.ts) with a 10 s timeout, and
// records the answer: 2xx succeeded; anything else is retried after 1, 2, 4 … 60
// minutes, and the 8th failed attempt ends the delivery as failed. A subscription whose
// deliveries end failed DISABLE_AFTER times in a row is disabled, its owner notified and
// the change audited. Run by pg-boss every minute (platform/jobs.ts) and by tests directly.
// Before each send: a subscription of an API client that is revoked or expired is
// disabled and the delivery ends failed unsent; an event of a unit outside the client's
// units ends failed unsent; and the address must pass the outbound check
// (platform/outbound.ts: no loopback, link-local/metadata …) as the name resolves now.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WebhookDeliveryTable } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { MINUTE } from '../../platform/clock.ts';
import { assertOutboundAllowed, OutboundRefused } from '../../platform/outbound.ts';
import { openSecret } from '../../platform/secrets.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { notifyUsers } from '../notifications/notifications.repository.ts';
import { type ClientDisabledReason } from './commands/client-guard.ts';
import { signHeaders } from './signature.ts';

export const MAX_ATTEMPTS = 8;
export const DISABLE_AFTER = 5;
export const TIMEOUT_MS = 10_000;
/** How long a claim holds: beyond the timeout, so a live worker always finishes first. */
const CLAIM_MS = 2 * MINUTE;
const BATCH = 50;
const EXCERPT = 1000;

/** Wait before attempt n + 1 after attempt n failed: 1, 2, 4, 8, 16, 32, 60 … minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(2 ** (attempt - 1), 60) * MINUTE;
}

type Delivery = Selectable<WebhookDeliveryTable> & {
  url: string;
  secret_sealed: string;
  /** The subscription's API client, if any, as it stands at the claim. */
  client_id: string | null;
  client_revoked_at: Date | null;
  client_expires_at: Date | null;
  /** The event's unit (data.unit.id) lies outside the client's units. */
  unit_outside_client: boolean;
};

/** The request body: the same bytes are signed and sent. */
export function payloadOf(d: Pick<Delivery, 'event_id' | 'event_type' | 'occurred_at' | 'data'>): string {
  return JSON.stringify({ id: d.event_id, type: d.event_type, occurredAt: d.occurred_at.toISOString(), data: d.data });
}

/** Due deliveries of active subscriptions; or the given pending ones (a test ping), whatever the subscription's state. */
async function claim(db: Kysely<Database>, now: Date, limit: number, ids?: string[]): Promise<Delivery[]> {
  const which = ids
    ? sql`d.id = any (${ids}::uuid[]) and d.state = 'pending'`
    : sql`s.active and d.state in ('pending', 'delivering') and d.next_attempt_at <= ${now}`;
  const rows = await sql<Delivery>`
    with due as (
      select d.id from webhook_delivery d
      join webhook_subscription s on s.id = d.subscription_id
      where ${which}
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked
    )
    update webhook_delivery d
    set state = 'delivering', attempts = d.attempts + 1, next_attempt_at = ${new Date(now.getTime() + CLAIM_MS)}, last_attempt_at = ${now}, updated_at = ${now}
    from due, webhook_subscription s
    left join api_client c on c.id = s.api_client_id
    where d.id = due.id and s.id = d.subscription_id
    returning d.*, s.url, s.secret_sealed, s.api_client_id as client_id, c.revoked_at as client_revoked_at, c.expires_at as client_expires_at,
      (c.id is not null and d.data -> 'unit' ->> 'id' is not null and not exists (
        select 1 from org_unit_closure uc where uc.descendant_id = (d.data -> 'unit' ->> 'id')::bigint and uc.ancestor_id = any (c.unit_ids))) as unit_outside_client`.execute(db);
  return rows.rows;
}

interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  excerpt: string | null;
}

/** Reads at most `max` characters of the answer (an endpoint may answer with megabytes). */
async function excerptOf(res: Response, max: number): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.length > 0 ? text.slice(0, max) : null;
}

async function send(ctx: AppContext, d: Delivery): Promise<Outcome> {
  const body = payloadOf(d);
  const started = performance.now();
  try {
    const secret = openSecret(ctx.config, d.secret_sealed);
    // As the name resolves now; nothing is sent to a refused address.
    await assertOutboundAllowed(ctx.config, d.url);
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'TruongSon-Webhooks/1',
        'X-TruongSon-Event': d.event_type,
        'X-TruongSon-Delivery': d.id,
        ...signHeaders(secret, body, ctx.clock.now()),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const excerpt = await excerptOf(res, EXCERPT).catch(() => null);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}`, durationMs: Math.round(performance.now() - started), excerpt };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = err instanceof OutboundRefused ? `Địa chỉ bị từ chối: ${e.message}` : e.name === 'TimeoutError' ? `timeout after ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, status: null, error: String(error).slice(0, 500), durationMs: Math.round(performance.now() - started), excerpt: null };
  }
}

async function record(ctx: AppContext, d: Delivery, o: Outcome): Promise<void> {
  const now = ctx.clock.now();
  const last = { last_status_code: o.status, last_error: o.error, last_duration_ms: o.durationMs, response_excerpt: o.excerpt, updated_at: now };
  await ctx.db.transaction().execute(async (trx) => {
    // Only while our claim stands (state and attempt unchanged).
    const mine = trx.updateTable('webhook_delivery').where('id', '=', d.id).where('state', '=', 'delivering').where('attempts', '=', d.attempts);
    if (o.ok) {
      const r = await mine.set({ ...last, state: 'succeeded', next_attempt_at: null, completed_at: now }).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) await trx.updateTable('webhook_subscription').set({ consecutive_failures: 0 }).where('id', '=', d.subscription_id).where('consecutive_failures', '>', 0).execute();
      return;
    }
    if (d.attempts < MAX_ATTEMPTS) {
      await mine.set({ ...last, state: 'pending', next_attempt_at: new Date(now.getTime() + backoffMs(d.attempts)) }).execute();
      return;
    }
    const r = await mine.set({ ...last, state: 'failed', next_attempt_at: null, completed_at: now }).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return;
    const sub = await trx
      .updateTable('webhook_subscription')
      .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', d.subscription_id)
      .returning(['id', 'name', 'url', 'active', 'consecutive_failures', 'created_by'])
      .executeTakeFirstOrThrow();
    if (sub.active && sub.consecutive_failures >= DISABLE_AFTER) await disableForFailures(trx, sub, now);
  });
}

async function disableForFailures(trx: Kysely<Database>, sub: { id: string; name: string; url: string; consecutive_failures: number; created_by: string }, now: Date): Promise<void> {
  await trx.updateTable('webhook_subscription').set({ active: false, disabled_at: now, disabled_reason: 'failures', updated_at: now }).where('id', '=', sub.id).execute();
  await recordAudit(trx, { ip: null, userAgent: null, requestId: null, actor: null, at: now }, {
    action: 'webhook.disabled',
    targetType: 'webhook_subscription',
    targetId: sub.id,
    before: { active: true },
    after: { active: false, disabledReason: 'failures' },
    details: { consecutiveFailures: sub.consecutive_failures, url: sub.url },
  });
  await notifyUsers(
    trx,
    [sub.created_by],
    { kind: 'webhook.disabled', params: { name: sub.name, url: sub.url, failures: String(sub.consecutive_failures) }, link: `/integration/webhooks/${sub.id}` },
    now,
  );
}

/** Why a claimed delivery must not be sent (its client's state), or null. */
function refusal(d: Delivery, now: Date): { error: string; disable: ClientDisabledReason | null } | null {
  if (d.client_id === null) return null;
  if (d.client_revoked_at) return { error: 'Không gửi: ứng dụng kết nối của đăng ký đã bị thu hồi (client_revoked)', disable: 'client_revoked' };
  if (d.client_expires_at && d.client_expires_at <= now) return { error: 'Không gửi: ứng dụng kết nối của đăng ký đã hết hạn (client_expired)', disable: 'client_expired' };
  if (d.unit_outside_client) return { error: 'Không gửi: đơn vị của sự kiện nằm ngoài phạm vi của ứng dụng kết nối (unit_outside_client)', disable: null };
  return null;
}

/** Ends a delivery failed without sending it; disables its subscription when its client no longer may receive. */
async function refuse(ctx: AppContext, d: Delivery, why: { error: string; disable: ClientDisabledReason | null }): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('webhook_delivery')
      .set({ state: 'failed', next_attempt_at: null, completed_at: now, last_status_code: null, last_error: why.error, last_duration_ms: null, response_excerpt: null, updated_at: now })
      .where('id', '=', d.id)
      .where('state', '=', 'delivering')
      .where('attempts', '=', d.attempts)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0 || !why.disable) return;
    const sub = await trx
      .updateTable('webhook_subscription')
      .set({ active: false, disabled_at: now, disabled_reason: why.disable, updated_at: now })
      .where('id', '=', d.subscription_id)
      .where('active', '=', true)
      .returning(['id', 'url'])
      .executeTakeFirst();
    if (!sub) return;
    await recordAudit(trx, { ip: null, userAgent: null, requestId: null, actor: null, at: now }, {
      action: 'webhook.disabled',
      targetType: 'webhook_subscription',
      targetId: sub.id,
      before: { active: true },
      after: { active: false, disabledReason: why.disable },
      details: { apiClientId: d.client_id, url: sub.url, deliveryId: d.id },
    });
  });
}

/**
 * Sends what is due, batch after batch, until nothing is due; returns how many were
 * attempted. Safe to run in several processes at once.
 */
export async function dispatchDueDeliveries(ctx: AppContext, opts: { limit?: number; ids?: string[] } = {}): Promise<{ attempted: number; succeeded: number }> {
  let attempted = 0;
  let succeeded = 0;
  const limit = opts.limit ?? BATCH;
  for (;;) {
    const batch = await claim(ctx.db, ctx.clock.now(), limit, opts.ids);
    if (batch.length === 0) break;
    await Promise.all(
      batch.map(async (d) => {
        const why = refusal(d, ctx.clock.now());
        if (why) {
          await refuse(ctx, d, why);
          attempted += 1;
          return;
        }
        const outcome = await send(ctx, d);
        await record(ctx, d, outcome);
        attempted += 1;
        if (outcome.ok) succeeded += 1;
      }),
    );
    if (batch.length < limit || opts.ids) break;
  }
  if (attempted > 0) ctx.log.info({ attempted, succeeded }, 'webhook deliveries sent');
  return { attempted, succeeded };
}

/** Days a finished delivery stays in the log. */
export const KEEP_DELIVERIES_DAYS = 30;

/** Daily: finished deliveries older than KEEP_DELIVERIES_DAYS leave the log (pending ones never do). */
export async function pruneDeliveries(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - KEEP_DELIVERIES_DAYS * 24 * 60 * MINUTE);
  const r = await ctx.db.deleteFrom('webhook_delivery').where('state', 'in', ['succeeded', 'failed']).where('completed_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
