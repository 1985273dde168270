// API contracts for report forms (biểu mẫu): the form with its sections and elements
// (a grid whose columns are the elements' category option combinations), assignment to
// units, due rules per unit kind, lock exceptions, and the periods open for entry.
import { z } from 'zod';
import { idSchema, text } from './common.ts';

export const FORM_PERIOD_TYPES = ['month', 'quarter', 'sixMonth', 'year'] as const;
export const formPeriodType = z.enum(FORM_PERIOD_TYPES);
export const FORM_UNIT_KINDS = ['commune', 'province', 'nation'] as const;
export const formUnitKind = z.enum(FORM_UNIT_KINDS);
export type FormUnitKind = z.infer<typeof formUnitKind>;

export const formCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9_.-]{1,39}$/, 'Mã gồm chữ in hoa không dấu, chữ số, dấu gạch (ví dụ BM01_XA_QUY).');

const sectionElement = z.object({ dataElementId: idSchema, required: z.boolean().optional() }).strict();
const sectionInput = z
  .object({
    code: z.string().trim().regex(/^[A-Z0-9_]{1,20}$/, 'Mã phần gồm chữ in hoa không dấu, chữ số, dấu gạch dưới.'),
    nameVi: text(1, 300),
    nameEn: text(1, 300).optional(),
    elements: z.array(sectionElement).max(500),
  })
  .strict();

export const formBody = z
  .object({
    code: formCode,
    nameVi: text(1, 500),
    nameEn: text(1, 500).optional(),
    description: text(0, 2000).optional(),
    periodType: formPeriodType,
    lockDaysAfterDue: z.number().int().min(0).max(3660).nullable().optional(),
    approveBeforeChildren: z.boolean().optional(),
    sections: z.array(sectionInput).max(50).optional(),
    validationRuleIds: z.array(idSchema).max(500).optional(),
  })
  .strict();
export type FormInput = z.infer<typeof formBody>;

export const formUpdateBody = formBody.omit({ code: true, periodType: true }).partial().strict();
export type FormChange = z.infer<typeof formUpdateBody>;

export const dueRuleInput = z
  .object({
    unitKind: formUnitKind,
    daysAfterEnd: z.number().int().min(0).max(3660).optional(),
    fixedDate: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).strict().optional(),
    yearOffset: z.union([z.literal(0), z.literal(1)]).optional(),
  })
  .strict()
  .refine((r) => (r.daysAfterEnd === undefined) !== (r.fixedDate === undefined), {
    message: 'Chọn đúng một cách tính hạn: số ngày sau kỳ hoặc ngày cố định.',
    path: ['daysAfterEnd'],
  });
export const dueRulesBody = z.object({ rules: z.array(dueRuleInput).max(3) }).strict();
export type DueRulesInput = z.infer<typeof dueRulesBody>;

export const assignmentInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('level'), unitKind: formUnitKind }).strict(),
  z.object({ mode: z.literal('group'), groupId: idSchema }).strict(),
  z.object({ mode: z.literal('unit'), unitId: idSchema }).strict(),
]);
export const assignmentsBody = z.object({ assignments: z.array(assignmentInput).max(5000) }).strict();
export type AssignmentsInput = z.infer<typeof assignmentsBody>;

export const lockExceptionBody = z
  .object({
    unitId: idSchema,
    period: z.string().trim().min(4).max(10).optional(),
    expiresAt: z.iso.datetime({ offset: true }),
    reason: text(3, 1000),
  })
  .strict();
export type LockExceptionInput = z.infer<typeof lockExceptionBody>;

export const unitQuery = z.object({ unitId: idSchema }).strict();

const dueRuleView = z.object({
  unitKind: formUnitKind,
  daysAfterEnd: z.number().nullable(),
  fixedDate: z.object({ month: z.number(), day: z.number() }).nullable(),
  yearOffset: z.number(),
});
const assignmentView = z.object({
  id: z.string(),
  mode: z.enum(['level', 'group', 'unit']),
  unitKind: formUnitKind.nullable(),
  groupId: z.string().nullable(),
  unitId: z.string().nullable(),
  name: z.string().nullable(),
});

export const formSummary = z.object({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  periodType: formPeriodType,
  lockDaysAfterDue: z.number().nullable(),
  approveBeforeChildren: z.boolean(),
});
export const formListResponse = z.object({ items: z.array(formSummary), abilities: z.object({ manage: z.boolean() }) });

const column = z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });
export const formDetail = formSummary.extend({
  description: z.string().nullable(),
  sections: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string().nullable(),
      elements: z.array(
        z.object({
          dataElementId: z.string(),
          code: z.string(),
          nameVi: z.string(),
          nameEn: z.string().nullable(),
          valueType: z.string(),
          unitOfMeasureVi: z.string().nullable(),
          required: z.boolean(),
          /** Bounds for numeric values (the engine's ElementRules), so the web app checks cells as the server does. */
          min: z.number().nullable(),
          max: z.number().nullable(),
          zeroIsSignificant: z.boolean(),
          columns: z.array(column),
        }),
      ),
    }),
  ),
  dueRules: z.array(dueRuleView),
  assignments: z.array(assignmentView),
  /** The form's cross-element rules in the engine's shape (ValidationRule), to run offline exactly as the server does. */
  validationRules: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string().nullable(),
      left: z.string(),
      operator: z.enum(['<=', '<', '==', '!=', '>=', '>', 'compulsory_pair', 'exclusive_pair']),
      right: z.string(),
      importance: z.enum(['high', 'medium', 'low']),
      message: z.string(),
      messageEn: z.string().nullable(),
      missingValueStrategy: z.enum(['skip-if-any-missing', 'zero', 'never-skip']),
    }),
  ),
});
export type FormDetail = z.infer<typeof formDetail>;

export const lockExceptionView = z.object({
  id: z.string(),
  formId: z.string(),
  unitId: z.string(),
  period: z.string().nullable(),
  expiresAt: z.string(),
  reason: z.string(),
});

/** Unexpired lock exceptions of a form for the units the caller may grant them to. */
export const lockExceptionListResponse = z.object({
  items: z.array(lockExceptionView.extend({ unitName: z.string(), grantedBy: z.string().nullable(), createdAt: z.string() })),
});

export const periodStatus = z.enum(['future', 'open', 'locked']);
export const formPeriodsResponse = z.object({
  unitId: z.string(),
  unitKind: z.string(),
  items: z.array(
    z.object({
      code: z.string(),
      label: z.object({ vi: z.string(), en: z.string() }),
      opensAt: z.string(),
      dueAt: z.string(),
      locksAt: z.string().nullable(),
      status: periodStatus,
      exceptionUntil: z.string().nullable(),
    }),
  ),
});
