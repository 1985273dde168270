// Closes a village (merged, dissolved): it gets a last valid day and disappears from
// the current tree; nothing is deleted, so its history and data stay.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { vietnameseDate } from '../dates.ts';
import { fieldError } from './field-error.ts';

export async function closeVillage(ctx: AppContext, request: FastifyRequest, unitId: string, validTo: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('org_unit').selectAll().where('id', '=', unitId).forUpdate().executeTakeFirst();
    if (!unit) throw new AppError('not_found');
    if (unit.kind !== 'village') throw new AppError('official_unit');
    if (unit.valid_to !== null) throw new AppError('unit_closed');
    if (unit.valid_from && validTo < unit.valid_from) {
      throw fieldError(
        request,
        'body.validTo',
        `Ngày hết hiệu lực không được trước ngày thôn có hiệu lực (${vietnameseDate(unit.valid_from)}).`,
        `Cannot be earlier than the village's start (${unit.valid_from}).`,
      );
    }
    await trx.updateTable('org_unit').set({ valid_to: validTo, updated_at: now }).where('id', '=', unit.id).execute();
    await recordAudit(trx, originOf(request, now), {
      action: 'unit.closed',
      targetType: 'org_unit',
      targetId: unit.id,
      unitId: unit.id,
      before: { validTo: null },
      after: { validTo },
      details: { code: unit.code, fullName: unit.full_name },
    });
  });
}
