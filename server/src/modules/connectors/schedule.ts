// Scheduled connector runs. A pg-boss job every minute (platform/jobs.ts; nothing runs when
// JOBS is off) calls runDueConnectors: for each enabled HTTP connector with a cron schedule
// (Vietnam time), the latest fire time at or before now; if it is later than the last one
// started, the connector is claimed by moving last_scheduled_at with a compare-and-set —
// two processes never start the same fire time — and run. Fire times missed while the
// server was down are not replayed one by one: the next tick runs once.
import cronParser from 'cron-parser';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/http/context.ts';
import { findConnector } from './connectors.repository.ts';
import { connectorOrigin, runConnector } from './commands/run-connector.ts';

export const SCHEDULE_TZ = 'Asia/Ho_Chi_Minh';

/** null when the expression is valid; otherwise why not (Vietnamese). */
export function checkCron(expr: string): string | null {
  try {
    cronParser.parseExpression(expr, { tz: SCHEDULE_TZ });
    return null;
  } catch (err) {
    return `Lịch chạy không hợp lệ: ${(err as Error).message.slice(0, 200)}`;
  }
}

export function previousFire(expr: string, now: Date): Date {
  return cronParser.parseExpression(expr, { currentDate: new Date(now.getTime() + 1), tz: SCHEDULE_TZ }).prev().toDate();
}

export function nextFire(expr: string, now: Date): Date | null {
  try {
    return cronParser.parseExpression(expr, { currentDate: now, tz: SCHEDULE_TZ }).next().toDate();
  } catch {
    return null;
  }
}

/** Starts the connectors whose schedule is due; returns the run ids started. */
export async function runDueConnectors(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const candidates = await ctx.db
    .selectFrom('connector')
    .select(['id', 'code', 'schedule', 'last_scheduled_at', 'created_at'])
    .where('enabled', '=', true)
    .where('kind', '=', 'http')
    .where('schedule', 'is not', null)
    .execute();
  const started: string[] = [];
  for (const c of candidates) {
    let fire: Date;
    try {
      fire = previousFire(c.schedule!, now);
    } catch {
      continue;
    }
    const since = c.last_scheduled_at ?? c.created_at;
    if (fire <= since) continue;
    const claimed = await ctx.db
      .updateTable('connector')
      .set({ last_scheduled_at: fire })
      .where('id', '=', c.id)
      .where(sql<boolean>`last_scheduled_at is not distinct from ${c.last_scheduled_at}`)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) continue;
    const connector = await findConnector(ctx.db, c.id);
    if (!connector) continue;
    try {
      started.push(await runConnector(ctx, { connector, trigger: 'schedule', dryRun: false, userId: null, origin: connectorOrigin(c.code, now) }));
    } catch (err) {
      // connector_busy: a manual run is in progress; this fire time is skipped.
      ctx.log.warn({ err, connector: c.code }, 'scheduled connector run not started');
    }
  }
  return started;
}
