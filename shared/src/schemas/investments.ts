// API contract of the investments module (issue 6, item 2): investment works (công trình)
// of the program with their location, stage and physical progress; capital by year,
// source and kind (allocated, committed) with monthly disbursements; the plan curve;
// files; the XLSX import; reports by project and by province; the map layer.
// Money is in millions of dong (triệu đồng), as provincial plans write it.
import { z } from 'zod';
import { idSchema, text } from './common.ts';
import { importRowError } from './units.ts';

export const WORK_STAGES = ['preparation', 'construction', 'completed', 'settled'] as const;
export type WorkStage = (typeof WORK_STAGES)[number];
export const workStage = z.enum(WORK_STAGES);

export const CAPITAL_SOURCES = ['central', 'local', 'other'] as const;
export type CapitalSource = (typeof CAPITAL_SOURCES)[number];
export const CAPITAL_KINDS = ['development', 'recurrent'] as const;
export type CapitalKind = (typeof CAPITAL_KINDS)[number];

export const FILE_KINDS = ['photo', 'document'] as const;
export type WorkFileKind = (typeof FILE_KINDS)[number];

/** Money in millions of dong: not negative, at most 3 decimals (1.000 đồng). */
const money = z.number().min(0).max(1e12).refine((v) => Math.abs(Math.round(v * 1000) - v * 1000) < 1e-6, { message: 'Tối đa 3 chữ số thập phân (đơn vị triệu đồng)' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng yyyy-mm-dd').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'Ngày không hợp lệ' });
const year = z.coerce.number().int().min(2015).max(2040);
export const yearSchema = year;
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng dạng yyyy-mm');

/** [lon, lat] inside Vietnam's box (both archipelagos included). */
export const lonLat = z.tuple([z.number().min(102).max(118), z.number().min(7).max(24)]);

const workFields = {
  code: z.string().transform((v) => v.normalize('NFC').trim().toUpperCase()).pipe(z.string().min(1).max(40).regex(/^[A-Z0-9][A-Z0-9._\-/]*$/, 'Mã gồm chữ không dấu, số và . _ - /')),
  name: text(3, 300),
  programItemId: idSchema.nullable(),
  unitId: idSchema,
  location: lonLat.nullable(),
  investor: z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().max(300)).nullable(),
  startDate: isoDate.nullable(),
  finishDate: isoDate.nullable(),
  stage: workStage,
  progress: z.number().min(0).max(100),
  totalInvestment: money.nullable(),
  description: z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().max(4000)).nullable(),
};

const datesInOrder = (w: { startDate?: string | null; finishDate?: string | null }) => !w.startDate || !w.finishDate || w.startDate <= w.finishDate;

/** Create: every field; the code may be left out (generated). */
export const workBody = z
  .object({ ...workFields, code: workFields.code.optional(), investor: workFields.investor.optional(), startDate: workFields.startDate.optional(), finishDate: workFields.finishDate.optional(), location: workFields.location.optional(), totalInvestment: workFields.totalInvestment.optional(), description: workFields.description.optional(), progress: workFields.progress.default(0), programItemId: workFields.programItemId.optional() })
  .strict()
  .refine(datesInOrder, { message: 'Ngày hoàn thành phải sau ngày khởi công', path: ['finishDate'] });
export type WorkBody = z.output<typeof workBody>;

export const workPatch = z.object(workFields).partial().strict().refine(datesInOrder, { message: 'Ngày hoàn thành phải sau ngày khởi công', path: ['finishDate'] });
export type WorkPatch = z.output<typeof workPatch>;

export const worksQuery = z
  .object({
    unit: idSchema.optional(),
    year: year.optional(),
    programItem: idSchema.optional(),
    stage: workStage.optional(),
    q: z.string().max(100).optional(),
    /** Only works whose disbursement is below the plan curve today. */
    behind: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

const unitRef = z.object({ id: z.string(), code: z.string(), name: z.string(), provinceName: z.string().nullable() });
const programRef = z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable();

/** A year's figures of a work (or of a group of works): money in millions of dong, rates in %. */
export const yearFigures = z.object({
  year: z.number().int(),
  allocated: z.number(),
  committed: z.number(),
  disbursed: z.number(),
  /** disbursed ÷ allocated, % (null without allocation). */
  rate: z.number().nullable(),
  /** The plan curve's share at today's date (or at the end of a past year's curve), %. */
  planShare: z.number(),
  /** Rate below the plan share. */
  behind: z.boolean(),
});
export type YearFigures = z.infer<typeof yearFigures>;

export const workSummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  unit: unitRef,
  programItem: programRef,
  investor: z.string().nullable(),
  stage: workStage,
  progress: z.number(),
  startDate: z.string().nullable(),
  finishDate: z.string().nullable(),
  location: lonLat.nullable(),
  totalInvestment: z.number().nullable(),
  figures: yearFigures,
});
export type WorkSummary = z.infer<typeof workSummary>;

export const worksResponse = z.object({ total: z.number().int(), year: z.number().int(), totals: yearFigures, items: z.array(workSummary), abilities: z.object({ create: z.boolean(), import: z.boolean() }) });

export const capitalLine = z.object({
  source: z.enum(CAPITAL_SOURCES),
  kind: z.enum(CAPITAL_KINDS),
  allocated: money,
  committed: money.default(0),
  /** Disbursed in each month (not cumulative), January of the year to December of the next. */
  disbursements: z.array(z.object({ month, amount: money })).max(24).default([]),
});
export type CapitalLine = z.output<typeof capitalLine>;

