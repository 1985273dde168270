// Aggregates kept current in the same transaction as every write (ADR 0005).
//
// - agg_edge: where a unit's values count, per hierarchy view. In the 2025 view a 2025
//   unit counts in its strict 2025 ancestors, and a pre-2025 unit counts, through the
//   succession shares, in its successors and their ancestors (an old unit without a
//   successor goes through its nearest ancestor that has one: an old district through
//   its old province). In the pre-2025 view a pre-2025 unit counts in its strict
//   pre-2025 ancestors, and a 2025 unit counts in the old districts and provinces its
//   predecessors lay in (shares normalised per new unit). The nation receives every
//   unit with weight 1 in both views. A unit's own values are never an edge: totals are
//   own values ⊕ agg_value, so agg_value holds only what comes from other units.
// - agg_value: per (view, target unit, period and every enclosing period, element, option
//   combo): Σ weight·value and Σ weight (count), min and max, in double precision (exact
//   for integer sums below 2^53 ≈ 9·10^15); the a_* columns do the
//   same over approved values only. For 'last' elements sum/cnt hold Σ weight·(each
//   source unit's latest value in the period).
// - Statement-level triggers on data_value hand the changed rows (+1 new, −1 old) to
//   agg_apply, which adds the deltas set-based: one save touches a few dozen rows, an
//   import of a million values does one grouped upsert per batch. A bulk loader (seed,
//   benchmark) may set truongson.defer_aggregates = 'on' for its transaction and call
//   rebuild_aggregates() before committing.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table data_value add column approved boolean not null default false;
    update data_value dv set approved = true
    where exists (
      select 1 from submission s join form_element fe on fe.form_id = s.form_id
      where s.unit_id = dv.unit_id and s.period = dv.period and s.state = 'approved' and fe.data_element_id = dv.data_element_id);

    -- The period and every coarser period enclosing it ('2025Q3' → 2025Q3, 2025S2, 2025);
    -- the same nesting as the engine's parentPeriod (shared/src/engine/periods.ts).
    -- The period and every coarser period enclosing it ('2025Q3' → 2025Q3, 2025S2, 2025);
    -- the same nesting as the engine's periodRollups (shared/src/engine/aggregation.ts).
    -- Codes are validated on write, so the shape tells the type (no regular expressions:
    -- this runs for every changed value).
    create function period_rollups(p text) returns text[] language sql immutable parallel safe as $f$
      select case
        when length(p) = 4 then array[p]
        when substr(p, 5, 1) = 'S' then array[p, left(p, 4)]
        when substr(p, 5, 1) = 'Q' then array[p, left(p, 4) || 'S' || ((substr(p, 6, 1)::int + 1) / 2), left(p, 4)]
        when length(p) = 6 then array[p, left(p, 4) || 'Q' || ((substr(p, 5, 2)::int + 2) / 3), left(p, 4) || 'S' || ((substr(p, 5, 2)::int + 5) / 6), left(p, 4)]
        when length(p) = 8 then array[p, left(p, 6), left(p, 4) || 'Q' || ((substr(p, 5, 2)::int + 2) / 3), left(p, 4) || 'S' || ((substr(p, 5, 2)::int + 5) / 6), left(p, 4)]
        else array[p]
      end
    $f$;

    -- The periods of the form types (month and coarser) inside a period, itself included:
    -- the inverse of period_rollups, for index lookups of the values that roll into it.
    create function period_within(p text) returns text[] language sql immutable parallel safe as $f$
      select case
        when length(p) = 4 then array[p, p || 'S1', p || 'S2', p || 'Q1', p || 'Q2', p || 'Q3', p || 'Q4']
          || array(select p || lpad(m::text, 2, '0') from generate_series(1, 12) m)
        when substr(p, 5, 1) = 'S' then array[p, left(p, 4) || 'Q' || (substr(p, 6, 1)::int * 2 - 1), left(p, 4) || 'Q' || (substr(p, 6, 1)::int * 2)]
          || array(select left(p, 4) || lpad(m::text, 2, '0') from generate_series(substr(p, 6, 1)::int * 6 - 5, substr(p, 6, 1)::int * 6) m)
        when substr(p, 5, 1) = 'Q' then array[p]
          || array(select left(p, 4) || lpad(m::text, 2, '0') from generate_series(substr(p, 6, 1)::int * 3 - 2, substr(p, 6, 1)::int * 3) m)
        else array[p]
      end
    $f$;

    -- Orders the periods inside a roll-up for 'last': the latest end first, then the
    -- shortest (a quarter ending 31/12 is later news than the year ending the same day).
    create function period_order(p text) returns text language sql immutable parallel safe as $f$
      select case
        when length(p) = 4 then p || '1231' || '0'
        when substr(p, 5, 1) = 'S' then left(p, 4) || case substr(p, 6, 1) when '1' then '0630' else '1231' end || '1'
        when substr(p, 5, 1) = 'Q' then left(p, 4) || (array['0331', '0630', '0930', '1231'])[substr(p, 6, 1)::int] || '2'
        -- No period ends between a month's last day and its "31st", so the order holds.
        when length(p) = 6 then p || '31' || '3'
        else p || '4'
      end
    $f$;

    create table agg_edge (
      hierarchy text not null check (hierarchy in ('2025', 'pre2025')),
      source_unit_id bigint not null references org_unit(id),
      target_unit_id bigint not null references org_unit(id),
      weight double precision not null check (weight > 0),
      primary key (hierarchy, source_unit_id, target_unit_id)
    );
    create index agg_edge_source_idx on agg_edge (source_unit_id) include (hierarchy, target_unit_id, weight);
    create index agg_edge_target_idx on agg_edge (hierarchy, target_unit_id, source_unit_id);

    create table agg_value (
      hierarchy text not null,
      unit_id bigint not null,
      period text not null,
      data_element_id bigint not null,
      coc_id bigint not null,
      sum double precision not null default 0,
      cnt double precision not null default 0,
      min double precision,
      max double precision,
      a_sum double precision not null default 0,
      a_cnt double precision not null default 0,
      a_min double precision,
      a_max double precision,
      primary key (hierarchy, unit_id, period, data_element_id, coc_id)
    );

    -- Rebuilds the edges of the given source units (all units when null).
    create function refresh_agg_edges(p_units bigint[] default null) returns void language plpgsql as $f$
    begin
      delete from agg_edge where p_units is null or source_unit_id = any(p_units);

      -- Each view's own hierarchy: the strict ancestors (the nation included).
      insert into agg_edge (hierarchy, source_unit_id, target_unit_id, weight)
      select d.hierarchy, c.descendant_id, c.ancestor_id, 1
      from org_unit_closure c join org_unit d on d.id = c.descendant_id
      where d.hierarchy in ('2025', 'pre2025') and c.depth > 0 and (p_units is null or d.id = any(p_units));

      -- The other hierarchy's units count in the nation once, whole.
      insert into agg_edge (hierarchy, source_unit_id, target_unit_id, weight)
      select case d.hierarchy when '2025' then 'pre2025' else '2025' end, d.id, n.id, 1
      from org_unit d cross join org_unit n
      where n.kind = 'nation' and d.hierarchy in ('2025', 'pre2025') and (p_units is null or d.id = any(p_units));

      -- Pre-2025 units into the 2025 view: successors and their ancestors, by share.
      insert into agg_edge (hierarchy, source_unit_id, target_unit_id, weight)
      select '2025', m.unit_id, t.ancestor_id, round(sum(s.share), 6)::float8
      from (
        select distinct on (c.descendant_id) c.descendant_id as unit_id, c.ancestor_id as via
        from org_unit_closure c join org_unit d on d.id = c.descendant_id
        where d.hierarchy = 'pre2025' and (p_units is null or d.id = any(p_units))
          and exists (select 1 from org_unit_succession s where s.old_unit_id = c.ancestor_id)
        order by c.descendant_id, c.depth
      ) m
      join (select old_unit_id, new_unit_id, weight / sum(weight) over (partition by old_unit_id) as share from org_unit_succession) s
        on s.old_unit_id = m.via
      join org_unit_closure t on t.descendant_id = s.new_unit_id
      join org_unit a on a.id = t.ancestor_id and a.kind <> 'nation'
      group by m.unit_id, t.ancestor_id;

      -- 2025 units into the pre-2025 view: the old districts and provinces of their
      -- predecessors (old communes ended on 1/7/2025 and get no later data).
      insert into agg_edge (hierarchy, source_unit_id, target_unit_id, weight)
      select 'pre2025', m.unit_id, t.ancestor_id, round(sum(s.share), 6)::float8
      from (
        select distinct on (c.descendant_id) c.descendant_id as unit_id, c.ancestor_id as via
        from org_unit_closure c join org_unit d on d.id = c.descendant_id
        where d.hierarchy = '2025' and (p_units is null or d.id = any(p_units))
          and exists (select 1 from org_unit_succession s where s.new_unit_id = c.ancestor_id)
        order by c.descendant_id, c.depth
      ) m
      join (select old_unit_id, new_unit_id, weight / sum(weight) over (partition by new_unit_id) as share from org_unit_succession) s
        on s.new_unit_id = m.via
      join org_unit_closure t on t.descendant_id = s.old_unit_id
      join org_unit a on a.id = t.ancestor_id and a.kind in ('province', 'district')
      group by m.unit_id, t.ancestor_id;
    end
    $f$;

    create type agg_change as (data_element_id bigint, coc_id bigint, unit_id bigint, period text, v double precision, approved boolean, sign int);

    -- Adds the effect of changed data values (+1 the new rows, −1 the rows they replaced;
    -- only rows with a numeric value) to every aggregate they count in.
    create function agg_apply(ch agg_change[]) returns void language plpgsql set work_mem = '64MB' as $f$
    declare
      v_additive boolean;
      v_extremes boolean;
      v_last boolean;
    begin
      -- Which of the three steps this change needs (a cell save needs one).
      select bool_or(de.aggregation_type <> 'last'), bool_or(de.aggregation_type in ('min', 'max') and c.sign < 0), bool_or(de.aggregation_type = 'last')
        into v_additive, v_extremes, v_last
      from (select distinct data_element_id, sign from unnest(ch)) c join data_element de on de.id = c.data_element_id;

      if v_additive then
        -- sum, average, count, min, max: additive deltas (min/max only widen here), summed
        -- per source unit and period first, then spread over the targets.
        with c as (select * from unnest(ch)),
        -- roll-up periods once per distinct period, not once per value
        pr as (select d.period, r.p from (select distinct period from c) d cross join lateral unnest(period_rollups(d.period)) r(p)),
        src as (
          select c.unit_id, c.data_element_id, c.coc_id, r.p,
            sum(c.sign * c.v) as s, sum(c.sign)::float8 as n, min(c.v) filter (where c.sign > 0) as mn, max(c.v) filter (where c.sign > 0) as mx,
            coalesce(sum(c.sign * c.v) filter (where c.approved), 0) as a_s, coalesce(sum(c.sign) filter (where c.approved), 0)::float8 as a_n,
            min(c.v) filter (where c.sign > 0 and c.approved) as a_mn, max(c.v) filter (where c.sign > 0 and c.approved) as a_mx
          from c
          join data_element de on de.id = c.data_element_id and de.aggregation_type <> 'last'
          join pr r on r.period = c.period
          group by 1, 2, 3, 4
        )
        insert into agg_value as a (hierarchy, unit_id, period, data_element_id, coc_id, sum, cnt, min, max, a_sum, a_cnt, a_min, a_max)
        select e.hierarchy, e.target_unit_id, s.p, s.data_element_id, s.coc_id,
          sum(e.weight * s.s), sum(e.weight * s.n), min(s.mn), max(s.mx), sum(e.weight * s.a_s), sum(e.weight * s.a_n), min(s.a_mn), max(s.a_mx)
        from src s join agg_edge e on e.source_unit_id = s.unit_id
        group by 1, 2, 3, 4, 5
        on conflict (hierarchy, unit_id, period, data_element_id, coc_id) do update set
          sum = a.sum + excluded.sum, cnt = a.cnt + excluded.cnt,
          min = least(a.min, excluded.min), max = greatest(a.max, excluded.max),
          a_sum = a.a_sum + excluded.a_sum, a_cnt = a.a_cnt + excluded.a_cnt,
          a_min = least(a.a_min, excluded.a_min), a_max = greatest(a.a_max, excluded.a_max);
      end if;

      if v_extremes then
        -- min/max elements: a value that was an extreme went away, so that extreme is
        -- recomputed from the values that remain (only min/max elements, only when the
        -- removed value was the stored minimum or maximum of the target).
        update agg_value a set min = f.mn, max = f.mx, a_min = f.amn, a_max = f.amx
        from (
          select k.hierarchy, k.unit_id, k.period, k.data_element_id, k.coc_id, x.mn, x.mx, x.amn, x.amx
          from (
            select distinct e.hierarchy, e.target_unit_id as unit_id, r.p as period, c.data_element_id, c.coc_id
            from unnest(ch) c
            join data_element de on de.id = c.data_element_id and de.aggregation_type in ('min', 'max')
            join agg_edge e on e.source_unit_id = c.unit_id
            cross join lateral unnest(period_rollups(c.period)) r(p)
            join agg_value cur on cur.hierarchy = e.hierarchy and cur.unit_id = e.target_unit_id and cur.period = r.p
              and cur.data_element_id = c.data_element_id and cur.coc_id = c.coc_id
            where c.sign < 0 and (c.v <= cur.min or c.v >= cur.max or (c.approved and (c.v <= cur.a_min or c.v >= cur.a_max)))
          ) k
          cross join lateral (select period_within(k.period) as within) w
          cross join lateral (
            select min(dv.numeric_value::float8) as mn, max(dv.numeric_value::float8) as mx,
              min(dv.numeric_value::float8) filter (where dv.approved) as amn, max(dv.numeric_value::float8) filter (where dv.approved) as amx
            from agg_edge e2 join data_value dv on dv.unit_id = e2.source_unit_id
            where e2.hierarchy = k.hierarchy and e2.target_unit_id = k.unit_id
              and dv.data_element_id = k.data_element_id and dv.coc_id = k.coc_id
              and dv.period = any(w.within) and dv.numeric_value is not null
          ) x
        ) f
        where a.hierarchy = f.hierarchy and a.unit_id = f.unit_id and a.period = f.period and a.data_element_id = f.data_element_id and a.coc_id = f.coc_id;
      end if;

      if v_last then
        -- 'last' elements: each source unit's latest value in each affected period, before
        -- and after the statement; the difference goes to its targets.
        with lc as (
          select c.* from unnest(ch) c join data_element de on de.id = c.data_element_id and de.aggregation_type = 'last'
        ),
        pr as (select d.period, r.p from (select distinct period from lc) d cross join lateral unnest(period_rollups(d.period)) r(p)),
        keys as (
          select distinct lc.data_element_id, lc.coc_id, lc.unit_id, pr.p from lc join pr on pr.period = lc.period
        ),
        pw as (select distinct p, period_within(p) as within from pr),
        cur as (
          select k.data_element_id, k.coc_id, k.unit_id, k.p, dv.period, dv.numeric_value::float8 as v, dv.approved
          from keys k join pw on pw.p = k.p
          join data_value dv on dv.data_element_id = k.data_element_id and dv.coc_id = k.coc_id and dv.unit_id = k.unit_id
          where dv.period = any(pw.within) and dv.numeric_value is not null
        ),
        pre as (
          select cur.* from cur
          where not exists (
            select 1 from lc where lc.sign > 0 and lc.data_element_id = cur.data_element_id and lc.coc_id = cur.coc_id
              and lc.unit_id = cur.unit_id and lc.period = cur.period)
          union all
          select k.data_element_id, k.coc_id, k.unit_id, k.p, lc.period, lc.v, lc.approved
          from lc join keys k on k.data_element_id = lc.data_element_id and k.coc_id = lc.coc_id and k.unit_id = lc.unit_id
            and (lc.period, k.p) in (select period, p from pr)
          where lc.sign < 0
        ),
        last_now as (
          select distinct on (data_element_id, coc_id, unit_id, p) data_element_id, coc_id, unit_id, p, v
          from cur order by data_element_id, coc_id, unit_id, p, period_order(period) desc
        ),
        last_now_a as (
          select distinct on (data_element_id, coc_id, unit_id, p) data_element_id, coc_id, unit_id, p, v
          from cur where approved order by data_element_id, coc_id, unit_id, p, period_order(period) desc
        ),
        last_pre as (
          select distinct on (data_element_id, coc_id, unit_id, p) data_element_id, coc_id, unit_id, p, v
          from pre order by data_element_id, coc_id, unit_id, p, period_order(period) desc
        ),
        last_pre_a as (
          select distinct on (data_element_id, coc_id, unit_id, p) data_element_id, coc_id, unit_id, p, v
          from pre where approved order by data_element_id, coc_id, unit_id, p, period_order(period) desc
        ),
        delta as (
          select k.data_element_id, k.coc_id, k.unit_id, k.p,
            coalesce(n.v, 0) - coalesce(o.v, 0) as d_sum, (n.v is not null)::int - (o.v is not null)::int as d_cnt,
            coalesce(na.v, 0) - coalesce(oa.v, 0) as da_sum, (na.v is not null)::int - (oa.v is not null)::int as da_cnt
          from keys k
          left join last_now n using (data_element_id, coc_id, unit_id, p)
          left join last_pre o using (data_element_id, coc_id, unit_id, p)
          left join last_now_a na using (data_element_id, coc_id, unit_id, p)
          left join last_pre_a oa using (data_element_id, coc_id, unit_id, p)
        )
        insert into agg_value as a (hierarchy, unit_id, period, data_element_id, coc_id, sum, cnt, a_sum, a_cnt)
        select e.hierarchy, e.target_unit_id, d.p, d.data_element_id, d.coc_id,
          sum(e.weight * d.d_sum), sum(e.weight * d.d_cnt), sum(e.weight * d.da_sum), sum(e.weight * d.da_cnt)
        from delta d join agg_edge e on e.source_unit_id = d.unit_id
        where d.d_sum <> 0 or d.d_cnt <> 0 or d.da_sum <> 0 or d.da_cnt <> 0
        group by 1, 2, 3, 4, 5
        on conflict (hierarchy, unit_id, period, data_element_id, coc_id) do update set
          sum = a.sum + excluded.sum, cnt = a.cnt + excluded.cnt, a_sum = a.a_sum + excluded.a_sum, a_cnt = a.a_cnt + excluded.a_cnt;
      end if;
    end
    $f$;

    create function data_value_agg_insert() returns trigger language plpgsql as $f$
    declare ch agg_change[];
    begin
      if current_setting('truongson.defer_aggregates', true) = 'on' then return null; end if;
      ch := array(select row(n.data_element_id, n.coc_id, n.unit_id, n.period, n.numeric_value::float8, n.approved, 1)::agg_change
                  from new_rows n where n.numeric_value is not null);
      if cardinality(ch) > 0 then perform agg_apply(ch); end if;
      return null;
    end
    $f$;

    -- Only rows whose value or approval changed count; EXCEPT (hashed) finds them without
    -- joining the two transition tables row by row.
    create function data_value_agg_update() returns trigger language plpgsql as $f$
    declare ch agg_change[];
    begin
      if current_setting('truongson.defer_aggregates', true) = 'on' then return null; end if;
      ch := array(
        select row(x.data_element_id, x.coc_id, x.unit_id, x.period, x.numeric_value::float8, x.approved, 1)::agg_change
        from (select data_element_id, coc_id, unit_id, period, numeric_value, approved from new_rows
              except all
              select data_element_id, coc_id, unit_id, period, numeric_value, approved from old_rows) x
        where x.numeric_value is not null
        union all
        select row(x.data_element_id, x.coc_id, x.unit_id, x.period, x.numeric_value::float8, x.approved, -1)::agg_change
        from (select data_element_id, coc_id, unit_id, period, numeric_value, approved from old_rows
              except all
              select data_element_id, coc_id, unit_id, period, numeric_value, approved from new_rows) x
        where x.numeric_value is not null);
      if cardinality(ch) > 0 then perform agg_apply(ch); end if;
      return null;
    end
    $f$;

    create function data_value_agg_delete() returns trigger language plpgsql as $f$
    declare ch agg_change[];
    begin
      if current_setting('truongson.defer_aggregates', true) = 'on' then return null; end if;
      ch := array(select row(o.data_element_id, o.coc_id, o.unit_id, o.period, o.numeric_value::float8, o.approved, -1)::agg_change
                  from old_rows o where o.numeric_value is not null);
      if cardinality(ch) > 0 then perform agg_apply(ch); end if;
      return null;
    end
    $f$;

    -- Recomputes every aggregate from the data values in two set-based statements (the
    -- same results as the triggers — a property test compares them): after a change of
    -- the unit structure, after a bulk load with the triggers deferred, in the benchmark.
    create function rebuild_aggregates() returns bigint language plpgsql set work_mem = '256MB' as $f$
    declare n bigint;
    begin
      truncate agg_value;
      with pr as (select d.period, r.p from (select distinct period from data_value) d cross join lateral unnest(period_rollups(d.period)) r(p)),
      src as (
        select dv.unit_id, dv.data_element_id, dv.coc_id, pr.p,
          sum(v.v) as s, count(*)::float8 as n, min(v.v) as mn, max(v.v) as mx,
          coalesce(sum(v.v) filter (where dv.approved), 0) as a_s, count(*) filter (where dv.approved)::float8 as a_n,
          min(v.v) filter (where dv.approved) as a_mn, max(v.v) filter (where dv.approved) as a_mx
        from data_value dv
        join data_element de on de.id = dv.data_element_id and de.aggregation_type <> 'last'
        join pr on pr.period = dv.period
        cross join lateral (select dv.numeric_value::float8 as v) v
        where dv.numeric_value is not null
        group by 1, 2, 3, 4
      )
      insert into agg_value (hierarchy, unit_id, period, data_element_id, coc_id, sum, cnt, min, max, a_sum, a_cnt, a_min, a_max)
      select e.hierarchy, e.target_unit_id, s.p, s.data_element_id, s.coc_id,
        sum(e.weight * s.s), sum(e.weight * s.n), min(s.mn), max(s.mx), sum(e.weight * s.a_s), sum(e.weight * s.a_n), min(s.a_mn), max(s.a_mx)
      from src s join agg_edge e on e.source_unit_id = s.unit_id
      group by 1, 2, 3, 4, 5;

      with pr as (select d.period, r.p, period_order(d.period) as ord from (select distinct period from data_value) d cross join lateral unnest(period_rollups(d.period)) r(p)),
      vals as (
        select dv.unit_id, dv.data_element_id, dv.coc_id, pr.p, pr.ord, dv.numeric_value::float8 as v, dv.approved
        from data_value dv
        join data_element de on de.id = dv.data_element_id and de.aggregation_type = 'last'
        join pr on pr.period = dv.period
        where dv.numeric_value is not null
      ),
      last_all as (
        select distinct on (unit_id, data_element_id, coc_id, p) unit_id, data_element_id, coc_id, p, v
        from vals order by unit_id, data_element_id, coc_id, p, ord desc
      ),
      last_approved as (
        select distinct on (unit_id, data_element_id, coc_id, p) unit_id, data_element_id, coc_id, p, v
        from vals where approved order by unit_id, data_element_id, coc_id, p, ord desc
      ),
      src as (
        select unit_id, data_element_id, coc_id, p, coalesce(l.v, 0) as s, (l.v is not null)::int as n, coalesce(a.v, 0) as a_s, (a.v is not null)::int as a_n
        from last_all l full join last_approved a using (unit_id, data_element_id, coc_id, p)
      )
      insert into agg_value (hierarchy, unit_id, period, data_element_id, coc_id, sum, cnt, a_sum, a_cnt)
      select e.hierarchy, e.target_unit_id, s.p, s.data_element_id, s.coc_id,
        sum(e.weight * s.s), sum(e.weight * s.n), sum(e.weight * s.a_s), sum(e.weight * s.a_n)
      from src s join agg_edge e on e.source_unit_id = s.unit_id
      group by 1, 2, 3, 4, 5;

      select count(*) into n from agg_value;
      return n;
    end
    $f$;

    -- After a report of (unit, period) is approved or leaves the approved state: its
    -- cells are approved when some approved report of that unit and period holds them.
    create function refresh_value_approval(p_form_id bigint, p_unit_id bigint, p_period text) returns void language sql as $f$
      update data_value dv set approved = x.ok
      from (
        select fe.data_element_id, exists (
          select 1 from submission s join form_element f2 on f2.form_id = s.form_id and f2.data_element_id = fe.data_element_id
          where s.unit_id = p_unit_id and s.period = p_period and s.state = 'approved') as ok
        from form_element fe where fe.form_id = p_form_id
      ) x
      where dv.unit_id = p_unit_id and dv.period = p_period and dv.data_element_id = x.data_element_id and dv.approved <> x.ok;
    $f$;

    select refresh_agg_edges();
    select rebuild_aggregates();

    create trigger data_value_agg_insert after insert on data_value referencing new table as new_rows
      for each statement execute function data_value_agg_insert();
    create trigger data_value_agg_update after update on data_value referencing old table as old_rows new table as new_rows
      for each statement execute function data_value_agg_update();
    create trigger data_value_agg_delete after delete on data_value referencing old table as old_rows
      for each statement execute function data_value_agg_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
