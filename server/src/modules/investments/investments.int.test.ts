// Investment works through the HTTP API: sign-in required everywhere; a commune officer
// records a work in their commune (not in another), its capital by source with monthly
// disbursements, photos and documents; the province reads and edits it, another province
// and a viewer elsewhere see "not found"; bad input answers a stable code with a
// Vietnamese message and changes nothing; the rate against the plan curve moves with the
// clock (Vietnam days); the plan curve is set nationally; reports by project and by
// province, also as Excel read back; the GeoJSON layer.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError, signIn, upload } from '../catalog/catalog.test-support.ts';

let env: TestEnv;
const c: Record<string, TestClient> = {};
let iaGrai: string;
let otherGiaLai: string;
let da4: string;
let workId: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-tiny-test-image')]);
const good = () => ({ name: 'Đường giao thông nông thôn thôn Plei Ơi', programItemId: da4, unitId: iaGrai, location: [108.02, 13.98], investor: 'UBND xã Ia Grai', startDate: '2026-01-15', finishDate: '2026-12-31', stage: 'construction', progress: 20, totalInvestment: 4500 });
const capital = (over: Record<string, unknown> = {}) => ({
  year: 2026,
  lines: [
    { source: 'central', kind: 'development', allocated: 2800, committed: 2500, disbursements: [{ month: '2026-01', amount: 400 }, { month: '2026-02', amount: 500 }] },
    { source: 'local', kind: 'development', allocated: 300, committed: 300, disbursements: [{ month: '2026-02', amount: 100 }] },
  ],
  ...over,
});
const count = async () => Number((await env.db.selectFrom('investment_work').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  // The clock moves months ahead and back: sessions must outlive it.
  env = await createTestEnv({ SESSION_IDLE_MINUTES: 60 * 24 * 400, SESSION_MAX_HOURS: 24 * 400 });
  const unit = async (code: string) => (await env.db.selectFrom('org_unit').select('id').where('code', '=', code).where('hierarchy', '=', '2025').executeTakeFirstOrThrow()).id;
  iaGrai = await unit('23764');
  otherGiaLai = await unit('23575'); // Phường Pleiku
  da4 = (await env.db.selectFrom('program_item').select('id').where('code', '=', 'DA4.TDA1').executeTakeFirstOrThrow()).id;
  c.commune = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  c.otherCommune = await signIn(env, 'xa.pleiku', 'commune_officer', '23575');
  c.giaLai = await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52');
  c.quangNgai = await signIn(env, 'tinh.quangngai', 'provincial_coordinator', '51');
  c.viewer = await signIn(env, 'xem.quangngai', 'viewer', '51');
  c.central = await signIn(env, 'tw.chuongtrinh', 'central_officer', 'VN');
  c.anonymous = env.client();
});
afterAll(async () => {
  await env?.close();
});

