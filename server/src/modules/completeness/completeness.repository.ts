// SQL for completeness and timeliness: one set-based query per request. Due instants
// are computed by the shared engine (Vietnam time) in completeness.service.ts and handed
// in as arrays, so SQL only compares instants — no date arithmetic here.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { assignedSql } from '../forms/forms.repository.ts';

/** A current unit of the 2025 hierarchy (or the nation, which belongs to both). */
const CURRENT = sql`valid_to is null and hierarchy in ('2025', 'all')`;

export interface CountRow {
  row_id: string;
  code: string;
  name: string;
  kind: string;
  is_total: boolean;
  has_children: boolean;
  due_at: Date | null;
  /** The levels (unit kinds) of the expected units. */
  kinds: string[];
  expected: number;
  submitted: number;
  on_time: number;
  late: number;
  approved: number;
  returned: number;
  overdue: number;
}

/**
 * For the unit and each current child: counts over the assigned current units of its
 * subtree (itself included). `dues` gives the due instant per unit kind; `now` decides overdue.
 */
export async function completenessCounts(db: Kysely<Database>, q: CountQuery): Promise<CountRow[]> {
  const res = await completenessSql(q).execute(db);
  return res.rows.map((r) => ({ ...r, row_id: String(r.row_id), has_children: Boolean(r.has_children) }));
}

export interface CountQuery {
  formId: string;
  period: string;
  unitId: string;
  dues: { kind: string; dueAt: Date }[];
  now: Date;
}

/** The counting query: one pass over the subtree's assigned units, grouped by child with a grand total (grouping sets). */
export function completenessSql(q: CountQuery) {
  const kinds = q.dues.map((d) => d.kind);
  const dues = q.dues.map((d) => d.dueAt.toISOString());
  return sql<CountRow>`
    with due(kind, due_at) as (select * from unnest(${kinds}::text[], ${dues}::timestamptz[])),
    a as (
      -- the expected reports: current units of the subtree assigned the form, with their
      -- submission and the child of the unit they roll up to (null: the unit itself)
      select d.id, d.kind::text as kind, s.state, s.first_submitted_at, due.due_at, cu.depth,
        case when cu.depth = 0 then null
          else (select c2.ancestor_id from org_unit_closure c2 where c2.descendant_id = d.id and c2.depth = cu.depth - 1) end as child_id
      from org_unit d
      join org_unit_closure cu on cu.descendant_id = d.id and cu.ancestor_id = ${q.unitId}::bigint
      left join submission s on s.unit_id = d.id and s.form_id = ${q.formId}::bigint and s.period = ${q.period}
      left join due on due.kind = d.kind::text
      where d.valid_to is null and d.hierarchy in ('2025', 'all')
        and ${assignedSql(sql.val(q.formId), sql.ref('d.id'))}
    ),
    g as (
      select grouping(child_id) = 1 as is_total, child_id,
        bool_or(depth > 0) as below_unit, bool_or(depth > 1) as below_child,
        min(due_at) as due_at,
        array_remove(array_agg(distinct kind), null) as kinds,
        count(*)::int as expected,
        count(*) filter (where state in ('submitted', 'approved'))::int as submitted,
        count(*) filter (where state in ('submitted', 'approved') and first_submitted_at <= due_at)::int as on_time,
        count(*) filter (where state in ('submitted', 'approved') and first_submitted_at > due_at)::int as late,
        count(*) filter (where state = 'approved')::int as approved,
        count(*) filter (where state = 'returned')::int as returned,
        count(*) filter (where (state is null or state in ('draft', 'returned')) and due_at < ${q.now.toISOString()}::timestamptz)::int as overdue
      from a
      group by grouping sets ((child_id), ())
    ),
    r as (
      select id, true as is_total from org_unit where id = ${q.unitId}::bigint
      union all
      select id, false from org_unit where parent_id = ${q.unitId}::bigint and ${CURRENT}
    )
    select r.id::text as row_id, u.code, u.name, u.kind::text as kind, r.is_total,
      coalesce(case when r.is_total then g.below_unit else g.below_child end, false) as has_children, g.due_at, coalesce(g.kinds, '{}') as kinds,
      coalesce(g.expected, 0) as expected, coalesce(g.submitted, 0) as submitted, coalesce(g.on_time, 0) as on_time,
      coalesce(g.late, 0) as late, coalesce(g.approved, 0) as approved, coalesce(g.returned, 0) as returned, coalesce(g.overdue, 0) as overdue
    from r
    join org_unit u on u.id = r.id
    left join g on (r.is_total and g.is_total) or (not r.is_total and not g.is_total and g.child_id = r.id)
    order by r.is_total desc, u.path`;
}

