// The analytics engine: resolves a request's dimensions (data items, relative periods,
// unit selections, categories) within the caller's scope, reads the partial aggregates
// of every (unit, period, element[, option combo]) in one query, then combines them per
// output cell by the shared engine — filters and totals collapse partials, never
// figures, so an average or a ratio of a total is computed from the total's parts
// (indicators: numerator and denominator evaluated after aggregation, × factor).
import { EMPTY_PARTIAL, finalValue, lastOrderKey, type AggregationType, type Partial } from '@shared/engine/aggregation.ts';
import { evaluate, parseExpression, referenceKey, type ExpressionNode, type ExpressionReference } from '@shared/engine/expression.ts';
import {
  childPeriods,
  entryWindow,
  parentPeriod,
  PERIOD_TYPES,
  periodEndDate,
  periodLabel,
  periodStartDate,
  periodStartInstant,
  periodType,
  RELATIVE_PERIODS,
  relativePeriods,
  tryParsePeriod,
  type PeriodType,
  type RelativePeriod,
} from '@shared/engine/periods.ts';
import { analyticsRequest, type AnalyticsRequestInput, type AnalyticsResponse, type AnalyticsRow } from '@shared/schemas/analytics.ts';
import type { HierarchyView } from '@shared/schemas/reports.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { dueRuleOf } from '../forms/forms.presenter.ts';
import { dueRules } from '../completeness/completeness.repository.ts';
import { rootUnits } from '../aggregation/consolidated.repository.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import {
  categoriesByCode,
  childIds,
  elementsByCode,
  formsByCode,
  groupMembers,
  indicatorsByCode,
  optionCombos,
  partials,
  reportingCounts,
  targetsFor,
  unitsById,
  unitsOfKindUnder,
  type ElementRow,
  type FormRow,
  type IndicatorRow,
  type OptionComboRow,
} from './analytics.repository.ts';
import { CellGrid } from './cell-grid.ts';

/** Whose figures: the subtrees of these units (null: the whole country). */
export interface AnalyticsAccess {
  roots: string[] | null;
}

/** Output cells (rows × data items) a request may produce before it is refused. */
export const MAX_CELLS = 200_000;

type Lang = 'vi' | 'en';

type DataItem =
  | { key: string; kind: 'dataElement'; element: ElementRow; combo: OptionComboRow | null }
  | { key: string; kind: 'indicator'; indicator: IndicatorRow; numerator: ExpressionNode; denominator: ExpressionNode; refs: ExpressionReference[]; factor: number }
  | { key: string; kind: 'reportingRate' | 'onTimeRate'; form: FormRow };

