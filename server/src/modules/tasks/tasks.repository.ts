// SQL of the tasks module. Every list, score and report is one statement over the
// caller's whole scope; lateness and the score come from `scoreSql` (the formula of
// shared/src/engine/tasks.ts, with the configured rule joined from task_score_rule).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { foldVietnamese } from '@shared/text.ts';
import type { TaskListQuery, TaskStatusValue } from '@shared/schemas/tasks.ts';
import type { ScoreRule } from '@shared/engine/tasks.ts';
import type { Db } from '../../platform/db/database.ts';
import { mineSql, type TaskAccess, underSql, visibleSql } from './tasks.policy.ts';

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}
export interface UserRef {
  id: string;
  displayName: string;
}

export interface TaskRow {
  id: string;
  title: string;
  parent_id: string | null;
  plan: { id: string; name: string } | null;
  lead_unit: UnitRef;
  lead_user: UserRef | null;
  assigning_unit: UnitRef;
  cooperating_units: UnitRef[];
  program_item: { id: string; code: string; name: string } | null;
  lead_unit_id: string;
  lead_user_id: string | null;
  assigning_unit_id: string;
  start_date: string;
  due_date: string;
  status: TaskStatusValue;
  progress: number;
  completed_date: string | null;
  quality: number | null;
  late_days: number;
  overdue: boolean;
  score: string | null;
  recurrence_id: string | null;
  subtask_count: number;
  version: number;
}

/**
 * Lateness and score of the task aliased `t` on `today` (Vietnam date), as lateral joins
 * `l(late_days)` and `s(score)`; the rule is `r` (task_score_rule). Same formula as taskScore().
 */
export function scoreSql(today: string) {
  return sql`
    cross join task_score_rule r
    cross join lateral (
      select case
        when t.status = 'cancelled' then 0
        when t.status = 'done' then greatest(0, t.completed_date - t.due_date)
        else greatest(0, ${today}::date - t.due_date)
      end as late_days
    ) l
    cross join lateral (
      select case
        when t.status = 'cancelled' or (t.status <> 'done' and l.late_days = 0) then null
        else round(case
          when t.quality is null or t.status <> 'done' then tl.points
          else (r.timeliness_weight * tl.points + r.quality_weight * t.quality * 20) / (r.timeliness_weight + r.quality_weight)
        end, 1)
      end as score
      from (select case when l.late_days = 0 then r.on_time_points else greatest(r.late_floor, r.on_time_points - r.late_penalty_per_day * l.late_days) end as points) tl
    ) s`;
}

/** Units are shown by their full name ("Xã Ia Grai", "Tỉnh Gia Lai"). */
const unitJson = (alias: string) => sql.raw(`json_build_object('id', ${alias}.id::text, 'code', ${alias}.code, 'name', ${alias}.full_name)`);

/** The summary rows of the tasks matching `where` (over alias t), ordered by due day. */
async function selectTasks(db: Db, today: string, where: RawBuilder<SqlBool>, page?: { limit: number; offset: number }): Promise<{ rows: TaskRow[]; total: number }> {
  const res = await sql<TaskRow & { total: string }>`
    select t.id::text, t.title, t.parent_id::text, t.lead_unit_id::text, t.lead_user_id::text, t.assigning_unit_id::text,
      t.start_date, t.due_date, t.status, t.progress, t.completed_date, t.quality, t.recurrence_id::text, t.version,
      l.late_days, (t.status not in ('done', 'cancelled') and t.due_date < ${today}::date) as overdue, s.score::text as score,
      case when p.id is null then null else json_build_object('id', p.id::text, 'name', p.name) end as plan,
      ${unitJson('lu')} as lead_unit, ${unitJson('au')} as assigning_unit,
      case when us.id is null then null else json_build_object('id', us.id::text, 'displayName', us.display_name) end as lead_user,
      case when pi.id is null then null else json_build_object('id', pi.id::text, 'code', pi.code, 'name', pi.name_vi) end as program_item,
      coalesce((select json_agg(json_build_object('id', cu.id::text, 'code', cu.code, 'name', cu.full_name) order by cu.name collate "vi-x-icu")
        from task_cooperating_unit c join org_unit cu on cu.id = c.unit_id where c.task_id = t.id), '[]'::json) as cooperating_units,
      (select count(*)::int from task st where st.parent_id = t.id) as subtask_count,
      count(*) over () as total
    from task t
    join org_unit lu on lu.id = t.lead_unit_id
    join org_unit au on au.id = t.assigning_unit_id
    left join app_user us on us.id = t.lead_user_id
    left join task_plan p on p.id = t.plan_id
    left join program_item pi on pi.id = t.program_item_id
    ${scoreSql(today)}
    where ${where}
    order by t.due_date, t.id
    ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`.execute(db);
  return { rows: res.rows, total: Number(res.rows[0]?.total ?? 0) };
}

