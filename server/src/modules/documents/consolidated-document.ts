// The consolidated report (báo cáo tổng hợp) of a form and period as an official
// document: the Decree 30 model built from consolidatedReport() and the form layout the
// Excel export uses — I. the unit's figures element by element (grouped by section, one
// line per option combo when disaggregated); II. the units below it, one table per
// section (at most four elements a table so a portrait A4 page stays readable) — and
// the same figures as the data a user's Word template receives (TEMPLATE_FIELDS).
import { formatNumber } from '@shared/engine/numbers.ts';
import { periodLabel, tryParsePeriod } from '@shared/engine/periods.ts';
import type { ConsolidatedReport } from '@shared/schemas/reports.ts';
import { HIERARCHY_LABELS, vnDateTime, type XlsxLayout } from '../aggregation/consolidated-xlsx.ts';
import type { Decree30Model, Decree30Section, Decree30Table } from './decree30/decree30-docx.ts';
import { decree30HeaderModel, templateHeaderData, type ResolvedHeader } from './header-defaults.ts';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const PER_TABLE = 4;

/** 1.234 / 12,35 / "–" when there is no figure. */
export function figure(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Number.isInteger(v) ? formatNumber(v, 'vi') : formatNumber(Math.round(v * 100) / 100, 'vi');
}

export interface ConsolidatedMeta {
  generatedAt: Date;
  generatedBy: string;
}

export const reportPeriodLabel = (period: string) => {
  const p = tryParsePeriod(period);
  return p.ok ? periodLabel(p.period, 'vi') : period;
};

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

export function consolidatedSubject(report: ConsolidatedReport, layout: XlsxLayout): string {
  return `Tổng hợp số liệu ${lowerFirst(layout.form.nameVi)}, ${lowerFirst(reportPeriodLabel(report.period))}${report.approvedOnly ? ' (số liệu đã phê duyệt)' : ''}`;
}

/** The sections and elements of the layout that the report carries, in order. */
function shownSections(report: ConsolidatedReport, layout: XlsxLayout) {
  const known = new Set(report.elements.map((e) => e.id));
  return layout.sections.map((s) => ({ ...s, elements: s.elements.filter((e) => known.has(e.id)) })).filter((s) => s.elements.length > 0);
}

const elementTitle = (e: { nameVi: string; unitOfMeasureVi: string | null }) => (e.unitOfMeasureVi ? `${e.nameVi} (${e.unitOfMeasureVi})` : e.nameVi);

