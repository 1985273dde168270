// SQL for submissions: the row of a (form, unit, period) — created as a draft and
// locked for a transition — its events and questioned cells, the values and rules a
// submission is validated against, and the assigned units below a unit with their states.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, SubmissionStateValue, SubmissionTable } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import { assignedSql } from '../forms/forms.repository.ts';

export type SubmissionRow = Selectable<SubmissionTable>;
export interface SubmissionKeyIds {
  formId: string;
  unitId: string;
  period: string;
}

export async function findSubmission(db: Kysely<Database>, k: SubmissionKeyIds): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submission').selectAll().where('form_id', '=', k.formId).where('unit_id', '=', k.unitId).where('period', '=', k.period).executeTakeFirst();
}

/**
 * Takes the (unit, period) write lock exclusively, so no cell of the unit and period
 * changes while a transition validates and records it (cell saves take the same lock
 * shared, inside the save_data_value function of migration 0006).
 */
export async function lockUnitPeriod(trx: Transaction<Database>, unitId: string, period: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${unitId}:${period}`}, 0))`.execute(trx);
}

/** The submission row, created as a draft when missing, locked for update. */
export async function lockSubmission(trx: Transaction<Database>, k: SubmissionKeyIds, provinceId: string | null): Promise<SubmissionRow> {
  await trx
    .insertInto('submission')
    .values({ form_id: k.formId, unit_id: k.unitId, period: k.period, province_id: provinceId, state: 'draft', version: 0 })
    .onConflict((oc) => oc.columns(['form_id', 'unit_id', 'period']).doNothing())
    .execute();
  return trx
    .selectFrom('submission')
    .selectAll()
    .where('form_id', '=', k.formId)
    .where('unit_id', '=', k.unitId)
    .where('period', '=', k.period)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function loadActors(db: Kysely<Database>, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map<string, { id: string; username: string; fullName: string }>();
  const rows = await db.selectFrom('app_user as a').select(['a.id', 'a.username', 'a.display_name']).where('a.id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, username: r.username, fullName: r.display_name }]));
}

export async function listEvents(db: Kysely<Database>, submissionId: string) {
  const [events, cells] = await Promise.all([
    db.selectFrom('submission_event').selectAll().where('submission_id', '=', submissionId).orderBy('id', 'desc').execute(),
    db
      .selectFrom('submission_cell_comment')
      .select(['event_id', 'data_element_id', 'coc_id', 'comment', 'resolved_at'])
      .where('submission_id', '=', submissionId)
      .orderBy('id')
      .execute(),
  ]);
  return { events, cells };
}

/** Every cell of the form (element × active option combination) with its element rules. */
export async function formCells(db: Kysely<Database>, formId: string) {
  return db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
    .select([
      'de.id as data_element_id',
      'de.code as element_code',
      'de.name_vi',
      'de.value_type',
      'de.min_value',
      'de.max_value',
      'de.zero_is_significant',
      'fe.required',
      'oc.id as coc_id',
      'oc.code as coc_code',
    ])
    .where('fe.form_id', '=', formId)
    .execute();
}

export async function formRules(db: Kysely<Database>, formId: string) {
  return db
    .selectFrom('form_validation_rule as fr')
    .innerJoin('validation_rule as r', 'r.id', 'fr.rule_id')
    .select(['r.code', 'r.name_vi', 'r.left_expr', 'r.operator', 'r.right_expr', 'r.importance', 'r.message_vi', 'r.message_en', 'r.missing_value_strategy'])
    .where('fr.form_id', '=', formId)
    .orderBy('r.code')
    .execute();
}

export async function cellValues(db: Kysely<Database>, formId: string, unitId: string, period: string) {
  return db
    .selectFrom('data_value')
    .select(['data_element_id', 'coc_id', 'value', 'numeric_value'])
    .where('unit_id', '=', unitId)
    .where('period', '=', period)
    .where('value', 'is not', null)
    .where('data_element_id', 'in', (eb) => eb.selectFrom('form_element').select('data_element_id').where('form_id', '=', formId))
    .execute();
}

/** Units strictly below the unit that report the form, with their submission states for the period. */
export async function assignedBelow(db: Kysely<Database>, formId: string, unitId: string, period: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.descendant_id')
    .leftJoin('submission as s', (j) => j.onRef('s.unit_id', '=', 'u.id').on('s.form_id', '=', formId).on('s.period', '=', period))
    .select(['u.id', 's.state'])
    .where('c.ancestor_id', '=', unitId)
    .where('c.depth', '>', 0)
    .where('u.valid_to', 'is', null)
    .where(assignedSql(sql.val(formId), sql.ref('u.id')))
    .execute();
}

/** The nearest unit strictly above that reports the same form, with its submission state. */
export async function assignedAbove(db: Kysely<Database>, formId: string, unitId: string, period: string) {
  return db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.ancestor_id')
    .leftJoin('submission as s', (j) => j.onRef('s.unit_id', '=', 'u.id').on('s.form_id', '=', formId).on('s.period', '=', period))
    .select(['u.id', 'u.name', 's.state'])
    .where('c.descendant_id', '=', unitId)
    .where('c.depth', '>', 0)
    .where(assignedSql(sql.val(formId), sql.ref('u.id')))
    .orderBy('c.depth')
    .executeTakeFirst();
}

export interface ListFilter {
  formId: string;
  period: string;
  /** Units whose subtrees are listed (the parent, or the caller's roots). */
  roots: string[];
}

/** The units (strictly below the roots, current) that report the form, with their submission for the period. */
export async function listSubmissions(db: Kysely<Database>, f: ListFilter) {
  if (f.roots.length === 0) return [];
  return db
    .selectFrom('org_unit as u')
    .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
    .leftJoin('submission as s', (j) => j.onRef('s.unit_id', '=', 'u.id').on('s.form_id', '=', f.formId).on('s.period', '=', f.period))
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.path',
      'p.name as parent_name',
      sql<SubmissionStateValue>`coalesce(s.state, 'draft')`.as('state'),
      sql<number>`coalesce(s.version, 0)`.as('version'),
      's.submitted_at',
      's.on_time',
      's.decided_at',
    ])
    .where('u.valid_to', 'is', null)
    .where(sql<boolean>`exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.depth > 0 and c.ancestor_id = any(${f.roots}::bigint[]))`)
    .where(assignedSql(sql.val(f.formId), sql.ref('u.id')))
    .orderBy('u.path')
    .limit(5000)
    .execute();
}
