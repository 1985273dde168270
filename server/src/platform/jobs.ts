// Background work on pg-boss (same PostgreSQL): daily audit retention, disabling
// inactive accounts, and pruning expired sessions and login attempts. Each job is
// idempotent: running it twice changes nothing more.
import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { AppContext } from './http/context.ts';
import { DAY } from './clock.ts';
import { purgeAuditBefore, recordAudit } from '../modules/audit/audit.repository.ts';
import { primaryUnitId } from '../modules/users/users.repository.ts';
import { runDueConnectors } from '../modules/connectors/schedule.ts';
import { dispatchDueDeliveries, pruneDeliveries } from '../modules/webhooks/dispatcher.ts';
import { setWebhookNudge } from '../modules/webhooks/events.ts';
import { runReminders } from '../modules/reminders/reminders.ts';
import { sendDueMail } from '../modules/reminders/mail.ts';
import { runTaskReminders } from '../modules/reminders/task-reminders.ts';
import { generateRecurringTasks } from '../modules/tasks/recurrence.ts';
import { setTaskNudge } from '../modules/tasks/nudge.ts';
import { runDisbursementAlerts } from '../modules/reminders/disbursement-alerts.ts';

export async function disableInactiveUsers(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - ctx.config.INACTIVE_DISABLE_DAYS * DAY);
  return ctx.db.transaction().execute(async (trx) => {
    const users = await trx
      .updateTable('app_user')
      .set({ active: false, deactivated_reason: 'inactive', updated_at: now })
      .where('active', '=', true)
      .where('is_demo', '=', false)
      .where(sql<Date>`coalesce(last_login_at, created_at)`, '<', cutoff)
      .returning(['id', 'username'])
      .execute();
    for (const u of users) {
      await trx.updateTable('session').set({ revoked_at: now, revoked_reason: 'user_deactivated' }).where('user_id', '=', u.id).where('revoked_at', 'is', null).execute();
      await recordAudit(trx, { ip: null, userAgent: null, requestId: null, actor: null, at: now }, { action: 'user.deactivated', targetType: 'user', targetId: u.id, unitId: await primaryUnitId(trx, u.id), before: { active: true }, after: { active: false }, details: { reason: 'inactive', days: ctx.config.INACTIVE_DISABLE_DAYS } });
    }
    return users.length;
  });
}

export async function runRetention(ctx: AppContext): Promise<{ audit: number; sessions: number; attempts: number; apiCalls: number; apiTokens: number }> {
  const now = ctx.clock.now();
  const auditCutoff = new Date(now.getTime() - ctx.config.AUDIT_RETENTION_DAYS * DAY);
  const audit = await purgeAuditBefore(ctx.db, auditCutoff);
  const sessions = await ctx.db.deleteFrom('session').where('expires_at', '<', new Date(now.getTime() - 7 * DAY)).executeTakeFirst();
  const attempts = await ctx.db.deleteFrom('login_attempt').where('at', '<', new Date(now.getTime() - 30 * DAY)).executeTakeFirst();
  // The API call log is kept as long as the audit log; dead tokens a week past their expiry.
  const apiCalls = await ctx.db.deleteFrom('api_call').where('at', '<', auditCutoff).executeTakeFirst();
  const apiTokens = await ctx.db.deleteFrom('api_token').where('expires_at', '<', new Date(now.getTime() - 7 * DAY)).executeTakeFirst();
  return { audit, sessions: Number(sessions.numDeletedRows), attempts: Number(attempts.numDeletedRows), apiCalls: Number(apiCalls.numDeletedRows), apiTokens: Number(apiTokens.numDeletedRows) };
}

