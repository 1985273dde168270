// The investment report as Excel: title rows (agency scope, year, date), a header, one row
// per project or province with works, allocated, committed, disbursed, rate, plan share
// and the gap, then the total row; money in millions of dong (#,##0.###), rates 0.0,
// Times New Roman, frozen header, landscape A4 fitted to the width.
import type { InvestmentReport } from '@shared/schemas/investments.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';

export function reportFileName(r: InvestmentReport): string {
  return `bao-cao-giai-ngan_${r.by === 'project' ? 'theo-du-an' : 'theo-tinh'}_${r.year}.xlsx`;
}

export async function buildReportWorkbook(r: InvestmentReport): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trường Sơn';
  const ws = wb.addWorksheet(r.by === 'project' ? 'Theo dự án' : 'Theo tỉnh', { views: [{ state: 'frozen', ySplit: 5 }] });
  ws.columns = [6, 14, 50, 11, 11, 11, 16, 16, 16, 12, 12, 12].map((width) => ({ width }));
  const font = { name: 'Times New Roman', size: 12 };
  ws.mergeCells('A1:L1');
  ws.getCell('A1').value = `BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN CÁC CÔNG TRÌNH ĐẦU TƯ NĂM ${r.year} ${r.by === 'project' ? 'THEO DỰ ÁN' : 'THEO TỈNH'}`;
  ws.getCell('A1').font = { ...font, bold: true, size: 13 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:L2');
  const [y, m, d] = r.asOf.split('-');
  ws.getCell('A2').value = `Phạm vi: ${r.unit.name} — số liệu đến ngày ${d}/${m}/${y}`;
  ws.getCell('A2').font = { ...font, italic: true };
  ws.getCell('A2').alignment = { horizontal: 'center' };
  ws.mergeCells('A3:L3');
  ws.getCell('A3').value = 'Đơn vị tính: triệu đồng';
  ws.getCell('A3').font = { ...font, italic: true };
  ws.getCell('A3').alignment = { horizontal: 'right' };
  const header = ['STT', 'Mã', r.by === 'project' ? 'Dự án' : 'Tỉnh, thành phố', 'Số công trình', 'Hoàn thành', 'Chậm giải ngân', 'Kế hoạch vốn giao', 'Vốn đã cam kết', 'Đã giải ngân', 'Tỷ lệ giải ngân (%)', 'Kế hoạch đến nay (%)', 'Chênh lệch (điểm %)'];
  ws.getRow(5).values = header;
  ws.getRow(5).height = 32;
  const thin = { style: 'thin' as const };
  const box = { top: thin, left: thin, bottom: thin, right: thin };
  ws.getRow(5).eachCell((c) => {
    c.font = { ...font, bold: true, size: 11 };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    c.border = box;
  });
  const line = (i: number | string, row: InvestmentReport['total']) => [i, row.code, row.name, row.works, row.completed, row.worksBehind, row.allocated, row.committed, row.disbursed, row.rate, row.planShare, row.rate === null ? null : Math.round((row.rate - row.planShare) * 100) / 100];
  r.rows.forEach((row, i) => ws.addRow(line(i + 1, row)));
  const total = ws.addRow(line('', r.total));
  total.font = { ...font, bold: true };
  for (let rowNo = 6; rowNo <= ws.rowCount; rowNo += 1) {
    const row = ws.getRow(rowNo);
    for (let c = 1; c <= 12; c += 1) {
      const cell = row.getCell(c);
      cell.border = box;
      if (rowNo !== ws.rowCount) cell.font = font;
      if (c >= 7 && c <= 9) cell.numFmt = '#,##0.###';
      if (c >= 10) cell.numFmt = '0.0#';
      if (c === 3) cell.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '5:5' };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
