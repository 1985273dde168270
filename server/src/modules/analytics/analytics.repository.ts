// SQL of the analytics engine: the data items by code, the units a request names, the
// partial aggregates of (unit, period, element[, option combo]) in one query over the
// pre-aggregated rows (agg_value, ADR 0005) plus the units' own values, reporting counts
// per (unit, period) of a form, and the targets that apply. No arithmetic on figures here
// beyond the additive partials; the service combines them by the shared engine.
import os from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { AggregationType } from '@shared/engine/aggregation.ts';
import type { Database, HierarchyView } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

export interface IndicatorRow {
  id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  numerator: string;
  denominator: string;
  factor: string;
  decimals: number;
  direction: 'higher' | 'lower';
  unit_of_measure_vi: string | null;
}

export async function indicatorsByCode(db: Db, codes: string[]): Promise<IndicatorRow[]> {
  if (codes.length === 0) return [];
  const rows = await sql<IndicatorRow>`
    select id::text, code, name_vi, name_en, numerator, denominator, factor::text, decimals, direction, unit_of_measure_vi
    from indicator where code = any(${codes}::text[])`.execute(db);
  return rows.rows;
}

export interface ElementRow {
  id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  aggregation_type: AggregationType;
  value_type: string;
  unit_of_measure_vi: string | null;
  category_combo_id: string;
  /** How many option combinations the element's values are split into. */
  coc_count: number;
}

export async function elementsByCode(db: Db, codes: string[]): Promise<ElementRow[]> {
  if (codes.length === 0) return [];
  const rows = await sql<ElementRow>`
    select id::text, code, name_vi, name_en, aggregation_type, value_type, unit_of_measure_vi, category_combo_id::text,
      (select count(*)::int from category_option_combo coc where coc.combo_id = de.category_combo_id) as coc_count
    from data_element de where code = any(${codes}::text[])`.execute(db);
  return rows.rows;
}

export interface OptionComboRow {
  id: string;
  combo_id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  /** category code → option code */
  options: Record<string, string>;
}

/** The option combinations of the given category combos, with the category option each stands for per category. */
export async function optionCombos(db: Db, comboIds: string[]): Promise<OptionComboRow[]> {
  if (comboIds.length === 0) return [];
  const rows = await sql<OptionComboRow>`
    select coc.id::text, coc.combo_id::text, coc.code, coc.name_vi, coc.name_en,
      coalesce((select jsonb_object_agg(c.code, o.code) from category_option o join category c on c.id = o.category_id where o.id = any(coc.option_ids)), '{}'::jsonb) as options
    from category_option_combo coc where coc.combo_id = any(${comboIds}::bigint[])`.execute(db);
  return rows.rows;
}

export interface CategoryRow {
  code: string;
  name_vi: string;
  name_en: string | null;
  options: { code: string; name_vi: string; name_en: string | null }[];
}

export async function categoriesByCode(db: Db, codes: string[]): Promise<CategoryRow[]> {
  if (codes.length === 0) return [];
  const rows = await sql<CategoryRow>`
    select c.code, c.name_vi, c.name_en,
      coalesce((select jsonb_agg(jsonb_build_object('code', o.code, 'name_vi', o.name_vi, 'name_en', o.name_en) order by o.sort_order, o.id)
                from category_option o where o.category_id = c.id), '[]'::jsonb) as options
    from category c where c.code = any(${codes}::text[])`.execute(db);
  return rows.rows;
}

export interface FormRow {
  id: string;
  code: string;
  name_vi: string;
  name_en: string | null;
  period_type: 'month' | 'quarter' | 'sixMonth' | 'year';
}

export async function formsByCode(db: Db, codes: string[]): Promise<FormRow[]> {
  if (codes.length === 0) return [];
  const rows = await sql<FormRow>`select id::text, code, name_vi, name_en, period_type from form where code = any(${codes}::text[])`.execute(db);
  return rows.rows;
}

// ---------------------------------------------------------------------------------
// Units

