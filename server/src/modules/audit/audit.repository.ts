// The append-only audit log: who did what, when, from where, before → after.
import type { FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | number | null;
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  actor?: { id: string | null; username: string } | null;
}

export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** id is null for an API client (username `api:<consumer key>`, issue 7). */
  actor: { id: string | null; username: string } | null;
  at: Date;
}

export function originOf(request: FastifyRequest, at: Date): AuditOrigin {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    requestId: String(request.id),
    actor: request.auth ? { id: request.auth.user.id, username: request.auth.user.username } : null,
    at,
  };
}

/** Escapes LIKE wildcards so "_" in "auth.login_failed" or a username matches itself. */
const likeEscape = (v: string) => v.replace(/[\\%_]/g, '\\$&');

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The audit row for an entry, for callers that insert it inside a larger statement. */
export function auditRow(origin: AuditOrigin, entry: AuditEntry) {
  const actor = entry.actor === undefined ? origin.actor : entry.actor;
  return {
    at: origin.at,
    actor_user_id: actor?.id ?? null,
    actor_username: actor?.username ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId == null ? null : String(entry.targetId),
    unit_id: entry.unitId ?? null,
    ip: origin.ip,
    user_agent: origin.userAgent,
    request_id: origin.requestId,
    before: json(entry.before),
    after: json(entry.after),
    details: json(entry.details),
  };
}

export async function recordAudit(db: Kysely<Database>, origin: AuditOrigin, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(origin, entry)).execute();
}

export interface AuditQuery {
  from?: Date;
  to?: Date;
  action?: string;
  actor?: string;
  targetType?: string;
  /** null = everything (national scope); otherwise rows whose unit lies in these subtrees. */
  scopeRoots: string[] | null;
  limit: number;
  offset: number;
}

export async function findAuditEntries(db: Kysely<Database>, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.action) query = query.where('action', 'like', `${likeEscape(q.action)}%`);
  if (q.actor) query = query.where(sql<string>`lower(actor_username)`, 'like', `%${likeEscape(q.actor.toLowerCase())}%`);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  const roots = q.scopeRoots;
  if (roots !== null) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('org_unit_closure')
          .select(sql.lit(1).as('one'))
          .whereRef('org_unit_closure.descendant_id', '=', 'audit_log.unit_id')
          .where('org_unit_closure.ancestor_id', 'in', roots.length > 0 ? roots : ['0']),
      ),
    );
  }
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).offset(q.offset).execute();
  return { rows: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
}

/** Retention: remove rows older than the cut-off, inside a transaction that marks the purge. */
export async function purgeAuditBefore(db: Kysely<Database>, cutoff: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('truongson.audit_purge', 'on', true)`.execute(trx);
    const res = await trx.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}
