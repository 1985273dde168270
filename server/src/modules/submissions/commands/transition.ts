// Moving a submission through its states, each in one transaction: the unit-period
// write lock (no cell changes meanwhile), the submission row locked for update, the
// caller's expected version checked (two reviewers on one version: the second gets a
// conflict), the action's own conditions, then the new state, the event, the
// questioned cells, the audit entry and the notifications to the people concerned.
// A submit may carry a client id (the offline queue): when an event already holds it,
// the submit was applied before and this one changes nothing.
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { SubmissionAction, SubmissionState } from '@shared/schemas/submissions.ts';
import { periodLabel } from '@shared/engine/periods.ts';
import type { SubmissionStateValue } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import type { FormRow } from '../../forms/forms.repository.ts';
import { holdersAt, nearestHoldersAbove, notifyUsers } from '../../notifications/notifications.repository.ts';
import { assignedAbove, assignedBelow, lockSubmission, lockUnitPeriod, type SubmissionRow } from '../submissions.repository.ts';
import { periodWindowFor } from '../../data-values/data-values.repository.ts';
import { validateSubmission } from '../validate-submission.ts';
import { STATE_LABELS, ACTION_LABELS } from '../submissions.presenter.ts';
import { enqueueSubmissionEvents, nudgeWebhooks } from '../../webhooks/events.ts';
import { missedTargets, type MissedTarget } from '../../catalog/missed-targets.ts';
import { alertMissedTargets } from '../../reminders/target-alerts.ts';

export interface TransitionInput {
  action: SubmissionAction;
  form: FormRow;
  unit: { id: string; kind: string; name: string; province_id: string | null };
  period: string;
  version?: number;
  comment?: string | null;
  cells?: { dataElementId: string; cocId: string; comment: string }[];
  lang: 'vi' | 'en';
  /** Client id of a submit; a replay of an applied one is a no-op. */
  clientChangeId?: string | null;
}

const CLIENT_CHANGE_INDEX = 'submission_event_client_change_uq';

/** A unique violation on the submit's client id: the id is already on another report's event. */
function isClientChangeClash(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === CLIENT_CHANGE_INDEX;
}

