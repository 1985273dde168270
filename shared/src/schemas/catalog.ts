// API contracts for the indicator catalogue: program tree, disaggregation categories
// and combinations, data elements, indicators, validation rules and targets.
// Expressions and period codes are checked on the server with the engine (so errors
// carry the engine's position and message), not here: zod would replace those
// messages with its generic Vietnamese one.
import { z } from 'zod';
import { importanceSchema, missingValueStrategySchema, validationOperatorSchema, valueTypeSchema } from '../engine/schemas.ts';
import { idSchema, pagingQuery, text } from './common.ts';
import { importRowError } from './units.ts';

/** Free text that may be cleared with null on update. */
const longText = (max: number) => z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().max(max));
const abilities = z.object({ manage: z.boolean() });

// ---------------------------------------------------------------------------------
// Program tree

export const PROGRAM_ITEM_KINDS = ['project', 'subproject', 'content'] as const;
export const programItemKind = z.enum(PROGRAM_ITEM_KINDS);
export type ProgramItemKind = z.infer<typeof programItemKind>;

/** 'DA1', 'DA3.TDA2', 'DA1.ND2': segments of capitals and digits joined by dots. */
export const programItemCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{1,12}(\.[A-Z0-9]{1,12}){0,3}$/, 'Mã gồm chữ in hoa không dấu và chữ số, các cấp ngăn bằng dấu chấm (ví dụ DA3.TDA2).');

export const programItemBody = z
  .object({
    code: programItemCode,
    kind: programItemKind,
    parentId: idSchema.optional(),
    nameVi: text(1, 500),
    nameEn: text(1, 500).optional(),
    description: longText(2000).optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type ProgramItemInput = z.infer<typeof programItemBody>;

export const programItemUpdateBody = z
  .object({
    nameVi: text(1, 500).optional(),
    nameEn: text(1, 500).nullable().optional(),
    description: longText(2000).nullable().optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type ProgramItemChange = z.infer<typeof programItemUpdateBody>;

export const programItemView = z.object({
  id: z.string(),
  code: z.string(),
  kind: programItemKind,
  parentId: z.string().nullable(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  sortOrder: z.number(),
  /** Elements and indicators attached to this item itself (not its children). */
  dataElementCount: z.number(),
  indicatorCount: z.number(),
});
export type ProgramItemView = z.infer<typeof programItemView>;

export interface ProgramNode extends ProgramItemView {
  children: ProgramNode[];
}
export const programNode: z.ZodType<ProgramNode> = programItemView.extend({
  get children() {
    return z.array(programNode);
  },
});
export const programTreeResponse = z.object({ items: z.array(programNode), abilities });

/** A program item as other views name it. */
export const programItemRef = z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });

// ---------------------------------------------------------------------------------
// Categories, options, combinations

/** Option codes go into expression references (#{ELEMENT.08_NU}): capitals, digits, underscores. */
export const categoryOptionCode = z.string().trim().regex(/^[A-Z0-9][A-Z0-9_]{0,19}$/, 'Mã gồm chữ in hoa không dấu, chữ số và dấu gạch dưới (tối đa 20 ký tự).');
export const categoryCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'Mã bắt đầu bằng chữ in hoa, gồm chữ in hoa không dấu, chữ số và dấu gạch dưới.');

export const categoryOptionInput = z.object({ code: categoryOptionCode, nameVi: text(1, 200), nameEn: text(1, 200).optional() }).strict();
export type CategoryOptionInput = z.infer<typeof categoryOptionInput>;

export const categoryBody = z
  .object({
    code: categoryCode,
    nameVi: text(1, 200),
    nameEn: text(1, 200).optional(),
    description: longText(2000).optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    /** In display order. */
    options: z.array(categoryOptionInput).min(1).max(500),
  })
  .strict();
export type CategoryInput = z.infer<typeof categoryBody>;

/**
 * options: the full list in display order. Known codes are renamed or reordered, new
 * codes added; a code left out is removed only when no combination uses it.
 */
export const categoryUpdateBody = z
  .object({
    nameVi: text(1, 200).optional(),
    nameEn: text(1, 200).nullable().optional(),
    description: longText(2000).nullable().optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    options: z.array(categoryOptionInput).min(1).max(500).optional(),
  })
  .strict();
export type CategoryChange = z.infer<typeof categoryUpdateBody>;

export const categoryOptionView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  sortOrder: z.number(),
  /** Used by a combination: can be renamed, not removed. */
  inUse: z.boolean(),
});
export const categoryView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  sortOrder: z.number(),
  options: z.array(categoryOptionView),
  /** Codes of the combinations that use this category. */
  comboCodes: z.array(z.string()),
});
export type CategoryView = z.infer<typeof categoryView>;
export const categoryListResponse = z.object({ items: z.array(categoryView), abilities });

