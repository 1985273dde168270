// The national-scale data set of the "national" scenario (issue 4), built in PostgreSQL
// set-based (generate_series, INSERT … SELECT; nothing row by row from Node):
//
// - 300 synthetic data elements BENCH_E001…BENCH_E300: every fifth disaggregated by
//   ETHNIC_SEX (sum), the others DEFAULT, mostly sum, some average/last/min/max/count
//   (i mod 25 = 1, 3, 7, 11, 13).
// - The quarterly form BENCH_Q50 (elements 1–50, in 5 sections), assigned to communes,
//   due 15 days after the quarter, never locked.
// - Values, one quarter of data per commune and quarter: 2021Q1–2025Q2 on the pre-2025
//   communes, 2025Q3–2025Q4 on the 2025 communes. A commune fills the whole form (≈ 100
//   cells: an ETHNIC_SEX element has 2–4 ethnic groups × 2 sexes, the groups drawn from
//   a small pool per province) and ~30 % of the other 250 elements' cells: ≈ 250 values
//   per commune and quarter, ≈ 49 M values in all at scale 1. `scale` keeps that fraction
//   of the communes (the same ones every run; the hierarchy itself is whole).
// - Approved: 60 % of the (commune, quarter) reports of the form up to 2025Q2, 30 % of
//   2025Q3, none of 2025Q4 (approved submissions, data_value.approved on their cells).
//
// The values are loaded with the aggregation triggers off, then the aggregates are
// built by rebuild_aggregates() (timed) and the triggers switched back on.
import { sql } from 'kysely';
import type { Db } from '../../server/src/platform/db/database.ts';

export const FORM_CODE = 'BENCH_Q50';
export const ELEMENT_COUNT = 300;
export const FORM_ELEMENTS = 50;
/** Values per commune and quarter at scale 1 (form ≈ 100 cells + 30 % of ≈ 500 other cells). */
const OTHER_DENSITY_TENTHS = 3;
const AGG_TRIGGERS = ['data_value_agg_insert', 'data_value_agg_update', 'data_value_agg_delete'];

export const PRE2025_QUARTERS = Array.from({ length: 18 }, (_, i) => `${2021 + Math.floor(i / 4)}Q${(i % 4) + 1}`);
export const Y2025_QUARTERS = ['2025Q3', '2025Q4'];

export interface NationalCatalog {
  formId: string;
  /** The form's elements (id, code, aggregation type), in form order. */
  elements: { id: string; code: string; aggregationType: string }[];
}

/** Units whose id falls in the scaled subset (the same every run: 7919 is prime to 10 000, so the ids spread evenly). */
export const inScale = (scale: number) => sql`(u.id * 7919) % 10000 < ${sql.lit(Math.round(Math.min(1, scale) * 10000))}`;

