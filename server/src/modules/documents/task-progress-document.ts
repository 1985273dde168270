// The task progress report (báo cáo tiến độ thực hiện nhiệm vụ) as an official document:
// the Decree 30 model built from the tasks module's answer (`taskProgressReport`) — I. the
// totals, II. one row per task, III. a note — and the same figures as the data a user's
// Word template of kind "task_progress" receives (TEMPLATE_FIELDS.task_progress). Dates
// are printed dd/mm/yyyy and numbers 1.234,5; statuses keep the report's Vietnamese label.
import { formatNumber } from '@shared/engine/numbers.ts';
import type { TaskProgressReport } from '../tasks/task-report.ts';
import { vnDateTime } from '../aggregation/consolidated-xlsx.ts';
import type { Decree30Model } from './decree30/decree30-docx.ts';
import { decree30HeaderModel, type ResolvedHeader, signerNameOf, templateHeaderData } from './header-defaults.ts';

export interface TaskProgressMeta {
  generatedAt: Date;
  generatedBy: string;
}

type Totals = TaskProgressReport['totals'];

/** The lines of the totals table, in order; the "of which" lines (sub) are printed "- …" in italics. */
export const TASK_TOTAL_LABELS: { key: keyof Totals; label: string; sub?: boolean }[] = [
  { key: 'tasks', label: 'Tổng số nhiệm vụ' },
  { key: 'done', label: 'Đã hoàn thành' },
  { key: 'doneOnTime', label: 'Hoàn thành đúng hạn', sub: true },
  { key: 'doneLate', label: 'Hoàn thành trễ hạn', sub: true },
  { key: 'inProgress', label: 'Đang thực hiện' },
  { key: 'notStarted', label: 'Chưa bắt đầu' },
  { key: 'paused', label: 'Tạm dừng' },
  { key: 'cancelled', label: 'Hủy' },
  { key: 'overdue', label: 'Quá hạn chưa hoàn thành' },
  { key: 'averageProgress', label: 'Tiến độ bình quân (%)' },
  { key: 'averageScore', label: 'Điểm bình quân' },
];

/** yyyy-mm-dd → dd/mm/yyyy; empty for none. */
export const dmy = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');
/** 1.234,5 (one decimal at most); "–" for none. */
export const num = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : formatNumber(Math.round(v * 10) / 10, 'vi'));

const span = (r: TaskProgressReport) => `từ ngày ${dmy(r.from)} đến ngày ${dmy(r.to)}`;

export function taskProgressSubject(r: TaskProgressReport): string {
  return `Tiến độ thực hiện nhiệm vụ ${span(r)}${r.plan ? ` (kế hoạch: ${r.plan.name})` : ''}`;
}

