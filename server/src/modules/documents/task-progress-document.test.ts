// The task progress report laid out from the tasks module's answer: a landscape A4 page,
// the totals with Vietnamese labels and one row per task with dates dd/mm/yyyy and numbers
// 1.234,5; the template data carries the same figures under the names TEMPLATE_FIELDS lists.
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_FIELDS, type TemplateField } from '@shared/schemas/documents.ts';
import type { TaskProgressReport } from '../tasks/task-report.ts';
import { buildDecree30Docx } from './decree30/decree30-docx.ts';
import { docxTables, docxText, sectPr } from './decree30/docx-read.ts';
import { defaultHeader, resolveHeader } from './header-defaults.ts';
import { taskProgressDecree30, taskProgressTemplateData } from './task-progress-document.ts';

const report: TaskProgressReport = {
  title: 'Báo cáo tiến độ thực hiện nhiệm vụ',
  unit: { id: '52', code: '52', name: 'Tỉnh Gia Lai' },
  plan: { id: '7', name: 'Kế hoạch năm 2026' },
  from: '2026-01-01',
  to: '2026-06-30',
  asOf: '2026-07-01',
  rows: [
    {
      no: 1,
      taskId: '11',
      title: 'Báo cáo năm gửi Bộ trước 15/12',
      leadUnit: 'Sở Dân tộc và Tôn giáo',
      leadUser: 'Nguyễn Văn A (chuyên viên Sở)',
      startDate: '2026-01-05',
      dueDate: '2026-12-15',
      status: 'in_progress',
      statusLabel: 'Đang thực hiện',
      progress: 62,
      completedDate: null,
      lateDays: 0,
      quality: null,
      score: null,
    },
    {
      no: 2,
      taskId: '12',
      title: 'Biểu quý 2',
      leadUnit: 'Xã Ia Grai',
      leadUser: null,
      startDate: '2026-04-01',
      dueDate: '2026-07-10',
      status: 'done',
      statusLabel: 'Hoàn thành',
      progress: 100,
      completedDate: '2026-07-13',
      lateDays: 1234,
      quality: 4,
      score: 72.25,
    },
  ],
  totals: { tasks: 2, notStarted: 0, inProgress: 1, done: 1, paused: 0, cancelled: 0, overdue: 0, doneOnTime: 0, doneLate: 1, averageProgress: 81, averageScore: 72.3 },
};
const meta = { generatedAt: new Date('2026-07-01T03:00:00Z'), generatedBy: 'Người dùng tinh.gialai' };