/** Elements, the form, and the helper tables the value generator joins (bench_cell, bench_es_coc). */
export async function createCatalog(db: Db): Promise<NationalCatalog> {
  return db.transaction().execute(async (trx) => {
    await sql`
      insert into data_element (code, name_vi, name_en, value_type, aggregation_type, category_combo_id, search_text, unit_of_measure_vi)
      select 'BENCH_E' || lpad(i::text, 3, '0'), 'Chỉ tiêu thử tải ' || i, 'Benchmark element ' || i,
        case when a.t = 'average' then 'number' else 'integer' end, a.t,
        case when i % 5 = 0 then es.id else def.id end, 'bench_e' || lpad(i::text, 3, '0') || ' chi tieu thu tai ' || i, 'đơn vị'
      from generate_series(1, ${ELEMENT_COUNT}) i
      cross join lateral (select case when i % 5 = 0 then 'sum' when i % 25 = 1 then 'average' when i % 25 = 3 then 'last'
        when i % 25 = 7 then 'min' when i % 25 = 11 then 'max' when i % 25 = 13 then 'count' else 'sum' end as t) a
      cross join (select id from category_combo where code = 'ETHNIC_SEX') es
      cross join (select id from category_combo where is_default) def`.execute(trx);
    const form = await sql<{ id: string }>`
      insert into form (code, name_vi, name_en, description, period_type, lock_days_after_due)
      values (${FORM_CODE}, 'Biểu thử tải quốc gia (50 chỉ tiêu, quý)', 'National benchmark form (50 elements, quarterly)', 'Tạo bởi npm run bench -- national', 'quarter', null)
      returning id`.execute(trx);
    const formId = String(form.rows[0]!.id);
    await sql`
      insert into form_section (form_id, code, name_vi, name_en, sort_order)
      select ${formId}, 'S' || s, 'Phần ' || s, 'Part ' || s, s from generate_series(1, 5) s`.execute(trx);
    await sql`
      insert into form_element (form_id, section_id, data_element_id, sort_order)
      select ${formId}, fs.id, de.id, substr(de.code, 8)::int
      from data_element de join form_section fs on fs.form_id = ${formId} and fs.sort_order = (substr(de.code, 8)::int - 1) / 10 + 1
      where de.code like 'BENCH\\_E%' and substr(de.code, 8)::int <= ${FORM_ELEMENTS}`.execute(trx);
    await sql`insert into form_due_rule (form_id, unit_kind, days_after_end) values (${formId}, 'commune', 15), (${formId}, 'province', 30), (${formId}, 'nation', 45)`.execute(trx);
    await sql`insert into form_assignment (form_id, mode, unit_kind) values (${formId}, 'level', 'commune')`.execute(trx);

    // The cells of each element: DEFAULT → its one combination; ETHNIC_SEX → slots 0–3 × sex 0–1 (the commune's ethnic groups fill the slots).
    await sql`
      create table bench_es_coc as
      select eo.rn - 1 as e_idx, so.rn - 1 as s_idx, coc.id as coc_id, coc.code as coc_code
      from category_option_combo coc join category_combo cc on cc.id = coc.combo_id and cc.code = 'ETHNIC_SEX'
      join (select o.id, (row_number() over (order by o.sort_order, o.id))::int as rn from category_option o join category c on c.id = o.category_id where c.code = 'ETHNIC') eo on eo.id = any(coc.option_ids)
      join (select o.id, (row_number() over (order by o.sort_order, o.id))::int as rn from category_option o join category c on c.id = o.category_id where c.code = 'SEX') so on so.id = any(coc.option_ids)
      where coc.active`.execute(trx);
    await sql`
      create table bench_cell as
      select substr(de.code, 8)::int as el_idx, de.id as element_id, substr(de.code, 8)::int <= ${sql.lit(FORM_ELEMENTS)} as on_form,
        cc.code = 'ETHNIC_SEX' as es, slot, sex, case when cc.code = 'ETHNIC_SEX' then null else dc.id end as coc_id, dc.code as default_coc_code
      from data_element de join category_combo cc on cc.id = de.category_combo_id
      cross join (select id, code from category_option_combo where combo_id = (select id from category_combo where is_default)) dc
      cross join lateral (select s.slot, x.sex from generate_series(0, case when cc.code = 'ETHNIC_SEX' then 3 else 0 end) s(slot),
        generate_series(0, case when cc.code = 'ETHNIC_SEX' then 1 else 0 end) x(sex)) g
      where de.code like 'BENCH\\_E%'`.execute(trx);
    const elements = await sql<{ id: string; code: string; aggregation_type: string }>`
      select de.id, de.code, de.aggregation_type from form_element fe join data_element de on de.id = fe.data_element_id
      where fe.form_id = ${formId} order by fe.sort_order`.execute(trx);
    return { formId, elements: elements.rows.map((e) => ({ id: String(e.id), code: e.code, aggregationType: e.aggregation_type })) };
  });
}

/**
 * The communes' ethnic slots: k = 2–4 groups, the group of slot s = (pool base of the
 * province + unit mod 5 + s) mod 54 (a handful of groups per province, like the real map).
 */