describe('investment works', () => {
  it('requires sign-in on every endpoint', async () => {
    const a = c.anonymous!;
    for (const [method, path] of [
      ['GET', '/api/investments/works'],
      ['POST', '/api/investments/works'],
      ['GET', '/api/investments/works/1'],
      ['PATCH', '/api/investments/works/1'],
      ['DELETE', '/api/investments/works/1'],
      ['PUT', '/api/investments/works/1/capital'],
      ['GET', '/api/investments/works/1/files/1'],
      ['DELETE', '/api/investments/works/1/files/1'],
      ['GET', '/api/investments/plan-curve'],
      ['PUT', '/api/investments/plan-curve'],
      ['GET', '/api/investments/template.xlsx'],
      ['GET', '/api/investments/reports'],
      ['GET', '/api/investments/reports.xlsx'],
      ['GET', '/api/investments/works.geojson'],
    ] as const) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : method === 'PUT' && path.endsWith('capital') ? capital() : method === 'PUT' ? { year: 2026, milestones: [{ month: 6, day: 30, nextYear: false, share: 30 }] } : good();
      expectError(await a.request(method, path, body), 401, 'unauthenticated');
    }
    expectError(await upload(a, '/api/investments/works/1/files?kind=photo', 'anh.png', PNG, 'image/png'), 401, 'unauthenticated');
    expectError(await upload(a, '/api/investments/import', 'cong-trinh.xlsx', new Uint8Array([1])), 401, 'unauthenticated');
  });

  it('lets a commune officer record a work in their commune, not elsewhere; the viewer cannot record', async () => {
    expectError(await c.commune!.post('/api/investments/works', { ...good(), unitId: otherGiaLai }), 400, 'investment_unit_invalid');
    expectError(await c.viewer!.post('/api/investments/works', good()), 403, 'forbidden');
    expect(await count()).toBe(0);

    const res = await c.commune!.post('/api/investments/works', good());
    expect(res.status, res.text).toBe(201);
    workId = res.body.id;
    expect(res.body).toMatchObject({ code: 'CT000001', name: 'Đường giao thông nông thôn thôn Plei Ơi', unit: { code: '23764', name: 'Ia Grai' }, programItem: { code: 'DA4.TDA1' }, location: [108.02, 13.98], stage: 'construction', progress: 20, totalInvestment: 4500, abilities: { edit: true } });
    const audit = await env.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'investment.work_created').execute();
    expect(audit).toHaveLength(1);

    // The same code twice in the province is refused.
    expectError(await c.giaLai!.post('/api/investments/works', { ...good(), code: 'CT000001' }), 409, 'investment_code_taken');
    expect(await count()).toBe(1);
  });

  it('refuses bad input with a stable code and a Vietnamese message, changing nothing', async () => {
    const before = await c.commune!.get(`/api/investments/works/${workId}`);
    for (const body of [{ ...good(), progress: 150 }, { ...good(), stage: 'xong' }, { ...good(), startDate: '2026-12-01', finishDate: '2026-01-01' }, { ...good(), location: [2.35, 48.85] }, { ...good(), name: '  ' }]) {
      const res = await c.commune!.post('/api/investments/works', body);
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/i);
    }
    expectError(await c.commune!.patch(`/api/investments/works/${workId}`, { progress: -1 }), 400, 'validation_failed');
    expectError(await c.commune!.patch(`/api/investments/works/${workId}`, { finishDate: '2025-01-01' }), 400, 'validation_failed');
    expectError(await c.commune!.patch(`/api/investments/works/${workId}`, { programItemId: '999999' }), 400, 'investment_program_item_unknown');
    expect(await count()).toBe(1);
    expect((await c.commune!.get(`/api/investments/works/${workId}`)).body).toEqual(before.body);
  });

  it('shows the work to its province, hides it from other provinces and their viewers', async () => {
    const list = await c.giaLai!.get('/api/investments/works');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([workId]);
    expect(list.body.abilities).toEqual({ create: true, import: true });
    expect((await c.giaLai!.get(`/api/investments/works?q=${encodeURIComponent('duong giao thong')}`)).body.total).toBe(1);
    expect((await c.giaLai!.get('/api/investments/works?q=truong+hoc')).body.total).toBe(0);
    expect((await c.quangNgai!.get('/api/investments/works')).body.total).toBe(0);
    expectError(await c.quangNgai!.get(`/api/investments/works/${workId}`), 404, 'not_found');
    expectError(await c.viewer!.get(`/api/investments/works/${workId}`), 404, 'not_found');
    expectError(await c.quangNgai!.patch(`/api/investments/works/${workId}`, { progress: 50 }), 404, 'not_found');
    expectError(await c.quangNgai!.get(`/api/investments/works?unit=${iaGrai}`), 404, 'not_found');
    expectError(await c.otherCommune!.get(`/api/investments/works/${workId}`), 404, 'not_found');

    const patched = await c.giaLai!.patch(`/api/investments/works/${workId}`, { progress: 35, investor: 'Ban quản lý dự án huyện' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ progress: 35, investor: 'Ban quản lý dự án huyện' });
  });

  it('records capital and monthly disbursement, and rates it against the plan curve on the clock', async () => {
    // 2026-03-02 09:00 in Vietnam.
    const res = await c.commune!.put(`/api/investments/works/${workId}/capital`, capital());
    expect(res.status, res.text).toBe(200);
    expect(res.body.figures).toMatchObject({ year: 2026, allocated: 3100, committed: 2800, disbursed: 1000, rate: 32.26, behind: false });
    expect(res.body.figures.planShare).toBeCloseTo((61 / 181) * 30, 1);
    const curve = res.body.curve as { month: string; amount: number; cumulative: number; rate: number | null; expected: number }[];
    expect(curve.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    expect(curve[0]).toMatchObject({ amount: 400, cumulative: 400, rate: 12.9 });
    expect(curve[1]).toMatchObject({ amount: 600, cumulative: 1000, rate: 32.26 });
    expect(curve[2]!.rate).toBe(32.26);
    expect(curve[3]!.rate).toBeNull();
    expect(curve[5]!.expected).toBe(30);
    expect(res.body.milestones.map((m: { date: string; passed: boolean }) => `${m.date} ${m.passed}`)).toEqual(['2026-06-30 false', '2026-09-30 false', '2026-12-31 false', '2027-01-31 false']);

    // Refused, nothing changes: a month not begun, more than allocated, a line twice, someone else's work.
    expectError(await c.commune!.put(`/api/investments/works/${workId}/capital`, capital({ lines: [{ source: 'central', kind: 'development', allocated: 2800, disbursements: [{ month: '2026-04', amount: 10 }] }] })), 400, 'investment_future_month');
    const exceeds = await c.commune!.put(`/api/investments/works/${workId}/capital`, capital({ lines: [{ source: 'central', kind: 'development', allocated: 100, disbursements: [{ month: '2026-01', amount: 400 }] }] }));
    expectError(exceeds, 400, 'investment_disbursed_exceeds');
    expect(exceeds.body.error.message).toContain('ngân sách trung ương');
    expectError(await c.commune!.put(`/api/investments/works/${workId}/capital`, capital({ lines: [capital().lines[0], capital().lines[0]] })), 400, 'validation_failed');
    expectError(await c.quangNgai!.put(`/api/investments/works/${workId}/capital`, capital()), 404, 'not_found');
    expectError(await c.viewer!.put(`/api/investments/works/${workId}/capital`, capital()), 404, 'not_found');
    const still = await c.commune!.get(`/api/investments/works/${workId}?year=2026`);
    expect(still.body.figures).toMatchObject({ allocated: 3100, disbursed: 1000 });
    expect(still.body.capital).toHaveLength(2);

    // 5 July: past 30/6 (30 %), 5 days into the next stretch — 32,26 % is still on track.
    env.clock.set(new Date('2026-07-04T17:30:00Z'));
    const july = await c.giaLai!.get(`/api/investments/works/${workId}`);
    expect(july.body.figures.planShare).toBeCloseTo(30 + (5 / 92) * 30, 1);
    expect(july.body.figures.behind).toBe(false);
    expect(july.body.milestones[0].passed).toBe(true);
    // 1 August (Vietnam; still 31 July in UTC): the plan is above 40 % — behind.
    env.clock.set(new Date('2026-07-31T17:30:00Z'));
    const august = await c.giaLai!.get('/api/investments/works?behind=true');
    expect(august.body.total).toBe(1);
    expect(august.body.items[0].figures.behind).toBe(true);
    expect(august.body.totals).toMatchObject({ allocated: 3100, disbursed: 1000, behind: true });
    env.clock.set(new Date('2026-03-02T02:00:00Z'));
    expect((await c.giaLai!.get('/api/investments/works?behind=true')).body.total).toBe(0);
  });

  it('keeps photos and documents, refusing other types', async () => {
    const path = `/api/investments/works/${workId}/files`;
    const up = await upload(c.commune!, `${path}?kind=photo&caption=${encodeURIComponent('Mặt đường đã đổ bê tông')}`, 'mat-duong.png', PNG, 'image/png');
    expect(up.status, up.text).toBe(201);
    expect(up.body).toMatchObject({ kind: 'photo', fileName: 'mat-duong.png', contentType: 'image/png', size: PNG.length, caption: 'Mặt đường đã đổ bê tông' });
    expectError(await upload(c.commune!, `${path}?kind=photo`, 'anh.png', 'không phải ảnh', 'image/png'), 415, 'investment_file_type');
    expectError(await upload(c.commune!, `${path}?kind=document`, 'ghi-chu.txt', 'văn bản', 'text/plain'), 415, 'investment_file_type');
    expectError(await upload(c.viewer!, `${path}?kind=photo`, 'anh.png', PNG, 'image/png'), 404, 'not_found');
    expectError(await upload(c.commune!, `${path}?kind=video`, 'anh.png', PNG, 'image/png'), 400, 'validation_failed');
    const pdf = await upload(c.giaLai!, `${path}?kind=document`, 'Quyết định phê duyệt.pdf', '%PDF-1.4 test', 'application/pdf');
    expect(pdf.status, pdf.text).toBe(201);

    const got = await fetch(`${env.baseUrl}${path}/${up.body.id}`, { headers: { cookie: c.giaLai!.cookie! } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await c.quangNgai!.get(`${path}/${up.body.id}`)).status).toBe(404);

    const detail = await c.commune!.get(`/api/investments/works/${workId}`);
    expect(detail.body.files.map((f: { fileName: string }) => f.fileName)).toEqual(['mat-duong.png', 'Quyết định phê duyệt.pdf']);
    expect((await c.commune!.delete(`${path}/${pdf.body.id}`)).status).toBe(200);
    expectError(await c.commune!.delete(`${path}/${pdf.body.id}`), 404, 'not_found');
  });

  it('sets the plan curve nationally; a bad curve is refused and the old one stays', async () => {
    const def = await c.commune!.get('/api/investments/plan-curve?year=2026');
    expect(def.status, def.text).toBe(200);
    expect(def.body).toMatchObject({ year: 2026, definedFor: null, abilities: { edit: false } });
    expect(def.body.milestones.map((m: { share: number }) => m.share)).toEqual([30, 60, 90, 100]);
    const milestones = [{ month: 3, day: 31, nextYear: false, share: 20 }, { month: 6, day: 30, nextYear: false, share: 45 }, { month: 12, day: 31, nextYear: false, share: 100 }];
    expectError(await c.giaLai!.put('/api/investments/plan-curve', { year: 2026, milestones }), 403, 'forbidden');
    const bad = await c.central!.put('/api/investments/plan-curve', { year: 2026, milestones: [milestones[1], milestones[0]] });
    expectError(bad, 400, 'investment_curve_invalid');
    expect(bad.body.error.message).toContain('phải sau');
    expect((await c.central!.get('/api/investments/plan-curve?year=2026')).body.definedFor).toBeNull();

    const ok = await c.central!.put('/api/investments/plan-curve', { year: 2026, milestones });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ definedFor: 2026, abilities: { edit: true } });
    // Applies to later years too, until they get their own.
    expect((await c.commune!.get('/api/investments/plan-curve?year=2027')).body.definedFor).toBe(2026);
    const detail = await c.commune!.get(`/api/investments/works/${workId}`);
    expect(detail.body.figures.planShare).toBeCloseTo((61 / 90) * 20, 1);
    // Back to the default milestones for the rest of the file.
    await env.db.deleteFrom('investment_plan_curve').execute();
  });

  it('reports by project and by province, and the Excel file reads back the same numbers', async () => {
    // A second work, in Quảng Ngãi, recorded by its coordinator.
    const sonTay = (await env.db.selectFrom('org_unit').select('id').where('code', '=', '21340').executeTakeFirstOrThrow()).id;
    const school = await c.quangNgai!.post('/api/investments/works', { name: 'Trường mầm non xã Sơn Tây', unitId: sonTay, stage: 'completed', progress: 100, programItemId: (await env.db.selectFrom('program_item').select('id').where('code', '=', 'DA5.TDA1').executeTakeFirstOrThrow()).id });
    expect(school.status, school.text).toBe(201);
    const cap = await c.quangNgai!.put(`/api/investments/works/${school.body.id}/capital`, { year: 2026, lines: [{ source: 'central', kind: 'development', allocated: 1000, disbursements: [{ month: '2026-02', amount: 50 }] }] });
    expect(cap.status, cap.text).toBe(200);

    const byProvince = await c.central!.get('/api/investments/reports?by=province&year=2026');
    expect(byProvince.status, byProvince.text).toBe(200);
    expect(byProvince.body.rows.map((r: { code: string; works: number; allocated: number; disbursed: number }) => [r.code, r.works, r.allocated, r.disbursed])).toEqual([
      ['52', 1, 3100, 1000],
      ['51', 1, 1000, 50],
    ]);
    expect(byProvince.body.total).toMatchObject({ works: 2, allocated: 4100, disbursed: 1050, rate: 25.61, completed: 1, worksBehind: 1 });
    const byProject = await c.central!.get('/api/investments/reports?by=project&year=2026');
    expect(byProject.body.rows.map((r: { code: string }) => r.code)).toEqual(['DA4', 'DA5']);
    // A province sees itself only; a unit outside the scope is "not found".
    expect((await c.giaLai!.get('/api/investments/reports?by=province')).body.rows.map((r: { code: string }) => r.code)).toEqual(['52']);
    expectError(await c.giaLai!.get(`/api/investments/reports?unit=${sonTay}`), 404, 'not_found');
    expectError(await c.giaLai!.get('/api/investments/reports?by=district'), 400, 'validation_failed');

    const file = await fetch(`${env.baseUrl}/api/investments/reports.xlsx?by=province&year=2026`, { headers: { cookie: c.central!.cookie! } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('bao-cao-giai-ngan_theo-tinh_2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('NĂM 2026');
    const rows = [6, 7, 8].map((n) => ws.getRow(n).values as unknown[]);
    expect(rows.map((r) => [r[2], r[4], r[7], r[9], r[10]])).toEqual([
      ['52', 1, 3100, 1000, 32.26],
      ['51', 1, 1000, 50, 5],
      ['', 2, 4100, 1050, 25.61],
    ]);
    expect(ws.getCell('G6').numFmt).toBe('#,##0.###');
  });

  it('serves the works as a GeoJSON layer coloured by progress', async () => {
    const res = await c.giaLai!.get('/api/investments/works.geojson?year=2026');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    expect(res.body.features).toHaveLength(1);
    expect(res.body.features[0]).toMatchObject({ geometry: { type: 'Point', coordinates: [108.02, 13.98] }, properties: { code: 'CT000001', progress: 35, progressClass: 'low', color: '#e03131', allocated: 3100, disbursed: 1000 } });
    expect((await c.central!.get('/api/investments/works.geojson')).body.features).toHaveLength(1); // the school has no point
    expect((await c.quangNgai!.get('/api/investments/works.geojson')).body.features).toHaveLength(0);
    expectError(await c.quangNgai!.get(`/api/investments/works.geojson?unit=${iaGrai}`), 404, 'not_found');
  });

  it('centres the point picker on the works already placed in the unit or its province', async () => {
    expect((await c.commune!.get(`/api/investments/units/${iaGrai}/centre`)).body).toEqual({ point: [108.02, 13.98] });
    expect((await c.giaLai!.get(`/api/investments/units/${otherGiaLai}/centre`)).body).toEqual({ point: [108.02, 13.98] });
    const sonTay = (await env.db.selectFrom('org_unit').select('id').where('code', '=', '21340').executeTakeFirstOrThrow()).id;
    expect((await c.quangNgai!.get(`/api/investments/units/${sonTay}/centre`)).body).toEqual({ point: null });
    expectError(await c.giaLai!.get(`/api/investments/units/${sonTay}/centre`), 404, 'not_found');
    expectError(await c.anonymous!.get(`/api/investments/units/${sonTay}/centre`), 401, 'unauthenticated');
  });

  it('deletes a work only for those who manage it', async () => {
    expectError(await c.quangNgai!.delete(`/api/investments/works/${workId}`), 404, 'not_found');
    expectError(await c.otherCommune!.delete(`/api/investments/works/${workId}`), 404, 'not_found');
    expect((await c.commune!.delete(`/api/investments/works/${workId}`)).status).toBe(200);
    expectError(await c.commune!.get(`/api/investments/works/${workId}`), 404, 'not_found');
    expect(await env.db.selectFrom('investment_capital').selectAll().where('work_id', '=', workId).execute()).toEqual([]);
    expect(await env.db.selectFrom('audit_log').select('action').where('action', '=', 'investment.work_deleted').execute()).toHaveLength(1);
  });
});
