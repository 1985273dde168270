// The time-driven side of tasks, with a moved clock (Vietnam days, across midnight UTC+7):
// recurring rules make each occurrence exactly once (two runs at once still once); task
// reminders (due soon 3 days before, on the day, overdue) fire once each at the right time,
// to the lead person or else the lead unit's users, in the bell and the mail outbox per
// preferences, never after completion, once with two workers; scores and the ranking of
// units on a small fixture equal the shared engine's; the progress report's Excel file,
// opened again, holds the same numbers as the report.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORE_RULE, taskScore } from '@shared/engine/tasks.ts';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { runTaskReminders } from '../reminders/task-reminders.ts';
import { generateRecurringTasks } from './recurrence.ts';

let env: TestEnv;
let iaGrai: string;
let kbang: string;
let giaLai: string;
const users: Record<string, MadeUser> = {};
let province: TestClient;

beforeAll(async () => {
  // The clock jumps months and years here: no account is disabled for inactivity meanwhile.
  env = await createTestEnv({ INACTIVE_DISABLE_DAYS: 100_000 });
  iaGrai = await unitId(env.db, '23764');
  giaLai = await unitId(env.db, '52');
  const row = await env.db.selectFrom('org_unit').select(['id', 'code']).where('parent_id', '=', giaLai).where('kind', '=', 'commune').where('valid_to', 'is', null).where('id', '!=', iaGrai).orderBy('code').executeTakeFirstOrThrow();
  kbang = row.id;
  users.province = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' });
  users.officer = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' });
  users.colleague = await makeUser(env, { username: 'xa.iagrai2', role: 'commune_officer', unit: '23764' });
  users.kbang = await makeUser(env, { username: 'xa.kbang', role: 'commune_officer', unit: row.code });
  for (const [k, email] of [['officer', 'xa.iagrai@example.vn'], ['colleague', 'xa.iagrai2@example.vn'], ['kbang', 'xa.kbang@example.vn']] as const) {
    await env.db.updateTable('app_user').set({ email }).where('id', '=', users[k]!.id).execute();
  }
  province = await signedIn(env, users.province);
});
afterAll(async () => {
  await env?.close();
});

async function at(iso: string): Promise<void> {
  env.clock.set(new Date(iso));
  province = await signedIn(env, users.province!);
}

