// API contracts for completeness and timeliness of reporting: for a form and a period,
// how many reports a unit and each unit below it owe, how many are in, on time, late,
// approved, missing and overdue; and, across forms, the reports of the caller's units
// that are overdue or due within a few days.
import { z } from 'zod';
import { idSchema } from './common.ts';

const periodCode = z.string().trim().min(4).max(10);

export const completenessQuery = z
  .object({
    formId: idSchema,
    period: periodCode,
    /** The unit whose children are listed; default: the caller's scope (the nation for national users, else their first unit). */
    unitId: idSchema.optional(),
  })
  .strict();
export type CompletenessQuery = z.infer<typeof completenessQuery>;

export const completenessRow = z
  .object({
    unitId: z.string(),
    unitCode: z.string(),
    unitName: z.string(),
    unitKind: z.string(),
    /** Whether units below this one report the form (the row can be opened). */
    hasChildren: z.boolean(),
    /** The earliest due instant (ISO, UTC) among the reports counted; null when none is expected. */
    dueAt: z.string().nullable(),
    expected: z.number().int(),
    submitted: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    approved: z.number().int(),
    returned: z.number().int(),
    notSubmitted: z.number().int(),
    overdue: z.number().int(),
    /** submitted / expected, 0–1; null when nothing is expected. */
    completeness: z.number().nullable(),
    /** onTime / expected, 0–1; null when nothing is expected. */
    timeliness: z.number().nullable(),
  })
  .describe(
    'Counts over the current (2025) units in the subtree, the unit itself included, to which the form is assigned. ' +
      'expected: those units. submitted: reports now submitted or approved (a returned report counts again once resubmitted; a recalled one is a draft). ' +
      'onTime / late: submitted reports whose first submission was at or before / after the due instant of the unit\'s level (23:59:59.999 Vietnam time on the due day, by the form\'s current due rule). ' +
      'approved: approved reports. returned: reports returned and not yet resubmitted. notSubmitted = expected − submitted. overdue: not submitted and the due instant has passed (by the server clock).',
  );
export type CompletenessRow = z.infer<typeof completenessRow>;

export const completenessResponse = z.object({
  form: z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), periodType: z.string() }),
  period: z.string(),
  /** The server's clock when counted (ISO). */
  now: z.string(),
  /** The due instant of each level that has expected reports in the subtree. */
  dues: z.array(z.object({ unitKind: z.string(), dueAt: z.string() })),
  /** The ancestors of the unit the caller may see, from the top, for a breadcrumb. */
  path: z.array(z.object({ unitId: z.string(), unitName: z.string() })),
  /** The unit itself: everything in its subtree. */
  total: completenessRow,
  /** Each current child unit with at least one expected report; their counts add up to the total minus the unit's own report. */
  children: z.array(completenessRow),
});
export type CompletenessResponse = z.infer<typeof completenessResponse>;

export const attentionQuery = z
  .object({
    /** Only this form; default: every form. */
    formId: idSchema.optional(),
    /** Only this unit's subtree (must be in the caller's scope); default: the whole scope. */
    unitId: idSchema.optional(),
    /** "Due soon" means due between now and now + days. */
    days: z.coerce.number().int().min(1).max(60).default(7),
    /** At most this many items per list (the totals count all). */
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();
export type AttentionQuery = z.infer<typeof attentionQuery>;

export const attentionItem = z.object({
  formId: z.string(),
  formCode: z.string(),
  formNameVi: z.string(),
  formNameEn: z.string().nullable(),
  period: z.string(),
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  parentName: z.string().nullable(),
  dueAt: z.string(),
  /** draft (never submitted or recalled) or returned. */
  state: z.enum(['draft', 'returned']),
});
export type AttentionItem = z.infer<typeof attentionItem>;

const attentionList = z.object({ total: z.number().int(), items: z.array(attentionItem) });

export const attentionResponse = z
  .object({
    now: z.string(),
    days: z.number().int(),
    /** Not submitted though the due instant has passed, in periods still open for entry; most overdue first. */
    overdue: attentionList,
    /** Not submitted, due between now and now + days; soonest first. */
    dueSoon: attentionList,
  })
  .describe(
    'Reports of current units in the caller\'s scope (or the given unit\'s subtree) to which a form is assigned, not submitted (draft or returned), ' +
      'for periods that have started and are not locked for the unit\'s level (lock exceptions are not considered; forms that never lock look back one year).',
  );
export type AttentionResponse = z.infer<typeof attentionResponse>;
