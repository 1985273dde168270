// The read answers of the forms module that data entry needs: the forms assigned to a
// unit, one form with its grid and rules, and a form's periods for a unit. The routes
// answer with them, and the offline package (modules/offline) packs the same answers.
import type { z } from 'zod';
import { addPeriods, periodContaining, periodLabel, type PeriodType } from '@shared/engine/periods.ts';
import type { FormDetail, formListResponse, formPeriodsResponse } from '@shared/schemas/forms.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { assertUnitReadable, canManageForms, readScope } from './forms.policy.ts';
import { presentFormDetail, presentFormSummary } from './forms.presenter.ts';
import { activeExceptions, findForm, findUnit, isFormAssignedTo, isFormVisible, listFormsAssignedTo, loadFormParts } from './forms.repository.ts';
import { periodWindow } from './period-window.ts';

/** The period picker offers the next period (not yet open), the current one and this many past ones. */
export const PAST_PERIODS = 8;

export type FormList = z.infer<typeof formListResponse>;
export type FormPeriods = z.infer<typeof formPeriodsResponse>;

/** The form with its parts, without an access check (for the writes that just changed it). */
export async function formDetailOf(db: Kysely<Database>, id: string): Promise<FormDetail> {
  const form = await findForm(db, id);
  if (!form) throw notFound();
  return presentFormDetail(form, await loadFormParts(db, id));
}

/** GET /api/forms/:id: a form assigned somewhere in the caller's scope, else 404. */
export async function formDetailView(ctx: AppContext, auth: AuthContext, formId: string): Promise<FormDetail> {
  if (!(await isFormVisible(ctx.db, formId, readScope(auth)))) throw notFound();
  return formDetailOf(ctx.db, formId);
}

/** GET /api/forms/assigned: the forms assigned to a unit the caller reads, else 404. */
export async function assignedFormsView(ctx: AppContext, auth: AuthContext, unitId: string): Promise<FormList> {
  const unit = await findUnit(ctx.db, unitId);
  if (!unit) throw notFound();
  await assertUnitReadable(ctx, auth, unit.id);
  return { items: (await listFormsAssignedTo(ctx.db, unit.id)).map(presentFormSummary), abilities: { manage: canManageForms(auth) } };
}

/** GET /api/forms/:id/periods: the next, current and past periods with their windows for the unit (Vietnam time). */
export async function formPeriodsView(ctx: AppContext, auth: AuthContext, formId: string, unitId: string): Promise<FormPeriods> {
  const { db } = ctx;
  const form = await findForm(db, formId);
  const unit = await findUnit(db, unitId);
  if (!form || !unit) throw notFound();
  await assertUnitReadable(ctx, auth, unit.id);
  if (!(await isFormAssignedTo(db, form.id, unit.id))) throw notFound();
  const rule = await db.selectFrom('form_due_rule').selectAll().where('form_id', '=', form.id).where('unit_kind', '=', unit.kind as 'commune').executeTakeFirst();
  if (!rule) throw new AppError('form_no_due_rule');
  const now = ctx.clock.now();
  const exceptions = await activeExceptions(db, form.id, unit.id, now);
  const current = periodContaining(form.period_type as PeriodType, now);
  const items = [];
  for (let k = -1; k <= PAST_PERIODS; k++) {
    const code = addPeriods(current, -k);
    const w = periodWindow(code, rule, form.lock_days_after_due, exceptions, now);
    items.push({ ...w, label: { vi: periodLabel(code, 'vi'), en: periodLabel(code, 'en') } });
  }
  return { unitId: unit.id, unitKind: unit.kind, items };
}
