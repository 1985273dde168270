// Creating and editing data elements, audited in the same transaction. Rules the
// schema cannot see: the combination and program item exist; bounds only for numbers
// (a percentage within 0–100); text and dates aggregate only as 'last' or 'count'; a
// combination change may not orphan an ELEMENT.COMBO reference in an indicator or a
// rule, nor may an element used in expressions become text or a date.
// (Refusing type or combination changes once data exists belongs to the data-values module.)
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { parseExpression } from '@shared/engine/index.ts';
import type { DataElementChange, DataElementInput } from '@shared/schemas/catalog.ts';
import type { AggregationType, Database, DataValueType } from '../../../platform/db/schema.ts';
import { notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { allExpressions, defaultComboId, searchText } from '../catalog.repository.ts';
import { auditElement } from '../catalog.presenter.ts';
import { codeTaken, fieldsError, throwIfAny, type FieldProblem } from './errors.ts';

const NUMERIC: readonly DataValueType[] = ['integer', 'number', 'percentage'];

interface ElementShape {
  valueType: DataValueType;
  aggregationType: AggregationType;
  minValue: number | null;
  maxValue: number | null;
}

/** Pure checks of a complete element (after a change is applied). */
export function elementProblems(e: ElementShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const numeric = NUMERIC.includes(e.valueType);
  if ((e.valueType === 'text' || e.valueType === 'date') && e.aggregationType !== 'last' && e.aggregationType !== 'count') {
    problems.push({ path: 'body.aggregationType', vi: 'Phần tử dạng văn bản hoặc ngày chỉ tổng hợp theo "giá trị cuối kỳ" (last) hoặc "đếm" (count).', en: "Text and date elements aggregate only as 'last' or 'count'." });
  }
  if (!numeric) {
    if (e.minValue !== null) problems.push({ path: 'body.minValue', vi: 'Chỉ phần tử dạng số mới có giá trị tối thiểu.', en: 'Only numeric elements have a minimum.' });
    if (e.maxValue !== null) problems.push({ path: 'body.maxValue', vi: 'Chỉ phần tử dạng số mới có giá trị tối đa.', en: 'Only numeric elements have a maximum.' });
    return problems;
  }
  if (e.valueType === 'integer') {
    if (e.minValue !== null && !Number.isInteger(e.minValue)) problems.push({ path: 'body.minValue', vi: 'Phần tử số nguyên cần giới hạn là số nguyên.', en: 'An integer element needs whole-number bounds.' });
    if (e.maxValue !== null && !Number.isInteger(e.maxValue)) problems.push({ path: 'body.maxValue', vi: 'Phần tử số nguyên cần giới hạn là số nguyên.', en: 'An integer element needs whole-number bounds.' });
  }
  if (e.valueType === 'percentage') {
    if (e.minValue !== null && (e.minValue < 0 || e.minValue > 100)) problems.push({ path: 'body.minValue', vi: 'Tỷ lệ phần trăm nằm trong khoảng 0–100.', en: 'A percentage lies within 0–100.' });
    if (e.maxValue !== null && (e.maxValue < 0 || e.maxValue > 100)) problems.push({ path: 'body.maxValue', vi: 'Tỷ lệ phần trăm nằm trong khoảng 0–100.', en: 'A percentage lies within 0–100.' });
  }
  if (e.minValue !== null && e.maxValue !== null && e.minValue > e.maxValue) {
    problems.push({ path: 'body.maxValue', vi: 'Giá trị tối đa phải lớn hơn hoặc bằng giá trị tối thiểu.', en: 'The maximum must be at least the minimum.' });
  }
  return problems;
}

async function referenceProblems(db: Kysely<Database>, comboId: string | undefined, programItemId: string | null | undefined): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (comboId !== undefined && !(await db.selectFrom('category_combo').select('id').where('id', '=', comboId).executeTakeFirst())) {
    problems.push({ path: 'body.categoryComboId', vi: 'Không tìm thấy tổ hợp phân tổ.', en: 'The category combination does not exist.' });
  }
  if (programItemId && !(await db.selectFrom('program_item').select('id').where('id', '=', programItemId).executeTakeFirst())) {
    problems.push({ path: 'body.programItemId', vi: 'Không tìm thấy mục trong cây chương trình.', en: 'The program item does not exist.' });
  }
  return problems;
}

