// The consolidated report as an Excel file: the workbook opened again with exceljs — title
// rows, merged headers (section → element → option combo), frozen panes, number formats,
// the bold total row with the value a commune saved; the same sign-in, scope and input
// checks as the JSON route.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { actors, expectError, type Actors } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';

let env: TestEnv;
let who: Actors;
let bm01: string;
let bm03: string;
let nation: string;
let giaLai: string;
let iaGrai: string;
let el: { id: string; name: string; cocs: string[]; cocNames: string[]; section: string };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const url = (q: Record<string, string>) => `/api/reports/consolidated.xlsx?${new URLSearchParams(q)}`;

async function download(c: TestClient, path: string) {
  const res = await fetch(env.baseUrl + path, { headers: { cookie: c.cookie ?? '', 'accept-language': 'vi' } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), data: Buffer.from(await res.arrayBuffer()) };
}

async function open(data: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** The column whose header cell in the row starts with the text. */
function columnOf(ws: ExcelJS.Worksheet, row: number, text: string): number {
  for (let c = 1; c <= ws.columnCount; c += 1) {
    const v = ws.getCell(row, c).value;
    if (typeof v === 'string' && v.startsWith(text) && Number(ws.getCell(row, c).master.col) === c) return c;
  }
  throw new Error(`no header "${text}" in row ${row}`);
}

beforeAll(async () => {
  env = await createTestEnv();
  who = await actors(env);
  ({ BM01_XA_QUY: bm01, BM03_TINH_NAM: bm03 } = await formIds(env));
  nation = await unitId(env.db, 'VN');
  giaLai = await unitId(env.db, '52');
  iaGrai = await unitId(env.db, '23764');
  // An element with a disaggregation (several option combos).
  const multi = await sql<{ id: string }>`
    select de.id from form_element fe join data_element de on de.id = fe.data_element_id
    join category_option_combo oc on oc.combo_id = de.category_combo_id and oc.active
    where fe.form_id = ${bm01} and de.value_type = 'integer' and de.aggregation_type = 'sum'
    group by de.id having count(*) > 1 order by de.id limit 1`.execute(env.db);
  const chosen = String(multi.rows[0].id);
  const full = await sql<{ id: string; name: string; section: string; cocs: string[]; coc_names: string[] }>`
    select de.id, de.name_vi as name, s.name_vi as section,
           array_agg(oc.id order by oc.sort_order, oc.id) as cocs, array_agg(oc.name_vi order by oc.sort_order, oc.id) as coc_names
    from form_element fe join data_element de on de.id = fe.data_element_id
    join form_section s on s.id = fe.section_id
    join category_option_combo oc on oc.combo_id = de.category_combo_id and oc.active
    where fe.form_id = ${bm01} and de.id = ${chosen}
    group by de.id, s.name_vi`.execute(env.db);
  const r = full.rows[0];
  el = { id: String(r.id), name: r.name, section: r.section, cocs: r.cocs.map(String), cocNames: r.coc_names };
  for (const [coc, value] of [
    [el.cocs[0], '7'],
    [el.cocs[1], '5'],
  ] as const) {
    const res = await who.commune.put('/api/data-values', { formId: bm01, unitId: iaGrai, period: '2026Q1', dataElementId: el.id, cocId: coc, value });
    expect(res.status, res.text).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('GET /api/reports/consolidated.xlsx', () => {
  it('downloads the national report with title rows, merged headers, frozen panes and the total', async () => {
    const res = await download(who.central, url({ formId: bm01, unitId: nation, period: '2026Q1' }));
    expect(res.status, res.data.toString()).toBe(200);
    expect(res.type).toBe(XLSX);
    expect(res.disposition).toBe(
      `attachment; filename="bao-cao-tong-hop_BM01_XA_QUY_VN_2026Q1.xlsx"; filename*=UTF-8''bao-cao-tong-hop_BM01_XA_QUY_VN_2026Q1.xlsx`,
    );
    const ws = await open(res.data);
    expect(ws.getCell('A1').value).toBe('BÁO CÁO TỔNG HỢP');
    expect(String(ws.getCell('A2').value)).toMatch(/^Biểu mẫu: BM01_XA_QUY — /);
    expect(ws.getCell('A4').value).toBe('Kỳ báo cáo: Quý 1/2026');
    expect(ws.getCell('A5').value).toBe('Hệ thống đơn vị: Đơn vị hành chính 2025');
    expect(ws.getCell('A6').value).toBe('Phạm vi số liệu: Tất cả số liệu đã nhập');
    expect(ws.getCell('A7').value).toBe('Ngày lập: 02/03/2026 09:00'); // the test clock, 02:00Z, in Vietnam time
    expect(ws.getCell('A1').font.name).toBe('Times New Roman');
    // Headers in rows 9–10: "Đơn vị" over both, the section over its elements.
    expect(ws.getCell('A9').value).toBe('Đơn vị');
    expect(ws.getCell('A10').master.address).toBe('A9');
    const col = columnOf(ws, 10, el.name);
    const sectionCell = ws.getCell(9, col);
    expect(sectionCell.value).toBe(el.section);
    expect(ws.getCell(10, col).master.address).toBe(ws.getCell(10, col).address); // no combos: one column
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 10 });
    // The nation's total first, bold, then the 34 provinces.
    expect(ws.getCell('A11').value).toBe('Việt Nam (Trung ương)');
    expect(ws.getCell('A11').font.bold).toBe(true);
    expect(ws.getCell(11, col).value).toBe(12);
    expect(ws.getCell(11, col).numFmt).toBe('#,##0');
    expect(ws.getCell(11, col).font).toMatchObject({ bold: true, name: 'Times New Roman' });
    expect(ws.getCell('A12').font.bold).toBeFalsy();
    expect(ws.rowCount).toBe(10 + 35);
  });

  it('adds a column per option combination and the total when disaggregated', async () => {
    const res = await download(who.giaLai, url({ formId: bm01, unitId: giaLai, period: '2026', disaggregate: 'true', approvedOnly: 'false' }));
    expect(res.status, res.data.toString()).toBe(200);
    expect(res.disposition).toContain('bao-cao-tong-hop_BM01_XA_QUY_52_2026.xlsx');
    const ws = await open(res.data);
    expect(ws.getCell('A4').value).toBe('Kỳ báo cáo: Năm 2026');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 11 });
    expect(ws.getCell('A11').master.address).toBe('A9');
    const col = columnOf(ws, 10, el.name);
    // The element's header spans its combos and "Tổng"; the combos are in row 11.
    const span = el.cocs.length + 1;
    for (let c = col; c < col + span; c += 1) expect(ws.getCell(10, c).master.address).toBe(ws.getCell(10, col).address);
    expect(ws.getCell(10, col + span).master.address).not.toBe(ws.getCell(10, col).address);
    expect(el.cocNames.map((_, i) => ws.getCell(11, col + i).value)).toEqual(el.cocNames);
    expect(ws.getCell(11, col + span - 1).value).toBe('Tổng');
    expect(ws.getCell(9, col).value).toBe(el.section);
    // Gia Lai's total row, then Ia Grai among the communes.
    expect(ws.getCell('A12').value).toBe('Tỉnh Gia Lai');
    expect(ws.getCell(12, col).value).toBe(7);
    expect(ws.getCell(12, col + 1).value).toBe(5);
    expect(ws.getCell(12, col + span - 1).value).toBe(12);
    const iaGraiRow = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((r) => ws.getCell(r, 1).value === 'Xã Ia Grai')!;
    expect(ws.getCell(iaGraiRow, col + span - 1).value).toBe(12);
  });

  it('shows the data scope and the old hierarchy in the title', async () => {
    const oldGiaLai = await unitId(env.db, '64', 'pre2025');
    const res = await download(who.central, url({ formId: bm01, unitId: oldGiaLai, period: '2026Q1', approvedOnly: 'true' }));
    expect(res.status, res.data.toString()).toBe(200);
    const ws = await open(res.data);
    expect(ws.getCell('A5').value).toBe('Hệ thống đơn vị: Đơn vị hành chính trước 01/7/2025');
    expect(ws.getCell('A6').value).toBe('Phạm vi số liệu: Chỉ số liệu đã duyệt');
    expect(ws.getCell(11, columnOf(ws, 10, el.name)).value).toBeNull(); // nothing approved yet
  });

  it('requires a signed-in user', async () => {
    expectError(await who.anonymous.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1' })), 401, 'unauthenticated');
  });

  it('refuses units outside the caller’s scope like the JSON route', async () => {
    expectError(await who.quangNgai.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1' })), 404, 'not_found');
    expectError(await who.commune.get(url({ formId: bm01, unitId: nation, period: '2026Q1' })), 404, 'not_found');
  });

  it('rejects bad input with a stable code and a Vietnamese message', async () => {
    const bad = await who.central.get(url({ formId: bm03, unitId: giaLai, period: '2026Q1' }));
    expectError(bad, 400, 'invalid_period');
    expect(bad.body.error.message).toMatch(/kỳ/i);
    expectError(await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1', view: 'pre2025' })), 400, 'hierarchy_mismatch');
    expectError(await who.central.get(url({ formId: bm01, unitId: giaLai, period: '2026Q1', disaggregate: 'yes' })), 400, 'validation_failed');
    expectError(await who.central.get(`/api/reports/consolidated.xlsx?formId=${bm01}&period=2026Q1`), 400, 'validation_failed');
  });
});
