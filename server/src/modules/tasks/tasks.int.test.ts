// Tasks over HTTP: every endpoint's happy path, 401 without a session, the wrong role or
// the wrong unit refused ("not found" for tasks one may not see), bad input answering a
// stable code with a Vietnamese message and leaving the data as it was; the views (mine,
// due soon, overdue, by unit, by program item, timeline window); plans, recurring rules,
// the quality rating, comments, attachments, sub-tasks; the score rule.
// The clock starts on 02/03/2026 09:00 Vietnam time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, upload } from '../catalog/catalog.test-support.ts';

let env: TestEnv;
let iaGrai: string;
let other: string;
let giaLai: string;
let quangNgai: string;
const users: Record<string, MadeUser> = {};
let province: TestClient;
let commune: TestClient;
let otherCommune: TestClient;
let qnProvince: TestClient;
let viewer: TestClient;
let central: TestClient;
let anonymous: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  iaGrai = await unitId(env.db, '23764');
  giaLai = await unitId(env.db, '52');
  quangNgai = await unitId(env.db, '51');
  const row = await env.db.selectFrom('org_unit').select(['id', 'code']).where('parent_id', '=', giaLai).where('kind', '=', 'commune').where('valid_to', 'is', null).where('id', '!=', iaGrai).orderBy('code').executeTakeFirstOrThrow();
  other = row.id;
  users.province = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52', displayName: 'Rơ Mah Hồng' });
  users.commune = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764', displayName: "Siu H'Nhi" });
  users.otherCommune = await makeUser(env, { username: 'xa.khac', role: 'commune_officer', unit: row.code });
  users.qnProvince = await makeUser(env, { username: 'tinh.quangngai', role: 'provincial_coordinator', unit: '51' });
  users.viewer = await makeUser(env, { username: 'xem.gialai', role: 'viewer', unit: '52' });
  users.central = await makeUser(env, { username: 'tw.nhiemvu', role: 'central_officer', unit: 'VN' });
  province = await signedIn(env, users.province);
  commune = await signedIn(env, users.commune);
  otherCommune = await signedIn(env, users.otherCommune);
  qnProvince = await signedIn(env, users.qnProvince);
  viewer = await signedIn(env, users.viewer);
  central = await signedIn(env, users.central);
  anonymous = env.client();
});
afterAll(async () => {
  await env?.close();
});

/** Moves the clock; sessions idle longer than 15 minutes expire, so everyone signs in again. */
async function moveClock(at: string): Promise<void> {
  env.clock.set(new Date(at));
  [province, commune, otherCommune, qnProvince, viewer, central] = await Promise.all(
    [users.province, users.commune, users.otherCommune, users.qnProvince, users.viewer, users.central].map((u) => signedIn(env, u!)),
  );
}

