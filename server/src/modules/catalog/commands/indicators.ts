// Indicators and validation rules: their expressions are parsed by the shared engine
// and checked against the catalogue (every element and option combination exists)
// before anything is written; a bad expression is a field error carrying the engine's
// position. Writes are audited in their transaction.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { checkValidationRule } from '@shared/engine/index.ts';
import type { IndicatorChange, IndicatorInput, ValidationRuleChange, ValidationRuleInput } from '@shared/schemas/catalog.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { requestLanguage } from '../../../platform/http/language.ts';
import { originOf, recordAudit } from '../../audit/audit.repository.ts';
import { loadCatalogueSnapshot, searchText } from '../catalog.repository.ts';
import { expressionFieldErrors, knownElements } from '../expressions.ts';
import { codeTaken, type FieldProblem } from './errors.ts';

async function programItemProblem(db: Kysely<Database>, programItemId: string | null | undefined): Promise<FieldProblem[]> {
  if (!programItemId) return [];
  const found = await db.selectFrom('program_item').select('id').where('id', '=', programItemId).executeTakeFirst();
  return found ? [] : [{ path: 'body.programItemId', vi: 'Không tìm thấy mục trong cây chương trình.', en: 'The program item does not exist.' }];
}

/** Field errors already in the caller's language. */
function throwFields(fields: { path: string; message: string }[]): void {
  if (fields.length > 0) throw new AppError('validation_failed', {}, { fields });
}

async function checkIndicatorExpressions(db: Kysely<Database>, request: FastifyRequest, numerator: string, denominator: string, extra: FieldProblem[]): Promise<void> {
  const lang = requestLanguage(request);
  const snapshot = await loadCatalogueSnapshot(db);
  const fields = [
    ...extra.map((p) => ({ path: p.path, message: lang === 'en' ? p.en : p.vi })),
    ...expressionFieldErrors(
      [
        { path: 'body.numerator', text: numerator, expect: 'number' },
        { path: 'body.denominator', text: denominator, expect: 'number' },
      ],
      snapshot,
      lang,
    ),
  ];
  throwFields(fields);
}

const indicatorSnapshot = (i: {
  code: string;
  name_vi: string;
  name_en: string | null;
  numerator: string;
  denominator: string;
  factor: string;
  decimals: number;
  direction: string;
  program_item_id: string | null;
  unit_of_measure_vi: string | null;
}) => ({
  code: i.code,
  nameVi: i.name_vi,
  nameEn: i.name_en,
  numerator: i.numerator,
  denominator: i.denominator,
  factor: Number(i.factor),
  decimals: i.decimals,
  direction: i.direction,
  programItemId: i.program_item_id,
  unitOfMeasureVi: i.unit_of_measure_vi,
});

export async function createIndicator(ctx: AppContext, request: FastifyRequest, input: IndicatorInput): Promise<string> {
  const now = ctx.clock.now();
  const denominator = input.denominator ?? '1';
  return ctx.db.transaction().execute(async (trx) => {
    await checkIndicatorExpressions(trx, request, input.numerator, denominator, await programItemProblem(trx, input.programItemId));
    const row = await trx
      .insertInto('indicator')
      .values({
        code: input.code,
        name_vi: input.nameVi,
        name_en: input.nameEn ?? null,
        description: input.description || null,
        numerator: input.numerator.trim(),
        numerator_description: input.numeratorDescription || null,
        denominator: denominator.trim(),
        denominator_description: input.denominatorDescription || null,
        factor: input.factor ?? 1,
        decimals: input.decimals ?? 1,
        direction: input.direction,
        program_item_id: input.programItemId ?? null,
        unit_of_measure_vi: input.unitOfMeasureVi ?? null,
        search_text: searchText(input.code, input.nameVi, input.nameEn),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await recordAudit(trx, originOf(request, now), { action: 'catalog.indicator.created', targetType: 'indicator', targetId: row.id, after: indicatorSnapshot(row) });
    return row.id;
  });
}

export async function updateIndicator(ctx: AppContext, request: FastifyRequest, id: string, change: IndicatorChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('indicator').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const numerator = change.numerator?.trim() ?? before.numerator;
    const denominator = change.denominator?.trim() ?? before.denominator;
    await checkIndicatorExpressions(trx, request, change.numerator ?? numerator, change.denominator ?? denominator, await programItemProblem(trx, change.programItemId));
    const keep = <T>(v: T | undefined, current: T) => (v === undefined ? current : v);
    const nameEn = keep(change.nameEn, before.name_en);
    const after = await trx
      .updateTable('indicator')
      .set({
        name_vi: change.nameVi ?? before.name_vi,
        name_en: nameEn,
        description: keep(change.description, before.description) || null,
        numerator,
        numerator_description: keep(change.numeratorDescription, before.numerator_description) || null,
        denominator,
        denominator_description: keep(change.denominatorDescription, before.denominator_description) || null,
        factor: change.factor ?? before.factor,
        decimals: change.decimals ?? before.decimals,
        direction: change.direction ?? before.direction,
        program_item_id: keep(change.programItemId, before.program_item_id),
        unit_of_measure_vi: keep(change.unitOfMeasureVi, before.unit_of_measure_vi),
        search_text: searchText(before.code, change.nameVi ?? before.name_vi, nameEn),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), { action: 'catalog.indicator.updated', targetType: 'indicator', targetId: id, before: indicatorSnapshot(before), after: indicatorSnapshot(after) });
  });
}

