// Exporting a form's values for a unit (and optionally every unit below it) and one
// period in DHIS2's dataValueSets shape with code identifiers: JSON
// {"dataValues":[…]} or CSV with DHIS2's header (ADX: exportAdx in adx.ts, same query). Cleared cells
// without a comment are left out. Codes are those of the current units; the file
// imports back unchanged.
import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { DATA_VALUE_CSV_HEADER, type DataValueSet } from '@shared/schemas/data-exchange.ts';
import type { Db } from '../../platform/db/database.ts';

export interface ExportQuery {
  formId: string;
  unitId: string;
  period: string;
  /** Also the units below the unit. */
  children: boolean;
}

export async function exportValues(db: Db, q: ExportQuery): Promise<DataValueSet['dataValues']> {
  const units = q.children
    ? sql`(select descendant_id from org_unit_closure where ancestor_id = ${q.unitId})`
    : sql`(select ${q.unitId}::bigint)`;
  const rows = await sql<{ de: string; ou: string; coc: string; value: string | null; comment: string | null; username: string | null; updated_at: Date }>`
    select de.code as de, u.code as ou, oc.code as coc, v.value, v.comment, au.username, v.updated_at
    from data_value v
    join data_element de on de.id = v.data_element_id
    join category_option_combo oc on oc.id = v.coc_id
    join org_unit u on u.id = v.unit_id
    left join app_user au on au.id = v.updated_by
    where v.period = ${q.period} and v.unit_id in ${units}
      and v.data_element_id in (select data_element_id from form_element where form_id = ${q.formId})
      and (v.value is not null or v.comment is not null)
    order by u.code, de.code, oc.sort_order, oc.code`.execute(db);
  return rows.rows.map((r) => ({
    dataElement: r.de,
    period: q.period,
    orgUnit: r.ou,
    categoryOptionCombo: r.coc,
    value: r.value,
    storedBy: r.username ?? undefined,
    lastUpdated: r.updated_at.toISOString(),
    ...(r.comment ? { comment: r.comment } : {}),
  }));
}

export function toCsv(values: DataValueSet['dataValues']): string {
  const records = values.map((v) => [v.dataElement, v.period, v.orgUnit, v.categoryOptionCombo, '', v.value ?? '', v.storedBy ?? '', v.lastUpdated ?? '', v.comment ?? '', 'false', 'false']);
  return `\uFEFF${stringify([[...DATA_VALUE_CSV_HEADER], ...records])}`;
}
