// Reading totals: a unit's figure is its own values ⊕ what agg_value holds from the
// units that count in it (ADR 0005), combined by the element's aggregation type.
import { type Kysely, sql } from 'kysely';
import type { AggregationType, Partial } from '@shared/engine/aggregation.ts';
import { childPeriods, PERIOD_TYPES, periodType } from '@shared/engine/periods.ts';
import type { Database, HierarchyView } from '../../platform/db/schema.ts';

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: string;
  hierarchy: string;
  valid_to: string | null;
}

const UNIT_COLUMNS = sql`u.id, u.code, u.full_name as name, u.kind, u.hierarchy, u.valid_to::text as valid_to`;

/** Where a caller starts in a view: the nation (null roots), the roots themselves (2025), or the pre-2025 units that succeeded into them. */
export async function rootUnits(db: Kysely<Database>, roots: string[] | null, view: HierarchyView): Promise<UnitRef[]> {
  const rows =
    roots === null
      ? await sql<UnitRef>`select ${UNIT_COLUMNS} from org_unit u where u.kind = 'nation'`.execute(db)
      : view === '2025'
        ? await sql<UnitRef>`select ${UNIT_COLUMNS} from org_unit u where u.id = any(${roots}::bigint[]) order by u.level, u.code`.execute(db)
        : await sql<UnitRef>`
            select distinct ${UNIT_COLUMNS}, u.level from org_unit_succession s join org_unit u on u.id = s.old_unit_id
            where s.new_unit_id = any(${roots}::bigint[]) order by u.level, u.code`.execute(db);
  return rows.rows;
}

/** The period and every finer period of a form type inside it (the values that roll into it). */
export function periodsWithin(period: string, finest: 'month' | 'quarter' | 'sixMonth' | 'year'): string[] {
  const type = periodType(period);
  const types = PERIOD_TYPES.slice(PERIOD_TYPES.indexOf(finest), PERIOD_TYPES.indexOf(type));
  return [period, ...types.flatMap((t) => childPeriods(period, t))];
}

export async function findReportUnit(db: Kysely<Database>, id: string): Promise<UnitRef | undefined> {
  const rows = await sql<UnitRef>`select ${UNIT_COLUMNS} from org_unit u where u.id = ${id}`.execute(db);
  return rows.rows[0] ? { ...rows.rows[0], id: String(rows.rows[0].id) } : undefined;
}

/** The unit's children in a hierarchy view (the nation's children depend on the view). */
export async function childUnits(db: Kysely<Database>, unit: { id: string; kind: string }, view: HierarchyView): Promise<(UnitRef & { has_children: boolean })[]> {
  const rows = await sql<UnitRef & { has_children: boolean }>`
    select ${UNIT_COLUMNS}, exists (select 1 from org_unit k where k.parent_id = u.id) as has_children
    from org_unit u
    where u.parent_id = ${unit.id} and (${unit.kind} <> 'nation' or u.hierarchy = ${view})
    order by u.code, u.id`.execute(db);
  return rows.rows;
}

export async function unitPath(db: Kysely<Database>, unitId: string): Promise<UnitRef[]> {
  const rows = await sql<UnitRef>`
    select ${UNIT_COLUMNS} from org_unit_closure c join org_unit u on u.id = c.ancestor_id
    where c.descendant_id = ${unitId} and c.depth > 0 order by c.depth desc`.execute(db);
  return rows.rows;
}

export interface ElementAgg {
  id: string;
  code: string;
  aggregation_type: AggregationType;
}

/** The form's elements with their aggregation type, in form order. */
export async function formElements(db: Kysely<Database>, formId: string): Promise<ElementAgg[]> {
  const rows = await sql<ElementAgg>`
    select de.id, de.code, de.aggregation_type from form_element fe
    join form_section s on s.id = fe.section_id join data_element de on de.id = fe.data_element_id
    where fe.form_id = ${formId} order by s.sort_order, fe.sort_order, de.id`.execute(db);
  return rows.rows.map((r) => ({ ...r, id: String(r.id) }));
}

