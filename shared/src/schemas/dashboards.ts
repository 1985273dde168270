// Favourites and dashboards (issue 5, parts 2–4): a saved pivot table, chart or map is an
// analytics request (analytics.ts) plus display options; a dashboard is a 12-column grid
// of items (favourites, text, the list of late units) with default filters, shared with
// users and units, and optionally published read-only for the public portal. The layout
// check and the dashboard filters are pure functions here so the web and the server
// apply exactly the same rules.
import { z } from 'zod';
import { isPeriodCode, RELATIVE_PERIODS } from '../engine/periods.ts';
import { type AnalyticsRequest, analyticsRequest, analyticsResponse, dataItemKey } from './analytics.ts';
import { idSchema, pagingQuery, text } from './common.ts';

export const VISUALIZATION_TYPES = ['pivot', 'chart', 'map'] as const;
export type VisualizationType = (typeof VISUALIZATION_TYPES)[number];
export const CHART_TYPES = ['column', 'stacked_column', 'bar', 'line', 'area', 'pie', 'gauge', 'single_value'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

// ---------------------------------------------------------------------------------
// Display options, by type

export const pivotOptions = z
  .object({
    hideEmptyRows: z.boolean().default(false),
    /** Totals and subtotals (the request's `totals` asks the engine for them). */
    showTotals: z.boolean().default(false),
    /** Sort rows by a column key (as the pivot names it) or by the row label. */
    sort: z
      .object({ by: z.string().trim().min(1).max(200), direction: z.enum(['asc', 'desc']) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export const chartOptions = z
  .object({
    chartType: z.enum(CHART_TYPES),
    /** Draw the indicators' targets (from the catalogue) as lines; the gauge's maximum. */
    showTargets: z.boolean().default(true),
    /** Further lines at fixed values (a local goal the catalogue does not hold). */
    targetLines: z
      .array(z.object({ value: z.number().finite(), label: text(1, 100).optional() }).strict())
      .max(5)
      .default([]),
  })
  .strict();

/**
 * A map layer: open (the map module will grow kinds and settings) but validated — a
 * known kind, an optional data item, and any further setting as a plain value.
 */
export const mapLayer = z
  .object({
    kind: z.enum(['thematic', 'bubble', 'boundary', 'label']),
    dx: dataItemKey.optional(),
    opacity: z.number().min(0).max(1).optional(),
    classes: z.number().int().min(2).max(9).optional(),
  })
  .catchall(z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]));

export const mapOptions = z
  .object({
    layers: z.array(mapLayer).min(1).max(8),
    /** Draw the optional basemap (config) under the boundaries. */
    basemap: z.boolean().default(false),
  })
  .strict();

const oneDataItem = (chartType: ChartType) => chartType === 'gauge' || chartType === 'single_value';

const pivotConfig = z.object({ request: analyticsRequest, options: pivotOptions.default({ hideEmptyRows: false, showTotals: false, sort: null }) }).strict();
const chartConfig = z
  .object({ request: analyticsRequest, options: chartOptions })
  .strict()
  .superRefine((c, ctx) => {
    if (oneDataItem(c.options.chartType) && c.request.dx.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['request', 'dx'], message: 'Biểu đồ đồng hồ và biểu đồ một giá trị cần đúng một chỉ số hoặc chỉ tiêu' });
    }
  });
const mapConfig = z.object({ request: analyticsRequest, options: mapOptions }).strict();

const vizName = text(1, 200);
const vizDescription = text(0, 2000).nullable().optional();

/** A favourite as created or replaced (PUT): the request is validated by analyticsRequest on every write. */
export const visualizationBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pivot'), name: vizName, description: vizDescription, config: pivotConfig }).strict(),
  z.object({ type: z.literal('chart'), name: vizName, description: vizDescription, config: chartConfig }).strict(),
  z.object({ type: z.literal('map'), name: vizName, description: vizDescription, config: mapConfig }).strict(),
]);
export type VisualizationBody = z.output<typeof visualizationBody>;
export type VisualizationConfig = VisualizationBody['config'];

/** Rename, or change the description. */
export const visualizationPatch = z
  .object({ name: vizName.optional(), description: vizDescription })
  .strict()
  .refine((b) => b.name !== undefined || b.description !== undefined, { message: 'Cần ít nhất một trường để sửa' });

export const listQuery = z
  .object({
    /** Without diacritics or with: "ho ngheo" finds "Hộ nghèo". */
    q: z.string().trim().max(200).optional(),
    /** National curators: every favourite or dashboard, not only theirs and those shared with them. */
    all: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    ...pagingQuery,
  })
  .strict();
export const visualizationListQuery = listQuery.extend({ type: z.enum(VISUALIZATION_TYPES).optional() }).strict();

// ---------------------------------------------------------------------------------
// Sharing

export const sharingBody = z
  .object({
    /** Users who may open it (read only). */
    userIds: z.array(idSchema).max(200),
    /** Units: users assigned within the unit's subtree (with analytics.read) may open it. */
    unitIds: z.array(idSchema).max(100),
  })
  .strict();
