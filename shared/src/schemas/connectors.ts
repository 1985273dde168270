// Sector database connectors (issue 7, item 6; ADR 0009): a connector pulls a CSV or JSON
// file from another ministry's system (a bearer token by OAuth 2.0 client credentials) or
// takes an uploaded one, maps external codes to our units and data elements, writes through
// the normal import path and keeps a reconciliation report per run. The client secret is
// write-only: the API says whether one is set, never what it is.
import { z } from 'zod';
import { dataImportReport } from './data-exchange.ts';
import { idSchema, text } from './common.ts';

/** The built-in layouts of external files (server: modules/connectors/profiles.ts). */
export const CONNECTOR_PROFILES = ['poverty_households'] as const;
export const connectorProfile = z.enum(CONNECTOR_PROFILES);
export const connectorKind = z.enum(['http', 'file']);
export const connectorFormat = z.enum(['csv', 'json']);

const url = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/\S+$/i, 'Địa chỉ phải bắt đầu bằng https:// (hoặc http:// cho máy cục bộ)');

/** Five cron fields (minute hour day month weekday), Vietnam time; checked fully on the server. */
const cron = z
  .string()
  .trim()
  .min(9)
  .max(100)
  .regex(/^\S+( \S+){4}$/, 'Lịch chạy gồm 5 trường cron: phút giờ ngày tháng thứ (ví dụ "0 2 * * *" = 2 giờ sáng hằng ngày)');

const fields = {
  name: text(2, 200),
  format: connectorFormat,
  profile: connectorProfile,
  sourceUrl: url.nullable().optional(),
  tokenUrl: url.nullable().optional(),
  clientId: text(1, 200).nullable().optional(),
  /** Write-only; kept sealed; omitted on an edit = unchanged. */
  clientSecret: z.string().min(1).max(500).nullable().optional(),
  tokenScope: text(1, 200).nullable().optional(),
  scopeUnitId: idSchema.nullable().optional(),
  schedule: cron.nullable().optional(),
  enabled: z.boolean().optional(),
};

export const connectorBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{1,49}$/, 'Mã gồm 2–50 ký tự: chữ thường không dấu, số, "-" hoặc "_"'),
    kind: connectorKind,
    ...fields,
  })
  .strict();
export type ConnectorBody = z.infer<typeof connectorBody>;

/** An edit: any field but code and kind, at least one. */
export const connectorPatch = z
  .object(fields)
  .partial()
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Cần ít nhất một trường để sửa' });
export type ConnectorPatch = z.infer<typeof connectorPatch>;

const ref = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const connectorRunState = z.enum(['running', 'done', 'rejected', 'failed']);
export const connectorRunTrigger = z.enum(['manual', 'schedule', 'upload']);
export const reconciliationCounts = z.object({
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  unmapped: z.number(),
  conflicting: z.number(),
  /** Cells written (new + changed) — 0 for a dry run or a refused run. */
  written: z.number(),
});

export const connectorRunSummary = z.object({
  id: z.string(),
  trigger: connectorRunTrigger,
  dryRun: z.boolean(),
  state: connectorRunState,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  triggeredBy: z.string().nullable(),
  fileName: z.string().nullable(),
  rowsRead: z.number().nullable(),
  counts: reconciliationCounts.nullable(),
  /** Why the run failed or was refused, in Vietnamese. */
  error: z.string().nullable(),
});
export type ConnectorRunSummary = z.infer<typeof connectorRunSummary>;

/** One cell of the file: where it came from (row, column) and where it goes. */
export const reconciliationItem = z.object({
  row: z.number(),
  column: z.string(),
  unitCode: z.string(),
  unit: ref,
  dataElement: ref,
  period: z.string(),
  value: z.string(),
  /** The stored value before the run (changed, conflicting) or null (new). */
  storedValue: z.string().nullable(),
  storedSource: z.string().nullable(),
});
export type ReconciliationItem = z.infer<typeof reconciliationItem>;