export function taskProgressDecree30(r: TaskProgressReport, header: ResolvedHeader & { number: string }, meta: TaskProgressMeta): Decree30Model {
  const tasks = r.rows.length
    ? r.rows.map((x) => ({
        cells: [String(x.no), x.title, x.leadUser ? `${x.leadUnit} (${signerNameOf(x.leadUser)})` : x.leadUnit, dmy(x.startDate), dmy(x.dueDate), x.statusLabel, num(x.progress), dmy(x.completedDate), x.lateDays > 0 ? num(x.lateDays) : '', x.quality === null ? '' : String(x.quality), num(x.score)],
      }))
    : [{ cells: [{ text: 'Không có nhiệm vụ nào trong khoảng thời gian này.', colSpan: 11, align: 'center' as const }], italic: true }];
  return {
    ...decree30HeaderModel(header, meta.generatedAt),
    subject: taskProgressSubject(r),
    orientation: 'landscape',
    sections: [
      {
        blocks: [
          {
            type: 'paragraph',
            text: `${r.unit.name} báo cáo tiến độ thực hiện các nhiệm vụ do đơn vị và các đơn vị trực thuộc chủ trì ${span(r)}${r.plan ? `, thuộc kế hoạch "${r.plan.name}"` : ''}, số liệu tính đến ngày ${dmy(r.asOf)}, như sau:`,
          },
        ],
      },
      {
        heading: 'I. TỔNG HỢP CHUNG',
        blocks: [
          {
            type: 'table',
            columns: [{ width: 8, align: 'center' }, { width: 62 }, { width: 30, align: 'right' }],
            header: [['STT', 'Nội dung', 'Số lượng']],
            rows: (() => {
              let n = 0;
              return TASK_TOTAL_LABELS.map((t) => (t.sub ? { cells: ['', `- ${t.label}`, num(r.totals[t.key])], italic: true } : { cells: [String((n += 1)), t.label, num(r.totals[t.key])] }));
            })(),
          },
        ],
      },
      {
        heading: 'II. CHI TIẾT TỪNG NHIỆM VỤ',
        blocks: [
          {
            type: 'table',
            columns: [
              // Date columns fit dd/mm/yyyy at 12 pt on one line of a landscape A4 page.
              { width: 5, align: 'center' },
              { width: 22 },
              { width: 15 },
              { width: 10.5, align: 'center' },
              { width: 10.5, align: 'center' },
              { width: 9, align: 'center' },
              { width: 6, align: 'right' },
              { width: 10.5, align: 'center' },
              { width: 5, align: 'right' },
              { width: 6, align: 'center' },
              { width: 6, align: 'right' },
            ],
            header: [['STT', 'Nhiệm vụ', 'Đơn vị (người) chủ trì', 'Ngày bắt đầu', 'Hạn hoàn thành', 'Trạng thái', 'Tiến độ (%)', 'Ngày hoàn thành', 'Số ngày trễ', 'Chất lượng (1–5)', 'Điểm']],
            rows: tasks,
          },
        ],
      },
      {
        heading: 'III. GHI CHÚ',
        blocks: [
          {
            type: 'paragraph',
            italic: true,
            text: `Báo cáo được lập tự động từ Hệ thống Trường Sơn lúc ${vnDateTime(meta.generatedAt)} bởi ${meta.generatedBy}. Số ngày trễ của nhiệm vụ chưa hoàn thành tính đến ngày ${dmy(r.asOf)}; ô "–" là chưa có điểm.`,
          },
        ],
      },
    ],
  };
}

/** What a user's template of kind "task_progress" receives (TEMPLATE_FIELDS.task_progress). */
export function taskProgressTemplateData(r: TaskProgressReport, header: ResolvedHeader & { number: string }, meta: TaskProgressMeta): Record<string, unknown> {
  const totals = Object.fromEntries(TASK_TOTAL_LABELS.map((t) => [t.key, num(r.totals[t.key])]));
  return {
    ...templateHeaderData(header, meta.generatedAt),
    subject: taskProgressSubject(r),
    unit: { code: r.unit.code, name: r.unit.name },
    plan: r.plan ? { name: r.plan.name } : null,
    from: dmy(r.from),
    to: dmy(r.to),
    asOf: dmy(r.asOf),
    generatedAt: vnDateTime(meta.generatedAt),
    generatedBy: meta.generatedBy,
    rows: r.rows.map((x) => ({
      no: x.no,
      title: x.title,
      leadUnit: x.leadUnit,
      leadUser: x.leadUser ?? '',
      startDate: dmy(x.startDate),
      dueDate: dmy(x.dueDate),
      status: x.statusLabel,
      progress: num(x.progress),
      completedDate: dmy(x.completedDate),
      lateDays: x.lateDays > 0 ? num(x.lateDays) : '',
      quality: x.quality === null ? '' : String(x.quality),
      score: num(x.score),
    })),
    totals,
    summary: TASK_TOTAL_LABELS.map((t, i) => ({ no: i + 1, label: t.label, value: totals[t.key] })),
  };
}
