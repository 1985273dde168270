// Checking every row of an import before anything is written, with set-based lookups
// (one query per kind of thing, over the distinct codes and units of the file) and the
// checks per row in memory: codes (element, current 2025 unit, option combination
// within the element's combo; the default combination when the element has no
// disaggregation), period code, the value by the shared engine, the caller's scope
// (data.enter), a form laying out the element assigned to the unit for this period
// type, the period window of that form (due rule + lock rule + lock exceptions, by
// the forms module's periodWindow), a submitted or approved report freezing the cell,
// and the same cell twice in the file. Every problem becomes a rejected row. An ADX
// row names its option combination by options (category code → option code): the set
// of categories must be the element's, each option one of its category's. For
// importStrategy=delete the value is not checked (the cell goes), everything else is.
import { sql } from 'kysely';
import { checkElementValue, type ElementRules, type ValueType } from '@shared/engine/validation.ts';
import { periodType, tryParsePeriod } from '@shared/engine/periods.ts';
import type { DataImportRowError, ImportStrategy } from '@shared/schemas/data-exchange.ts';
import type { Db } from '../../platform/db/database.ts';
import type { FormDueRuleTable, FormPeriodType } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import { assignedSql } from '../forms/forms.repository.ts';
import { periodWindow } from '../forms/period-window.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import { keyOfRow, type ImportRow } from './exchange-files.ts';

/** Rows ready to write, column by column (the shape the staging insert sends). */
export interface StagedRows {
  row: number[];
  dataElementId: string[];
  cocId: string[];
  unitId: string[];
  period: string[];
  provinceId: (string | null)[];
  value: (string | null)[];
  numericValue: (string | null)[];
  comment: (string | null)[];
  keepComment: boolean[];
}

export interface ValidationResult {
  staged: StagedRows;
  rejected: DataImportRowError[];
}

const CANONICAL_NUMBER = /^-?\d+(\.\d+)?$/;
const NUMERIC_TYPES = new Set(['integer', 'number', 'percentage']);
const MAX_COMMENT = 2000;