export interface AnalyticsUnitRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  level: number;
  hierarchy: string;
  parent_id: string | null;
  valid_to: string | null;
  has_children: boolean;
  /** Ancestors from the top, the nation excluded. */
  path: { id: string; name: string }[];
  point: [number, number] | null;
}

/** Units by id with what the metadata shows; children counted in the view (the nation's children depend on it). */
export async function unitsById(db: Db, ids: string[], view: HierarchyView): Promise<AnalyticsUnitRow[]> {
  if (ids.length === 0) return [];
  const rows = await sql<AnalyticsUnitRow>`
    select u.id::text, u.code, u.full_name as name, u.name_en, u.kind, u.level, u.hierarchy, u.parent_id::text, u.valid_to::text,
      exists (select 1 from org_unit k where k.parent_id = u.id and k.kind <> 'village' and (u.kind <> 'nation' or k.hierarchy = ${view})) as has_children,
      coalesce((
        select jsonb_agg(jsonb_build_object('id', a.id::text, 'name', a.full_name) order by c.depth desc)
        from org_unit_closure c join org_unit a on a.id = c.ancestor_id
        where c.descendant_id = u.id and c.depth > 0 and a.kind <> 'nation'), '[]'::jsonb) as path,
      case when jsonb_typeof(u.attributes->'point') = 'array' then u.attributes->'point' end as point
    from org_unit u where u.id = any(${ids}::bigint[])`.execute(db);
  return rows.rows;
}

/** The units of a kind in the subtrees of the boundary units — a boundary of that kind is its own level, as in DHIS2 — in the view's hierarchy, current ones for 2025. */
export async function unitsOfKindUnder(db: Db, kind: string, boundaries: string[], view: HierarchyView): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select u.id::text from org_unit u
    where u.kind = ${kind} and u.hierarchy = ${view} and (${view} = 'pre2025' or u.valid_to is null)
      and exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.ancestor_id = any(${boundaries}::bigint[]))
    order by u.code, u.id`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** A unit's children in the view (villages left out: they report nothing of their own in analytics). */
export async function childIds(db: Db, unitId: string, view: HierarchyView): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select u.id::text from org_unit u join org_unit p on p.id = u.parent_id
    where u.parent_id = ${unitId}::bigint and u.kind <> 'village' and (p.kind <> 'nation' or u.hierarchy = ${view})
      and (u.hierarchy <> '2025' or u.valid_to is null)
    order by u.code, u.id`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function groupMembers(db: Db, groupCode: string, view: HierarchyView): Promise<string[] | null> {
  const group = await sql<{ id: string }>`select id::text from org_unit_group where code = ${groupCode}`.execute(db);
  if (!group.rows[0]) return null;
  const rows = await sql<{ id: string }>`
    select u.id::text from org_unit_group_member m join org_unit u on u.id = m.unit_id
    where m.group_id = ${group.rows[0].id}::bigint and (u.hierarchy = ${view} or u.hierarchy = 'all')
    order by u.level, u.code, u.id`.execute(db);
  return rows.rows.map((r) => r.id);
}

export const nationUnitId = async (db: Db) => (await sql<{ id: string }>`select id::text from org_unit where kind = 'nation'`.execute(db)).rows[0]!.id;

// ---------------------------------------------------------------------------------
// Figures

/**
 * Partial aggregates by column: row i is (units[i], periods[i], elements[i], cocs?.[i])
 * with sums[i], cnts[i] and, when asked for, mins[i] / maxs[i]. The same key may come more
 * than once (a unit's own values beside what other units contribute, or one row per
 * option combination): partials combine, so the reader adds them up.
 */
export interface PartialColumns {
  units: string[];
  periods: string[];
  elements: string[];
  /** null when the query did not ask for option combinations. */
  cocs: string[] | null;
  sums: number[];
  cnts: number[];
  /** null unless min/max were asked for (no min or max element: they would only cost bytes). */
  mins: (number | null)[] | null;
  maxs: (number | null)[] | null;
}

