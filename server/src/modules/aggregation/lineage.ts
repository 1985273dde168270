// History across the 2025 reorganisation on a unit's page: the unit's yearly figures for a
// form's elements (in its own hierarchy view) next to those of its predecessors (pre-2025
// view) or successors (2025 view), so a commune merged in 2025 shows its old communes'
// 2021–2024 figures and its own since.
import { finalValue } from '@shared/engine/aggregation.ts';
import { vietnamDate } from '@shared/engine/periods.ts';
import type { HierarchyView, UnitLineage } from '@shared/schemas/reports.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { assertCanViewValues } from '../data-values/data-values.policy.ts';
import { findForm } from '../forms/forms.repository.ts';
import { findSuccession } from '../org-units/org-units.repository.ts';
import { findReportUnit, formElements, periodsWithin, unitTotals, type UnitRef } from './consolidated.repository.ts';
import { presentReportUnit } from './reports.presenter.ts';

/** The program began reporting in 2021 (Decision 1719/QĐ-TTg). */
const FIRST_YEAR = 2021;

export async function unitLineage(ctx: AppContext, auth: AuthContext, unitId: string, formId: string): Promise<UnitLineage> {
  const [unit, form] = await Promise.all([findReportUnit(ctx.db, unitId), findForm(ctx.db, formId)]);
  if (!unit || !form) throw notFound();
  await assertCanViewValues(ctx, auth, unit.id);
  const ownView: HierarchyView = unit.hierarchy === 'pre2025' ? 'pre2025' : '2025';
  const direction = ownView === '2025' ? 'predecessors' : 'successors';
  const links = unit.kind === 'nation' ? [] : await findSuccession(ctx.db, unit.id, direction);
  const related = await Promise.all(links.map((l) => findReportUnit(ctx.db, String(l.id))));
  const rows: { unit: UnitRef; relation: UnitLineage['rows'][number]['relation']; weight: number | null; view: HierarchyView }[] = [
    { unit, relation: 'self', weight: null, view: ownView },
    ...related.flatMap((u, i) =>
      u ? [{ unit: u, relation: direction === 'predecessors' ? ('predecessor' as const) : ('successor' as const), weight: Number(links[i].weight), view: (ownView === '2025' ? 'pre2025' : '2025') as HierarchyView }] : [],
    ),
  ];

  const elements = await formElements(ctx.db, form.id);
  const lastYear = Number(vietnamDate(ctx.clock.now()).slice(0, 4));
  const years = Array.from({ length: Math.max(0, lastYear - FIRST_YEAR + 1) }, (_, i) => String(FIRST_YEAR + i));
  const typeOf = new Map(elements.map((e) => [e.id, e.aggregation_type]));
  const values = new Map(rows.map((r) => [String(r.unit.id), {} as Record<string, Record<string, number | null>>]));
  // One query per year and view (at most 6 years × 2 views).
  await Promise.all(
    years.flatMap((year) =>
      (['2025', 'pre2025'] as const).map(async (view) => {
        const unitIds = rows.filter((r) => r.view === view).map((r) => String(r.unit.id));
        const totals = await unitTotals(ctx.db, { view, unitIds, elementIds: elements.map((e) => e.id), period: year, within: periodsWithin(year, form.period_type), byCoc: false });
        for (const t of totals) {
          const byElement = values.get(t.unit_id)!;
          (byElement[t.data_element_id] ??= {})[year] = finalValue(typeOf.get(t.data_element_id)!, t.all);
        }
      }),
    ),
  );
  return {
    formId: String(form.id),
    years,
    elements: elements.map((e) => ({ id: e.id, code: e.code, aggregationType: e.aggregation_type })),
    rows: rows.map((r) => ({
      unit: presentReportUnit(r.unit),
      relation: r.relation,
      weight: r.weight,
      view: r.view,
      values: values.get(String(r.unit.id)) ?? {},
    })),
  };
}