describe('taskProgressDecree30', () => {
  it('lays the tasks out on a landscape page with the totals', async () => {
    const header = resolveHeader(defaultHeader({ kind: 'province', name: 'Gia Lai', fullName: 'Tỉnh Gia Lai' }, 'Nguyễn Văn A'), undefined, 7);
    const file = await buildDecree30Docx(taskProgressDecree30(report, header, meta));
    const xml = new PizZip(file).file('word/document.xml')!.asText();
    const text = docxText(xml);
    expect(text).toContain('Số: 7/BC-SDTTG');
    expect(text).toContain('Tiến độ thực hiện nhiệm vụ từ ngày 01/01/2026 đến ngày 30/06/2026 (kế hoạch: Kế hoạch năm 2026)');
    expect(text).toContain('Gia Lai, ngày 01 tháng 7 năm 2026');
    expect(text).toContain('số liệu tính đến ngày 01/07/2026');
    expect(text).toContain('01/07/2026 10:00 bởi Người dùng tinh.gialai');
    const tables = docxTables(xml);
    expect(tables[1]).toEqual([
      ['STT', 'Nội dung', 'Số lượng'],
      ['1', 'Tổng số nhiệm vụ', '2'],
      ['2', 'Đã hoàn thành', '1'],
      ['', '- Hoàn thành đúng hạn', '0'],
      ['', '- Hoàn thành trễ hạn', '1'],
      ['3', 'Đang thực hiện', '1'],
      ['4', 'Chưa bắt đầu', '0'],
      ['5', 'Tạm dừng', '0'],
      ['6', 'Hủy', '0'],
      ['7', 'Quá hạn chưa hoàn thành', '0'],
      ['8', 'Tiến độ bình quân (%)', '81'],
      ['9', 'Điểm bình quân', '72,3'],
    ]);
    expect(tables[2]![0]).toEqual(['STT', 'Nhiệm vụ', 'Đơn vị (người) chủ trì', 'Ngày bắt đầu', 'Hạn hoàn thành', 'Trạng thái', 'Tiến độ (%)', 'Ngày hoàn thành', 'Số ngày trễ', 'Chất lượng (1–5)', 'Điểm']);
    expect(tables[2]![1]).toEqual(['1', 'Báo cáo năm gửi Bộ trước 15/12', 'Sở Dân tộc và Tôn giáo (Nguyễn Văn A)', '05/01/2026', '15/12/2026', 'Đang thực hiện', '62', '', '', '', '–']);
    expect(tables[2]![2]).toEqual(['2', 'Biểu quý 2', 'Xã Ia Grai', '01/04/2026', '10/07/2026', 'Hoàn thành', '100', '13/07/2026', '1.234', '4', '72,3']);
    const sect = sectPr(xml);
    expect(sect.orient).toBe('landscape');
    expect(sect.pgSz).toEqual({ w: 16838, h: 11906 });
  });

  it('says so when no task falls in the period', async () => {
    const empty = { ...report, plan: null, rows: [], totals: { ...report.totals, tasks: 0, inProgress: 0, done: 0, doneLate: 0, averageProgress: null, averageScore: null } };
    const header = resolveHeader(defaultHeader({ kind: 'commune', name: 'Ia Grai', fullName: 'Xã Ia Grai' }, 'B'), undefined, 1);
    const xml = new PizZip(await buildDecree30Docx(taskProgressDecree30(empty, header, meta))).file('word/document.xml')!.asText();
    expect(docxText(xml)).toContain('Không có nhiệm vụ nào trong khoảng thời gian này.');
    expect(docxText(xml)).not.toContain('kế hoạch');
    expect(docxTables(xml)[1]!.at(-1)).toEqual(['9', 'Điểm bình quân', '–']);
  });
});

describe('taskProgressTemplateData', () => {
  const header = resolveHeader(defaultHeader({ kind: 'commune', name: 'Ia Grai', fullName: 'Xã Ia Grai' }, 'B'), { number: '3/BC-UBND' }, 1);
  const data = taskProgressTemplateData(report, header, meta);

  it('gives templates the same figures, formatted', () => {
    expect(data).toMatchObject({ number: '3/BC-UBND', from: '01/01/2026', to: '30/06/2026', asOf: '01/07/2026', date: '01/07/2026', issuer: 'ỦY BAN NHÂN DÂN XÃ IA GRAI', plan: { name: 'Kế hoạch năm 2026' } });
    expect((data.rows as Record<string, unknown>[])[1]).toEqual({
      no: 2,
      title: 'Biểu quý 2',
      leadUnit: 'Xã Ia Grai',
      leadUser: '',
      startDate: '01/04/2026',
      dueDate: '10/07/2026',
      status: 'Hoàn thành',
      progress: '100',
      completedDate: '13/07/2026',
      lateDays: '1.234',
      quality: '4',
      score: '72,3',
    });
    expect(data.totals).toMatchObject({ tasks: '2', doneLate: '1', averageScore: '72,3' });
    expect((data.summary as { label: string; value: string }[])[0]).toEqual({ no: 1, label: 'Tổng số nhiệm vụ', value: '2' });
  });

  it('carries exactly the names TEMPLATE_FIELDS.task_progress lists', () => {
    const names = (fields: TemplateField[]) => fields.map((f) => f.name).sort();
    const fields = TEMPLATE_FIELDS.task_progress;
    expect(Object.keys(data).sort()).toEqual(names(fields));
    const items = (name: string) => fields.find((f) => f.name === name)!.items!;
    expect(Object.keys((data.rows as object[])[0]!).sort()).toEqual(names(items('rows')));
    expect(Object.keys(data.totals as object).sort()).toEqual(names(items('totals')));
    expect(Object.keys((data.summary as object[])[0]!).sort()).toEqual(names(items('summary')));
    expect(Object.keys(data.unit as object).sort()).toEqual(names(items('unit')));
    expect(Object.keys(data.plan as object).sort()).toEqual(names(items('plan')));
    expect(Object.keys((data.recipients as object[])[0]!).sort()).toEqual(names(items('recipients')));
  });
});