export interface PartialsQuery {
  view: HierarchyView;
  unitIds: string[];
  periods: string[];
  elementIds: string[];
  byCoc: boolean;
  /** Combine the option combinations in SQL (when not by option combination and an element is split). */
  groupCocs: boolean;
  /** Read min and max too (a min or max element is asked for). */
  minMax: boolean;
  /** Approved values only (the a_* partials). */
  approvedOnly: boolean;
}

type JsonColumns = [(string | number)[], string[], (string | number)[], (string | number)[] | null, number[], number[], (number | null)[] | null, (number | null)[] | null];

const EMPTY_COLUMNS = (q: PartialsQuery): PartialColumns => ({
  units: [],
  periods: [],
  elements: [],
  cocs: q.byCoc ? [] : null,
  sums: [],
  cnts: [],
  mins: q.minMax ? [] : null,
  maxs: q.minMax ? [] : null,
});

/** Columns as JSON arrays, one per column, in one value: parsed once, natively (ids come as numbers and become strings). */
function toColumns(q: PartialsQuery, json: JsonColumns | null): PartialColumns {
  if (!json || json[0] === null) return EMPTY_COLUMNS(q);
  const [u, p, e, c, s, n, mn, mx] = json;
  // Few distinct ids, many rows: each id's string is made once.
  const ids = new Map<string | number, string>();
  const id = (v: string | number) => {
    let t = ids.get(v);
    if (t === undefined) {
      t = String(v);
      ids.set(v, t);
    }
    return t;
  };
  return {
    units: u.map(id),
    periods: p,
    elements: e.map(id),
    cocs: q.byCoc && c ? c.map(id) : null,
    sums: s,
    cnts: n,
    mins: q.minMax ? mn : null,
    maxs: q.minMax ? mx : null,
  };
}

function concatColumns(a: PartialColumns, b: PartialColumns): PartialColumns {
  if (a.units.length === 0) return b;
  if (b.units.length === 0) return a;
  const cat = <T>(x: T[] | null, y: T[] | null) => (x && y ? x.concat(y) : null);
  return {
    units: a.units.concat(b.units),
    periods: a.periods.concat(b.periods),
    elements: a.elements.concat(b.elements),
    cocs: cat(a.cocs, b.cocs),
    sums: a.sums.concat(b.sums),
    cnts: a.cnts.concat(b.cnts),
    mins: cat(a.mins, b.mins),
    maxs: cat(a.maxs, b.maxs),
  };
}

/**
 * Partial aggregates per (unit, period, element[, option combo]) for every requested
 * unit and period at once: the unit's own values in the periods within (the latest per
 * source for 'last' elements), plus what every other unit contributes (agg_value), read
 * by statements on separate connections at once — the pre-aggregated rows as they
 * are, with no grouping step unless option combinations must be merged; the own values
 * (none at all for most units above the commune) are grouped on their side; a large
 * pre-aggregated read is itself split into statements run side by side. The period
 * nesting is the database's own (period_within / period_order). Each answer is one JSON
 * value of columns: thousands of rows cost one native parse instead of row-by-row text.
 */
export async function partials(db: Db, q: PartialsQuery, opts: { splitRows?: number; ways?: number } = {}): Promise<PartialColumns> {
  if (q.unitIds.length === 0 || q.periods.length === 0 || q.elementIds.length === 0) return EMPTY_COLUMNS(q);
  const [own, agg] = await Promise.all([ownPartials(db, q), aggregatedPartials(db, q, opts.splitRows ?? SPLIT_ROWS, opts.ways ?? SPLIT_WAYS)]);
  return concatColumns(own, agg);
}

const columnsSelect = (q: PartialsQuery) =>
  sql`json_build_array(json_agg(unit_id), json_agg(p), json_agg(data_element_id), ${q.byCoc ? sql`json_agg(coc_id)` : sql`null`},
    json_agg(s), json_agg(c), ${q.minMax ? sql`json_agg(mn), json_agg(mx)` : sql`null, null`})`;

