// Faster aggregate writes and reads (issue 4, measured with `npm run bench -- national`):
//
// - agg_value keeps a quarter of each page free (fillfactor 75), so the upsert that adds a
//   delta to an existing total is a HOT update: no new index entry, the row stays on its
//   page.
// - rebuild_aggregates() writes agg_value in primary-key order with the key's index
//   dropped and built again afterwards (one sort instead of one index insertion per row),
//   so the totals a report reads — one unit and period, every element — sit on a few
//   neighbouring pages instead of one page each.
// - agg_apply() recomputes the min/max totals a change removed the extreme of in one pass
//   when there are many (an import that changes values): the values of the affected
//   (element, combo) pairs, spread over the edges, then kept for the affected targets — in
//   that order, forced by materialised steps; the per-target lookups stay for a few (a cell
//   save). Before, 60 000 changed values spent 15 s there (0.4 s after). It also gets
//   256 MB of work memory, so a large batch is grouped in memory rather than sorted on disk
//   (60 000 changed values: 28 s → 8 s; 100 000 new ones: 21 s → 16 s, at scale 0.1).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table agg_value set (fillfactor = 75);

    create type agg_key as (hierarchy text, unit_id bigint, period text, data_element_id bigint, coc_id bigint);

    create or replace function agg_apply(ch agg_change[]) returns void language plpgsql set work_mem = '256MB' as $f$
    declare
      v_additive boolean;
      v_extremes boolean;
      v_last boolean;
      v_keys agg_key[];
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
        select array_agg(distinct row(e.hierarchy, e.target_unit_id, r.p, c.data_element_id, c.coc_id)::agg_key)
          into v_keys
        from unnest(ch) c
        join data_element de on de.id = c.data_element_id and de.aggregation_type in ('min', 'max')
        join agg_edge e on e.source_unit_id = c.unit_id
        cross join lateral unnest(period_rollups(c.period)) r(p)
        join agg_value cur on cur.hierarchy = e.hierarchy and cur.unit_id = e.target_unit_id and cur.period = r.p
          and cur.data_element_id = c.data_element_id and cur.coc_id = c.coc_id
        where c.sign < 0 and (c.v <= cur.min or c.v >= cur.max or (c.approved and (c.v <= cur.a_min or c.v >= cur.a_max)));

        -- (truongson.agg_bulk_recompute_from: from how many targets the one-pass way is taken;
        -- the property test sets 0 to check it on small trees.)
        if cardinality(v_keys) < coalesce(nullif(current_setting('truongson.agg_bulk_recompute_from', true), '')::int, 64) then
          -- A few targets (a cell save): each one's remaining values by index lookups.
          update agg_value a set min = f.mn, max = f.mx, a_min = f.amn, a_max = f.amx
          from (
            select k.hierarchy, k.unit_id, k.period, k.data_element_id, k.coc_id, x.mn, x.mx, x.amn, x.amx
            from unnest(v_keys) k
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
        elsif cardinality(v_keys) > 0 then
          -- Many targets (an import that changes values): one pass over the values of the
          -- affected elements in the affected periods, spread over the edges and grouped,
          -- instead of one scan of every source per target (the nation has them all).
          update agg_value a set min = f.mn, max = f.mx, a_min = f.amn, a_max = f.amx
          from (
            with k as materialized (select * from unnest(v_keys)),
            kw as materialized (select d.period, w.p from (select distinct period from k) d cross join lateral unnest(period_within(d.period)) w(p)),
            -- the values of the affected (element, combo) pairs in the affected periods, by the primary key's prefix
            vals as materialized (
              select dv.unit_id, kw.period, dv.data_element_id, dv.coc_id, dv.numeric_value::float8 as v, dv.approved
              from (select distinct data_element_id, coc_id from k) kd
              join data_value dv on dv.data_element_id = kd.data_element_id and dv.coc_id = kd.coc_id
              join kw on kw.p = dv.period
              where dv.numeric_value is not null
            ),
            -- spread over the edges first, then keep the affected targets (this order, not the planner's)
            spread as materialized (
              select e.hierarchy, e.target_unit_id as unit_id, vals.period, vals.data_element_id, vals.coc_id, vals.v, vals.approved
              from vals join agg_edge e on e.source_unit_id = vals.unit_id
            ),
            x as (
              select s.hierarchy, s.unit_id, s.period, s.data_element_id, s.coc_id,
                min(s.v) as mn, max(s.v) as mx, min(s.v) filter (where s.approved) as amn, max(s.v) filter (where s.approved) as amx
              from spread s join k using (hierarchy, unit_id, period, data_element_id, coc_id)
              group by 1, 2, 3, 4, 5
            )
            select k.hierarchy, k.unit_id, k.period, k.data_element_id, k.coc_id, x.mn, x.mx, x.amn, x.amx
            from k left join x using (hierarchy, unit_id, period, data_element_id, coc_id)
          ) f
          where a.hierarchy = f.hierarchy and a.unit_id = f.unit_id and a.period = f.period and a.data_element_id = f.data_element_id and a.coc_id = f.coc_id;
        end if;
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

    -- Recomputes every aggregate from the data values (the same results as the triggers —
    -- a property test compares them): after a change of the unit structure, after a bulk
    -- load with the triggers deferred, in the benchmark. One insert in key order into the
    -- emptied table without its index, then the index.
    create or replace function rebuild_aggregates() returns bigint language plpgsql
      set work_mem = '512MB' set maintenance_work_mem = '512MB' as $f$
    declare n bigint;
    begin
      truncate agg_value;
      alter table agg_value drop constraint agg_value_pkey;
      with pr as (
        select d.period, r.p, period_order(d.period) as ord
        from (select distinct period from data_value) d cross join lateral unnest(period_rollups(d.period)) r(p)
      ),
      -- sum, average, count, min, max: per source unit and period, then over the edges
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
      ),
      -- last: each source unit's latest value in the period (and its latest approved one)
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
      last_src as (
        select unit_id, data_element_id, coc_id, p, coalesce(l.v, 0) as s, (l.v is not null)::int as n, coalesce(a.v, 0) as a_s, (a.v is not null)::int as a_n
        from last_all l full join last_approved a using (unit_id, data_element_id, coc_id, p)
      ),
      totals as (
        select e.hierarchy, e.target_unit_id as unit_id, s.p as period, s.data_element_id, s.coc_id,
          sum(e.weight * s.s) as sum, sum(e.weight * s.n) as cnt, min(s.mn) as min, max(s.mx) as max,
          sum(e.weight * s.a_s) as a_sum, sum(e.weight * s.a_n) as a_cnt, min(s.a_mn) as a_min, max(s.a_mx) as a_max
        from src s join agg_edge e on e.source_unit_id = s.unit_id
        group by 1, 2, 3, 4, 5
        union all
        select e.hierarchy, e.target_unit_id, s.p, s.data_element_id, s.coc_id,
          sum(e.weight * s.s), sum(e.weight * s.n), null, null, sum(e.weight * s.a_s), sum(e.weight * s.a_n), null, null
        from last_src s join agg_edge e on e.source_unit_id = s.unit_id
        group by 1, 2, 3, 4, 5
      )
      insert into agg_value (hierarchy, unit_id, period, data_element_id, coc_id, sum, cnt, min, max, a_sum, a_cnt, a_min, a_max)
      select * from totals order by 1, 2, 3, 4, 5;
      get diagnostics n = row_count;
      alter table agg_value add constraint agg_value_pkey primary key (hierarchy, unit_id, period, data_element_id, coc_id);
      return n;
    end
    $f$;

    select rebuild_aggregates();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