export async function validateImport(
  db: Db,
  rows: ImportRow[],
  opts: { roots: string[] | null; now: Date; strategy?: ImportStrategy; onProgress?: (validated: number) => void | Promise<void> },
): Promise<ValidationResult> {
  const rejected: DataImportRowError[] = [];
  const reject = (r: ImportRow, code: string, message: string, field?: string, value?: string) =>
    rejected.push({ row: r.row, key: keyOfRow(r), code, message, ...(field ? { field } : {}), ...(value !== undefined ? { value: value.slice(0, 200) } : {}) });

  // --- the lookups, one query each ---
  const elementCodes = [...new Set(rows.filter((r) => !r.dataElementId && r.dataElement).map((r) => r.dataElement))];
  const elementIds = [...new Set(rows.flatMap((r) => (r.dataElementId ? [r.dataElementId] : [])))];
  const elements = await sql<{ id: string; code: string; name_vi: string; value_type: ValueType; min_value: string | null; max_value: string | null; zero_is_significant: boolean; combo_id: string; is_default: boolean }>`
    select de.id, de.code, de.name_vi, de.value_type, de.min_value, de.max_value, de.zero_is_significant, de.category_combo_id as combo_id, cc.is_default
    from data_element de join category_combo cc on cc.id = de.category_combo_id
    where de.code = any(${elementCodes}::text[]) or de.id = any(${elementIds}::bigint[])`.execute(db);
  const elementByCode = new Map(elements.rows.map((e) => [e.code, e]));
  const elementById = new Map(elements.rows.map((e) => [String(e.id), e]));

  const comboIds = [...new Set(elements.rows.map((e) => String(e.combo_id)))];
  const cocs = await sql<{ id: string; combo_id: string; code: string; option_ids: string[] }>`
    select id, combo_id, code, option_ids from category_option_combo where combo_id = any(${comboIds}::bigint[]) and active order by sort_order, id`.execute(db);
  const cocByComboCode = new Map<string, string>();
  const cocIdsOfCombo = new Map<string, Set<string>>();
  const defaultCocOfCombo = new Map<string, string>();
  for (const c of cocs.rows) {
    const combo = String(c.combo_id);
    cocByComboCode.set(`${combo}|${c.code}`, String(c.id));
    if (!cocIdsOfCombo.has(combo)) cocIdsOfCombo.set(combo, new Set());
    cocIdsOfCombo.get(combo)!.add(String(c.id));
    if (!defaultCocOfCombo.has(combo)) defaultCocOfCombo.set(combo, String(c.id));
  }
  const byOptions = rows.some((r) => r.categories !== undefined) ? await optionLookup(db, comboIds, cocs.rows) : null;

  // Units: codes name current units of the 2025 hierarchy only (ADR 0002).
  const unitCodes = [...new Set(rows.filter((r) => !r.orgUnitId && r.orgUnit).map((r) => r.orgUnit))];
  const unitIdsGiven = [...new Set(rows.flatMap((r) => (r.orgUnitId ? [r.orgUnitId] : [])))];
  const units = await sql<{ id: string; code: string; kind: string; province_id: string | null; full_name: string; by_id: boolean }>`
    select id, code, kind, province_id, full_name, false as by_id from org_unit
    where code = any(${unitCodes}::text[]) and hierarchy in ('2025', 'all') and valid_to is null
    union all
    select id, code, kind, province_id, full_name, true from org_unit where id = any(${unitIdsGiven}::bigint[])`.execute(db);
  const unitsByCode = new Map<string, typeof units.rows>();
  const unitById = new Map<string, (typeof units.rows)[number]>();
  for (const u of units.rows) {
    if (u.by_id) unitById.set(String(u.id), u);
    else unitsByCode.set(u.code, [...(unitsByCode.get(u.code) ?? []), u]);
  }
  const allUnitIds = [...new Set(units.rows.map((u) => String(u.id)))];
  const inScope = opts.roots === null ? null : await unitsInScope(db, opts.roots, allUnitIds);

  // Forms assigned to those units, with the due rule for the unit's level; the elements
  // they lay out; unexpired lock exceptions; reports that freeze cells.
  const assigned = await sql<{ unit_id: string; form_id: string; form_code: string; period_type: FormPeriodType; lock_days_after_due: number | null; rule_form_id: string | null; unit_kind: string; days_after_end: number | null; fixed_month: number | null; fixed_day: number | null; year_offset: number | null }>`
    select u.id as unit_id, f.id as form_id, f.code as form_code, f.period_type, f.lock_days_after_due, r.form_id as rule_form_id, r.unit_kind,
      r.days_after_end, r.fixed_month, r.fixed_day, r.year_offset
    from org_unit u join form f on ${assignedSql(sql.ref('f.id'), sql.ref('u.id'))}
    left join form_due_rule r on r.form_id = f.id and r.unit_kind = u.kind
    where u.id = any(${allUnitIds}::bigint[])`.execute(db);
  const periods = [...new Set(rows.map((r) => r.period))];
  const frozen = await sql<{ form_id: string; unit_id: string; period: string; state: string }>`
    select form_id, unit_id, period, state from submission
    where unit_id = any(${allUnitIds}::bigint[]) and period = any(${periods}::text[]) and state in ('submitted', 'approved')`.execute(db);
  const formIds = [...new Set([...assigned.rows.map((a) => String(a.form_id)), ...frozen.rows.map((f) => String(f.form_id))])];
  const formElements = await sql<{ form_id: string; data_element_id: string }>`
    select form_id, data_element_id from form_element where form_id = any(${formIds}::bigint[])`.execute(db);
  const onForm = new Set(formElements.rows.map((fe) => `${fe.form_id}|${fe.data_element_id}`));
  const exceptions = await sql<{ form_id: string; unit_id: string; period: string | null; expires_at: Date }>`
    select form_id, unit_id, period, expires_at from form_lock_exception
    where unit_id = any(${allUnitIds}::bigint[]) and expires_at > ${opts.now}`.execute(db);

  const formsOfUnit = new Map<string, typeof assigned.rows>();
  for (const a of assigned.rows) formsOfUnit.set(String(a.unit_id), [...(formsOfUnit.get(String(a.unit_id)) ?? []), a]);
  const exceptionsOf = new Map<string, { period: string | null; expires_at: Date }[]>();
  for (const e of exceptions.rows) {
    const k = `${e.form_id}|${e.unit_id}`;
    exceptionsOf.set(k, [...(exceptionsOf.get(k) ?? []), { period: e.period, expires_at: e.expires_at }]);
  }
  const frozenOf = new Map<string, { form_id: string; state: string }[]>();
  for (const f of frozen.rows) {
    const k = `${f.unit_id}|${f.period}`;
    frozenOf.set(k, [...(frozenOf.get(k) ?? []), { form_id: String(f.form_id), state: f.state }]);
  }
  const windowCache = new Map<string, string>();
  const statusOf = (a: (typeof assigned.rows)[number], period: string): string => {
    const k = `${a.form_id}|${a.unit_id}|${period}`;
    let s = windowCache.get(k);
    if (s === undefined) {
      if (!a.rule_form_id) s = 'no_rule';
      else {
        const rule = { form_id: a.rule_form_id, unit_kind: a.unit_kind, days_after_end: a.days_after_end, fixed_month: a.fixed_month, fixed_day: a.fixed_day, year_offset: a.year_offset ?? 0 } as Selectable<FormDueRuleTable>;
        s = periodWindow(period, rule, a.lock_days_after_due, exceptionsOf.get(`${a.form_id}|${a.unit_id}`) ?? [], opts.now).status;
      }
      windowCache.set(k, s);
    }
    return s;
  };

  // --- the rows ---
  const staged: StagedRows = { row: [], dataElementId: [], cocId: [], unitId: [], period: [], provinceId: [], value: [], numericValue: [], comment: [], keepComment: [] };
  const firstRowOfCell = new Map<string, number>();
  const periodCache = new Map<string, ReturnType<typeof tryParsePeriod>>();
  const parsePeriod = (code: string) => {
    let p = periodCache.get(code);
    if (!p) periodCache.set(code, (p = tryParsePeriod(code)));
    return p;
  };
  const typeCache = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 1) {
    const r = rows[i]!;
    if (opts.onProgress && i > 0 && i % 10_000 === 0) await opts.onProgress(i);
    const before = rejected.length;

    if (!r.dataElementId && !r.dataElement) reject(r, 'required', 'Thiếu mã phần tử dữ liệu (dataElement).', 'dataElement');
    if (!r.orgUnitId && !r.orgUnit) reject(r, 'required', 'Thiếu mã đơn vị (orgUnit).', 'orgUnit');
    if (!r.period) reject(r, 'required', 'Thiếu kỳ báo cáo (period).', 'period');
    if (rejected.length > before) continue;

    const element = r.dataElementId ? elementById.get(r.dataElementId) : elementByCode.get(r.dataElement);
    if (!element) reject(r, 'unknown_element', `Không có phần tử dữ liệu mã "${r.dataElement || r.dataElementId}".`, 'dataElement', r.dataElement || r.dataElementId);

    let unit: (typeof units.rows)[number] | undefined;
    if (r.orgUnitId) {
      unit = unitById.get(r.orgUnitId);
      if (!unit) reject(r, 'unknown_unit', 'Không tìm thấy đơn vị của tệp mẫu.', 'orgUnit');
    } else {
      const matches = unitsByCode.get(r.orgUnit) ?? [];
      if (matches.length === 0) reject(r, 'unknown_unit', `Không có đơn vị hành chính hiện hành (2025) mã "${r.orgUnit}".`, 'orgUnit', r.orgUnit);
      else if (matches.length > 1) {
        reject(r, 'ambiguous_unit', `Mã đơn vị "${r.orgUnit}" trùng ở nhiều đơn vị hiện hành (${matches.slice(0, 3).map((u) => u.full_name).join('; ')}); hãy nhập bằng mẫu Excel của đơn vị đó.`, 'orgUnit', r.orgUnit);
      } else unit = matches[0];
    }

    const parsedPeriod = parsePeriod(r.period);
    if (!parsedPeriod.ok) {
      reject(r, 'invalid_period', r.categories !== undefined
        ? `Kỳ ADX "${r.period}" không hợp lệ: cần ngày đầu kỳ và độ dài kỳ (ví dụ 2026-01-01/P3M là quý 1/2026; 2026-03-01/P1M, 2026-01-01/P6M, 2026-01-01/P1Y).`
        : `Kỳ "${r.period}" không hợp lệ (ví dụ 2026Q1, 202603, 2026S1, 2026).`, 'period', r.period);
    }

    let cocId: string | undefined;
    if (element) {
      const combo = String(element.combo_id);
      if (r.categories !== undefined && byOptions) {
        const found = byOptions.resolve(combo, r.categories, element.is_default ? defaultCocOfCombo.get(combo) : undefined);
        if (typeof found === 'string') cocId = found;
        else reject(r, 'unknown_coc', found.problem.replace('{element}', element.code), 'categoryOptionCombo', found.value);
      } else if (r.cocId) cocId = cocIdsOfCombo.get(combo)?.has(r.cocId) ? r.cocId : undefined;
      else if (r.coc) cocId = cocByComboCode.get(`${combo}|${r.coc}`);
      else if (element.is_default) cocId = defaultCocOfCombo.get(combo);
      if (!cocId && r.categories === undefined) {
        reject(r, 'unknown_coc', r.coc || r.cocId
          ? `Tổ hợp phân tổ "${r.coc || r.cocId}" không thuộc phân tổ của phần tử ${element.code}.`
          : `Phần tử ${element.code} có phân tổ; cần mã tổ hợp phân tổ (categoryOptionCombo).`, 'categoryOptionCombo', r.coc || undefined);
      }
    }
    if (rejected.length > before || !element || !unit || !cocId || !parsedPeriod.ok) continue;
    const unitId = String(unit.id);

    if (inScope !== null && !inScope.has(unitId)) {
      reject(r, 'out_of_scope', `Đơn vị ${unit.full_name} nằm ngoài phạm vi bạn được nhập số liệu.`, 'orgUnit', r.orgUnit || undefined);
      continue;
    }
    let type = typeCache.get(r.period);
    if (type === undefined) typeCache.set(r.period, (type = periodType(parsedPeriod.period)));
    const candidates = (formsOfUnit.get(unitId) ?? []).filter((a) => onForm.has(`${a.form_id}|${element.id}`) && (!r.dataSet || a.form_code === r.dataSet));
    const fitting = candidates.filter((a) => a.period_type === type);
    if (fitting.length === 0 && r.dataSet && candidates.length === 0) {
      reject(r, 'not_assigned', `Biểu mẫu (dataSet) "${r.dataSet}" không có phần tử ${element.code} hoặc không được giao cho ${unit.full_name}.`, 'dataSet', r.dataSet);
      continue;
    }
    if (fitting.length === 0) {
      reject(r, candidates.length > 0 ? 'invalid_period' : 'not_assigned', candidates.length > 0
        ? `Kỳ "${r.period}" không đúng loại kỳ của biểu mẫu có phần tử ${element.code} giao cho ${unit.full_name}.`
        : `Phần tử ${element.code} không thuộc biểu mẫu nào được giao cho ${unit.full_name}.`, 'dataElement', element.code);
      continue;
    }
    const statuses = fitting.map((a) => statusOf(a, r.period));
    if (!statuses.includes('open')) {
      if (statuses.includes('locked')) reject(r, 'period_locked', `Kỳ ${r.period} đã khóa đối với ${unit.full_name}.`, 'period', r.period);
      else if (statuses.includes('future')) reject(r, 'period_future', `Kỳ ${r.period} chưa bắt đầu.`, 'period', r.period);
      else reject(r, 'not_assigned', `Biểu mẫu chưa có quy tắc hạn nộp cho cấp của ${unit.full_name}.`, 'dataElement', element.code);
      continue;
    }
    const freezing = (frozenOf.get(`${unitId}|${r.period}`) ?? []).find((f) => onForm.has(`${f.form_id}|${element.id}`));
    if (freezing) {
      reject(r, 'submission_locked', `Báo cáo kỳ ${r.period} của ${unit.full_name} đang ${freezing.state === 'approved' ? 'đã duyệt' : 'đã gửi'}; không thể sửa ô này.`, 'value');
      continue;
    }

    // The value, by the engine.
    let stored: string | null = null;
    let numeric: string | null = null;
    if (!r.deleted && opts.strategy !== 'delete') {
      const rules: ElementRules = {
        valueType: element.value_type,
        min: element.min_value === null ? null : Number(element.min_value),
        max: element.max_value === null ? null : Number(element.max_value),
        zeroIsSignificant: element.zero_is_significant,
      };
      // Machine-written numbers ("1234.5") go to the engine as numbers: the same checks
      // without parsing the text twice (both conventions) per row.
      const input = r.lang === 'en' && typeof r.value === 'string' && NUMERIC_TYPES.has(element.value_type) && CANONICAL_NUMBER.test(r.value) && r.value.replace(/\D/g, '').replace(/^0+/, '').length <= 15 ? Number(r.value) : r.value;
      const check = checkElementValue(rules, input, r.lang);
      if (!check.ok) {
        reject(r, 'invalid_value', check.message, 'value', String(r.value ?? ''));
        continue;
      }
      if (check.ambiguous && !(r.lang === 'en' && typeof r.value === 'string' && CANONICAL_NUMBER.test(r.value.trim()))) {
        reject(r, 'ambiguous_number', `Giá trị "${String(r.value)}" có thể hiểu là ${check.display} hoặc ${check.ambiguous.alternativeDisplay}; hãy viết số không có dấu phân cách hàng nghìn.`, 'value', String(r.value));
        continue;
      }
      stored = check.stored;
      numeric = typeof check.value === 'number' ? check.stored : typeof check.value === 'boolean' ? (check.value ? '1' : '0') : null;
    }
    const comment = r.comment === null || opts.strategy === 'delete' ? null : r.comment.normalize('NFC').trim();
    if (comment !== null && comment.length > MAX_COMMENT) {
      reject(r, 'too_long', `Ghi chú dài quá ${MAX_COMMENT} ký tự.`, 'comment');
      continue;
    }

    const cell = `${element.id}|${cocId}|${unitId}|${r.period}`;
    const first = firstRowOfCell.get(cell);
    if (first !== undefined) {
      reject(r, 'duplicate_row', `Ô này đã có ở dòng ${first} của tệp.`, undefined);
      continue;
    }
    firstRowOfCell.set(cell, r.row);

    staged.row.push(r.row);
    staged.dataElementId.push(String(element.id));
    staged.cocId.push(cocId);
    staged.unitId.push(unitId);
    staged.period.push(r.period);
    staged.provinceId.push(unit.kind === 'province' ? unitId : unit.province_id === null ? null : String(unit.province_id));
    staged.value.push(stored);
    staged.numericValue.push(numeric);
    staged.comment.push(comment || null);
    staged.keepComment.push(r.comment === null);
  }
  if (opts.onProgress) await opts.onProgress(rows.length);
  rejected.sort((a, b) => a.row - b.row);
  return { staged, rejected };
}

