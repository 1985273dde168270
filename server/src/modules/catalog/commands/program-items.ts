// Adding and editing items of the program tree, audited in the same transaction.
// Structure rules: a project has no parent, a sub-project sits under a project, a
// content item under a project or a sub-project; a child's code extends its parent's
// ('DA3' → 'DA3.TDA2'). Code, kind and parent never change: forms and reports name them.
import type { FastifyRequest } from 'fastify';
import type { ProgramItemChange, ProgramItemInput } from '@shared/schemas/catalog.ts';
import { notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { codeTaken, throwIfAny, type FieldProblem } from './errors.ts';

const PARENT_KINDS = { project: [], subproject: ['project'], content: ['project', 'subproject'] } as const;

const snapshot = (r: { code: string; kind: string; parent_id: string | null; name_vi: string; name_en: string | null; description: string | null; sort_order: number }) => ({
  code: r.code,
  kind: r.kind,
  parentId: r.parent_id,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  description: r.description,
  sortOrder: r.sort_order,
});

export async function createProgramItem(ctx: AppContext, request: FastifyRequest, input: ProgramItemInput): Promise<string> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const problems: FieldProblem[] = [];
    const allowed: readonly string[] = PARENT_KINDS[input.kind];
    const parent = input.parentId ? await trx.selectFrom('program_item').selectAll().where('id', '=', input.parentId).executeTakeFirst() : undefined;
    if (input.kind === 'project') {
      if (input.parentId) problems.push({ path: 'body.parentId', vi: 'Dự án là cấp cao nhất, không có mục cha.', en: 'A project is top-level and has no parent.' });
      if (input.code.includes('.')) problems.push({ path: 'body.code', vi: 'Mã dự án không có dấu chấm (ví dụ DA11).', en: 'A project code has no dot (e.g. DA11).' });
    } else if (!input.parentId) {
      problems.push({ path: 'body.parentId', vi: 'Cần chọn mục cha.', en: 'A parent is required.' });
    } else if (!parent) {
      problems.push({ path: 'body.parentId', vi: 'Không tìm thấy mục cha.', en: 'The parent item does not exist.' });
    } else if (!allowed.includes(parent.kind)) {
      problems.push({
        path: 'body.parentId',
        vi: input.kind === 'subproject' ? 'Tiểu dự án phải thuộc một dự án.' : 'Nội dung phải thuộc một dự án hoặc tiểu dự án.',
        en: input.kind === 'subproject' ? 'A sub-project belongs to a project.' : 'A content item belongs to a project or a sub-project.',
      });
    } else if (!input.code.startsWith(`${parent.code}.`)) {
      problems.push({ path: 'body.code', vi: `Mã phải bắt đầu bằng mã của mục cha, ví dụ ${parent.code}.ND1.`, en: `The code must extend the parent's, e.g. ${parent.code}.ND1.` });
    }
    throwIfAny(request, problems);
    const row = await trx
      .insertInto('program_item')
      .values({
        code: input.code,
        kind: input.kind,
        parent_id: input.kind === 'project' ? null : (input.parentId ?? null),
        name_vi: input.nameVi,
        name_en: input.nameEn ?? null,
        description: input.description || null,
        sort_order: input.sortOrder ?? 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await recordAudit(trx, originOf(request, now), { action: 'catalog.program_item.created', targetType: 'program_item', targetId: row.id, after: snapshot(row) });
    return row.id;
  });
}

export async function updateProgramItem(ctx: AppContext, request: FastifyRequest, id: string, change: ProgramItemChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('program_item').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const after = await trx
      .updateTable('program_item')
      .set({
        name_vi: change.nameVi ?? before.name_vi,
        name_en: change.nameEn === undefined ? before.name_en : change.nameEn,
        description: change.description === undefined ? before.description : change.description || null,
        sort_order: change.sortOrder ?? before.sort_order,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), { action: 'catalog.program_item.updated', targetType: 'program_item', targetId: id, before: snapshot(before), after: snapshot(after) });
  });
}
