// The XLSX template for importing targets: one sheet to fill in (the headers the
// importer reads), one listing the indicators with their unit and direction, and
// short instructions on codes and periods.
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import { MAX_TARGET_ROWS, TARGET_HEADERS } from './target-import.ts';

export const TARGET_TEMPLATE_FILE_NAME = 'mau-nhap-chi-tieu-muc-tieu.xlsx';
const INDICATORS_SHEET = 'Danh mục chỉ số';

export interface TemplateIndicator {
  code: string;
  nameVi: string;
  unitOfMeasureVi: string | null;
  direction: 'higher' | 'lower';
}

export async function buildTargetTemplate(indicators: TemplateIndicator[]): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trường Sơn';
  const sheet = workbook.addWorksheet('Mục tiêu', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: TARGET_HEADERS.indicator, key: 'indicator', width: 26 },
    // Codes and periods are text: '01' and '2025' must stay as typed.
    { header: TARGET_HEADERS.unit, key: 'unit', width: 14, style: { numFmt: '@' } },
    { header: TARGET_HEADERS.period, key: 'period', width: 10, style: { numFmt: '@' } },
    { header: TARGET_HEADERS.value, key: 'value', width: 18, style: { numFmt: '#,##0.##' } },
    { header: TARGET_HEADERS.note, key: 'note', width: 40 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.getCell(1).note = `Mã chỉ số ở trang "${INDICATORS_SHEET}".`;
  header.getCell(2).note = 'Mã đơn vị hành chính: VN (toàn quốc), mã tỉnh 2 chữ số, mã xã 5 chữ số (danh mục 2025).';
  header.getCell(3).note = 'Kỳ: 2025 (năm), 2025S1 (6 tháng), 2025Q3 (quý), 202507 (tháng).';
  header.getCell(4).note = 'Nhập số; phần trăm nhập 98 (không phải 0,98) trừ khi ô định dạng %.';
  const codes = `'${INDICATORS_SHEET}'!$A$2:$A$${Math.max(2, indicators.length + 1)}`;
  for (let row = 2; row <= Math.min(MAX_TARGET_ROWS + 1, 1001); row += 1) {
    sheet.getCell(`A${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [codes] };
  }
  sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };

  const list = workbook.addWorksheet(INDICATORS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: 'Mã chỉ số', key: 'code', width: 26 },
    { header: 'Tên chỉ số', key: 'name', width: 70 },
    { header: 'Đơn vị tính', key: 'unit', width: 14 },
    { header: 'Chiều tốt', key: 'direction', width: 16 },
  ];
  list.getRow(1).font = { bold: true };
  for (const i of indicators) {
    list.addRow({ code: i.code, name: i.nameVi, unit: i.unitOfMeasureVi ?? '', direction: i.direction === 'higher' ? 'Càng cao càng tốt' : 'Càng thấp càng tốt' });
  }
  list.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