// ---------------------------------------------------------------------------------
// Validation rules

async function checkRule(db: Kysely<Database>, request: FastifyRequest, left: string, right: string): Promise<void> {
  const lang = requestLanguage(request);
  const known = knownElements(await loadCatalogueSnapshot(db));
  const problems = checkValidationRule({ left, right }, known);
  // One message per side: the first problem is the one to fix first.
  const fields: { path: string; message: string }[] = [];
  for (const side of ['left', 'right'] as const) {
    const p = problems.find((x) => x.side === side);
    if (p) fields.push({ path: `body.${side}`, message: lang === 'en' ? p.error.messageEn : p.error.message });
  }
  throwFields(fields);
}

const ruleSnapshot = (r: { code: string; name_vi: string; left_expr: string; operator: string; right_expr: string; importance: string; message_vi: string; missing_value_strategy: string }) => ({
  code: r.code,
  nameVi: r.name_vi,
  left: r.left_expr,
  operator: r.operator,
  right: r.right_expr,
  importance: r.importance,
  messageVi: r.message_vi,
  missingValueStrategy: r.missing_value_strategy,
});

export async function createValidationRule(ctx: AppContext, request: FastifyRequest, input: ValidationRuleInput): Promise<string> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkRule(trx, request, input.left, input.right);
    const row = await trx
      .insertInto('validation_rule')
      .values({
        code: input.code,
        name_vi: input.nameVi,
        name_en: input.nameEn ?? null,
        description: input.description || null,
        left_expr: input.left.trim(),
        operator: input.operator,
        right_expr: input.right.trim(),
        importance: input.importance ?? 'medium',
        message_vi: input.messageVi,
        message_en: input.messageEn ?? null,
        missing_value_strategy: input.missingValueStrategy ?? 'skip-if-any-missing',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw codeTaken(request, input.code);
    await recordAudit(trx, originOf(request, now), { action: 'catalog.validation_rule.created', targetType: 'validation_rule', targetId: row.id, after: ruleSnapshot(row) });
    return row.id;
  });
}

export async function updateValidationRule(ctx: AppContext, request: FastifyRequest, id: string, change: ValidationRuleChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('validation_rule').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const left = change.left ?? before.left_expr;
    const right = change.right ?? before.right_expr;
    await checkRule(trx, request, left, right);
    const keep = <T>(v: T | undefined, current: T) => (v === undefined ? current : v);
    const after = await trx
      .updateTable('validation_rule')
      .set({
        name_vi: change.nameVi ?? before.name_vi,
        name_en: keep(change.nameEn, before.name_en),
        description: keep(change.description, before.description) || null,
        left_expr: left.trim(),
        operator: change.operator ?? before.operator,
        right_expr: right.trim(),
        importance: change.importance ?? before.importance,
        message_vi: change.messageVi ?? before.message_vi,
        message_en: keep(change.messageEn, before.message_en),
        missing_value_strategy: change.missingValueStrategy ?? before.missing_value_strategy,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, originOf(request, now), { action: 'catalog.validation_rule.updated', targetType: 'validation_rule', targetId: id, before: ruleSnapshot(before), after: ruleSnapshot(after) });
  });
}
