// API contracts for data values: one cell is (data element, category option combo,
// unit, period); the form says which cells a unit reports and whether the period is open.
import { z } from 'zod';
import { idSchema } from './common.ts';
import { periodStatus } from './forms.ts';

const periodCode = z.string().trim().min(4).max(10);

export const dataValuesQuery = z.object({ formId: idSchema, unitId: idSchema, period: periodCode }).strict();
export type DataValuesQuery = z.infer<typeof dataValuesQuery>;

export const DATA_VALUE_SOURCES = ['screen', 'import', 'api'] as const;
export const dataValueSource = z.enum(DATA_VALUE_SOURCES);

/** One cell of a form: element and option combination, for a unit and period. */
const cellFields = { formId: idSchema, unitId: idSchema, period: periodCode, dataElementId: idSchema, cocId: idSchema };

export const dataValueBody = z
  .object({
    ...cellFields,
    /** As typed, in the request language ("1.234,5" in Vietnamese); null or "" clears the cell. */
    value: z.string().max(50_000).nullable(),
    /** Absent: keep the cell's comment; null or "": remove it. */
    comment: z.string().max(2000).nullable().optional(),
    /** Client-generated id of this change; a replay with the same id is a no-op. */
    clientChangeId: z.string().trim().min(8).max(100).optional(),
    /** How the value was entered; imports use their own endpoint. */
    source: z.enum(['screen', 'api']).optional(),
    /**
     * The cell version the change was based on (0: the cell did not exist). When the cell
     * has another version now and a different value (or comment, when one is sent), the
     * save is refused with 409 value_conflict and the current cell in details.server.
     */
    baseVersion: z.number().int().min(0).optional(),
    /** When the change was made on the device (offline entry); kept in the audit entry. At most 10 minutes ahead of the server. */
    deviceTime: z.iso.datetime({ offset: true }).optional(),
    /** The user saw a conflict and kept their value (sent with baseVersion = the server version they saw). */
    resolution: z.enum(['mine']).optional(),
  })
  .strict();
export type DataValueInput = z.infer<typeof dataValueBody>;

export const dataValueHistoryQuery = z
  .object({ unitId: idSchema, period: periodCode, dataElementId: idSchema, cocId: idSchema })
  .strict();

export const dataValueView = z.object({
  dataElementId: z.string(),
  cocId: z.string(),
  value: z.string().nullable(),
  comment: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  source: dataValueSource,
});
export type DataValueView = z.infer<typeof dataValueView>;

export const periodWindow = z.object({
  code: z.string(),
  status: periodStatus,
  opensAt: z.string(),
  dueAt: z.string(),
  locksAt: z.string().nullable(),
  exceptionUntil: z.string().nullable(),
});

export const dataValuesResponse = z.object({
  formId: z.string(),
  unitId: z.string(),
  period: periodWindow,
  /** Whether the caller may enter values here now (data.enter over the unit, the period open, the report not submitted or approved). */
  canEdit: z.boolean(),
  /** The report's state for this form: submitted and approved reports freeze their cells. */
  submission: z.object({ state: z.enum(['draft', 'submitted', 'returned', 'approved']), version: z.number().int() }),
  values: z.array(dataValueView),
});

export const dataValueSaveResponse = z.object({
  value: dataValueView,
  /** True when the clientChangeId had already been applied: nothing was written. */
  replayed: z.boolean(),
  /** What the engine understood, in the request language. */
  display: z.string(),
  /** Set when the typed number reads differently in the other convention ("1.234"). */
  ambiguous: z.object({ alternative: z.number(), alternativeDisplay: z.string() }).optional(),
});

export const dataValueHistoryResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      oldValue: z.string().nullable(),
      newValue: z.string().nullable(),
      comment: z.string().nullable(),
      changedAt: z.string(),
      changedBy: z.string().nullable(),
      source: dataValueSource,
    }),
  ),
});

/** The user kept the server's value after a conflict ("theirs"): recorded in the audit, nothing else changes. */
export const dataValueConflictBody = z
  .object({
    ...cellFields,
    choice: z.enum(['theirs']),
    /** The value the device held and gave up (as typed), null when it cleared the cell. */
    discardedValue: z.string().max(50_000).nullable(),
    /** The server's version the user saw and kept. */
    serverVersion: z.number().int().min(0),
    deviceTime: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type DataValueConflictInput = z.infer<typeof dataValueConflictBody>;

export const dataValueConflictResponse = z.object({ ok: z.literal(true) });

/** details of a 409 value_conflict: the cell as it is on the server now. */
export const valueConflictDetails = z.object({ server: dataValueView });
