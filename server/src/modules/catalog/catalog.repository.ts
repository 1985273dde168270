// SQL for the catalogue: program tree, categories and combinations (including keeping
// option combinations in line with their categories), data elements, indicators and
// validation rules. Targets live in targets.repository.ts.
import { type Kysely, sql } from 'kysely';
import { foldVietnamese } from '@shared/text.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { CatalogueSnapshot } from './expressions.ts';
import { generateOptionCombos, planOptionCombos, type CategoryForCombo, type GeneratedOptionCombo } from './option-combos.ts';

type Db = Kysely<Database>;

/** Escapes LIKE wildcards (folding already drops them; kept so a change there cannot open a pattern). */
const likeEscape = (v: string) => v.replace(/[\\%_]/g, '\\$&');

/** q filter on a folded search column; a q with no letters or digits matches nothing. */
function searchFilter(q: string | undefined): { folded: string } | 'none' | null {
  if (q === undefined || q.trim() === '') return null;
  const folded = foldVietnamese(q);
  return folded ? { folded: `%${likeEscape(folded)}%` } : 'none';
}

/** Program items in natural order: DA2 before DA10. */
const programOrder = sql`coalesce(substring(p.code from '^[A-Z]*([0-9]+)')::int, 0), p.code`;

/** The folded text searched by q: code and names without diacritics. */
export function searchText(...parts: (string | null | undefined)[]): string {
  return foldVietnamese(parts.filter(Boolean).join(' '));
}

// ---------------------------------------------------------------------------------
// Program tree

export async function listProgramItems(db: Db) {
  return db
    .selectFrom('program_item as p')
    .selectAll('p')
    .select((eb) => [
      eb.selectFrom('data_element as d').select(sql<string>`count(*)`.as('n')).whereRef('d.program_item_id', '=', 'p.id').as('data_element_count'),
      eb.selectFrom('indicator as i').select(sql<string>`count(*)`.as('n')).whereRef('i.program_item_id', '=', 'p.id').as('indicator_count'),
    ])
    .orderBy('p.sort_order')
    .orderBy('p.code')
    .execute();
}
export type ProgramItemRow = Awaited<ReturnType<typeof listProgramItems>>[number];