const UNIT_GROUPS = sql`2 + (u.id % 3)::int as k, ((coalesce(u.province_id, 0) * 7 + u.id % 5) % 54)::int as ebase`;

/** The value of a cell (1–500), the same from the generator and the import file. */
const VALUE = (unit: string, el: string, q: string, coc: string) => sql.raw(`(1 + ((${unit} * 7 + ${el} * 13 + ${q} * 3 + ${coc}) % 500))`);

export async function loadValues(db: Db, catalog: NationalCatalog, scale: number, log: (line: string) => void): Promise<{ values: number; seconds: number }> {
  const started = performance.now();
  await sql`
    create table bench_unit as
    select u.id as unit_id, u.hierarchy, u.province_id, ${UNIT_GROUPS}
    from org_unit u where u.kind = 'commune' and u.hierarchy in ('2025', 'pre2025') and ${inScale(scale)}`.execute(db);
  await sql`create table bench_period (period text, hierarchy text, q int, approve_tenths int)`.execute(db);
  await sql`
    insert into bench_period
    select p.period, case when p.period < '2025Q3' then 'pre2025' else '2025' end as hierarchy,
      (left(p.period, 4)::int * 4 + right(p.period, 1)::int) as q,
      case when p.period < '2025Q3' then 6 when p.period = '2025Q3' then 3 else 0 end as approve_tenths
    from unnest(${[...PRE2025_QUARTERS, ...Y2025_QUARTERS]}::text[]) p(period)`.execute(db);
  await sql`analyze bench_unit; analyze bench_period; analyze bench_cell; analyze bench_es_coc`.execute(db);
  // The foreign-key checks (three lookups per row) cost most of a plain INSERT … SELECT; the
  // ids come from the referenced tables themselves, so a superuser skips them
  // (session_replication_role = replica, in the loading transactions only).
  const superuser = (await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(db)).rows[0]?.su === true;
  const units = await sql<{ hierarchy: string; n: string }>`select hierarchy, count(*)::text as n from bench_unit group by 1 order by 1`.execute(db);
  log(`generator: ${units.rows.map((r) => `${r.n} ${r.hierarchy} communes`).join(', ')} of the hierarchies (scale ${scale}); 300 elements, form ${FORM_CODE}; aggregation triggers off${superuser ? ', foreign-key checks skipped' : ''}`);

  for (const t of AGG_TRIGGERS) await sql`alter table data_value disable trigger ${sql.raw(t)}`.execute(db);
  let values = 0;
  try {
    // Ten elements per statement, in primary-key order: the key index grows at its right edge.
    const STEP = 10;
    for (let from = 1; from <= ELEMENT_COUNT; from += STEP) {
      const n = await db.transaction().execute(async (trx) => {
        await sql`set local work_mem = '256MB'`.execute(trx);
        if (superuser) await sql`set local session_replication_role = replica`.execute(trx);
        const r = await sql`
          insert into data_value (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, updated_at, source, version, approved)
          select c.element_id, coalesce(c.coc_id, es.coc_id), u.unit_id, p.period, u.province_id, v.v::text, v.v, now(), 'import', 1,
            c.on_form and (u.unit_id * 13 + p.q * 5) % 10 < p.approve_tenths
          from bench_cell c
          join bench_unit u on (not c.es or c.slot < u.k)
          join bench_period p on p.hierarchy = u.hierarchy
          left join bench_es_coc es on c.es and es.e_idx = (u.ebase + c.slot) % 54 and es.s_idx = c.sex
          cross join lateral (select ${VALUE('u.unit_id', 'c.el_idx', 'p.q', 'coalesce(es.coc_id, 0)')}::numeric as v) v
          where c.el_idx between ${from} and ${from + STEP - 1}
            and (c.on_form or (u.unit_id * 31 + c.el_idx * 17 + p.q * 7) % 10 < ${OTHER_DENSITY_TENTHS})
          order by 1, 2, 3, 4`.execute(trx);
        return Number(r.numAffectedRows ?? 0);
      });
      values += n;
      const s = (performance.now() - started) / 1000;
      if ((from - 1) % 50 === 0 || from + STEP > ELEMENT_COUNT) log(`generator: elements up to ${Math.min(ELEMENT_COUNT, from + STEP - 1)}: ${values.toLocaleString('en')} values, ${s.toFixed(0)} s (${Math.round(values / s).toLocaleString('en')} values/s)`);
    }
    // The approved reports behind data_value.approved.
    await sql`
      insert into submission (form_id, unit_id, period, province_id, state, version, first_submitted_at, submitted_at, on_time, decided_at)
      select ${catalog.formId}, u.unit_id, p.period, u.province_id, 'approved', 2, now(), now(), true, now()
      from bench_unit u join bench_period p on p.hierarchy = u.hierarchy
      where (u.unit_id * 13 + p.q * 5) % 10 < p.approve_tenths`.execute(db);
    await sql`analyze data_value; analyze submission`.execute(db);
  } catch (err) {
    for (const t of AGG_TRIGGERS) await sql`alter table data_value enable trigger ${sql.raw(t)}`.execute(db);
    throw err;
  }
  return { values, seconds: (performance.now() - started) / 1000 };
}

