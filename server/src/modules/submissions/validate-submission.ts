// What stands between a report and its submission: required cells left empty, stored
// values that no longer fit their element (bounds changed since entry), and the form's
// cross-element rules — all by the shared engine, the same code the entry grid runs.
import type { Kysely } from 'kysely';
import { checkElementValue, elementValueLookup, runValidation, type ElementRules, type Importance, type ValidationOperator, type ValueType } from '@shared/engine/validation.ts';
import type { MissingValueStrategy } from '@shared/engine/expression.ts';
import type { ValidationViolationView } from '@shared/schemas/submissions.ts';
import type { Database } from '../../platform/db/schema.ts';
import { cellValues, formCells, formRules } from './submissions.repository.ts';

export async function validateSubmission(db: Kysely<Database>, formId: string, unitId: string, period: string, lang: 'vi' | 'en'): Promise<ValidationViolationView[]> {
  const [cells, values, rules] = await Promise.all([formCells(db, formId), cellValues(db, formId, unitId, period), formRules(db, formId)]);
  const stored = new Map(values.map((v) => [`${v.data_element_id}:${v.coc_id}`, v]));
  const violations: ValidationViolationView[] = [];

  // Per cell: required and still valid. A required element must have every cell filled.
  const missingByElement = new Map<string, { name: string; cells: { dataElementId: string; cocId: string }[] }>();
  for (const c of cells) {
    const v = stored.get(`${c.data_element_id}:${c.coc_id}`);
    const rules: ElementRules = {
      valueType: c.value_type as ValueType,
      required: c.required,
      min: c.min_value === null ? null : Number(c.min_value),
      max: c.max_value === null ? null : Number(c.max_value),
      zeroIsSignificant: c.zero_is_significant,
    };
    // Stored values are canonical (a dot for decimals), which the English reading parses exactly.
    const check = checkElementValue(rules, v?.value ?? null, 'en', { mode: 'submission' });
    if (check.ok) continue;
    if (check.code === 'required') {
      const entry = missingByElement.get(c.data_element_id) ?? { name: c.name_vi, cells: [] };
      entry.cells.push({ dataElementId: c.data_element_id, cocId: c.coc_id });
      missingByElement.set(c.data_element_id, entry);
      continue;
    }
    violations.push({
      ruleCode: `value:${c.element_code}`,
      message: `${c.name_vi}: ${lang === 'en' ? check.messageEn : check.message}`,
      importance: 'high',
      cells: [{ dataElementId: c.data_element_id, cocId: c.coc_id }],
      left: null,
      right: null,
    });
  }
  for (const [, m] of missingByElement) {
    violations.push({
      ruleCode: 'required',
      message: lang === 'en' ? `"${m.name}" is required: ${m.cells.length} cell(s) empty.` : `Chỉ tiêu "${m.name}" bắt buộc nhập: còn ${m.cells.length} ô trống.`,
      importance: 'high',
      cells: m.cells,
      left: null,
      right: null,
    });
  }

  // Cross-element rules over the numeric values, by element and option-combination code.
  const idOf = new Map<string, string>();
  const byCode = new Map<string, Map<string, number>>();
  for (const c of cells) {
    idOf.set(c.element_code, c.data_element_id);
    const v = stored.get(`${c.data_element_id}:${c.coc_id}`);
    if (!v || v.numeric_value === null) continue;
    const m = byCode.get(c.element_code) ?? new Map<string, number>();
    m.set(c.coc_code, Number(v.numeric_value));
    byCode.set(c.element_code, m);
  }
  const cocIdOf = new Map(cells.map((c) => [`${c.element_code}.${c.coc_code}`, c.coc_id]));
  const lookup = elementValueLookup(byCode);
  const engineRules = rules.map((r) => ({
    code: r.code,
    name: r.name_vi,
    left: r.left_expr,
    operator: r.operator as ValidationOperator,
    right: r.right_expr,
    importance: r.importance as Importance,
    message: r.message_vi,
    messageEn: r.message_en ?? undefined,
    missingValueStrategy: r.missing_value_strategy as MissingValueStrategy,
  }));
  for (const v of runValidation(engineRules, lookup)) {
    violations.push({
      ruleCode: v.ruleCode,
      message: lang === 'en' ? v.messageEn : v.message,
      importance: v.importance,
      cells: v.references
        .filter((r) => idOf.has(r.dataElement))
        .map((r) => ({ dataElementId: idOf.get(r.dataElement)!, cocId: r.combo === undefined ? null : (cocIdOf.get(`${r.dataElement}.${r.combo}`) ?? null) })),
      left: v.leftValue,
      right: v.rightValue,
    });
  }
  return violations;
}
