// From the file's records to a reconciliation: each value cell goes through the mapping
// (unit code → unit: the connector's mapping, else the current unit with that GSO code;
// column → data element and option combination: the connector's mapping), the year
// becomes the year's last period of the form laying the element out for that unit (a
// quarterly form: YYYYQ4 — the review's year-end figure), and the stored cell decides
// its class: new (nothing stored), unchanged, changed (the stored value came from an
// import, the API or an earlier run) or conflicting (entered by hand on the screen —
// never written, listed with both values and who entered it when). Codes without a
// mapping, and units outside the connector's scope, are listed as unmapped with their
// rows. Set-based: one query per kind of lookup.
import { sql } from 'kysely';
import type { ConflictItem, ReconciliationItem, ReconciliationReport, RowProblem, UnmappedItem } from '@shared/schemas/connectors.ts';
import type { Db } from '../../platform/db/database.ts';
import type { FormPeriodType } from '../../platform/db/schema.ts';
import { assignedSql } from '../forms/forms.repository.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import type { ImportRow } from '../data-exchange/exchange-files.ts';
import { ConnectorFailure, type SourceRecord } from './source.ts';
import type { ConnectorProfile } from './profiles.ts';

export const MAX_LISTED = 5000;

/** The last period of a year for a form's period type (the year-end figure). */
export function yearEndPeriod(year: string, type: FormPeriodType): string {
  switch (type) {
    case 'year':
      return year;
    case 'sixMonth':
      return `${year}S2`;
    case 'quarter':
      return `${year}Q4`;
    case 'month':
      return `${year}12`;
  }
}
/** When forms of several period types lay out an element for a unit: the coarsest. */
const TYPE_PREFERENCE: FormPeriodType[] = ['year', 'sixMonth', 'quarter', 'month'];

export interface Reconciliation {
  report: Omit<ReconciliationReport, 'import' | 'format'>;
  /** The cells to write (new and changed), as import rows by id. */
  rows: ImportRow[];
}

interface Cell {
  row: number;
  column: string;
  unitCode: string;
  unit: { id: string; code: string; name: string };
  element: { id: string; code: string; name: string };
  cocId: string;
  year: string;
  period: string;
  value: string;
}

const canonical = (v: string): string => (/^\d+$/.test(v) ? v.replace(/^0+(?=\d)/, '') : v);

