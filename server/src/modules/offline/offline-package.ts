// The offline package (issue 8): for the units the caller enters data for, the answers
// the data-entry screen reads — unit page, assigned forms, each form with its grid and
// validation rules, each form's periods, and for the open periods (the 4 most recent at
// most) the values and the report's status. Every piece comes from the very function
// behind the endpoint it mirrors, with that endpoint's checks, so the device holds
// exactly what the screen would have read online.
import { gzipSync } from 'node:zlib';
import { offlinePackage, type OfflinePackage, type OfflinePackageSummary } from '@shared/schemas/offline.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { formValuesView } from '../data-values/form-values.ts';
import { holdsOverUnit } from '../data-values/data-values.policy.ts';
import { assignedFormsView, formDetailView, formPeriodsView, type FormPeriods } from '../forms/form-views.ts';
import { unitPageView } from '../org-units/unit-detail.ts';
import { submissionStatusView } from '../submissions/submission-view.ts';

/** Open periods packed per (form, unit), newest first. */
export const OFFLINE_PERIODS = 4;

/** The units to pack: the one asked for (data.enter over it, else 404), or the caller's own data.enter units. */
async function unitsToPack(ctx: AppContext, auth: AuthContext, unitId: string | undefined): Promise<{ ids: string[]; explicit: boolean }> {
  if (unitId !== undefined) {
    if (!(await holdsOverUnit(ctx, auth, 'data.enter', unitId))) throw notFound();
    return { ids: [unitId], explicit: true };
  }
  return { ids: [...new Set(auth.assignments.filter((a) => a.permissions.includes('data.enter')).map((a) => a.unitId))], explicit: false };
}

export async function buildOfflinePackage(ctx: AppContext, auth: AuthContext, unitId?: string): Promise<OfflinePackage> {
  const generatedAt = ctx.clock.now().toISOString();
  const { ids, explicit } = await unitsToPack(ctx, auth, unitId);

  const assigned: OfflinePackage['assigned'] = [];
  for (const id of ids) {
    const forms = await assignedFormsView(ctx, auth, id);
    // Without a unit asked for, units with nothing to report are left out.
    if (explicit || forms.items.length > 0) assigned.push({ unitId: id, forms });
  }
  const units = await Promise.all(assigned.map((a) => unitPageView(ctx, auth, a.unitId)));
  const formIds = [...new Set(assigned.flatMap((a) => a.forms.items.map((f) => f.id)))];
  const forms = await Promise.all(formIds.map((id) => formDetailView(ctx, auth, id)));

  const periods: OfflinePackage['periods'] = [];
  const reports: { formId: string; unitId: string; period: string }[] = [];
  for (const a of assigned) {
    for (const f of a.forms.items) {
      let p: FormPeriods;
      try {
        p = await formPeriodsView(ctx, auth, f.id, a.unitId);
      } catch (err) {
        // A form without a due rule for the unit's level cannot be entered online either.
        if (err instanceof AppError && err.code === 'form_no_due_rule') continue;
        throw err;
      }
      periods.push({ formId: f.id, unitId: a.unitId, periods: p });
      // The items run from the next period back into the past: the first open ones are the newest.
      for (const item of p.items.filter((i) => i.status === 'open').slice(0, OFFLINE_PERIODS)) {
        reports.push({ formId: f.id, unitId: a.unitId, period: item.code });
      }
    }
  }

  const values = await Promise.all(reports.map(async (k) => ({ ...k, data: await formValuesView(ctx, auth, k) })));
  const submissions = await Promise.all(reports.map(async (k) => ({ ...k, view: await submissionStatusView(ctx, auth, k) })));
  return { generatedAt, units, assigned, forms, periods, values, submissions };
}

/**
 * What the package holds and weighs. The JSON is the one the package endpoint sends:
 * the response serializer parses with the zod schema and stringifies the result.
 */
export function summarize(pkg: OfflinePackage): OfflinePackageSummary {
  const json = JSON.stringify(offlinePackage.parse(pkg));
  return {
    units: pkg.units.length,
    forms: pkg.forms.length,
    periods: pkg.values.length,
    cells: pkg.values.reduce((n, v) => n + v.data.values.length, 0),
    bytes: Buffer.byteLength(json, 'utf8'),
    gzipBytes: gzipSync(json).length,
  };
}
