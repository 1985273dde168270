// Reading and exporting the audit log (audit.read; national holders see everything,
// others see entries about units in their scope). Every export is itself audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { auditListResponse, auditQuery } from '@shared/schemas/audit.ts';
import { errorResponse } from '@shared/schemas/common.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, hasPermission, requireAuth, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { findAuditEntries, originOf, recordAudit } from './audit.repository.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const VN_OFFSET_MS = 7 * 3600_000;

/** A yyyy-mm-dd calendar day in Vietnam time, as the UTC instant of its midnight. */
const vnDayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);

/** The schema checks the shape only; 2026-13-45 or 2026-02-30 must be refused, not reach SQL. */
function assertRealDays(q: { from?: string; to?: string }): void {
  const fields = (['from', 'to'] as const)
    .filter((k) => {
      const day = q[k];
      if (day === undefined) return false;
      const t = Date.parse(`${day}T00:00:00Z`);
      return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day;
    })
    .map((k) => ({ path: `querystring.${k}`, message: 'yyyy-mm-dd' }));
  if (fields.length > 0) throw new AppError('validation_failed', {}, { fields });
}

function auditScope(auth: AuthContext): string[] | null {
  if (!hasPermission(auth, 'audit.read')) throw notFound();
  return hasNationalPermission(auth, 'audit.read') ? null : scopeRoots(auth, 'audit.read');
}

type Row = Awaited<ReturnType<typeof findAuditEntries>>['rows'][number];
const present = (r: Row) => ({
  id: r.id,
  at: r.at.toISOString(),
  actorUserId: r.actor_user_id,
  actorUsername: r.actor_username,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  unitId: r.unit_id,
  ip: r.ip,
  userAgent: r.user_agent,
  requestId: r.request_id,
  before: r.before,
  after: r.after,
  details: r.details,
});

/** dd/mm/yyyy HH:mm:ss in Vietnam time, for the CSV a Vietnamese auditor opens in Excel. */
function vnDateTime(d: Date): string {
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}:${p(v.getUTCSeconds())}`;
}

export async function auditRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, config } = ctx;

  const query = (auth: AuthContext, q: { from?: string; to?: string; action?: string; actor?: string; targetType?: string }, limit: number, offset: number) => {
    const scope = auditScope(auth);
    assertRealDays(q);
    return findAuditEntries(db, {
      from: q.from ? vnDayStart(q.from) : undefined,
      to: q.to ? new Date(vnDayStart(q.to).getTime() + 86_400_000) : undefined,
      action: q.action,
      actor: q.actor,
      targetType: q.targetType,
      scopeRoots: scope,
      limit,
      offset,
    });
  };

  r.get('/api/audit', { schema: { tags: ['audit'], summary: 'Nhật ký hệ thống (lọc theo thời gian, hành động, người thực hiện)', querystring: auditQuery, response: { 200: auditListResponse, ...errors } } }, async (request) => {
    const auth = requireAuth(request);
    const { rows, hasMore } = await query(auth, request.query, request.query.limit, request.query.offset);
    return { items: rows.map(present), hasMore, retentionDays: config.AUDIT_RETENTION_DAYS };
  });

  r.get('/api/audit/export.csv', { schema: { tags: ['audit'], summary: 'Xuất nhật ký ra CSV (UTF-8, tối đa 100.000 dòng)', querystring: auditQuery.omit({ limit: true, offset: true }) } }, async (request, reply) => {
    const auth = requireAuth(request);
    const { rows } = await query(auth, request.query, 100_000, 0);
    const now = clock.now();
    // Filed under the exporter's scope, so a provincial auditor sees their own exports.
    const scope = auditScope(auth);
    await recordAudit(db, originOf(request, now), { action: 'audit.exported', unitId: scope?.[0] ?? null, details: { filters: request.query, rows: rows.length } });
    const header = ['Thời điểm', 'Người thực hiện', 'Hành động', 'Đối tượng', 'Mã đối tượng', 'Đơn vị', 'Địa chỉ IP', 'Trước', 'Sau', 'Chi tiết', 'Mã yêu cầu'];
    const csv = stringify([
      header,
      ...rows.map((x) => [
        vnDateTime(x.at),
        x.actor_username ?? '',
        x.action,
        x.target_type ?? '',
        x.target_id ?? '',
        x.unit_id ?? '',
        x.ip ?? '',
        x.before == null ? '' : JSON.stringify(x.before),
        x.after == null ? '' : JSON.stringify(x.after),
        x.details == null ? '' : JSON.stringify(x.details),
        x.request_id ?? '',
      ]),
    ]);
    const stamp = new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="nhat-ky-${stamp}.csv"`);
    return `\uFEFF${csv}`;
  });
}