/** Open (not done, not cancelled). */
const openSql = sql<SqlBool>`t.status not in ('done', 'cancelled')`;

export function listWhere(access: TaskAccess, q: Partial<TaskListQuery>, today: string): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [visibleSql(access)];
  if (q.view === 'mine') parts.push(mineSql(access));
  if (q.view === 'overdue') parts.push(sql<SqlBool>`${openSql} and t.due_date < ${today}::date`);
  if (q.view === 'due_soon') parts.push(sql<SqlBool>`${openSql} and t.due_date between ${today}::date and ${today}::date + ${q.days ?? 7}::int`);
  if (q.unitId) parts.push(underSql(sql.ref('t.lead_unit_id'), [q.unitId]));
  if (q.programItemId) {
    parts.push(sql<SqlBool>`t.program_item_id in (
      with recursive below(id) as (select ${q.programItemId}::bigint union all select pi.id from program_item pi join below b on pi.parent_id = b.id)
      select id from below)`);
  }
  if (q.planId) parts.push(sql<SqlBool>`t.plan_id = ${q.planId}`);
  if (q.status) parts.push(sql<SqlBool>`t.status = ${q.status}`);
  if (q.q && foldVietnamese(q.q)) parts.push(sql<SqlBool>`t.title_folded like ${`%${foldVietnamese(q.q)}%`}`);
  if (q.from) parts.push(sql<SqlBool>`t.due_date >= ${q.from}::date`);
  if (q.to) parts.push(sql<SqlBool>`t.start_date <= ${q.to}::date`);
  if (q.topLevel === 'true') parts.push(sql<SqlBool>`t.parent_id is null`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

export function listTasks(db: Db, access: TaskAccess, q: TaskListQuery, today: string) {
  return selectTasks(db, today, listWhere(access, q, today), { limit: q.limit, offset: q.offset });
}

export async function taskCounts(db: Db, access: TaskAccess, today: string, days: number) {
  const row = await sql<{ mine: number; due_soon: number; overdue: number }>`
    select
      count(*) filter (where ${mineSql(access)})::int as mine,
      count(*) filter (where t.due_date between ${today}::date and ${today}::date + ${days}::int)::int as due_soon,
      count(*) filter (where t.due_date < ${today}::date)::int as overdue
    from task t
    where ${visibleSql(access)} and ${openSql}`.execute(db);
  const r = row.rows[0]!;
  return { mine: r.mine, dueSoon: r.due_soon, overdue: r.overdue, days };
}

export async function taskById(db: Db, today: string, id: string): Promise<TaskRow | undefined> {
  return (await selectTasks(db, today, sql<SqlBool>`t.id = ${id}`)).rows[0];
}

export function subtasks(db: Db, access: TaskAccess, today: string, parentId: string) {
  return selectTasks(db, today, sql<SqlBool>`t.parent_id = ${parentId} and ${visibleSql(access)}`);
}

export function reportRows(db: Db, access: TaskAccess, today: string, q: { unitId: string; from: string; to: string; planId?: string }) {
  return selectTasks(db, today, listWhere(access, { unitId: q.unitId, from: q.from, to: q.to, planId: q.planId }, today));
}

/** The bare row, for the policy and the commands. */
export function findTask(db: Db, id: string) {
  return db.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirst();
}
export type TaskRecord = NonNullable<Awaited<ReturnType<typeof findTask>>>;

export async function taskExtras(db: Db, id: string) {
  const [comments, attachments, names] = await Promise.all([
    db
      .selectFrom('task_comment as c')
      .leftJoin('app_user as u', 'u.id', 'c.author_id')
      .select(['c.id', 'c.body', 'c.created_at', 'u.id as author_id', 'u.display_name as author_name'])
      .where('c.task_id', '=', id)
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('task_attachment as a')
      .leftJoin('app_user as u', 'u.id', 'a.uploaded_by')
      .select(['a.id', 'a.file_name', 'a.content_type', 'a.size', 'a.created_at', 'u.id as user_id', 'u.display_name as user_name'])
      .where('a.task_id', '=', id)
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute(),
    sql<{ description: string | null; deliverables: string | null; quality_note: string | null; created_at: Date; updated_at: Date; rated_id: string | null; rated_name: string | null; created_id: string | null; created_name: string | null; parent_id: string | null; parent_title: string | null }>`
      select t.description, t.deliverables, t.quality_note, t.created_at, t.updated_at,
        r.id::text as rated_id, r.display_name as rated_name, c.id::text as created_id, c.display_name as created_name,
        p.id::text as parent_id, p.title as parent_title
      from task t left join app_user r on r.id = t.rated_by left join app_user c on c.id = t.created_by left join task p on p.id = t.parent_id
      where t.id = ${id}`.execute(db),
  ]);
  return { comments, attachments, more: names.rows[0]! };
}

export async function scoreRule(db: Db): Promise<ScoreRule & { updatedAt: Date | null }> {
  const r = await db.selectFrom('task_score_rule').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return {
    onTimePoints: Number(r.on_time_points),
    latePenaltyPerDay: Number(r.late_penalty_per_day),
    lateFloor: Number(r.late_floor),
    timelinessWeight: Number(r.timeliness_weight),
    qualityWeight: Number(r.quality_weight),
    updatedAt: r.updated_at,
  };
}

export interface UnitScoreRow {
  rank: number;
  unit_id: string;
  code: string;
  name: string;
  tasks: number;
  scored: number;
  done: number;
  on_time: number;
  late: number;
  overdue_open: number;
  average_score: string | null;
  average_quality: string | null;
}

/**
 * Score per lead unit for tasks due in [from, to] within the unit's subtree and the caller's
 * visibility, ranked by the average score (units without a scored task last). One statement.
 */
export async function unitScores(db: Db, access: TaskAccess, today: string, q: { unitId: string; from: string; to: string; planId?: string }): Promise<UnitScoreRow[]> {
  const res = await sql<UnitScoreRow>`
    with scoped as (
      select t.lead_unit_id, t.status, t.quality, t.due_date, l.late_days, s.score
      from task t ${scoreSql(today)}
      where ${visibleSql(access)} and ${underSql(sql.ref('t.lead_unit_id'), [q.unitId])}
        and t.due_date between ${q.from}::date and ${q.to}::date and t.status <> 'cancelled'
        ${q.planId ? sql`and t.plan_id = ${q.planId}` : sql``}
    ),
    agg as (
      select lead_unit_id, count(*)::int as tasks, count(score)::int as scored,
        count(*) filter (where status = 'done')::int as done,
        count(*) filter (where status = 'done' and late_days = 0)::int as on_time,
        count(*) filter (where status = 'done' and late_days > 0)::int as late,
        count(*) filter (where status <> 'done' and due_date < ${today}::date)::int as overdue_open,
        round(avg(score), 1) as average_score,
        round(avg(quality) filter (where status = 'done'), 1) as average_quality
      from scoped group by lead_unit_id
    )
    select (rank() over (order by a.average_score desc nulls last))::int as rank, u.id::text as unit_id, u.code, u.full_name as name,
      a.tasks, a.scored, a.done, a.on_time, a.late, a.overdue_open, a.average_score::text, a.average_quality::text
    from agg a join org_unit u on u.id = a.lead_unit_id
    order by rank, u.name collate "vi-x-icu"`.execute(db);
  return res.rows;
}

export async function unitRefs(db: Db, ids: string[]): Promise<Map<string, UnitRef & { valid: boolean; kind: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('org_unit').select(['id', 'code', 'full_name', 'kind', 'valid_to']).where('id', 'in', ids).execute();
  return new Map(rows.map((u) => [u.id, { id: u.id, code: u.code, name: u.full_name, kind: u.kind, valid: u.valid_to === null }]));
}

/** Units among `ids` that lie under one of the caller's units (any assignment) or above one: reachable for reports. */
export async function reachableUnit(db: Db, access: TaskAccess, unitId: string): Promise<boolean> {
  const roots = [...new Set([...access.ownUnits, ...access.manageRoots])];
  if (roots.length === 0) return false;
  const row = await db.selectFrom('org_unit_closure').select('descendant_id').where('descendant_id', '=', unitId).where('ancestor_id', 'in', roots).executeTakeFirst();
  return row !== undefined;
}

/** Active users holding an assignment at the unit (the lead person must be one). */
export async function usersOfUnit(db: Db, unitId: string) {
  return db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.display_name'])
    .where((eb) => eb.exists(eb.selectFrom('user_assignment as a').select('a.id').whereRef('a.user_id', '=', 'u.id').where('a.unit_id', '=', unitId)))
    .where('u.active', '=', true)
    .orderBy(sql`u.display_name collate "vi-x-icu"`)
    .execute();
}

/** Plans the caller can see: of a unit under or above one of their units. */
export async function listPlans(db: Db, access: TaskAccess) {
  const roots = [...new Set([...access.ownUnits, ...access.manageRoots])];
  if (roots.length === 0) return [];
  const res = await sql<{ id: string; name: string; description: string | null; year: number | null; unit_id: string; code: string; unit_name: string; created_at: Date; task_count: number; done_count: number }>`
    select p.id::text, p.name, p.description, p.year, u.id::text as unit_id, u.code, u.full_name as unit_name, p.created_at,
      (select count(*)::int from task t where t.plan_id = p.id) as task_count,
      (select count(*)::int from task t where t.plan_id = p.id and t.status = 'done') as done_count
    from task_plan p join org_unit u on u.id = p.unit_id
    where exists (select 1 from org_unit_closure c where (c.descendant_id = p.unit_id and c.ancestor_id = any(${roots}::bigint[])) or (c.ancestor_id = p.unit_id and c.descendant_id = any(${roots}::bigint[])))
    order by p.year desc nulls last, p.name collate "vi-x-icu"`.execute(db);
  return res.rows;
}

export async function listRecurrences(db: Db, access: TaskAccess) {
  const res = await sql<{
    id: string; title: string; frequency: 'yearly' | 'quarterly' | 'monthly'; due_month: number | null; due_day: number | null; days_after: number | null; lead_days: number;
    starts_on: string; ends_on: string | null; active: boolean; lead_unit_id: string; code: string; unit_name: string; assigning_unit_id: string;
    lead_user_id: string | null; lead_user_name: string | null; plan_id: string | null; plan_name: string | null; generated: number; last_occurrence: string | null;
  }>`
    select t.id::text, t.title, t.frequency, t.due_month, t.due_day, t.days_after, t.lead_days, t.starts_on, t.ends_on, t.active,
      u.id::text as lead_unit_id, u.code, u.full_name as unit_name, t.assigning_unit_id::text, us.id::text as lead_user_id, us.display_name as lead_user_name,
      p.id::text as plan_id, p.name as plan_name,
      (select count(*)::int from task x where x.recurrence_id = t.id) as generated,
      (select max(x.occurrence) from task x where x.recurrence_id = t.id) as last_occurrence
    from task_recurrence t join org_unit u on u.id = t.lead_unit_id
    left join app_user us on us.id = t.lead_user_id left join task_plan p on p.id = t.plan_id
    where t.lead_unit_id = any(${access.ownUnits}::bigint[]) or ${underSql(sql.ref('t.lead_unit_id'), access.manageRoots)} or ${underSql(sql.ref('t.assigning_unit_id'), access.manageRoots)}
    order by t.title collate "vi-x-icu", t.id`.execute(db);
  return res.rows;
}
