// In-app notifications: one row per recipient, with a kind and the values its message
// template needs (the web app words it in the reader's language), and who to tell.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export interface NewNotification {
  kind: string;
  params: Record<string, string>;
  link: string | null;
}

export async function notifyUsers(db: Kysely<Database>, userIds: string[], n: NewNotification, now: Date): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  await db
    .insertInto('notification')
    .values(ids.map((user_id) => ({ user_id, kind: n.kind, params: JSON.stringify(n.params), link: n.link, created_at: now })))
    .execute();
}

/**
 * Active users holding the permission at the nearest unit strictly above the given
 * one where anybody holds it (the commune's province reviewers, the province's
 * central reviewers).
 */
export async function nearestHoldersAbove(db: Kysely<Database>, unitId: string, permission: string): Promise<string[]> {
  const rows = await sql<{ user_id: string; depth: number }>`
    select ua.user_id, c.depth
    from org_unit_closure c
    join user_assignment ua on ua.unit_id = c.ancestor_id
    join role r on r.id = ua.role_id
    join app_user u on u.id = ua.user_id
    where c.descendant_id = ${unitId} and c.depth > 0 and ${permission} = any(r.permissions) and u.active
    order by c.depth`.execute(db);
  const nearest = rows.rows[0]?.depth;
  return rows.rows.filter((r) => r.depth === nearest).map((r) => String(r.user_id));
}

/** Active users holding the permission through an assignment at exactly this unit. */
export async function holdersAt(db: Kysely<Database>, unitId: string, permission: string): Promise<string[]> {
  const rows = await sql<{ user_id: string }>`
    select distinct ua.user_id from user_assignment ua
    join role r on r.id = ua.role_id
    join app_user u on u.id = ua.user_id
    where ua.unit_id = ${unitId} and ${permission} = any(r.permissions) and u.active`.execute(db);
  return rows.rows.map((r) => String(r.user_id));
}

export async function listNotifications(db: Kysely<Database>, userId: string, opts: { unreadOnly: boolean; limit: number }) {
  let q = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's notification read; false when it is not theirs (or does not exist). */
export async function markRead(db: Kysely<Database>, userId: string, id: string, now: Date): Promise<boolean> {
  const own = await db.selectFrom('notification').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!own) return false;
  await db.updateTable('notification').set({ read_at: now }).where('id', '=', id).where('read_at', 'is', null).execute();
  return true;
}

export async function markAllRead(db: Kysely<Database>, userId: string, now: Date): Promise<number> {
  const r = await db.updateTable('notification').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
