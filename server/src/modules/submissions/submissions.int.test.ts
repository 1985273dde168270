// Submission and approval over HTTP: the state machine (every legal move, illegal ones
// refused with a clear error), validation before submission, frozen cells, cell
// comments on a return, notifications, scope and own-level rules, the
// approve-before-children flag, and two reviewers acting at once (exactly one wins).
// The harness clock is 2026-03-02T02:00Z: BM01 (quarterly, communes) has 2026Q1 open,
// 2025Q4 locked and 2026Q2 not started; BM02 (6-monthly, provinces) has 2026S1 open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, unitId, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { auditRows, expectError, signIn } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';

let env: TestEnv;
let forms: Awaited<ReturnType<typeof formIds>>;
let iaGrai: string;
let kbang: string;
let giaLai: string;
let officer: TestClient;
let kbangOfficer: TestClient;
let province: TestClient;
let province2: TestClient;
let quangNgai: TestClient;
let central: TestClient;
let anonymous: TestClient;

const OPEN = '2026Q1';
type Cell = { dataElementId: string; cocId: string; code: string; coc: string };

/** Every cell of a form with its element and option-combination codes. */
async function cellsOf(formId: string): Promise<Cell[]> {
  return env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
    .select(['de.id as dataElementId', 'oc.id as cocId', 'de.code as code', 'oc.code as coc'])
    .where('fe.form_id', '=', formId)
    .execute();
}

const VALID: Record<string, string> = { HH_TOTAL: '500', HH_DTTS: '420', CAPITAL_ALLOCATED: '1.500', CAPITAL_DISBURSED: '1.200,5' };

/** Fills the required elements of a form with values that pass its rules. */
async function fillRequired(c: TestClient, formId: string, unit: string, period: string, over: Record<string, string> = {}) {
  for (const cell of await cellsOf(formId)) {
    const value = over[cell.code] ?? VALID[cell.code];
    if (value === undefined) continue;
    const res = await c.put('/api/data-values', { formId, unitId: unit, period, dataElementId: cell.dataElementId, cocId: cell.cocId, value });
    expect(res.status, res.text).toBe(200);
  }
}

const key = (over: Record<string, unknown> = {}) => ({ formId: forms.BM01_XA_QUY, unitId: iaGrai, period: OPEN, ...over });
const statusUrl = (k = key()) => `/api/submissions/status?formId=${k.formId}&unitId=${k.unitId}&period=${k.period}`;

beforeAll(async () => {
  env = await createTestEnv();
  forms = await formIds(env);
  iaGrai = await unitId(env.db, '23764');
  giaLai = await unitId(env.db, '52');
  const other = await env.db
    .selectFrom('org_unit')
    .select('id')
    .where('parent_id', '=', giaLai)
    .where('kind', '=', 'commune')
    .where('id', '!=', iaGrai)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  kbang = other.id;
  officer = await signIn(env, 'xa.iagrai', 'commune_officer', '23764');
  const kbangUser = await env.db.selectFrom('org_unit').select('code').where('id', '=', kbang).executeTakeFirstOrThrow();
  kbangOfficer = await signIn(env, 'xa.khac', 'commune_officer', kbangUser.code);
  province = await signIn(env, 'tinh.gialai', 'provincial_coordinator', '52');
  province2 = await signIn(env, 'tinh.gialai2', 'provincial_coordinator', '52');
  quangNgai = await signIn(env, 'tinh.quangngai', 'provincial_coordinator', '51');
  central = await signIn(env, 'trunguong', 'central_officer', 'VN');
  anonymous = env.client();
});
afterAll(async () => env?.close());

