// SQL of the investments module. A year's figures of a work are computed in SQL over the
// whole selection at once: allocated and committed from its capital lines of the year,
// disbursed = the monthly disbursements of those lines up to the as-of month; "behind"
// compares disbursed with allocated × the plan share (the same share for every work of a
// year, computed by the shared engine and handed in).
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { foldVietnamese } from '@shared/text.ts';
import type { Database } from '../../platform/db/schema.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';

type Db = Kysely<Database>;

export interface FigureWindow {
  year: number;
  /** First day of the last month counted (yyyy-mm-01). */
  asOfMonth: string;
  /** The plan curve's share (%) at the as-of date. */
  planShare: number;
}

export interface WorkRow {
  id: string;
  code: string;
  name: string;
  program_item_id: string | null;
  program_code: string | null;
  program_name: string | null;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  province_id: string;
  province_name: string | null;
  lon: number | null;
  lat: number | null;
  investor: string | null;
  start_date: string | null;
  finish_date: string | null;
  stage: 'preparation' | 'construction' | 'completed' | 'settled';
  progress: string;
  total_investment: string | null;
  description: string | null;
  created_at: Date;
  updated_at: Date;
  allocated: string;
  committed: string;
  disbursed: string;
}

/** Per work: the year's allocated, committed and disbursed (to the as-of month). */
function figuresCte(w: FigureWindow): RawBuilder<unknown> {
  return sql`
    select c.work_id, sum(c.allocated) as allocated, sum(c.committed) as committed,
      coalesce(sum((select sum(d.amount) from investment_disbursement d where d.capital_id = c.id and d.month <= ${w.asOfMonth}::date)), 0) as disbursed
    from investment_capital c
    where c.year = ${w.year}
    group by c.work_id`;
}

const WORK_COLUMNS = sql`
  w.id::text, w.code, w.name, w.program_item_id::text, pi.code as program_code, pi.name_vi as program_name,
  w.unit_id::text, u.code as unit_code, u.name as unit_name, w.province_id::text, p.name as province_name,
  w.lon, w.lat, w.investor, w.start_date::text, w.finish_date::text, w.stage, w.progress::text, w.total_investment::text,
  w.description, w.created_at, w.updated_at,
  coalesce(f.allocated, 0)::text as allocated, coalesce(f.committed, 0)::text as committed, coalesce(f.disbursed, 0)::text as disbursed`;

const behindSql = (w: FigureWindow) => sql<boolean>`(coalesce(f.allocated, 0) > 0 and coalesce(f.disbursed, 0) < coalesce(f.allocated, 0) * ${w.planShare}::numeric / 100)`;

export interface WorkFilter {
  roots: string[];
  unit?: string;
  programItem?: string;
  stage?: string;
  q?: string;
  behind?: boolean;
  limit: number;
  offset: number;
}

function whereSql(filter: Omit<WorkFilter, 'limit' | 'offset'>, w: FigureWindow): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [unitInScopeSql(sql.ref('w.unit_id'), filter.roots)];
  if (filter.unit) parts.push(sql`exists (select 1 from org_unit_closure c where c.descendant_id = w.unit_id and c.ancestor_id = ${filter.unit})`);
  if (filter.programItem) {
    parts.push(sql`w.program_item_id in (
      with recursive t(id) as (select ${filter.programItem}::bigint union all select pi2.id from program_item pi2 join t on pi2.parent_id = t.id)
      select id from t)`);
  }
  if (filter.stage) parts.push(sql`w.stage = ${filter.stage}`);
  if (filter.q?.trim()) {
    const term = `%${foldVietnamese(filter.q).replace(/[\\%_]/g, '\\$&')}%`;
    parts.push(sql`(w.name_folded like ${term} or lower(w.code) like ${term} or lower(coalesce(w.investor, '')) like ${`%${filter.q.trim().toLowerCase()}%`})`);
  }
  if (filter.behind) parts.push(behindSql(w));
  return sql.join(parts, sql` and `);
}

export interface WorkListResult {
  rows: (WorkRow & { behind: boolean })[];
  total: number;
  totals: { allocated: string; committed: string; disbursed: string };
}

