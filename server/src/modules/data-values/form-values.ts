// A form's cells for one unit and period with the period's window, the report's state
// and whether the caller may edit: the answer of GET /api/data-values, also packed into
// the offline package (modules/offline) so the device holds exactly what the screen reads.
import type { z } from 'zod';
import type { dataValuesResponse } from '@shared/schemas/data-values.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { findForm, findUnit, isFormAssignedTo } from '../forms/forms.repository.ts';
import { findSubmission } from '../submissions/submissions.repository.ts';
import { assertCanViewValues, holdsOverUnit } from './data-values.policy.ts';
import { presentValue } from './data-values.presenter.ts';
import { assertPeriodFits, listFormValues, periodWindowFor } from './data-values.repository.ts';

export type FormValuesView = z.infer<typeof dataValuesResponse>;

/** Checks that the caller reads values of the unit (else 404), the form is assigned and the period fits it. */
export async function formValuesView(ctx: AppContext, auth: AuthContext, q: { formId: string; unitId: string; period: string }): Promise<FormValuesView> {
  const { db } = ctx;
  const [form, unit] = await Promise.all([findForm(db, q.formId), findUnit(db, q.unitId)]);
  if (!form || !unit) throw notFound();
  await assertCanViewValues(ctx, auth, unit.id);
  if (!(await isFormAssignedTo(db, form.id, unit.id))) throw notFound();
  assertPeriodFits(form, q.period);
  const window = await periodWindowFor(db, form, unit, q.period, ctx.clock.now());
  const submission = await findSubmission(db, { formId: form.id, unitId: unit.id, period: q.period });
  const state = submission?.state ?? 'draft';
  const frozen = state === 'submitted' || state === 'approved';
  const canEdit = window.status === 'open' && !frozen && (await holdsOverUnit(ctx, auth, 'data.enter', unit.id));
  const values = await listFormValues(db, form.id, unit.id, q.period);
  return { formId: form.id, unitId: unit.id, period: window, canEdit, submission: { state, version: submission?.version ?? 0 }, values: values.map(presentValue) };
}
