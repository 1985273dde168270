// SQL of the public API: units within a client's units (2025, or pre-2025 by succession),
// the catalogue by code, and data values in scope. Every list counts its total in the
// same statement (count(*) over ()).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { assignedSql } from '../forms/forms.repository.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';

type Db = Kysely<Database>;
const total = sql<string>`count(*) over ()`.as('total');

/** The list's total: from the page's rows, or counted again when the page is past the end (no rows to carry it). */
async function totalOf(rows: { total: string }[], offset: number, recount: () => Promise<{ n: string | number } | undefined>): Promise<number> {
  if (rows.length > 0) return Number(rows[0]!.total);
  if (offset === 0) return 0;
  return Number((await recount())?.n ?? 0);
}
const countAll = sql<string>`count(*)`.as('n');

export interface UnitFilter {
  hierarchy: '2025' | 'pre2025';
  level?: number;
  kind?: string;
  parent?: string;
  q?: string;
  codes?: string[];
  updatedSince?: Date;
}

function unitQuery(db: Db, roots: string[]) {
  return db
    .selectFrom('org_unit as u')
    .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
    .select(['u.id', 'u.code', 'u.name', 'u.full_name', 'u.name_en', 'u.kind', 'u.type', 'u.level', 'u.hierarchy', 'u.valid_from', 'u.valid_to', 'u.updated_at', 'p.code as parent_code'])
    .where(unitInScopeSql(sql.ref('u.id'), roots));
}

export type V1UnitRow = Awaited<ReturnType<ReturnType<typeof unitQuery>['execute']>>[number];

export async function listUnits(db: Db, roots: string[], f: UnitFilter, page: { limit: number; offset: number }) {
  let q = unitQuery(db, roots).where('u.hierarchy', 'in', [f.hierarchy, 'all']);
  if (f.level !== undefined) q = q.where('u.level', '=', f.level);
  if (f.kind) q = q.where('u.kind', '=', f.kind as V1UnitRow['kind']);
  if (f.parent) q = q.where('p.code', '=', f.parent);
  if (f.codes && f.codes.length > 0) q = q.where('u.code', 'in', f.codes);
  if (f.q) q = q.where('u.name_folded', 'like', `%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.updatedSince) q = q.where('u.updated_at', '>=', f.updatedSince);
  const rows = await q.select(total).orderBy('u.level').orderBy('u.code').orderBy('u.id').limit(page.limit).offset(page.offset).execute();
  return { total: await totalOf(rows, page.offset, () => q.clearSelect().select(countAll).executeTakeFirst()), rows };
}

/**
 * A unit by code in the client's units. Codes repeat across the two hierarchies (a 2025
 * commune often keeps an old commune's code), so the hierarchy is part of the key.
 */
export async function findUnitByCode(db: Db, roots: string[], code: string, hierarchy: '2025' | 'pre2025' = '2025'): Promise<V1UnitRow | undefined> {
  return unitQuery(db, roots).where('u.code', '=', code).where('u.hierarchy', 'in', [hierarchy, 'all']).orderBy('u.level').limit(1).executeTakeFirst();
}

export async function unitAncestors(db: Db, id: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_unit as a', 'a.id', 'c.ancestor_id')
    .select(['a.code', 'a.name', 'a.kind', 'a.level'])
    .where('c.descendant_id', '=', id)
    .where('c.depth', '>', 0)
    .orderBy('c.depth', 'desc')
    .execute();
}

export async function unitSuccession(db: Db, id: string) {
  const rows = await sql<{ direction: 'predecessor' | 'successor'; code: string; name: string; hierarchy: string; weight: string | null; effective_date: string | null }>`
    select 'predecessor' as direction, u.code, u.name, u.hierarchy, s.weight::text as weight, s.effective_date::text as effective_date
    from org_unit_succession s join org_unit u on u.id = s.old_unit_id where s.new_unit_id = ${id}
    union all
    select 'successor', u.code, u.name, u.hierarchy, s.weight::text, s.effective_date::text
    from org_unit_succession s join org_unit u on u.id = s.new_unit_id where s.old_unit_id = ${id}
    order by 1, 2`.execute(db);
  return rows.rows;
}

export async function listProgramItems(db: Db) {
  return db
    .selectFrom('program_item as i')
    .leftJoin('program_item as p', 'p.id', 'i.parent_id')
    .select(['i.code', 'i.kind', 'i.name_vi', 'i.name_en', 'i.description', 'i.sort_order', 'i.updated_at', 'p.code as parent_code'])
    .orderBy('i.sort_order')
    .orderBy('i.code')
    .execute();
}

export interface CatalogFilter {
  q?: string;
  codes?: string[];
  programItem?: string;
  updatedSince?: Date;
}

export async function listDataElements(db: Db, f: CatalogFilter, page: { limit: number; offset: number }) {
  let q = db
    .selectFrom('data_element as e')
    .innerJoin('category_combo as cc', 'cc.id', 'e.category_combo_id')
    .leftJoin('program_item as pi', 'pi.id', 'e.program_item_id')
    .select(['e.id', 'e.code', 'e.name_vi', 'e.name_en', 'e.short_name', 'e.description', 'e.value_type', 'e.aggregation_type', 'e.unit_of_measure_vi', 'e.min_value', 'e.max_value', 'e.updated_at', 'cc.code as combo_code', 'cc.id as combo_id', 'pi.code as program_item_code']);
  if (f.q) q = q.where('e.search_text', 'like', `%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.codes && f.codes.length > 0) q = q.where('e.code', 'in', f.codes);
  if (f.programItem) q = q.where('pi.code', '=', f.programItem);
  if (f.updatedSince) q = q.where('e.updated_at', '>=', f.updatedSince);
  const rows = await q.select(total).orderBy('e.code').limit(page.limit).offset(page.offset).execute();
  return { total: await totalOf(rows, page.offset, () => q.clearSelect().select(countAll).executeTakeFirst()), rows };
}

