// API contracts for importing and exporting data values: DHIS2's dataValueSets shape
// with code identifiers (JSON and CSV), ADX (IHE Aggregate Data Exchange, XML), and an
// XLSX laid out like the form. Every import is checked in full first, all-or-nothing,
// and reports every rejected row.
import { z } from 'zod';
import { idSchema } from './common.ts';
import { importRowError } from './units.ts';

const periodCode = z.string().trim().min(4).max(10);
const boolText = z.enum(['true', 'false']);

export const DATA_IMPORT_FORMATS = ['json', 'csv', 'xlsx', 'adx'] as const;
export const dataImportFormat = z.enum(DATA_IMPORT_FORMATS);
export type DataImportFormat = z.infer<typeof dataImportFormat>;

/**
 * DHIS2's import strategies: create = only cells without a value yet (cells holding a
 * value or comment are ignored); update = only cells holding one (the others ignored);
 * create_and_update = both; delete = remove the listed cells (empty ones ignored).
 */
export const IMPORT_STRATEGIES = ['create_and_update', 'create', 'update', 'delete'] as const;
export const importStrategy = z.enum(IMPORT_STRATEGIES);
export type ImportStrategy = z.infer<typeof importStrategy>;

export const dataImportQuery = z
  .object({ format: dataImportFormat, dryRun: boolText.default('false'), importStrategy: importStrategy.default('create_and_update') })
  .strict();

/**
 * A rejected row: row = the row as the file numbers it (CSV/XLSX: the spreadsheet row,
 * header = 1; JSON: the position in dataValues, from 1); key = element/period/unit/option
 * combination as written in the file; code = a stable reason code.
 */
export const dataImportRowError = importRowError.extend({ key: z.string().optional() });
export type DataImportRowError = z.infer<typeof dataImportRowError>;

/** Reason codes a rejected row may carry. */
export const DATA_IMPORT_REASONS = [
  'required',
  'unknown_element',
  'unknown_unit',
  'ambiguous_unit',
  'unknown_coc',
  'invalid_period',
  'invalid_value',
  'ambiguous_number',
  'out_of_scope',
  'not_assigned',
  'period_locked',
  'period_future',
  'submission_locked',
  'duplicate_row',
  'too_long',
  /** Connectors only: the cell was typed on the screen since the run compared (never overwritten). */
  'entered_by_hand',
] as const;

export const dataImportReport = z.object({
  dryRun: z.boolean(),
  /** Data rows read from the file. */
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** Cells the import strategy left alone (create: cells already holding data; update and delete: cells without). */
  ignored: z.number(),
  /** Cells removed (importStrategy=delete). */
  deleted: z.number(),
  /** Every rejected row (at most the first 10 000; rejectedCount has them all). */
  rejected: z.array(dataImportRowError),
  rejectedCount: z.number(),
});
export type DataImportReport = z.infer<typeof dataImportReport>;

export const dataImportAccepted = z.object({ jobId: z.string(), total: z.number() });
export type DataImportAccepted = z.infer<typeof dataImportAccepted>;

export const importJobState = z.enum(['queued', 'running', 'done', 'rejected', 'failed']);
export const importJobView = z.object({
  id: z.string(),
  state: importJobState,
  phase: z.enum(['queued', 'validating', 'writing', 'done']),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  total: z.number(),
  validated: z.number(),
  written: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Set when the job is done or rejected. */
  report: dataImportReport.nullable(),
  /** Set when the job failed for another reason. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJobView = z.infer<typeof importJobView>;

export const dataExportQuery = z
  .object({
    format: z.enum(['json', 'csv', 'adx']).default('json'),
    formId: idSchema,
    unitId: idSchema,
    period: periodCode,
    /** Also the units below (their values for the same form and period). */
    children: boolText.default('false'),
  })
  .strict();

export const dataTemplateQuery = z.object({ formId: idSchema, unitId: idSchema, period: periodCode, filled: boolText.default('false') }).strict();

/** One value in the dataValueSets shape (codes, not ids). */
export const dataValueSetItem = z.object({
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  categoryOptionCombo: z.string(),
  attributeOptionCombo: z.string().optional(),
  value: z.string().nullable(),
  storedBy: z.string().optional(),
  lastUpdated: z.string().optional(),
  comment: z.string().nullable().optional(),
  followup: z.boolean().optional(),
  deleted: z.boolean().optional(),
});
export const dataValueSet = z.object({ dataValues: z.array(dataValueSetItem) });
export type DataValueSet = z.infer<typeof dataValueSet>;

/** DHIS2's CSV header, in order. */
export const DATA_VALUE_CSV_HEADER = ['dataelement', 'period', 'orgunit', 'categoryoptioncombo', 'attributeoptioncombo', 'value', 'storedby', 'lastupdated', 'comment', 'followup', 'deleted'] as const;
