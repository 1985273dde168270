// Sending webhook deliveries (ADR 0008). A run claims the due deliveries of active
// subscriptions with FOR UPDATE SKIP LOCKED and marks them 'delivering' with a claim
// that lapses (so two workers never send the same delivery, and one a crashed worker
// held is taken again later), POSTs each signed (signature.ts) with a 10 s timeout, and
// records the answer: 2xx succeeded; anything else is retried after 1, 2, 4 … 60
// minutes, and the 8th failed attempt ends the delivery as failed. A subscription whose
// deliveries end failed DISABLE_AFTER times in a row is disabled, its owner notified and
// the change audited. Run by pg-boss every minute (platform/jobs.ts) and by tests directly.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WebhookDeliveryTable } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { MINUTE } from '../../platform/clock.ts';
import { openSecret } from '../../platform/secrets.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { notifyUsers } from '../notifications/notifications.repository.ts';
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

type Delivery = Selectable<WebhookDeliveryTable> & { url: string; secret_sealed: string };

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
    where d.id = due.id and s.id = d.subscription_id
    returning d.*, s.url, s.secret_sealed`.execute(db);
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
    const error = e.name === 'TimeoutError' ? `timeout after ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
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
    { kind: 'webhook.disabled', params: { name: sub.name, url: sub.url, failures: String(sub.consecutive_failures) }, link: `/webhooks/${sub.id}` },
    now,
  );
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
