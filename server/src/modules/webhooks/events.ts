// Where events enter the outbox: called by the change that causes them, inside its
// transaction, so a rolled-back change sends nothing (ADR 0008). Each call is one
// INSERT … SELECT over the matching active subscriptions (event type, form filter, unit
// subtree); with no subscription it inserts nothing. The cell save and imports use the
// database function webhook_values_changed (migration 0013) for "values changed".
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { collectReferences, evaluate, parseExpression, roundHalfAwayFromZero, type ExpressionReference } from '@shared/engine/expression.ts';
import { parsePeriod, periodLabel } from '@shared/engine/periods.ts';
import { elementValueLookup } from '@shared/engine/validation.ts';
import type { WebhookEvent } from '@shared/schemas/webhooks.ts';
import type { Database } from '../../platform/db/schema.ts';

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

export interface MissedTarget {
  indicator: { id: string; code: string; name: string; direction: 'higher' | 'lower' };
  value: number;
  target: number;
  targetPeriod: string;
  targetUnit: { id: string; code: string; name: string };
}

/**
 * The indicators an approved report misses: every indicator whose numerator and
 * denominator read only elements of the form, with a target for the report's period or
 * its year — the unit's own, else the nearest unit above it (a national target applies
 * everywhere) — evaluated by the shared engine on the report's own values (#{DE} sums
 * the element's cells, as validation rules read them) and compared by the indicator's
 * direction: higher-is-better misses below the target, lower-is-better above it.
 */
export async function missedTargets(db: Db, formId: string, unitId: string, period: string): Promise<MissedTarget[]> {
  const year = String(parsePeriod(period).year);
  const candidates = await sql<{
    id: string; code: string; name_vi: string; numerator: string; denominator: string; factor: string; decimals: number; direction: 'higher' | 'lower';
    target: string; target_period: string; target_unit_id: string; target_unit_code: string; target_unit_name: string;
  }>`
    select distinct on (i.id) i.id, i.code, i.name_vi, i.numerator, i.denominator, i.factor::text, i.decimals, i.direction,
      t.value::text as target, t.period as target_period, tu.id as target_unit_id, tu.code as target_unit_code, tu.full_name as target_unit_name
    from target t
    join indicator i on i.id = t.indicator_id
    join org_unit_closure c on c.ancestor_id = t.unit_id and c.descendant_id = ${unitId}
    join org_unit tu on tu.id = t.unit_id
    where t.period in (${period}, ${year})
    order by i.id, c.depth, (t.period = ${period}) desc`.execute(db);
  if (candidates.rows.length === 0) return [];

  const cells = await sql<{ element: string; combo: string; v: string }>`
    select de.code as element, oc.code as combo, dv.numeric_value::text as v
    from data_value dv
    join form_element fe on fe.form_id = ${formId} and fe.data_element_id = dv.data_element_id
    join data_element de on de.id = dv.data_element_id
    join category_option_combo oc on oc.id = dv.coc_id
    where dv.unit_id = ${unitId} and dv.period = ${period} and dv.numeric_value is not null`.execute(db);
  const onForm = await sql<{ code: string }>`
    select de.code from form_element fe join data_element de on de.id = fe.data_element_id where fe.form_id = ${formId}`.execute(db);
  const formElements = new Set(onForm.rows.map((r) => r.code));
  const values = new Map<string, Map<string, number>>();
  for (const c of cells.rows) {
    const m = values.get(c.element) ?? new Map<string, number>();
    m.set(c.combo, Number(c.v));
    values.set(c.element, m);
  }
  const lookup = elementValueLookup(values);

  const missed: MissedTarget[] = [];
  for (const c of candidates.rows) {
    const num = parseExpression(c.numerator, { expect: 'number' });
    const den = parseExpression(c.denominator, { expect: 'number' });
    if (!num.ok || !den.ok) continue;
    const refs: ExpressionReference[] = [...collectReferences(num.ast), ...collectReferences(den.ast)];
    if (refs.length === 0 || !refs.every((r) => formElements.has(r.dataElement))) continue;
    const n = evaluate(num.ast, lookup);
    const d = evaluate(den.ast, lookup);
    if (typeof n !== 'number' || typeof d !== 'number' || d === 0) continue;
    const value = roundHalfAwayFromZero((n / d) * Number(c.factor), c.decimals);
    const target = Number(c.target);
    const miss = c.direction === 'higher' ? value < target : value > target;
    if (!miss) continue;
    missed.push({
      indicator: { id: String(c.id), code: c.code, name: c.name_vi, direction: c.direction },
      value,
      target,
      targetPeriod: c.target_period,
      targetUnit: { id: String(c.target_unit_id), code: c.target_unit_code, name: c.target_unit_name },
    });
  }
  return missed;
}

/** On approval: one target.missed event listing the missed indicators, when there are any. */
export async function enqueueTargetMissed(db: Db, report: { formId: string; unitId: string; period: string; at: Date }): Promise<number> {
  if (!(await wants(db, 'target.missed'))) return 0;
  const missed = await missedTargets(db, report.formId, report.unitId, report.period);
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
  move: { action: string; formId: string; unitId: string; period: string; from: string; to: string; comment: string | null; questionedCells: number; at: Date },
): Promise<number> {
  const type = SUBMISSION_EVENTS[move.action];
  if (!type) return 0;
  const report = { formId: move.formId, unitId: move.unitId, period: move.period, at: move.at };
  let made = await enqueueReportEvent(db, {
    type,
    ...report,
    data: { state: move.to, previousState: move.from, ...(move.action === 'return' ? { comment: move.comment, questionedCells: move.questionedCells } : {}) },
  });
  if (move.action === 'approve') made += await enqueueTargetMissed(db, report);
  return made;
}
