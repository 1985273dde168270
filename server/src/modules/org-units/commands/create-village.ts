// Adds a village under a 2025 commune: the unit and its closure rows, audited, in one
// transaction. The commune's row is locked so two administrators cannot take the
// same code at once.
import type { FastifyRequest } from 'fastify';
import type { UnitAttributes, VillageType } from '@shared/schemas/units.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { vietnamDate, vietnameseDate } from '../dates.ts';
import { insertClosureUnder, lockUnit } from '../org-units.repository.ts';
import { assertVillageParent, auditUnit, cleanAttributes, villageName, villageRow, type VillageParent } from '../villages.ts';
import { fieldError } from './field-error.ts';

export interface CreateVillageInput {
  code: string;
  name: string;
  type: VillageType;
  validFrom?: string;
  attributes?: UnitAttributes;
}

export async function createVillage(ctx: AppContext, request: FastifyRequest, commune: VillageParent, input: CreateVillageInput): Promise<string> {
  assertVillageParent(commune);
  const now = ctx.clock.now();
  const validFrom = input.validFrom ?? vietnamDate(now);
  if (commune.valid_from && validFrom < commune.valid_from) {
    throw fieldError(
      request,
      'body.validFrom',
      `Ngày hiệu lực không được trước ngày xã có hiệu lực (${vietnameseDate(commune.valid_from)}).`,
      `Cannot be earlier than the commune's own start (${commune.valid_from}).`,
    );
  }
  const village = { code: input.code, name: villageName(input.name, input.type), type: input.type, validFrom, attributes: cleanAttributes(input.attributes ?? {}) };
  return ctx.db.transaction().execute(async (trx) => {
    await lockUnit(trx, commune.id);
    const taken = await trx.selectFrom('org_unit').select('id').where('parent_id', '=', commune.id).where('kind', '=', 'village').where('code', '=', village.code).executeTakeFirst();
    if (taken) throw fieldError(request, 'body.code', `Mã "${village.code}" đã được dùng cho một thôn của xã này.`, `Code "${village.code}" is already used in this commune.`, 'unit_code_taken');
    const row = await trx.insertInto('org_unit').values(villageRow(commune, village, now)).returningAll().executeTakeFirstOrThrow();
    await insertClosureUnder(trx, commune.id, [row.id]);
    await recordAudit(trx, originOf(request, now), {
      action: 'unit.created',
      targetType: 'org_unit',
      targetId: row.id,
      unitId: row.id,
      after: { ...auditUnit(row), parentId: commune.id },
    });
    return row.id;
  });
}
