// Writes to unit groups, each audited in the same transaction: create, rename, and
// membership changes (all the listed units or none).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { commonAncestor } from '../org-units.repository.ts';
import { auditGroup } from '../unit-groups.presenter.ts';
import { addMembers, removeMembers } from '../unit-groups.repository.ts';
import { fieldError } from './field-error.ts';

export interface GroupInput {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
}

const codeTaken = (request: FastifyRequest, code: string) =>
  fieldError(request, 'body.code', `Mã nhóm "${code}" đã tồn tại.`, `Group code "${code}" already exists.`, 'conflict');

export async function createGroup(ctx: AppContext, request: FastifyRequest, input: GroupInput): Promise<string> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('org_unit_group')
      .values({ code: input.code, name: input.name, name_en: input.nameEn ?? null, description: input.description?.trim() || null, created_at: now })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await recordAudit(trx, originOf(request, now), { action: 'unit_group.created', targetType: 'org_unit_group', targetId: row.id, after: auditGroup(row) });
    return row.id;
  });
}

export interface GroupChange {
  name?: string;
  nameEn?: string | null;
  description?: string | null;
}

export async function updateGroup(ctx: AppContext, request: FastifyRequest, groupId: string, change: GroupChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('org_unit_group').selectAll().where('id', '=', groupId).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const after = await trx
      .updateTable('org_unit_group')
      .set({
        name: change.name ?? before.name,
        name_en: change.nameEn === undefined ? before.name_en : change.nameEn,
        description: change.description === undefined ? before.description : change.description?.trim() || null,
      })
      .where('id', '=', groupId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), { action: 'unit_group.updated', targetType: 'org_unit_group', targetId: groupId, before: auditGroup(before), after: auditGroup(after) });
  });
}

/** Adds or removes members; the caller has already been checked against every unit. */
export async function changeGroupMembers(ctx: AppContext, request: FastifyRequest, groupId: string, unitIds: string[], op: 'add' | 'remove'): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const group = await trx.selectFrom('org_unit_group').select(['id', 'code']).where('id', '=', groupId).forUpdate().executeTakeFirst();
    if (!group) throw new AppError('not_found');
    const changed = op === 'add' ? await addMembers(trx, groupId, unitIds) : await removeMembers(trx, groupId, unitIds);
    if (changed.length > 0) {
      // The audit row belongs to the deepest unit holding all the changed ones, so
      // provincial auditors see their own province's changes.
      const unitId = await commonAncestor(trx, changed);
      await recordAudit(trx, originOf(request, now), {
        action: op === 'add' ? 'unit_group.members_added' : 'unit_group.members_removed',
        targetType: 'org_unit_group',
        targetId: groupId,
        unitId,
        details: { group: group.code, unitIds: changed.sort((a, b) => Number(a) - Number(b)) },
      });
    }
    return changed.length;
  });
}