/** Rows of agg_value below which one statement reads them all: splitting costs more than it saves. */
const SPLIT_ROWS = 2_000;
/** Statements a large read is split into, one per core (at most 4): PostgreSQL runs them side by side, each on its own connection. */
const SPLIT_WAYS = Math.max(1, Math.min(4, os.availableParallelism()));

/** What other units contribute, read from agg_value — a large read split by units (or periods) into statements run at once. */
async function aggregatedPartials(db: Db, q: PartialsQuery, splitRows: number, maxWays: number): Promise<PartialColumns> {
  const rows = q.unitIds.length * q.periods.length * q.elementIds.length;
  const ways = Math.min(maxWays, Math.ceil(rows / splitRows));
  const byUnits = q.unitIds.length >= q.periods.length;
  const list = byUnits ? q.unitIds : q.periods;
  if (ways < 2 || list.length < 2) return aggregatedRead(db, q);
  const size = Math.ceil(list.length / ways);
  const parts: PartialsQuery[] = [];
  for (let i = 0; i < list.length; i += size) parts.push(byUnits ? { ...q, unitIds: list.slice(i, i + size) } : { ...q, periods: list.slice(i, i + size) });
  return (await Promise.all(parts.map((part) => aggregatedRead(db, part)))).reduce(concatColumns);
}

async function aggregatedRead(db: Db, q: PartialsQuery): Promise<PartialColumns> {
  const a = q.approvedOnly;
  const cols = a ? sql`a_sum as s, a_cnt as c, a_min as mn, a_max as mx` : sql`sum as s, cnt as c, min as mn, max as mx`;
  const where = sql`where hierarchy = ${q.view} and unit_id = any(${q.unitIds}::bigint[]) and period = any(${q.periods}::text[])
    and data_element_id = any(${q.elementIds}::bigint[])`;
  const rows = q.groupCocs
    ? sql`select unit_id, p, data_element_id, null::bigint as coc_id, sum(s) as s, sum(c) as c, min(mn) as mn, max(mx) as mx
        from (select unit_id, period as p, data_element_id, ${cols} from agg_value ${where}) x group by 1, 2, 3`
    : sql`select unit_id, period as p, data_element_id, coc_id, ${cols} from agg_value ${where}`;
  const res = await sql<{ facts: JsonColumns | null }>`select ${columnsSelect(q)} as facts from (${rows}) r`.execute(db);
  return toColumns(q, res.rows[0]?.facts ?? null);
}

async function ownPartials(db: Db, q: PartialsQuery): Promise<PartialColumns> {
  const coc = q.byCoc ? sql`coc_id` : sql`null::bigint`;
  const a = q.approvedOnly;
  const res = await sql<{ facts: JsonColumns | null }>`
    with pw as (
      select p.p, w.w from unnest(${q.periods}::text[]) p(p) cross join lateral unnest(period_within(p.p)) w(w)
    ),
    own as (
      select dv.unit_id, pw.p, dv.data_element_id, ${coc} as coc_id, dv.coc_id as source_coc, dv.period, dv.numeric_value::float8 as v, de.aggregation_type = 'last' as is_last
      from data_value dv
      join pw on pw.w = dv.period
      join data_element de on de.id = dv.data_element_id
      where dv.unit_id = any(${q.unitIds}::bigint[]) and dv.data_element_id = any(${q.elementIds}::bigint[]) and dv.numeric_value is not null
        and (${!a} or dv.approved)
    ),
    own_last as (
      select distinct on (unit_id, p, data_element_id, source_coc) unit_id, p, data_element_id, coc_id, v
      from own where is_last order by unit_id, p, data_element_id, source_coc, period_order(period) desc
    ),
    parts (unit_id, p, data_element_id, coc_id, s, c, mn, mx) as (
      select unit_id, p, data_element_id, coc_id, sum(v), count(*)::float8, min(v), max(v)
      from own where not is_last group by 1, 2, 3, 4
      union all select unit_id, p, data_element_id, coc_id, v, 1, null::float8, null::float8 from own_last
    ),
    r as (
      select unit_id, p, data_element_id, coc_id, sum(s) as s, sum(c) as c, min(mn) as mn, max(mx) as mx
      from parts group by 1, 2, 3, 4
    )
    select ${columnsSelect(q)} as facts from r`.execute(db);
  return toColumns(q, res.rows[0]?.facts ?? null);
}

