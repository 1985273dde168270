// Demo history before the 2025 reorganisation: the 2021 commune reports of the old
// (pre-2025) communes that became the demo communes of Gia Lai and Quảng Ngãi, as if
// imported from the previous reporting system. Each old commune's figure is its share
// of the 2022Q1 figure of the new commune(s) it went into (by the succession weights),
// scaled back by quarter, with a small deterministic variation; averages are carried
// over, not split. Approved, source 'import'. Part of the demo values seed. Shows the pre-2025 hierarchy with real
// rows and the 2025 hierarchy rolling them up through the succession (ADR 0005).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

const QUARTERS: [string, number, string][] = [
  ['2021Q1', 0.82, '2021-04-08T03:00:00Z'],
  ['2021Q2', 0.86, '2021-07-08T03:00:00Z'],
  ['2021Q3', 0.9, '2021-10-08T03:00:00Z'],
  ['2021Q4', 0.94, '2022-01-08T03:00:00Z'],
];

/** Inserts the history inside the demo values' transaction (after their 2022Q1 values); returns the count. */
export async function insertDemoHistory(trx: Kysely<Database>): Promise<number> {
  const rows = await sql<{ n: string }>`
      with q (period, f, at) as (select * from unnest(${QUARTERS.map((q) => q[0])}::text[], ${QUARTERS.map((q) => q[1])}::numeric[], ${QUARTERS.map((q) => q[2])}::timestamptz[])),
      share as (
        select s.old_unit_id, s.new_unit_id, s.weight / sum(s.weight) over (partition by s.new_unit_id) as share
        from org_unit_succession s join org_unit o on o.id = s.old_unit_id and o.kind = 'commune'
      ),
      base as (
        select dv.data_element_id, dv.coc_id, sh.old_unit_id, q.period, q.at, de.aggregation_type, de.value_type,
          dv.numeric_value * q.f * (0.9 + 0.2 * ((hashtext(sh.old_unit_id || ':' || dv.data_element_id || ':' || dv.coc_id || ':' || q.period) & 1023) / 1023.0)) as v,
          sh.share
        from data_value dv
        join data_element de on de.id = dv.data_element_id and de.value_type in ('integer', 'number')
        join share sh on sh.new_unit_id = dv.unit_id
        cross join q
        where dv.period = '2022Q1' and dv.numeric_value is not null
      ),
      old as (
        select b.data_element_id, b.coc_id, b.old_unit_id, b.period, min(b.at) as at,
          case when min(b.aggregation_type) in ('sum', 'last', 'count') then sum(b.v * b.share) else avg(b.v) end as v, min(b.value_type) as value_type
        from base b group by 1, 2, 3, 4
      ),
      ins as (
        insert into data_value (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, updated_at, source, version, approved)
        select o.data_element_id, o.coc_id, o.old_unit_id, o.period, u.province_id, x.v::text, x.v, o.at, 'import', 1, true
        from old o join org_unit u on u.id = o.old_unit_id
        cross join lateral (select case when o.value_type = 'integer' then round(o.v) else round(o.v, 1) end as v) x
        returning data_element_id, coc_id, unit_id, period, value, updated_at)
      insert into data_value_history (data_element_id, coc_id, unit_id, period, old_value, new_value, changed_at, source)
      select data_element_id, coc_id, unit_id, period, null, value, updated_at, 'import' from ins
      returning 1`.execute(trx);
  return rows.rows.length;
}