const base = () => ({
  title: 'Tổng hợp danh sách hộ thiếu đất sản xuất',
  leadUnitId: iaGrai,
  cooperatingUnitIds: [other],
  startDate: '2026-03-01',
  dueDate: '2026-03-04',
});
const taskCount = async () => Number((await env.db.selectFrom('task').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('tasks', () => {
  let taskId: string;

  it('refuses without a session (401), and creating without task.manage (403)', async () => {
    expectError(await anonymous.get('/api/tasks'), 401, 'unauthenticated');
    expectError(await anonymous.post('/api/tasks', base()), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/tasks/1'), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/task-plans'), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/task-scores?from=2026-01-01&to=2026-12-31'), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/task-reports/progress.xlsx?unitId=1&from=2026-01-01&to=2026-12-31'), 401, 'unauthenticated');
    expectError(await commune.post('/api/tasks', base()), 403, 'forbidden');
    expectError(await viewer.post('/api/tasks', base()), 403, 'forbidden');
    expect(await taskCount()).toBe(0);
  });

  it('refuses a unit outside the caller’s scope and bad input with a Vietnamese message; nothing is written', async () => {
    const outside = await qnProvince.post('/api/tasks', base());
    expectError(outside, 400, 'task_unit_outside_scope');
    expect(outside.body.error.message).toContain('nằm ngoài phạm vi giao nhiệm vụ');
    expect(outside.body.error.fields[0].path).toBe('body.leadUnitId');
    const dates = await province.post('/api/tasks', { ...base(), startDate: '2026-03-10', dueDate: '2026-03-04' });
    expectError(dates, 400, 'task_dates');
    expect(dates.body.error.message).toBe('Ngày bắt đầu (10/03/2026) phải trước hoặc trùng hạn hoàn thành (04/03/2026).');
    expectError(await province.post('/api/tasks', { ...base(), dueDate: '2026-02-30' }), 400, 'validation_failed');
    expectError(await province.post('/api/tasks', { ...base(), title: 'a' }), 400, 'validation_failed');
    expectError(await province.post('/api/tasks', { ...base(), leadUserId: users.province!.id }), 400, 'task_unknown_user');
    expectError(await province.post('/api/tasks', { ...base(), cooperatingUnitIds: [quangNgai] }), 400, 'task_unit_outside_scope');
    expectError(await province.post('/api/tasks', { ...base(), programItemId: '999999' }), 400, 'task_unknown_program_item');
    expect(await taskCount()).toBe(0);
  });

  it('a province assigns a task to a commune (NFD title normalised, audited)', async () => {
    const res = await province.post('/api/tasks', { ...base(), title: base().title.normalize('NFD'), leadUserId: users.commune!.id, deliverables: 'Danh sách hộ' });
    expect(res.status, res.text).toBe(201);
    taskId = res.body.id;
    expect(res.body).toMatchObject({
      title: base().title,
      leadUnit: { id: iaGrai },
      leadUser: { id: users.commune!.id, displayName: "Siu H'Nhi" },
      assigningUnit: { id: giaLai },
      cooperatingUnits: [{ id: other }],
      status: 'not_started',
      progress: 0,
      dueDate: '2026-03-04',
      overdue: false,
      score: null,
      abilities: { update: true, edit: true, rate: true },
    });
    const audit = await auditRows(env, 'task.created');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.unit_id).toBe(iaGrai);
  });

  it('shows the task to its lead and co-operating units and to the province; not to another province or unit', async () => {
    const own = await commune.get(`/api/tasks/${taskId}`);
    expect(own.status, own.text).toBe(200);
    expect(own.body.abilities).toEqual({ update: true, edit: false, rate: false });
    expect((await otherCommune.get(`/api/tasks/${taskId}`)).status).toBe(200);
    expectError(await qnProvince.get(`/api/tasks/${taskId}`), 404, 'not_found');
    expectError(await commune.get('/api/tasks/999999'), 404, 'not_found');
    expect((await qnProvince.get('/api/tasks')).body.total).toBe(0);
    expect((await commune.get('/api/tasks?view=mine')).body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);
    expect((await province.get('/api/tasks?view=mine')).body.total).toBe(0);
    expect((await province.get('/api/tasks')).body.total).toBe(1);
  });

  it('lists due soon within N days, then overdue as the clock moves (Vietnam days)', async () => {
    let soon = await commune.get('/api/tasks?view=due_soon&days=3');
    expect(soon.body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);
    expect(soon.body.today).toBe('2026-03-02');
    expect((await commune.get('/api/tasks?view=due_soon&days=1')).body.total).toBe(0);
    expect((await commune.get('/api/tasks?view=overdue')).body.total).toBe(0);
    expect((await commune.get('/api/tasks/counts?days=3')).body).toEqual({ mine: 1, dueSoon: 1, overdue: 0, days: 3 });
    // 04/03 23:59 Vietnam time: still due (today is the due day).
    await moveClock('2026-03-04T16:59:00Z');
    soon = await commune.get('/api/tasks?view=due_soon&days=3');
    expect(soon.body.total).toBe(1);
    // 05/03 00:00 Vietnam time: overdue by a day.
    await moveClock('2026-03-04T17:00:00Z');
    const overdue = await commune.get('/api/tasks?view=overdue');
    expect(overdue.body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, lateDays: 1, score: 95 });
    expect((await commune.get('/api/tasks?view=due_soon')).body.total).toBe(0);
    expectError(await commune.get('/api/tasks?view=late'), 400, 'validation_failed');
  });

  it('the lead unit updates status and progress but not the other fields; a stale version is a conflict', async () => {
    const res = await commune.patch(`/api/tasks/${taskId}`, { status: 'in_progress', progress: 40, version: 1 });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_progress', progress: 40, version: 2 });
    const refused = await commune.patch(`/api/tasks/${taskId}`, { title: 'Đổi tên nhiệm vụ', progress: 50 });
    expectError(refused, 403, 'task_fields_forbidden');
    expect(refused.body.error.message).toContain('title');
    const stale = await commune.patch(`/api/tasks/${taskId}`, { progress: 60, version: 1 });
    expectError(stale, 409, 'task_conflict');
    expect(stale.body.error.message).toContain('vừa được người khác cập nhật');
    const now = (await commune.get(`/api/tasks/${taskId}`)).body;
    expect(now).toMatchObject({ title: base().title, progress: 40, version: 2 });
    expectError(await qnProvince.patch(`/api/tasks/${taskId}`, { progress: 90 }), 404, 'not_found');
    expectError(await commune.patch(`/api/tasks/${taskId}`, { progress: 140 }), 400, 'validation_failed');
    // The province moves the due day; an impossible start stays refused.
    const moved = await province.patch(`/api/tasks/${taskId}`, { dueDate: '2026-03-12' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ dueDate: '2026-03-12', overdue: false });
    expectError(await province.patch(`/api/tasks/${taskId}`, { startDate: '2026-03-20' }), 400, 'task_dates');
  });

  it('comments, attachments (stored and read back) and sub-tasks', async () => {
    const c = await otherCommune.post(`/api/tasks/${taskId}/comments`, { body: 'Xã phối hợp đã gửi danh sách thôn.' });
    expect(c.status, c.text).toBe(201);
    expect(c.body.comments).toEqual([expect.objectContaining({ body: 'Xã phối hợp đã gửi danh sách thôn.', author: expect.objectContaining({ id: users.otherCommune!.id }) })]);
    expectError(await otherCommune.post(`/api/tasks/${taskId}/comments`, { body: '   ' }), 400, 'validation_failed');
    expectError(await qnProvince.post(`/api/tasks/${taskId}/comments`, { body: 'Xin chào' }), 404, 'not_found');

    const content = 'STT;Hộ\n1;Rơ Châm Thương\n';
    const up = await upload(commune, `/api/tasks/${taskId}/attachments`, 'danh-sách-hộ.csv', content, 'text/csv');
    expect(up.status, up.text).toBe(201);
    const att = up.body.attachments[0];
    expect(att).toMatchObject({ fileName: 'danh-sách-hộ.csv', contentType: 'text/csv; charset=utf-8', size: Buffer.byteLength(content) });
    const down = await province.get(`/api/tasks/${taskId}/attachments/${att.id}`);
    expect(down.status).toBe(200);
    expect(down.text).toBe(content);
    expect(down.headers.get('content-disposition')).toContain("filename*=UTF-8''danh-s%C3%A1ch-h%E1%BB%99.csv");
    expectError(await qnProvince.get(`/api/tasks/${taskId}/attachments/${att.id}`), 404, 'not_found');
    expectError(await anonymous.get(`/api/tasks/${taskId}/attachments/${att.id}`), 401, 'unauthenticated');
    expectError(await otherCommune.delete(`/api/tasks/${taskId}/attachments/${att.id}`), 403, 'forbidden');
    expectError(await commune.request('POST', `/api/tasks/${taskId}/attachments`, { file: 'x' }), 400, 'invalid_file');
    const removed = await commune.delete(`/api/tasks/${taskId}/attachments/${att.id}`);
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.attachments).toEqual([]);
    expect(await auditRows(env, 'task.attachment_deleted')).toHaveLength(1);

    const sub = await province.post('/api/tasks', { ...base(), title: 'Rà soát thôn Plei Ngol', parentId: taskId, cooperatingUnitIds: [], startDate: '2026-03-05', dueDate: '2026-03-10' });
    expect(sub.status, sub.text).toBe(201);
    expect(sub.body.parent).toEqual({ id: taskId, title: base().title });
    const parent = (await commune.get(`/api/tasks/${taskId}`)).body;
    expect(parent.subtasks.map((s: { title: string }) => s.title)).toEqual(['Rà soát thôn Plei Ngol']);
    expect(parent.subtaskCount).toBe(1);
    expectError(await province.post('/api/tasks', { ...base(), parentId: '999999' }), 400, 'task_bad_parent');
    expectError(await province.patch(`/api/tasks/${taskId}`, { parentId: sub.body.id } as never), 400, 'validation_failed');
    expect((await commune.get('/api/tasks?topLevel=true')).body.total).toBe(1);
  });

  it('done stamps the Vietnam day; the assigning unit rates quality (not the lead unit, not before done)', async () => {
    expectError(await province.put(`/api/tasks/${taskId}/quality`, { rating: 4 }), 409, 'task_not_done');
    await moveClock('2026-03-13T18:30:00Z'); // 14/03 01:30 in Vietnam: two days late
    const done = await commune.patch(`/api/tasks/${taskId}`, { status: 'done' });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', progress: 100, completedDate: '2026-03-14', lateDays: 2, score: 90 });
    expectError(await commune.put(`/api/tasks/${taskId}/quality`, { rating: 5 }), 403, 'forbidden');
    expectError(await province.put(`/api/tasks/${taskId}/quality`, { rating: 6 }), 400, 'validation_failed');
    const rated = await province.put(`/api/tasks/${taskId}/quality`, { rating: 4, note: 'Đầy đủ, đúng mẫu' });
    expect(rated.status, rated.text).toBe(200);
    // 0,6 × 90 + 0,4 × 80 = 86
    expect(rated.body).toMatchObject({ quality: 4, qualityNote: 'Đầy đủ, đúng mẫu', score: 86, ratedBy: { id: users.province!.id } });
    expect(await auditRows(env, 'task.rated')).toHaveLength(1);
    // Reopened: no completion day.
    const reopened = await commune.patch(`/api/tasks/${taskId}`, { status: 'in_progress', progress: 90 });
    expect(reopened.body).toMatchObject({ status: 'in_progress', completedDate: null, progress: 90 });
    await commune.patch(`/api/tasks/${taskId}`, { status: 'done' });
  });

  it('filters by unit subtree, program item (with the items below) and the timeline window', async () => {
    const da4 = await env.db.selectFrom('program_item').select(['id', 'code']).where('code', '=', 'DA4').executeTakeFirstOrThrow();
    const child = await env.db.selectFrom('program_item').select('id').where('parent_id', '=', da4.id).executeTakeFirstOrThrow();
    const made = await province.post('/api/tasks', { ...base(), title: 'Khởi công đường giao thông thôn', leadUnitId: other, cooperatingUnitIds: [], programItemId: child.id, startDate: '2026-05-01', dueDate: '2026-09-30' });
    expect(made.status, made.text).toBe(201);
    expect(made.body.programItem.id).toBe(child.id);
    const byProject = await province.get(`/api/tasks?programItemId=${da4.id}`);
    expect(byProject.body.items.map((t: { title: string }) => t.title)).toEqual(['Khởi công đường giao thông thôn']);
    expect((await province.get(`/api/tasks?unitId=${other}`)).body.total).toBe(1);
    expect((await province.get(`/api/tasks?unitId=${giaLai}`)).body.total).toBe(3);
    expect((await province.get('/api/tasks?from=2026-06-01&to=2026-06-30')).body.items.map((t: { title: string }) => t.title)).toEqual(['Khởi công đường giao thông thôn']);
    expect((await province.get('/api/tasks?q=duong giao thong')).body.total).toBe(1);
    // The co-operating commune of the first task does not see this one through Ia Grai's tasks.
    expect((await commune.get(`/api/tasks?programItemId=${da4.id}`)).body.total).toBe(0);
  });

  it('plans: created within the scope, visible to the units below, refused elsewhere', async () => {
    expectError(await commune.post('/api/task-plans', { name: 'Kế hoạch xã', unitId: iaGrai, year: 2026 }), 403, 'forbidden');
    expectError(await qnProvince.post('/api/task-plans', { name: 'Kế hoạch Gia Lai', unitId: giaLai, year: 2026 }), 400, 'task_unit_outside_scope');
    expectError(await province.post('/api/task-plans', { name: 'K', unitId: giaLai }), 400, 'validation_failed');
    const res = await province.post('/api/task-plans', { name: 'Kế hoạch thực hiện Chương trình 1719 năm 2026', unitId: giaLai, year: 2026 });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ unit: { id: giaLai }, year: 2026, taskCount: 0, canEdit: true });
    const planId = res.body.id;
    expect((await commune.get('/api/task-plans')).body.items).toEqual([expect.objectContaining({ id: planId, canEdit: false })]);
    expect((await qnProvince.get('/api/task-plans')).body.items).toEqual([]);
    expectError(await commune.patch(`/api/task-plans/${planId}`, { name: 'Đổi tên' }), 403, 'forbidden');
    expectError(await qnProvince.patch(`/api/task-plans/${planId}`, { name: 'Đổi tên' }), 404, 'not_found');
    const renamed = await province.patch(`/api/task-plans/${planId}`, { name: 'Kế hoạch năm 2026 (điều chỉnh)' });
    expect(renamed.body.name).toBe('Kế hoạch năm 2026 (điều chỉnh)');
    const t = await province.patch(`/api/tasks/${taskId}`, { planId });
    expect(t.body.plan).toEqual({ id: planId, name: 'Kế hoạch năm 2026 (điều chỉnh)' });
    expect((await province.get(`/api/tasks?planId=${planId}`)).body.total).toBe(1);
    expectError(await qnProvince.post('/api/tasks', { ...base(), leadUnitId: quangNgai, cooperatingUnitIds: [], planId }), 400, 'task_unknown_plan');
  });

  it('recurring rules: created and listed, bad rules refused, switched off by the assigning unit only', async () => {
    const body = { title: 'Báo cáo kết quả thực hiện Chương trình năm', leadUnitId: iaGrai, frequency: 'yearly', dueMonth: 12, dueDay: 15, leadDays: 30, startsOn: '2026-01-01' };
    expectError(await anonymous.post('/api/task-recurrences', body), 401, 'unauthenticated');
    expectError(await commune.post('/api/task-recurrences', body), 403, 'forbidden');
    expectError(await qnProvince.post('/api/task-recurrences', body), 400, 'task_unit_outside_scope');
    const bad = await province.post('/api/task-recurrences', { ...body, dueDay: null });
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.fields[0].path).toBe('body.dueDay');
    expectError(await province.post('/api/task-recurrences', { ...body, frequency: 'quarterly', dueDay: undefined, dueMonth: undefined }), 400, 'validation_failed');
    expect(await env.db.selectFrom('task_recurrence').select('id').execute()).toEqual([]);
    const res = await province.post('/api/task-recurrences', body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ frequency: 'yearly', dueMonth: 12, dueDay: 15, daysAfter: null, active: true, generated: 0, canEdit: true });
    expect((await commune.get('/api/task-recurrences')).body.items).toEqual([expect.objectContaining({ id: res.body.id, canEdit: false })]);
    expect((await qnProvince.get('/api/task-recurrences')).body.items).toEqual([]);
    expectError(await commune.patch(`/api/task-recurrences/${res.body.id}`, { active: false }), 403, 'forbidden');
    expectError(await qnProvince.patch(`/api/task-recurrences/${res.body.id}`, { active: false }), 404, 'not_found');
    const off = await province.patch(`/api/task-recurrences/${res.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
  });

  it('the lead person picker lists the unit’s active users, within the scope', async () => {
    const res = await province.get(`/api/tasks/assignees?unitId=${iaGrai}`);
    expect(res.body.items).toEqual([{ id: users.commune!.id, displayName: "Siu H'Nhi" }]);
    expectError(await qnProvince.get(`/api/tasks/assignees?unitId=${iaGrai}`), 404, 'not_found');
    expectError(await commune.get(`/api/tasks/assignees?unitId=${iaGrai}`), 403, 'forbidden');
  });

  it('the score rule: read by all, changed by national task managers only, bad rules refused', async () => {
    const rule = await commune.get('/api/task-score-rule');
    expect(rule.body).toMatchObject({ onTimePoints: 100, latePenaltyPerDay: 5, lateFloor: 20, timelinessWeight: 0.6, qualityWeight: 0.4, canEdit: false });
    const next = { onTimePoints: 100, latePenaltyPerDay: 10, lateFloor: 0, timelinessWeight: 0.5, qualityWeight: 0.5 };
    expectError(await anonymous.put('/api/task-score-rule', next), 401, 'unauthenticated');
    expectError(await province.put('/api/task-score-rule', next), 403, 'forbidden');
    expectError(await central.put('/api/task-score-rule', { ...next, timelinessWeight: 0, qualityWeight: 0 }), 400, 'validation_failed');
    expect((await central.get('/api/task-score-rule')).body.latePenaltyPerDay).toBe(5);
    const ok = await central.put('/api/task-score-rule', next);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ ...next, canEdit: true });
    // Two days late → 80 timeliness; quality 4 → 80: (0,5 × 80 + 0,5 × 80) = 80.
    expect((await province.get(`/api/tasks/${taskId}`)).body.score).toBe(80);
    expect(await auditRows(env, 'task_score_rule.updated')).toHaveLength(1);
    await central.put('/api/task-score-rule', { onTimePoints: 100, latePenaltyPerDay: 5, lateFloor: 20, timelinessWeight: 0.6, qualityWeight: 0.4 });
  });

  it('deleting: the assigning unit only; sub-tasks go with the task', async () => {
    expectError(await commune.delete(`/api/tasks/${taskId}`), 403, 'forbidden');
    expectError(await qnProvince.delete(`/api/tasks/${taskId}`), 404, 'not_found');
    expectError(await anonymous.delete(`/api/tasks/${taskId}`), 401, 'unauthenticated');
    const before = await taskCount();
    expect((await province.delete(`/api/tasks/${taskId}`)).status).toBe(204);
    expect(await taskCount()).toBe(before - 2);
    expect((await auditRows(env, 'task.deleted'))[0]!.details).toMatchObject({ subtasksDeleted: [expect.any(String)] });
    expectError(await province.get(`/api/tasks/${taskId}`), 404, 'not_found');
  });

  it('documents every task route in the OpenAPI description, in Vietnamese', async () => {
    const res = await anonymous.get('/api/docs/json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { summary?: string; tags?: string[] }>>;
    const expected: [string, string][] = [
      ['/api/tasks', 'get'],
      ['/api/tasks', 'post'],
      ['/api/tasks/counts', 'get'],
      ['/api/tasks/assignees', 'get'],
      ['/api/tasks/{id}', 'get'],
      ['/api/tasks/{id}', 'patch'],
      ['/api/tasks/{id}', 'delete'],
      ['/api/tasks/{id}/quality', 'put'],
      ['/api/tasks/{id}/comments', 'post'],
      ['/api/tasks/{id}/attachments', 'post'],
      ['/api/tasks/{id}/attachments/{attachmentId}', 'get'],
      ['/api/tasks/{id}/attachments/{attachmentId}', 'delete'],
      ['/api/task-plans', 'get'],
      ['/api/task-plans', 'post'],
      ['/api/task-plans/{id}', 'patch'],
      ['/api/task-recurrences', 'get'],
      ['/api/task-recurrences', 'post'],
      ['/api/task-recurrences/{id}', 'patch'],
      ['/api/task-scores', 'get'],
      ['/api/task-score-rule', 'get'],
      ['/api/task-score-rule', 'put'],
      ['/api/task-reports/progress', 'get'],
      ['/api/task-reports/progress.xlsx', 'get'],
    ];
    for (const [path, method] of expected) {
      const op = paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op!.tags).toEqual(['tasks']);
      expect(op!.summary).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỷỹ]/i);
    }
  });
});
