// Documents over HTTP: the consolidated report generated as Word (opened again: title
// block, number, date, the report's figures in the tables, recipients, A4 page setup),
// as Excel (read back, numbers equal the API's), as PDF (LibreOffice when installed, the
// pdf_unavailable error otherwise); the register (numbers per unit and year, filters,
// scope, download) and the audit; templates (unknown names refused with their list,
// malformed files, fill); sign-in, role, unit and input checks on every endpoint.
import ExcelJS from 'exceljs';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { sql } from 'kysely';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createTestEnv, makeUser, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, signIn, upload, type Actors } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';
import { docxTables, docxText, sectPr } from './decree30/docx-read.ts';
import { libreOffice } from './pdf.ts';
import { loadDemoDocuments } from './seed/demo-documents.ts';

let env: TestEnv;
let who: Actors;
let bm01: string;
let giaLai: string;
let quangNgai: string;
let iaGrai: string;
let el: { id: string; name: string };

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function download(c: TestClient, path: string) {
  const res = await fetch(env.baseUrl + path, { headers: { cookie: c.cookie ?? '', 'accept-language': 'vi' } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), data: Buffer.from(await res.arrayBuffer()) };
}

const documentXml = (data: Buffer) => new PizZip(data).file('word/document.xml')!.asText();
const registerCount = async () => Number((await sql<{ n: string }>`select count(*) as n from generated_document`.execute(env.db)).rows[0]!.n);
const templateCount = async () => Number((await sql<{ n: string }>`select count(*) as n from document_template`.execute(env.db)).rows[0]!.n);

/** A .docx with the given paragraphs and, optionally, a table whose second row holds a loop. */
async function templateDocx(paragraphs: string[], loopRow?: [string, string]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] }));
  if (loopRow) {
    const cell = (t: string) => new TableCell({ children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun(t)] })] });
    children.push(new Table({ rows: [new TableRow({ children: [cell('Chỉ tiêu'), cell('Số liệu')] }), new TableRow({ children: loopRow.map(cell) })] }));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const uploadTemplate = (c: TestClient, query: Record<string, string>, file: Buffer | string, name = 'mau.docx') =>
  upload(c, `/api/documents/templates?${new URLSearchParams(query)}`, name, typeof file === 'string' ? file : new Uint8Array(file), DOCX);

const body = (extra: Record<string, unknown> = {}) => ({ formId: bm01, unitId: giaLai, period: '2026Q1', format: 'docx', ...extra });

