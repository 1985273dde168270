// API contract of the analytics engine (/api/analytics): dimensions data (dx), periods
// (pe), units (ou) and any category; a layout that puts each in rows, columns or filters;
// the hierarchy view; all or approved data. The answer is long-format rows (one per
// combination of the row and column items, filters collapsed) with the metadata a pivot,
// a chart or a map needs (names, codes, hierarchy, targets). Totals and subtotals are
// computed by the server — a ratio's total is the ratio of the totals, never a sum of
// ratios — and come as rows whose item is TOTAL for the dimensions they sum over.
import { z } from 'zod';
import { HIERARCHY_VIEWS } from './reports.ts';

/** The data item kinds: indicator, data element (total or one option combination), reporting rate, on-time rate of a form. */
export const DATA_ITEM_PREFIXES = ['in', 'de', 'cr', 'crt'] as const;
export type DataItemKind = 'indicator' | 'dataElement' | 'reportingRate' | 'onTimeRate';

/** 'in:TL_BHYT', 'de:POP_DTTS', 'de:POP_DTTS.KINH_MALE', 'cr:BM01_XA_QUY', 'crt:BM01_XA_QUY'. */
export const dataItemKey = z
  .string()
  .trim()
  .regex(/^(in|de|cr|crt):[A-Za-z0-9_]{1,60}(\.[A-Za-z0-9_]{1,80})?$/, 'mã dữ liệu không hợp lệ (in:MÃ, de:MÃ, de:MÃ.TỔ_HỢP, cr:MÃ_BIỂU, crt:MÃ_BIỂU)');

/**
 * A unit item: a unit id; USER_ORGUNIT (the caller's top units, the nation for central
 * staff) and USER_ORGUNIT_CHILDREN; CHILDREN-<id> (drill-down); LEVEL-<kind> (every unit of
 * that kind under the other unit items, or under the caller's top units when there are
 * none); GROUP-<code> (a unit group's members in the caller's scope).
 */
export const unitItemKey = z
  .string()
  .trim()
  .regex(
    /^(\d{1,18}|USER_ORGUNIT|USER_ORGUNIT_CHILDREN|CHILDREN-\d{1,18}|LEVEL-(province|district|commune|village)|GROUP-[A-Za-z0-9_-]{1,60})$/,
    'đơn vị không hợp lệ',
  );

/** A fixed period code (2025Q3, 2025S1, 2025, 202507) or a relative one (THIS_QUARTER, LAST_4_QUARTERS, …). */
export const periodItemKey = z.string().trim().min(4).max(20);

/** A dimension: dx, pe, ou or a category code (ETHNIC, SEX, AGE_GROUP…). */
export const dimensionKey = z.string().trim().regex(/^(dx|pe|ou|[A-Z][A-Z0-9_]{0,39})$/, 'chiều phân tích không hợp lệ');
export type DimensionKey = string;

export const analyticsRequest = z
  .object({
    dx: z.array(dataItemKey).min(1).max(100),
    pe: z.array(periodItemKey).min(1).max(60),
    ou: z.array(unitItemKey).min(1).max(500),
    /** Category dimensions; no options: all of the category's options. */
    categories: z
      .array(z.object({ code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{0,39}$/), options: z.array(z.string().trim().min(1).max(80)).max(200).optional() }).strict())
      .max(3)
      .default([]),
    /** Every dimension goes in exactly one of rows, columns, filters; left out: rows get ou, columns the rest. */
    rows: z.array(dimensionKey).max(6).optional(),
    columns: z.array(dimensionKey).max(6).optional(),
    filters: z.array(dimensionKey).max(6).optional(),
    hierarchy: z.enum(HIERARCHY_VIEWS).default('2025'),
    approvedOnly: z.boolean().default(false),
    /** Add total and subtotal rows (item TOTAL) over the row and column dimensions. */
    totals: z.boolean().default(false),
  })
  .strict();
export type AnalyticsRequestInput = z.input<typeof analyticsRequest>;
export type AnalyticsRequest = z.output<typeof analyticsRequest>;

/** The same request as a query string: lists separated by ';', categories as CODE or CODE:OPT1;OPT2 separated by ','. */
const list = z.string().transform((v) => v.split(';').map((s) => s.trim()).filter(Boolean));
const dims = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const analyticsQueryString = z
  .object({
    dx: list,
    pe: list,
    ou: list,
    co: z.string().optional(),
    rows: dims.optional(),
    columns: dims.optional(),
    filters: dims.optional(),
    hierarchy: z.enum(HIERARCHY_VIEWS).optional(),
    approvedOnly: flag.optional(),
    totals: flag.optional(),
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
    lang: z.enum(['vi', 'en']).optional(),
    /** XLSX as the screen shows it: rows without any value left out, sorted by a column (desc:COLUMN_KEY, items joined by ~). */
    hideEmpty: flag.optional(),
    sort: z.string().max(500).optional(),
  })
  .strict();
