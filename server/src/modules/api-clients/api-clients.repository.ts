// SQL for API clients, their secrets and the access tokens issued to them.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from './credentials.ts';

type Db = Kysely<Database>;

/** text[] → cidr[]; the inet step clears host bits ("10.0.0.1/8" becomes 10.0.0.0/8). */
export const cidrArray = (ranges: string[] | null | undefined) => (ranges && ranges.length > 0 ? sql<string[]>`cast(cast(${ranges} as text[]) as inet[])::cidr[]` : null);

const clientColumns = [
  'c.id',
  'c.consumer_key',
  'c.name',
  'c.organisation',
  'c.contact',
  'c.scopes',
  'c.unit_ids',
  'c.expires_at',
  'c.revoked_at',
  'c.created_at',
  'c.updated_at',
  'c.rate_limit_per_minute',
] as const;

function clientQuery(db: Db) {
  return db
    .selectFrom('api_client as c')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .select(clientColumns)
    .select(sql<string[] | null>`c.ip_allow_list::text[]`.as('ip_allow_list'))
    .select('u.username as created_by_username');
}

export type ApiClientRow = Awaited<ReturnType<ReturnType<typeof clientQuery>['executeTakeFirstOrThrow']>>;

export async function listClients(db: Db): Promise<ApiClientRow[]> {
  return clientQuery(db).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').execute();
}

export async function findClient(db: Db, id: string): Promise<ApiClientRow | undefined> {
  return clientQuery(db).where('c.id', '=', id).executeTakeFirst();
}

/** Secrets that still work at `now` (the current one, and the previous one during an overlap). */
export async function liveSecrets(db: Db, clientIds: string[], now: Date) {
  if (clientIds.length === 0) return [];
  return db
    .selectFrom('api_client_secret')
    .select(['id', 'client_id', 'created_at', 'valid_until'])
    .where('client_id', 'in', clientIds)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function unitsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
}

/**
 * The client a consumer key and secret identify, with why it may not authenticate:
 * one query, the secret matched by digest among the live ones.
 */
export async function authenticateClient(db: Db, consumerKey: string, secret: string, now: Date, ip: string | null) {
  const row = await db
    .selectFrom('api_client as c')
    .select(['c.id', 'c.consumer_key', 'c.scopes', 'c.unit_ids', 'c.expires_at', 'c.revoked_at'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('api_client_secret as s')
            .select('s.id')
            .whereRef('s.client_id', '=', 'c.id')
            .where('s.secret_hash', '=', digest(secret))
            .where((w) => w.or([w('s.valid_until', 'is', null), w('s.valid_until', '>', now)])),
        )
        .as('secret_ok'),
    )
    .select(sql<boolean>`(c.ip_allow_list is null or cast(${ip ?? '0.0.0.0'} as inet) <<= any(c.ip_allow_list))`.as('ip_ok'))
    .where('c.consumer_key', '=', consumerKey)
    .executeTakeFirst();
  if (!row) return { ok: false as const, reason: 'unknown_client' as const, clientId: null };
  const reason = !row.secret_ok
    ? ('wrong_secret' as const)
    : row.revoked_at
      ? ('revoked' as const)
      : row.expires_at && row.expires_at <= now
        ? ('expired' as const)
        : !row.ip_ok
          ? ('ip_not_allowed' as const)
          : null;
  if (reason) return { ok: false as const, reason, clientId: row.id };
  return { ok: true as const, client: { id: row.id, consumerKey: row.consumer_key, scopes: row.scopes, unitIds: row.unit_ids } };
}

/** Failed client authentications from an address since `since` (the token endpoint's rate limit). */
export async function countAuthFailures(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'oauth.client_auth_failed')
    .where('at', '>=', since)
    .where('ip', '=', ip)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A token by its value, with its client's state: what introspection and bearer checks need. */
export async function findToken(db: Db, token: string, ip: string | null = null) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('api_client as c', 'c.id', 't.client_id')
    .select(['t.id', 't.client_id', 't.scopes', 't.issued_at', 't.expires_at', 't.revoked_at', 'c.consumer_key', 'c.unit_ids', 'c.revoked_at as client_revoked_at', 'c.expires_at as client_expires_at', 'c.scopes as client_scopes', 'c.rate_limit_per_minute'])
    // No address given (introspection by the owner): the allow-list does not apply.
    .select(sql<boolean>`(${ip}::text is null or c.ip_allow_list is null or cast(${ip} as inet) <<= any(c.ip_allow_list))`.as('ip_ok'))
    .where('t.token_hash', '=', digest(token))
    .executeTakeFirst();
}

export type TokenRow = NonNullable<Awaited<ReturnType<typeof findToken>>>;

/** Whether a token is usable at `now`: not expired, not revoked, its client neither revoked nor expired. */
export const tokenActive = (t: TokenRow, now: Date): boolean =>
  !t.revoked_at && t.expires_at > now && !t.client_revoked_at && !(t.client_expires_at && t.client_expires_at <= now);

export interface ClientUsage {
  client_id: string;
  calls: number;
  errors: number;
  last_call_at: Date | null;
}

/** Calls and errors (status ≥ 400) per client since `since`, and each client's last call ever. */
export async function usageByClients(db: Db, clientIds: string[], since: Date): Promise<Map<string, ClientUsage>> {
  if (clientIds.length === 0) return new Map();
  const rows = await sql<{ client_id: string; calls: string; errors: string; last_call_at: Date | null }>`
    select c.id as client_id, w.calls, w.errors, l.at as last_call_at
    from unnest(${clientIds}::bigint[]) as c(id)
    cross join lateral (
      select count(*) as calls, count(*) filter (where status >= 400) as errors
      from api_call where client_id = c.id and at >= ${since}) w
    left join lateral (select at from api_call where client_id = c.id order by at desc limit 1) l on true`.execute(db);
  return new Map(rows.rows.map((r) => [String(r.client_id), { client_id: String(r.client_id), calls: Number(r.calls), errors: Number(r.errors), last_call_at: r.last_call_at }]));
}

/** Per route (and overall, route null) since `since`: calls, errors, p95 of the duration. */
export async function callStats(db: Db, clientId: string, since: Date) {
  const rows = await sql<{ method: string | null; route: string | null; calls: string; errors: string; p95: number | null }>`
    select method, route, count(*) as calls, count(*) filter (where status >= 400) as errors,
      percentile_cont(0.95) within group (order by duration_ms) as p95
    from api_call where client_id = ${clientId} and at >= ${since}
    group by grouping sets ((method, route), ())
    order by count(*) desc, route`.execute(db);
  return rows.rows.map((r) => ({ method: r.method, route: r.route, calls: Number(r.calls), errors: Number(r.errors), p95Ms: r.p95 === null ? null : Math.round(Number(r.p95) * 10) / 10 }));
}

export async function recentCalls(db: Db, clientId: string, opts: { limit: number; errorsOnly: boolean }) {
  let q = db.selectFrom('api_call').selectAll().where('client_id', '=', clientId);
  if (opts.errorsOnly) q = q.where('status', '>=', 400);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}