beforeAll(async () => {
  env = await createTestEnv();
  who = await actors(env);
  ({ BM01_XA_QUY: bm01 } = await formIds(env));
  giaLai = await unitId(env.db, '52');
  quangNgai = await unitId(env.db, '51');
  iaGrai = await unitId(env.db, '23764');
  // A summed integer element without disaggregation: Ia Grai enters 1234.
  const row = await sql<{ id: string; name: string }>`
    select de.id, de.name_vi as name from form_element fe join data_element de on de.id = fe.data_element_id
    where fe.form_id = ${bm01} and de.value_type = 'integer' and de.aggregation_type = 'sum'
      and (select count(*) from category_option_combo oc where oc.combo_id = de.category_combo_id and oc.active) = 1
    order by fe.sort_order, de.id limit 1`.execute(env.db);
  el = { id: String(row.rows[0]!.id), name: row.rows[0]!.name };
  const coc = await sql<{ id: string }>`select oc.id from data_element de join category_option_combo oc on oc.combo_id = de.category_combo_id where de.id = ${el.id}`.execute(env.db);
  const res = await who.commune.put('/api/data-values', { formId: bm01, unitId: iaGrai, period: '2026Q1', dataElementId: el.id, cocId: String(coc.rows[0]!.id), value: '1234' });
  expect(res.status, res.text).toBe(200);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('POST /api/documents/consolidated (Word, Decree 30)', () => {
  it('generates the report, keeps it in the register and its file opens with the title block, figures and page setup', async () => {
    const report = await who.giaLai.get(`/api/reports/consolidated?${new URLSearchParams({ formId: bm01, unitId: giaLai, period: '2026Q1' })}`);
    expect(report.status, report.text).toBe(200);
    const res = await who.giaLai.post('/api/documents/consolidated', body());
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'consolidated',
      format: 'docx',
      registerNo: 1,
      registerYear: 2026,
      number: '1/BC-SDTTG',
      title: 'Báo cáo',
      unit: { id: giaLai, code: '52', name: 'Tỉnh Gia Lai' },
      period: '2026Q1',
      periodLabel: 'Quý 1/2026',
      form: { id: bm01, code: 'BM01_XA_QUY' },
      template: null,
      contentType: DOCX,
      createdBy: { username: 'tinh.gialai' },
      createdAt: '2026-03-02T02:00:00.000Z',
    });
    expect(res.body.subject).toMatch(/^Tổng hợp số liệu biểu báo cáo tiến độ .*, quý 1\/2026$/);

    const file = await download(who.giaLai, `/api/documents/${res.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.type).toBe(DOCX);
    expect(file.disposition).toContain('bao-cao-tong-hop_BM01_XA_QUY_52_2026Q1_so-1-2026.docx');
    expect(file.data.length).toBe(res.body.size);
    const xml = documentXml(file.data);
    const text = docxText(xml);
    for (const s of ['UBND TỈNH GIA LAI', 'SỞ DÂN TỘC VÀ TÔN GIÁO', 'Số: 1/BC-SDTTG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Gia Lai, ngày 02 tháng 3 năm 2026', 'BÁO CÁO', res.body.subject, 'Nơi nhận:', '- Bộ Dân tộc và Tôn giáo (để b/c);', '- Lưu: VT.', 'GIÁM ĐỐC', 'Người dùng tinh.gialai']) {
      expect(text, s).toContain(s);
    }
    // Table 1 (after the title block): the element's row carries Gia Lai's figure, formatted 1.234.
    const tables = docxTables(xml);
    const own = tables[1]!;
    expect(own[0]).toEqual(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu']);
    const elRow = own.find((r) => r[1] === el.name)!;
    expect(elRow[3]).toBe('1.234');
    expect(report.body.rows[0].values[el.id]).toBe(1234);
    // Every figure of the unit's total equals the API's.
    const byName = new Map(own.filter((r) => r.length === 4).map((r) => [r[1], r[3]]));
    const names = await sql<{ id: string; name: string }>`select id, name_vi as name from data_element where id = any(${report.body.elements.map((e: { id: string }) => e.id)}::bigint[])`.execute(env.db);
    for (const n of names.rows) {
      const v = report.body.rows[0].values[String(n.id)];
      expect(byName.get(n.name), n.name).toBe(v === null ? '–' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(v));
    }
    // Part II: a table of the communes with Ia Grai's figure; its header row repeats.
    const communes = tables.find((t) => t[0]![1] === 'Đơn vị' && t[0]!.some((h) => h.startsWith(el.name)))!;
    expect(communes[1]![0]).toBe('Tổng cộng');
    const col = communes[0]!.findIndex((h) => h.startsWith(el.name));
    expect(communes[1]![col - 1]).toBe('1.234');
    expect(communes.find((r) => r[1] === 'Xã Ia Grai')![col]).toBe('1.234');
    expect(communes.length).toBeGreaterThan(50); // 1 header + total + Gia Lai's communes
    expect(xml).toContain('<w:tblHeader/>');
    // A4 portrait, margins 20/20/30/15 mm in twips, page numbers from page 2.
    const sect = sectPr(xml);
    expect(sect.pgSz).toEqual({ w: 11906, h: 16838 });
    expect(sect.pgMar).toMatchObject({ top: 1134, bottom: 1134, left: 1701, right: 850 });
    expect(sect.titlePg).toBe(true);

    // Audited inside the same transaction.
    const audit = (await auditRows(env, 'document.generated')).at(-1)!;
    expect(audit).toMatchObject({ actor_username: 'tinh.gialai', target_type: 'generated_document', target_id: res.body.id, unit_id: giaLai });
    expect(audit.details).toMatchObject({ kind: 'consolidated', format: 'docx', number: '1/BC-SDTTG', registerNo: 1, period: '2026Q1', sha256: res.body.sha256 });
    expect((await auditRows(env, 'document.downloaded')).at(-1)).toMatchObject({ actor_username: 'tinh.gialai', target_id: res.body.id });
  });

  it('numbers documents per unit and year, and takes the header the user chose', async () => {
    const res = await who.giaLai.post(
      '/api/documents/consolidated',
      body({ header: { number: '27/BC-SDTTG-KH', signerTitle: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', signerName: 'Nguyễn Văn Bình', recipients: ['UBND tỉnh (để b/c);', 'Lưu: VT, KH.'], place: 'Pleiku' } }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ registerNo: 2, number: '27/BC-SDTTG-KH' });
    const text = docxText(documentXml((await download(who.giaLai, `/api/documents/${res.body.id}/file`)).data));
    for (const s of ['Số: 27/BC-SDTTG-KH', 'Pleiku, ngày 02 tháng 3 năm 2026', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nguyễn Văn Bình', '- Lưu: VT, KH.']) expect(text).toContain(s);
    // Another unit has its own register; a commune's report has no parent agency line.
    const commune = await who.commune.post('/api/documents/consolidated', body({ unitId: iaGrai }));
    expect(commune.status, commune.text).toBe(201);
    expect(commune.body).toMatchObject({ registerNo: 1, number: '1/BC-UBND' });
    const ct = docxText(documentXml((await download(who.commune, `/api/documents/${commune.body.id}/file`)).data));
    expect(ct).toContain('ỦY BAN NHÂN DÂN XÃ IA GRAI');
    expect(ct).toContain('Ia Grai, ngày 02 tháng 3 năm 2026');
    expect(ct).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(ct).not.toContain('II. SỐ LIỆU THEO ĐƠN VỊ TRỰC THUỘC');
  });

  it('offers the unit’s default header and the next number', async () => {
    const res = await who.giaLai.get(`/api/documents/header-defaults?unitId=${giaLai}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ agency: 'UBND TỈNH GIA LAI', issuer: 'SỞ DÂN TỘC VÀ TÔN GIÁO', symbol: 'SDTTG', place: 'Gia Lai', signerTitle: 'GIÁM ĐỐC', nextNumber: '3/BC-SDTTG' });
    expectError(await who.quangNgai.get(`/api/documents/header-defaults?unitId=${giaLai}`), 404, 'not_found');
    expectError(await who.anonymous.get(`/api/documents/header-defaults?unitId=${giaLai}`), 401, 'unauthenticated');
    expectError(await who.giaLai.get('/api/documents/header-defaults?unitId=abc'), 400, 'validation_failed');
  });
});