export async function listWorks(db: Db, filter: WorkFilter, w: FigureWindow): Promise<WorkListResult> {
  if (filter.roots.length === 0) return { rows: [], total: 0, totals: { allocated: '0', committed: '0', disbursed: '0' } };
  const res = await sql<WorkRow & { behind: boolean; total: string; sum_allocated: string; sum_committed: string; sum_disbursed: string }>`
    with f as (${figuresCte(w)})
    select ${WORK_COLUMNS}, ${behindSql(w)} as behind,
      count(*) over ()::text as total,
      sum(coalesce(f.allocated, 0)) over ()::text as sum_allocated,
      sum(coalesce(f.committed, 0)) over ()::text as sum_committed,
      sum(coalesce(f.disbursed, 0)) over ()::text as sum_disbursed
    from investment_work w
    join org_unit u on u.id = w.unit_id
    join org_unit p on p.id = w.province_id
    left join program_item pi on pi.id = w.program_item_id
    left join f on f.work_id = w.id
    where ${whereSql(filter, w)}
    order by p.name collate "vi-x-icu", u.name collate "vi-x-icu", w.name collate "vi-x-icu", w.id
    limit ${filter.limit} offset ${filter.offset}`.execute(db);
  const first = res.rows[0];
  if (!first) {
    // Past the last page the window sums are not there: count separately.
    const totals = await sql<{ total: string; allocated: string; committed: string; disbursed: string }>`
      with f as (${figuresCte(w)})
      select count(*)::text as total, coalesce(sum(f.allocated), 0)::text as allocated, coalesce(sum(f.committed), 0)::text as committed, coalesce(sum(f.disbursed), 0)::text as disbursed
      from investment_work w left join f on f.work_id = w.id where ${whereSql(filter, w)}`.execute(db);
    const t = totals.rows[0]!;
    return { rows: [], total: Number(t.total), totals: { allocated: t.allocated, committed: t.committed, disbursed: t.disbursed } };
  }
  return { rows: res.rows, total: Number(first.total), totals: { allocated: first.sum_allocated, committed: first.sum_committed, disbursed: first.sum_disbursed } };
}

export async function findWork(db: Db, id: string, w: FigureWindow): Promise<WorkRow | undefined> {
  const res = await sql<WorkRow>`
    with f as (${figuresCte(w)})
    select ${WORK_COLUMNS}
    from investment_work w
    join org_unit u on u.id = w.unit_id
    join org_unit p on p.id = w.province_id
    left join program_item pi on pi.id = w.program_item_id
    left join f on f.work_id = w.id
    where w.id = ${id}`.execute(db);
  return res.rows[0];
}

export async function workBrief(db: Db, id: string) {
  return db.selectFrom('investment_work').select(['id', 'code', 'name', 'unit_id', 'province_id']).where('id', '=', id).executeTakeFirst();
}

export interface CapitalRow {
  id: string;
  year: number;
  source: 'central' | 'local' | 'other';
  kind: 'development' | 'recurrent';
  allocated: string;
  committed: string;
}

export async function capitalOf(db: Db, workId: string, year: number): Promise<{ lines: CapitalRow[]; months: { capital_id: string; month: string; amount: string }[] }> {
  const lines = await db.selectFrom('investment_capital').select(['id', 'year', 'source', 'kind', 'allocated', 'committed']).where('work_id', '=', workId).where('year', '=', year).orderBy('source').orderBy('kind').execute();
  const months =
    lines.length === 0
      ? []
      : await db
          .selectFrom('investment_disbursement')
          .select(['capital_id', sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'amount'])
          .where('capital_id', 'in', lines.map((l) => l.id))
          .orderBy('month')
          .execute();
  return { lines, months };
}

export async function capitalYears(db: Db, workId: string): Promise<number[]> {
  const rows = await db.selectFrom('investment_capital').select('year').distinct().where('work_id', '=', workId).orderBy('year').execute();
  return rows.map((r) => r.year);
}

export async function filesOf(db: Db, workId: string) {
  return db
    .selectFrom('investment_file as f')
    .leftJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.kind', 'f.file_name', 'f.content_type', 'f.size', 'f.caption', 'f.uploaded_at', 'u.display_name as uploaded_by'])
    .where('f.work_id', '=', workId)
    .orderBy('f.id')
    .execute();
}

export async function fileContent(db: Db, workId: string, fileId: string) {
  return db.selectFrom('investment_file').select(['id', 'file_name', 'content_type', 'data', 'kind']).where('work_id', '=', workId).where('id', '=', fileId).executeTakeFirst();
}

/** A current (2025) province or commune; null otherwise. */
export async function workUnit(db: Db, unitId: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'kind', 'province_id', 'attributes'])
    .where('id', '=', unitId)
    .where('kind', 'in', ['province', 'commune'])
    .where('hierarchy', '=', '2025')
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

// Reports -------------------------------------------------------------------------------