describe('a commune report from draft to approved', () => {
  it('starts as a draft the officer may submit, and requires login', async () => {
    const res = await officer.get(statusUrl());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'draft', version: 0, submittedAt: null, events: [], questionedCells: [], children: null });
    expect(res.body.abilities).toEqual({ submit: true, recall: false, approve: false, return: false, unapprove: false });
    expectError(await anonymous.get(statusUrl()), 401, 'unauthenticated');
    expectError(await anonymous.post('/api/submissions/submit', key()), 401, 'unauthenticated');
  });

  it('refuses submission while required cells are empty or a rule fails, naming the cells', async () => {
    const empty = await officer.post('/api/submissions/submit', key());
    expectError(empty, 422, 'submission_invalid');
    const required = empty.body.error.details.violations.filter((v: { ruleCode: string }) => v.ruleCode === 'required');
    expect(required.length).toBe(4);
    expect(required[0].message).toMatch(/bắt buộc nhập/);

    await fillRequired(officer, forms.BM01_XA_QUY, iaGrai, OPEN, { HH_DTTS: '600' });
    const check = await officer.get(`/api/submissions/validation?formId=${forms.BM01_XA_QUY}&unitId=${iaGrai}&period=${OPEN}`);
    expect(check.status, check.text).toBe(200);
    const rule = check.body.violations.find((v: { ruleCode: string }) => v.ruleCode === 'HO_DTTS_LE_TONG_HO');
    expect(rule.message).toBe('Số hộ dân tộc thiểu số lớn hơn tổng số hộ.');
    expect(rule.left).toBeGreaterThan(rule.right);
    expect(rule.cells.length).toBeGreaterThanOrEqual(2);
    expectError(await officer.post('/api/submissions/submit', key()), 422, 'submission_invalid');
    expect((await officer.get(statusUrl())).body.state).toBe('draft');
  });

  it('submits once valid: on time, cells frozen, the province reviewers told', async () => {
    await fillRequired(officer, forms.BM01_XA_QUY, iaGrai, OPEN);
    const res = await officer.post('/api/submissions/submit', key({ version: 0, comment: 'Gửi báo cáo quý I' }));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'submitted', version: 1, onTime: true, submittedBy: { username: 'xa.iagrai' } });
    expect(res.body.events[0]).toMatchObject({ action: 'submit', fromState: 'draft', toState: 'submitted', comment: 'Gửi báo cáo quý I' });

    const cell = (await cellsOf(forms.BM01_XA_QUY)).find((c) => c.code === 'HH_TOTAL')!;
    const save = await officer.put('/api/data-values', { ...key(), dataElementId: cell.dataElementId, cocId: cell.cocId, value: '501' });
    expectError(save, 409, 'submission_locked');
    expect(save.body.error.message).toMatch(/chờ duyệt/);
    const read = await officer.get(`/api/data-values?formId=${forms.BM01_XA_QUY}&unitId=${iaGrai}&period=${OPEN}`);
    expect(read.body).toMatchObject({ canEdit: false, submission: { state: 'submitted', version: 1 } });

    for (const reviewer of [province, province2]) {
      const n = await reviewer.get('/api/notifications');
      expect(n.status, n.text).toBe(200);
      expect(n.body.unread).toBe(1);
      expect(n.body.items[0]).toMatchObject({ kind: 'submission.submit', params: { formCode: 'BM01_XA_QUY', period: OPEN, unitName: 'Ia Grai' }, readAt: null });
      expect(n.body.items[0].link).toContain(`unit=${iaGrai}`);
    }
    expect((await central.get('/api/notifications')).body.unread).toBe(0);
    expect((await officer.get('/api/notifications')).body.unread).toBe(0);
  });

  it('lets only reviewers above act: the officer, another province and a stale version are refused', async () => {
    expectError(await officer.post('/api/submissions/approve', key()), 403, 'forbidden');
    expectError(await quangNgai.post('/api/submissions/approve', key()), 404, 'not_found');
    expectError(await quangNgai.get(statusUrl()), 404, 'not_found');
    expectError(await kbangOfficer.get(statusUrl()), 404, 'not_found');
    expectError(await province.post('/api/submissions/approve', key({ version: 0 })), 409, 'submission_conflict');
    expectError(await officer.post('/api/submissions/submit', key()), 409, 'submission_transition');
    expectError(await province.post('/api/submissions/unapprove', key({ reason: 'x' })), 403, 'forbidden');
  });

  it('returns with a comment on a questioned cell; the officer is told, edits and resubmits', async () => {
    const cell = (await cellsOf(forms.BM01_XA_QUY)).find((c) => c.code === 'CAPITAL_DISBURSED')!;
    expectError(await province.post('/api/submissions/return', key({ comment: '' })), 400, 'validation_failed');
    const offForm = await env.db.selectFrom('data_element').select('id').where('code', '=', 'INCOME_DTTS').executeTakeFirstOrThrow();
    expectError(
      await province.post('/api/submissions/return', key({ comment: 'Xem lại', cells: [{ dataElementId: offForm.id, cocId: cell.cocId, comment: 'x' }] })),
      400,
      'element_not_in_form',
    );
    const res = await province.post(
      '/api/submissions/return',
      key({ version: 1, comment: 'Đề nghị xã kiểm tra lại số giải ngân.', cells: [{ dataElementId: cell.dataElementId, cocId: cell.cocId, comment: 'Giải ngân cao bất thường so với quý trước' }] }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'returned', version: 2, decidedBy: { username: 'tinh.gialai' } });
    expect(res.body.questionedCells).toEqual([
      expect.objectContaining({ dataElementId: cell.dataElementId, cocId: cell.cocId, comment: 'Giải ngân cao bất thường so với quý trước', by: expect.objectContaining({ username: 'tinh.gialai' }) }),
    ]);
    expect(res.body.events[0]).toMatchObject({ action: 'return', comment: 'Đề nghị xã kiểm tra lại số giải ngân.', cells: [expect.objectContaining({ cocId: cell.cocId })] });

    const n = await officer.get('/api/notifications?unread=true');
    expect(n.body.items[0]).toMatchObject({ kind: 'submission.return', params: { comment: 'Đề nghị xã kiểm tra lại số giải ngân.', cells: '1', actor: expect.any(String) } });

    const fix = await officer.put('/api/data-values', { ...key(), dataElementId: cell.dataElementId, cocId: cell.cocId, value: '1.000' });
    expect(fix.status, fix.text).toBe(200);
    const again = await officer.post('/api/submissions/submit', key({ version: 2 }));
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ state: 'submitted', version: 3, onTime: true });
    expect(again.body.questionedCells).toHaveLength(1);
  });

  it('approves: cells stay frozen, questions are resolved, the officer cannot recall', async () => {
    const res = await province.post('/api/submissions/approve', key({ version: 3, comment: 'Đồng ý' }));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'approved', version: 4, questionedCells: [] });
    expect(res.body.events.map((e: { action: string }) => e.action)).toEqual(['approve', 'submit', 'return', 'submit']);
    expectError(await officer.post('/api/submissions/recall', key()), 409, 'submission_transition');
    const cell = (await cellsOf(forms.BM01_XA_QUY)).find((c) => c.code === 'HH_TOTAL')!;
    expectError(await officer.put('/api/data-values', { ...key(), dataElementId: cell.dataElementId, cocId: cell.cocId, value: '9' }), 409, 'submission_locked');
    const audit = await auditRows(env, 'submission.approve');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_username: 'tinh.gialai' });
  });

  it('unapproves only with the permission and a reason, back to review', async () => {
    expectError(await central.post('/api/submissions/unapprove', key({ reason: '' })), 400, 'validation_failed');
    const res = await central.post('/api/submissions/unapprove', key({ reason: 'Cần điều chỉnh theo số liệu rà soát' }));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'submitted', version: 5 });
    expect(res.body.events[0]).toMatchObject({ action: 'unapprove', comment: 'Cần điều chỉnh theo số liệu rà soát' });
    expect((await province.post('/api/submissions/approve', key())).status).toBe(200);
  });
});