export type AnalyticsQueryString = z.output<typeof analyticsQueryString>;

/** Query-string form → the request (validated by analyticsRequest afterwards). */
export function requestFromQueryString(q: AnalyticsQueryString): AnalyticsRequestInput {
  const categories = (q.co ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((c) => {
      const [code, opts] = c.split(':');
      const options = opts?.split(';').map((o) => o.trim()).filter(Boolean);
      return options && options.length > 0 ? { code: code!.trim(), options } : { code: code!.trim() };
    });
  return {
    dx: q.dx,
    pe: q.pe,
    ou: q.ou,
    categories,
    ...(q.rows ? { rows: q.rows } : {}),
    ...(q.columns ? { columns: q.columns } : {}),
    ...(q.filters ? { filters: q.filters } : {}),
    ...(q.hierarchy ? { hierarchy: q.hierarchy } : {}),
    ...(q.approvedOnly !== undefined ? { approvedOnly: q.approvedOnly } : {}),
    ...(q.totals !== undefined ? { totals: q.totals } : {}),
  };
}

/** The item standing for "all items of the dimension" in total rows. */
export const TOTAL = 'TOTAL';

const dataItemMeta = z.object({
  kind: z.enum(['indicator', 'dataElement', 'reportingRate', 'onTimeRate']),
  code: z.string(),
  name: z.string(),
  /** Decimals to show (indicators: their own; rates 1; elements 0 or 2 for averages). */
  decimals: z.number().int(),
  /** Indicators: which way is better, for colouring against targets. */
  direction: z.enum(['higher', 'lower']).optional(),
  unitOfMeasure: z.string().nullable().optional(),
  aggregationType: z.enum(['sum', 'average', 'last', 'min', 'max', 'count']).optional(),
});

const unitMeta = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: z.number().int(),
  hierarchy: z.string(),
  hasChildren: z.boolean(),
  parentId: z.string().nullable(),
  /** Ancestors' names from the top (the nation excluded), for labels such as "Gia Lai › Xã Ia Grai". */
  path: z.array(z.object({ id: z.string(), name: z.string() })),
  /** [longitude, latitude] when the unit has one. */
  point: z.tuple([z.number(), z.number()]).nullable(),
});

export const analyticsRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

export const analyticsResponse = z.object({
  /** The request as resolved: relative periods and unit items replaced by what they stood for. */
  request: z.object({
    dx: z.array(z.string()),
    pe: z.array(z.string()),
    ou: z.array(z.string()),
    categories: z.array(z.object({ code: z.string(), options: z.array(z.string()) })),
    rows: z.array(z.string()),
    columns: z.array(z.string()),
    filters: z.array(z.string()),
    hierarchy: z.enum(HIERARCHY_VIEWS),
    approvedOnly: z.boolean(),
    totals: z.boolean(),
  }),
  /** The dimensions each row carries, then 'value'. */
  headers: z.array(z.string()),
  /** { dx: 'in:TL_BHYT', pe: '2025Q3', ou: '123', SEX: 'MALE', value: 12.5 }; TOTAL for summed-over dimensions. */
  rows: z.array(analyticsRow),
  metaData: z.object({
    dx: z.record(z.string(), dataItemMeta),
    pe: z.record(z.string(), z.object({ name: z.string(), type: z.string(), start: z.string(), end: z.string() })),
    ou: z.record(z.string(), unitMeta),
    categories: z.record(z.string(), z.object({ name: z.string(), options: z.record(z.string(), z.object({ name: z.string() })) })),
    /** Dimension → its items in display order. */
    dimensions: z.record(z.string(), z.array(z.string())),
    /** Targets of indicators for the row's unit and period (the unit's own or the nearest above; the period's or its year's). */
    targets: z.array(z.object({ dx: z.string(), ou: z.string(), pe: z.string(), value: z.number(), unitId: z.string(), period: z.string() })),
  }),
});
export type AnalyticsResponse = z.infer<typeof analyticsResponse>;
export type AnalyticsRow = z.infer<typeof analyticsRow>;

/** How a value stands against its target, by the indicator's direction; 'near' is within 10 % of the target on the wrong side. */
export type TargetStatus = 'meeting' | 'near' | 'below';
export function targetStatus(value: number, target: number, direction: 'higher' | 'lower'): TargetStatus {
  const tolerance = Math.abs(target) * 0.1;
  if (direction === 'higher') return value >= target ? 'meeting' : value >= target - tolerance ? 'near' : 'below';
  return value <= target ? 'meeting' : value <= target + tolerance ? 'near' : 'below';
}