export function findProgramItem(db: Db, id: string) {
  return db.selectFrom('program_item').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The item and every item below it. */
export async function programSubtreeIds(db: Db, id: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive t(id) as (
      select id from program_item where id = ${id}
      union all
      select p.id from program_item p join t on p.parent_id = t.id
    ) select id from t`.execute(db);
  return rows.rows.map((r) => String(r.id));
}

// ---------------------------------------------------------------------------------
// Categories and combinations

export async function listCategories(db: Db, ids?: string[]) {
  let q = db.selectFrom('category').selectAll();
  if (ids) q = q.where('id', 'in', ids.length > 0 ? ids : ['0']);
  const categories = await q.orderBy('sort_order').orderBy('code').execute();
  if (categories.length === 0) return [];
  const catIds = categories.map((c) => c.id);
  const options = await db
    .selectFrom('category_option as o')
    .selectAll('o')
    .select((eb) =>
      eb
        .exists(eb.selectFrom('category_option_combo as oc').select(sql.lit(1).as('one')).where(sql<boolean>`oc.option_ids @> array[o.id]`))
        .as('in_use'),
    )
    .where('o.category_id', 'in', catIds)
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
  const combos = await db
    .selectFrom('category_combo_category as cc')
    .innerJoin('category_combo as c', 'c.id', 'cc.combo_id')
    .select(['cc.category_id', 'c.code'])
    .where('cc.category_id', 'in', catIds)
    .orderBy('c.code')
    .execute();
  return categories.map((c) => ({
    ...c,
    options: options.filter((o) => o.category_id === c.id),
    comboCodes: combos.filter((x) => x.category_id === c.id).map((x) => x.code),
  }));
}
export type CategoryRow = Awaited<ReturnType<typeof listCategories>>[number];

export async function findCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return (await listCategories(db, [id]))[0];
}

export async function listCombos(db: Db, ids?: string[]) {
  let q = db
    .selectFrom('category_combo as c')
    .selectAll('c')
    .select((eb) => [
      eb.selectFrom('category_option_combo as oc').select(sql<string>`count(*)`.as('n')).whereRef('oc.combo_id', '=', 'c.id').where('oc.active', '=', true).as('option_combo_count'),
      eb.selectFrom('data_element as d').select(sql<string>`count(*)`.as('n')).whereRef('d.category_combo_id', '=', 'c.id').as('data_element_count'),
    ]);
  if (ids) q = q.where('c.id', 'in', ids.length > 0 ? ids : ['0']);
  const combos = await q.orderBy('c.is_default', 'desc').orderBy('c.code').execute();
  if (combos.length === 0) return [];
  const categories = await db
    .selectFrom('category_combo_category as cc')
    .innerJoin('category as k', 'k.id', 'cc.category_id')
    .select(['cc.combo_id', 'k.id', 'k.code', 'k.name_vi', 'k.name_en'])
    .where('cc.combo_id', 'in', combos.map((c) => c.id))
    .orderBy('cc.sort_order')
    .execute();
  return combos.map((c) => ({ ...c, categories: categories.filter((k) => k.combo_id === c.id) }));
}
export type ComboRow = Awaited<ReturnType<typeof listCombos>>[number];

export async function findCombo(db: Db, id: string): Promise<ComboRow | undefined> {
  return (await listCombos(db, [id]))[0];
}

export function listOptionCombos(db: Db, comboId: string) {
  return db.selectFrom('category_option_combo').selectAll().where('combo_id', '=', comboId).orderBy('active', 'desc').orderBy('sort_order').orderBy('id').execute();
}

export async function defaultComboId(db: Db): Promise<string> {
  const row = await db.selectFrom('category_combo').select('id').where('is_default', '=', true).executeTakeFirstOrThrow();
  return row.id;
}

/** A combination's categories with their options, in order, as the product is built. */
async function categoriesForCombo(db: Db, comboId: string): Promise<CategoryForCombo[]> {
  const cats = await db
    .selectFrom('category_combo_category as cc')
    .innerJoin('category as k', 'k.id', 'cc.category_id')
    .select(['k.id', 'k.code'])
    .where('cc.combo_id', '=', comboId)
    .orderBy('cc.sort_order')
    .execute();
  if (cats.length === 0) return [];
  const options = await db
    .selectFrom('category_option')
    .select(['id', 'category_id', 'code', 'name_vi', 'name_en'])
    .where('category_id', 'in', cats.map((c) => c.id))
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return cats.map((c) => ({
    code: c.code,
    options: options.filter((o) => o.category_id === c.id).map((o) => ({ id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en })),
  }));
}

/** The combination's option combinations as they should be, before anything is written. */
export async function generatedCombosFor(db: Db, comboId: string): Promise<GeneratedOptionCombo[]> {
  return generateOptionCombos(await categoriesForCombo(db, comboId));
}

/**
 * Brings a combination's option combinations in line with its categories (inside the
 * caller's transaction): stable ids, renamed labels, new rows, retired rows inactive.
 */
export async function syncOptionCombos(db: Db, comboId: string, now: Date): Promise<{ inserted: number; updated: number; deactivated: number }> {
  // One writer per combination at a time.
  await db.selectFrom('category_combo').select('id').where('id', '=', comboId).forUpdate().execute();
  const generated = await generatedCombosFor(db, comboId);
  const stored = await db.selectFrom('category_option_combo').selectAll().where('combo_id', '=', comboId).execute();
  const plan = planOptionCombos(
    generated,
    stored.map((s) => ({ id: s.id, code: s.code, nameVi: s.name_vi, nameEn: s.name_en, optionIds: s.option_ids.map(String), sortOrder: s.sort_order, active: s.active })),
  );
  for (const r of plan.rename) await db.updateTable('category_option_combo').set({ code: r.code, updated_at: now }).where('id', '=', r.id).execute();
  if (plan.deactivate.length > 0) {
    await db.updateTable('category_option_combo').set({ active: false, updated_at: now }).where('id', 'in', plan.deactivate.map((d) => d.id)).execute();
  }
  // Codes of live rows may swap places (reordering never changes codes, but be safe):
  // park updated rows on a temporary code first so the unique index never trips.
  for (const u of plan.update) await db.updateTable('category_option_combo').set({ code: `~${u.id}` }).where('id', '=', u.id).execute();
  for (const u of plan.update) {
    await db
      .updateTable('category_option_combo')
      .set({ code: u.code, name_vi: u.nameVi, name_en: u.nameEn, sort_order: u.sortOrder, active: true, updated_at: now })
      .where('id', '=', u.id)
      .execute();
  }
  for (let i = 0; i < plan.insert.length; i += 1000) {
    await db
      .insertInto('category_option_combo')
      .values(
        plan.insert.slice(i, i + 1000).map((g) => ({
          combo_id: comboId,
          code: g.code,
          name_vi: g.nameVi,
          name_en: g.nameEn,
          option_ids: g.optionIds,
          sort_order: g.sortOrder,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  return { inserted: plan.insert.length, updated: plan.update.length, deactivated: plan.deactivate.length };
}

// ---------------------------------------------------------------------------------
// Data elements

const elementSelect = (db: Db) =>
  db
    .selectFrom('data_element as d')
    .innerJoin('category_combo as c', 'c.id', 'd.category_combo_id')
    .leftJoin('program_item as p', 'p.id', 'd.program_item_id')
    .selectAll('d')
    .select(['c.code as combo_code', 'c.name_vi as combo_name_vi', 'c.name_en as combo_name_en', 'p.code as program_code', 'p.name_vi as program_name_vi', 'p.name_en as program_name_en']);

export interface ElementQuery {
  programItemIds?: string[];
  q?: string;
  valueType?: string;
  comboId?: string;
  limit: number;
  offset: number;
}

export async function queryDataElements(db: Db, query: ElementQuery) {
  let q = elementSelect(db);
  if (query.programItemIds) q = q.where('d.program_item_id', 'in', query.programItemIds.length > 0 ? query.programItemIds : ['0']);
  const search = searchFilter(query.q);
  if (search === 'none') q = q.where(sql<boolean>`false`);
  else if (search) q = q.where('d.search_text', 'like', search.folded);
  if (query.valueType) q = q.where('d.value_type', '=', query.valueType as never);
  if (query.comboId) q = q.where('d.category_combo_id', '=', query.comboId);
  const total = await q.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .orderBy(sql`p.code is null`)
    .orderBy(programOrder)
    .orderBy('d.code')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { rows, total: Number(total.n) };
}
export type DataElementRow = Awaited<ReturnType<typeof queryDataElements>>['rows'][number];

export function findDataElement(db: Db, id: string): Promise<DataElementRow | undefined> {
  return elementSelect(db).where('d.id', '=', id).executeTakeFirst();
}

/** Every element with its active option combinations: what expressions may reference. */
export async function loadCatalogueSnapshot(db: Db): Promise<CatalogueSnapshot> {
  const elements = await db.selectFrom('data_element').select(['code', 'name_vi', 'name_en', 'category_combo_id']).execute();
  const combos = await db.selectFrom('category_option_combo').select(['combo_id', 'code', 'name_vi', 'name_en']).where('active', '=', true).orderBy('sort_order').execute();
  const byCombo = new Map<string, Map<string, { nameVi: string; nameEn: string | null }>>();
  for (const c of combos) {
    let m = byCombo.get(c.combo_id);
    if (!m) byCombo.set(c.combo_id, (m = new Map()));
    m.set(c.code, { nameVi: c.name_vi, nameEn: c.name_en });
  }
  return {
    elements: new Map(elements.map((e) => [e.code, { nameVi: e.name_vi, nameEn: e.name_en, combos: byCombo.get(e.category_combo_id) ?? new Map() }])),
  };
}

// ---------------------------------------------------------------------------------
// Indicators

const indicatorSelect = (db: Db) =>
  db
    .selectFrom('indicator as i')
    .leftJoin('program_item as p', 'p.id', 'i.program_item_id')
    .selectAll('i')
    .select(['p.code as program_code', 'p.name_vi as program_name_vi', 'p.name_en as program_name_en']);

export async function queryIndicators(db: Db, query: { programItemIds?: string[]; q?: string; limit: number; offset: number }) {
  let q = indicatorSelect(db);
  if (query.programItemIds) q = q.where('i.program_item_id', 'in', query.programItemIds.length > 0 ? query.programItemIds : ['0']);
  const search = searchFilter(query.q);
  if (search === 'none') q = q.where(sql<boolean>`false`);
  else if (search) q = q.where('i.search_text', 'like', search.folded);
  const total = await q.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q.orderBy(sql`p.code is null`).orderBy(programOrder).orderBy('i.code').limit(query.limit).offset(query.offset).execute();
  return { rows, total: Number(total.n) };
}
export type IndicatorRow = Awaited<ReturnType<typeof queryIndicators>>['rows'][number];

export function findIndicator(db: Db, id: string): Promise<IndicatorRow | undefined> {
  return indicatorSelect(db).where('i.id', '=', id).executeTakeFirst();
}

/** Targets at the national unit, by indicator, in period order. */
export async function nationalTargets(db: Db, indicatorIds: string[]): Promise<Map<string, { period: string; value: number }[]>> {
  const map = new Map<string, { period: string; value: number }[]>();
  if (indicatorIds.length === 0) return map;
  const rows = await db
    .selectFrom('target as t')
    .innerJoin('org_unit as u', 'u.id', 't.unit_id')
    .select(['t.indicator_id', 't.period', 't.value'])
    .where('u.kind', '=', 'nation')
    .where('t.indicator_id', 'in', indicatorIds)
    .orderBy('t.period')
    .execute();
  for (const r of rows) {
    const list = map.get(r.indicator_id) ?? [];
    list.push({ period: r.period, value: Number(r.value) });
    map.set(r.indicator_id, list);
  }
  return map;
}

// ---------------------------------------------------------------------------------
// Validation rules

export function listValidationRules(db: Db) {
  return db.selectFrom('validation_rule').selectAll().orderBy('code').execute();
}
export type ValidationRuleRow = Awaited<ReturnType<typeof listValidationRules>>[number];

export function findValidationRule(db: Db, id: string) {
  return db.selectFrom('validation_rule').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every expression stored in indicators and rules, with who owns it (for impact checks). */
export async function allExpressions(db: Db): Promise<{ kind: 'indicator' | 'validation_rule'; code: string; texts: string[] }[]> {
  const indicators = await db.selectFrom('indicator').select(['code', 'numerator', 'denominator']).execute();
  const rules = await db.selectFrom('validation_rule').select(['code', 'left_expr', 'right_expr']).execute();
  return [
    ...indicators.map((i) => ({ kind: 'indicator' as const, code: i.code, texts: [i.numerator, i.denominator] })),
    ...rules.map((r) => ({ kind: 'validation_rule' as const, code: r.code, texts: [r.left_expr, r.right_expr] })),
  ];
}