describe('recurring tasks', () => {
  let yearly: string;
  let quarterly: string;
  const generated = (rule: string) => env.db.selectFrom('task').select(['id', 'title', 'occurrence', 'start_date', 'due_date', 'lead_unit_id']).where('recurrence_id', '=', rule).orderBy('due_date').execute();

  beforeAll(async () => {
    await at('2026-03-02T02:00:00Z');
    const y = await province.post('/api/task-recurrences', {
      title: 'Báo cáo kết quả thực hiện Chương trình năm',
      leadUnitId: iaGrai,
      cooperatingUnitIds: [kbang],
      frequency: 'yearly',
      dueMonth: 12,
      dueDay: 15,
      leadDays: 30,
      startsOn: '2026-01-01',
    });
    expect(y.status, y.text).toBe(201);
    yearly = y.body.id;
    const q = await province.post('/api/task-recurrences', { title: 'Biểu mẫu báo cáo quý', leadUnitId: kbang, frequency: 'quarterly', daysAfter: 10, leadDays: 10, startsOn: '2026-01-01' });
    expect(q.status, q.text).toBe(201);
    quarterly = q.body.id;
  });

  it('makes nothing before an occurrence appears (Q1 appears 31/03 00:00 Vietnam time)', async () => {
    await at('2026-03-30T16:59:59Z'); // 30/03 23:59:59 in Vietnam
    expect(await generateRecurringTasks(env.ctx)).toEqual({ created: 0 });
    expect(await generated(quarterly)).toEqual([]);
  });

  it('makes the occurrence once on the day it appears, even with two runs at once', async () => {
    await at('2026-03-30T17:00:00Z'); // 31/03 00:00 in Vietnam
    const [a, b] = await Promise.all([generateRecurringTasks(env.ctx), generateRecurringTasks(env.ctx)]);
    expect(a.created + b.created).toBe(1);
    expect(await generateRecurringTasks(env.ctx)).toEqual({ created: 0 });
    const rows = await generated(quarterly);
    expect(rows).toEqual([expect.objectContaining({ title: 'Biểu mẫu báo cáo quý — Quý 1/2026', occurrence: '2026Q1', start_date: '2026-03-31', due_date: '2026-04-10', lead_unit_id: kbang })]);
    const audit = await env.db.selectFrom('audit_log').select(['actor_username', 'target_id']).where('action', '=', 'task.generated').execute();
    expect(audit).toEqual([{ actor_username: 'system', target_id: rows[0]!.id }]);
    // The generated task is an ordinary task of the commune.
    const kb = await signedIn(env, users.kbang!);
    expect((await kb.get('/api/tasks?view=due_soon&days=10')).body.items.map((t: { title: string }) => t.title)).toEqual(['Biểu mẫu báo cáo quý — Quý 1/2026']);
  });

  it('the yearly "before 15/12" occurrence appears 30 days before, with its co-operating unit; the next quarter in turn', async () => {
    await at('2026-10-01T03:00:00Z'); // Q3 (due 10/10) appeared on 30/09; Q2 (due 10/07) is past the grace period
    await generateRecurringTasks(env.ctx);
    await at('2026-11-14T16:59:00Z'); // 14/11 23:59
    await generateRecurringTasks(env.ctx);
    expect(await generated(yearly)).toEqual([]);
    await at('2026-11-14T17:00:00Z'); // 15/11 00:00
    await generateRecurringTasks(env.ctx);
    const rows = await generated(yearly);
    expect(rows).toEqual([expect.objectContaining({ title: 'Báo cáo kết quả thực hiện Chương trình năm — Năm 2026', occurrence: '2026', due_date: '2026-12-15', start_date: '2026-11-15' })]);
    const co = await env.db.selectFrom('task_cooperating_unit').select('unit_id').where('task_id', '=', rows[0]!.id).execute();
    expect(co).toEqual([{ unit_id: kbang }]);
    expect((await generated(quarterly)).map((r) => r.occurrence)).toEqual(['2026Q1', '2026Q3']);
  });

  it('a rule switched off makes nothing more', async () => {
    expect((await province.patch(`/api/task-recurrences/${quarterly}`, { active: false })).status).toBe(200);
    await at('2027-01-01T00:00:00Z');
    await generateRecurringTasks(env.ctx);
    expect((await generated(quarterly)).map((r) => r.occurrence)).toEqual(['2026Q1', '2026Q3']);
  });
});