export async function runAnalytics(ctx: AppContext, access: AnalyticsAccess, input: AnalyticsRequestInput, lang: Lang = 'vi'): Promise<AnalyticsResponse> {
  const req = analyticsRequest.parse(input);
  const view: HierarchyView = req.hierarchy;
  const now = ctx.clock.now();

  const periods = resolvePeriods(req.pe, now);
  // Resolved side by side; the first failure in this order is the one reported.
  const [items, categories, unitIds] = await allInOrder([resolveDataItems(ctx, req.dx), resolveCategories(ctx, req.categories), resolveUnits(ctx, access, req.ou, view)] as const);
  const layout = resolveLayout(req, categories.map((c) => c.code));
  if (unitIds.length === 0) throw new AppError('analytics_no_units');
  if (layout.filters.includes('dx') && items.length > 1) {
    throw new AppError('analytics_bad_layout', { reason: lang === 'vi' ? 'chỉ đặt một dữ liệu vào bộ lọc (không cộng các chỉ tiêu khác nhau)' : 'only one data item can be a filter' });
  }

  const visible = [...layout.rows, ...layout.columns];
  const cellDims = visible.filter((d) => d !== 'dx');
  const itemCount = (d: string) => (d === 'pe' ? periods.length : d === 'ou' ? unitIds.length : d === 'dx' ? items.length : categories.find((c) => c.code === d)!.options.length);
  const cells = visible.reduce((n, d) => n * (itemCount(d) + (req.totals && d !== 'dx' ? 1 : 0)), 1);
  if (cells > MAX_CELLS) throw new AppError('analytics_too_large', { cells, limit: MAX_CELLS });

  // Which elements and option combinations the figures need.
  const elementCodes = new Set<string>();
  for (const it of items) {
    if (it.kind === 'dataElement') elementCodes.add(it.element.code);
    if (it.kind === 'indicator') for (const r of it.refs) elementCodes.add(r.dataElement);
  }
  const elements = await elementsByCode(ctx.db, [...elementCodes]);
  const elementByCode = new Map(elements.map((e) => [e.code, e]));
  const missingRefs = [...elementCodes].filter((c) => !elementByCode.has(c));
  if (missingRefs.length > 0) throw new AppError('analytics_unknown_items', { items: missingRefs.map((c) => `de:${c}`).join(', ') });
  const needCombos =
    categories.length > 0 || items.some((it) => (it.kind === 'dataElement' && it.combo) || (it.kind === 'indicator' && it.refs.some((r) => r.combo !== undefined)));
  const combos = needCombos ? await optionCombos(ctx.db, [...new Set(elements.map((e) => e.category_combo_id))]) : [];
  const comboById = new Map(combos.map((c) => [c.id, c]));

  const forms = items.filter((it): it is Extract<DataItem, { form: FormRow }> => 'form' in it).map((it) => it.form);
  const [facts, reporting, targets, unitRows] = await Promise.all([
    partials(ctx.db, {
      view,
      unitIds,
      periods,
      elementIds: elements.map((e) => e.id),
      byCoc: needCombos,
      groupCocs: !needCombos && elements.some((e) => e.coc_count > 1),
      minMax: elements.some((e) => e.aggregation_type === 'min' || e.aggregation_type === 'max'),
      approvedOnly: req.approvedOnly,
    }),
    reportingFacts(ctx, [...new Map(forms.map((f) => [f.id, f])).values()], unitIds, periods, view, now),
    indicatorTargets(ctx, items, unitIds, periods),
    unitsById(ctx.db, unitIds, view),
  ]);

  // Accumulate partials per output cell (data items aside) and reference, cells numbered
  // (cell-grid.ts); nothing is made per fact but what it adds to.
  const grid = new CellGrid(
    cellDims,
    cellDims.map((d) => (d === 'pe' ? periods : d === 'ou' ? unitIds : categories.find((c) => c.code === d)!.options.map((o) => o.code))),
    req.totals,
  );
  const [peDim, ouDim] = [grid.dimension('pe'), grid.dimension('ou')];
  const categoryDims = categories.map((c) => grid.dimension(c.code));

  const acc = new Map<number, Map<string, Accumulator>>();
  const elementById = new Map(elements.map((e) => [e.id, e]));
  const wantedCombos = new Set<string>();
  for (const it of items) {
    if (it.kind === 'dataElement' && it.combo) wantedCombos.add(`${it.element.code}.${it.combo.code}`);
    if (it.kind === 'indicator') for (const r of it.refs) if (r.combo !== undefined) wantedCombos.add(referenceKey(r));
  }
  const selectedOptions = new Map(categories.map((c) => [c.code, new Set(c.options.map((o) => o.code))]));

  const addToCells = (ref: string, type: AggregationType, period: string, sum: number, cnt: number, min: number | null, max: number | null) => {
    for (const cell of grid.cells) {
      let byRef = acc.get(cell);
      if (!byRef) {
        byRef = new Map();
        acc.set(cell, byRef);
      }
      let a = byRef.get(ref);
      if (!a) {
        a = new Accumulator(type);
        byRef.set(ref, a);
      }
      a.addIn(period, sum, cnt, min, max);
    }
  };

  for (let i = 0; i < facts.units.length; i += 1) {
    const element = elementById.get(facts.elements[i]!)!;
    const period = facts.periods[i]!;
    grid.set(peDim, period);
    grid.set(ouDim, facts.units[i]!);
    let comboCode: string | null = null;
    if (facts.cocs !== null) {
      const combo = comboById.get(facts.cocs[i]!);
      if (!combo) continue;
      comboCode = combo.code;
      let skip = false;
      for (let c = 0; c < categories.length; c += 1) {
        const category = categories[c]!.code;
        const option = combo.options[category];
        // An element without the category cannot be split by it: it has no figure here.
        if (option === undefined || !selectedOptions.get(category)!.has(option)) {
          skip = true;
          break;
        }
        grid.set(categoryDims[c]!, option);
      }
      if (skip) continue;
    }
    const [sum, cnt, min, max] = [facts.sums[i]!, facts.cnts[i]!, facts.mins?.[i] ?? null, facts.maxs?.[i] ?? null];
    grid.fill();
    addToCells(element.code, element.aggregation_type, period, sum, cnt, min, max);
    if (comboCode !== null && wantedCombos.has(`${element.code}.${comboCode}`)) {
      addToCells(`${element.code}.${comboCode}`, element.aggregation_type, period, sum, cnt, min, max);
    }
  }
  const reportingAcc = new Map<number, Map<string, { expected: number; submitted: number; onTime: number }>>();
  if (categories.length === 0) {
    for (const r of reporting) {
      grid.set(peDim, r.period);
      grid.set(ouDim, r.unit_id);
      grid.fill();
      for (const cell of grid.cells) {
        const byForm = reportingAcc.get(cell) ?? new Map();
        reportingAcc.set(cell, byForm);
        const c = byForm.get(r.form_id) ?? { expected: 0, submitted: 0, onTime: 0 };
        c.expected += r.expected;
        c.submitted += r.submitted;
        c.onTime += r.on_time;
        byForm.set(r.form_id, c);
      }
    }
  }

  // The figures. A reference's key and aggregation type are worked out once, not per cell.
  const refs = new WeakMap<ExpressionReference, { key: string; type: AggregationType | undefined }>();
  let cellRefs: Map<string, Accumulator> | undefined;
  const lookup = (r: ExpressionReference) => {
    let known = refs.get(r);
    if (!known) {
      known = { key: referenceKey(r), type: elementByCode.get(r.dataElement)?.aggregation_type };
      refs.set(r, known);
    }
    const a = cellRefs!.get(known.key);
    return a && known.type ? finalValue(known.type, a.result()) : null;
  };
  const valueOf = (it: DataItem, cell: number): number | null => {
    const byRef = acc.get(cell);
    switch (it.kind) {
      case 'dataElement': {
        const key = it.combo ? `${it.element.code}.${it.combo.code}` : it.element.code;
        const a = byRef?.get(key);
        return a ? finalValue(it.element.aggregation_type, a.result()) : null;
      }
      case 'indicator': {
        if (!byRef) return null;
        cellRefs = byRef;
        const num = evaluateFast(it.numerator, lookup);
        const den = evaluateFast(it.denominator, lookup);
        if (typeof num !== 'number' || typeof den !== 'number' || den === 0) return null;
        return (num / den) * it.factor;
      }
      case 'reportingRate':
      case 'onTimeRate': {
        const c = reportingAcc.get(cell)?.get(it.form.id);
        if (!c || c.expected === 0) return null;
        return ((it.kind === 'reportingRate' ? c.submitted : c.onTime) / c.expected) * 100;
      }
    }
  };

  const filled = [...new Set([...acc.keys(), ...reportingAcc.keys()])].sort((x, y) => x - y);
  // Cell by cell in the dimensions' order, data items in theirs within each cell.
  const rows: AnalyticsRow[] = [];
  for (const cell of filled) {
    const coords = grid.coordinates(cell);
    for (const it of items) {
      const value = valueOf(it, cell);
      if (value === null || !Number.isFinite(value)) continue;
      const row: AnalyticsRow = {};
      for (const d of visible) row[d] = d === 'dx' ? it.key : coords[d]!;
      row.value = value;
      rows.push(row);
    }
  }

  // Targets only where a row names one unit, one period and one indicator.
  const targetList: AnalyticsResponse['metaData']['targets'] = [];
  for (const t of targets) targetList.push(t);

  return {
    request: {
      dx: items.map((i) => i.key),
      pe: periods,
      ou: unitIds,
      categories: categories.map((c) => ({ code: c.code, options: c.options.map((o) => o.code) })),
      rows: layout.rows,
      columns: layout.columns,
      filters: layout.filters,
      hierarchy: view,
      approvedOnly: req.approvedOnly,
      totals: req.totals,
    },
    headers: [...visible, 'value'],
    rows,
    metaData: {
      dx: Object.fromEntries(items.map((it) => [it.key, dataItemMeta(it, lang)])),
      pe: Object.fromEntries(periods.map((p) => [p, { name: periodLabel(p, lang), type: periodType(p), start: periodStartDate(p), end: periodEndDate(p) }])),
      ou: Object.fromEntries(
        unitIds
          .map((id) => unitRows.find((u) => u.id === id)!)
          .map((u) => [
            u.id,
            {
              code: u.code,
              name: lang === 'en' && u.name_en ? u.name_en : u.name,
              kind: u.kind,
              level: u.level,
              hierarchy: u.hierarchy,
              hasChildren: u.has_children,
              parentId: u.parent_id,
              path: u.path,
              point: u.point,
            },
          ]),
      ),
      categories: Object.fromEntries(
        categories.map((c) => [
          c.code,
          { name: lang === 'en' && c.name_en ? c.name_en : c.name_vi, options: Object.fromEntries(c.options.map((o) => [o.code, { name: lang === 'en' && o.name_en ? o.name_en : o.name_vi }])) },
        ]),
      ),
      dimensions: { dx: items.map((i) => i.key), pe: periods, ou: unitIds, ...Object.fromEntries(categories.map((c) => [c.code, c.options.map((o) => o.code)])) },
      targets: targetList,
    },
  };
}