describe('recall, period rules and bad input', () => {
  it('lets the officer recall a report not yet reviewed', async () => {
    const k = { formId: forms.BM01_XA_QUY, unitId: kbang, period: OPEN };
    await fillRequired(kbangOfficer, forms.BM01_XA_QUY, kbang, OPEN);
    expect((await kbangOfficer.post('/api/submissions/submit', k)).status).toBe(200);
    const res = await kbangOfficer.post('/api/submissions/recall', k);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ state: 'draft', version: 2, submittedAt: null, onTime: true });
    expectError(await kbangOfficer.post('/api/submissions/recall', k), 409, 'submission_transition');
  });

  it('treats a replayed submit (same clientChangeId) as a no-op answering the current state', async () => {
    const k = { formId: forms.BM01_XA_QUY, unitId: kbang, period: OPEN };
    const eventCount = async () =>
      (await env.db.selectFrom('submission_event as e').innerJoin('submission as s', 's.id', 'e.submission_id').select('e.id').where('s.unit_id', '=', kbang).where('s.period', '=', OPEN).execute()).length;
    const clientChangeId = 'offline-submit-0001';
    const first = await kbangOfficer.post('/api/submissions/submit', { ...k, version: 2, clientChangeId });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ state: 'submitted', version: 3 });
    const events = await eventCount();
    const audits = (await auditRows(env, 'submission.submit')).length;

    // The queue replays the same submit, even with the version it was queued with.
    const replay = await kbangOfficer.post('/api/submissions/submit', { ...k, version: 2, clientChangeId });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body).toMatchObject({ state: 'submitted', version: 3 });
    expect(await eventCount()).toBe(events);
    expect((await auditRows(env, 'submission.submit')).length).toBe(audits);
    const stored = await env.db.selectFrom('submission_event').select('action').where('client_change_id', '=', clientChangeId).execute();
    expect(stored).toEqual([{ action: 'submit' }]);

    // Recalled meanwhile: a late replay still changes nothing and shows the draft.
    expect((await kbangOfficer.post('/api/submissions/recall', k)).status).toBe(200);
    const late = await kbangOfficer.post('/api/submissions/submit', { ...k, clientChangeId });
    expect(late.status, late.text).toBe(200);
    expect(late.body).toMatchObject({ state: 'draft', version: 4 });
    expect(await eventCount()).toBe(events + 1);

    // The same id on another report is a client bug; a too-short id is bad input.
    expectError(await officer.post('/api/submissions/submit', { ...key(), clientChangeId }), 409, 'client_change_conflict');
    expectError(await kbangOfficer.post('/api/submissions/submit', { ...k, clientChangeId: 'short' }), 400, 'validation_failed');
  });

  it('refuses locked and future periods, wrong period types and unknown forms', async () => {
    expectError(await officer.post('/api/submissions/submit', key({ period: '2025Q4' })), 409, 'period_locked');
    expectError(await officer.post('/api/submissions/submit', key({ period: '2026Q2' })), 409, 'period_future');
    expectError(await officer.post('/api/submissions/submit', key({ period: '2026S1' })), 400, 'invalid_period');
    expectError(await officer.post('/api/submissions/submit', key({ formId: '999999' })), 404, 'not_found');
    expectError(await officer.post('/api/submissions/submit', { ...key(), extra: 1 }), 400, 'validation_failed');
    expectError(await officer.post('/api/submissions/return', key({ comment: 'x', cells: [{ dataElementId: 'abc', cocId: '1', comment: 'y' }] })), 400, 'validation_failed');
  });
});

