// A report's (form, unit, period) as the caller may see it: the checks every
// submissions route starts with, and the status answer — state, history, questioned
// cells, what the caller may do. GET /api/submissions/status and the transitions answer
// with it; the offline package (modules/offline) packs the same answer.
import type { SubmissionKey, SubmissionView } from '@shared/schemas/submissions.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { periodWindowFor, assertPeriodFits } from '../data-values/data-values.repository.ts';
import { findForm, isFormAssignedTo } from '../forms/forms.repository.ts';
import { assertCanSeeSubmission, canEnter, holdsAbove } from './submissions.policy.ts';
import { presentSubmission } from './submissions.presenter.ts';
import { assignedBelow, findSubmission, listEvents, loadActors } from './submissions.repository.ts';

/** Form, unit and period of a submission, checked: visible to the caller (else 404), assigned, period of the form's type. */
export async function loadSubmissionTarget(ctx: AppContext, auth: AuthContext, k: SubmissionKey) {
  const { db } = ctx;
  const [form, unit] = await Promise.all([
    findForm(db, k.formId),
    db.selectFrom('org_unit').select(['id', 'kind', 'name', 'province_id']).where('id', '=', k.unitId).executeTakeFirst(),
  ]);
  if (!form || !unit) throw notFound();
  await assertCanSeeSubmission(ctx, auth, unit.id);
  if (!(await isFormAssignedTo(db, form.id, unit.id))) throw notFound();
  assertPeriodFits(form, k.period);
  return { form, unit };
}

export async function submissionStatusView(ctx: AppContext, auth: AuthContext, k: SubmissionKey): Promise<SubmissionView> {
  const { db } = ctx;
  const { form, unit } = await loadSubmissionTarget(ctx, auth, k);
  const row = await findSubmission(db, k);
  const history = row ? await listEvents(db, row.id) : { events: [], cells: [] };
  const actors = await loadActors(db, [row?.submitted_by ?? null, row?.decided_by ?? null, ...history.events.map((e) => e.actor_id)]);
  const state = row?.state ?? 'draft';
  const [enter, review, unapprove, below] = await Promise.all([
    canEnter(ctx, auth, unit.id),
    holdsAbove(ctx, auth, 'form.approve', unit),
    holdsAbove(ctx, auth, 'form.unapprove', unit),
    assignedBelow(db, form.id, unit.id, k.period),
  ]);
  const open = (state === 'draft' || state === 'returned') && enter ? (await periodWindowFor(db, form, unit, k.period, ctx.clock.now())).status === 'open' : false;
  const abilities = {
    submit: open,
    recall: state === 'submitted' && enter,
    approve: state === 'submitted' && review,
    return: state === 'submitted' && review,
    unapprove: state === 'approved' && unapprove,
  };
  const children = below.length > 0 ? { expected: below.length, approved: below.filter((b) => b.state === 'approved').length, required: !form.approve_before_children } : null;
  return presentSubmission(k, row, history, actors, abilities, children);
}