/** select rebuild_aggregates() with the triggers still off, then the triggers back on. */
export async function rebuildAggregates(db: Db): Promise<{ aggRows: number; seconds: number }> {
  const started = performance.now();
  try {
    const r = await sql<{ n: string }>`select rebuild_aggregates()::text as n`.execute(db);
    const seconds = (performance.now() - started) / 1000;
    await sql`analyze agg_value`.execute(db);
    return { aggRows: Number(r.rows[0]!.n), seconds };
  } finally {
    for (const t of AGG_TRIGGERS) await sql`alter table data_value enable trigger ${sql.raw(t)}`.execute(db);
  }
}

/** Drops the generator's helper tables (the import file and the SQL write path use bench_cell and bench_es_coc until then). */
export async function dropHelpers(db: Db): Promise<void> {
  await sql`drop table if exists bench_unit, bench_period, bench_cell, bench_es_coc`.execute(db);
}

/** The quarters from 2026Q1 that have begun at `now` (Vietnam time): the import's periods, nobody has data there yet. */
export function importPeriods(now: Date): string[] {
  const out: string[] = [];
  for (let y = 2026; y <= now.getUTCFullYear() + 1; y += 1) {
    for (let q = 1; q <= 4; q += 1) if (Date.UTC(y, (q - 1) * 3, 1) - 7 * 3600 * 1000 <= now.getTime()) out.push(`${y}Q${q}`);
  }
  return out;
}

/**
 * New values of the form on the 2025 communes (every one, not only the scaled subset),
 * quarter after quarter over `periods`, the first `rows` of them: ids, codes and the value.
 */
const importCells = (periods: string[], rows: number) => sql`
  with u as (select u.id as unit_id, u.code, u.province_id, ${UNIT_GROUPS} from org_unit u where u.kind = 'commune' and u.hierarchy = '2025'),
  p as (select period, ord, left(period, 4)::int * 4 + right(period, 1)::int as q from unnest(${periods}::text[]) with ordinality t(period, ord))
  select de.id as data_element_id, de.code as de_code, p.period, u.unit_id, u.code as unit_code, u.province_id,
    coalesce(es.coc_id, c.coc_id) as coc_id, coalesce(es.coc_code, c.default_coc_code) as coc_code,
    ${VALUE('u.unit_id', 'c.el_idx', 'p.q', 'coalesce(es.coc_id, 0)')}::numeric as v
  from p cross join u
  join bench_cell c on c.on_form and (not c.es or c.slot < u.k)
  join data_element de on de.id = c.element_id
  left join bench_es_coc es on c.es and es.e_idx = (u.ebase + c.slot) % 54 and es.s_idx = c.sex
  order by p.ord, u.code, c.el_idx, c.slot, c.sex
  limit ${rows}`;