export interface TotalsQuery {
  view: HierarchyView;
  unitIds: string[];
  elementIds: string[];
  period: string;
  /** Periods whose values roll into `period` (periodsWithin). */
  within: string[];
  byCoc: boolean;
}

export interface PartialRow {
  unit_id: string;
  data_element_id: string;
  coc_id: string | null;
  all: Partial;
  approved: Partial;
}

/**
 * Partial aggregates per (unit, element[, option combo]) for the units given: their own
 * values in the periods within, plus what other units contribute (agg_value). One query.
 */
export async function unitTotals(db: Kysely<Database>, q: TotalsQuery): Promise<PartialRow[]> {
  if (q.unitIds.length === 0 || q.elementIds.length === 0) return [];
  const coc = q.byCoc ? sql`coc_id` : sql`null::bigint`;
  const rows = await sql<{
    unit_id: string; data_element_id: string; coc_id: string | null;
    s: string; c: string; mn: string | null; mx: string | null; a_s: string; a_c: string; a_mn: string | null; a_mx: string | null;
  }>`
    with own as (
      select dv.unit_id, dv.data_element_id, dv.coc_id, dv.period, dv.numeric_value as v, dv.approved, de.aggregation_type = 'last' as is_last
      from data_value dv join data_element de on de.id = dv.data_element_id
      where dv.unit_id = any(${q.unitIds}::bigint[]) and dv.period = any(${q.within}::text[])
        and dv.data_element_id = any(${q.elementIds}::bigint[]) and dv.numeric_value is not null
    ),
    own_last as (
      select distinct on (unit_id, data_element_id, coc_id) unit_id, data_element_id, coc_id, v
      from own where is_last order by unit_id, data_element_id, coc_id, period_order(period) desc
    ),
    own_last_a as (
      select distinct on (unit_id, data_element_id, coc_id) unit_id, data_element_id, coc_id, v
      from own where is_last and approved order by unit_id, data_element_id, coc_id, period_order(period) desc
    ),
    parts (unit_id, data_element_id, coc_id, s, c, mn, mx, a_s, a_c, a_mn, a_mx) as (
      select unit_id, data_element_id, coc_id, sum(v), count(*), min(v), max(v),
        coalesce(sum(v) filter (where approved), 0), count(*) filter (where approved), min(v) filter (where approved), max(v) filter (where approved)
      from own where not is_last group by 1, 2, 3
      union all select unit_id, data_element_id, coc_id, v, 1, null::numeric, null::numeric, 0, 0, null::numeric, null::numeric from own_last
      union all select unit_id, data_element_id, coc_id, 0, 0, null, null, v, 1, null, null from own_last_a
      union all
      select unit_id, data_element_id, coc_id, sum, cnt, min, max, a_sum, a_cnt, a_min, a_max from agg_value
      where hierarchy = ${q.view} and unit_id = any(${q.unitIds}::bigint[]) and period = ${q.period} and data_element_id = any(${q.elementIds}::bigint[])
    )
    select unit_id, data_element_id, ${coc} as coc_id, sum(s) as s, sum(c) as c, min(mn) as mn, max(mx) as mx,
      sum(a_s) as a_s, sum(a_c) as a_c, min(a_mn) as a_mn, max(a_mx) as a_mx
    from parts group by 1, 2, 3`.execute(db);
  const num = (v: string | null) => (v === null ? null : Number(v));
  return rows.rows.map((r) => ({
    unit_id: String(r.unit_id),
    data_element_id: String(r.data_element_id),
    coc_id: r.coc_id === null ? null : String(r.coc_id),
    all: { sum: Number(r.s), cnt: Number(r.c), min: num(r.mn), max: num(r.mx) },
    approved: { sum: Number(r.a_s), cnt: Number(r.a_c), min: num(r.a_mn), max: num(r.a_mx) },
  }));
}