describe('task reminders', () => {
  let led: string;
  let unitTask: string;
  let finished: string;

  const sentRows = (task: string) =>
    env.db.selectFrom('reminder_sent').select(['kind', 'user_id', 'channel', 'period']).where('task_id', '=', task).orderBy('id').execute();
  const name = (id: string) => Object.entries(users).find(([, u]) => u.id === id)?.[0] ?? id;
  const sent = async (task: string) => (await sentRows(task)).map((r) => `${r.kind} ${name(r.user_id)} ${r.channel}`);

  beforeAll(async () => {
    await env.db.deleteFrom('task').execute();
    await at('2027-03-02T02:00:00Z');
    const mk = async (body: Record<string, unknown>) => {
      const res = await province.post('/api/tasks', { startDate: '2027-03-01', dueDate: '2027-03-10', ...body });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    led = await mk({ title: 'Rà soát hộ nghèo thôn Plei Ngol', leadUnitId: iaGrai, leadUserId: users.officer!.id });
    unitTask = await mk({ title: 'Cập nhật danh sách người có uy tín', leadUnitId: iaGrai });
    finished = await mk({ title: 'Gửi kế hoạch tuyên truyền', leadUnitId: iaGrai, leadUserId: users.officer!.id });
    // The colleague wants no e-mail for tasks due soon.
    const colleague = await signedIn(env, users.colleague!);
    expect((await colleague.put('/api/notification-preferences', { items: [{ kind: 'task.due_soon', email: false }] })).status).toBe(200);
  });

  it('nothing four days before the due day', async () => {
    await at('2027-03-05T16:59:00Z'); // 05/03 23:59 in Vietnam: 5 days before 10/03
    expect(await runTaskReminders(env.ctx)).toEqual({ notified: 0, mailed: 0 });
    await at('2027-03-06T10:00:00Z'); // 06/03: 4 days before
    expect(await runTaskReminders(env.ctx)).toEqual({ notified: 0, mailed: 0 });
  });

  it('due soon from three days before, once, even with two workers; the lead person, else the unit’s users', async () => {
    await at('2027-03-06T17:00:00Z'); // 07/03 00:00 in Vietnam
    const [a, b] = await Promise.all([runTaskReminders(env.ctx), runTaskReminders(env.ctx)]);
    // led: officer (bell + mail); unitTask: officer and colleague (bell; mail for the officer only); finished: officer (bell + mail).
    expect(a.notified + b.notified).toBe(4);
    expect(a.mailed + b.mailed).toBe(3);
    expect((await sent(led)).sort()).toEqual(['task.due_soon officer email', 'task.due_soon officer in_app']);
    expect((await sent(unitTask)).sort()).toEqual(['task.due_soon colleague in_app', 'task.due_soon officer email', 'task.due_soon officer in_app']);
    await at('2027-03-08T03:00:00Z');
    expect(await runTaskReminders(env.ctx)).toEqual({ notified: 0, mailed: 0 });
    const bell = await (await signedIn(env, users.officer!)).get('/api/notifications');
    const item = bell.body.items.find((n: { params: { title: string } }) => n.params.title === 'Rà soát hộ nghèo thôn Plei Ngol');
    expect(item).toMatchObject({ kind: 'task.due_soon', link: `/tasks/${led}`, params: { dueDate: '10/03/2027', unitName: expect.stringContaining('Ia Grai') } });
    const mail = await env.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'body']).where('kind', '=', 'task.due_soon').orderBy('id').execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual(['xa.iagrai@example.vn', 'xa.iagrai@example.vn', 'xa.iagrai@example.vn']);
    expect(mail[0]!.subject).toMatch(/^\[Trường Sơn\] Nhiệm vụ sắp đến hạn \(10\/03\/2027\): /);
  });

  it('on the due day once; none for a finished task; overdue once from the next day', async () => {
    // Finished before its due day: no more reminders.
    const officer = await signedIn(env, users.officer!);
    expect((await officer.patch(`/api/tasks/${finished}`, { status: 'done' })).status).toBe(200);
    await at('2027-03-09T17:00:00Z'); // 10/03 00:00
    await runTaskReminders(env.ctx);
    await runTaskReminders(env.ctx);
    expect((await sent(led)).sort()).toEqual(['task.due_soon officer email', 'task.due_soon officer in_app', 'task.due_today officer email', 'task.due_today officer in_app']);
    expect((await sent(unitTask)).filter((x) => x.startsWith('task.due_today')).sort()).toEqual(['task.due_today colleague email', 'task.due_today colleague in_app', 'task.due_today officer email', 'task.due_today officer in_app']);
    expect(await sent(finished)).toHaveLength(2);
    await at('2027-03-10T16:59:00Z'); // 10/03 23:59: still the due day
    expect(await runTaskReminders(env.ctx)).toEqual({ notified: 0, mailed: 0 });
    await at('2027-03-10T17:00:00Z'); // 11/03 00:00: overdue
    const [a, b] = await Promise.all([runTaskReminders(env.ctx), runTaskReminders(env.ctx)]);
    expect(a.notified + b.notified).toBe(3);
    await at('2027-03-20T02:00:00Z');
    expect(await runTaskReminders(env.ctx)).toEqual({ notified: 0, mailed: 0 });
    expect((await sent(led)).filter((x) => x.startsWith('task.overdue')).sort()).toEqual(['task.overdue officer email', 'task.overdue officer in_app']);
    expect(await sent(finished)).toHaveLength(2);
    // A new due day arms the reminders again (due soon for 23/03, as of 20/03).
    expect((await province.patch(`/api/tasks/${led}`, { dueDate: '2027-03-23' })).status).toBe(200);
    await runTaskReminders(env.ctx);
    expect((await sentRows(led)).filter((r) => r.period === '2027-03-23').map((r) => r.kind)).toEqual(['task.due_soon', 'task.due_soon']);
  });
});