/** Legal moves: action → the states it starts from and the state it leads to. */
export const TRANSITIONS: Record<SubmissionAction, { from: SubmissionState[]; to: SubmissionState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  recall: { from: ['submitted'], to: 'draft' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  unapprove: { from: ['approved'], to: 'submitted' },
};

const stateParams = (s: SubmissionStateValue) => ({ stateVi: STATE_LABELS[s].vi, stateEn: STATE_LABELS[s].en });

function assertLegal(action: SubmissionAction, row: SubmissionRow, version: number | undefined): void {
  if (version !== undefined && version !== row.version) throw new AppError('submission_conflict', stateParams(row.state), { details: { state: row.state, version: row.version } });
  if (!TRANSITIONS[action].from.includes(row.state)) {
    throw new AppError('submission_transition', { ...stateParams(row.state), actionVi: ACTION_LABELS[action].vi, actionEn: ACTION_LABELS[action].en }, { details: { state: row.state, version: row.version } });
  }
}

/** Runs the transition; false when it was the replay of an applied submit (nothing changed). */
export async function transition(ctx: AppContext, request: FastifyRequest, input: TransitionInput): Promise<boolean> {
  try {
    return await run(ctx, request, input);
  } catch (err) {
    // The same client id raced in through another report's lock: a client bug, as for cells.
    if (isClientChangeClash(err)) throw new AppError('client_change_conflict');
    throw err;
  }
}

async function run(ctx: AppContext, request: FastifyRequest, input: TransitionInput): Promise<boolean> {
  const { form, unit, period, action } = input;
  const now = ctx.clock.now();
  const actor = request.auth!.user;
  const key = { formId: form.id, unitId: unit.id, period };
  const provinceId = unit.kind === 'province' ? unit.id : unit.province_id;
  let webhooks = 0;

  const outcome = await ctx.db.transaction().execute(async (trx) => {
    await lockUnitPeriod(trx, unit.id, period);
    const row = await lockSubmission(trx, key, provinceId);
    if (input.clientChangeId) {
      // Under the report's lock, so a replay racing its original sees the original's event.
      const earlier = await trx.selectFrom('submission_event').select('submission_id').where('client_change_id', '=', input.clientChangeId).executeTakeFirst();
      if (earlier) {
        if (earlier.submission_id !== row.id) throw new AppError('client_change_conflict');
        return null;
      }
    }
    assertLegal(action, row, input.version);

    let dueAt: string | null = null;
    if (action === 'submit') {
      const window = await periodWindowFor(trx, form, unit, period, now);
      dueAt = window.dueAt;
      if (window.status === 'locked') throw new AppError('period_locked', { period });
      if (window.status === 'future') throw new AppError('period_future', { period });
      const violations = await validateSubmission(trx, form.id, unit.id, period, input.lang);
      if (violations.length > 0) throw new AppError('submission_invalid', { count: violations.length }, { details: { violations } });
    }
    if ((action === 'submit' || action === 'approve') && !form.approve_before_children) {
      const below = await assignedBelow(trx, form.id, unit.id, period);
      const pending = below.filter((b) => b.state !== 'approved').length;
      if (pending > 0) throw new AppError('children_not_approved', { pending }, { details: { expected: below.length, pending } });
    }
    if (action === 'unapprove' || action === 'recall') {
      const above = await assignedAbove(trx, form.id, unit.id, period);
      if (above && (above.state === 'submitted' || above.state === 'approved')) throw new AppError('parent_approved', { unit: above.name });
    }

    const to = TRANSITIONS[action].to;
    const first = action === 'submit' && row.first_submitted_at === null;
    const updated = await trx
      .updateTable('submission')
      .set({
        state: to,
        version: row.version + 1,
        updated_at: now,
        ...(action === 'submit'
          ? { submitted_at: now, submitted_by: actor.id, ...(first ? { first_submitted_at: now, on_time: dueAt === null ? null : now.getTime() <= Date.parse(dueAt) } : {}), decided_at: null, decided_by: null }
          : {}),
        ...(action === 'approve' || action === 'return' ? { decided_at: now, decided_by: actor.id } : {}),
        ...(action === 'unapprove' ? { decided_at: now, decided_by: actor.id } : {}),
        ...(action === 'recall' ? { submitted_at: null, submitted_by: null } : {}),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (action === 'approve' || action === 'unapprove') {
      // The cells' approved flag drives the approved-only totals (migration 0007).
      await sql`select refresh_value_approval(${form.id}, ${unit.id}, ${period})`.execute(trx);
    }
    const event = await trx
      .insertInto('submission_event')
      .values({ submission_id: row.id, action, from_state: row.state, to_state: to, actor_id: actor.id, at: now, comment: input.comment ?? null, client_change_id: input.clientChangeId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (action === 'return' && input.cells && input.cells.length > 0) {
      await trx
        .insertInto('submission_cell_comment')
        .values(input.cells.map((c) => ({ submission_id: row.id, event_id: event.id, data_element_id: c.dataElementId, coc_id: c.cocId, comment: c.comment })))
        .execute();
    }
    if (action === 'approve') {
      await trx.updateTable('submission_cell_comment').set({ resolved_at: now }).where('submission_id', '=', row.id).where('resolved_at', 'is', null).execute();
    }
    await recordAudit(trx, originOf(request, now), {
      action: `submission.${action}`,
      targetType: 'submission',
      targetId: row.id,
      unitId: unit.id,
      before: { state: row.state, version: row.version },
      after: { state: updated.state, version: updated.version },
      details: { formId: form.id, formCode: form.code, period, comment: input.comment ?? null, cells: input.cells?.length ?? 0 },
    });

    // Who hears of it: reviewers above on a submission, the unit's officers on a decision.
    const recipients =
      action === 'submit'
        ? await nearestHoldersAbove(trx, unit.id, 'form.approve')
        : action === 'recall'
          ? []
          : [...(await holdersAt(trx, unit.id, 'data.enter')), ...(row.submitted_by ? [row.submitted_by] : [])];
    await notifyUsers(
      trx,
      recipients.filter((id) => id !== actor.id),
      {
        kind: `submission.${action}`,
        params: {
          formCode: form.code,
          formName: form.name_vi,
          unitName: unit.name,
          period,
          periodVi: periodLabel(period, 'vi'),
          periodEn: periodLabel(period, 'en'),
          actor: actor.displayName,
          ...(input.comment ? { comment: input.comment } : {}),
          ...(input.cells && input.cells.length > 0 ? { cells: String(input.cells.length) } : {}),
        },
        link: `/data-entry?form=${form.id}&unit=${unit.id}&period=${encodeURIComponent(period)}`,
      },
      now,
    );
    // On approval, the indicators the report misses: the target.below alert (bell and
    // e-mail outbox, sent once per figures) and the target.missed webhook event.
    let missed: MissedTarget[] | undefined;
    if (action === 'approve') {
      missed = await missedTargets(trx, form.id, unit.id, period);
      await alertMissedTargets(trx, { form, unit, period, at: now }, missed);
    }
    // Webhook deliveries in the outbox, committed (or rolled back) with the move.
    webhooks = await enqueueSubmissionEvents(trx, { action, formId: form.id, unitId: unit.id, period, from: row.state, to, comment: input.comment ?? null, questionedCells: input.cells?.length ?? 0, at: now, missed });
    return updated;
  });
  if (webhooks > 0) nudgeWebhooks();
  if (!outcome) {
    request.log.debug({ clientChangeId: input.clientChangeId, action }, 'submission transition replayed');
    return false;
  }
  request.log.debug({ submission: outcome.id, action }, 'submission transition');
  return true;
}