/** The active option combinations of some category combos, by combo. */
export async function optionCombos(db: Db, comboIds: string[]) {
  if (comboIds.length === 0) return new Map<string, { code: string; name_vi: string; name_en: string | null }[]>();
  const rows = await db
    .selectFrom('category_option_combo')
    .select(['combo_id', 'code', 'name_vi', 'name_en'])
    .where('combo_id', 'in', [...new Set(comboIds)])
    .where('active', '=', true)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  const map = new Map<string, { code: string; name_vi: string; name_en: string | null }[]>();
  for (const r of rows) map.set(String(r.combo_id), [...(map.get(String(r.combo_id)) ?? []), r]);
  return map;
}

export async function listIndicators(db: Db, f: CatalogFilter, page: { limit: number; offset: number }) {
  let q = db
    .selectFrom('indicator as i')
    .leftJoin('program_item as pi', 'pi.id', 'i.program_item_id')
    .select(['i.code', 'i.name_vi', 'i.name_en', 'i.description', 'i.numerator', 'i.numerator_description', 'i.denominator', 'i.denominator_description', 'i.factor', 'i.decimals', 'i.direction', 'i.unit_of_measure_vi', 'i.updated_at', 'pi.code as program_item_code']);
  if (f.q) q = q.where('i.search_text', 'like', `%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.codes && f.codes.length > 0) q = q.where('i.code', 'in', f.codes);
  if (f.programItem) q = q.where('pi.code', '=', f.programItem);
  if (f.updatedSince) q = q.where('i.updated_at', '>=', f.updatedSince);
  const rows = await q.select(total).orderBy('i.code').limit(page.limit).offset(page.offset).execute();
  return { total: await totalOf(rows, page.offset, () => q.clearSelect().select(countAll).executeTakeFirst()), rows };
}

export async function listFormsV1(db: Db) {
  return db.selectFrom('form').select(['id', 'code', 'name_vi', 'name_en', 'description', 'period_type', 'lock_days_after_due', 'updated_at']).orderBy('code').execute();
}

export async function findFormByCode(db: Db, code: string) {
  return db.selectFrom('form').select(['id', 'code', 'name_vi', 'name_en', 'description', 'period_type', 'lock_days_after_due', 'updated_at']).where('code', '=', code).executeTakeFirst();
}

export async function formLayout(db: Db, formId: string) {
  return db
    .selectFrom('form_element as fe')
    .innerJoin('form_section as s', 's.id', 'fe.section_id')
    .innerJoin('data_element as e', 'e.id', 'fe.data_element_id')
    .innerJoin('category_combo as cc', 'cc.id', 'e.category_combo_id')
    .select(['s.code as section_code', 's.name_vi as section_name_vi', 's.name_en as section_name_en', 'e.code', 'e.name_vi', 'e.value_type', 'fe.required', 'cc.id as combo_id', 'cc.code as combo_code'])
    .where('fe.form_id', '=', formId)
    .orderBy('s.sort_order')
    .orderBy('fe.sort_order')
    .execute();
}

/** Who reports a form: each assignment rule (a level, a group, a unit), and how many of the client's units it covers. */
export async function formAssignments(db: Db, formId: string, roots: string[]) {
  const rules = await db
    .selectFrom('form_assignment as fa')
    .leftJoin('org_unit_group as g', 'g.id', 'fa.group_id')
    .leftJoin('org_unit as u', 'u.id', 'fa.unit_id')
    .select(['fa.mode', 'fa.unit_kind', 'g.code as group_code', 'u.code as unit_code', 'u.id as unit_id'])
    .where('fa.form_id', '=', formId)
    .orderBy('fa.id')
    .execute();
  const count = await sql<{ n: string }>`
    select count(distinct c.descendant_id) as n from org_unit_closure c
    where c.ancestor_id = any(${roots}::bigint[]) and ${assignedSql(sql.val(formId), sql.ref('c.descendant_id'))}`.execute(db);
  return { rules, unitsInScope: Number(count.rows[0]?.n ?? 0) };
}

export interface ValueFilter {
  elementIds: string[] | null;
  unitIds: string[];
  children: boolean;
  /** With children: the hierarchy whose units below count (the nation heads both). */
  hierarchy: '2025' | 'pre2025';
  periods: string[] | null;
  updatedSince?: Date;
  approvedOnly: boolean;
}

export async function listValues(db: Db, roots: string[], f: ValueFilter, page: { limit: number; offset: number }) {
  const units = f.children
    ? sql`(select c.descendant_id from org_unit_closure c join org_unit d on d.id = c.descendant_id
           where c.ancestor_id = any(${f.unitIds}::bigint[]) and d.hierarchy in (${f.hierarchy}, 'all'))`
    : sql`(select unnest(${f.unitIds}::bigint[]))`;
  const where = sql`
    where v.unit_id in ${units}
      and ${unitInScopeSql(sql.ref('v.unit_id'), roots)}
      and (${f.elementIds}::bigint[] is null or v.data_element_id = any(${f.elementIds}::bigint[]))
      and (${f.periods}::text[] is null or v.period = any(${f.periods}::text[]))
      and (${f.updatedSince ?? null}::timestamptz is null or v.updated_at >= ${f.updatedSince ?? null})
      and (not ${f.approvedOnly} or v.approved)
      -- A sync by updatedSince must learn of cleared cells too.
      and (v.value is not null or v.comment is not null or ${f.updatedSince ?? null}::timestamptz is not null)`;
  const rows = await sql<{ de: string; ou: string; coc: string; period: string; value: string | null; comment: string | null; approved: boolean; updated_at: Date; total: string }>`
    select de.code as de, u.code as ou, oc.code as coc, v.period, v.value, v.comment, v.approved, v.updated_at, count(*) over () as total
    from data_value v
    join data_element de on de.id = v.data_element_id
    join category_option_combo oc on oc.id = v.coc_id
    join org_unit u on u.id = v.unit_id
    ${where}
    order by u.code, v.unit_id, v.period, de.code, oc.sort_order, oc.code
    limit ${page.limit} offset ${page.offset}`.execute(db);
  const recount = async () => (await sql<{ n: string }>`select count(*) as n from data_value v ${where}`.execute(db)).rows[0];
  return { total: await totalOf(rows.rows, page.offset, recount), rows: rows.rows };
}

export async function elementIdsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('data_element').select(['id', 'code']).where('code', 'in', codes).execute();
}
