// E-mail delivery from mail_outbox (ADR 0010). With SMTP_URL set, due mails are claimed
// with FOR UPDATE SKIP LOCKED (two workers never take the same one), sent with nodemailer,
// and a failure is retried with backoff until MAIL_MAX_ATTEMPTS, then shown as failed.
// Without SMTP_URL nothing is sent: the mails stay in the outbox for administrators.
// Digest mails (the user's choice per kind) wait for 07:00 Vietnam time and go out as one
// message per address.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/http/context.ts';
import { loadNodemailer } from '../../platform/lazy-modules.ts';

/** Waits after the 1st, 2nd, … failed try (the last one repeats). */
export const MAIL_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];
/** A claimed mail not finished within this time is taken again (a crashed worker). */
const CLAIM_MS = 10 * 60_000;
/** Mails claimed per run (a digest larger than this goes as several messages). */
const BATCH = 500;

/** Vietnam time is UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** When a daily-digest mail queued at `now` is due: the next 07:00 Vietnam time (07:00 itself counts as past). */
export function digestDueAt(now: Date): Date {
  const vnDay = Math.floor((now.getTime() + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS; // 00:00 of the Vietnam day, as if UTC
  const sevenToday = vnDay + 7 * 3_600_000 - VIETNAM_OFFSET_MS;
  return new Date(now.getTime() < sevenToday ? sevenToday : sevenToday + DAY_MS);
}

export function backoffAfter(attempts: number): number {
  return MAIL_BACKOFF_MS[Math.min(attempts, MAIL_BACKOFF_MS.length) - 1] ?? MAIL_BACKOFF_MS[0]!;
}

export interface MailRunResult {
  sent: number;
  retried: number;
  failed: number;
}

export async function sendDueMail(ctx: AppContext): Promise<MailRunResult> {
  const result: MailRunResult = { sent: 0, retried: 0, failed: 0 };
  const url = ctx.config.SMTP_URL;
  if (!url) return result;
  const now = ctx.clock.now();
  const claimed = await sql<{ id: string; to_address: string; subject: string; body: string; attempts: number; digest: boolean }>`
    update mail_outbox m set state = 'sending', next_attempt_at = ${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz
    where m.id in (
      select id from mail_outbox
      where state in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at, id limit ${BATCH}
      for update skip locked
    )
    returning m.id::text, m.to_address, m.subject, m.body, m.attempts, m.digest`.execute(ctx.db);
  if (claimed.rows.length === 0) return result;
  // One pooled connection for the batch.
  const nodemailer = await loadNodemailer();
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 1 });
  try {
    // Digest mails due together for one address go as one message.
    const messages: { ids: string[]; to: string; subject: string; body: string; attempts: number }[] = [];
    const digests = new Map<string, (typeof messages)[number]>();
    for (const m of claimed.rows) {
      if (!m.digest) {
        messages.push({ ids: [m.id], to: m.to_address, subject: m.subject, body: m.body, attempts: m.attempts });
        continue;
      }
      const d = digests.get(m.to_address);
      if (d) {
        d.ids.push(m.id);
        d.body += `\n\n— — —\n\n${m.subject}\n${m.body}`;
        d.attempts = Math.max(d.attempts, m.attempts);
      } else {
        const first = { ids: [m.id], to: m.to_address, subject: '', body: `${m.subject}\n${m.body}`, attempts: m.attempts };
        digests.set(m.to_address, first);
        messages.push(first);
      }
    }
    for (const d of digests.values()) d.subject = `[Trường Sơn] Tóm tắt nhắc việc hằng ngày (${d.ids.length}) / Daily reminder digest`;
    for (const m of messages) {
      const attempts = m.attempts + 1;
      try {
        await transport.sendMail({ from: ctx.config.MAIL_FROM, to: m.to, subject: m.subject, text: m.body });
        await ctx.db.updateTable('mail_outbox').set({ state: 'sent', attempts, sent_at: ctx.clock.now(), last_error: null }).where('id', 'in', m.ids).execute();
        result.sent += 1;
      } catch (err) {
        const message = String((err as Error).message ?? err).slice(0, 1000);
        const last = attempts >= ctx.config.MAIL_MAX_ATTEMPTS;
        await ctx.db
          .updateTable('mail_outbox')
          .set({ state: last ? 'failed' : 'pending', attempts, last_error: message, next_attempt_at: new Date(ctx.clock.now().getTime() + backoffAfter(attempts)) })
          .where('id', 'in', m.ids)
          .execute();
        if (last) result.failed += 1;
        else result.retried += 1;
        ctx.log.warn({ mailIds: m.ids, attempts, err: message }, last ? 'mail failed' : 'mail send failed, will retry');
      }
    }
  } finally {
    transport.close();
  }
  return result;
}
