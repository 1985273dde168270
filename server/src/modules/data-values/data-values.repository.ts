// SQL for data values, and the period window of a (form, unit, period) computed by the
// engine from the forms module's due rule, lock rule and lock exceptions — the same
// computation as GET /api/forms/:id/periods, for one period.
import { type Kysely, type Selectable, sql } from 'kysely';
import { tryParsePeriod, periodType } from '@shared/engine/periods.ts';
import type { DataValueTable, Database, FormPeriodType, FormTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { periodWindow, type PeriodWindow } from '../forms/period-window.ts';
import { activeExceptions, assignedSql } from '../forms/forms.repository.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';

export type DataValueRow = Omit<Selectable<DataValueTable>, 'approved'> & { updated_by_username: string | null };
export interface CellKey {
  dataElementId: string;
  cocId: string;
  unitId: string;
  period: string;
}

export type { PeriodWindow };

/** Throws 400 invalid_period unless the code parses and has the form's period type. */
export function assertPeriodFits(form: Pick<Selectable<FormTable>, 'period_type'>, period: string): void {
  const parsed = tryParsePeriod(period);
  if (!parsed.ok || periodType(parsed.period) !== form.period_type) {
    throw new AppError('invalid_period', { period, periodType: form.period_type });
  }
}

/** Whether the period is open for entry at the unit now (future / open / locked), with its window. */
export async function periodWindowFor(
  db: Kysely<Database>,
  form: Pick<Selectable<FormTable>, 'id' | 'lock_days_after_due'>,
  unit: { id: string; kind: string },
  period: string,
  now: Date,
): Promise<PeriodWindow> {
  const rule = await db.selectFrom('form_due_rule').selectAll().where('form_id', '=', form.id).where('unit_kind', '=', unit.kind as 'commune').executeTakeFirst();
  if (!rule) throw new AppError('form_no_due_rule');
  return periodWindow(period, rule, form.lock_days_after_due, await activeExceptions(db, form.id, unit.id, now), now);
}

/** The element as laid out on the form, with the option combination checked against its combo; undefined when not on the form. */
export async function findFormCell(db: Kysely<Database>, formId: string, dataElementId: string, cocId: string) {
  return db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.id', '=', cocId).on('oc.active', '=', true))
    .select(['de.id', 'de.code', 'de.value_type', 'de.min_value', 'de.max_value', 'de.zero_is_significant', 'fe.required'])
    .where('fe.form_id', '=', formId)
    .where('fe.data_element_id', '=', dataElementId)
    .executeTakeFirst();
}

const valueColumns = [
  'v.data_element_id',
  'v.coc_id',
  'v.unit_id',
  'v.period',
  'v.province_id',
  'v.value',
  'v.numeric_value',
  'v.comment',
  'v.updated_by',
  'v.updated_at',
  'v.source',
  'v.version',
  'u.username as updated_by_username',
] as const;

/** The form's values for one unit and period (only elements on the form). */
export async function listFormValues(db: Kysely<Database>, formId: string, unitId: string, period: string): Promise<DataValueRow[]> {
  return db
    .selectFrom('data_value as v')
    .leftJoin('app_user as u', 'u.id', 'v.updated_by')
    .select(valueColumns)
    .where('v.unit_id', '=', unitId)
    .where('v.period', '=', period)
    .where('v.data_element_id', 'in', (eb) => eb.selectFrom('form_element').select('data_element_id').where('form_id', '=', formId))
    .orderBy('v.data_element_id')
    .orderBy('v.coc_id')
    .execute();
}

export async function findValue(db: Kysely<Database>, key: CellKey): Promise<DataValueRow | undefined> {
  return db
    .selectFrom('data_value as v')
    .leftJoin('app_user as u', 'u.id', 'v.updated_by')
    .select(valueColumns)
    .where('v.data_element_id', '=', key.dataElementId)
    .where('v.coc_id', '=', key.cocId)
    .where('v.unit_id', '=', key.unitId)
    .where('v.period', '=', key.period)
    .executeTakeFirst();
}

export async function listHistory(db: Kysely<Database>, key: CellKey, limit = 200) {
  return db
    .selectFrom('data_value_history as h')
    .leftJoin('app_user as u', 'u.id', 'h.changed_by')
    .select(['h.id', 'h.old_value', 'h.new_value', 'h.comment', 'h.changed_at', 'h.source', 'u.username as changed_by_username'])
    .where('h.data_element_id', '=', key.dataElementId)
    .where('h.coc_id', '=', key.cocId)
    .where('h.unit_id', '=', key.unitId)
    .where('h.period', '=', key.period)
    .orderBy('h.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Everything a cell save checks, in one round trip: the form, the unit (and whether
 * it lies in the caller's scope: roots null = national), the assignment, the element
 * and option combination on the form, the due rule for the unit's level, the longest
 * unexpired lock exception for the period, and the cell an earlier change with this
 * client id went to (a replay).
 */
export async function loadSaveContext(
  db: Kysely<Database>,
  q: { formId: string; unitId: string; period: string; dataElementId: string; cocId: string; clientChangeId: string | null; roots: string[] | null; now: Date },
) {
  const inScope = q.roots === null ? sql<boolean>`true` : q.roots.length === 0 ? sql<boolean>`false` : unitInScopeSql(sql.ref('u.id'), q.roots);
  const rows = await sql<{
    form_id: string | null;
    form_code: string;
    period_type: FormPeriodType;
    lock_days_after_due: number | null;
    unit_id: string | null;
    unit_kind: string;
    unit_province_id: string | null;
    in_scope: boolean;
    assigned: boolean;
    cell_ok: boolean;
    data_element_id: string;
    value_type: string;
    min_value: string | null;
    max_value: string | null;
    zero_is_significant: boolean;
    required: boolean;
    due_form_id: string | null;
    days_after_end: number | null;
    fixed_month: number | null;
    fixed_day: number | null;
    year_offset: number;
    exception_until: Date | null;
    change_de: string | null;
    change_coc: string | null;
    change_unit: string | null;
    change_period: string | null;
  }>`
    select f.id as form_id, f.code as form_code, f.period_type, f.lock_days_after_due,
      u.id as unit_id, u.kind as unit_kind, u.province_id as unit_province_id,
      coalesce(${inScope}, false) as in_scope,
      coalesce(${assignedSql(sql.ref('f.id'), sql.ref('u.id'))}, false) as assigned,
      (cell.coc_id is not null) as cell_ok,
      cell.data_element_id, cell.value_type, cell.min_value, cell.max_value, cell.zero_is_significant, cell.required,
      r.form_id as due_form_id, r.days_after_end, r.fixed_month, r.fixed_day, r.year_offset,
      (select max(e.expires_at) from form_lock_exception e
        where e.form_id = f.id and e.unit_id = u.id and e.expires_at > ${q.now} and (e.period is null or e.period = ${q.period})) as exception_until,
      ch.data_element_id as change_de, ch.coc_id as change_coc, ch.unit_id as change_unit, ch.period as change_period
    from (select 1) as one
    left join form f on f.id = ${q.formId}
    left join org_unit u on u.id = ${q.unitId}
    -- One lateral subquery with inner joins: chained outer joins here let the planner
    -- carry the element id past a missing form_element row (seen on PostgreSQL 18).
    left join lateral (
      select de.id as data_element_id, de.value_type, de.min_value, de.max_value, de.zero_is_significant, fe.required, oc.id as coc_id
      from form_element fe
      join data_element de on de.id = fe.data_element_id
      join category_option_combo oc on oc.combo_id = de.category_combo_id and oc.id = ${q.cocId} and oc.active
      where fe.form_id = f.id and fe.data_element_id = ${q.dataElementId}
    ) cell on true
    left join form_due_rule r on r.form_id = f.id and r.unit_kind = u.kind
    left join data_value_history ch on ${q.clientChangeId === null ? sql`false` : sql`ch.client_change_id = ${q.clientChangeId}`}`.execute(db);
  return rows.rows[0]!;
}
export type SaveContext = Awaited<ReturnType<typeof loadSaveContext>>;
