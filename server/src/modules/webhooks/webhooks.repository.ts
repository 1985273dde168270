// SQL for webhook subscriptions and their delivery log.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

const subscriptionSelect = (db: Db) =>
  db
    .selectFrom('webhook_subscription as s')
    .leftJoin('app_user as a', 'a.id', 's.created_by')
    .selectAll('s')
    .select('a.username as created_by_username');

export type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof findSubscription>>>;

export function findSubscription(db: Db, id: string) {
  return subscriptionSelect(db).where('s.id', '=', id).executeTakeFirst();
}

export function listSubscriptions(db: Db) {
  return subscriptionSelect(db).orderBy('s.name').orderBy('s.id').execute();
}

/** Current units by id (closed units cannot be subscribed to). */
export async function liveUnitsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').select(['id', 'code', 'full_name as name']).where('id', 'in', ids).where('valid_to', 'is', null).execute();
}

export async function formsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('form').select(['id', 'code', 'name_vi as name']).where('id', 'in', ids).execute();
}

export async function clientsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('api_client').select(['id', 'name', 'organisation', 'unit_ids', 'revoked_at', 'expires_at']).where('id', 'in', ids).execute();
}

/** Units (of `unitIds`) outside every subtree of `roots`. */
export async function unitsOutside(db: Db, unitIds: string[], roots: string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await sql<{ id: string }>`
    select u.id from unnest(${unitIds}::bigint[]) as u(id)
    where not exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.ancestor_id = any (${roots}::bigint[]))`.execute(db);
  return rows.rows.map((r) => String(r.id));
}

export interface DeliveryStats {
  succeeded24h: number;
  failed24h: number;
  pending: number;
  lastSuccessAt: Date | null;
}

export async function deliveryStats(db: Db, ids: string[], since: Date): Promise<Map<string, DeliveryStats>> {
  const map = new Map<string, DeliveryStats>();
  if (ids.length === 0) return map;
  const rows = await sql<{ subscription_id: string; succeeded: string; failed: string; pending: string; last_success: Date | null }>`
    select subscription_id,
      count(*) filter (where state = 'succeeded' and completed_at >= ${since}) as succeeded,
      count(*) filter (where state = 'failed' and completed_at >= ${since}) as failed,
      count(*) filter (where state in ('pending', 'delivering')) as pending,
      max(completed_at) filter (where state = 'succeeded') as last_success
    from webhook_delivery where subscription_id = any (${ids}::bigint[])
    group by subscription_id`.execute(db);
  for (const r of rows.rows) {
    map.set(String(r.subscription_id), { succeeded24h: Number(r.succeeded), failed24h: Number(r.failed), pending: Number(r.pending), lastSuccessAt: r.last_success });
  }
  return map;
}

export function listDeliveries(db: Db, subscriptionId: string, opts: { limit: number; state?: string }) {
  let q = db.selectFrom('webhook_delivery').selectAll().where('subscription_id', '=', subscriptionId);
  if (opts.state) q = q.where('state', '=', opts.state as 'pending');
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export function findDelivery(db: Db, subscriptionId: string, deliveryId: string) {
  return db.selectFrom('webhook_delivery').selectAll().where('subscription_id', '=', subscriptionId).where('id', '=', deliveryId).executeTakeFirst();
}
export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;
