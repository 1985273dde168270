// API contract of the offline package (issue 8): everything data entry needs for the
// caller's units, in one download, each piece exactly the answer of the endpoint it
// mirrors — so the web app puts each piece into its query cache under that endpoint's
// key and the entry screen works the same with the network gone.
import { z } from 'zod';
import { idSchema } from './common.ts';
import { dataValuesResponse } from './data-values.ts';
import { formDetail, formListResponse, formPeriodsResponse } from './forms.ts';
import { submissionView } from './submissions.ts';
import { unitDetail } from './units.ts';

/** Without unitId: the units where the caller holds data.enter (their own, not below) that have forms assigned. */
export const offlinePackageQuery = z.object({ unitId: idSchema.optional() }).strict();
export type OfflinePackageQuery = z.infer<typeof offlinePackageQuery>;

export const offlinePackage = z.object({
  generatedAt: z.string(),
  /** GET /api/units/:id for each unit. */
  units: z.array(unitDetail),
  /** GET /api/forms/assigned?unitId= for each unit. */
  assigned: z.array(z.object({ unitId: z.string(), forms: formListResponse })),
  /** GET /api/forms/:id for each form assigned to one of the units (grid, validation rules). */
  forms: z.array(formDetail),
  /** GET /api/forms/:id/periods?unitId= for each (form, unit). */
  periods: z.array(z.object({ formId: z.string(), unitId: z.string(), periods: formPeriodsResponse })),
  /** GET /api/data-values for each (form, unit) and each open period (the 4 most recent at most). */
  values: z.array(z.object({ formId: z.string(), unitId: z.string(), period: z.string(), data: dataValuesResponse })),
  /** GET /api/submissions/status for the same (form, unit, period). */
  submissions: z.array(z.object({ formId: z.string(), unitId: z.string(), period: z.string(), view: submissionView })),
});
export type OfflinePackage = z.infer<typeof offlinePackage>;

/** What the package holds and weighs, to show before downloading it. */
export const offlinePackageSummary = z.object({
  units: z.number().int(),
  forms: z.number().int(),
  /** (form, unit, period) reports packed. */
  periods: z.number().int(),
  /** Stored cells packed. */
  cells: z.number().int(),
  /** Size of the package's JSON, in bytes (UTF-8). */
  bytes: z.number().int(),
  /** The same, gzip-compressed. */
  gzipBytes: z.number().int(),
});
export type OfflinePackageSummary = z.infer<typeof offlinePackageSummary>;