export const categoryComboBody = z
  .object({
    code: categoryCode,
    nameVi: text(1, 200),
    nameEn: text(1, 200).optional(),
    /** In the order the combination's names read ("H'Mông, Nữ" for [ETHNIC, SEX]). */
    categoryIds: z.array(idSchema).min(1).max(4),
  })
  .strict();
export type CategoryComboInput = z.infer<typeof categoryComboBody>;

export const categoryRef = z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });
export const categoryComboSummary = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  isDefault: z.boolean(),
  categories: z.array(categoryRef),
  /** Active option combinations. */
  optionComboCount: z.number(),
  dataElementCount: z.number(),
});
export const optionComboView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  optionIds: z.array(z.string()),
  /** False when an option it stood for no longer exists; kept so stored data keeps its meaning. */
  active: z.boolean(),
});
export const categoryComboDetail = categoryComboSummary.extend({ optionCombos: z.array(optionComboView) });
export type CategoryComboDetail = z.infer<typeof categoryComboDetail>;
export const categoryComboListResponse = z.object({ items: z.array(categoryComboSummary), abilities });

// ---------------------------------------------------------------------------------
// Data elements

/** How values add up across units and periods: 'last' is the last value in the period. */
export const AGGREGATION_TYPES = ['sum', 'average', 'last', 'min', 'max', 'count'] as const;
export const aggregationTypeSchema = z.enum(AGGREGATION_TYPES);
export type AggregationType = z.infer<typeof aggregationTypeSchema>;

/** No dots: in expressions a dot separates the element from its option combination. */
export const elementCode = z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,49}$/, 'Mã bắt đầu bằng chữ in hoa, gồm chữ in hoa không dấu, chữ số và dấu gạch dưới (2–50 ký tự).');

const bound = z.number().finite();

export const dataElementBody = z
  .object({
    code: elementCode,
    nameVi: text(1, 500),
    nameEn: text(1, 500).optional(),
    shortName: text(1, 100).optional(),
    description: longText(4000).optional(),
    valueType: valueTypeSchema,
    aggregationType: aggregationTypeSchema,
    /** Default true: "0 households" and "not reported" stay distinguishable. */
    zeroIsSignificant: z.boolean().optional(),
    /** Default: the DEFAULT combination (no disaggregation). */
    categoryComboId: idSchema.optional(),
    programItemId: idSchema.optional(),
    unitOfMeasureVi: text(1, 60).optional(),
    minValue: bound.nullable().optional(),
    maxValue: bound.nullable().optional(),
  })
  .strict();
export type DataElementInput = z.infer<typeof dataElementBody>;

export const dataElementUpdateBody = z
  .object({
    nameVi: text(1, 500).optional(),
    nameEn: text(1, 500).nullable().optional(),
    shortName: text(1, 100).nullable().optional(),
    description: longText(4000).nullable().optional(),
    valueType: valueTypeSchema.optional(),
    aggregationType: aggregationTypeSchema.optional(),
    zeroIsSignificant: z.boolean().optional(),
    categoryComboId: idSchema.optional(),
    programItemId: idSchema.nullable().optional(),
    unitOfMeasureVi: text(1, 60).nullable().optional(),
    minValue: bound.nullable().optional(),
    maxValue: bound.nullable().optional(),
  })
  .strict();
