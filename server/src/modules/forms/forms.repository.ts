// SQL for report forms: lists by scope, the full form with its grid, assignment checks,
// due rules and lock exceptions.
import { type Kysely, sql } from 'kysely';
import type { Database, FormTable } from '../../platform/db/schema.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';
import type { Selectable } from 'kysely';

export type FormRow = Selectable<FormTable>;

/** SQL: the form (by column) is assigned to the unit (by column or value). */
export const assignedSql = (formId: ReturnType<typeof sql.ref> | ReturnType<typeof sql.val>, unitId: ReturnType<typeof sql.ref> | ReturnType<typeof sql.val>) => sql<boolean>`exists (
  select 1 from form_assignment fa join org_unit fau on fau.id = ${unitId}
  where fa.form_id = ${formId} and (
    (fa.mode = 'level' and fa.unit_kind = fau.kind and fau.hierarchy in ('2025', 'all'))
    or (fa.mode = 'group' and exists (select 1 from org_unit_group_member m where m.group_id = fa.group_id and m.unit_id = fau.id))
    or (fa.mode = 'unit' and fa.unit_id = fau.id)))`;

export async function listForms(db: Kysely<Database>, roots: string[] | null): Promise<FormRow[]> {
  let q = db.selectFrom('form').selectAll('form').orderBy('form.code');
  if (roots !== null) {
    if (roots.length === 0) return [];
    q = q.where(sql<boolean>`exists (
      select 1 from org_unit_closure c where c.ancestor_id = any(${roots}::bigint[])
      and ${assignedSql(sql.ref('form.id'), sql.ref('c.descendant_id'))})`);
  }
  return q.execute();
}

export async function listFormsAssignedTo(db: Kysely<Database>, unitId: string): Promise<FormRow[]> {
  return db.selectFrom('form').selectAll('form').where(assignedSql(sql.ref('form.id'), sql.val(unitId))).orderBy('form.code').execute();
}

export async function isFormAssignedTo(db: Kysely<Database>, formId: string, unitId: string): Promise<boolean> {
  const row = await db.selectFrom('form').select('id').where('id', '=', formId).where(assignedSql(sql.ref('form.id'), sql.val(unitId))).executeTakeFirst();
  return Boolean(row);
}

/** Whether any unit in the roots' subtrees is assigned the form (null roots: everyone). */
export async function isFormVisible(db: Kysely<Database>, formId: string, roots: string[] | null): Promise<boolean> {
  if (roots === null) return true;
  return (await listForms(db, roots)).some((f) => f.id === formId);
}

export const findForm = (db: Kysely<Database>, id: string) => db.selectFrom('form').selectAll().where('id', '=', id).executeTakeFirst();

export const findUnit = (db: Kysely<Database>, id: string) =>
  db.selectFrom('org_unit').select(['id', 'kind', 'name', 'hierarchy']).where('id', '=', id).executeTakeFirst();

export async function loadFormParts(db: Kysely<Database>, formId: string) {
  const [sections, elements, dueRules, assignments, rules] = await Promise.all([
    db.selectFrom('form_section').selectAll().where('form_id', '=', formId).orderBy('sort_order').orderBy('id').execute(),
    db
      .selectFrom('form_element as fe')
      .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
      .select(['fe.section_id', 'fe.data_element_id', 'fe.sort_order', 'fe.required', 'de.code', 'de.name_vi', 'de.name_en', 'de.value_type', 'de.unit_of_measure_vi', 'de.category_combo_id', 'de.min_value', 'de.max_value', 'de.zero_is_significant'])
      .where('fe.form_id', '=', formId)
      .orderBy('fe.sort_order')
      .execute(),
    db.selectFrom('form_due_rule').selectAll().where('form_id', '=', formId).orderBy('unit_kind').execute(),
    db
      .selectFrom('form_assignment as a')
      .leftJoin('org_unit as u', 'u.id', 'a.unit_id')
      .leftJoin('org_unit_group as g', 'g.id', 'a.group_id')
      .select(['a.id', 'a.mode', 'a.unit_kind', 'a.group_id', 'a.unit_id', 'u.name as unit_name', 'g.name as group_name'])
      .where('a.form_id', '=', formId)
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('form_validation_rule as fr')
      .innerJoin('validation_rule as r', 'r.id', 'fr.rule_id')
      .select(['r.id', 'r.code', 'r.name_vi', 'r.name_en', 'r.left_expr', 'r.operator', 'r.right_expr', 'r.importance', 'r.message_vi', 'r.message_en', 'r.missing_value_strategy'])
      .where('fr.form_id', '=', formId)
      .orderBy('r.code')
      .execute(),
  ]);
  const comboIds = [...new Set(elements.map((e) => e.category_combo_id))];
  const columns =
    comboIds.length === 0
      ? []
      : await db
          .selectFrom('category_option_combo')
          .select(['id', 'combo_id', 'code', 'name_vi', 'name_en'])
          .where('combo_id', 'in', comboIds)
          .where('active', '=', true)
          .orderBy('sort_order')
          .orderBy('id')
          .execute();
  return { sections, elements, dueRules, assignments, rules, columns };
}

export async function activeExceptions(db: Kysely<Database>, formId: string, unitId: string, now: Date) {
  return db
    .selectFrom('form_lock_exception')
    .select(['period', 'expires_at'])
    .where('form_id', '=', formId)
    .where('unit_id', '=', unitId)
    .where('expires_at', '>', now)
    .execute();
}

/** Unexpired lock exceptions of a form, within the roots' subtrees (null: all), newest first. */
export async function listLockExceptions(db: Kysely<Database>, formId: string, roots: string[] | null, now: Date) {
  let q = db
    .selectFrom('form_lock_exception as x')
    .innerJoin('org_unit as u', 'u.id', 'x.unit_id')
    .leftJoin('app_user as g', 'g.id', 'x.granted_by')
    .select(['x.id', 'x.form_id', 'x.unit_id', 'u.full_name as unit_name', 'x.period', 'x.expires_at', 'x.reason', 'x.created_at', 'g.display_name as granted_by_name'])
    .where('x.form_id', '=', formId)
    .where('x.expires_at', '>', now);
  if (roots !== null) q = q.where(unitInScopeSql(sql.ref('x.unit_id'), roots));
  return q.orderBy('x.id', 'desc').limit(500).execute();
}