export interface ReportRowRaw {
  key: string;
  code: string;
  name: string;
  works: string;
  works_behind: string;
  completed: string;
  allocated: string;
  committed: string;
  disbursed: string;
}

/**
 * Figures grouped by project (the top of the work's program item; "—" when none) or by
 * province, over the works in the caller's scope under `unit`, in one statement.
 */
export async function reportRows(db: Db, by: 'project' | 'province', roots: string[], unit: string, w: FigureWindow): Promise<ReportRowRaw[]> {
  if (roots.length === 0) return [];
  const group =
    by === 'project'
      ? sql`coalesce(gp.id, pp.id, pi.id)::text as key, coalesce(gp.code, pp.code, pi.code, '—') as code, coalesce(gp.name_vi, pp.name_vi, pi.name_vi, 'Chưa gắn dự án') as name, coalesce(gp.sort_order, pp.sort_order, pi.sort_order, 1000000) as sort`
      : sql`p.id::text as key, p.code, p.name, 0 as sort`;
  const res = await sql<ReportRowRaw>`
    with f as (${figuresCte(w)}),
    x as (
      select ${group}, w.stage, ${behindSql(w)} as behind,
        coalesce(f.allocated, 0) as allocated, coalesce(f.committed, 0) as committed, coalesce(f.disbursed, 0) as disbursed
      from investment_work w
      join org_unit p on p.id = w.province_id
      left join program_item pi on pi.id = w.program_item_id
      left join program_item pp on pp.id = pi.parent_id
      left join program_item gp on gp.id = pp.parent_id
      left join f on f.work_id = w.id
      where ${unitInScopeSql(sql.ref('w.unit_id'), roots)}
        and exists (select 1 from org_unit_closure c where c.descendant_id = w.unit_id and c.ancestor_id = ${unit})
    )
    select coalesce(key, '') as key, min(code) as code, min(name) as name, count(*)::text as works,
      count(*) filter (where behind)::text as works_behind,
      count(*) filter (where stage in ('completed', 'settled'))::text as completed,
      sum(allocated)::text as allocated, sum(committed)::text as committed, sum(disbursed)::text as disbursed
    from x
    group by key, sort
    order by sort, min(name) collate "vi-x-icu"`.execute(db);
  return res.rows;
}

// Map layer -----------------------------------------------------------------------------

export async function mapWorks(db: Db, roots: string[], unit: string | undefined, w: FigureWindow) {
  if (roots.length === 0) return [];
  const res = await sql<WorkRow & { behind: boolean }>`
    with f as (${figuresCte(w)})
    select ${WORK_COLUMNS}, ${behindSql(w)} as behind
    from investment_work w
    join org_unit u on u.id = w.unit_id
    join org_unit p on p.id = w.province_id
    left join program_item pi on pi.id = w.program_item_id
    left join f on f.work_id = w.id
    where w.lon is not null and ${whereSql({ roots, unit }, w)}
    order by w.id
    limit 20000`.execute(db);
  return res.rows;
}

/**
 * Where to centre the map when picking a work's point in a unit: the unit's recorded
 * point (org_unit.attributes.point, as the maps module keeps it), else its province's,
 * else the middle of the works already placed in the unit, then in its province.
 */
export async function unitCentre(db: Db, unitId: string): Promise<[number, number] | null> {
  const res = await sql<{ lon: number | null; lat: number | null }>`
    with u as (select id, coalesce(province_id, id) as province_id, attributes from org_unit where id = ${unitId}),
    own as (select (u.attributes->'point'->>0)::float8 as lon, (u.attributes->'point'->>1)::float8 as lat, 1 as rank from u where jsonb_typeof(u.attributes->'point') = 'array'),
    prov as (select (p.attributes->'point'->>0)::float8, (p.attributes->'point'->>1)::float8, 3 from u join org_unit p on p.id = u.province_id where jsonb_typeof(p.attributes->'point') = 'array'),
    here as (select avg(w.lon), avg(w.lat), 2 from investment_work w join u on w.unit_id = u.id where w.lon is not null having count(*) > 0),
    around as (select avg(w.lon), avg(w.lat), 4 from investment_work w join u on w.province_id = u.province_id where w.lon is not null having count(*) > 0)
    select lon, lat from (select * from own union all select * from here union all select * from prov union all select * from around) x order by rank limit 1`.execute(db);
  const r = res.rows[0];
  return r && r.lon !== null && r.lat !== null ? [Number(r.lon), Number(r.lat)] : null;
}