export async function reconcile(
  db: Db,
  input: { connectorId: string; profile: ConnectorProfile; scopeUnitId: string | null; records: SourceRecord[]; columns: string[] },
): Promise<Reconciliation> {
  const { profile, records } = input;
  const present = new Set(input.columns);
  const missing = [profile.unitColumn, profile.yearColumn, ...profile.columns.filter((c) => c.required).map((c) => c.name)].filter((c) => !present.has(c));
  if (missing.length > 0) throw new ConnectorFailure(`Tệp thiếu cột ${missing.join(', ')} (bố cục "${profile.name}" cần ${profile.unitColumn}, ${profile.yearColumn}, ${profile.columns.filter((c) => c.required).map((c) => c.name).join(', ')}).`);
  if (records.length === 0) throw new ConnectorFailure('Tệp không có dòng số liệu nào.');

  const mappings = await db
    .selectFrom('connector_mapping as m')
    .leftJoin('org_unit as u', 'u.id', 'm.unit_id')
    .leftJoin('data_element as de', 'de.id', 'm.data_element_id')
    .select(['m.kind', 'm.external_code', 'm.unit_id', 'u.code as unit_code', 'u.full_name as unit_name', 'm.data_element_id', 'de.code as element_code', 'de.name_vi as element_name', 'm.coc_id'])
    .where('m.connector_id', '=', input.connectorId)
    .execute();
  const unitMap = new Map(mappings.filter((m) => m.kind === 'unit').map((m) => [m.external_code, { id: String(m.unit_id), code: m.unit_code ?? '', name: m.unit_name ?? '' }]));
  const elementMap = new Map(mappings.filter((m) => m.kind === 'element').map((m) => [m.external_code.toLowerCase(), { id: String(m.data_element_id), code: m.element_code ?? '', name: m.element_name ?? '', cocId: String(m.coc_id) }]));

  const unmapped: UnmappedItem[] = [];
  const invalid: RowProblem[] = [];
  const structural = new Set([profile.unitColumn, profile.unitNameColumn, profile.yearColumn]);
  const valueColumns = input.columns.filter((c) => !structural.has(c) && c !== '');
  const mappedColumns = valueColumns.filter((c) => elementMap.has(c));
  for (const c of valueColumns.filter((c) => !elementMap.has(c))) {
    unmapped.push({ row: 1, kind: 'element', code: c, name: null, message: `Cột "${c}" chưa được ánh xạ tới phần tử dữ liệu nào; bỏ qua.` });
  }

  // Units by code: the connector's mapping first, else the current unit with that code.
  const codes = [...new Set(records.map((r) => r.fields[profile.unitColumn] ?? '').filter((c) => c !== '' && !unitMap.has(c)))];
  const byCode = await sql<{ id: string; code: string; full_name: string }>`
    select id, code, full_name from org_unit
    where code = any(${codes}::text[]) and hierarchy in ('2025', 'all') and valid_to is null`.execute(db);
  const candidates = new Map<string, { id: string; code: string; name: string }[]>();
  for (const u of byCode.rows) candidates.set(u.code, [...(candidates.get(u.code) ?? []), { id: String(u.id), code: u.code, name: u.full_name }]);
  const resolved = new Map<string, { id: string; code: string; name: string } | null>();
  for (const code of codes) {
    const found = candidates.get(code) ?? [];
    resolved.set(code, found.length === 1 ? found[0]! : null);
  }
  for (const [code, u] of unitMap) resolved.set(code, u);
  const unitIds = [...new Set([...resolved.values()].flatMap((u) => (u ? [u.id] : [])))];
  const inScope = input.scopeUnitId === null ? null : await unitsInScope(db, [input.scopeUnitId], unitIds);

  // Which period each (unit, element) takes: the forms assigned to the unit that lay the element out.
  const elementIds = [...new Set(mappedColumns.map((c) => elementMap.get(c)!.id))];
  const types = await sql<{ unit_id: string; data_element_id: string; period_type: FormPeriodType }>`
    select distinct u.id as unit_id, fe.data_element_id, f.period_type
    from org_unit u
    join form f on ${assignedSql(sql.ref('f.id'), sql.ref('u.id'))}
    join form_element fe on fe.form_id = f.id and fe.data_element_id = any(${elementIds}::bigint[])
    where u.id = any(${unitIds}::bigint[])`.execute(db);
  const typesOf = new Map<string, Set<FormPeriodType>>();
  for (const t of types.rows) {
    const k = `${t.unit_id}|${t.data_element_id}`;
    if (!typesOf.has(k)) typesOf.set(k, new Set());
    typesOf.get(k)!.add(t.period_type);
  }
  const periodOf = (unitId: string, elementId: string, year: string) => {
    const set = typesOf.get(`${unitId}|${elementId}`);
    const type = TYPE_PREFERENCE.find((t) => set?.has(t));
    // No form lays it out for the unit: the import's checks refuse it (not_assigned).
    return type ? yearEndPeriod(year, type) : year;
  };

  // The cells of the file.
  const cells: Cell[] = [];
  for (const r of records) {
    const unitCode = r.fields[profile.unitColumn] ?? '';
    const year = r.fields[profile.yearColumn] ?? '';
    const name = r.fields[profile.unitNameColumn] || null;
    if (unitCode === '') {
      invalid.push({ row: r.row, field: profile.unitColumn, code: 'required', message: `Thiếu mã xã (cột ${profile.unitColumn}).` });
      continue;
    }
    if (!/^\d{4}$/.test(year) || Number(year) < 2000 || Number(year) > 2100) {
      invalid.push({ row: r.row, field: profile.yearColumn, code: 'invalid_period', message: `Năm "${year}" không hợp lệ (cần 4 chữ số, ví dụ 2025).`, value: year.slice(0, 50) });
      continue;
    }
    const unit = resolved.get(unitCode);
    if (!unit) {
      const ambiguous = (candidates.get(unitCode) ?? []).length > 1;
      unmapped.push({
        row: r.row,
        kind: 'unit',
        code: unitCode,
        name,
        message: ambiguous
          ? `Mã "${unitCode}" trùng ở nhiều đơn vị hiện hành; hãy ánh xạ mã này tới đúng đơn vị.`
          : `Không có đơn vị hành chính hiện hành mã "${unitCode}" và chưa có ánh xạ cho mã này.`,
      });
      continue;
    }
    if (inScope !== null && !inScope.has(unit.id)) {
      unmapped.push({ row: r.row, kind: 'out_of_scope', code: unitCode, name: unit.name, message: `${unit.name} nằm ngoài phạm vi đơn vị của kết nối; bỏ qua.` });
      continue;
    }
    for (const column of mappedColumns) {
      const raw = r.fields[column] ?? '';
      if (raw === '') continue;
      const el = elementMap.get(column)!;
      cells.push({ row: r.row, column, unitCode, unit, element: { id: el.id, code: el.code, name: el.name }, cocId: el.cocId, year, period: periodOf(unit.id, el.id, year), value: canonical(raw) });
    }
  }

  // What is stored in those cells, and who put it there.
  const stored = await sql<{ data_element_id: string; coc_id: string; unit_id: string; period: string; value: string | null; source: string; updated_at: Date; username: string | null; display_name: string | null }>`
    select dv.data_element_id, dv.coc_id, dv.unit_id, dv.period, dv.value, dv.source, dv.updated_at, u.username, u.display_name
    from unnest(${cells.map((c) => c.element.id)}::bigint[], ${cells.map((c) => c.cocId)}::bigint[], ${cells.map((c) => c.unit.id)}::bigint[], ${cells.map((c) => c.period)}::text[]) k(e, c, u, p)
    join data_value dv on dv.data_element_id = k.e and dv.coc_id = k.c and dv.unit_id = k.u and dv.period = k.p
    left join app_user u on u.id = dv.updated_by`.execute(db);
  const storedOf = new Map(stored.rows.map((s) => [`${s.data_element_id}|${s.coc_id}|${s.unit_id}|${s.period}`, s]));

  const lists = { new: [] as ReconciliationItem[], changed: [] as ReconciliationItem[], unchanged: [] as ReconciliationItem[], conflicting: [] as ConflictItem[] };
  const counts = { new: 0, changed: 0, unchanged: 0, unmapped: unmapped.length, conflicting: 0, written: 0 };
  const rows: ImportRow[] = [];
  const push = <T,>(list: T[], item: T) => {
    if (list.length < MAX_LISTED) list.push(item);
  };
  for (const c of cells) {
    const s = storedOf.get(`${c.element.id}|${c.cocId}|${c.unit.id}|${c.period}`);
    const item: ReconciliationItem = {
      row: c.row,
      column: c.column,
      unitCode: c.unitCode,
      unit: c.unit,
      dataElement: c.element,
      period: c.period,
      value: c.value,
      storedValue: s?.value ?? null,
      storedSource: s ? s.source : null,
    };
    let write = false;
    if (!s || s.value === null) {
      counts.new += 1;
      push(lists.new, item);
      write = true;
    } else if (s.value === c.value) {
      counts.unchanged += 1;
      push(lists.unchanged, item);
    } else if (s.source === 'screen') {
      counts.conflicting += 1;
      push(lists.conflicting, { ...item, enteredBy: s.username ? { username: s.username, displayName: s.display_name ?? s.username } : null, enteredAt: s.updated_at.toISOString() });
    } else {
      counts.changed += 1;
      push(lists.changed, item);
      write = true;
    }
    if (write) {
      rows.push({
        row: c.row,
        key: `${c.unitCode}/${c.column}/${c.year}`,
        dataElement: c.element.code,
        dataElementId: c.element.id,
        cocId: c.cocId,
        period: c.period,
        orgUnit: c.unit.code,
        orgUnitId: c.unit.id,
        coc: '',
        value: c.value,
        lang: 'en',
        comment: null,
        deleted: false,
      });
    }
  }
  const truncated = [lists.new, lists.changed, lists.unchanged, lists.conflicting, unmapped].some((l) => l.length >= MAX_LISTED) || invalid.length > MAX_LISTED;
  return {
    report: {
      profile: profile.code,
      rowsRead: records.length,
      counts,
      ...lists,
      unmapped: unmapped.slice(0, MAX_LISTED),
      invalid: invalid.slice(0, MAX_LISTED),
      truncated,
    },
    rows,
  };
}
