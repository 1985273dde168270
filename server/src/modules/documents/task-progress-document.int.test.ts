// The task progress report as a document over HTTP (POST /api/documents/task-progress):
// the Word file opened again holds the title block, its register number, every task of
// `taskProgressReport` with its progress and score and the totals, formatted the
// Vietnamese way; it is kept in the register with its number and audited; Excel, a user's
// template of kind task_progress (the names /templates/fields lists) and PDF (or
// pdf_unavailable); sign-in, unit scope and date checks, writing nothing when refused.
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { sql } from 'kysely';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { actors, auditRows, expectError, upload, type Actors } from '../catalog/catalog.test-support.ts';
import { docxTables, docxText, sectPr } from './decree30/docx-read.ts';
import { libreOffice } from './pdf.ts';

let env: TestEnv;
let who: Actors;
let giaLai: string;
let iaGrai: string;
let overdueTask: string;
let doneTask: string;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const body = (extra: Record<string, unknown> = {}) => ({ unitId: giaLai, from: '2026-01-01', to: '2026-06-30', format: 'docx', ...extra });
const vi = (v: number | null) => (v === null ? '–' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(v));
const dmy = (d: string) => d.split('-').reverse().join('/');
const documentXml = (data: Buffer) => new PizZip(data).file('word/document.xml')!.asText();
const registerCount = async () => Number((await sql<{ n: string }>`select count(*) as n from generated_document`.execute(env.db)).rows[0]!.n);

async function download(c: TestClient, path: string) {
  const res = await fetch(env.baseUrl + path, { headers: { cookie: c.cookie ?? '' } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), data: Buffer.from(await res.arrayBuffer()) };
}

interface ReportRow {
  title: string;
  leadUnit: string;
  progress: number;
  score: number | null;
  statusLabel: string;
  dueDate: string;
}

