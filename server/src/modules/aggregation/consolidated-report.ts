// The consolidated report (báo cáo tổng hợp) of a form for a unit and period: the unit's
// total and one row per child, in the chosen hierarchy view, by the elements' aggregation
// types; optionally every option combination. Used by the screen and the XLSX export.
import { combine, EMPTY_PARTIAL, finalValue, type Partial } from '@shared/engine/aggregation.ts';
import { PERIOD_TYPES, periodType, tryParsePeriod } from '@shared/engine/periods.ts';
import type { ConsolidatedQuery, ConsolidatedReport, HierarchyView } from '@shared/schemas/reports.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { hasNationalPermission, scopeRoots } from '../auth/auth-context.ts';
import { findForm } from '../forms/forms.repository.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { assertCanViewValues } from '../data-values/data-values.policy.ts';
import { childUnits, findReportUnit, formElements, periodsWithin, unitPath, unitTotals } from './consolidated.repository.ts';
import { presentReportUnit } from './reports.presenter.ts';

/** Who reads the report: which units' subtrees (null: the whole country), and the check of the unit asked for. */
export interface ReportAccess {
  roots: string[] | null;
  assertCanView(unitId: string): Promise<void>;
}

/** A signed-in user's access: their data.read scope. */
export const userReportAccess = (ctx: AppContext, auth: AuthContext): ReportAccess => ({
  roots: hasNationalPermission(auth, 'data.read') ? null : scopeRoots(auth, 'data.read'),
  assertCanView: (unitId) => assertCanViewValues(ctx, auth, unitId),
});

export async function consolidatedReport(ctx: AppContext, access: ReportAccess, q: ConsolidatedQuery): Promise<ConsolidatedReport> {
  const [form, unit] = await Promise.all([findForm(ctx.db, q.formId), findReportUnit(ctx.db, q.unitId)]);
  if (!form || !unit) throw notFound();
  await access.assertCanView(unit.id);
  const parsed = tryParsePeriod(q.period);
  const type = parsed.ok ? periodType(parsed.period) : null;
  if (!parsed.ok || type === null || PERIOD_TYPES.indexOf(type) < PERIOD_TYPES.indexOf(form.period_type)) {
    throw new AppError('invalid_period', { period: q.period, periodType: form.period_type });
  }
  const view: HierarchyView = q.view ?? (unit.hierarchy === 'pre2025' ? 'pre2025' : '2025');
  if (unit.hierarchy !== 'all' && unit.hierarchy !== view) throw new AppError('hierarchy_mismatch', { view });
  const approvedOnly = q.approvedOnly ?? false;

  const [elements, children, path] = await Promise.all([formElements(ctx.db, form.id), childUnits(ctx.db, unit, view), unitPath(ctx.db, unit.id)]);
  const unitIds = [String(unit.id), ...children.map((c) => String(c.id))];
  const totals = await unitTotals(ctx.db, {
    view,
    unitIds,
    elementIds: elements.map((e) => e.id),
    period: q.period,
    within: periodsWithin(q.period, form.period_type),
    byCoc: q.disaggregate ?? false,
  });

  // Partials per unit → element (→ option combo), then the figure by aggregation type.
  const typeOf = new Map(elements.map((e) => [e.id, e.aggregation_type]));
  const byUnit = new Map<string, { total: Map<string, Partial>; coc: Map<string, Map<string, Partial>> }>();
  for (const row of totals) {
    const slot = byUnit.get(row.unit_id) ?? { total: new Map(), coc: new Map() };
    byUnit.set(row.unit_id, slot);
    const part = approvedOnly ? row.approved : row.all;
    slot.total.set(row.data_element_id, combine(slot.total.get(row.data_element_id) ?? EMPTY_PARTIAL, part));
    if (row.coc_id !== null) {
      const m = slot.coc.get(row.data_element_id) ?? new Map<string, Partial>();
      m.set(row.coc_id, part);
      slot.coc.set(row.data_element_id, m);
    }
  }
  const figures = (unitId: string) => {
    const slot = byUnit.get(unitId);
    const values: Record<string, number | null> = {};
    const byCoc: Record<string, Record<string, number | null>> = {};
    for (const e of elements) {
      values[e.id] = slot?.total.has(e.id) ? finalValue(typeOf.get(e.id)!, slot.total.get(e.id)!) : null;
      if (q.disaggregate) {
        byCoc[e.id] = Object.fromEntries([...(slot?.coc.get(e.id) ?? new Map<string, Partial>())].map(([coc, p]) => [coc, finalValue(typeOf.get(e.id)!, p)]));
      }
    }
    return q.disaggregate ? { values, byCoc } : { values };
  };

  // The breadcrumb shows only the ancestors the caller may open.
  const visible = access.roots === null ? new Set(path.map((p) => String(p.id))) : await unitsInScope(ctx.db, access.roots, path.map((p) => String(p.id)));

  return {
    formId: String(form.id),
    period: q.period,
    view,
    approvedOnly,
    unit: presentReportUnit(unit),
    path: path.filter((p) => visible.has(String(p.id))).map(presentReportUnit),
    elements: elements.map((e) => ({ id: e.id, code: e.code, aggregationType: e.aggregation_type })),
    rows: [
      { unit: { ...presentReportUnit(unit), hasChildren: children.length > 0 }, total: true, ...figures(String(unit.id)) },
      ...children.map((c) => ({ unit: { ...presentReportUnit(c), hasChildren: c.has_children }, total: false, ...figures(String(c.id)) })),
    ],
  };
}
