// zod schemas for the engine's configuration (period codes, due rules, validation
// rules, element rules), so API contracts and web forms validate with the engine's
// own parsers and messages. The rest of the engine does not depend on zod.

import { z } from 'zod';
import { MISSING_VALUE_STRATEGIES, parseExpression, type ExpressionValueType } from './expression.ts';
import { PERIOD_TYPES, tryParsePeriod, type DueRule, type PeriodType } from './periods.ts';
import {
  VALIDATION_OPERATORS,
  VALUE_TYPES,
  type ElementRules,
  type Importance,
  type ValidationOperator,
  type ValidationRule,
  type ValueType,
} from './validation.ts';

/** z.enum wants a non-empty tuple; the engine's lists are readonly arrays. */
function enumOf<T extends string>(values: readonly T[]) {
  return z.enum(values as unknown as [T, ...T[]]);
}

export const periodTypeSchema = enumOf<PeriodType>(PERIOD_TYPES);

/** A period code such as 2025Q3, with the engine's Vietnamese message when malformed. */
export const periodCodeSchema = z.string().superRefine((value, ctx) => {
  const result = tryParsePeriod(value);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: result.error.message });
});

const DAYS_IN_MONTH_LEAP = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const dueRuleSchema = z.union([
  z.object({ daysAfterEnd: z.number().int().min(0).max(3660) }).strict(),
  z
    .object({
      fixedDate: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).strict(),
      yearOffset: z.union([z.literal(0), z.literal(1)]).optional(),
    })
    .strict()
    .refine((rule) => rule.fixedDate.day <= DAYS_IN_MONTH_LEAP[rule.fixedDate.month - 1], {
      message: 'Ngày hạn nộp không tồn tại trong tháng đã chọn.',
      path: ['fixedDate', 'day'],
    }),
]);

/** An expression text that parses (and yields `expect`), with the parser's message. */
export function expressionSchema(expect: ExpressionValueType = 'number') {
  return z
    .string()
    .max(10_000)
    .superRefine((value, ctx) => {
      const result = parseExpression(value, { expect });
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.error.message, params: { position: result.error.position } });
    });
}

export const missingValueStrategySchema = enumOf(MISSING_VALUE_STRATEGIES);
export const validationOperatorSchema = enumOf<ValidationOperator>(VALIDATION_OPERATORS);
export const importanceSchema = enumOf<Importance>(['high', 'medium', 'low']);
export const valueTypeSchema = enumOf<ValueType>(VALUE_TYPES);

export const validationRuleSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9_]{1,50}$/, 'Mã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch dưới.'),
    name: z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().min(1).max(300)),
    left: expressionSchema('number'),
    operator: validationOperatorSchema,
    right: expressionSchema('number'),
    importance: importanceSchema,
    message: z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().min(1).max(500)),
    messageEn: z.string().trim().min(1).max(500).optional(),
    missingValueStrategy: missingValueStrategySchema,
  })
  .strict();

export const elementRulesSchema = z
  .object({
    valueType: valueTypeSchema,
    required: z.boolean().optional(),
    min: z.number().finite().nullable().optional(),
    max: z.number().finite().nullable().optional(),
    maxLength: z.number().int().min(1).max(50_000).nullable().optional(),
    zeroIsSignificant: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.min === null || r.min === undefined || r.max === null || r.max === undefined || r.min <= r.max, {
    message: 'Giá trị tối thiểu phải nhỏ hơn hoặc bằng giá trị tối đa.',
    path: ['max'],
  });

// The schemas must describe exactly what the engine accepts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemaChecks = [
  Assert<Same<z.infer<typeof dueRuleSchema>, DueRule>>,
  Assert<Same<z.infer<typeof validationRuleSchema>, ValidationRule>>,
  Assert<Same<z.infer<typeof elementRulesSchema>, ElementRules>>,
];