export type DataElementChange = z.infer<typeof dataElementUpdateBody>;

export const comboRef = z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });
export const dataElementView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  shortName: z.string().nullable(),
  description: z.string().nullable(),
  valueType: valueTypeSchema,
  aggregationType: aggregationTypeSchema,
  zeroIsSignificant: z.boolean(),
  categoryCombo: comboRef,
  programItem: programItemRef.nullable(),
  unitOfMeasureVi: z.string().nullable(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DataElementView = z.infer<typeof dataElementView>;
export const dataElementDetail = dataElementView.extend({
  /** The active option combinations, i.e. the cells a form shows for this element. */
  optionCombos: z.array(z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() })),
  abilities,
});
export const dataElementListQuery = z
  .object({
    /** Elements of this item and of the items below it. */
    programItemId: idSchema.optional(),
    /** Code or name, with or without diacritics. */
    q: z.string().max(100).optional(),
    valueType: valueTypeSchema.optional(),
    categoryComboId: idSchema.optional(),
    ...pagingQuery,
  })
  .strict();
export const dataElementListResponse = z.object({ items: z.array(dataElementView), total: z.number(), abilities });

// ---------------------------------------------------------------------------------
// Expressions and indicators

export const expressionText = z.string().max(10_000);
export const expressionCheckBody = z.object({ expression: expressionText, expect: z.enum(['number', 'boolean']).optional() }).strict();
export const expressionReferenceView = z.object({
  dataElement: z.string(),
  combo: z.string().optional(),
  /** Name in the request's language; null for an unknown reference. */
  name: z.string().nullable(),
  known: z.boolean(),
});
export const expressionErrorView = z.object({ message: z.string(), position: z.number(), length: z.number() });
export const expressionCheckResponse = z.object({
  ok: z.boolean(),
  valueType: z.enum(['number', 'boolean']).nullable(),
  /** The expression in words, in the request's language; null when it does not parse. */
  description: z.string().nullable(),
  references: z.array(expressionReferenceView),
  error: expressionErrorView.optional(),
});
export type ExpressionCheckResponse = z.infer<typeof expressionCheckResponse>;

export const indicatorCode = elementCode;
export const DIRECTIONS = ['higher', 'lower'] as const;
export const directionSchema = z.enum(DIRECTIONS);

export const indicatorBody = z
  .object({
    code: indicatorCode,
    nameVi: text(1, 500),
    nameEn: text(1, 500).optional(),
    description: longText(4000).optional(),
    numerator: expressionText,
    numeratorDescription: longText(1000).optional(),
    /** Default '1' (the indicator is the numerator times the factor). */
    denominator: expressionText.optional(),
    denominatorDescription: longText(1000).optional(),
    /** 100 for a percentage. */
    factor: z.number().finite().positive().optional(),
    decimals: z.number().int().min(0).max(6).optional(),
    direction: directionSchema,
    programItemId: idSchema.optional(),
    unitOfMeasureVi: text(1, 60).optional(),
  })
  .strict();
export type IndicatorInput = z.infer<typeof indicatorBody>;

export const indicatorUpdateBody = z
  .object({
    nameVi: text(1, 500).optional(),
    nameEn: text(1, 500).nullable().optional(),
    description: longText(4000).nullable().optional(),
    numerator: expressionText.optional(),
    numeratorDescription: longText(1000).nullable().optional(),
    denominator: expressionText.optional(),
    denominatorDescription: longText(1000).nullable().optional(),
    factor: z.number().finite().positive().optional(),
    decimals: z.number().int().min(0).max(6).optional(),
    direction: directionSchema.optional(),
    programItemId: idSchema.nullable().optional(),
    unitOfMeasureVi: text(1, 60).nullable().optional(),
  })
  .strict();
export type IndicatorChange = z.infer<typeof indicatorUpdateBody>;

