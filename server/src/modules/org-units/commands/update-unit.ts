// Changes a unit's attributes (any open unit), and a village's name or type. Official
// units keep the names of the state register.
import type { FastifyRequest } from 'fastify';
import type { UnitAttributes, VillageType } from '@shared/schemas/units.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { auditUnit, mergeAttributes, villageFullName, villageName, villageNameFolded } from '../villages.ts';
import { fieldError } from './field-error.ts';

export interface UpdateUnitInput {
  name?: string;
  type?: VillageType;
  attributes?: UnitAttributes;
}

export async function updateUnit(ctx: AppContext, request: FastifyRequest, unitId: string, input: UpdateUnitInput): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('org_unit').selectAll().where('id', '=', unitId).forUpdate().executeTakeFirst();
    if (!unit) throw new AppError('not_found');
    if (unit.valid_to !== null) throw new AppError('unit_closed');
    if (unit.kind !== 'village') {
      const field = input.name !== undefined ? 'name' : input.type !== undefined ? 'type' : null;
      if (field) {
        throw fieldError(
          request,
          `body.${field}`,
          'Chỉ sửa được tên và loại của thôn, bản, tổ dân phố; tên đơn vị hành chính chính thức theo danh mục của Nhà nước.',
          'Only villages can be renamed or retyped; official units keep the names of the state register.',
        );
      }
    }
    const type = (input.type ?? unit.type) as VillageType;
    const name = unit.kind === 'village' ? villageName(input.name ?? unit.name, type) : unit.name;
    const attributes = mergeAttributes(unit.attributes, input.attributes);
    const changed = name !== unit.name || type !== unit.type || JSON.stringify(attributes) !== JSON.stringify(unit.attributes);
    if (!changed) return;
    const updated = await trx
      .updateTable('org_unit')
      .set({
        name,
        type,
        ...(unit.kind === 'village' ? { full_name: villageFullName(type, name), name_folded: villageNameFolded(type, name) } : {}),
        attributes: JSON.stringify(attributes),
        updated_at: now,
      })
      .where('id', '=', unit.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), { action: 'unit.updated', targetType: 'org_unit', targetId: unit.id, unitId: unit.id, before: auditUnit(unit), after: auditUnit(updated) });
  });
}
