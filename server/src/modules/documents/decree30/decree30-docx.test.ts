// The Decree 30 layout opened again: text of the title, signature and recipient blocks,
// fonts and sizes, repeated table headers, page setup (A4, margins in twips), page
// numbers from page 2.
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { buildDecree30Docx, placeAndDate, type Decree30Model } from './decree30-docx.ts';
import { docxText, runProps, sectPr } from './docx-read.ts';

const model: Decree30Model = {
  agency: 'UBND tỉnh Gia Lai',
  issuer: 'Sở Dân tộc và Tôn giáo',
  number: '15/BC-SDTTG',
  place: 'Gia Lai',
  date: new Date('2026-12-06T18:30:00Z'), // 07/12/2026 01:30 in Vietnam
  title: 'Báo cáo',
  subject: 'Kết quả thực hiện Chương trình 1719 năm 2026',
  sections: [
    { heading: 'I. KẾT QUẢ', blocks: [{ type: 'paragraph', text: 'Đoạn văn thứ nhất.' }] },
    {
      heading: 'II. SỐ LIỆU',
      blocks: [
        {
          type: 'table',
          caption: 'Biểu 1. Số liệu',
          columns: [{ width: 1, align: 'center' }, { width: 5 }, { width: 2, align: 'right' }],
          header: [['STT', 'Chỉ tiêu', 'Số liệu']],
          rows: [{ cells: ['1', 'Số hộ', '1.234,5'] }, { cells: [{ text: 'Cộng', colSpan: 2 }, '2.000'], bold: true }],
        },
      ],
    },
  ],
  recipients: ['Bộ Dân tộc và Tôn giáo (để b/c);', 'Lưu: VT.'],
  signer: { title: 'KT. Giám đốc\nPhó Giám đốc', name: 'Nguyễn Văn A' },
};

describe('placeAndDate', () => {
  it('writes the day in Vietnam time with the leading zeros of Appendix I', () => {
    expect(placeAndDate('Gia Lai', new Date('2026-12-06T18:30:00Z'))).toBe('Gia Lai, ngày 07 tháng 12 năm 2026');
    expect(placeAndDate('Hà Nội', new Date('2026-02-03T03:00:00Z'))).toBe('Hà Nội, ngày 03 tháng 02 năm 2026');
    expect(placeAndDate('Hà Nội', new Date('2026-03-15T03:00:00Z'))).toBe('Hà Nội, ngày 15 tháng 3 năm 2026');
  });
});

describe('buildDecree30Docx', () => {
  it('lays out the title block, body, table, recipients and signature', async () => {
    const file = await buildDecree30Docx(model);
    const zip = new PizZip(file);
    const xml = zip.file('word/document.xml')!.asText();
    const text = docxText(xml);
    expect(text).toContain('UBND TỈNH GIA LAI');
    expect(text).toContain('SỞ DÂN TỘC VÀ TÔN GIÁO');
    expect(text).toContain('Số: 15/BC-SDTTG');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Gia Lai, ngày 07 tháng 12 năm 2026');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả thực hiện Chương trình 1719 năm 2026');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('- Lưu: VT.');
    expect(text).toContain('KT. GIÁM ĐỐC');
    expect(text).toContain('PHÓ GIÁM ĐỐC');
    expect(text).toContain('Nguyễn Văn A');
    expect(text).toContain('1.234,5');
    // Sizes and styles of Appendix I.
    expect(runProps(xml, 'CỘNG HÒA XÃ HỘI')).toMatchObject({ bold: true, sizePt: 12, font: 'Times New Roman' });
    expect(runProps(xml, 'Độc lập - Tự do - Hạnh phúc')).toMatchObject({ bold: true, underline: true, sizePt: 13 });
    expect(runProps(xml, 'Gia Lai, ngày')).toMatchObject({ italic: true, sizePt: 13 });
    expect(runProps(xml, 'SỞ DÂN TỘC')).toMatchObject({ bold: true, sizePt: 13 });
    expect(runProps(xml, 'BÁO CÁO')).toMatchObject({ bold: true, sizePt: 14 });
    expect(runProps(xml, 'Đoạn văn thứ nhất.')).toMatchObject({ bold: false, sizePt: 14 });
    expect(runProps(xml, 'Nơi nhận:')).toMatchObject({ bold: true, italic: true, sizePt: 12 });
    expect(xml).toContain('w:ascii="Times New Roman"');
    // Header row repeated on each page; the total spans two columns.
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:gridSpan w:val="2"/>');
    // A4 and the margins (20 / 20 / 30 / 15 mm) in twips; a first-page header without a number.
    const sect = sectPr(xml);
    expect(sect.pgSz).toEqual({ w: 11906, h: 16838 });
    expect(sect.pgMar).toMatchObject({ top: 1134, bottom: 1134, left: 1701, right: 850 });
    expect(sect.titlePg).toBe(true);
    const header = Object.keys(zip.files).filter((n) => /^word\/header\d+\.xml$/.test(n)).map((n) => zip.file(n)!.asText());
    expect(header.some((h) => h.includes('PAGE'))).toBe(true);
    // Default font for the whole document.
    expect(zip.file('word/styles.xml')!.asText()).toContain('Times New Roman');
  });

  it('leaves the agency line out when there is none', async () => {
    const xml = new PizZip(await buildDecree30Docx({ ...model, agency: null })).file('word/document.xml')!.asText();
    expect(docxText(xml)).not.toContain('UBND TỈNH GIA LAI');
  });
});