/** The unit's ancestors and itself, from the top. */
export async function unitPath(db: Kysely<Database>, unitId: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_unit as a', 'a.id', 'c.ancestor_id')
    .select(['a.id', 'a.name'])
    .where('c.descendant_id', '=', unitId)
    .orderBy('c.depth', 'desc')
    .execute();
}

export const findCurrentUnit = (db: Kysely<Database>, id: string) =>
  db.selectFrom('org_unit').select(['id', 'kind', 'name', 'valid_to', 'hierarchy']).where('id', '=', id).executeTakeFirst();

export const nationId = async (db: Kysely<Database>) => (await db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').executeTakeFirstOrThrow()).id;

export interface Candidate {
  formId: string;
  period: string;
  kind: string;
  dueAt: Date;
}

export interface AttentionRow {
  list: 'overdue' | 'dueSoon';
  total: number;
  form_id: string;
  form_code: string;
  form_name_vi: string;
  form_name_en: string | null;
  period: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  parent_name: string | null;
  due_at: Date;
  state: 'draft' | 'returned';
}

/**
 * Reports not submitted for the candidate (form, period, unit kind, due instant)
 * tuples, among assigned current units within the roots' subtrees (null: everywhere):
 * due before now → overdue, otherwise due soon. At most `limit` per list, with totals.
 */
export async function attentionRows(db: Kysely<Database>, q: { candidates: Candidate[]; roots: string[] | null; now: Date; limit: number }): Promise<AttentionRow[]> {
  if (q.candidates.length === 0 || (q.roots !== null && q.roots.length === 0)) return [];
  const c = q.candidates;
  const scope = q.roots === null ? sql`true` : sql`exists (select 1 from org_unit_closure sc where sc.descendant_id = u.id and sc.ancestor_id = any(${q.roots}::bigint[]))`;
  const res = await sql<AttentionRow>`
    with cand(form_id, period, kind, due_at) as (
      select * from unnest(${c.map((x) => x.formId)}::bigint[], ${c.map((x) => x.period)}::text[], ${c.map((x) => x.kind)}::text[], ${c.map((x) => x.dueAt.toISOString())}::timestamptz[])
    ),
    x as (
      select case when cand.due_at < ${q.now.toISOString()}::timestamptz then 'overdue' else 'dueSoon' end as list,
        cand.form_id, f.code as form_code, f.name_vi as form_name_vi, f.name_en as form_name_en, cand.period,
        u.id as unit_id, u.code as unit_code, u.name as unit_name, u.path, p.name as parent_name, cand.due_at,
        coalesce(s.state, 'draft') as state
      from cand
      join form f on f.id = cand.form_id
      join org_unit u on u.kind::text = cand.kind and u.valid_to is null and u.hierarchy in ('2025', 'all')
      left join org_unit p on p.id = u.parent_id
      left join submission s on s.form_id = cand.form_id and s.unit_id = u.id and s.period = cand.period
      where (s.state is null or s.state in ('draft', 'returned'))
        and ${scope}
        and ${assignedSql(sql.ref('cand.form_id'), sql.ref('u.id'))}
    ),
    r as (
      select x.*, count(*) over (partition by list)::int as total,
        row_number() over (partition by list order by due_at, path, form_code, period) as rn
      from x
    )
    select list, total, form_id::text, form_code, form_name_vi, form_name_en, period, unit_id::text, unit_code, unit_name, parent_name, due_at, state
    from r where rn <= ${q.limit} order by list, rn`.execute(db);
  return res.rows;
}

/** The due rules of some forms (one per form and unit level). */
export async function dueRules(db: Kysely<Database>, formIds: string[]) {
  if (formIds.length === 0) return [];
  return db.selectFrom('form_due_rule').selectAll().where('form_id', 'in', formIds).execute();
}