export type SharingBody = z.infer<typeof sharingBody>;

export const sharingView = z.object({
  users: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })),
  units: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
});

/** What the caller may do: computed by the server, so the web never re-derives it. */
export const abilities = z.object({ edit: z.boolean(), share: z.boolean(), delete: z.boolean(), publish: z.boolean() });
export type Abilities = z.infer<typeof abilities>;

const ownerView = z.object({ id: z.string(), displayName: z.string() }).nullable();

export const visualizationSummary = z.object({
  id: z.string(),
  type: z.enum(VISUALIZATION_TYPES),
  name: z.string(),
  description: z.string().nullable(),
  /** chartType for charts. */
  chartType: z.enum(CHART_TYPES).nullable(),
  /** null: reference content of the platform. */
  owner: ownerView,
  mine: z.boolean(),
  shared: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities,
});
export type VisualizationSummary = z.infer<typeof visualizationSummary>;

const storedConfig = z.object({ request: z.record(z.string(), z.unknown()), options: z.record(z.string(), z.unknown()) });

export const visualizationView = visualizationSummary.extend({
  config: storedConfig,
  /** Only for those who may change the sharing. */
  sharing: sharingView.nullable(),
});
export type VisualizationView = z.infer<typeof visualizationView>;

export const visualizationListResponse = z.object({ items: z.array(visualizationSummary), total: z.number().int() });

// ---------------------------------------------------------------------------------
// Dashboards

export const GRID_COLUMNS = 12;
export const GRID_MAX_ROWS = 200;
export const ITEM_MAX_HEIGHT = 40;
export const DASHBOARD_MAX_ITEMS = 40;
export const DASHBOARD_ITEM_TYPES = ['visualization', 'text', 'late_units'] as const;
export type DashboardItemType = (typeof DASHBOARD_ITEM_TYPES)[number];

const gridNumber = z.number().int().min(-1000).max(1000);

export const dashboardItemInput = z
  .object({
    /** The grid key (react-grid-layout's `i`): letters, digits, - and _. */
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'mã mục chỉ gồm chữ, số, - và _ (tối đa 40 ký tự)'),
    type: z.enum(DASHBOARD_ITEM_TYPES),
    visualizationId: idSchema.optional(),
    /** Text items: plain text or Markdown. */
    text: z.string().transform((v) => v.normalize('NFC')).pipe(z.string().max(5000)).optional(),
    /** Late units: only this form (default every form). */
    formId: idSchema.optional(),
    x: gridNumber,
    y: gridNumber,
    w: gridNumber,
    h: gridNumber,
  })
  .strict();
export type DashboardItemInput = z.infer<typeof dashboardItemInput>;

export const dashboardItemsBody = z.object({ items: z.array(dashboardItemInput).max(DASHBOARD_MAX_ITEMS) }).strict();

export type LayoutProblem =
  | { code: 'dashboard_item_duplicate'; index: number; params: { item: string } }
  | { code: 'dashboard_item_invalid'; index: number; params: { item: string; reason: string } }
  | { code: 'dashboard_item_out_of_grid'; index: number; params: { item: string; columns: number; rows: number; maxHeight: number } }
  | { code: 'dashboard_items_overlap'; index: number; params: { item: string; other: string } };

const overlaps = (a: DashboardItemInput, b: DashboardItemInput) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The first problem of a layout (items in order), or null: the grid refuses overlaps and items outside it. */
export function layoutProblem(items: DashboardItemInput[]): LayoutProblem | null {
  const seen = new Set<string>();
  for (const [index, it] of items.entries()) {
    if (seen.has(it.id)) return { code: 'dashboard_item_duplicate', index, params: { item: it.id } };
    seen.add(it.id);
    const reason =
      it.type === 'visualization'
        ? !it.visualizationId
          ? 'cần visualizationId'
          : it.text !== undefined || it.formId !== undefined
            ? 'mục biểu đồ/bảng không có text, formId'
            : null
        : it.type === 'text'
          ? !it.text || it.text.trim() === ''
            ? 'cần nội dung text'
            : it.visualizationId !== undefined || it.formId !== undefined
              ? 'mục văn bản không có visualizationId, formId'
              : null
          : it.visualizationId !== undefined || it.text !== undefined
            ? 'mục danh sách đơn vị nộp muộn không có visualizationId, text'
            : null;
    if (reason) return { code: 'dashboard_item_invalid', index, params: { item: it.id, reason } };
    if (it.x < 0 || it.y < 0 || it.w < 1 || it.h < 1 || it.x + it.w > GRID_COLUMNS || it.y + it.h > GRID_MAX_ROWS || it.h > ITEM_MAX_HEIGHT) {
      return { code: 'dashboard_item_out_of_grid', index, params: { item: it.id, columns: GRID_COLUMNS, rows: GRID_MAX_ROWS, maxHeight: ITEM_MAX_HEIGHT } };
    }
  }
  for (const [index, it] of items.entries()) {
    for (const other of items.slice(0, index)) {
      if (overlaps(it, other)) return { code: 'dashboard_items_overlap', index, params: { item: it.id, other: other.id } };
    }
  }
  return null;
}

