// The task progress report (báo cáo tiến độ thực hiện nhiệm vụ): a plain data model built
// by `taskProgressReport` — the tasks led within a unit's subtree whose [start, due] meets
// the period, visible to the caller, with status, progress, lateness and score, and the
// totals — used by the Excel export here and by the Word report of the documents module
// (Decree 30 layout). No I/O beyond the one query; no formatting except the Vietnamese
// status label: dates stay yyyy-mm-dd, numbers stay numbers.
import type ExcelJS from 'exceljs';
import { vietnamDate } from '@shared/engine/periods.ts';
import { TASK_STATUS_VI, type TaskProgressReport } from '@shared/schemas/tasks.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import type { TaskAccess } from './tasks.policy.ts';
import { reachableUnit, reportRows, unitRefs } from './tasks.repository.ts';

export type { TaskProgressReport };

export const TASK_REPORT_TITLE = 'Báo cáo tiến độ thực hiện nhiệm vụ';

/**
 * The report of `unitId` (and the units below it) for tasks meeting [from, to], optionally
 * one plan. Throws not_found when the unit is outside everything the caller can reach.
 * `access` comes from `taskAccessOf(requireAuth(request))`.
 */
export async function taskProgressReport(ctx: AppContext, access: TaskAccess, q: { unitId: string; from: string; to: string; planId?: string }): Promise<TaskProgressReport> {
  const unit = (await unitRefs(ctx.db, [q.unitId])).get(q.unitId);
  if (!unit || !(await reachableUnit(ctx.db, access, q.unitId))) throw notFound();
  const plan = q.planId ? await ctx.db.selectFrom('task_plan').select(['id', 'name']).where('id', '=', q.planId).executeTakeFirst() : null;
  if (q.planId && !plan) throw notFound();
  const asOf = vietnamDate(ctx.clock.now());
  const { rows } = await reportRows(ctx.db, access, asOf, q);
  const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
  const live = rows.filter((r) => r.status !== 'cancelled');
  const scores = rows.flatMap((r) => (r.score === null ? [] : [Number(r.score)]));
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    title: TASK_REPORT_TITLE,
    unit: { id: unit.id, code: unit.code, name: unit.name },
    plan: plan ? { id: plan.id, name: plan.name } : null,
    from: q.from,
    to: q.to,
    asOf,
    rows: rows.map((r, i) => ({
      no: i + 1,
      taskId: r.id,
      title: r.title,
      leadUnit: r.lead_unit.name,
      leadUser: r.lead_user?.displayName ?? null,
      startDate: r.start_date,
      dueDate: r.due_date,
      status: r.status,
      statusLabel: TASK_STATUS_VI[r.status],
      progress: r.progress,
      completedDate: r.completed_date,
      lateDays: r.late_days,
      quality: r.quality,
      score: r.score === null ? null : Number(r.score),
    })),
    totals: {
      tasks: rows.length,
      notStarted: count((r) => r.status === 'not_started'),
      inProgress: count((r) => r.status === 'in_progress'),
      done: count((r) => r.status === 'done'),
      paused: count((r) => r.status === 'paused'),
      cancelled: count((r) => r.status === 'cancelled'),
      overdue: count((r) => r.overdue),
      doneOnTime: count((r) => r.status === 'done' && r.late_days === 0),
      doneLate: count((r) => r.status === 'done' && r.late_days > 0),
      averageProgress: live.length ? round1(live.reduce((s, r) => s + r.progress, 0) / live.length) : null,
      averageScore: scores.length ? round1(scores.reduce((s, x) => s + x, 0) / scores.length) : null,
    },
  };
}

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  left: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  bottom: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  right: { style: 'thin', color: { argb: 'FFA6A6A6' } },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const dmy = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');

/** bao-cao-tien-do-nhiem-vu_52_2026-01-01_2026-12-31.xlsx */
export const taskReportFileName = (r: TaskProgressReport) => `bao-cao-tien-do-nhiem-vu_${r.unit.code}_${r.from}_${r.to}.xlsx`.replace(/[^\w.-]/g, '_');

export const TASK_REPORT_COLUMNS = ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Người chủ trì', 'Ngày bắt đầu', 'Hạn hoàn thành', 'Trạng thái', 'Tiến độ (%)', 'Ngày hoàn thành', 'Số ngày trễ', 'Chất lượng (1–5)', 'Điểm'];

/** The report as a workbook: title rows, a frozen header, one row per task, the totals. Numbers stay numbers. */
export async function taskReportXlsx(r: TaskProgressReport): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trường Sơn';
  const ws = wb.addWorksheet('Tiến độ nhiệm vụ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
  });
  const n = TASK_REPORT_COLUMNS.length;
  const titleRow = (text: string, opts: { bold?: boolean; italic?: boolean; size?: number }) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, n);
    row.getCell(1).font = { name: FONT, size: opts.size ?? 12, bold: opts.bold, italic: opts.italic };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  titleRow(r.unit.name.toUpperCase(), { bold: true, size: 12 });
  titleRow(r.title.toUpperCase(), { bold: true, size: 14 });
  titleRow(`Từ ngày ${dmy(r.from)} đến ngày ${dmy(r.to)}${r.plan ? ` — Kế hoạch: ${r.plan.name}` : ''}`, { italic: true });
  titleRow(`Số liệu tính đến ngày ${dmy(r.asOf)}`, { italic: true, size: 11 });
  ws.addRow([]);
  const header = ws.addRow(TASK_REPORT_COLUMNS);
  header.height = 32;
  header.eachCell((c) => {
    c.font = { name: FONT, size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = HEADER_FILL;
    c.border = THIN;
  });
  for (const x of r.rows) {
    const row = ws.addRow([x.no, x.title, x.leadUnit, x.leadUser ?? '', dmy(x.startDate), dmy(x.dueDate), x.statusLabel, x.progress, dmy(x.completedDate), x.lateDays, x.quality, x.score]);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.font = { name: FONT, size: 11, color: col === 10 && x.lateDays > 0 ? { argb: 'FFC00000' } : undefined };
      c.border = THIN;
      c.alignment = { vertical: 'top', wrapText: col === 2 || col === 3, horizontal: col === 1 || (col >= 5 && col !== 7) ? 'center' : undefined };
    });
    row.getCell(12).numFmt = '0.0';
  }
  const t = r.totals;
  const totalRow = ws.addRow(['', `Tổng cộng: ${t.tasks} nhiệm vụ — hoàn thành ${t.done} (đúng hạn ${t.doneOnTime}, trễ hạn ${t.doneLate}), đang thực hiện ${t.inProgress}, chưa bắt đầu ${t.notStarted}, tạm dừng ${t.paused}, hủy ${t.cancelled}; quá hạn chưa hoàn thành ${t.overdue}`, '', '', '', '', '', t.averageProgress, '', '', '', t.averageScore]);
  ws.mergeCells(totalRow.number, 2, totalRow.number, 7);
  totalRow.eachCell({ includeEmpty: true }, (c) => {
    c.font = { name: FONT, size: 11, bold: true };
    c.border = THIN;
    c.alignment = { vertical: 'top', wrapText: true };
  });
  totalRow.getCell(8).numFmt = '0.0';
  totalRow.getCell(12).numFmt = '0.0';
  totalRow.height = 45;
  const widths = [6, 48, 26, 22, 13, 13, 16, 10, 13, 10, 11, 9];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: header.number, xSplit: 2 }];
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
