// SQL for data values, and the period window of a (form, unit, period) computed by the
// engine from the forms module's due rule, lock rule and lock exceptions — the same
// computation as GET /api/forms/:id/periods, for one period.
import type { Kysely, Selectable } from 'kysely';
import { tryParsePeriod, periodType } from '@shared/engine/periods.ts';
import type { DataValueTable, Database, FormTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { periodWindow, type PeriodWindow } from '../forms/period-window.ts';
import { activeExceptions } from '../forms/forms.repository.ts';

export type DataValueRow = Selectable<DataValueTable> & { updated_by_username: string | null };
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

export async function findChangeById(db: Kysely<Database>, clientChangeId: string) {
  return db
    .selectFrom('data_value_history')
    .select(['data_element_id', 'coc_id', 'unit_id', 'period'])
    .where('client_change_id', '=', clientChangeId)
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
