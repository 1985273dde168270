// The XLSX template for importing a commune's villages: one sheet to fill in (the
// headers the importer reads), one listing the allowed types.
import { VILLAGE_TYPE_LABELS, VILLAGE_TYPES } from '@shared/schemas/units.ts';
import { loadExcelJS } from '../../platform/lazy-modules.ts';
import { IMPORT_HEADERS, MAX_IMPORT_ROWS } from './village-import.ts';

export const TEMPLATE_FILE_NAME = 'mau-nhap-danh-sach-thon.xlsx';
const TYPES_SHEET = 'Loại thôn';

export async function buildVillageTemplate(): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trường Sơn';
  const sheet = workbook.addWorksheet('Danh sách thôn', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    // Codes are text: "001" must not become 1.
    { header: IMPORT_HEADERS.code, key: 'code', width: 14, style: { numFmt: '@' } },
    { header: IMPORT_HEADERS.name, key: 'name', width: 36 },
    { header: IMPORT_HEADERS.type, key: 'type', width: 16 },
    { header: IMPORT_HEADERS.regionClass, key: 'regionClass', width: 10 },
    { header: IMPORT_HEADERS.extremelyDifficult, key: 'extremelyDifficult', width: 12 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.getCell(1).note = 'Mã thôn: chữ không dấu, chữ số, dấu chấm, gạch ngang (tối đa 20 ký tự), không trùng trong xã.';
  header.getCell(3).note = `Một trong các loại ở trang "${TYPES_SHEET}".`;
  header.getCell(4).note = 'Khu vực I, II hoặc III; để trống nếu không xác định.';
  header.getCell(5).note = 'Ghi "x" nếu là thôn đặc biệt khó khăn; để trống nếu không.';
  const last = MAX_IMPORT_ROWS + 1;
  const typeRange = `'${TYPES_SHEET}'!$B$2:$B$${VILLAGE_TYPES.length + 1}`;
  for (let row = 2; row <= Math.min(last, 1001); row += 1) {
    sheet.getCell(`C${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [typeRange] };
    sheet.getCell(`D${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"I,II,III"'] };
    sheet.getCell(`E${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"x"'] };
  }
  sheet.pageSetup = { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };

  const types = workbook.addWorksheet(TYPES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  types.columns = [
    { header: 'Mã loại', key: 'code', width: 14 },
    { header: 'Loại', key: 'label', width: 18 },
    { header: 'Ví dụ tên đầy đủ', key: 'example', width: 28 },
  ];
  types.getRow(1).font = { bold: true };
  for (const t of VILLAGE_TYPES) types.addRow({ code: t, label: VILLAGE_TYPE_LABELS[t].vi, example: `${VILLAGE_TYPE_LABELS[t].vi} 1` });

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