export const capitalBody = z
  .object({ year, lines: z.array(capitalLine).max(6) })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.lines.forEach((l, i) => {
      const key = `${l.source}|${l.kind}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'source'], message: 'Nguồn và loại vốn bị trùng' });
      seen.add(key);
      const months = new Set<string>();
      l.disbursements.forEach((d, j) => {
        if (d.month < `${b.year}-01` || d.month > `${b.year + 1}-12`) ctx.addIssue({ code: 'custom', path: ['lines', i, 'disbursements', j, 'month'], message: `Tháng giải ngân vốn năm ${b.year} phải từ 01/${b.year} đến 12/${b.year + 1}` });
        if (months.has(d.month)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'disbursements', j, 'month'], message: 'Tháng bị trùng' });
        months.add(d.month);
      });
    });
  });
export type CapitalBody = z.output<typeof capitalBody>;

export const capitalLineView = z.object({
  source: z.enum(CAPITAL_SOURCES),
  kind: z.enum(CAPITAL_KINDS),
  allocated: z.number(),
  committed: z.number(),
  disbursed: z.number(),
  disbursements: z.array(z.object({ month: z.string(), amount: z.number() })),
});

export const curvePoint = z.object({
  month: z.string(),
  /** Disbursed in the month, all lines. */
  amount: z.number(),
  /** Cumulative disbursed to the month's end. */
  cumulative: z.number(),
  /** Cumulative ÷ allocated, % (null without allocation). */
  rate: z.number().nullable(),
  /** The plan curve at the month's end, %. */
  expected: z.number(),
});

export const planMilestone = z.object({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  nextYear: z.boolean(),
  share: z.number().min(0).max(100),
});
export const milestoneView = planMilestone.extend({ date: z.string(), passed: z.boolean() });

export const workFileView = z.object({ id: z.string(), kind: z.enum(FILE_KINDS), fileName: z.string(), contentType: z.string(), size: z.number().int(), caption: z.string().nullable(), uploadedAt: z.string(), uploadedBy: z.string().nullable() });
export type WorkFileView = z.infer<typeof workFileView>;

export const workDetail = workSummary.extend({
  description: z.string().nullable(),
  years: z.array(z.number().int()),
  capital: z.array(capitalLineView),
  curve: z.array(curvePoint),
  milestones: z.array(milestoneView),
  files: z.array(workFileView),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type WorkDetail = z.infer<typeof workDetail>;

export const workDetailQuery = z.object({ year: year.optional() }).strict();

export const planCurveQuery = z.object({ year: year.optional() }).strict();
export const planCurveBody = z.object({ year, milestones: z.array(planMilestone).min(1).max(12) }).strict();
export const planCurveView = z.object({
  year: z.number().int(),
  /** The year whose curve applies (an earlier year's when none is set for this one), null for the built-in default. */
  definedFor: z.number().int().nullable(),
  milestones: z.array(milestoneView),
  months: z.array(z.object({ month: z.string(), expected: z.number() })),
  abilities: z.object({ edit: z.boolean() }),
});

export const fileUploadQuery = z.object({ kind: z.enum(FILE_KINDS), caption: z.string().max(300).optional() }).strict();
export const fileParams = z.object({ id: idSchema, fileId: idSchema }).strict();

// Import ------------------------------------------------------------------------------

export const investmentImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') }).strict();
export const investmentImportReport = z.object({
  dryRun: z.boolean(),
  /** Capital year and disbursement date read from the headers. */
  year: z.number().int().nullable(),
  asOf: z.string().nullable(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.array(importRowError),
});
export type InvestmentImportReport = z.infer<typeof investmentImportReport>;

// Reports -----------------------------------------------------------------------------

export const REPORT_GROUPS = ['project', 'province'] as const;
export const investmentReportQuery = z.object({ by: z.enum(REPORT_GROUPS).default('project'), year: year.optional(), unit: idSchema.optional() }).strict();
export const investmentReportRow = yearFigures.omit({ year: true }).extend({
  key: z.string(),
  code: z.string(),
  name: z.string(),
  works: z.number().int(),
  /** Works below the plan. */
  worksBehind: z.number().int(),
  completed: z.number().int(),
});
export const investmentReport = z.object({
  by: z.enum(REPORT_GROUPS),
  year: z.number().int(),
  asOf: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  rows: z.array(investmentReportRow),
  total: investmentReportRow,
});
export type InvestmentReport = z.infer<typeof investmentReport>;

// Map layer ---------------------------------------------------------------------------

export const PROGRESS_CLASSES = ['not_started', 'low', 'mid', 'high', 'done'] as const;
export type ProgressClass = (typeof PROGRESS_CLASSES)[number];
/** Colours of the map layer by physical progress (0 %, < 50 %, < 80 %, < 100 %, 100 % or completed). */
export const PROGRESS_COLORS: Record<ProgressClass, string> = { not_started: '#868e96', low: '#e03131', mid: '#f08c00', high: '#2f9e44', done: '#1971c2' };

export function progressClass(progress: number, stage: WorkStage): ProgressClass {
  if (stage === 'completed' || stage === 'settled' || progress >= 100) return 'done';
  if (progress <= 0) return 'not_started';
  if (progress < 50) return 'low';
  if (progress < 80) return 'mid';
  return 'high';
}

export const worksGeojsonQuery = z.object({ unit: idSchema.optional(), year: year.optional() }).strict();
export const worksGeojson = z.object({
  type: z.literal('FeatureCollection'),
  year: z.number().int(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: lonLat }),
      properties: z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        unitName: z.string(),
        stage: workStage,
        progress: z.number(),
        progressClass: z.enum(PROGRESS_CLASSES),
        color: z.string(),
        allocated: z.number(),
        disbursed: z.number(),
        rate: z.number().nullable(),
        planShare: z.number(),
        behind: z.boolean(),
      }),
    }),
  ),
});
export type WorksGeojson = z.infer<typeof worksGeojson>;