export const indicatorView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  numerator: z.string(),
  numeratorDescription: z.string().nullable(),
  numeratorInWords: z.string(),
  denominator: z.string(),
  denominatorDescription: z.string().nullable(),
  denominatorInWords: z.string(),
  factor: z.number(),
  decimals: z.number(),
  direction: directionSchema,
  programItem: programItemRef.nullable(),
  unitOfMeasureVi: z.string().nullable(),
  /** Targets set at the national unit, by period. */
  nationalTargets: z.array(z.object({ period: z.string(), value: z.number() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IndicatorView = z.infer<typeof indicatorView>;
export const indicatorListQuery = z
  .object({ programItemId: idSchema.optional(), q: z.string().max(100).optional(), ...pagingQuery })
  .strict();
export const indicatorListResponse = z.object({ items: z.array(indicatorView), total: z.number(), abilities });
export const indicatorDetail = indicatorView.extend({ abilities });

// ---------------------------------------------------------------------------------
// Validation rules (the engine's rule shape)

export const ruleCode = z.string().trim().regex(/^[A-Z0-9_]{1,50}$/, 'Mã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch dưới.');

export const validationRuleBody = z
  .object({
    code: ruleCode,
    nameVi: text(1, 300),
    nameEn: text(1, 300).optional(),
    description: longText(2000).optional(),
    left: expressionText,
    operator: validationOperatorSchema,
    right: expressionText,
    importance: importanceSchema.optional(),
    messageVi: text(1, 500),
    messageEn: text(1, 500).optional(),
    missingValueStrategy: missingValueStrategySchema.optional(),
  })
  .strict();
export type ValidationRuleInput = z.infer<typeof validationRuleBody>;

export const validationRuleUpdateBody = z
  .object({
    nameVi: text(1, 300).optional(),
    nameEn: text(1, 300).nullable().optional(),
    description: longText(2000).nullable().optional(),
    left: expressionText.optional(),
    operator: validationOperatorSchema.optional(),
    right: expressionText.optional(),
    importance: importanceSchema.optional(),
    messageVi: text(1, 500).optional(),
    messageEn: text(1, 500).nullable().optional(),
    missingValueStrategy: missingValueStrategySchema.optional(),
  })
  .strict();
export type ValidationRuleChange = z.infer<typeof validationRuleUpdateBody>;

export const validationRuleView = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  left: z.string(),
  leftInWords: z.string(),
  operator: validationOperatorSchema,
  right: z.string(),
  rightInWords: z.string(),
  importance: importanceSchema,
  messageVi: z.string(),
  messageEn: z.string().nullable(),
  missingValueStrategy: missingValueStrategySchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ValidationRuleView = z.infer<typeof validationRuleView>;
export const validationRuleListResponse = z.object({ items: z.array(validationRuleView), abilities });

// ---------------------------------------------------------------------------------
// Targets

export const targetListQuery = z
  .object({ indicatorId: idSchema.optional(), unitId: idSchema.optional(), period: z.string().max(20).optional(), ...pagingQuery })
  .strict();
export const targetBody = z
  .object({
    indicatorId: idSchema,
    unitId: idSchema,
    /** An engine period code, usually a year: 2025. */
    period: z.string().min(1).max(20),
    value: z.number().finite(),
    note: longText(1000).nullable().optional(),
  })
  .strict();
export type TargetInput = z.infer<typeof targetBody>;

export const targetView = z.object({
  id: z.string(),
  indicator: z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), unitOfMeasureVi: z.string().nullable(), direction: directionSchema }),
  unit: z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string() }),
  period: z.string(),
  /** The period in words, in the request's language ("Năm 2025"). */
  periodLabel: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  abilities,
});
export type TargetView = z.infer<typeof targetView>;
export const targetListResponse = z.object({ items: z.array(targetView), total: z.number(), abilities: z.object({ setTargets: z.boolean() }) });

export const targetImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') }).strict();
export const targetImportReport = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.array(importRowError),
});
export type TargetImportReport = z.infer<typeof targetImportReport>;