describe('POST /api/documents/consolidated (Excel and PDF)', () => {
  it('keeps the Excel workbook whose numbers equal the API’s', async () => {
    const api = await who.central.get(`/api/reports/consolidated?${new URLSearchParams({ formId: bm01, unitId: giaLai, period: '2026Q1' })}`);
    const res = await who.central.post('/api/documents/consolidated', body({ format: 'xlsx' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ format: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const file = await download(who.central, `/api/documents/${res.body.id}/file`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('BÁO CÁO TỔNG HỢP');
    // Row 11 is Gia Lai's total, then its communes, in the API's order; every number equal.
    const ids = api.body.elements.map((e: { id: string }) => e.id);
    api.body.rows.forEach((row: { unit: { name: string }; values: Record<string, number | null> }, i: number) => {
      expect(ws.getCell(11 + i, 1).value).toBe(row.unit.name);
      ids.forEach((id: string, j: number) => expect(ws.getCell(11 + i, 2 + j).value ?? null).toBe(row.values[id] ?? null));
    });
  });

  it('makes a PDF with LibreOffice when installed, and says it needs LibreOffice otherwise', async () => {
    const before = await registerCount();
    const installed = (await libreOffice(env.config)) !== null;
    const res = await who.giaLai.post('/api/documents/consolidated', body({ format: 'pdf' }));
    if (installed) {
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ format: 'pdf', contentType: 'application/pdf' });
      const file = await download(who.giaLai, `/api/documents/${res.body.id}/file`);
      expect(file.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await registerCount()).toBe(before + 1);
    } else {
      expectError(res, 503, 'pdf_unavailable');
      expect(await registerCount()).toBe(before);
    }
    const caps = await who.giaLai.get('/api/documents/capabilities');
    expect(caps.body).toEqual({ pdf: installed, kinds: ['consolidated', 'task_progress'] });
  }, 120_000);

  it('answers pdf_unavailable with a Vietnamese message when LibreOffice is missing, writing nothing', async () => {
    const saved = env.config.LIBREOFFICE_PATH;
    env.config.LIBREOFFICE_PATH = '/khong-co/soffice';
    try {
      const before = await registerCount();
      const res = await who.giaLai.post('/api/documents/consolidated', body({ format: 'pdf' }));
      expectError(res, 503, 'pdf_unavailable');
      expect(res.body.error.message).toMatch(/LibreOffice/);
      expect(res.body.error.message).toMatch(/Hãy tải bản Word/);
      expect(await registerCount()).toBe(before);
      expect((await who.giaLai.get('/api/documents/capabilities')).body.pdf).toBe(false);
    } finally {
      env.config.LIBREOFFICE_PATH = saved;
    }
  });
});

describe('generation refusals', () => {
  it('requires a signed-in user', async () => {
    expectError(await who.anonymous.post('/api/documents/consolidated', body()), 401, 'unauthenticated');
    expectError(await who.anonymous.get('/api/documents/capabilities'), 401, 'unauthenticated');
  });

  it('refuses units outside the caller’s scope as not found, writing nothing', async () => {
    const before = await registerCount();
    expectError(await who.quangNgai.post('/api/documents/consolidated', body()), 404, 'not_found');
    expectError(await who.commune.post('/api/documents/consolidated', body()), 404, 'not_found');
    expect(await registerCount()).toBe(before);
  });

  it('rejects bad input with stable codes and Vietnamese messages, writing nothing', async () => {
    const before = await registerCount();
    const period = await who.giaLai.post('/api/documents/consolidated', body({ period: '2026' + 'W1' }));
    expectError(period, 400, 'invalid_period');
    expect(period.body.error.message).toMatch(/kỳ/i);
    expectError(await who.giaLai.post('/api/documents/consolidated', body({ format: 'doc' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/consolidated', body({ format: 'xlsx', templateId: '1' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/consolidated', body({ header: { symbol: 'sở dt' } })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/consolidated', body({ extra: 1 })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/consolidated', body({ templateId: '999999' })), 404, 'not_found');
    expect(await registerCount()).toBe(before);
  });
});

describe('the register', () => {
  it('lists documents within the caller’s scope with filters', async () => {
    const all = await who.giaLai.get('/api/documents');
    expect(all.status, all.text).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    expect(all.body.items.every((d: { unit: { code: string } }) => ['52', '23764'].includes(d.unit.code))).toBe(true);
    expect(all.body.items[0].createdAt >= all.body.items.at(-1).createdAt).toBe(true);
    const xlsx = await who.giaLai.get('/api/documents?format=xlsx');
    expect(xlsx.body.items.map((d: { format: string }) => d.format)).toEqual(['xlsx']);
    const words = await who.giaLai.get(`/api/documents?q=${encodeURIComponent('27/bc sdttg')}`);
    expect(words.body.items.map((d: { number: string }) => d.number)).toEqual(['27/BC-SDTTG-KH']);
    const accents = await who.giaLai.get(`/api/documents?q=${encodeURIComponent('quy 1/2026 bieu bao cao')}&unitId=${iaGrai}`);
    expect(accents.body.items.map((d: { unit: { code: string } }) => d.unit.code)).toEqual(['23764']);
    expect((await who.giaLai.get('/api/documents?from=2026-03-03')).body.total).toBe(0);
    expect((await who.giaLai.get('/api/documents?from=2026-03-02&to=2026-03-02')).body.total).toBe(all.body.total);
    const paged = await who.giaLai.get('/api/documents?limit=1&offset=1');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBe(all.body.total);
    // Quảng Ngãi sees none of Gia Lai's; the commune sees its own unit's only.
    expect((await who.quangNgai.get('/api/documents')).body.total).toBe(0);
    const commune = await who.commune.get('/api/documents');
    expect(commune.body.items.map((d: { unit: { code: string } }) => d.unit.code)).toEqual(['23764']);
  });

  it('hides other units’ documents and files as not found', async () => {
    const id = (await who.giaLai.get('/api/documents?limit=1')).body.items[0].id;
    expect((await who.giaLai.get(`/api/documents/${id}`)).status).toBe(200);
    expect((await who.central.get(`/api/documents/${id}`)).status).toBe(200);
    expectError(await who.quangNgai.get(`/api/documents/${id}`), 404, 'not_found');
    expectError(await who.quangNgai.get(`/api/documents/${id}/file`), 404, 'not_found');
    expectError(await who.anonymous.get(`/api/documents/${id}`), 401, 'unauthenticated');
    expectError(await who.anonymous.get(`/api/documents/${id}/file`), 401, 'unauthenticated');
    expectError(await who.anonymous.get('/api/documents'), 401, 'unauthenticated');
    expectError(await who.giaLai.get('/api/documents/999999'), 404, 'not_found');
    expectError(await who.giaLai.get('/api/documents?format=doc'), 400, 'validation_failed');
    expectError(await who.giaLai.get('/api/documents?from=02/03/2026'), 400, 'validation_failed');
  });
});

describe('templates', () => {
  let giaLaiTemplate: string;

  it('refuses a template using names the report data does not provide, listing them', async () => {
    const before = await templateCount();
    const file = await templateDocx(['Kính gửi {unit.nam}', 'Kỳ {period} {sign}'], ['{#rows}{name}', '{valeur}{/rows}']);
    const res = await uploadTemplate(who.giaLai, { name: 'Mẫu lỗi', kind: 'consolidated' }, file);
    expectError(res, 400, 'template_unknown_placeholders');
    expect(res.body.error.details.unknown).toEqual(['unit.nam', 'sign', 'rows.valeur']);
    expect(res.body.error.message).toContain('unit.nam, sign, rows.valeur');
    expect(res.body.error.message).toMatch(/^Mẫu dùng tên không có trong dữ liệu báo cáo/);
    expect(res.body.error.details.allowed).toContain('rows.value');
    expect(await templateCount()).toBe(before);
  });

  it('refuses malformed and non-Word files with a clear Vietnamese error', async () => {
    const unclosed = await uploadTemplate(who.giaLai, { name: 'Mẫu lỗi', kind: 'consolidated' }, await templateDocx(['{#rows}{name}', 'Hết']));
    expectError(unclosed, 400, 'template_invalid');
    expect(unclosed.body.error.message).toContain('vòng lặp {#rows} chưa có {/rows}');
    const brace = await uploadTemplate(who.giaLai, { name: 'Mẫu lỗi', kind: 'consolidated' }, await templateDocx(['{unit.name']));
    expectError(brace, 400, 'template_invalid');
    expect(brace.body.error.message).toMatch(/thiếu dấu \}/);
    const notDocx = await uploadTemplate(who.giaLai, { name: 'Mẫu lỗi', kind: 'consolidated' }, 'không phải Word', 'mau.docx');
    expectError(notDocx, 400, 'template_not_docx');
    const zipNoWord = new PizZip();
    zipNoWord.file('a.txt', 'x');
    expectError(await uploadTemplate(who.giaLai, { name: 'Mẫu lỗi', kind: 'consolidated' }, zipNoWord.generate({ type: 'nodebuffer' })), 400, 'template_not_docx');
    expect(await templateCount()).toBe(0);
  });

  it('accepts a good template, lists its names and fills it with the report', async () => {
    const file = await templateDocx(
      ['{issuer}', 'Số: {number}', '{placeDate}', 'BÁO CÁO {unit.name} — {period}', '{#sections}{no}. {name}{/sections}', 'Nơi nhận: {#recipients}{name} {/recipients}'],
      ['{#rows}{no}. {name}', '{value}{/rows}'],
    );
    const res = await uploadTemplate(who.giaLai, { name: 'Báo cáo nhanh của tỉnh', kind: 'consolidated' }, file, 'bao-cao-nhanh.docx');
    expect(res.status, res.text).toBe(201);
    giaLaiTemplate = res.body.id;
    expect(res.body).toMatchObject({ name: 'Báo cáo nhanh của tỉnh', kind: 'consolidated', unit: { code: '52' }, fileName: 'bao-cao-nhanh.docx', createdBy: 'tinh.gialai', canManage: true });
    expect(res.body.placeholders).toEqual(
      expect.arrayContaining(['issuer', 'number', 'placeDate', 'unit.name', 'period', 'sections', 'sections.no', 'sections.name', 'recipients', 'recipients.name', 'rows', 'rows.no', 'rows.name', 'rows.value']),
    );
    expect((await auditRows(env, 'document.template_uploaded')).at(-1)).toMatchObject({ actor_username: 'tinh.gialai', target_id: res.body.id, unit_id: giaLai });

    const doc = await who.giaLai.post('/api/documents/consolidated', body({ templateId: giaLaiTemplate }));
    expect(doc.status, doc.text).toBe(201);
    expect(doc.body.template).toEqual({ id: giaLaiTemplate, name: 'Báo cáo nhanh của tỉnh' });
    const xml = documentXml((await download(who.giaLai, `/api/documents/${doc.body.id}/file`)).data);
    const text = docxText(xml);
    expect(text).toContain('SỞ DÂN TỘC VÀ TÔN GIÁO');
    expect(text).toContain(`Số: ${doc.body.number}`);
    expect(text).toContain('Gia Lai, ngày 02 tháng 3 năm 2026');
    expect(text).toContain('BÁO CÁO Tỉnh Gia Lai — Quý 1/2026');
    expect(text).toContain('Nơi nhận: Bộ Dân tộc và Tôn giáo (để b/c);');
    expect(text).not.toMatch(/\{|\}/);
    const rows = docxTables(xml)[0]!;
    expect(rows.length).toBeGreaterThan(10); // the loop row repeated for every element
    expect(rows.find((r) => r[0]!.endsWith(`. ${el.name}`))![1]).toBe('1.234');
  });

  it('lists templates for managers and for the units that may use them', async () => {
    const mine = await who.giaLai.get('/api/documents/templates');
    expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([giaLaiTemplate]);
    // The commune may use its province's template; Quảng Ngãi may not see it.
    const forCommune = await who.commune.get(`/api/documents/templates?forUnitId=${iaGrai}&kind=consolidated`);
    expect(forCommune.body.items).toEqual([expect.objectContaining({ id: giaLaiTemplate, canManage: false })]);
    expect((await who.quangNgai.get('/api/documents/templates')).body.items).toEqual([]);
    expectError(await who.quangNgai.get(`/api/documents/templates?forUnitId=${giaLai}`), 404, 'not_found');
    expect((await who.central.get('/api/documents/templates')).body.items.map((t: { id: string }) => t.id)).toEqual([giaLaiTemplate]);
    const fields = await who.viewer.get('/api/documents/templates/fields');
    expect(fields.body.consolidated.map((f: { name: string }) => f.name)).toContain('rows');
    expectError(await who.anonymous.get('/api/documents/templates'), 401, 'unauthenticated');
    expectError(await who.anonymous.get('/api/documents/templates/fields'), 401, 'unauthenticated');
    expectError(await who.giaLai.get('/api/documents/templates?kind=hop_dong'), 400, 'validation_failed');
  });

  it('keeps a template to its unit’s reports', async () => {
    const qn = await uploadTemplate(who.quangNgai, { name: 'Mẫu Quảng Ngãi', kind: 'consolidated' }, await templateDocx(['{unit.name}']));
    expect(qn.status, qn.text).toBe(201);
    const res = await who.central.post('/api/documents/consolidated', body({ templateId: qn.body.id }));
    expectError(res, 400, 'template_kind_mismatch');
    expect(res.body.error.message).toContain('Mẫu Quảng Ngãi');
    const task = await uploadTemplate(who.central, { name: 'Mẫu nhiệm vụ', kind: 'task_progress', unitId: giaLai }, await templateDocx(['{#rows}{title} {lateDays}{/rows}']));
    expect(task.status, task.text).toBe(201);
    expectError(await who.giaLai.post('/api/documents/consolidated', body({ templateId: task.body.id })), 400, 'template_kind_mismatch');
  });

  it('refuses uploads without document.manage, outside the caller’s units or with bad input', async () => {
    const file = await templateDocx(['{unit.name}']);
    const before = await templateCount();
    expectError(await uploadTemplate(who.anonymous, { name: 'X', kind: 'consolidated' }, file), 401, 'unauthenticated');
    expectError(await uploadTemplate(who.viewer, { name: 'X', kind: 'consolidated' }, file), 403, 'forbidden');
    expectError(await uploadTemplate(who.commune, { name: 'X', kind: 'consolidated' }, file), 403, 'forbidden');
    expectError(await uploadTemplate(who.giaLai, { name: 'X', kind: 'consolidated', unitId: quangNgai }, file), 404, 'not_found');
    expectError(await uploadTemplate(who.giaLai, { name: 'X', kind: 'hop_dong' }, file), 400, 'validation_failed');
    expectError(await uploadTemplate(who.giaLai, { name: '', kind: 'consolidated' }, file), 400, 'validation_failed');
    expectError(await who.giaLai.post(`/api/documents/templates?name=X&kind=consolidated`, {}), 400, 'invalid_file');
    expect(await templateCount()).toBe(before);
  });

  it('downloads and deletes a template within the manager’s units; documents made from it stay', async () => {
    const file = await download(who.giaLai, `/api/documents/templates/${giaLaiTemplate}/file`);
    expect(file.status).toBe(200);
    expect(file.type).toBe(DOCX);
    expect(new PizZip(file.data).file('word/document.xml')).toBeTruthy();
    expectError(await who.quangNgai.get(`/api/documents/templates/${giaLaiTemplate}/file`), 404, 'not_found');
    expectError(await who.anonymous.get(`/api/documents/templates/${giaLaiTemplate}/file`), 401, 'unauthenticated');
    expectError(await who.giaLai.get('/api/documents/templates/abc/file'), 400, 'validation_failed');
    expectError(await who.commune.delete(`/api/documents/templates/${giaLaiTemplate}`), 403, 'forbidden');
    expectError(await who.quangNgai.delete(`/api/documents/templates/${giaLaiTemplate}`), 404, 'not_found');
    expectError(await who.anonymous.delete(`/api/documents/templates/${giaLaiTemplate}`), 401, 'unauthenticated');
    const del = await who.giaLai.delete(`/api/documents/templates/${giaLaiTemplate}`);
    expect(del.status, del.text).toBe(204);
    expect((await auditRows(env, 'document.template_deleted')).at(-1)).toMatchObject({ actor_username: 'tinh.gialai', target_id: giaLaiTemplate });
    const kept = await who.giaLai.get('/api/documents');
    expect(kept.body.items.some((d: { template: unknown }) => d.template === null)).toBe(true);
    expectError(await who.giaLai.delete(`/api/documents/templates/${giaLaiTemplate}`), 404, 'not_found');
  });
});

describe('demo documents', () => {
  it('fills the demo registers and a template once, through the same generator', async () => {
    await makeUser(env, { username: 'admin.gialai', role: 'system_admin', unit: '52' });
    const before = await registerCount();
    await loadDemoDocuments(env.db, env.config, pino({ level: 'silent' }), env.clock.now());
    expect(await registerCount()).toBe(before + 6);
    const seeded = await who.giaLai.get('/api/documents?limit=10');
    expect(seeded.body.items.map((d: { period: string }) => d.period)).toContain('2025Q4');
    expect(seeded.body.items.some((d: { template: { name: string } | null }) => d.template?.name === 'Báo cáo nhanh số liệu quý (mẫu của Sở)')).toBe(true);
    const qn = await who.quangNgai.get('/api/documents');
    expect(qn.body.items).toHaveLength(1);
    const file = await download(who.quangNgai, `/api/documents/${qn.body.items[0].id}/file`);
    expect(docxText(documentXml(file.data))).toContain('UBND TỈNH QUẢNG NGÃI');
    await loadDemoDocuments(env.db, env.config, pino({ level: 'silent' }), env.clock.now());
    expect(await registerCount()).toBe(before + 6);
  });
});

describe('a new year', () => {
  it('starts the unit’s register again at 1 on 1 January, Vietnam time', async () => {
    env.clock.set(new Date('2027-01-01T17:30:00Z')); // 02/01/2027 00:30 in Vietnam
    const c = await signIn(env, 'tinh.gialai.2027', 'provincial_coordinator', '52');
    const next = await c.post('/api/documents/consolidated', body());
    expect(next.status, next.text).toBe(201);
    expect(next.body).toMatchObject({ registerNo: 1, registerYear: 2027, number: '1/BC-SDTTG' });
    expect(docxText(documentXml((await download(c, `/api/documents/${next.body.id}/file`)).data))).toContain('Gia Lai, ngày 02 tháng 01 năm 2027');
    const days = await c.get('/api/documents?from=2027-01-02&to=2027-01-02');
    expect(days.body.items.map((d: { id: string }) => d.id)).toEqual([next.body.id]);
  });
});
