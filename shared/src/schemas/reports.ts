// API contracts for consolidated reports (báo cáo tổng hợp): for a form and a period (the
// form's own period type or any coarser one), one row per child unit plus the unit's
// total, in the 2025 or the pre-2025 hierarchy, with all data or approved data only.
import { z } from 'zod';
import { idSchema } from './common.ts';

export const HIERARCHY_VIEWS = ['2025', 'pre2025'] as const;
export const hierarchyView = z.enum(HIERARCHY_VIEWS);
export type HierarchyView = z.infer<typeof hierarchyView>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const consolidatedQuery = z
  .object({
    formId: idSchema,
    unitId: idSchema,
    period: z.string().trim().min(4).max(10),
    /** Default: the unit's own hierarchy (2025 for the nation). */
    view: hierarchyView.optional(),
    /** Only values of approved reports. */
    approvedOnly: flag.optional(),
    /** Add the value of every category option combination next to each element's total. */
    disaggregate: flag.optional(),
  })
  .strict();
export type ConsolidatedQuery = z.infer<typeof consolidatedQuery>;

export const reportUnit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  hierarchy: z.string(),
  validTo: z.string().nullable(),
});

export const consolidatedResponse = z.object({
  formId: z.string(),
  period: z.string(),
  view: hierarchyView,
  approvedOnly: z.boolean(),
  unit: reportUnit,
  /** The unit's ancestors the caller may open, from the top. */
  path: z.array(reportUnit),
  elements: z.array(z.object({ id: z.string(), code: z.string(), aggregationType: z.enum(['sum', 'average', 'last', 'min', 'max', 'count']) })),
  rows: z.array(
    z.object({
      unit: reportUnit.extend({ hasChildren: z.boolean() }),
      /** The unit itself: its own values and everything below it. */
      total: z.boolean(),
      values: z.record(z.string(), z.number().nullable()),
      byCoc: z.record(z.string(), z.record(z.string(), z.number().nullable())).optional(),
    }),
  ),
});
export type ConsolidatedReport = z.infer<typeof consolidatedResponse>;

export const reportRootsQuery = z.object({ view: hierarchyView }).strict();
export const reportRootsResponse = z.object({ items: z.array(reportUnit) });

/** A unit's figures year by year next to its predecessors' (or successors') — history across the 2025 reorganisation. */
export const lineageQuery = z.object({ unitId: idSchema, formId: idSchema }).strict();
export const lineageResponse = z.object({
  formId: z.string(),
  years: z.array(z.string()),
  elements: z.array(z.object({ id: z.string(), code: z.string(), aggregationType: z.enum(['sum', 'average', 'last', 'min', 'max', 'count']) })),
  rows: z.array(
    z.object({
      unit: reportUnit,
      relation: z.enum(['self', 'predecessor', 'successor']),
      /** Share of the old unit that went into the new one (succession weight). */
      weight: z.number().nullable(),
      view: hierarchyView,
      /** element id → year → figure (own values and everything that counts in the unit). */
      values: z.record(z.string(), z.record(z.string(), z.number().nullable())),
    }),
  ),
});
export type UnitLineage = z.infer<typeof lineageResponse>;