describe('two reviewers at once', () => {
  it('exactly one of a concurrent approve and return happens; the other gets a conflict', async () => {
    const k = { formId: forms.BM01_XA_QUY, unitId: kbang, period: OPEN };
    for (let round = 0; round < 5; round++) {
      const sub = await kbangOfficer.post('/api/submissions/submit', k);
      expect(sub.status, sub.text).toBe(200);
      const version = sub.body.version;
      const [a, b] = await Promise.all([
        province.post('/api/submissions/approve', { ...k, version }),
        province2.post('/api/submissions/return', { ...k, version, comment: 'Trả lại để sửa' }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses, `${a.text} ${b.text}`).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(['submission_conflict', 'submission_transition']).toContain(loser.body.error.code);
      const after = await province.get(`/api/submissions/status?formId=${k.formId}&unitId=${kbang}&period=${OPEN}`);
      expect(after.body.version).toBe(version + 1);
      const events = await env.db.selectFrom('submission_event').select('id').where('submission_id', '=', (eb) => eb.selectFrom('submission').select('id').where('unit_id', '=', kbang).where('period', '=', OPEN).where('form_id', '=', k.formId)).execute();
      expect(events.length).toBe(version + 1);
      if (after.body.state === 'approved') expect((await central.post('/api/submissions/unapprove', { ...k, reason: 'Kiểm thử đồng thời' })).status).toBe(200);
      if (after.body.state === 'submitted' || after.body.state === 'approved') {
        const ret = await province.post('/api/submissions/return', { ...k, comment: 'Trả lại' });
        expect(ret.status, ret.text).toBe(200);
      }
    }
  });
});

describe('provincial reports and the level above', () => {
  const bm02 = () => ({ formId: forms.BM02_TINH_6T, unitId: giaLai, period: '2026S1' });

  it('a province cannot approve its own report; the centre does', async () => {
    await fillRequired(province, forms.BM02_TINH_6T, giaLai, '2026S1');
    const sub = await province.post('/api/submissions/submit', bm02());
    expect(sub.status, sub.text).toBe(200);
    expect((await central.get('/api/notifications')).body.items[0]).toMatchObject({ kind: 'submission.submit', params: { formCode: 'BM02_TINH_6T' } });
    expectError(await province2.post('/api/submissions/approve', bm02()), 403, 'own_level_approval');
    const ok = await central.post('/api/submissions/approve', bm02());
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.state).toBe('approved');
  });

  it('lists the units below with their states for a reviewer', async () => {
    const res = await province.get(`/api/submissions?formId=${forms.BM01_XA_QUY}&period=${OPEN}`);
    expect(res.status, res.text).toBe(200);
    const communes = await env.db.selectFrom('org_unit').select((eb) => eb.fn.countAll<string>().as('n')).where('parent_id', '=', giaLai).where('valid_to', 'is', null).executeTakeFirstOrThrow();
    expect(res.body.items).toHaveLength(Number(communes.n));
    expect(res.body.items.find((i: { unitId: string }) => i.unitId === iaGrai)).toMatchObject({ state: 'approved', onTime: true, unitName: 'Ia Grai' });
    expect(res.body.counts.approved).toBe(1);
    const submitted = await province.get(`/api/submissions?formId=${forms.BM01_XA_QUY}&period=${OPEN}&state=approved`);
    expect(submitted.body.items).toHaveLength(1);
    const summary = await province.get(`/api/submissions?formId=${forms.BM01_XA_QUY}&period=${OPEN}&summary=true`);
    expect(summary.body).toEqual({ items: [], counts: res.body.counts });
    expectError(await quangNgai.get(`/api/submissions?formId=${forms.BM01_XA_QUY}&period=${OPEN}&parentId=${giaLai}`), 404, 'not_found');
    expectError(await anonymous.get(`/api/submissions?formId=${forms.BM01_XA_QUY}&period=${OPEN}`), 401, 'unauthenticated');
    expectError(await province.get(`/api/submissions?formId=${forms.BM01_XA_QUY}&period=2026-01`), 400, 'invalid_period');
  });

  it('holds a province report until its communes are approved, unless the form allows it', async () => {
    const assign = await central.put(`/api/forms/${forms.BM01_XA_QUY}/assignments`, { assignments: [{ mode: 'level', unitKind: 'commune' }, { mode: 'level', unitKind: 'province' }] });
    expect(assign.status, assign.text).toBe(200);
    const k = { formId: forms.BM01_XA_QUY, unitId: giaLai, period: OPEN };
    await fillRequired(province, forms.BM01_XA_QUY, giaLai, OPEN);
    const status = await province.get(`/api/submissions/status?formId=${k.formId}&unitId=${giaLai}&period=${OPEN}`);
    expect(status.body.children).toMatchObject({ approved: 1, required: true });
    const held = await province.post('/api/submissions/submit', k);
    expectError(held, 409, 'children_not_approved');
    expect(held.body.error.details.pending).toBe(status.body.children.expected - 1);

    expect((await central.patch(`/api/forms/${forms.BM01_XA_QUY}`, { approveBeforeChildren: true })).status).toBe(200);
    const ok = await province.post('/api/submissions/submit', k);
    expect(ok.status, ok.text).toBe(200);
    const blocked = await central.post('/api/submissions/unapprove', key({ reason: 'Sửa số liệu' }));
    expectError(blocked, 409, 'parent_approved');
    expect(blocked.body.error.message).toContain('Gia Lai');
  });
});

describe('notifications', () => {
  it('marks one or all read; another user\'s notification is not found', async () => {
    const list = await officer.get('/api/notifications');
    expect(list.body.unread).toBeGreaterThan(0);
    const first = list.body.items[0];
    expectError(await province.post(`/api/notifications/${first.id}/read`), 404, 'not_found');
    expect((await officer.post(`/api/notifications/${first.id}/read`)).status).toBe(200);
    const after = await officer.get('/api/notifications');
    expect(after.body.unread).toBe(list.body.unread - 1);
    expect(after.body.items.find((i: { id: string }) => i.id === first.id).readAt).not.toBeNull();
    const all = await officer.post('/api/notifications/read-all');
    expect(all.body.updated).toBe(list.body.unread - 1);
    expect((await officer.get('/api/notifications')).body.unread).toBe(0);
    expectError(await anonymous.get('/api/notifications'), 401, 'unauthenticated');
    expectError(await officer.get('/api/notifications?limit=1000'), 400, 'validation_failed');
  });
});