export function consolidatedDecree30(report: ConsolidatedReport, layout: XlsxLayout, header: ResolvedHeader & { number: string }, meta: ConsolidatedMeta): Decree30Model {
  const sections = shownSections(report, layout);
  const total = report.rows.find((r) => r.total)!;
  const children = report.rows.filter((r) => !r.total);
  const periodText = reportPeriodLabel(report.period);
  const scope = report.approvedOnly ? 'chỉ số liệu của báo cáo đã được phê duyệt' : 'tất cả số liệu đã nhập';

  // I. The unit's own figures.
  let no = 0;
  const own: Decree30Table = {
    type: 'table',
    columns: [{ width: 7, align: 'center' }, { width: 55 }, { width: 14, align: 'center' }, { width: 20, align: 'right' }],
    header: [['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu']],
    rows: sections.flatMap((s) => [
      { cells: [{ text: s.nameVi, colSpan: 4, align: 'left' as const }], bold: true },
      ...s.elements.flatMap((e) => {
        no += 1;
        const line = { cells: [String(no), e.nameVi, e.unitOfMeasureVi ?? '', figure(total.values[e.id])] };
        if (!total.byCoc || e.cocs.length < 2) return [line];
        return [line, ...e.cocs.map((c) => ({ cells: ['', `- ${c.nameVi}`, '', figure(total.byCoc?.[e.id]?.[c.id])], italic: true }))];
      }),
    ]),
  };

  const body: Decree30Section[] = [
    {
      blocks: [
        {
          type: 'paragraph',
          text: 'Căn cứ Thông tư số 01/2022/TT-UBDT của Ủy ban Dân tộc quy định quy trình giám sát, đánh giá thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi;',
        },
        {
          type: 'paragraph',
          text: `Trên cơ sở số liệu các đơn vị báo cáo trên Hệ thống Trường Sơn, kết quả tổng hợp biểu mẫu ${layout.form.code} — ${layout.form.nameVi}, kỳ báo cáo ${lowerFirst(periodText)} của ${report.unit.name} như sau:`,
        },
      ],
    },
    {
      heading: `I. SỐ LIỆU TỔNG HỢP CỦA ${report.unit.name.toLocaleUpperCase('vi')}`,
      blocks: [
        { type: 'paragraph', text: `Hệ thống đơn vị: ${HIERARCHY_LABELS[report.view].toLocaleLowerCase('vi')}; phạm vi số liệu: ${scope}; số liệu tính đến ${vnDateTime(meta.generatedAt)}.` },
        { ...own, caption: `Biểu 1. Số liệu tổng hợp của ${report.unit.name}` },
      ],
    },
  ];

  // II. The units below, one table per section (split into chunks of elements).
  if (children.length > 0) {
    const tables: Decree30Table[] = [];
    let k = 1;
    for (const s of sections) {
      for (let i = 0; i < s.elements.length; i += PER_TABLE) {
        const chunk = s.elements.slice(i, i + PER_TABLE);
        k += 1;
        tables.push({
          type: 'table',
          caption: `Biểu ${k}. ${s.nameVi}${i > 0 ? ' (tiếp theo)' : ''}`,
          columns: [{ width: 8, align: 'center' }, { width: 28 }, ...chunk.map(() => ({ width: 64 / Math.max(chunk.length, 2), align: 'right' as const }))],
          header: [['STT', 'Đơn vị', ...chunk.map(elementTitle)]],
          rows: [
            { cells: [{ text: 'Tổng cộng', colSpan: 2, align: 'center' as const }, ...chunk.map((e) => figure(total.values[e.id]))], bold: true },
            ...children.map((c, n) => ({ cells: [String(n + 1), c.unit.name, ...chunk.map((e) => figure(c.values[e.id]))] })),
          ],
        });
      }
    }
    body.push({ heading: `II. SỐ LIỆU THEO ĐƠN VỊ TRỰC THUỘC (${children.length} đơn vị)`, blocks: tables });
  }
  body.push({
    heading: `${ROMAN[body.length - 1]}. GHI CHÚ`,
    blocks: [{ type: 'paragraph', italic: true, text: `Báo cáo được lập tự động từ Hệ thống Trường Sơn lúc ${vnDateTime(meta.generatedAt)} bởi ${meta.generatedBy}. Ô "–" là chưa có số liệu.` }],
  });

  return { ...decree30HeaderModel(header, meta.generatedAt), subject: consolidatedSubject(report, layout), sections: body };
}

/** What a user's template of kind "consolidated" receives (TEMPLATE_FIELDS.consolidated). */
export function consolidatedTemplateData(report: ConsolidatedReport, layout: XlsxLayout, header: ResolvedHeader & { number: string }, meta: ConsolidatedMeta): Record<string, unknown> {
  const sections = shownSections(report, layout);
  const total = report.rows.find((r) => r.total)!;
  const codeOf = new Map(report.elements.map((e) => [e.id, e.code]));
  let no = 0;
  const rowsOf = (s: (typeof sections)[number]) =>
    s.elements.map((e) => {
      no += 1;
      return { no, code: codeOf.get(e.id) ?? e.id, name: e.nameVi, section: s.nameVi, unitOfMeasure: e.unitOfMeasureVi ?? '', value: figure(total.values[e.id]) };
    });
  const sectionData = sections.map((s, i) => ({ no: ROMAN[i] ?? String(i + 1), name: s.nameVi, rows: rowsOf(s) }));
  const elements = sections.flatMap((s) => s.elements);
  return {
    ...templateHeaderData(header, meta.generatedAt),
    subject: consolidatedSubject(report, layout),
    form: { code: layout.form.code, name: layout.form.nameVi },
    unit: { code: report.unit.code, name: report.unit.name },
    period: reportPeriodLabel(report.period),
    periodCode: report.period,
    hierarchy: HIERARCHY_LABELS[report.view],
    scope: report.approvedOnly ? 'Chỉ số liệu đã duyệt' : 'Tất cả số liệu đã nhập',
    generatedAt: vnDateTime(meta.generatedAt),
    generatedBy: meta.generatedBy,
    rows: sectionData.flatMap((s) => s.rows),
    sections: sectionData,
    units: report.rows
      .filter((r) => !r.total)
      .map((r, i) => ({
        no: i + 1,
        code: r.unit.code,
        name: r.unit.name,
        values: elements.map((e) => ({ code: codeOf.get(e.id) ?? e.id, name: e.nameVi, value: figure(r.values[e.id]) })),
      })),
  };
}