/** Promise.all, except that when several fail the error of the first in the list is thrown, not the quickest. */
async function allInOrder<T extends readonly Promise<unknown>[]>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** The engine's evaluation, without its set-up for the most common shapes: one reference or a number (#{A} / #{B}, or / 1). */
function evaluateFast(ast: ExpressionNode, lookup: (ref: ExpressionReference) => number | null) {
  if (ast.kind === 'number') return ast.value;
  if (ast.kind === 'ref') return lookup(ast.ref);
  return evaluate(ast, lookup);
}

/** A partial added to in place. */
class MutablePartial implements Partial {
  sum = 0;
  cnt = 0;
  min: number | null = null;
  max: number | null = null;
  add(sum: number, cnt: number, min: number | null, max: number | null) {
    this.sum += sum;
    this.cnt += cnt;
    if (min !== null) this.min = this.min === null ? min : Math.min(this.min, min);
    if (max !== null) this.max = this.max === null ? max : Math.max(this.max, max);
  }
}

/** Partials of one reference in one output cell, added in place; 'last' elements keep each period's apart and answer the latest's. */
class Accumulator extends MutablePartial {
  private byPeriod: Map<string, MutablePartial> | null;
  constructor(type: AggregationType) {
    super();
    this.byPeriod = type === 'last' ? new Map() : null;
  }
  addIn(period: string, sum: number, cnt: number, min: number | null, max: number | null) {
    if (!this.byPeriod) return this.add(sum, cnt, min, max);
    let p = this.byPeriod.get(period);
    if (!p) {
      p = new MutablePartial();
      this.byPeriod.set(period, p);
    }
    p.add(sum, cnt, min, max);
  }
  result(): Partial {
    if (!this.byPeriod) return this;
    let best: { key: string; part: Partial } | null = null;
    for (const [p, part] of this.byPeriod) {
      if (Math.abs(part.cnt) < 1e-9) continue;
      const key = lastOrderKey(p);
      if (!best || key > best.key) best = { key, part };
    }
    return best?.part ?? EMPTY_PARTIAL;
  }
}

