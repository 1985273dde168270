// The XLSX export is the screen's pivot: the same rows (labels and order), columns,
// totals and values as the shared model the web's table draws, with hide-empty-rows and
// sort applied as on the screen.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleResponse } from '@shared/engine/pivot.fixtures.ts';
import { buildPivot, type PivotMatrix, type PivotOptions } from '@shared/engine/pivot.ts';
import type { AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { analyticsWorkbook, PIVOT_LABELS } from './analytics-export.ts';

const now = new Date('2026-03-02T03:00:00Z');

async function sheet(res: AnalyticsResponse, display: Pick<PivotOptions, 'hideEmptyRows' | 'sort'> = {}) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await analyticsWorkbook(res, { now, lang: 'vi', ...display })) as never);
  const ws = wb.worksheets[0]!;
  const view = ws.views[0] as { xSplit: number; ySplit: number };
  const heads = view.xSplit;
  const body: { labels: string[]; values: (number | null)[]; bold: boolean[] }[] = [];
  for (let r = view.ySplit + 1; r <= ws.rowCount; r += 1) {
    const row = ws.getRow(r);
    const labels = Array.from({ length: heads }, (_, c) => row.getCell(c + 1).text);
    const cells = Array.from({ length: ws.columnCount - heads }, (_, c) => row.getCell(heads + c + 1));
    body.push({ labels, values: cells.map((c) => (typeof c.value === 'number' ? c.value : null)), bold: cells.map((c) => c.font?.bold === true) });
  }
  const header = (level: number) => Array.from({ length: ws.columnCount - heads }, (_, c) => ws.getCell(view.ySplit - level, heads + c + 1).text);
  return { ws, heads, body, header };
}

/** Each row's label at every row level, a header's label filled over the rows and levels it covers (as the merged cells read). */
function screenLabels(m: PivotMatrix): string[][] {
  const grid = m.rows.map(() => m.rowDims.map(() => ''));
  m.rows.forEach((r) =>
    r.headers.forEach((h, d) => {
      if (!h) return;
      for (let i = h.at; i < h.at + h.span; i += 1) for (let k = d; k < d + h.depth; k += 1) grid[i]![k] = h.label;
    }),
  );
  return grid;
}

describe('analyticsWorkbook', () => {
  it('has the rows of the screen’s pivot for two row dimensions with totals: labels, order, values, totals in bold', async () => {
    const res = sampleResponse({ rows: ['ou', 'pe'], columns: ['dx'] });
    const m = buildPivot(res, { lang: 'vi', labels: PIVOT_LABELS.vi });
    const x = await sheet(res);
    expect(x.heads).toBe(2);
    expect(x.body.map((r) => r.labels)).toEqual(screenLabels(m));
    expect(x.body.map((r) => r.labels)).toEqual([
      ['Tỉnh Gia Lai', 'Quý 1/2025'],
      ['Tỉnh Gia Lai', 'Quý 2/2025'],
      ['Tỉnh Gia Lai', 'Tổng'],
      ['Thành phố Hồ Chí Minh', 'Quý 1/2025'],
      ['Thành phố Hồ Chí Minh', 'Quý 2/2025'],
      ['Thành phố Hồ Chí Minh', 'Tổng'],
      ['Tổng cộng', 'Tổng cộng'],
    ]);
    expect(x.body.map((r) => r.values)).toEqual(m.rows.map((r) => r.cells.map((c) => c.value)));
    expect(x.body.map((r) => r.bold)).toEqual(m.rows.map((r) => r.cells.map((c) => c.total)));
    expect(x.header(0)).toEqual(m.columnHeaders[0]!.map((h) => h.label));
    // Numbers as numbers, with each data item's decimals.
    const first = x.ws.views[0] as { ySplit: number };
    expect(x.ws.getCell(first.ySplit + 1, 3).numFmt).toBe('#,##0.0');
    expect(x.ws.getCell(first.ySplit + 1, 4).numFmt).toBe('#,##0');
  });

  it('merges the column headers over their groups and leaves out the totals the screen does not show', async () => {
    const res = sampleResponse({ rows: ['ou'], columns: ['dx', 'pe'] });
    const m = buildPivot(res, { lang: 'vi', labels: PIVOT_LABELS.vi });
    const x = await sheet(res);
    expect(x.header(1)).toEqual(['Tỷ lệ tham gia BHYT', 'Tỷ lệ tham gia BHYT', 'Tỷ lệ tham gia BHYT', 'Dân số DTTS', 'Dân số DTTS', 'Dân số DTTS']);
    expect(x.header(0)).toEqual(m.columnHeaders[1]!.map((h) => h.label));
    expect(x.ws.getCell((x.ws.views[0] as { ySplit: number }).ySplit - 1, 2).isMerged).toBe(true);
    expect(x.body.map((r) => r.labels[0])).toEqual(['Tỉnh Gia Lai', 'Thành phố Hồ Chí Minh', 'Tổng cộng']);
  });

  it('hides empty rows and sorts within groups as the screen does when asked', async () => {
    const res = sampleResponse({ rows: ['ou', 'pe'], columns: ['dx'] });
    const display = { hideEmptyRows: true, sort: { by: 'in:TL_BHYT', direction: 'asc' as const } };
    const m = buildPivot(res, { lang: 'vi', labels: PIVOT_LABELS.vi, ...display });
    const x = await sheet(res, display);
    expect(x.body.map((r) => r.labels)).toEqual(screenLabels(m));
    expect(x.body.map((r) => r.labels[1])).toEqual(['Quý 2/2025', 'Quý 1/2025', 'Tổng', 'Quý 1/2025', 'Tổng', 'Tổng cộng']);
  });
});