beforeAll(async () => {
  env = await createTestEnv(); // today is 02/03/2026 in Vietnam
  who = await actors(env);
  giaLai = await unitId(env.db, '52');
  iaGrai = await unitId(env.db, '23764');
  const mk = async (task: Record<string, unknown>) => {
    const res = await who.giaLai.post('/api/tasks', task);
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  // Ia Grai's task, due 20/02 and not done: overdue, 40 %; the province's own, done.
  overdueTask = await mk({ title: 'Rà soát hộ nghèo thụ hưởng chính sách nước sinh hoạt', leadUnitId: iaGrai, startDate: '2026-01-05', dueDate: '2026-02-20' });
  expect((await who.commune.patch(`/api/tasks/${overdueTask}`, { status: 'in_progress', progress: 40 })).status).toBe(200);
  doneTask = await mk({ title: 'Tổng hợp nhu cầu vốn năm 2026 của các xã', leadUnitId: giaLai, startDate: '2026-01-10', dueDate: '2026-03-15' });
  expect((await who.giaLai.patch(`/api/tasks/${doneTask}`, { status: 'done' })).status).toBe(200);
  expect((await who.giaLai.put(`/api/tasks/${doneTask}/quality`, { rating: 4 })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('POST /api/documents/task-progress (Word, Decree 30)', () => {
  it('generates the report with the tasks module’s figures, keeps it in the register and audits it', async () => {
    const report = await who.giaLai.get(`/api/task-reports/progress?unitId=${giaLai}&from=2026-01-01&to=2026-06-30`);
    expect(report.status, report.text).toBe(200);
    expect(report.body.rows).toHaveLength(2);
    expect(report.body.totals).toMatchObject({ tasks: 2, done: 1, inProgress: 1, overdue: 1 });

    const res = await who.giaLai.post('/api/documents/task-progress', body());
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'task_progress',
      format: 'docx',
      registerNo: 1,
      registerYear: 2026,
      number: '1/BC-SDTTG',
      title: 'Báo cáo',
      subject: 'Tiến độ thực hiện nhiệm vụ từ ngày 01/01/2026 đến ngày 30/06/2026',
      unit: { id: giaLai, code: '52' },
      period: '2026-01-01/2026-06-30',
      periodLabel: '01/01/2026 – 30/06/2026',
      form: null,
      template: null,
      contentType: DOCX,
      createdBy: { username: 'tinh.gialai' },
    });

    const file = await download(who.giaLai, `/api/documents/${res.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.type).toBe(DOCX);
    expect(file.disposition).toContain('bao-cao-tien-do-nhiem-vu_52_2026-01-01_2026-06-30_so-1-2026.docx');
    const xml = documentXml(file.data);
    const text = docxText(xml);
    for (const s of ['UBND TỈNH GIA LAI', 'SỞ DÂN TỘC VÀ TÔN GIÁO', 'Số: 1/BC-SDTTG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Gia Lai, ngày 02 tháng 3 năm 2026', 'BÁO CÁO', res.body.subject, 'I. TỔNG HỢP CHUNG', 'II. CHI TIẾT TỪNG NHIỆM VỤ', 'số liệu tính đến ngày 02/03/2026', 'Nơi nhận:', 'GIÁM ĐỐC']) {
      expect(text, s).toContain(s);
    }
    const tables = docxTables(xml);
    // The totals, one line each, equal to the report's.
    const totals = new Map(tables[1]!.map((r) => [r[1], r[2]]));
    const t = report.body.totals;
    expect(totals.get('Tổng số nhiệm vụ')).toBe(String(t.tasks));
    expect(totals.get('Đã hoàn thành')).toBe(String(t.done));
    expect(totals.get('- Hoàn thành đúng hạn')).toBe(String(t.doneOnTime));
    expect(totals.get('Đang thực hiện')).toBe(String(t.inProgress));
    expect(totals.get('Quá hạn chưa hoàn thành')).toBe('1');
    expect(totals.get('Tiến độ bình quân (%)')).toBe(vi(t.averageProgress));
    expect(totals.get('Điểm bình quân')).toBe(vi(t.averageScore));
    // Each task: title, lead unit, due day, status, progress and score as the report says.
    const tasks = tables[2]!;
    expect(tasks).toHaveLength(1 + report.body.rows.length);
    for (const r of report.body.rows as ReportRow[]) {
      const line = tasks.find((x) => x[1] === r.title)!;
      expect(line, r.title).toBeDefined();
      expect(line[2]).toContain(r.leadUnit);
      expect(line[4]).toBe(dmy(r.dueDate));
      expect(line[5]).toBe(r.statusLabel);
      expect(line[6]).toBe(vi(r.progress));
      expect(line[10]).toBe(vi(r.score));
    }
    const overdue = tasks.find((x) => x[1] === 'Rà soát hộ nghèo thụ hưởng chính sách nước sinh hoạt')!;
    expect(overdue.slice(4, 9)).toEqual(['20/02/2026', 'Đang thực hiện', '40', '', '10']);
    expect(sectPr(xml).orient).toBe('landscape');

    // The register row and the audit entry, written together.
    const row = await env.db.selectFrom('generated_document').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'task_progress', unit_id: giaLai, register_year: 2026, register_no: 1, number: '1/BC-SDTTG', form_id: null, size: file.data.length });
    expect(row.params).toMatchObject({ query: { unitId: giaLai, from: '2026-01-01', to: '2026-06-30' }, header: null });
    const audit = (await auditRows(env, 'document.generated')).at(-1)!;
    expect(audit).toMatchObject({ actor_username: 'tinh.gialai', target_type: 'generated_document', target_id: res.body.id, unit_id: giaLai });
    expect(audit.details).toMatchObject({ kind: 'task_progress', format: 'docx', number: '1/BC-SDTTG', registerNo: 1, year: 2026, from: '2026-01-01', to: '2026-06-30', tasks: 2, sha256: res.body.sha256 });

    // Found in the register by words without accents.
    const found = await who.giaLai.get(`/api/documents?kind=task_progress&q=${encodeURIComponent('tien do nhiem vu')}`);
    expect(found.body.items.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
  });

  it('takes the next number and the header the user chose; a commune reports its own tasks', async () => {
    const res = await who.giaLai.post('/api/documents/task-progress', body({ header: { signerTitle: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', signerName: 'Nguyễn Văn Bình', recipients: ['UBND tỉnh (để b/c);'] } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ registerNo: 2, number: '2/BC-SDTTG' });
    const text = docxText(documentXml((await download(who.giaLai, `/api/documents/${res.body.id}/file`)).data));
    for (const s of ['Số: 2/BC-SDTTG', 'PHÓ GIÁM ĐỐC', 'Nguyễn Văn Bình', '- UBND tỉnh (để b/c);']) expect(text).toContain(s);

    const commune = await who.commune.post('/api/documents/task-progress', body({ unitId: iaGrai }));
    expect(commune.status, commune.text).toBe(201);
    expect(commune.body).toMatchObject({ registerNo: 1, number: '1/BC-UBND' });
    const tables = docxTables(documentXml((await download(who.commune, `/api/documents/${commune.body.id}/file`)).data));
    expect(tables[2]!.slice(1).map((r) => r[1])).toEqual(['Rà soát hộ nghèo thụ hưởng chính sách nước sinh hoạt']);
  });

  it('keeps the Excel workbook of the tasks module', async () => {
    const res = await who.giaLai.post('/api/documents/task-progress', body({ format: 'xlsx' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ format: 'xlsx', registerNo: 3, fileName: 'bao-cao-tien-do-nhiem-vu_52_2026-01-01_2026-06-30_so-3-2026.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(who.giaLai, `/api/documents/${res.body.id}/file`)).data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ');
    expect(ws.getColumn(2).values).toContain('Tổng hợp nhu cầu vốn năm 2026 của các xã');
  });

  it('makes a PDF with LibreOffice when installed, and says it needs LibreOffice otherwise', async () => {
    const before = await registerCount();
    const installed = (await libreOffice(env.config)) !== null;
    const res = await who.giaLai.post('/api/documents/task-progress', body({ format: 'pdf' }));
    if (installed) {
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ format: 'pdf', contentType: 'application/pdf' });
      expect((await download(who.giaLai, `/api/documents/${res.body.id}/file`)).data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await registerCount()).toBe(before + 1);
    } else {
      expectError(res, 503, 'pdf_unavailable');
      expect(await registerCount()).toBe(before);
    }
    expect((await who.giaLai.get('/api/documents/capabilities')).body).toEqual({ pdf: installed, kinds: ['consolidated', 'task_progress'] });
  }, 120_000);
});

describe('templates of kind task_progress', () => {
  it('lists the names the report data carries, accepts a template using them and fills it', async () => {
    const fields = await who.giaLai.get('/api/documents/templates/fields');
    expect(fields.status, fields.text).toBe(200);
    const rows = fields.body.task_progress.find((f: { name: string }) => f.name === 'rows');
    expect(rows.items.map((f: { name: string }) => f.name)).toEqual(['no', 'title', 'leadUnit', 'leadUser', 'startDate', 'dueDate', 'status', 'progress', 'completedDate', 'lateDays', 'quality', 'score']);

    const docx = async (lines: string[]) => Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] })));
    const old = await upload(who.giaLai, '/api/documents/templates?name=Cu&kind=task_progress', 'cu.docx', new Uint8Array(await docx(['{#rows}{task} {due}{/rows}'])), DOCX);
    expectError(old, 400, 'template_unknown_placeholders');
    expect(old.body.error.details.unknown).toEqual(['rows.task', 'rows.due']);

    const file = await docx(['Số: {number}', '{unit.name} từ {from} đến {to}{#plan} ({name}){/plan}', '{#rows}{no}. {title}: {status}, {progress}%, điểm {score}; {/rows}', 'Tổng: {totals.tasks}; bình quân {totals.averageScore}', '{#summary}{label}={value} {/summary}']);
    const t = await upload(who.giaLai, '/api/documents/templates?name=Mau%20nhiem%20vu&kind=task_progress', 'mau.docx', new Uint8Array(file), DOCX);
    expect(t.status, t.text).toBe(201);
    const res = await who.giaLai.post('/api/documents/task-progress', body({ templateId: t.body.id }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.template).toEqual({ id: t.body.id, name: 'Mau nhiem vu' });
    const report = (await who.giaLai.get(`/api/task-reports/progress?unitId=${giaLai}&from=2026-01-01&to=2026-06-30`)).body;
    const text = docxText(documentXml((await download(who.giaLai, `/api/documents/${res.body.id}/file`)).data));
    expect(text).toContain(`Số: ${res.body.number}`);
    expect(text).toContain('Tỉnh Gia Lai từ 01/01/2026 đến 30/06/2026');
    for (const r of report.rows as (ReportRow & { no: number })[]) expect(text).toContain(`${r.no}. ${r.title}: ${r.statusLabel}, ${vi(r.progress)}%, điểm ${vi(r.score)};`);
    expect(text).toContain(`Tổng: 2; bình quân ${vi(report.totals.averageScore)}`);
    expect(text).toContain('Tổng số nhiệm vụ=2');
    expect(text).not.toMatch(/\{|\}/);
    // A consolidated report may not use it.
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ templateId: (await uploadConsolidated()).id })), 400, 'template_kind_mismatch');
  });
});

async function uploadConsolidated(): Promise<{ id: string }> {
  const file = Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('{unit.name} {period}')] })] }] })));
  const res = await upload(who.giaLai, '/api/documents/templates?name=Tong%20hop&kind=consolidated', 'th.docx', new Uint8Array(file), DOCX);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('refusals', () => {
  it('requires a signed-in user', async () => {
    expectError(await who.anonymous.post('/api/documents/task-progress', body()), 401, 'unauthenticated');
  });

  it('answers not found for a unit outside the caller’s reach, writing nothing', async () => {
    const before = await registerCount();
    expectError(await who.quangNgai.post('/api/documents/task-progress', body()), 404, 'not_found');
    expectError(await who.commune.post('/api/documents/task-progress', body()), 404, 'not_found');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ unitId: '999999' })), 404, 'not_found');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ planId: '999999' })), 404, 'not_found');
    expect(await registerCount()).toBe(before);
  });

  it('rejects bad dates and input with 400, writing nothing', async () => {
    const before = await registerCount();
    const reversed = await who.giaLai.post('/api/documents/task-progress', body({ from: '2026-07-01', to: '2026-06-30' }));
    expectError(reversed, 400, 'validation_failed');
    expect(reversed.body.error.fields).toEqual([{ path: 'body.to', message: expect.any(String) }]);
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ from: '2026-02-30' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ to: '30/06/2026' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ format: 'doc' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ format: 'xlsx', templateId: '1' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ period: '2026Q1' })), 400, 'validation_failed');
    expectError(await who.giaLai.post('/api/documents/task-progress', body({ templateId: '999999' })), 404, 'not_found');
    expect(await registerCount()).toBe(before);
  });
});