export async function createDataElement(ctx: AppContext, request: FastifyRequest, input: DataElementInput): Promise<string> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const problems = [
      ...(await referenceProblems(trx, input.categoryComboId, input.programItemId)),
      ...elementProblems({ valueType: input.valueType, aggregationType: input.aggregationType, minValue: input.minValue ?? null, maxValue: input.maxValue ?? null }),
    ];
    throwIfAny(request, problems);
    const row = await trx
      .insertInto('data_element')
      .values({
        code: input.code,
        name_vi: input.nameVi,
        name_en: input.nameEn ?? null,
        short_name: input.shortName ?? null,
        description: input.description || null,
        value_type: input.valueType,
        aggregation_type: input.aggregationType,
        zero_is_significant: input.zeroIsSignificant ?? true,
        category_combo_id: input.categoryComboId ?? (await defaultComboId(trx)),
        program_item_id: input.programItemId ?? null,
        unit_of_measure_vi: input.unitOfMeasureVi ?? null,
        min_value: input.minValue ?? null,
        max_value: input.maxValue ?? null,
        search_text: searchText(input.code, input.nameVi, input.nameEn, input.shortName),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await recordAudit(trx, originOf(request, now), { action: 'catalog.data_element.created', targetType: 'data_element', targetId: row.id, after: auditElement(row) });
    return row.id;
  });
}

export async function updateDataElement(ctx: AppContext, request: FastifyRequest, id: string, change: DataElementChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('data_element').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const pick = <K extends keyof DataElementChange>(key: K, current: NonNullable<DataElementChange[K]> | null) =>
      (change[key] === undefined ? current : change[key]) as NonNullable<DataElementChange[K]> | null;
    const next = {
      nameVi: change.nameVi ?? before.name_vi,
      nameEn: pick('nameEn', before.name_en),
      shortName: pick('shortName', before.short_name),
      description: pick('description', before.description) || null,
      valueType: change.valueType ?? before.value_type,
      aggregationType: change.aggregationType ?? before.aggregation_type,
      zeroIsSignificant: change.zeroIsSignificant ?? before.zero_is_significant,
      categoryComboId: change.categoryComboId ?? before.category_combo_id,
      programItemId: pick('programItemId', before.program_item_id),
      unitOfMeasureVi: pick('unitOfMeasureVi', before.unit_of_measure_vi),
      minValue: pick('minValue', before.min_value === null ? null : Number(before.min_value)),
      maxValue: pick('maxValue', before.max_value === null ? null : Number(before.max_value)),
    };
    const problems = [...(await referenceProblems(trx, change.categoryComboId, change.programItemId)), ...elementProblems(next)];
    throwIfAny(request, problems);
    await assertExpressionsStillResolve(trx, request, before.code, next.categoryComboId !== before.category_combo_id ? next.categoryComboId : null, next.valueType === 'text' || next.valueType === 'date');

    const after = await trx
      .updateTable('data_element')
      .set({
        name_vi: next.nameVi,
        name_en: next.nameEn,
        short_name: next.shortName,
        description: next.description,
        value_type: next.valueType,
        aggregation_type: next.aggregationType,
        zero_is_significant: next.zeroIsSignificant,
        category_combo_id: next.categoryComboId,
        program_item_id: next.programItemId,
        unit_of_measure_vi: next.unitOfMeasureVi,
        min_value: next.minValue,
        max_value: next.maxValue,
        search_text: searchText(before.code, next.nameVi, next.nameEn, next.shortName),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), { action: 'catalog.data_element.updated', targetType: 'data_element', targetId: id, before: auditElement(before), after: auditElement(after) });
  });
}

/**
 * Indicators and rules must keep meaning what they say: with a new combination every
 * ELEMENT.COMBO they name must still exist, and a text or date element cannot be computed with.
 */
async function assertExpressionsStillResolve(db: Kysely<Database>, request: FastifyRequest, code: string, newComboId: string | null, becomesNonNumeric: boolean): Promise<void> {
  if (newComboId === null && !becomesNonNumeric) return;
  const newCodes = newComboId
    ? new Set((await db.selectFrom('category_option_combo').select('code').where('combo_id', '=', newComboId).where('active', '=', true).execute()).map((r) => r.code))
    : null;
  const users: { kind: string; code: string; refs: string[] }[] = [];
  for (const owner of await allExpressions(db)) {
    const refs = owner.texts.flatMap((text) => {
      const parsed = parseExpression(text);
      return parsed.ok ? parsed.references.filter((r) => r.dataElement === code) : [];
    });
    const broken = refs.filter((r) => becomesNonNumeric || (newCodes !== null && r.combo !== undefined && !newCodes.has(r.combo)));
    if (broken.length > 0) users.push({ kind: owner.kind, code: owner.code, refs: [...new Set(broken.map((r) => (r.combo ? `${r.dataElement}.${r.combo}` : r.dataElement)))] });
  }
  if (users.length === 0) return;
  const list = users.map((u) => u.code).join(', ');
  throw fieldsError(
    request,
    [{ path: becomesNonNumeric ? 'body.valueType' : 'body.categoryComboId', vi: `Đang được dùng trong: ${list}.`, en: `Used by: ${list}.` }],
    'data_element_in_use',
    { usedBy: users },
  );
}