/** The import file: DHIS2 dataValueSets CSV with codes. */
export async function importCsv(db: Db, periods: string[], rows: number): Promise<{ csv: string; rows: number; periods: string[] }> {
  const lines = await sql<{ line: string; period: string }>`
    select de_code || ',' || period || ',' || unit_code || ',' || coc_code || ',,' || v::text || ',bench,,,,' as line, period
    from (${importCells(periods, rows)}) x`.execute(db);
  const header = 'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted';
  return { csv: `${header}\n${lines.rows.map((l) => l.line).join('\n')}\n`, rows: lines.rows.length, periods: [...new Set(lines.rows.map((l) => l.period))] };
}

/**
 * The set-based write path alone, in SQL (no HTTP, no file, no validation, no history):
 * the same cells written by one INSERT … SELECT … ON CONFLICT DO UPDATE through the
 * aggregation triggers — new values, or each value + 1 when the cells exist already.
 */
export async function sqlWrite(db: Db, periods: string[], rows: number): Promise<number> {
  const r = await sql`
    insert into data_value as d (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, updated_at, source, version)
    select x.data_element_id, x.coc_id, x.unit_id, x.period, x.province_id, (x.v + coalesce(o.version, 0))::text, x.v + coalesce(o.version, 0), now(), 'import', 1
    from (${importCells(periods, rows)}) x
    left join data_value o on o.data_element_id = x.data_element_id and o.coc_id = x.coc_id and o.unit_id = x.unit_id and o.period = x.period
    on conflict (data_element_id, coc_id, unit_id, period) do update set
      value = excluded.value, numeric_value = excluded.numeric_value, updated_at = excluded.updated_at, source = 'import', version = d.version + 1`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export interface WriteCosts {
  rows: number;
  /** Seconds per step; null when the step could not run (not a superuser). */
  plain: number | null;
  foreignKeys: number;
  aggregates: number;
  history: number;
}

/**
 * What the write of new values costs, step by step, on the same cells as the import
 * (moved five years later so that they are new): the rows are staged in a temporary table
 * first, then each step runs in a transaction of its own that is rolled back —
 * the insert into data_value alone (foreign-key triggers off: needs a superuser),
 * with its foreign-key checks (aggregation deferred), with the aggregation triggers too,
 * and the history rows the import writes beside them.
 */
export async function writeCosts(db: Db, periods: string[], rows: number): Promise<WriteCosts> {
  const later = periods.map((p) => `${Number(p.slice(0, 4)) + 5}${p.slice(4)}`);
  const rollback = new Error('rollback');
  const timed = async (setup: string | null, statement: ReturnType<typeof sql>): Promise<number | null> => {
    let seconds: number | null = null;
    try {
      await db.transaction().execute(async (trx) => {
        await sql`create temp table bench_write_stage on commit drop as select * from (${importCells(later, rows)}) x`.execute(trx);
        await sql`analyze bench_write_stage`.execute(trx);
        if (setup) await sql.raw(setup).execute(trx);
        const t = performance.now();
        await statement.execute(trx);
        seconds = (performance.now() - t) / 1000;
        throw rollback;
      });
    } catch (e) {
      if (e !== rollback && !(setup?.includes('session_replication_role') && /permission denied/.test(String(e)))) throw e;
    }
    return seconds;
  };
  const insert = sql`
    insert into data_value (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, updated_at, source, version)
    select data_element_id, coc_id, unit_id, period, province_id, v::text, v, now(), 'import', 1 from bench_write_stage`;
  const history = sql`
    insert into data_value_history (data_element_id, coc_id, unit_id, period, old_value, new_value, changed_by, changed_at, source)
    select data_element_id, coc_id, unit_id, period, null, v::text, (select min(id) from app_user), now(), 'import' from bench_write_stage`;
  return {
    rows,
    plain: await timed('set local session_replication_role = replica', insert),
    foreignKeys: (await timed(`set local truongson.defer_aggregates = 'on'`, insert))!,
    aggregates: (await timed(null, insert))!,
    history: (await timed(null, history))!,
  };
}