export interface ReportingFact {
  unit_id: string;
  period: string;
  expected: number;
  submitted: number;
  on_time: number;
}

/**
 * Reports of a form per requested (unit, period): expected = the current assigned units
 * of the unit's subtree (itself included) × the form's periods within the period that
 * have started; submitted and on time among them (first submission no later than the
 * due instant of the unit's level, computed by the engine and handed in).
 */
export async function reportingCounts(
  db: Db,
  q: { formId: string; unitIds: string[]; within: { period: string; formPeriod: string }[]; dues: { formPeriod: string; kind: string; dueAt: Date }[] },
): Promise<ReportingFact[]> {
  if (q.unitIds.length === 0 || q.within.length === 0) return [];
  const rows = await sql<ReportingFact>`
    with fp(period, form_period) as (select * from unnest(${q.within.map((w) => w.period)}::text[], ${q.within.map((w) => w.formPeriod)}::text[])),
    due(form_period, kind, due_at) as (
      select * from unnest(${q.dues.map((d) => d.formPeriod)}::text[], ${q.dues.map((d) => d.kind)}::text[], ${q.dues.map((d) => d.dueAt.toISOString())}::timestamptz[])
    ),
    assigned as (
      select c.ancestor_id, d.id, d.kind from org_unit_closure c join org_unit d on d.id = c.descendant_id
      where c.ancestor_id = any(${q.unitIds}::bigint[]) and d.valid_to is null and d.hierarchy in ('2025', 'all')
        and exists (
          select 1 from form_assignment fa
          where fa.form_id = ${q.formId}::bigint and (
            (fa.mode = 'level' and fa.unit_kind = d.kind)
            or (fa.mode = 'group' and exists (select 1 from org_unit_group_member m where m.group_id = fa.group_id and m.unit_id = d.id))
            or (fa.mode = 'unit' and fa.unit_id = d.id)))
    )
    select a.ancestor_id::text as unit_id, fp.period, count(*)::int as expected,
      (count(*) filter (where s.state in ('submitted', 'approved')))::int as submitted,
      (count(*) filter (where s.state in ('submitted', 'approved') and s.first_submitted_at <= due.due_at))::int as on_time
    from assigned a cross join fp
    left join submission s on s.form_id = ${q.formId}::bigint and s.unit_id = a.id and s.period = fp.form_period
    left join due on due.form_period = fp.form_period and due.kind = a.kind
    group by 1, 2`.execute(db);
  return rows.rows;
}

export interface TargetRow {
  indicator_id: string;
  /** the requested unit the target applies to */
  unit_id: string;
  depth: number;
  target_unit_id: string;
  period: string;
  value: number;
}

/** Targets of the indicators set on the units or their ancestors, for the periods given (callers add the years). */
export async function targetsFor(db: Db, indicatorIds: string[], unitIds: string[], periods: string[]): Promise<TargetRow[]> {
  if (indicatorIds.length === 0 || unitIds.length === 0 || periods.length === 0) return [];
  const rows = await sql<TargetRow>`
    select t.indicator_id::text, c.descendant_id::text as unit_id, c.depth, t.unit_id::text as target_unit_id, t.period, t.value::float8 as value
    from target t join org_unit_closure c on c.ancestor_id = t.unit_id
    where c.descendant_id = any(${unitIds}::bigint[]) and t.indicator_id = any(${indicatorIds}::bigint[]) and t.period = any(${periods}::text[])`.execute(db);
  return rows.rows.map((r) => ({ ...r, value: Number(r.value) }));
}
