// What leaves the API for report forms: summaries, the full form with its grid, and
// the entry periods computed by the engine.
import type { FormDetail } from '@shared/schemas/forms.ts';
import type { DueRule } from '@shared/engine/periods.ts';
import type { FormDueRuleTable } from '../../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import type { FormRow, loadFormParts } from './forms.repository.ts';

export const presentFormSummary = (f: FormRow) => ({
  id: f.id,
  code: f.code,
  nameVi: f.name_vi,
  nameEn: f.name_en,
  periodType: f.period_type,
  lockDaysAfterDue: f.lock_days_after_due,
  approveBeforeChildren: f.approve_before_children,
});

/** The engine's due rule for a stored row. */
export function dueRuleOf(r: Selectable<FormDueRuleTable>): DueRule {
  if (r.days_after_end !== null) return { daysAfterEnd: r.days_after_end };
  return { fixedDate: { month: r.fixed_month!, day: r.fixed_day! }, yearOffset: r.year_offset === 1 ? 1 : 0 };
}

export function presentFormDetail(f: FormRow, parts: Awaited<ReturnType<typeof loadFormParts>>): FormDetail {
  const columnsByCombo = new Map<string, { id: string; code: string; nameVi: string; nameEn: string | null }[]>();
  for (const c of parts.columns) {
    const list = columnsByCombo.get(c.combo_id) ?? [];
    list.push({ id: c.id, code: c.code, nameVi: c.name_vi, nameEn: c.name_en });
    columnsByCombo.set(c.combo_id, list);
  }
  return {
    ...presentFormSummary(f),
    description: f.description,
    sections: parts.sections.map((s) => ({
      id: s.id,
      code: s.code,
      nameVi: s.name_vi,
      nameEn: s.name_en,
      elements: parts.elements
        .filter((e) => e.section_id === s.id)
        .map((e) => ({
          dataElementId: e.data_element_id,
          code: e.code,
          nameVi: e.name_vi,
          nameEn: e.name_en,
          valueType: e.value_type,
          unitOfMeasureVi: e.unit_of_measure_vi,
          required: e.required,
          min: e.min_value === null ? null : Number(e.min_value),
          max: e.max_value === null ? null : Number(e.max_value),
          zeroIsSignificant: e.zero_is_significant,
          columns: columnsByCombo.get(e.category_combo_id) ?? [],
        })),
    })),
    dueRules: parts.dueRules.map((r) => ({
      unitKind: r.unit_kind,
      daysAfterEnd: r.days_after_end,
      fixedDate: r.fixed_month !== null && r.fixed_day !== null ? { month: r.fixed_month, day: r.fixed_day } : null,
      yearOffset: r.year_offset,
    })),
    assignments: parts.assignments.map((a) => ({
      id: a.id,
      mode: a.mode,
      unitKind: a.unit_kind,
      groupId: a.group_id,
      unitId: a.unit_id,
      name: a.unit_name ?? a.group_name ?? null,
    })),
    validationRules: parts.rules.map((r) => ({
      id: r.id,
      code: r.code,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      left: r.left_expr,
      operator: r.operator,
      right: r.right_expr,
      importance: r.importance,
      message: r.message_vi,
      messageEn: r.message_en,
      missingValueStrategy: r.missing_value_strategy,
    })),
  };
}