// ---------------------------------------------------------------------------------
// Dimensions

/** Fixed codes as given, relative ones expanded at `now` (Vietnam time); duplicates dropped, order kept. */
export function resolvePeriods(items: string[], now: Date): string[] {
  const out: string[] = [];
  for (const item of items) {
    const codes = (RELATIVE_PERIODS as readonly string[]).includes(item) ? relativePeriods(item as RelativePeriod, now) : [item];
    for (const code of codes) {
      const parsed = tryParsePeriod(code);
      if (!parsed.ok || periodType(parsed.period) === 'day') throw new AppError('analytics_bad_period', { period: item });
      if (!out.includes(code)) out.push(code);
    }
  }
  return out;
}

export function resolveLayout(req: { rows?: string[]; columns?: string[]; filters?: string[] }, categoryCodes: string[]) {
  const dims = ['dx', 'pe', 'ou', ...categoryCodes];
  const given = [...(req.rows ?? []), ...(req.columns ?? []), ...(req.filters ?? [])];
  const unknown = given.filter((d) => !dims.includes(d));
  if (unknown.length > 0) throw new AppError('analytics_bad_layout', { reason: `chiều "${unknown.join(', ')}" không có trong yêu cầu` });
  const dup = given.filter((d, i) => given.indexOf(d) !== i);
  if (dup.length > 0) throw new AppError('analytics_bad_layout', { reason: `chiều "${dup.join(', ')}" được đặt hai lần` });
  if (given.length === 0) return { rows: ['ou'], columns: dims.filter((d) => d !== 'ou'), filters: [] as string[] };
  const placed = new Set(given);
  return { rows: req.rows ?? [], columns: [...(req.columns ?? []), ...dims.filter((d) => !placed.has(d))], filters: req.filters ?? [] };
}