/** A relative period (LAST_4_QUARTERS…) or a fixed period code (2025Q3, 2025). */
export const dashboardPeriod = z
  .string()
  .trim()
  .refine((v) => (RELATIVE_PERIODS as readonly string[]).includes(v) || isPeriodCode(v), {
    message: 'Kỳ không hợp lệ: dùng kỳ tương đối (LAST_4_QUARTERS, THIS_YEAR…) hoặc mã kỳ (2025Q3, 2025S1, 2025)',
  });

export const dashboardBody = z
  .object({
    name: vizName,
    description: vizDescription,
    /** Default filters of the whole dashboard; each viewer may change them on the page. */
    defaultPeriod: dashboardPeriod.nullable().optional(),
    /** null: each viewer's own unit. */
    defaultUnitId: idSchema.nullable().optional(),
    items: z.array(dashboardItemInput).max(DASHBOARD_MAX_ITEMS).default([]),
  })
  .strict();
export type DashboardBody = z.output<typeof dashboardBody>;

export const dashboardPatch = z
  .object({
    name: vizName.optional(),
    description: vizDescription,
    defaultPeriod: dashboardPeriod.nullable().optional(),
    defaultUnitId: idSchema.nullable().optional(),
    /** Publish read-only on the public portal (aggregates of approved data, province level and above), or withdraw. */
    public: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Cần ít nhất một trường để sửa' });
export type DashboardPatch = z.output<typeof dashboardPatch>;

export const dashboardItemView = z.object({
  id: z.string(),
  type: z.enum(DASHBOARD_ITEM_TYPES),
  x: z.number().int(),
  y: z.number().int(),
  w: z.number().int(),
  h: z.number().int(),
  text: z.string().nullable(),
  formId: z.string().nullable(),
  /** The favourite inline: the page asks the analytics API once per item, independently. */
  visualization: z.object({ id: z.string(), type: z.enum(VISUALIZATION_TYPES), name: z.string(), description: z.string().nullable(), config: storedConfig }).nullable(),
});

const dashboardFields = {
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  owner: ownerView,
  mine: z.boolean(),
  shared: z.boolean(),
  public: z.boolean(),
  slug: z.string(),
  defaultPeriod: z.string().nullable(),
  defaultUnit: z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities,
};
export const dashboardSummary = z.object({ ...dashboardFields, itemCount: z.number().int() });
export const dashboardView = z.object({ ...dashboardFields, items: z.array(dashboardItemView), sharing: sharingView.nullable() });
export type DashboardView = z.infer<typeof dashboardView>;
export type DashboardItemView = z.infer<typeof dashboardItemView>;
export const dashboardListResponse = z.object({ items: z.array(dashboardSummary), total: z.number().int() });

// ---------------------------------------------------------------------------------
// Public dashboards (portal): no owner, no sharing, no ids of people; late-unit lists
// (they name units, not aggregates) are left out.

export const publicSlugParams = z.object({ slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(120) }).strict();
export const publicItemParams = publicSlugParams.extend({ itemId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) }).strict();

export const publicDashboardView = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  defaultPeriod: z.string().nullable(),
  updatedAt: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['visualization', 'text']),
      x: z.number().int(),
      y: z.number().int(),
      w: z.number().int(),
      h: z.number().int(),
      text: z.string().nullable(),
      visualization: z.object({ type: z.enum(VISUALIZATION_TYPES), name: z.string(), description: z.string().nullable(), config: storedConfig }).nullable(),
    }),
  ),
});
export type PublicDashboardView = z.infer<typeof publicDashboardView>;
export const publicItemData = analyticsResponse;

// ---------------------------------------------------------------------------------
// Dashboard filters

/**
 * An item's request under the dashboard's filters: the period replaces the periods; the
 * unit replaces fixed units and the caller's own (USER_ORGUNIT → the unit, *_CHILDREN →
 * its children); levels and groups stay (they are read under the unit items).
 */
export function applyDashboardFilters(request: AnalyticsRequest, filters: { period?: string | null; unitId?: string | null }): AnalyticsRequest {
  const pe = filters.period ? [filters.period] : request.pe;
  let ou = request.ou;
  if (filters.unitId) {
    const unit = filters.unitId;
    ou = [
      ...new Set(
        request.ou.map((item) => {
          if (/^\d+$/.test(item) || item === 'USER_ORGUNIT') return unit;
          if (item === 'USER_ORGUNIT_CHILDREN' || item.startsWith('CHILDREN-')) return `CHILDREN-${unit}`;
          return item;
        }),
      ),
    ];
    if (ou.every((i) => i.startsWith('LEVEL-') || i.startsWith('GROUP-'))) ou = [unit, ...ou];
  }
  return { ...request, pe, ou };
}
