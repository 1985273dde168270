// A small library that lays out an administrative report in the form of Decree
// 30/2020/NĐ-CP, Appendix I (DOMAIN.md): A4, margins top/bottom 20 mm, left 30 mm, right
// 15 mm; Times New Roman; agency name over the issuing unit top left with "Số: …/BC-…"
// under it; the national title (bold upper 12 pt) and the motto (bold 13 pt, underlined)
// top right with the place and date in italics; the document type "BÁO CÁO" and the
// subject centred in bold; body 14 pt; tables whose header rows repeat on every page;
// "Nơi nhận:" bold italic 12 pt at the bottom left and the signature block at the right;
// page numbers centred at the top from page 2. Input is a plain model, output a Buffer.
import type * as Docx from 'docx';
import type { Paragraph, Table, TextRun } from 'docx';
import { vietnamDate } from '@shared/engine/periods.ts';
import { loadDocx } from '../../../platform/lazy-modules.ts';

export const FONT = 'Times New Roman';

/** Millimetres to twips (1/1440 inch), rounded: docx's own helper truncates (20 mm → 1133). */
export const mm = (v: number) => Math.round((v * 1440) / 25.4);

/** A4 in twips and the margins of Appendix I. */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: {
    top: mm(20),
    bottom: mm(20),
    left: mm(30),
    right: mm(15),
  },
} as const;

export interface Decree30Cell {
  text: string;
  /** Columns this cell spans (default 1). */
  colSpan?: number;
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
  italic?: boolean;
}

export interface Decree30Table {
  type: 'table';
  /** A bold line above the table ("Biểu 1. …"). */
  caption?: string;
  /** Relative widths and default alignment of the columns. */
  columns: { width: number; align?: 'left' | 'center' | 'right' }[];
  /** Header rows, repeated at the top of every page the table runs over. */
  header: (string | Decree30Cell)[][];
  rows: { cells: (string | Decree30Cell)[]; bold?: boolean; italic?: boolean }[];
  /** An italic line under the table. */
  note?: string;
}

export interface Decree30Paragraph {
  type: 'paragraph';
  text: string;
  italic?: boolean;
  bold?: boolean;
}

export type Decree30Block = Decree30Paragraph | Decree30Table;

export interface Decree30Section {
  /** "I. KẾT QUẢ …", in bold. */
  heading?: string;
  blocks: Decree30Block[];
}

export interface Decree30Model {
  /** Cơ quan chủ quản ("UBND TỈNH GIA LAI"); null or empty: none. */
  agency: string | null;
  /** Cơ quan ban hành ("SỞ DÂN TỘC VÀ TÔN GIÁO"). */
  issuer: string;
  /** "15/BC-SDTTG"; printed after "Số: ". */
  number: string;
  /** Địa danh ("Gia Lai"). */
  place: string;
  /** The instant the document is dated; printed as its calendar day in Vietnam. */
  date: Date;
  /** Tên loại văn bản: "BÁO CÁO". */
  title: string;
  /** Trích yếu nội dung. */
  subject: string;
  sections: Decree30Section[];
  /** Nơi nhận, one line each; "- " is added. */
  recipients: string[];
  /** Position lines ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") and full name. */
  signer: { title: string; name: string };
  orientation?: 'portrait' | 'landscape';
}

const pt = (points: number) => points * 2; // docx sizes are half-points

/** "Gia Lai, ngày 07 tháng 12 năm 2026": days below 10 and months 1–2 take a leading zero (Appendix I). */
export function placeAndDate(place: string, instant: Date): string {
  const [y, m, d] = vietnamDate(instant).split('-').map(Number) as [number, number, number];
  const day = String(d).padStart(2, '0');
  const month = m < 3 ? String(m).padStart(2, '0') : String(m);
  return `${place}, ngày ${day} tháng ${month} năm ${y}`;
}

/**
 * The layout's building blocks over the docx module, which buildDecree30Docx loads on
 * first use (lazy-modules.ts) and passes in.
 */