describe('scores and the ranking of units', () => {
  it('scores per task and per unit by the rule, ranked; equal to the shared engine', async () => {
    await env.db.deleteFrom('task').execute();
    await at('2028-01-05T02:00:00Z');
    const mk = async (title: string, leadUnitId: string, dueDate: string) => {
      const res = await province.post('/api/tasks', { title, leadUnitId, startDate: '2028-01-01', dueDate });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const a1 = await mk('Xã A: đúng hạn, chất lượng 5', iaGrai, '2028-01-10');
    const a2 = await mk('Xã A: trễ 4 ngày, chất lượng 3', iaGrai, '2028-01-10');
    const b1 = await mk('Xã B: quá hạn 10 ngày, chưa xong', kbang, '2028-01-10');
    const b2 = await mk('Xã B: đúng hạn, chưa chấm', kbang, '2028-01-10');
    await mk('Tỉnh: chưa đến hạn', giaLai, '2028-03-31');
    const officer = await signedIn(env, users.officer!);
    const kb = await signedIn(env, users.kbang!);
    expect((await officer.patch(`/api/tasks/${a1}`, { status: 'done' })).status).toBe(200);
    expect((await kb.patch(`/api/tasks/${b2}`, { status: 'done' })).status).toBe(200);
    await at('2028-01-14T02:00:00Z');
    expect((await (await signedIn(env, users.officer!)).patch(`/api/tasks/${a2}`, { status: 'done' })).status).toBe(200);
    expect((await province.put(`/api/tasks/${a1}/quality`, { rating: 5 })).status).toBe(200);
    expect((await province.put(`/api/tasks/${a2}/quality`, { rating: 3 })).status).toBe(200);
    await at('2028-01-20T02:00:00Z');

    const list = (await province.get(`/api/tasks?unitId=${giaLai}`)).body.items as { id: string; status: 'done' | 'in_progress'; dueDate: string; completedDate: string | null; quality: number | null; score: number | null }[];
    const byId = new Map(list.map((t) => [t.id, t]));
    expect(byId.get(a1)!.score).toBe(100);
    expect(byId.get(a2)!.score).toBe(72); // 0,6 × 80 + 0,4 × 60
    expect(byId.get(b1)!.score).toBe(50); // open, 10 days late
    expect(byId.get(b2)!.score).toBe(100);
    for (const t of list) expect(t.score).toBe(taskScore({ status: t.status, dueDate: t.dueDate, completedDate: t.completedDate, quality: t.quality }, '2028-01-20', DEFAULT_SCORE_RULE));

    const scores = await province.get(`/api/task-scores?unitId=${giaLai}&from=2028-01-01&to=2028-12-31`);
    expect(scores.status, scores.text).toBe(200);
    expect(scores.body.items.map((r: { rank: number; unit: { id: string }; averageScore: number | null; tasks: number; done: number; onTime: number; late: number; overdueOpen: number }) => [r.rank, r.unit.id, r.averageScore, r.tasks, r.done, r.onTime, r.late, r.overdueOpen])).toEqual([
      [1, iaGrai, 86, 2, 2, 1, 1, 0],
      [2, kbang, 75, 2, 1, 1, 0, 1],
      [3, giaLai, null, 1, 0, 0, 0, 0],
    ]);
    expect(scores.body.items[0].averageQuality).toBe(4);
    // The commune sees its own unit's scores only (visibility); another province nothing; bad input refused.
    const own = await (await signedIn(env, users.kbang!)).get(`/api/task-scores?unitId=${kbang}&from=2028-01-01&to=2028-12-31`);
    expect(own.body.items.map((r: { unit: { id: string } }) => r.unit.id)).toEqual([kbang]);
    const qn = await signedIn(env, await makeUser(env, { username: 'tinh.qn', role: 'provincial_coordinator', unit: '51' }));
    expectError(await qn.get(`/api/task-scores?unitId=${giaLai}&from=2028-01-01&to=2028-12-31`), 404, 'not_found');
    expectError(await province.get(`/api/task-scores?unitId=${giaLai}&from=2028-13-01&to=2028-12-31`), 400, 'validation_failed');
  });

  it('the progress report (JSON) and its Excel file, opened again: the same tasks and numbers', async () => {
    const q = `unitId=${giaLai}&from=2028-01-01&to=2028-12-31`;
    const json = await province.get(`/api/task-reports/progress?${q}`);
    expect(json.status, json.text).toBe(200);
    const report = json.body;
    expect(report).toMatchObject({ title: 'Báo cáo tiến độ thực hiện nhiệm vụ', unit: { id: giaLai }, from: '2028-01-01', to: '2028-12-31', asOf: '2028-01-20' });
    expect(report.rows).toHaveLength(5);
    expect(report.totals).toMatchObject({ tasks: 5, done: 3, doneOnTime: 2, doneLate: 1, overdue: 1, notStarted: 2, averageScore: 80.5 });

    const res = await fetch(`${province.baseUrl}/api/task-reports/progress.xlsx?${q}`, { headers: { cookie: province.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('bao-cao-tien-do-nhiem-vu_52_2028-01-01_2028-12-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ');
    expect(ws.getCell('A3').value).toBe('Từ ngày 01/01/2028 đến ngày 31/12/2028');
    const header = 6;
    expect(ws.getRow(header).getCell(2).value).toBe('Nhiệm vụ');
    for (const [i, row] of (report.rows as { no: number; title: string; leadUnit: string; progress: number; lateDays: number; quality: number | null; score: number | null; dueDate: string; statusLabel: string }[]).entries()) {
      const r = ws.getRow(header + 1 + i);
      expect(r.getCell(1).value).toBe(row.no);
      expect(r.getCell(2).value).toBe(row.title);
      expect(r.getCell(3).value).toBe(row.leadUnit);
      expect(r.getCell(6).value).toBe(`${row.dueDate.slice(8, 10)}/${row.dueDate.slice(5, 7)}/${row.dueDate.slice(0, 4)}`);
      expect(r.getCell(7).value).toBe(row.statusLabel);
      expect(r.getCell(8).value).toBe(row.progress);
      expect(r.getCell(10).value).toBe(row.lateDays);
      expect(r.getCell(11).value ?? null).toBe(row.quality);
      expect(r.getCell(12).value ?? null).toBe(row.score);
    }
    const total = ws.getRow(header + 1 + report.rows.length);
    expect(total.getCell(12).value).toBe(report.totals.averageScore);
    expect(total.getCell(8).value).toBe(report.totals.averageProgress);
    expect(ws.getRow(header).getCell(1).font?.name).toBe('Times New Roman');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
    const audit = await env.db.selectFrom('audit_log').select('details').where('action', '=', 'task.report_exported').execute();
    expect(audit).toHaveLength(1);

    expectError(await env.client().get(`/api/task-reports/progress?${q}`), 401, 'unauthenticated');
    const qn = await signedIn(env, await makeUser(env, { username: 'tinh.qn2', role: 'provincial_coordinator', unit: '51' }));
    expectError(await qn.get(`/api/task-reports/progress.xlsx?${q}`), 404, 'not_found');
    expectError(await province.get(`/api/task-reports/progress?unitId=${giaLai}&from=2028-01-01`), 400, 'validation_failed');
  });
});
