// Loads the reference catalogue once (guarded by the 'catalog-v1' seed_run row): the
// program tree, categories and combinations (option combinations generated as the API
// generates them), data elements, indicators with their national 2025 targets, and
// validation rules. Codes that already exist are left alone, so running it against a
// catalogue an administrator has started is harmless. Every expression is checked with
// the engine before anything is written: a broken seed fails loudly at start-up.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { checkValidationRule, parseExpression, validateReferences } from '@shared/engine/index.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { loadCatalogueSnapshot, searchText, syncOptionCombos } from '../catalog.repository.ts';
import { knownElements } from '../expressions.ts';
import { DATA_ELEMENTS, INDICATORS, VALIDATION_RULES, type SeedElement } from './elements-and-indicators.ts';
import { CATEGORIES, COMBOS, PROGRAM_ITEMS } from './program-and-categories.ts';

export const CATALOG_SEED_NAME = 'catalog-v1';
export const TARGET_PERIOD = '2025';

const byCode = async (db: Kysely<Database>, table: 'program_item' | 'category' | 'category_combo'): Promise<Map<string, string>> =>
  new Map((await db.selectFrom(table).select(['id', 'code']).execute()).map((r) => [r.code, r.id]));

/** The data_element row of a seed element (the catalogue seed and later top-ups such as the poverty review). */
export function dataElementRow(e: SeedElement, comboId: string, programItemId: string | null) {
  return {
    code: e.code,
    name_vi: e.nameVi,
    name_en: e.nameEn,
    short_name: e.shortName ?? null,
    description: e.description ?? null,
    value_type: e.valueType,
    aggregation_type: e.aggregationType,
    zero_is_significant: true,
    category_combo_id: comboId,
    program_item_id: programItemId,
    unit_of_measure_vi: e.unit,
    min_value: e.min ?? null,
    max_value: e.max ?? null,
    search_text: searchText(e.code, e.nameVi, e.nameEn, e.shortName),
  };
}

export async function loadCatalog(db: Kysely<Database>, log: Logger): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', '=', CATALOG_SEED_NAME).executeTakeFirst();
  if (done) return false;
  // National targets need the nation unit, loaded with the administrative units first.
  const nation = await db.selectFrom('org_unit').select('id').where('kind', '=', 'nation').executeTakeFirst();
  if (!nation) {
    log.warn('catalog seed postponed: the administrative units are not loaded yet');
    return false;
  }
  const counts = await db.transaction().execute(async (trx) => {
    const now = new Date();

    for (const [i, p] of PROGRAM_ITEMS.entries()) {
      const parents = await byCode(trx, 'program_item');
      await trx
        .insertInto('program_item')
        .values({ code: p.code, kind: p.kind, parent_id: p.parent ? (parents.get(p.parent) ?? null) : null, name_vi: p.nameVi, name_en: p.nameEn, description: p.description ?? null, sort_order: i })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    const programs = await byCode(trx, 'program_item');

    for (const [i, c] of CATEGORIES.entries()) {
      const row = await trx
        .insertInto('category')
        .values({ code: c.code, name_vi: c.nameVi, name_en: c.nameEn, description: c.description ?? null, sort_order: i })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) await trx.insertInto('category_option').values(c.options.map((o, k) => ({ category_id: row.id, code: o.code, name_vi: o.nameVi, name_en: o.nameEn, sort_order: k }))).execute();
    }
    const categories = await byCode(trx, 'category');

    for (const c of COMBOS) {
      const row = await trx
        .insertInto('category_combo')
        .values({ code: c.code, name_vi: c.nameVi, name_en: c.nameEn, is_default: c.isDefault ?? false })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      if (c.categories.length > 0) {
        await trx
          .insertInto('category_combo_category')
          .values(c.categories.map((code, k) => ({ combo_id: row.id, category_id: categories.get(code)!, sort_order: k })))
          .execute();
      }
      await syncOptionCombos(trx, row.id, now);
    }
    const combos = await byCode(trx, 'category_combo');

    await trx
      .insertInto('data_element')
      .values(
        DATA_ELEMENTS.map((e) => dataElementRow(e, combos.get(e.combo ?? 'DEFAULT')!, e.program ? programs.get(e.program)! : null)),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();

    // The expressions must stand against what is now in the catalogue.
    const known = knownElements(await loadCatalogueSnapshot(trx));
    for (const i of INDICATORS) {
      for (const text of [i.numerator, i.denominator]) {
        const parsed = parseExpression(text, { expect: 'number' });
        if (!parsed.ok) throw new Error(`catalog seed: indicator ${i.code}: ${parsed.error.messageEn}`);
        const unknown = validateReferences(parsed.ast, known);
        if (unknown.length > 0) throw new Error(`catalog seed: indicator ${i.code}: ${unknown[0].messageEn}`);
      }
    }
    for (const r of VALIDATION_RULES) {
      const problems = checkValidationRule({ left: r.left, right: r.right }, known);
      if (problems.length > 0) throw new Error(`catalog seed: rule ${r.code}: ${problems[0].error.messageEn}`);
    }

    const indicators = await trx
      .insertInto('indicator')
      .values(
        INDICATORS.map((i) => ({
          code: i.code,
          name_vi: i.nameVi,
          name_en: i.nameEn,
          description: i.description ?? null,
          numerator: i.numerator,
          numerator_description: i.numeratorDescription ?? null,
          denominator: i.denominator,
          denominator_description: i.denominatorDescription ?? null,
          factor: i.factor,
          decimals: i.decimals,
          direction: i.direction,
          program_item_id: i.program ? programs.get(i.program)! : null,
          unit_of_measure_vi: i.unit,
          search_text: searchText(i.code, i.nameVi, i.nameEn),
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .returning(['id', 'code'])
      .execute();

    const idOf = new Map(indicators.map((i) => [i.code, i.id]));
    const targets = INDICATORS.filter((i) => i.target2025 !== undefined && idOf.has(i.code)).map((i) => ({
      indicator_id: idOf.get(i.code)!,
      unit_id: nation.id,
      period: TARGET_PERIOD,
      value: i.target2025!,
      note: i.targetNote ? `${i.targetNote} — Quyết định 1719/QĐ-TTg` : 'Quyết định 1719/QĐ-TTg',
      updated_at: now,
    }));
    if (targets.length > 0) await trx.insertInto('target').values(targets).onConflict((oc) => oc.doNothing()).execute();

    await trx
      .insertInto('validation_rule')
      .values(
        VALIDATION_RULES.map((r) => ({
          code: r.code,
          name_vi: r.nameVi,
          name_en: r.nameEn,
          left_expr: r.left,
          operator: r.operator,
          right_expr: r.right,
          importance: r.importance,
          message_vi: r.messageVi,
          message_en: r.messageEn,
          missing_value_strategy: 'skip-if-any-missing' as const,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();

    const result = {
      programItems: PROGRAM_ITEMS.length,
      categories: CATEGORIES.length,
      combos: COMBOS.length,
      dataElements: DATA_ELEMENTS.length,
      indicators: INDICATORS.length,
      nationalTargets: targets.length,
      validationRules: VALIDATION_RULES.length,
    };
    await trx.insertInto('seed_run').values({ name: CATALOG_SEED_NAME, details: JSON.stringify(result) }).onConflict((oc) => oc.column('name').doNothing()).execute();
    return result;
  });
  log.info(counts, 'indicator catalogue loaded');
  return true;
}
