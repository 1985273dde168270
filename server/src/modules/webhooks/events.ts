// Where events enter the outbox: called by the change that causes them, inside its
// transaction, so a rolled-back change sends nothing (ADR 0008). Each call is one
// INSERT … SELECT over the matching active subscriptions (event type, form filter, unit
// subtree); with no subscription it inserts nothing. The cell save and imports use the
// database function webhook_values_changed (migration 0013) for "values changed".
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { periodLabel } from '@shared/engine/periods.ts';
import type { WebhookEvent } from '@shared/schemas/webhooks.ts';
import type { Database } from '../../platform/db/schema.ts';
import { missedTargets, type MissedTarget } from '../catalog/missed-targets.ts';

type Db = Kysely<Database>;

/** pg-boss asks the dispatcher to run soon (set by platform/jobs.ts; a no-op without jobs). */
let nudge: (() => void) | null = null;
export function setWebhookNudge(fn: (() => void) | null): void {
  nudge = fn;
}
/** Call after the transaction that enqueued deliveries has committed. */
export function nudgeWebhooks(): void {
  nudge?.();
}

const dataEntryLink = (formId: string, unitId: string, period: string) => `/data-entry?form=${formId}&unit=${unitId}&period=${encodeURIComponent(period)}`;

/**
 * One event of a form's report: a delivery for each subscription that wants it. `data`
 * is merged over { form, unit, period, periodLabel, links }. Returns the deliveries made.
 */
export async function enqueueReportEvent(
  db: Db,
  ev: { type: WebhookEvent; formId: string; unitId: string; period: string; at: Date; data: Record<string, unknown> },
): Promise<number> {
  const data = { period: ev.period, periodLabel: periodLabel(ev.period, 'vi'), links: { dataEntry: dataEntryLink(ev.formId, ev.unitId, ev.period) }, ...ev.data };
  const result = await sql`
    insert into webhook_delivery (subscription_id, event_id, event_type, occurred_at, data, state, next_attempt_at, created_at, updated_at)
    select s.id, ${randomUUID()}::uuid, ${ev.type}, ${ev.at},
      jsonb_build_object(
        'form', jsonb_build_object('id', f.id::text, 'code', f.code, 'name', f.name_vi),
        'unit', jsonb_build_object('id', u.id::text, 'code', u.code, 'name', u.full_name)) || ${JSON.stringify(data)}::jsonb,
      'pending', ${ev.at}, ${ev.at}, ${ev.at}
    from webhook_subscription s
    join form f on f.id = ${ev.formId}
    join org_unit u on u.id = ${ev.unitId}
    where s.active and s.events @> array[${ev.type}]::text[]
      and (s.form_ids is null or f.id = any (s.form_ids))
      and exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.ancestor_id = any (s.unit_ids))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Cells of one report changed (screen or import): folded into the waiting delivery. */
export async function enqueueValuesChanged(db: Db, change: { formId: string; unitId: string; period: string; changes: number; at: Date }): Promise<void> {
  await sql`select webhook_values_changed(${change.formId}, ${change.unitId}, ${change.period}, ${change.changes}, ${change.at})`.execute(db);
}

/** Anybody listening for this event? Saves the work of building it when not. */
export async function wants(db: Db, type: WebhookEvent): Promise<boolean> {
  const row = await sql<{ yes: boolean }>`select exists (select 1 from webhook_subscription where active and events @> array[${type}]::text[]) as yes`.execute(db);
  return row.rows[0]?.yes === true;
}

/** On approval: one target.missed event listing the missed indicators, when there are any. */
export async function enqueueTargetMissed(db: Db, report: { formId: string; unitId: string; period: string; at: Date }, known?: MissedTarget[]): Promise<number> {
  if (!(await wants(db, 'target.missed'))) return 0;
  const missed = known ?? (await missedTargets(db, report.formId, report.unitId, report.period));
  if (missed.length === 0) return 0;
  return enqueueReportEvent(db, { type: 'target.missed', ...report, data: { indicators: missed } });
}

const SUBMISSION_EVENTS: Partial<Record<string, WebhookEvent>> = { submit: 'submission.submitted', approve: 'submission.approved', return: 'submission.returned' };

/**
 * The events of a report's move (submissions/commands/transition.ts, in its transaction):
 * submitted, approved (and the targets it misses), returned. Returns the deliveries made,
 * so the caller nudges the dispatcher after commit.
 */
export async function enqueueSubmissionEvents(
  db: Db,
  move: {
    action: string; formId: string; unitId: string; period: string; from: string; to: string; comment: string | null; questionedCells: number; at: Date;
    /** On approval, the missed targets when the caller computed them already (the target.below alert). */
    missed?: MissedTarget[];
  },
): Promise<number> {
  const type = SUBMISSION_EVENTS[move.action];
  if (!type) return 0;
  const report = { formId: move.formId, unitId: move.unitId, period: move.period, at: move.at };
  let made = await enqueueReportEvent(db, {
    type,
    ...report,
    data: { state: move.to, previousState: move.from, ...(move.action === 'return' ? { comment: move.comment, questionedCells: move.questionedCells } : {}) },
  });
  if (move.action === 'approve') made += await enqueueTargetMissed(db, report, move.missed);
  return made;
}
