// The consolidated report's table, without React: the form's sections and elements that
// the report carries, the leaf columns (an element's total, or one per option combo and
// the total when disaggregated), the periods a picker offers, and the Vietnamese number
// format (1.234,5; averages with 1–2 decimals; an empty cell is "–").
import { addPeriods, childPeriods, parentPeriod, periodContaining, periodType, PERIOD_TYPES, tryParsePeriod, type PeriodType } from '@shared/engine/periods.ts';
import type { FormDetail } from '@shared/schemas/forms.ts';
import type { ConsolidatedReport } from '@shared/schemas/reports.ts';
import type { UiLang } from '../../lib/format';

export type AggregationType = ConsolidatedReport['elements'][number]['aggregationType'];

export interface LeafColumn {
  key: string;
  elementId: string;
  /** null: the element's figure (its total over the option combos). */
  cocId: string | null;
  title: string;
  aggregationType: AggregationType;
  valueType: string;
}

export interface ElementGroup {
  elementId: string;
  code: string;
  title: string;
  unitOfMeasure: string | null;
  aggregationType: AggregationType;
  leaves: LeafColumn[];
}

export interface SectionGroup {
  id: string;
  title: string;
  elements: ElementGroup[];
}

const pick = (vi: string, en: string | null, lang: UiLang) => (lang === 'en' ? (en ?? vi) : vi);

/** The form's sections with the elements the report has, in the form's order. */
export function reportColumns(form: FormDetail, elements: ConsolidatedReport['elements'], disaggregate: boolean, lang: UiLang, totalLabel: string): SectionGroup[] {
  const agg = new Map(elements.map((e) => [e.id, e.aggregationType]));
  return form.sections
    .map((s) => ({
      id: s.id,
      title: pick(s.nameVi, s.nameEn, lang),
      elements: s.elements
        .filter((e) => agg.has(e.dataElementId))
        .map((e): ElementGroup => {
          const aggregationType = agg.get(e.dataElementId)!;
          const base = { elementId: e.dataElementId, aggregationType, valueType: e.valueType };
          const split = disaggregate && e.columns.length > 1;
          return {
            elementId: e.dataElementId,
            code: e.code,
            title: pick(e.nameVi, e.nameEn, lang),
            unitOfMeasure: e.unitOfMeasureVi,
            aggregationType,
            leaves: split
              ? [
                  ...e.columns.map((c) => ({ ...base, key: `${e.dataElementId}:${c.id}`, cocId: c.id, title: pick(c.nameVi, c.nameEn, lang) })),
                  { ...base, key: e.dataElementId, cocId: null, title: totalLabel },
                ]
              : [{ ...base, key: e.dataElementId, cocId: null, title: pick(e.nameVi, e.nameEn, lang) }],
          };
        }),
    }))
    .filter((s) => s.elements.length > 0);
}

export function cellValue(row: ConsolidatedReport['rows'][number], leaf: Pick<LeafColumn, 'elementId' | 'cocId'>): number | null {
  if (leaf.cocId === null) return row.values[leaf.elementId] ?? null;
  return row.byCoc?.[leaf.elementId]?.[leaf.cocId] ?? null;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(lang: UiLang, min: number, max: number): Intl.NumberFormat {
  const key = `${lang}:${min}:${max}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
    formatters.set(key, f);
  }
  return f;
}

export const EMPTY_CELL = '–';

/** 1.234 / 1.234,5 (vi); averages 12,5 / 12,25; weighted integer totals keep one decimal when not whole. */
export function formatFigure(value: number | null | undefined, leaf: Pick<LeafColumn, 'aggregationType' | 'valueType'>, lang: UiLang): string {
  if (value === null || value === undefined || Number.isNaN(value)) return EMPTY_CELL;
  if (leaf.aggregationType === 'average') return formatter(lang, 1, 2).format(value);
  if (leaf.valueType === 'integer' || leaf.aggregationType === 'count') return formatter(lang, 0, 1).format(value);
  return formatter(lang, 0, 2).format(value);
}

/** The period types a picker offers for a form: its own and every coarser one (no days). */
export function periodTypesFor(formType: PeriodType): PeriodType[] {
  return PERIOD_TYPES.slice(PERIOD_TYPES.indexOf(formType)).filter((t) => t !== 'day');
}

/** How far back a picker goes: back to 2021 (the pre-2025 history) for quarters and longer. */
const CHOICES: Record<PeriodType, number> = { day: 31, month: 36, quarter: 24, sixMonth: 12, year: 12 };

/** The last periods of a type up to now, with `keep` added (newest first) when it is older. */
export function periodChoices(type: PeriodType, now: Date, keep: string | null, count = CHOICES[type]): string[] {
  const current = periodContaining(type, now);
  const list = Array.from({ length: count }, (_, i) => addPeriods(current, -i));
  if (keep && !list.includes(keep)) list.push(keep);
  return list;
}

export function typeOfPeriod(code: string): PeriodType | null {
  const p = tryParsePeriod(code);
  return p.ok ? periodType(p.period) : null;
}

/** The period of another type for the same time: the one containing it, or its first part. */
export function convertPeriod(code: string, to: PeriodType): string {
  const from = typeOfPeriod(code);
  if (!from || from === to) return code;
  if (PERIOD_TYPES.indexOf(to) > PERIOD_TYPES.indexOf(from)) return parentPeriod(code, to);
  return childPeriods(code, to)[0] ?? code;
}
