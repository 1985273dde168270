// SQL for dashboards and their items.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Viewer } from './dashboards.policy.ts';
import { nameMatchSql, readableSql } from './sharing.repository.ts';

export function findDashboard(db: Db, id: string) {
  return db.selectFrom('dashboard').selectAll().where('id', '=', id).executeTakeFirst();
}
export type DashboardRow = NonNullable<Awaited<ReturnType<typeof findDashboard>>>;

export function findPublicDashboard(db: Db, slug: string) {
  return db.selectFrom('dashboard').selectAll().where('slug', '=', slug).where('is_public', '=', true).executeTakeFirst();
}

export async function listDashboards(db: Db, viewer: Viewer, q: { q?: string; all?: boolean; limit: number; offset: number }) {
  let query = db.selectFrom('dashboard as d');
  if (!(q.all && viewer.curator)) query = query.where(readableSql('d', viewer));
  const match = nameMatchSql('d', q.q);
  if (match) query = query.where(match);
  const [rows, total] = await Promise.all([
    query
      .selectAll('d')
      .select((eb) => eb.selectFrom('dashboard_item as i').whereRef('i.dashboard_id', '=', 'd.id').select((e) => e.fn.countAll<string>().as('n')).as('item_count'))
      .orderBy(sql`d.name collate "vi-x-icu"`)
      .orderBy('d.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function dashboardItems(db: Db, dashboardId: string) {
  return db.selectFrom('dashboard_item').selectAll().where('dashboard_id', '=', dashboardId).orderBy('position').execute();
}
export type DashboardItemRow = Awaited<ReturnType<typeof dashboardItems>>[number];

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('dashboard').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

export async function formsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('form').select(['id', 'code']).where('id', 'in', ids).execute();
}
