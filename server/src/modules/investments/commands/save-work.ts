// Creating, editing and deleting an investment work, each in one transaction with its
// audit entry (before → after). The unit and the program item are checked by the route;
// the province is derived from the unit; a code left out is generated (CT000123).
import { foldVietnamese } from '@shared/text.ts';
import type { WorkBody, WorkPatch } from '@shared/schemas/investments.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { type AuditOrigin, recordAudit } from '../../audit/audit.repository.ts';

type Trx = Kysely<Database>;

export interface WorkSnapshotRow {
  id: string;
  code: string;
  name: string;
  program_item_id: string | null;
  unit_id: string;
  province_id: string;
  lon: number | null;
  lat: number | null;
  investor: string | null;
  start_date: string | null;
  finish_date: string | null;
  stage: string;
  progress: string;
  total_investment: string | null;
  description: string | null;
}

export const snapshot = (w: WorkSnapshotRow) => ({
  code: w.code,
  name: w.name,
  programItemId: w.program_item_id,
  unitId: w.unit_id,
  location: w.lon !== null && w.lat !== null ? [w.lon, w.lat] : null,
  investor: w.investor,
  startDate: w.start_date,
  finishDate: w.finish_date,
  stage: w.stage,
  progress: Number(w.progress),
  totalInvestment: w.total_investment === null ? null : Number(w.total_investment),
  description: w.description,
});

const SNAPSHOT_COLUMNS = ['id', 'code', 'name', 'program_item_id', 'unit_id', 'province_id', 'lon', 'lat', 'investor', sql<string | null>`start_date::text`.as('start_date'), sql<string | null>`finish_date::text`.as('finish_date'), 'stage', 'progress', 'total_investment', 'description'] as const;

export async function loadSnapshot(trx: Trx, id: string): Promise<WorkSnapshotRow | undefined> {
  return trx.selectFrom('investment_work').select([...SNAPSHOT_COLUMNS]).where('id', '=', id).executeTakeFirst() as Promise<WorkSnapshotRow | undefined>;
}

const isCodeTaken = (err: unknown) => (err as { code?: string; constraint?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'investment_work_code_uq';

export async function createWork(ctx: AppContext, origin: AuditOrigin, body: WorkBody, provinceId: string): Promise<string> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('investment_work')
        .values({
          code: body.code ?? sql<string>`'CT' || lpad(nextval('investment_work_code_seq')::text, 6, '0')`,
          name: body.name,
          name_folded: foldVietnamese(body.name),
          program_item_id: body.programItemId ?? null,
          unit_id: body.unitId,
          province_id: provinceId,
          lon: body.location?.[0] ?? null,
          lat: body.location?.[1] ?? null,
          investor: body.investor || null,
          start_date: body.startDate ?? null,
          finish_date: body.finishDate ?? null,
          stage: body.stage,
          progress: body.progress,
          total_investment: body.totalInvestment ?? null,
          description: body.description || null,
          created_by: origin.actor?.id ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = await loadSnapshot(trx, row.id);
      await recordAudit(trx, origin, { action: 'investment.work_created', targetType: 'investment_work', targetId: row.id, unitId: body.unitId, after: snapshot(after!) });
      return row.id;
    });
  } catch (err) {
    if (isCodeTaken(err)) throw new AppError('investment_code_taken', { code: body.code ?? '' });
    throw err;
  }
}

export async function updateWork(ctx: AppContext, origin: AuditOrigin, id: string, patch: WorkPatch, provinceId: string | null): Promise<void> {
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('investment_work').select([...SNAPSHOT_COLUMNS]).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const set: Record<string, unknown> = { updated_at: now };
      if (patch.code !== undefined) set.code = patch.code;
      if (patch.name !== undefined) {
        set.name = patch.name;
        set.name_folded = foldVietnamese(patch.name);
      }
      if (patch.programItemId !== undefined) set.program_item_id = patch.programItemId;
      if (patch.unitId !== undefined) {
        set.unit_id = patch.unitId;
        set.province_id = provinceId;
      }
      if (patch.location !== undefined) {
        set.lon = patch.location?.[0] ?? null;
        set.lat = patch.location?.[1] ?? null;
      }
      if (patch.investor !== undefined) set.investor = patch.investor || null;
      if (patch.startDate !== undefined) set.start_date = patch.startDate;
      if (patch.finishDate !== undefined) set.finish_date = patch.finishDate;
      if (patch.stage !== undefined) set.stage = patch.stage;
      if (patch.progress !== undefined) set.progress = patch.progress;
      if (patch.totalInvestment !== undefined) set.total_investment = patch.totalInvestment;
      if (patch.description !== undefined) set.description = patch.description || null;
      // Dates checked against the stored ones when only one side changes.
      const start = (set.start_date as string | null | undefined) !== undefined ? (set.start_date as string | null) : (before.start_date as string | null);
      const finish = (set.finish_date as string | null | undefined) !== undefined ? (set.finish_date as string | null) : (before.finish_date as string | null);
      if (start && finish && start > finish) throw new AppError('validation_failed', {}, { fields: [{ path: 'body.finishDate', message: 'Ngày hoàn thành phải sau ngày khởi công' }] });
      await trx.updateTable('investment_work').set(set).where('id', '=', id).execute();
      const after = await loadSnapshot(trx, id);
      await recordAudit(trx, origin, { action: 'investment.work_updated', targetType: 'investment_work', targetId: id, unitId: after!.unit_id, before: snapshot(before as WorkSnapshotRow), after: snapshot(after!) });
    });
  } catch (err) {
    if (isCodeTaken(err)) throw new AppError('investment_code_taken', { code: patch.code ?? '' });
    throw err;
  }
}

export async function deleteWork(ctx: AppContext, origin: AuditOrigin, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadSnapshot(trx, id);
    if (!before) return;
    const capital = await trx.selectFrom('investment_capital').select([sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(allocated), 0)::text`.as('allocated')]).where('work_id', '=', id).executeTakeFirstOrThrow();
    await trx.deleteFrom('investment_work').where('id', '=', id).execute();
    await recordAudit(trx, origin, { action: 'investment.work_deleted', targetType: 'investment_work', targetId: id, unitId: before.unit_id, before: snapshot(before), details: { capitalLines: capital.n, allocated: Number(capital.allocated) } });
  });
}
