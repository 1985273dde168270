// The task progress report (báo cáo tiến độ nhiệm vụ) as a Decree 30 document. The tasks
// module (branch wip-tasks) exposes taskProgressReport(ctx, access, { unitId, from, to,
// planId? }) returning a plain model; until it lands this takes that model's shape —
// title, unit, dates, rows (task, lead unit, due, status, progress, score, late days) and
// totals — so wiring it is one route calling this with the tasks module's answer.
import { formatNumber } from '@shared/engine/numbers.ts';
import { vietnamDate } from '@shared/engine/periods.ts';
import type { Decree30Model } from './decree30/decree30-docx.ts';
import { placeAndDate } from './decree30/decree30-docx.ts';
import type { ResolvedHeader } from './header-defaults.ts';

export interface TaskProgressReportModel {
  title: string;
  unit: { id?: string; code?: string; name: string };
  /** yyyy-mm-dd (Vietnam calendar). */
  from: string;
  to: string;
  plan?: { id?: string; name: string } | null;
  rows: {
    task: string;
    leadUnit: string;
    /** yyyy-mm-dd or an ISO instant. */
    due: string | null;
    status: string;
    progress: number | null;
    score: number | null;
    lateDays: number | null;
  }[];
  totals: { label: string; value: number | null }[] | Record<string, number | null>;
}

const dmy = (d: string | null) => {
  if (!d) return '';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : vietnamDate(new Date(d));
  return day.split('-').reverse().join('/');
};
const num = (v: number | null, decimals?: number) => (v === null || !Number.isFinite(v) ? '–' : formatNumber(decimals === undefined ? v : Number(v.toFixed(decimals)), 'vi'));

const totalsOf = (t: TaskProgressReportModel['totals']) => (Array.isArray(t) ? t : Object.entries(t).map(([label, value]) => ({ label, value })));

export function taskProgressDecree30(model: TaskProgressReportModel, header: ResolvedHeader & { number: string }, meta: { generatedAt: Date }): Decree30Model {
  const totals = totalsOf(model.totals);
  const span = `từ ngày ${dmy(model.from)} đến ngày ${dmy(model.to)}`;
  return {
    agency: header.agency || null,
    issuer: header.issuer,
    number: header.number,
    place: header.place,
    date: meta.generatedAt,
    title: 'BÁO CÁO',
    subject: `${model.title}${model.plan ? ` — ${model.plan.name}` : ''}, ${span}`,
    orientation: 'landscape',
    sections: [
      { blocks: [{ type: 'paragraph', text: `${model.unit.name} báo cáo tiến độ thực hiện nhiệm vụ ${span} như sau:` }] },
      {
        heading: 'I. TỔNG HỢP CHUNG',
        blocks: [
          {
            type: 'table',
            columns: [{ width: 8, align: 'center' }, { width: 62 }, { width: 30, align: 'right' }],
            header: [['STT', 'Nội dung', 'Số lượng']],
            rows: totals.map((t, i) => ({ cells: [String(i + 1), t.label, num(t.value)] })),
          },
        ],
      },
      {
        heading: 'II. CHI TIẾT TỪNG NHIỆM VỤ',
        blocks: [
          {
            type: 'table',
            columns: [
              { width: 5, align: 'center' },
              { width: 33 },
              { width: 18 },
              { width: 10, align: 'center' },
              { width: 12, align: 'center' },
              { width: 8, align: 'right' },
              { width: 7, align: 'right' },
              { width: 7, align: 'right' },
            ],
            header: [['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Hạn hoàn thành', 'Trạng thái', 'Tiến độ (%)', 'Điểm', 'Trễ (ngày)']],
            rows: model.rows.map((r, i) => ({ cells: [String(i + 1), r.task, r.leadUnit, dmy(r.due), r.status, num(r.progress, 1), num(r.score, 1), r.lateDays ? num(r.lateDays) : ''] })),
          },
        ],
      },
    ],
    recipients: header.recipients,
    signer: { title: header.signerTitle, name: header.signerName },
  };
}

/** What a user's template of kind "task_progress" receives (TEMPLATE_FIELDS.task_progress). */
export function taskProgressTemplateData(model: TaskProgressReportModel, header: ResolvedHeader & { number: string }, meta: { generatedAt: Date }): Record<string, unknown> {
  return {
    agency: header.agency,
    issuer: header.issuer,
    number: header.number,
    place: header.place,
    date: dmy(vietnamDate(meta.generatedAt)),
    placeDate: placeAndDate(header.place, meta.generatedAt),
    title: 'BÁO CÁO',
    subject: model.title,
    signerTitle: header.signerTitle,
    signerName: header.signerName,
    recipients: header.recipients.map((name) => ({ name })),
    unit: { code: model.unit.code ?? '', name: model.unit.name },
    from: dmy(model.from),
    to: dmy(model.to),
    rows: model.rows.map((r, i) => ({ no: i + 1, task: r.task, leadUnit: r.leadUnit, due: dmy(r.due), status: r.status, progress: num(r.progress, 1), score: num(r.score, 1), lateDays: r.lateDays ?? 0 })),
    totals: totalsOf(model.totals).map((t) => ({ label: t.label, value: num(t.value) })),
  };
}
