// Categories with their options, and category combinations with their generated option
// combinations, each write audited in its transaction. Options are added, renamed and
// reordered freely; an option is removed only while no combination uses it. Every
// combination that uses a changed category has its option combinations brought in line.
import type { FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { CategoryChange, CategoryComboInput, CategoryInput, CategoryOptionInput } from '@shared/schemas/catalog.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { generatedCombosFor, syncOptionCombos } from '../catalog.repository.ts';
import { duplicateCodes } from '../option-combos.ts';
import { codeTaken, fieldsError, throwIfAny, type FieldProblem } from './errors.ts';

/** The most option combinations one combination may have (a form grid has to show them). */
export const MAX_OPTION_COMBOS = 5000;

function duplicateOptionCodes(options: CategoryOptionInput[]): FieldProblem[] {
  const first = new Map<string, number>();
  const problems: FieldProblem[] = [];
  options.forEach((o, i) => {
    const seen = first.get(o.code);
    if (seen !== undefined) {
      problems.push({ path: `body.options.${i}.code`, vi: `Mã phương án "${o.code}" trùng với dòng ${seen + 1}.`, en: `Option code "${o.code}" repeats item ${seen + 1}.` });
    } else first.set(o.code, i);
  });
  return problems;
}

const optionsSnapshot = (options: { code: string; name_vi: string; name_en: string | null }[]) => options.map((o) => ({ code: o.code, nameVi: o.name_vi, nameEn: o.name_en }));

export async function createCategory(ctx: AppContext, request: FastifyRequest, input: CategoryInput): Promise<string> {
  throwIfAny(request, duplicateOptionCodes(input.options));
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('category')
      .values({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn ?? null, description: input.description || null, sort_order: input.sortOrder ?? 0, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await trx
      .insertInto('category_option')
      .values(input.options.map((o, i) => ({ category_id: row.id, code: o.code, name_vi: o.nameVi, name_en: o.nameEn ?? null, sort_order: i, created_at: now, updated_at: now })))
      .execute();
    await recordAudit(trx, originOf(request, now), {
      action: 'catalog.category.created',
      targetType: 'category',
      targetId: row.id,
      after: { code: input.code, nameVi: input.nameVi, nameEn: input.nameEn ?? null, options: input.options.map((o) => ({ code: o.code, nameVi: o.nameVi, nameEn: o.nameEn ?? null })) },
    });
    return row.id;
  });
}

export async function updateCategory(ctx: AppContext, request: FastifyRequest, id: string, change: CategoryChange): Promise<void> {
  if (change.options) throwIfAny(request, duplicateOptionCodes(change.options));
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('category').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const beforeOptions = await trx.selectFrom('category_option').selectAll().where('category_id', '=', id).orderBy('sort_order').orderBy('id').execute();
    await trx
      .updateTable('category')
      .set({
        name_vi: change.nameVi ?? before.name_vi,
        name_en: change.nameEn === undefined ? before.name_en : change.nameEn,
        description: change.description === undefined ? before.description : change.description || null,
        sort_order: change.sortOrder ?? before.sort_order,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();

    const combos = await trx.selectFrom('category_combo_category').select('combo_id').where('category_id', '=', id).execute();
    if (change.options) {
      const byCode = new Map(beforeOptions.map((o) => [o.code, o]));
      const wanted = new Set(change.options.map((o) => o.code));
      const removed = beforeOptions.filter((o) => !wanted.has(o.code));
      if (removed.length > 0) {
        const used = await trx
          .selectFrom('category_option_combo')
          .select('option_ids')
          .where(sql<boolean>`option_ids && ${removed.map((o) => o.id)}::bigint[]`)
          .execute();
        const usedIds = new Set(used.flatMap((u) => u.option_ids.map(String)));
        const inUse = removed.filter((o) => usedIds.has(o.id));
        if (inUse.length > 0) {
          throw fieldsError(
            request,
            [{ path: 'body.options', vi: `Không thể bỏ phương án đang được dùng: ${inUse.map((o) => `${o.code} (${o.name_vi})`).join(', ')}.`, en: `Options in use cannot be removed: ${inUse.map((o) => o.code).join(', ')}.` }],
            'category_option_in_use',
            { codes: inUse.map((o) => o.code) },
          );
        }
        await trx.deleteFrom('category_option').where('id', 'in', removed.map((o) => o.id)).execute();
      }
      for (const [i, o] of change.options.entries()) {
        const current = byCode.get(o.code);
        if (!current) {
          await trx.insertInto('category_option').values({ category_id: id, code: o.code, name_vi: o.nameVi, name_en: o.nameEn ?? null, sort_order: i, created_at: now, updated_at: now }).execute();
        } else if (current.name_vi !== o.nameVi || current.name_en !== (o.nameEn ?? current.name_en) || current.sort_order !== i) {
          await trx
            .updateTable('category_option')
            .set({ name_vi: o.nameVi, name_en: o.nameEn ?? current.name_en, sort_order: i, updated_at: now })
            .where('id', '=', current.id)
            .execute();
        }
      }
      for (const c of combos) await checkComboSize(trx, request, c.combo_id, 'body.options');
    }
    for (const c of combos) await syncOptionCombos(trx, c.combo_id, now);

    const after = await trx.selectFrom('category').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const afterOptions = await trx.selectFrom('category_option').selectAll().where('category_id', '=', id).orderBy('sort_order').orderBy('id').execute();
    await recordAudit(trx, originOf(request, now), {
      action: 'catalog.category.updated',
      targetType: 'category',
      targetId: id,
      before: { nameVi: before.name_vi, nameEn: before.name_en, description: before.description, options: optionsSnapshot(beforeOptions) },
      after: { nameVi: after.name_vi, nameEn: after.name_en, description: after.description, options: optionsSnapshot(afterOptions) },
      details: { combosResynced: combos.length },
    });
  });
}

/** The product must stay displayable and every generated code unambiguous. */
async function checkComboSize(db: Kysely<Database>, request: FastifyRequest, comboId: string, path: string): Promise<void> {
  const generated = await generatedCombosFor(db, comboId);
  if (generated.length > MAX_OPTION_COMBOS) {
    throw fieldsError(request, [{ path, vi: `Tổ hợp phân tổ sẽ có ${generated.length} ô, vượt quá giới hạn ${MAX_OPTION_COMBOS}.`, en: `The combination would have ${generated.length} option combinations, over the limit of ${MAX_OPTION_COMBOS}.` }]);
  }
  const dup = duplicateCodes(generated);
  if (dup.length > 0) {
    throw fieldsError(request, [{ path, vi: `Mã tổ hợp bị trùng (${dup.slice(0, 5).join(', ')}); hãy đổi mã phương án để không nhập nhằng dấu gạch dưới.`, en: `Generated codes repeat (${dup.slice(0, 5).join(', ')}); change option codes so underscores are unambiguous.` }]);
  }
}

export async function createCategoryCombo(ctx: AppContext, request: FastifyRequest, input: CategoryComboInput): Promise<string> {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  input.categoryIds.forEach((cid, i) => {
    if (seen.has(cid)) problems.push({ path: `body.categoryIds.${i}`, vi: 'Nhóm phân tổ bị chọn hai lần.', en: 'The category is listed twice.' });
    seen.add(cid);
  });
  throwIfAny(request, problems);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('category').select(['id', 'code']).where('id', 'in', input.categoryIds).execute();
    const codeOf = new Map(found.map((c) => [c.id, c.code]));
    input.categoryIds.forEach((cid, i) => {
      if (!codeOf.has(cid)) problems.push({ path: `body.categoryIds.${i}`, vi: 'Không tìm thấy nhóm phân tổ.', en: 'The category does not exist.' });
    });
    throwIfAny(request, problems);
    const row = await trx
      .insertInto('category_combo')
      .values({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn ?? null, is_default: false, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await trx
      .insertInto('category_combo_category')
      .values(input.categoryIds.map((cid, i) => ({ combo_id: row.id, category_id: cid, sort_order: i })))
      .execute();
    await checkComboSize(trx, request, row.id, 'body.categoryIds');
    const result = await syncOptionCombos(trx, row.id, now);
    await recordAudit(trx, originOf(request, now), {
      action: 'catalog.category_combo.created',
      targetType: 'category_combo',
      targetId: row.id,
      after: { code: input.code, nameVi: input.nameVi, nameEn: input.nameEn ?? null, categories: input.categoryIds.map((cid) => codeOf.get(cid)), optionCombos: result.inserted },
    });
    return row.id;
  });
}