/** A value entered by hand that differs from the file: never written, listed for a person to decide. */
export const conflictItem = reconciliationItem.extend({
  enteredBy: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  enteredAt: z.string(),
});
export type ConflictItem = z.infer<typeof conflictItem>;

export const unmappedItem = z.object({
  /** The file's row (1 = the header: a column without a mapping). */
  row: z.number(),
  kind: z.enum(['unit', 'element', 'out_of_scope']),
  code: z.string(),
  name: z.string().nullable(),
  message: z.string(),
});
export type UnmappedItem = z.infer<typeof unmappedItem>;

export const rowProblem = z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string(), value: z.string().optional() });
export type RowProblem = z.infer<typeof rowProblem>;

export const reconciliationReport = z.object({
  profile: connectorProfile,
  format: connectorFormat,
  rowsRead: z.number(),
  counts: reconciliationCounts,
  new: z.array(reconciliationItem),
  changed: z.array(reconciliationItem),
  unchanged: z.array(reconciliationItem),
  conflicting: z.array(conflictItem),
  unmapped: z.array(unmappedItem),
  /** Rows the connector could not read (no commune code, a bad year): the run is refused. */
  invalid: z.array(rowProblem),
  /** Lists are cut at 5 000 entries each; the counts are complete. */
  truncated: z.boolean(),
  /** The import's own report: counts of a write or a dry run, or the rejected rows. */
  import: dataImportReport.nullable(),
});
export type ReconciliationReport = z.infer<typeof reconciliationReport>;

export const connectorRunView = connectorRunSummary.extend({ report: reconciliationReport.nullable() });
export type ConnectorRunView = z.infer<typeof connectorRunView>;

export const connectorView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: connectorKind,
  format: connectorFormat,
  profile: connectorProfile,
  sourceUrl: z.string().nullable(),
  tokenUrl: z.string().nullable(),
  clientId: z.string().nullable(),
  /** Whether a client secret is set (the secret itself never leaves the server). */
  hasClientSecret: z.boolean(),
  tokenScope: z.string().nullable(),
  scopeUnit: ref.nullable(),
  schedule: z.string().nullable(),
  /** The next scheduled start (ISO), when enabled and scheduled. */
  nextRunAt: z.string().nullable(),
  enabled: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRun: connectorRunSummary.nullable(),
});
export type ConnectorView = z.infer<typeof connectorView>;

export const connectorMappingInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), externalCode: text(1, 100), unitId: idSchema }).strict(),
  /** cocId omitted: the element's default option combination (elements without disaggregation). */
  z.object({ kind: z.literal('element'), externalCode: text(1, 100), dataElementId: idSchema, cocId: idSchema.optional() }).strict(),
]);
export type ConnectorMappingInput = z.infer<typeof connectorMappingInput>;

/** Upsert by (kind, externalCode): existing codes are repointed, new ones added. */
export const connectorMappingsPut = z.object({ items: z.array(connectorMappingInput).min(1).max(5000) }).strict();

export const connectorMappingView = z.object({
  id: z.string(),
  kind: z.enum(['unit', 'element']),
  externalCode: z.string(),
  unit: ref.nullable(),
  dataElement: ref.nullable(),
  coc: ref.nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type ConnectorMappingView = z.infer<typeof connectorMappingView>;

export const connectorMappingParams = z.object({ id: idSchema, mappingId: idSchema }).strict();
export const connectorRunParams = z.object({ id: idSchema, runId: idSchema }).strict();
export const connectorRunBody = z.object({ dryRun: z.boolean().default(false) }).strict();
export const connectorUploadQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') }).strict();
export const connectorRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const connectorProfileView = z.object({
  code: connectorProfile,
  name: z.string(),
  description: z.string(),
  unitColumn: z.string(),
  yearColumn: z.string(),
  columns: z.array(z.object({ name: z.string(), description: z.string(), required: z.boolean(), defaultElement: z.string().nullable() })),
});
export type ConnectorProfileView = z.infer<typeof connectorProfileView>;
