// Imports a commune's village list: checks every row, then writes all of it in one
// transaction or nothing. Re-importing the same file changes nothing. The commune's
// row is locked while rows are compared and written, so the plan cannot go stale.
import type { FastifyRequest } from 'fastify';
import type { VillageImportReport } from '@shared/schemas/units.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { vietnamDate } from '../dates.ts';
import { findVillagesOf, insertClosureUnder, lockUnit } from '../org-units.repository.ts';
import { importedAttributes, planImport, type ParsedFile } from '../village-import.ts';
import { assertVillageParent, villageFullName, villageNameFolded, villageRow, type VillageParent } from '../villages.ts';

export async function importVillages(
  ctx: AppContext,
  request: FastifyRequest,
  commune: VillageParent,
  parsed: ParsedFile,
  opts: { dryRun: boolean; fileName: string | null },
): Promise<VillageImportReport> {
  assertVillageParent(commune);
  const now = ctx.clock.now();
  // New villages start today (Vietnam time), never before their commune does.
  const today = vietnamDate(now);
  const validFrom = commune.valid_from && today < commune.valid_from ? commune.valid_from : today;
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, commune.id);
    const plan = planImport(parsed.rows, await findVillagesOf(trx, commune.id));
    const rejected = [...parsed.rejected, ...plan.rejected].sort((a, b) => a.row - b.row);
    const report: VillageImportReport = {
      dryRun: opts.dryRun,
      total: parsed.total,
      created: plan.create.length,
      updated: plan.update.length,
      unchanged: plan.unchanged,
      rejected,
    };
    if (rejected.length > 0) throw new AppError('import_rejected', {}, { details: report });
    if (opts.dryRun) return report;

    if (plan.create.length > 0) {
      const values = plan.create.map((r) =>
        villageRow(commune, { code: r.code, name: r.name, type: r.type, validFrom, attributes: importedAttributes(r) }, now),
      );
      const ids: string[] = [];
      for (let i = 0; i < values.length; i += 1000) {
        const inserted = await trx.insertInto('org_unit').values(values.slice(i, i + 1000)).returning('id').execute();
        ids.push(...inserted.map((r) => r.id));
      }
      await insertClosureUnder(trx, commune.id, ids);
    }
    for (const u of plan.update) {
      await trx
        .updateTable('org_unit')
        .set({
          name: u.row.name,
          type: u.row.type,
          full_name: villageFullName(u.row.type, u.row.name),
          name_folded: villageNameFolded(u.row.type, u.row.name),
          attributes: JSON.stringify(u.attributes),
          updated_at: now,
        })
        .where('id', '=', u.existing.id)
        .execute();
    }
    await recordAudit(trx, originOf(request, now), {
      action: 'unit.villages_imported',
      targetType: 'org_unit',
      targetId: commune.id,
      unitId: commune.id,
      details: {
        fileName: opts.fileName,
        total: report.total,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        createdCodes: plan.create.map((r) => r.code),
        updates: plan.update.map((u) => ({
          code: u.existing.code,
          before: { name: u.existing.name, type: u.existing.type, attributes: u.existing.attributes },
          after: { name: u.row.name, type: u.row.type, attributes: u.attributes },
        })),
      },
    });
    return report;
  });
}
