// What leaves the API for the catalogue: field whitelists, numbers as numbers, the
// expressions in the caller's language, and the tree built from its flat rows.
import { isPeriodCode, periodLabel } from '@shared/engine/index.ts';
import type { Lang } from '@shared/errors.ts';
import type {
  CategoryComboDetail,
  CategoryView,
  DataElementView,
  IndicatorView,
  ProgramNode,
  TargetView,
  ValidationRuleView,
} from '@shared/schemas/catalog.ts';
import type { ComboRow, CategoryRow, DataElementRow, IndicatorRow, ProgramItemRow, ValidationRuleRow } from './catalog.repository.ts';
import { inWords, type CatalogueSnapshot } from './expressions.ts';
import type { TargetRowView } from './targets.repository.ts';

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const iso = (d: Date) => d.toISOString();

export function presentProgramTree(rows: ProgramItemRow[]): ProgramNode[] {
  const nodes = new Map<string, ProgramNode>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      code: r.code,
      kind: r.kind,
      parentId: r.parent_id,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      description: r.description,
      sortOrder: r.sort_order,
      dataElementCount: Number(r.data_element_count ?? 0),
      indicatorCount: Number(r.indicator_count ?? 0),
      children: [],
    });
  }
  const roots: ProgramNode[] = [];
  // Rows arrive ordered by sort order then code; children keep that order.
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function presentProgramItem(rows: ProgramItemRow[], id: string): ProgramNode | undefined {
  const find = (nodes: ProgramNode[]): ProgramNode | undefined => {
    for (const n of nodes) {
      if (n.id === id) return n;
      const inner = find(n.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(presentProgramTree(rows));
}

export function presentCategory(c: CategoryRow): CategoryView {
  return {
    id: c.id,
    code: c.code,
    nameVi: c.name_vi,
    nameEn: c.name_en,
    description: c.description,
    sortOrder: c.sort_order,
    options: c.options.map((o) => ({ id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en, sortOrder: o.sort_order, inUse: Boolean(o.in_use) })),
    comboCodes: c.comboCodes,
  };
}

export function presentComboSummary(c: ComboRow) {
  return {
    id: c.id,
    code: c.code,
    nameVi: c.name_vi,
    nameEn: c.name_en,
    isDefault: c.is_default,
    categories: c.categories.map((k) => ({ id: k.id, code: k.code, nameVi: k.name_vi, nameEn: k.name_en })),
    optionComboCount: Number(c.option_combo_count ?? 0),
    dataElementCount: Number(c.data_element_count ?? 0),
  };
}

export function presentComboDetail(
  c: ComboRow,
  optionCombos: { id: string; code: string; name_vi: string; name_en: string | null; option_ids: string[]; active: boolean }[],
): CategoryComboDetail {
  return {
    ...presentComboSummary(c),
    optionCombos: optionCombos.map((o) => ({ id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en, optionIds: o.option_ids.map(String), active: o.active })),
  };
}

export function presentDataElement(d: DataElementRow): DataElementView {
  return {
    id: d.id,
    code: d.code,
    nameVi: d.name_vi,
    nameEn: d.name_en,
    shortName: d.short_name,
    description: d.description,
    valueType: d.value_type,
    aggregationType: d.aggregation_type,
    zeroIsSignificant: d.zero_is_significant,
    categoryCombo: { id: d.category_combo_id, code: d.combo_code, nameVi: d.combo_name_vi, nameEn: d.combo_name_en },
    programItem: d.program_item_id && d.program_code ? { id: d.program_item_id, code: d.program_code, nameVi: d.program_name_vi ?? '', nameEn: d.program_name_en ?? null } : null,
    unitOfMeasureVi: d.unit_of_measure_vi,
    minValue: num(d.min_value),
    maxValue: num(d.max_value),
    createdAt: iso(d.created_at),
    updatedAt: iso(d.updated_at),
  };
}

export function presentIndicator(i: IndicatorRow, snapshot: CatalogueSnapshot, lang: Lang, targets: { period: string; value: number }[]): IndicatorView {
  return {
    id: i.id,
    code: i.code,
    nameVi: i.name_vi,
    nameEn: i.name_en,
    description: i.description,
    numerator: i.numerator,
    numeratorDescription: i.numerator_description,
    numeratorInWords: inWords(i.numerator, snapshot, lang),
    denominator: i.denominator,
    denominatorDescription: i.denominator_description,
    denominatorInWords: inWords(i.denominator, snapshot, lang),
    factor: Number(i.factor),
    decimals: i.decimals,
    direction: i.direction,
    programItem: i.program_item_id && i.program_code ? { id: i.program_item_id, code: i.program_code, nameVi: i.program_name_vi ?? '', nameEn: i.program_name_en ?? null } : null,
    unitOfMeasureVi: i.unit_of_measure_vi,
    nationalTargets: targets,
    createdAt: iso(i.created_at),
    updatedAt: iso(i.updated_at),
  };
}

export function presentValidationRule(r: ValidationRuleRow, snapshot: CatalogueSnapshot, lang: Lang): ValidationRuleView {
  return {
    id: r.id,
    code: r.code,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    description: r.description,
    left: r.left_expr,
    leftInWords: inWords(r.left_expr, snapshot, lang),
    operator: r.operator,
    right: r.right_expr,
    rightInWords: inWords(r.right_expr, snapshot, lang),
    importance: r.importance,
    messageVi: r.message_vi,
    messageEn: r.message_en,
    missingValueStrategy: r.missing_value_strategy,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Audit snapshots: the fields that matter, as stored. */
export const auditElement = (d: { code: string; name_vi: string; name_en: string | null; value_type: string; aggregation_type: string; category_combo_id: string; program_item_id: string | null; min_value: string | null; max_value: string | null; zero_is_significant: boolean; unit_of_measure_vi: string | null; short_name: string | null; description: string | null }) => ({
  code: d.code,
  nameVi: d.name_vi,
  nameEn: d.name_en,
  shortName: d.short_name,
  description: d.description,
  valueType: d.value_type,
  aggregationType: d.aggregation_type,
  zeroIsSignificant: d.zero_is_significant,
  categoryComboId: d.category_combo_id,
  programItemId: d.program_item_id,
  unitOfMeasureVi: d.unit_of_measure_vi,
  minValue: num(d.min_value),
  maxValue: num(d.max_value),
});

export function presentTarget(t: TargetRowView, lang: Lang, manage: boolean): TargetView {
  return {
    id: t.id,
    indicator: { id: t.indicator_id, code: t.indicator_code, nameVi: t.indicator_name_vi, nameEn: t.indicator_name_en, unitOfMeasureVi: t.indicator_unit, direction: t.indicator_direction },
    unit: { id: t.unit_id, code: t.unit_code, name: t.unit_name, kind: t.unit_kind },
    period: t.period,
    periodLabel: isPeriodCode(t.period) ? periodLabel(t.period, lang) : t.period,
    value: Number(t.value),
    note: t.note,
    updatedAt: iso(t.updated_at),
    updatedBy: t.updated_by && t.updated_by_name ? { id: t.updated_by, displayName: t.updated_by_name } : null,
    abilities: { manage },
  };
}
