// Setting, removing and importing targets, each audited in its transaction and filed
// under the unit concerned (so provincial auditors see their province's changes).
// Imports check every row — codes, period, value, and that the caller may set targets
// for that unit — then write all rows or none.
import type { FastifyRequest } from 'fastify';
import { tryParsePeriod } from '@shared/engine/index.ts';
import type { TargetImportReport, TargetInput } from '@shared/schemas/catalog.ts';
import type { ImportRowError } from '@shared/schemas/units.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { commonAncestor } from '../../org-units/org-units.repository.ts';
import { unitsForTargets } from '../catalog.policy.ts';
import type { ParsedTargets } from '../target-import.ts';
import { existingTargets, indicatorsByCode, unitsByCode } from '../targets.repository.ts';
import { fieldError } from './errors.ts';

/** The period as the engine reads it, or a field error with the engine's message. */
export function assertPeriod(request: FastifyRequest, period: string): void {
  const parsed = tryParsePeriod(period);
  if (!parsed.ok) throw fieldError(request, 'body.period', parsed.error.message, parsed.error.messageEn);
}

const sameNumber = (stored: string, value: number) => Number(stored) === value;

export async function setTarget(ctx: AppContext, request: FastifyRequest, input: TargetInput, unit: { id: string }): Promise<{ id: string; created: boolean }> {
  const now = ctx.clock.now();
  const note = input.note === undefined ? undefined : input.note || null;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('target')
      .selectAll()
      .where('indicator_id', '=', input.indicatorId)
      .where('unit_id', '=', unit.id)
      .where('period', '=', input.period)
      .forUpdate()
      .executeTakeFirst();
    const row = await trx
      .insertInto('target')
      .values({ indicator_id: input.indicatorId, unit_id: unit.id, period: input.period, value: input.value, note: note ?? null, updated_by: request.auth?.user.id ?? null, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['indicator_id', 'unit_id', 'period']).doUpdateSet({ value: input.value, ...(note === undefined ? {} : { note }), updated_by: request.auth?.user.id ?? null, updated_at: now }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), {
      action: 'catalog.target.set',
      targetType: 'target',
      targetId: row.id,
      unitId: unit.id,
      before: before ? { value: Number(before.value), note: before.note } : null,
      after: { indicatorId: input.indicatorId, unitId: unit.id, period: input.period, value: Number(row.value), note: row.note },
    });
    return { id: row.id, created: !before };
  });
}

export async function deleteTarget(ctx: AppContext, request: FastifyRequest, target: { id: string; indicator_id: string; unit_id: string; period: string; value: string; note: string | null }): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('target').where('id', '=', target.id).execute();
    await recordAudit(trx, originOf(request, now), {
      action: 'catalog.target.deleted',
      targetType: 'target',
      targetId: target.id,
      unitId: target.unit_id,
      before: { indicatorId: target.indicator_id, unitId: target.unit_id, period: target.period, value: Number(target.value), note: target.note },
    });
  });
}

export async function importTargets(
  ctx: AppContext,
  request: FastifyRequest,
  auth: AuthContext,
  parsed: ParsedTargets,
  opts: { dryRun: boolean; fileName: string | null },
): Promise<TargetImportReport> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const indicators = await indicatorsByCode(trx, parsed.rows.map((r) => r.indicatorCode));
    const units = await unitsByCode(trx, parsed.rows.flatMap((r) => r.unitCandidates));
    const allowed = await unitsForTargets(ctx, auth, [...units.values()].flat());
    const rejected: ImportRowError[] = [...parsed.rejected];
    const resolved: { row: number; indicatorId: string; unitId: string; period: string; value: number; note: string | null }[] = [];
    for (const r of parsed.rows) {
      const errors: ImportRowError[] = [];
      const indicator = indicators.get(r.indicatorCode);
      if (!indicator) errors.push({ row: r.row, field: 'indicator', code: 'unknown_indicator', message: `Không có chỉ số mã "${r.indicatorCode}".`, value: r.indicatorCode });
      // A code that is missing and one the caller may not touch read the same.
      const matches = r.unitCandidates.flatMap((c) => units.get(c) ?? []);
      const usable = matches.filter((u) => allowed.has(u.id));
      if (usable.length === 0) {
        errors.push({ row: r.row, field: 'unit', code: 'unknown_unit', message: `Không tìm thấy đơn vị mã "${r.unitCode}" trong phạm vi bạn được đặt mục tiêu.`, value: r.unitCode });
      } else if (usable.length > 1) {
        errors.push({
          row: r.row,
          field: 'unit',
          code: 'ambiguous_unit_code',
          message: `Mã đơn vị "${r.unitCode}" bị Excel đổi thành số (mất số 0 ở đầu) nên có thể là ${usable.map((u) => `${u.full_name} (${u.code})`).join(' hoặc ')}; hãy định dạng cột là Văn bản và nhập đủ mã.`,
          value: r.unitCode,
        });
      }
      if (errors.length > 0 || !indicator) {
        rejected.push(...errors);
        continue;
      }
      resolved.push({ row: r.row, indicatorId: indicator.id, unitId: usable[0].id, period: r.period, value: r.value, note: r.note });
    }
    // Two rows may name the same unit by different codes ('52' and 52).
    const firstRow = new Map<string, number>();
    for (const r of resolved) {
      const key = `${r.indicatorId}|${r.unitId}|${r.period}`;
      const first = firstRow.get(key);
      if (first !== undefined) rejected.push({ row: r.row, field: 'unit', code: 'duplicate_in_file', message: `Trùng chỉ số, đơn vị và kỳ với dòng ${first}.` });
      else firstRow.set(key, r.row);
    }
    rejected.sort((a, b) => a.row - b.row);

    const stored = await existingTargets(trx, resolved);
    const create = resolved.filter((r) => !stored.has(`${r.indicatorId}|${r.unitId}|${r.period}`));
    const update = resolved.filter((r) => {
      const s = stored.get(`${r.indicatorId}|${r.unitId}|${r.period}`);
      return s !== undefined && (!sameNumber(s.value, r.value) || s.note !== r.note);
    });
    const report: TargetImportReport = {
      dryRun: opts.dryRun,
      total: parsed.total,
      created: create.length,
      updated: update.length,
      unchanged: resolved.length - create.length - update.length,
      rejected,
    };
    if (rejected.length > 0) throw new AppError('import_rejected', {}, { details: report });
    if (opts.dryRun) return report;

    const userId = auth.user.id;
    const changed = [...create, ...update];
    for (let i = 0; i < changed.length; i += 1000) {
      await trx
        .insertInto('target')
        .values(changed.slice(i, i + 1000).map((r) => ({ indicator_id: r.indicatorId, unit_id: r.unitId, period: r.period, value: r.value, note: r.note, updated_by: userId, updated_at: now })))
        .onConflict((oc) =>
          oc.columns(['indicator_id', 'unit_id', 'period']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), note: eb.ref('excluded.note'), updated_by: userId, updated_at: now })),
        )
        .execute();
    }
    await recordAudit(trx, originOf(request, now), {
      action: 'catalog.target.imported',
      targetType: 'target',
      unitId: await commonAncestor(trx, resolved.map((r) => r.unitId)),
      details: {
        fileName: opts.fileName,
        total: report.total,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        changes: changed.map((r) => {
          const s = stored.get(`${r.indicatorId}|${r.unitId}|${r.period}`);
          return { indicatorId: r.indicatorId, unitId: r.unitId, period: r.period, before: s ? { value: Number(s.value), note: s.note } : null, after: { value: r.value, note: r.note } };
        }),
      },
    });
    return report;
  });
}