export async function startJobs(ctx: AppContext, url: string): Promise<() => Promise<void>> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss' });
  boss.on('error', (err: unknown) => {
    // 57P01: the database is shutting down (Ctrl-C reaches PostgreSQL too); not a fault.
    if ((err as { code?: string }).code === '57P01') ctx.log.info('job queue: database shutting down');
    else ctx.log.error({ err }, 'job queue error');
  });
  await boss.start();
  const jobs: Record<string, () => Promise<unknown>> = {
    'accounts.disable-inactive': () => disableInactiveUsers(ctx),
    'retention.daily': () => runRetention(ctx),
    'webhooks.prune': () => pruneDeliveries(ctx),
  };
  for (const [name, run] of Object.entries(jobs)) {
    await boss.createQueue(name);
    // 01:30 Vietnam time every day.
    await boss.schedule(name, '30 1 * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
    await boss.work(name, async () => {
      const result = await run();
      ctx.log.info({ job: name, result }, 'job done');
    });
  }
  // Webhook deliveries (ADR 0008): every minute, and soon after a report event is enqueued.
  const webhooks = 'webhooks.dispatch';
  await boss.createQueue(webhooks);
  await boss.schedule(webhooks, '* * * * *', {});
  await boss.work(webhooks, async () => {
    await dispatchDueDeliveries(ctx);
  });
  setWebhookNudge(() => {
    boss.send(webhooks, {}, { singletonSeconds: 2 }).catch((err: unknown) => ctx.log.warn({ err }, 'webhook nudge failed'));
  });
  // Sector connectors (ADR 0009): every minute, start those whose cron schedule is due.
  const connectors = 'connectors.due';
  await boss.createQueue(connectors);
  await boss.schedule(connectors, '* * * * *', {});
  await boss.work(connectors, async () => {
    const started = await runDueConnectors(ctx);
    if (started.length > 0) ctx.log.info({ job: connectors, runs: started }, 'job done');
  });
  // Reporting-deadline reminders (ADR 0010): every 15 minutes; idempotent by reminder_sent.
  const reminders = 'reminders.run';
  await boss.createQueue(reminders);
  await boss.schedule(reminders, '*/15 * * * *', {});
  await boss.work(reminders, async () => {
    const result = await runReminders(ctx);
    if (result.notified + result.mailed > 0) ctx.log.info({ job: reminders, result }, 'job done');
  });
  // Tasks (issue 6): recurring occurrences made, then due soon / due today / overdue reminders,
  // every 15 minutes; idempotent by the (rule, occurrence) key and reminder_sent.
  const tasks = 'tasks.run';
  await boss.createQueue(tasks);
  await boss.schedule(tasks, '*/15 * * * *', {});
  await boss.work(tasks, async () => {
    const generated = await generateRecurringTasks(ctx);
    const reminded = await runTaskReminders(ctx);
    if (generated.created + reminded.notified + reminded.mailed > 0) ctx.log.info({ job: tasks, generated, reminded }, 'job done');
  });
  // A burst of changes: a nudge within a busy 2-second slot is queued for the next slot, never dropped.
  setTaskNudge(() => {
    boss.send(tasks, {}, { singletonSeconds: 2, singletonNextSlot: true }).catch((err: unknown) => ctx.log.warn({ err }, 'task nudge failed'));
  });
  // Catch up at start (a restart may have missed a quarter hour).
  await boss.send(tasks, {});
  // Disbursement below the plan curve (issue 6): hourly; idempotent by reminder_sent (work, milestone).
  const disbursement = 'investments.disbursement-alerts';
  await boss.createQueue(disbursement);
  await boss.schedule(disbursement, '7 * * * *', {});
  await boss.work(disbursement, async () => {
    const result = await runDisbursementAlerts(ctx);
    if (result.notified + result.mailed > 0) ctx.log.info({ job: disbursement, result }, 'job done');
  });
  // E-mail from the outbox (only with SMTP_URL): every minute, with backoff per mail.
  const mail = 'mail.send';
  await boss.createQueue(mail);
  await boss.schedule(mail, '* * * * *', {});
  await boss.work(mail, async () => {
    const result = await sendDueMail(ctx);
    if (result.sent + result.retried + result.failed > 0) ctx.log.info({ job: mail, result }, 'job done');
  });
  return async () => {
    setWebhookNudge(null);
    setTaskNudge(null);
    await boss.stop({ graceful: true, wait: true });
  };
}
