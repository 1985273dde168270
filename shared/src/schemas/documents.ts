// API contracts of documents (issue 6, item 4): official reports generated as Word in the
// Decree 30/2020 layout, Excel or PDF, administrators' own Word templates (docxtemplater
// placeholders and loops) and the register (sổ đăng ký) of every generated document.
import { z } from 'zod';
import { idSchema, text } from './common.ts';
import { hierarchyView } from './reports.ts';
import { isoDate } from './tasks.ts';

/** What a document reports on: a form's consolidated figures, or the progress of tasks. */
export const DOCUMENT_KINDS = ['consolidated', 'task_progress'] as const;
export const documentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKind>;

export const DOCUMENT_FORMATS = ['docx', 'xlsx', 'pdf'] as const;
export const documentFormat = z.enum(DOCUMENT_FORMATS);
export type DocumentFormat = z.infer<typeof documentFormat>;

/**
 * The parts of the Decree 30 title and signature blocks a user may change before
 * generating; everything left out takes the unit's default (GET /api/documents/header-defaults).
 */
export const documentHeader = z
  .object({
    /** Cơ quan chủ quản, e.g. "UBND TỈNH GIA LAI"; empty: none (a People's Committee has no higher agency line). */
    agency: text(0, 200).optional(),
    /** Cơ quan ban hành, e.g. "SỞ DÂN TỘC VÀ TÔN GIÁO". */
    issuer: text(1, 200).optional(),
    /** The letters after "BC-" in the number, e.g. "SDTTG". */
    symbol: z
      .string()
      .transform((v) => v.normalize('NFC').trim().toUpperCase())
      .pipe(z.string().min(1).max(30).regex(/^[A-ZĐ0-9-]+$/u, 'chỉ gồm chữ in hoa, chữ số và dấu -'))
      .optional(),
    /** The whole number, e.g. "15/BC-SDTTG"; by default the register number and the symbol. */
    number: text(1, 60).optional(),
    /** Địa danh, e.g. "Gia Lai". */
    place: text(1, 80).optional(),
    /** Quyền hạn, chức vụ của người ký; a line break separates "KT. GIÁM ĐỐC" from "PHÓ GIÁM ĐỐC". */
    signerTitle: text(1, 200).optional(),
    signerName: text(1, 120).optional(),
    /** Nơi nhận, one line each ("Bộ Dân tộc và Tôn giáo (để b/c);"); the dash is added. */
    recipients: z.array(text(1, 200)).max(20).optional(),
  })
  .strict();
export type DocumentHeader = z.infer<typeof documentHeader>;

export const headerDefaultsQuery = z.object({ unitId: idSchema }).strict();
export const headerDefaults = z.object({
  agency: z.string(),
  issuer: z.string(),
  symbol: z.string(),
  place: z.string(),
  signerTitle: z.string(),
  signerName: z.string(),
  recipients: z.array(z.string()),
  /** The number the next document of this unit gets, e.g. "15/BC-SDTTG". */
  nextNumber: z.string(),
});
export type HeaderDefaults = z.infer<typeof headerDefaults>;

const flag = z.boolean().optional();

/** How any report is delivered: the format, an uploaded template of the report's kind (Word or PDF only), the header choices. */
const output = {
  format: documentFormat,
  templateId: idSchema.optional(),
  header: documentHeader.optional(),
};
const templateIsWord = (b: { templateId?: string; format: DocumentFormat }) => !(b.templateId && b.format === 'xlsx');
const templateIsWordError = { path: ['templateId'], message: 'Mẫu Word chỉ dùng cho định dạng Word hoặc PDF' };

export const generateConsolidatedBody = z
  .object({
    formId: idSchema,
    unitId: idSchema,
    period: z.string().trim().min(4).max(10),
    view: hierarchyView.optional(),
    approvedOnly: flag,
    disaggregate: flag,
    ...output,
  })
  .strict()
  .refine(templateIsWord, templateIsWordError);
export type GenerateConsolidatedBody = z.infer<typeof generateConsolidatedBody>;

/** The task progress report of a unit (and the units below it) over [from, to], as GET /api/task-reports/progress takes it. */
export const generateTaskProgressBody = z
  .object({
    unitId: idSchema,
    from: isoDate,
    to: isoDate,
    planId: idSchema.optional(),
    ...output,
  })
  .strict()
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu' })
  .refine(templateIsWord, templateIsWordError);
export type GenerateTaskProgressBody = z.infer<typeof generateTaskProgressBody>;

