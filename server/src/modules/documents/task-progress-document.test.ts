// The task progress report laid out from the model the tasks module will return: a
// landscape A4 page, the totals and one row per task with Vietnamese dates and numbers;
// the template data carries the same figures.
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { buildDecree30Docx } from './decree30/decree30-docx.ts';
import { docxTables, docxText, sectPr } from './decree30/docx-read.ts';
import { defaultHeader, resolveHeader } from './header-defaults.ts';
import { taskProgressDecree30, taskProgressTemplateData, type TaskProgressReportModel } from './task-progress-document.ts';

const model: TaskProgressReportModel = {
  title: 'Báo cáo tiến độ thực hiện nhiệm vụ',
  unit: { code: '52', name: 'Sở Dân tộc và Tôn giáo tỉnh Gia Lai' },
  from: '2026-01-01',
  to: '2026-06-30',
  rows: [
    { task: 'Báo cáo năm gửi Bộ trước 15/12', leadUnit: 'Phòng Kế hoạch', due: '2026-12-15', status: 'Đang thực hiện', progress: 62.5, score: null, lateDays: null },
    { task: 'Biểu quý 2', leadUnit: 'Phòng Chính sách', due: '2026-07-10T16:59:59.999Z', status: 'Trễ hạn', progress: 80, score: 7.25, lateDays: 3 },
  ],
  totals: { 'Tổng số nhiệm vụ': 2, 'Trễ hạn': 1, 'Điểm bình quân': 7.25 },
};

describe('taskProgressDecree30', () => {
  it('lays the tasks out on a landscape page with the totals', async () => {
    const header = resolveHeader(defaultHeader({ kind: 'province', name: 'Gia Lai', fullName: 'Tỉnh Gia Lai' }, 'Nguyễn Văn A'), undefined, 7);
    const file = await buildDecree30Docx(taskProgressDecree30(model, header, { generatedAt: new Date('2026-07-01T03:00:00Z') }));
    const xml = new PizZip(file).file('word/document.xml')!.asText();
    const text = docxText(xml);
    expect(text).toContain('Số: 7/BC-SDTTG');
    expect(text).toContain('Báo cáo tiến độ thực hiện nhiệm vụ, từ ngày 01/01/2026 đến ngày 30/06/2026');
    expect(text).toContain('Gia Lai, ngày 01 tháng 7 năm 2026');
    const tables = docxTables(xml);
    expect(tables[1]).toEqual([
      ['STT', 'Nội dung', 'Số lượng'],
      ['1', 'Tổng số nhiệm vụ', '2'],
      ['2', 'Trễ hạn', '1'],
      ['3', 'Điểm bình quân', '7,25'],
    ]);
    expect(tables[2]![2]).toEqual(['2', 'Biểu quý 2', 'Phòng Chính sách', '10/07/2026', 'Trễ hạn', '80', '7,3', '3']);
    expect(tables[2]![1]![5]).toBe('62,5');
    const sect = sectPr(xml);
    expect(sect.orient).toBe('landscape');
    expect(sect.pgSz).toEqual({ w: 16838, h: 11906 });
  });

  it('gives templates the same figures', () => {
    const header = resolveHeader(defaultHeader({ kind: 'commune', name: 'Ia Grai', fullName: 'Xã Ia Grai' }, 'B'), { number: '3/BC-UBND' }, 1);
    const data = taskProgressTemplateData(model, header, { generatedAt: new Date('2026-07-01T03:00:00Z') });
    expect(data).toMatchObject({ number: '3/BC-UBND', from: '01/01/2026', to: '30/06/2026', date: '01/07/2026', issuer: 'ỦY BAN NHÂN DÂN XÃ IA GRAI' });
    expect((data.rows as { due: string; progress: string }[])[1]).toMatchObject({ due: '10/07/2026', progress: '80' });
  });
});