async function resolveDataItems(ctx: AppContext, keys: string[]): Promise<DataItem[]> {
  const unique = [...new Set(keys)];
  const parsed = unique.map((key) => {
    const [prefix, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const [code, combo] = rest.split('.') as [string, string | undefined];
    return { key, prefix, code, combo };
  });
  const [indicators, elements, forms] = await Promise.all([
    indicatorsByCode(ctx.db, parsed.filter((p) => p.prefix === 'in').map((p) => p.code)),
    elementsByCode(ctx.db, parsed.filter((p) => p.prefix === 'de').map((p) => p.code)),
    formsByCode(ctx.db, parsed.filter((p) => p.prefix === 'cr' || p.prefix === 'crt').map((p) => p.code)),
  ]);
  const combos = await optionCombos(ctx.db, [...new Set(elements.map((e) => e.category_combo_id))]);
  const unknown: string[] = [];
  const items: DataItem[] = [];
  for (const p of parsed) {
    if (p.prefix === 'in' && p.combo === undefined) {
      const indicator = indicators.find((i) => i.code === p.code);
      const num = indicator ? parseExpression(indicator.numerator, { expect: 'number' }) : null;
      const den = indicator ? parseExpression(indicator.denominator, { expect: 'number' }) : null;
      if (!indicator || !num?.ok || !den?.ok) unknown.push(p.key);
      else items.push({ key: p.key, kind: 'indicator', indicator, numerator: num.ast, denominator: den.ast, refs: [...num.references, ...den.references], factor: Number(indicator.factor) });
    } else if (p.prefix === 'de') {
      const element = elements.find((e) => e.code === p.code);
      const combo = element && p.combo !== undefined ? combos.find((c) => c.combo_id === element.category_combo_id && c.code === p.combo) : null;
      if (!element || combo === undefined) unknown.push(p.key);
      else items.push({ key: p.key, kind: 'dataElement', element, combo });
    } else if ((p.prefix === 'cr' || p.prefix === 'crt') && p.combo === undefined) {
      const form = forms.find((f) => f.code === p.code);
      if (!form) unknown.push(p.key);
      else items.push({ key: p.key, kind: p.prefix === 'cr' ? 'reportingRate' : 'onTimeRate', form });
    } else unknown.push(p.key);
  }
  if (unknown.length > 0) throw new AppError('analytics_unknown_items', { items: unknown.join(', ') });
  return items;
}

async function resolveCategories(ctx: AppContext, requested: { code: string; options?: string[] }[]) {
  const rows = await categoriesByCode(ctx.db, requested.map((c) => c.code));
  const unknown: string[] = [];
  const out = requested.map((r) => {
    const row = rows.find((c) => c.code === r.code);
    if (!row) {
      unknown.push(r.code);
      return { code: r.code, name_vi: r.code, name_en: null, options: [] };
    }
    const missing = (r.options ?? []).filter((o) => !row.options.some((x) => x.code === o));
    unknown.push(...missing.map((o) => `${r.code}:${o}`));
    return { ...row, options: r.options ? row.options.filter((o) => r.options!.includes(o.code)) : row.options };
  });
  if (unknown.length > 0) throw new AppError('analytics_unknown_category', { items: unknown.join(', ') });
  return out;
}

/**
 * Unit items → unit ids in the caller's scope and the view's hierarchy. LEVEL-<kind>
 * items take the other explicit units (and USER_ORGUNIT) as boundaries, which are then
 * not rows themselves, as in DHIS2; with no boundary, the caller's top units bound them.
 */
export async function resolveUnits(ctx: AppContext, access: AnalyticsAccess, items: string[], view: HierarchyView): Promise<string[]> {
  const db = ctx.db;
  const tops = async () => (await rootUnits(db, access.roots, view)).map((u) => String(u.id));
  const explicit = items.filter((i) => /^\d+$/.test(i));
  if (explicit.length > 0) {
    const rows = await unitsById(db, explicit, view);
    if (rows.length !== new Set(explicit).size) throw notFound();
    for (const u of rows) if (u.hierarchy !== 'all' && u.hierarchy !== view) throw new AppError('hierarchy_mismatch', { view });
    if (access.roots !== null) {
      const inside = await unitsInScope(db, access.roots, explicit);
      if (explicit.some((id) => !inside.has(id))) throw notFound();
    }
  }
  const levels = items.filter((i) => i.startsWith('LEVEL-')).map((i) => i.slice('LEVEL-'.length));
  const out: string[] = [];
  const push = (ids: string[]) => {
    for (const id of ids) if (!out.includes(id)) out.push(id);
  };
  const boundaries: string[] = [];
  for (const item of items) {
    if (/^\d+$/.test(item)) (levels.length > 0 ? boundaries : out).push(item);
    else if (item === 'USER_ORGUNIT') {
      const t = await tops();
      if (levels.length > 0) boundaries.push(...t);
      else push(t);
    } else if (item === 'USER_ORGUNIT_CHILDREN') {
      for (const t of await tops()) push(await childIds(db, t, view));
    } else if (item.startsWith('CHILDREN-')) {
      const id = item.slice('CHILDREN-'.length);
      const [u] = await unitsById(db, [id], view);
      if (!u || (access.roots !== null && !(await unitsInScope(db, access.roots, [id])).has(id))) throw notFound();
      if (u.hierarchy !== 'all' && u.hierarchy !== view) throw new AppError('hierarchy_mismatch', { view });
      push(await childIds(db, id, view));
    } else if (item.startsWith('GROUP-')) {
      const members = await groupMembers(db, item.slice('GROUP-'.length), view);
      if (members === null) throw new AppError('analytics_unknown_items', { items: item });
      push(access.roots === null ? members : [...(await unitsInScope(db, access.roots, members))].sort((a, b) => members.indexOf(a) - members.indexOf(b)));
    }
  }
  if (levels.length > 0) {
    const bounds = boundaries.length > 0 ? [...new Set(boundaries)] : await tops();
    for (const kind of levels) push(await unitsOfKindUnder(db, kind, bounds, view));
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Reporting rates and targets

async function reportingFacts(ctx: AppContext, forms: FormRow[], unitIds: string[], periods: string[], view: HierarchyView, now: Date) {
  if (forms.length === 0 || view !== '2025') return [];
  const rules = await dueRules(ctx.db, forms.map((f) => f.id));
  const out: { form_id: string; unit_id: string; period: string; expected: number; submitted: number; on_time: number }[] = [];
  for (const form of forms) {
    const within: { period: string; formPeriod: string }[] = [];
    for (const p of periods) {
      if (PERIOD_TYPES.indexOf(periodType(p)) < PERIOD_TYPES.indexOf(form.period_type as PeriodType)) continue;
      const fps = periodType(p) === form.period_type ? [p] : childPeriods(p, form.period_type as PeriodType);
      // Only periods that have started are expected.
      for (const fp of fps) if (periodStartInstant(fp).getTime() <= now.getTime()) within.push({ period: p, formPeriod: fp });
    }
    const formPeriods = [...new Set(within.map((w) => w.formPeriod))];
    const dues = rules
      .filter((r) => r.form_id === form.id)
      .flatMap((r) => formPeriods.map((fp) => ({ formPeriod: fp, kind: r.unit_kind, dueAt: entryWindow(fp, { due: dueRuleOf(r) }).dueAt })));
    const rows = await reportingCounts(ctx.db, { formId: form.id, unitIds, within, dues });
    out.push(...rows.map((r) => ({ ...r, form_id: form.id })));
  }
  return out;
}

/** For each indicator, unit and period asked: the unit's own target or the nearest above it, for the period or else its year. */
async function indicatorTargets(ctx: AppContext, items: DataItem[], unitIds: string[], periods: string[]): Promise<AnalyticsResponse['metaData']['targets']> {
  const indicators = items.filter((it): it is Extract<DataItem, { kind: 'indicator' }> => it.kind === 'indicator');
  if (indicators.length === 0) return [];
  const yearOf = (p: string) => (periodType(p) === 'year' ? p : parentPeriod(p, 'year'));
  const years = periods.map(yearOf);
  const rows = await targetsFor(ctx.db, indicators.map((i) => i.indicator.id), unitIds, [...new Set([...periods, ...years])]);
  const out: AnalyticsResponse['metaData']['targets'] = [];
  for (const it of indicators) {
    for (const ou of unitIds) {
      const candidates = rows.filter((r) => r.indicator_id === it.indicator.id && r.unit_id === ou);
      if (candidates.length === 0) continue;
      for (const pe of periods) {
        const year = yearOf(pe);
        const best = candidates
          .filter((r) => r.period === pe || r.period === year)
          .sort((a, b) => a.depth - b.depth || Number(b.period === pe) - Number(a.period === pe))[0];
        if (best) out.push({ dx: it.key, ou, pe, value: best.value, unitId: best.target_unit_id, period: best.period });
      }
    }
  }
  return out;
}

function dataItemMeta(it: DataItem, lang: Lang): AnalyticsResponse['metaData']['dx'][string] {
  const name = (vi: string, en: string | null) => (lang === 'en' && en ? en : vi);
  switch (it.kind) {
    case 'indicator':
      return {
        kind: 'indicator',
        code: it.indicator.code,
        name: name(it.indicator.name_vi, it.indicator.name_en),
        decimals: it.indicator.decimals,
        direction: it.indicator.direction,
        unitOfMeasure: it.indicator.unit_of_measure_vi,
      };
    case 'dataElement':
      return {
        kind: 'dataElement',
        code: it.combo ? `${it.element.code}.${it.combo.code}` : it.element.code,
        name: it.combo ? `${name(it.element.name_vi, it.element.name_en)} — ${name(it.combo.name_vi, it.combo.name_en)}` : name(it.element.name_vi, it.element.name_en),
        decimals: it.element.aggregation_type === 'average' || it.element.value_type !== 'integer' ? 2 : 0,
        unitOfMeasure: it.element.unit_of_measure_vi,
        aggregationType: it.element.aggregation_type,
      };
    case 'reportingRate':
    case 'onTimeRate':
      return {
        kind: it.kind,
        code: it.form.code,
        name: `${it.kind === 'reportingRate' ? (lang === 'vi' ? 'Tỷ lệ nộp báo cáo' : 'Reporting rate') : lang === 'vi' ? 'Tỷ lệ nộp đúng hạn' : 'On-time rate'}: ${name(it.form.name_vi, it.form.name_en)}`,
        decimals: 1,
        direction: 'higher',
        unitOfMeasure: '%',
      };
  }
}