function blocks(docx: typeof Docx) {
  const { AlignmentType, BorderStyle, HeightRule, Paragraph, Table, TableBorders, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType } = docx;

  function run(text: string, o: { size: number; bold?: boolean; italic?: boolean; underline?: boolean }): TextRun {
    return new TextRun({ text, font: FONT, size: pt(o.size), bold: o.bold, italics: o.italic, ...(o.underline ? { underline: {} } : {}) });
  }

  function line(text: string, o: { size: number; bold?: boolean; italic?: boolean; underline?: boolean; align?: 'left' | 'center' | 'right' | 'both'; before?: number; after?: number; indent?: boolean; keepNext?: boolean }): Paragraph {
    return new Paragraph({
      keepNext: o.keepNext,
      alignment: ALIGN[o.align ?? 'center'],
      spacing: { before: o.before ?? 0, after: o.after ?? 0 },
      indent: o.indent ? { firstLine: mm(10) } : undefined,
      children: [run(text, o)],
    });
  }

  /** A short horizontal rule (under the issuing agency and under the subject), as a paragraph border. */
  function rule(widthTwips: number, cellWidth: number): Paragraph {
    const side = Math.max(0, Math.round((cellWidth - widthTwips) / 2));
    return new Paragraph({
      spacing: { before: 0, after: 100, line: 60, lineRule: 'exact' },
      indent: { left: side, right: side },
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
      children: [run('', { size: 2 })],
    });
  }

  const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, both: AlignmentType.JUSTIFIED } as const;

  function borderlessTable(widths: number[], cells: Paragraph[][]): Table {
    return new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: TableBorders.NONE,
      rows: [
        new TableRow({
          children: cells.map((children, i) => new TableCell({ width: { size: widths[i]!, type: WidthType.DXA }, borders: NO_BORDERS, children })),
        }),
      ],
    });
  }

  const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE };
  const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const GRID = { top: THIN, bottom: THIN, left: THIN, right: THIN };

  function dataTable(t: Decree30Table, textWidth: number): Table {
    const total = t.columns.reduce((a, c) => a + c.width, 0);
    const widths = t.columns.map((c) => Math.floor((c.width / total) * textWidth));
    const cell = (c: string | Decree30Cell, col: number, o: { header: boolean; bold?: boolean; italic?: boolean }) => {
      const v: Decree30Cell = typeof c === 'string' ? { text: c } : c;
      const span = v.colSpan ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      const align = v.align ?? (o.header ? 'center' : (t.columns[col]?.align ?? 'left'));
      return new TableCell({
        width: { size: width, type: WidthType.DXA },
        columnSpan: span > 1 ? span : undefined,
        verticalAlign: VerticalAlign.CENTER,
        borders: GRID,
        margins: { top: 40, bottom: 40, left: 80, right: 80 },
        // Header rows keep with the first data row: no header orphaned at the foot of a page (and
        // LibreOffice, converting to PDF, otherwise drops an unsplittable row that must move on).
        children: v.text.split('\n').map((text) => line(text, { size: 12, bold: v.bold ?? (o.header || o.bold), italic: v.italic ?? o.italic, align, keepNext: o.header })),
      });
    };
    const rowOf = (cells: (string | Decree30Cell)[], o: { header: boolean; bold?: boolean; italic?: boolean }) => {
      let col = 0;
      const children = cells.map((c) => {
        const made = cell(c, col, o);
        col += typeof c === 'string' ? 1 : (c.colSpan ?? 1);
        return made;
      });
      return new TableRow({ tableHeader: o.header, cantSplit: true, height: { value: 340, rule: HeightRule.ATLEAST }, children });
    };
    return new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [...t.header.map((h) => rowOf(h, { header: true })), ...t.rows.map((r) => rowOf(r.cells, { header: false, bold: r.bold, italic: r.italic }))],
    });
  }

  return { run, line, rule, borderlessTable, dataTable };
}

/** The .docx file of a report laid out as Decree 30 asks. */
export async function buildDecree30Docx(model: Decree30Model): Promise<Buffer> {
  const docx = await loadDocx();
  const { AlignmentType, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, TextRun } = docx;
  const { run, line, rule, borderlessTable, dataTable } = blocks(docx);
  const landscape = model.orientation === 'landscape';
  // docx swaps width and height itself for a landscape page.
  const pageWidth = landscape ? PAGE.height : PAGE.width;
  const textWidth = pageWidth - PAGE.margin.left - PAGE.margin.right;
  const left = Math.round(textWidth * 0.4);
  const right = textWidth - left;

  const agency = model.agency?.trim() ? [line(model.agency.toUpperCase(), { size: 13 })] : [];
  const titleBlock = borderlessTable(
    [left, right],
    [
      [...agency, line(model.issuer.toUpperCase(), { size: 13, bold: true }), rule(Math.round(left / 3), left), line(`Số: ${model.number}`, { size: 13, before: 60 })],
      [
        line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true }),
        line('Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true, underline: true }),
        line(placeAndDate(model.place, model.date), { size: 13, italic: true, before: 180 }),
      ],
    ],
  );

  const body: (Paragraph | Table)[] = [];
  for (const s of model.sections) {
    if (s.heading) body.push(line(s.heading, { size: 14, bold: true, align: 'both', before: 120, after: 60, indent: true, keepNext: true }));
    for (const b of s.blocks) {
      if (b.type === 'paragraph') {
        body.push(
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { before: 0, after: 120, line: 300 },
            indent: { firstLine: mm(10) },
            children: [run(b.text, { size: 14, italic: b.italic, bold: b.bold })],
          }),
        );
      } else {
        if (b.caption) body.push(line(b.caption, { size: 13, bold: true, align: 'center', before: 120, after: 60, keepNext: true }));
        body.push(dataTable(b, textWidth));
        body.push(line(b.note ?? '', { size: 12, italic: true, align: 'left', after: 120 }));
      }
    }
  }

  const signerTitle = model.signer.title.split('\n').map((t) => line(t.toUpperCase(), { size: 13, bold: true }));
  const closing = borderlessTable(
    [left, right],
    [
      [
        new Paragraph({ spacing: { before: 120 }, children: [run('Nơi nhận:', { size: 12, bold: true, italic: true })] }),
        ...model.recipients.map((r) => line(`- ${r}`, { size: 11, align: 'left' })),
      ],
      [
        new Paragraph({ spacing: { before: 120 }, children: [] }),
        ...signerTitle,
        ...Array.from({ length: 4 }, () => line('', { size: 14 })),
        line(model.signer.name, { size: 14, bold: true }),
      ],
    ],
  );

  const doc = new Document({
    creator: 'Trường Sơn',
    title: `${model.title} ${model.subject}`,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: { ...PAGE.margin, header: mm(10), footer: mm(10) },
          },
          // Page numbers from page 2: the first page has its own (empty) header.
          titlePage: true,
        },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: FONT, size: pt(13), children: [PageNumber.CURRENT] })] })] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children: [
          titleBlock,
          line(model.title.toUpperCase(), { size: 14, bold: true, before: 360 }),
          line(model.subject, { size: 14, bold: true }),
          rule(Math.round(textWidth / 4), textWidth),
          ...body,
          closing,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