export const documentView = z.object({
  id: z.string(),
  kind: documentKind,
  format: documentFormat,
  /** Số thứ tự trong sổ của đơn vị, theo năm. */
  registerNo: z.number().int(),
  registerYear: z.number().int(),
  number: z.string(),
  title: z.string(),
  subject: z.string(),
  unit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  period: z.string().nullable(),
  periodLabel: z.string().nullable(),
  form: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  template: z.object({ id: z.string(), name: z.string() }).nullable(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdBy: z.object({ id: z.string().nullable(), username: z.string(), displayName: z.string() }),
  createdAt: z.string(),
});
export type DocumentView = z.infer<typeof documentView>;

export const documentListQuery = z
  .object({
    kind: documentKind.optional(),
    format: documentFormat.optional(),
    /** Documents of this unit and the units below it. */
    unitId: idSchema.optional(),
    /** Words of the number, title or subject (accents optional). */
    q: z.string().trim().max(100).optional(),
    /** Created on or after / on or before these days (Vietnam time), yyyy-mm-dd. */
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type DocumentListQuery = z.infer<typeof documentListQuery>;
export const documentList = z.object({ items: z.array(documentView), total: z.number().int() });

export const capabilities = z.object({
  /** LibreOffice was found at start: PDF can be made. */
  pdf: z.boolean(),
  kinds: z.array(documentKind),
});

// --- templates ---

/**
 * A field a template may use: a value ({unit.name}) or a list to loop over
 * ({#rows}{name} {value}{/rows}) whose items have their own fields.
 */
export interface TemplateField {
  name: string;
  descriptionVi: string;
  descriptionEn: string;
  items?: TemplateField[];
}

const f = (name: string, descriptionVi: string, descriptionEn: string, items?: TemplateField[]): TemplateField => ({ name, descriptionVi, descriptionEn, ...(items ? { items } : {}) });

const ROW_FIELDS = [
  f('no', 'Số thứ tự', 'Row number'),
  f('code', 'Mã chỉ tiêu', 'Data element code'),
  f('name', 'Tên chỉ tiêu', 'Data element name'),
  f('section', 'Phần của biểu mẫu', 'Form section'),
  f('unitOfMeasure', 'Đơn vị tính', 'Unit of measure'),
  f('value', 'Số liệu, đã định dạng (1.234,5; "–" khi chưa có)', 'Figure, formatted (1.234,5; "–" when empty)'),
];

/** The Decree 30 title, number, place and date, subject, signature and recipients: every kind has them. */
const HEADER_FIELDS: TemplateField[] = [
  f('agency', 'Cơ quan chủ quản', 'Parent agency'),
  f('issuer', 'Cơ quan ban hành', 'Issuing agency'),
  f('number', 'Số, ký hiệu (15/BC-SDTTG)', 'Number (15/BC-SDTTG)'),
  f('symbol', 'Ký hiệu cơ quan (SDTTG)', 'Agency symbol'),
  f('place', 'Địa danh', 'Place'),
  f('date', 'Ngày lập dd/mm/yyyy', 'Date dd/mm/yyyy'),
  f('placeDate', 'Địa danh, ngày … tháng … năm …', 'Place and date line'),
  f('title', 'Tên loại văn bản (BÁO CÁO)', 'Document type'),
  f('subject', 'Trích yếu', 'Subject'),
  f('signerTitle', 'Chức vụ người ký', 'Signer position'),
  f('signerName', 'Họ tên người ký', 'Signer name'),
  f('recipients', 'Nơi nhận', 'Recipients', [f('name', 'Một nơi nhận', 'One recipient')]),
];

/** The data a template of each kind receives. The upload refuses any other name. */
export const TEMPLATE_FIELDS: Record<DocumentKind, TemplateField[]> = {
  consolidated: [
    ...HEADER_FIELDS,
    f('form', 'Biểu mẫu', 'Form', [f('code', 'Mã biểu mẫu', 'Form code'), f('name', 'Tên biểu mẫu', 'Form name')]),
    f('unit', 'Đơn vị báo cáo', 'Reporting unit', [f('code', 'Mã đơn vị', 'Unit code'), f('name', 'Tên đơn vị', 'Unit name')]),
    f('period', 'Kỳ báo cáo (Quý 1/2026)', 'Period label'),
    f('periodCode', 'Mã kỳ (2026Q1)', 'Period code'),
    f('hierarchy', 'Hệ thống đơn vị hành chính', 'Administrative hierarchy'),
    f('scope', 'Phạm vi số liệu', 'Data scope'),
    f('generatedAt', 'Thời điểm lập dd/mm/yyyy HH:mm', 'Generated at'),
    f('generatedBy', 'Người lập', 'Generated by'),
    f('rows', 'Các chỉ tiêu với số liệu của đơn vị', 'Data elements with the unit’s figures', ROW_FIELDS),
    f('sections', 'Các phần của biểu mẫu', 'Form sections', [f('no', 'Số thứ tự La Mã', 'Roman numeral'), f('name', 'Tên phần', 'Section name'), f('rows', 'Chỉ tiêu của phần', 'Elements of the section', ROW_FIELDS)]),
    f('units', 'Các đơn vị trực thuộc', 'Units below', [
      f('no', 'Số thứ tự', 'Row number'),
      f('code', 'Mã đơn vị', 'Unit code'),
      f('name', 'Tên đơn vị', 'Unit name'),
      f('values', 'Số liệu từng chỉ tiêu', 'Figures by data element', [f('code', 'Mã chỉ tiêu', 'Code'), f('name', 'Tên chỉ tiêu', 'Name'), f('value', 'Số liệu', 'Figure')]),
    ]),
  ],
  task_progress: [
    ...HEADER_FIELDS,
    f('unit', 'Đơn vị báo cáo (gồm các đơn vị trực thuộc)', 'Reporting unit (with the units below)', [f('code', 'Mã đơn vị', 'Unit code'), f('name', 'Tên đơn vị', 'Unit name')]),
    f('plan', 'Kế hoạch (trống khi báo cáo mọi nhiệm vụ; {#plan}…{/plan} chỉ in khi có)', 'Plan (empty when all tasks are reported)', [f('name', 'Tên kế hoạch', 'Plan name')]),
    f('from', 'Từ ngày dd/mm/yyyy', 'From dd/mm/yyyy'),
    f('to', 'Đến ngày dd/mm/yyyy', 'To dd/mm/yyyy'),
    f('asOf', 'Số liệu tính đến ngày dd/mm/yyyy', 'Figures as of dd/mm/yyyy'),
    f('generatedAt', 'Thời điểm lập dd/mm/yyyy HH:mm', 'Generated at'),
    f('generatedBy', 'Người lập', 'Generated by'),
    f('rows', 'Các nhiệm vụ', 'Tasks', [
      f('no', 'Số thứ tự', 'Row number'),
      f('title', 'Tên nhiệm vụ', 'Task'),
      f('leadUnit', 'Đơn vị chủ trì', 'Lead unit'),
      f('leadUser', 'Người chủ trì', 'Lead person'),
      f('startDate', 'Ngày bắt đầu dd/mm/yyyy', 'Start date'),
      f('dueDate', 'Hạn hoàn thành dd/mm/yyyy', 'Due date'),
      f('status', 'Trạng thái (Chưa bắt đầu, Đang thực hiện, Hoàn thành, Tạm dừng, Hủy)', 'Status, in Vietnamese'),
      f('progress', 'Tiến độ (%)', 'Progress (%)'),
      f('completedDate', 'Ngày hoàn thành dd/mm/yyyy', 'Completion date'),
      f('lateDays', 'Số ngày trễ (trống khi không trễ)', 'Days late (empty when none)'),
      f('quality', 'Chất lượng 1–5 (trống khi chưa chấm)', 'Quality 1–5'),
      f('score', 'Điểm ("–" khi chưa có)', 'Score ("–" when none)'),
    ]),
    f('totals', 'Tổng hợp, đã định dạng', 'Totals, formatted', [
      f('tasks', 'Tổng số nhiệm vụ', 'Tasks'),
      f('done', 'Đã hoàn thành', 'Done'),
      f('doneOnTime', 'Hoàn thành đúng hạn', 'Done on time'),
      f('doneLate', 'Hoàn thành trễ hạn', 'Done late'),
      f('inProgress', 'Đang thực hiện', 'In progress'),
      f('notStarted', 'Chưa bắt đầu', 'Not started'),
      f('paused', 'Tạm dừng', 'Paused'),
      f('cancelled', 'Hủy', 'Cancelled'),
      f('overdue', 'Quá hạn chưa hoàn thành', 'Overdue, not done'),
      f('averageProgress', 'Tiến độ bình quân (%)', 'Average progress (%)'),
      f('averageScore', 'Điểm bình quân ("–" khi chưa có)', 'Average score'),
    ]),
    f('summary', 'Các dòng tổng hợp (để lặp thành bảng)', 'The totals as lines (for a table loop)', [f('no', 'Số thứ tự', 'Row number'), f('label', 'Nội dung', 'Label'), f('value', 'Số lượng', 'Value')]),
  ],
};

export const templateUploadQuery = z
  .object({
    name: text(1, 200),
    kind: documentKind,
    /** The unit whose reports (and those below it) may use the template; default: the uploader's first document.manage unit. */
    unitId: idSchema.optional(),
  })
  .strict();

export const templateView = z.object({
  id: z.string(),
  name: z.string(),
  kind: documentKind,
  unit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  fileName: z.string(),
  size: z.number().int(),
  /** The placeholder and loop names the template uses, e.g. "unit.name", "rows", "rows.value". */
  placeholders: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  canManage: z.boolean(),
});
export type TemplateView = z.infer<typeof templateView>;

export const templateListQuery = z
  .object({
    kind: documentKind.optional(),
    /** Only templates a report on this unit may use (the unit's own and its ancestors'). */
    forUnitId: idSchema.optional(),
  })
  .strict();
export const templateList = z.object({ items: z.array(templateView) });