/**
 * Resolving ADX category attributes to an option combination: per combo its categories
 * (by code), their options (by code) and the active combinations by their option sets.
 */
async function optionLookup(db: Db, comboIds: string[], cocs: { id: string; combo_id: string; option_ids: string[] }[]) {
  const cats = await sql<{ combo_id: string; category_id: string; code: string }>`
    select ccc.combo_id, c.id as category_id, c.code from category_combo_category ccc join category c on c.id = ccc.category_id
    where ccc.combo_id = any(${comboIds}::bigint[]) order by ccc.combo_id, ccc.sort_order`.execute(db);
  const categoryIds = [...new Set(cats.rows.map((c) => String(c.category_id)))];
  const options = await sql<{ id: string; category_id: string; code: string }>`
    select id, category_id, code from category_option where category_id = any(${categoryIds}::bigint[])`.execute(db);
  const categoriesOf = new Map<string, Map<string, string>>();
  for (const c of cats.rows) {
    const combo = String(c.combo_id);
    if (!categoriesOf.has(combo)) categoriesOf.set(combo, new Map());
    categoriesOf.get(combo)!.set(c.code, String(c.category_id));
  }
  const optionOf = new Map(options.rows.map((o) => [`${o.category_id}|${o.code}`, String(o.id)]));
  const setKey = (ids: string[]) => ids.map(String).sort().join(',');
  const cocOf = new Map(cocs.map((c) => [`${c.combo_id}|${setKey(c.option_ids)}`, String(c.id)]));
  return {
    /** The combination's id, or why there is none ({element} stands for the element's code). */
    resolve(combo: string, given: Record<string, string>, defaultCoc?: string): string | { problem: string; value?: string } {
      const wanted = categoriesOf.get(combo) ?? new Map<string, string>();
      const names = Object.keys(given);
      const extra = names.filter((n) => !wanted.has(n));
      const expected = wanted.size === 0 ? 'phần tử này không phân tổ' : `cần ${[...wanted.keys()].join(', ')}`;
      if (extra.length > 0) return { problem: `Phân tổ ${extra.map((n) => `"${n}"`).join(', ')} không thuộc phần tử {element} (${expected}).`, value: extra.join(',') };
      const missing = [...wanted.keys()].filter((n) => !(n in given));
      if (missing.length > 0) return { problem: `Thiếu phân tổ ${missing.join(', ')} cho phần tử {element} (${expected}).` };
      const ids: string[] = [];
      for (const [category, option] of Object.entries(given)) {
        const id = optionOf.get(`${wanted.get(category)}|${option}`);
        if (!id) return { problem: `Phương án "${option}" không thuộc phân tổ ${category}.`, value: `${category}=${option}` };
        ids.push(id);
      }
      const coc = cocOf.get(`${combo}|${setKey(ids)}`) ?? (wanted.size === 0 ? defaultCoc : undefined);
      return coc ?? { problem: `Tổ hợp ${Object.entries(given).map(([c, o]) => `${c}=${o}`).join(', ')} không còn dùng cho phần tử {element}.` };
    },
  };
}
