// The "below target" alert (target.below) on approval, end to end through the HTTP API:
// a commune report of BM01 2026Q1 missing a lower-is-better target (ethnic-minority poverty
// 12,5 % against ≤ 10 %, national yearly target) and a higher-is-better one (disbursement
// 81,2 % against ≥ 90 %, the province's quarterly target) alerts the commune's data-entry
// users and the province's approvers once — one bell entry each listing both, e-mail by the
// outbox as each chose (off, one by one, daily digest), delivered to a real SMTP server —
// and nobody else; a report meeting its targets alerts nobody; approving the same figures
// again alerts nobody, different figures alert again; a failed approval leaves no alert.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';
import { sendDueMail } from './mail.ts';
import { startSmtp } from '../../../test/smtp.ts';

const PERIOD = '2026Q1';
const KIND = 'target.below';
const VALID: Record<string, string> = { HH_TOTAL: '500', HH_DTTS: '400', HH_POOR_DTTS: '50', CAPITAL_ALLOCATED: '1.500', CAPITAL_DISBURSED: '1.218' };
const MEETS: Record<string, string> = { ...VALID, HH_POOR_DTTS: '20', CAPITAL_DISBURSED: '1.400' };

let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let forms: Awaited<ReturnType<typeof formIds>>;
let iaGrai: string;
let communes: { id: string; code: string }[];
const users: Record<string, MadeUser> = {};
const clients: Record<string, TestClient> = {};

const report = (unit: string, over: Record<string, unknown> = {}) => ({ formId: forms.BM01_XA_QUY, unitId: unit, period: PERIOD, ...over });

async function fill(c: TestClient, unit: string, values: Record<string, string>): Promise<void> {
  const cells = await env.db
    .selectFrom('form_element as fe')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
    .select(['de.id as dataElementId', 'oc.id as cocId', 'de.code as code'])
    .where('fe.form_id', '=', forms.BM01_XA_QUY)
    .execute();
  for (const cell of cells) {
    const value = values[cell.code];
    if (value === undefined) continue;
    const res = await c.put('/api/data-values', { formId: forms.BM01_XA_QUY, unitId: unit, period: PERIOD, dataElementId: cell.dataElementId, cocId: cell.cocId, value });
    expect(res.status, res.text).toBe(200);
  }
}

async function act(c: TestClient, action: string, unit: string, body: Record<string, unknown> = {}): Promise<void> {
  const res = await c.post(`/api/submissions/${action}`, report(unit, body));
  expect(res.status, res.text).toBe(200);
}

/** target.below recorded for a unit: "user channel", sorted. */
async function sent(unit: string): Promise<string[]> {
  const rows = await env.db.selectFrom('reminder_sent').select(['user_id', 'channel']).where('kind', '=', KIND).where('unit_id', '=', unit).execute();
  const name = (id: string) => Object.entries(users).find(([, u]) => u.id === id)?.[0] ?? id;
  return rows.map((r) => `${name(r.user_id)} ${r.channel}`).sort();
}
const bell = (user: MadeUser) => env.db.selectFrom('notification').selectAll().where('user_id', '=', user.id).where('kind', '=', KIND).orderBy('id').execute();
const outbox = () => env.db.selectFrom('mail_outbox').selectAll().where('kind', '=', KIND).orderBy('id').execute();

beforeAll(async () => {
  smtp = await startSmtp();
  env = await createTestEnv({ SMTP_URL: smtp.url });
  forms = await formIds(env);
  iaGrai = await unitId(env.db, '23764');
  const giaLai = await unitId(env.db, '52');
  communes = await env.db.selectFrom('org_unit').select(['id', 'code']).where('parent_id', '=', giaLai).where('kind', '=', 'commune').where('valid_to', 'is', null).where('id', '!=', iaGrai).orderBy('code').limit(2).execute();
  users.officer = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' });
  users.quiet = await makeUser(env, { username: 'xa.iagrai.2', role: 'commune_officer', unit: '23764' });
  users.noAddress = await makeUser(env, { username: 'xa.iagrai.3', role: 'commune_officer', unit: '23764' });
  users.otherOfficer = await makeUser(env, { username: 'xa.khac', role: 'commune_officer', unit: communes[0]!.code });
  users.thirdOfficer = await makeUser(env, { username: 'xa.thu.ba', role: 'commune_officer', unit: communes[1]!.code });
  users.province = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' });
  users.otherProvince = await makeUser(env, { username: 'tinh.quangngai', role: 'provincial_coordinator', unit: '51' });
  users.central = await makeUser(env, { username: 'tw.chuongtrinh', role: 'central_officer', unit: 'VN' });
  users.admin = await makeUser(env, { username: 'qt.tw', role: 'system_admin', unit: 'VN', totp: true });
  for (const k of ['officer', 'quiet', 'otherOfficer', 'thirdOfficer', 'province', 'otherProvince', 'central', 'admin']) {
    await env.db.updateTable('app_user').set({ email: `${users[k]!.username}@example.vn` }).where('id', '=', users[k]!.id).execute();
  }
  for (const k of ['officer', 'quiet', 'otherOfficer', 'thirdOfficer', 'province', 'central']) clients[k] = await signedIn(env, users[k]!);
  // Lower is better: a national target for the year; higher is better: the province's own for the quarter.
  const indicator = (code: string) => env.db.selectFrom('indicator').select(['id', 'direction']).where('code', '=', code).executeTakeFirstOrThrow();
  const poverty = await indicator('TL_HO_NGHEO_DTTS');
  const disbursed = await indicator('TL_GIAI_NGAN_VON');
  expect([poverty.direction, disbursed.direction]).toEqual(['lower', 'higher']);
  await env.db
    .insertInto('target')
    .values([
      { indicator_id: poverty.id, unit_id: await unitId(env.db, 'VN'), period: '2026', value: '10' },
      { indicator_id: disbursed.id, unit_id: giaLai, period: PERIOD, value: '90' },
      // A national yearly one the province's quarterly target overrides.
      { indicator_id: disbursed.id, unit_id: await unitId(env.db, 'VN'), period: '2026', value: '50' },
    ])
    .execute();
});
afterAll(async () => {
  await env?.close();
  smtp?.server.close();
});

describe('preferences know target.below', () => {
  it('lists the kind with e-mail on by default; users switch e-mail off or to the digest', async () => {
    const before = await clients.quiet!.get('/api/notification-preferences');
    expect(before.status, before.text).toBe(200);
    expect(before.body.items.find((i: { kind: string }) => i.kind === KIND)).toEqual({ kind: KIND, inApp: true, email: true, digest: false });
    const off = await clients.quiet!.put('/api/notification-preferences', { items: [{ kind: KIND, email: false }] });
    expect(off.status, off.text).toBe(200);
    expect(off.body.items.find((i: { kind: string }) => i.kind === KIND)).toEqual({ kind: KIND, inApp: true, email: false, digest: false });
    const digest = await clients.province!.put('/api/notification-preferences', { items: [{ kind: KIND, email: true, digest: true }] });
    expect(digest.status, digest.text).toBe(200);
  });

  it('answers 401 without a session', async () => {
    const anonymous = env.client();
    expectError(await anonymous.get('/api/notifications'), 401, 'unauthenticated');
    expectError(await anonymous.post('/api/notifications/1/read'), 401, 'unauthenticated');
    expectError(await anonymous.post('/api/notifications/read-all'), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/notification-preferences'), 401, 'unauthenticated');
    expectError(await anonymous.put('/api/notification-preferences', { items: [{ kind: KIND, email: true }] }), 401, 'unauthenticated');
  });
});

describe('approval of a report missing its targets', () => {
  it('alerts the commune’s data-entry users and the province’s approvers once, listing both indicators', async () => {
    await fill(clients.officer!, iaGrai, VALID);
    await act(clients.officer!, 'submit', iaGrai);
    expect(await sent(iaGrai)).toEqual([]); // not on submission
    await act(clients.province!, 'approve', iaGrai);

    // E-mail: the officer (default), the province (digest); not the one who switched it off, nor a user without an address.
    expect(await sent(iaGrai)).toEqual(['noAddress in_app', 'officer email', 'officer in_app', 'province email', 'province in_app', 'quiet in_app']);
    for (const k of ['otherOfficer', 'otherProvince', 'central', 'admin']) expect(await bell(users[k]!), k).toEqual([]);

    const [n, ...more] = await bell(users.officer!);
    expect(more).toEqual([]);
    expect(n!.link).toBe(`/data-entry?form=${forms.BM01_XA_QUY}&unit=${iaGrai}&period=${PERIOD}`);
    expect(n!.params).toMatchObject({ formCode: 'BM01_XA_QUY', period: PERIOD, periodVi: 'Quý 1/2026', count: '2' });
    expect(n!.params.indicatorsVi!.split('; ').sort()).toEqual(['Tỷ lệ giải ngân vốn 81,2% — mục tiêu ≥ 90%', 'Tỷ lệ hộ nghèo dân tộc thiểu số 12,5% — mục tiêu ≤ 10%']);
    expect(n!.params.indicatorsEn!.split('; ').sort()).toEqual(['Capital disbursement rate 81.2% — target ≥ 90%', 'Ethnic-minority household poverty rate 12.5% — target ≤ 10%']);
    expect(await bell(users.province!)).toHaveLength(1);

    // The bell: unread, listed with its kind and link.
    const list = await clients.officer!.get('/api/notifications');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.find((i: { kind: string }) => i.kind === KIND)).toMatchObject({ link: n!.link, readAt: null, params: { count: '2' } });

    const mails = await outbox();
    expect(mails.map((m) => [m.to_address, m.digest])).toEqual(
      expect.arrayContaining([
        ['xa.iagrai@example.vn', false],
        ['tinh.gialai@example.vn', true],
      ]),
    );
    expect(mails).toHaveLength(2);
    const mail = mails.find((m) => !m.digest)!;
    expect(mail.subject).toContain('Chưa đạt mục tiêu: báo cáo BM01_XA_QUY kỳ Quý 1/2026');
    expect(mail.body).toContain('- Tỷ lệ hộ nghèo dân tộc thiểu số 12,5% — mục tiêu ≤ 10% (');
    expect(mail.body).toContain('- Tỷ lệ giải ngân vốn 81,2% — mục tiêu ≥ 90% (');
    expect(mail.body).toContain('Quý 1/2026)'); // the province's quarterly target, not the national yearly one
    expect(mail.body).toContain('Capital disbursement rate 81.2% — target ≥ 90%');
    // The digest waits for 07:00 Vietnam time (the clock reads 02/03 09:00 there).
    expect(mails.find((m) => m.digest)!.next_attempt_at.toISOString()).toBe('2026-03-03T00:00:00.000Z');

    // Delivered over SMTP: the officer's now, the province's in the next morning's digest.
    expect(await sendDueMail(env.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((r) => r.to)).toEqual([['xa.iagrai@example.vn']]);
  });

  it('alerts nobody again when the same figures are approved again (approve → unapprove → approve)', async () => {
    const before = { sent: await sent(iaGrai), mails: (await outbox()).length, bell: (await bell(users.officer!)).length };
    await act(clients.central!, 'unapprove', iaGrai, { reason: 'Kiểm tra lại số liệu giải ngân' });
    await act(clients.province!, 'approve', iaGrai);
    expect(await sent(iaGrai)).toEqual(before.sent);
    expect((await outbox()).length).toBe(before.mails);
    expect(await bell(users.officer!)).toHaveLength(before.bell);
    expect(await bell(users.province!)).toHaveLength(1);
  });

  it('alerts again when a corrected report is approved with different figures', async () => {
    await act(clients.central!, 'unapprove', iaGrai, { reason: 'Sai số hộ nghèo' });
    await act(clients.province!, 'return', iaGrai, { comment: 'Đề nghị sửa số hộ nghèo DTTS' });
    await fill(clients.officer!, iaGrai, { HH_POOR_DTTS: '45' });
    await act(clients.officer!, 'submit', iaGrai);
    await act(clients.province!, 'approve', iaGrai);
    const entries = await bell(users.officer!);
    expect(entries).toHaveLength(2);
    expect(entries[1]!.params.indicatorsVi).toContain('Tỷ lệ hộ nghèo dân tộc thiểu số 11,3% — mục tiêu ≤ 10%');
    expect(await bell(users.province!)).toHaveLength(2);
    expect(await bell(users.quiet!)).toHaveLength(2);
    expect((await outbox()).filter((m) => m.to_address === 'xa.iagrai@example.vn')).toHaveLength(2);
    expect((await outbox()).filter((m) => m.to_address === 'xa.iagrai.2@example.vn')).toHaveLength(0);
  });
});

describe('reports meeting their targets, and failed approvals', () => {
  it('alerts nobody when the report meets its targets', async () => {
    const other = communes[0]!.id;
    await fill(clients.otherOfficer!, other, MEETS);
    await act(clients.otherOfficer!, 'submit', other);
    await act(clients.province!, 'approve', other);
    expect(await sent(other)).toEqual([]);
    expect(await bell(users.otherOfficer!)).toEqual([]);
    expect(await bell(users.province!)).toHaveLength(2); // still the two of Ia Grai
  });

  it('leaves no alert when the approval fails (rolled back with it)', async () => {
    const third = communes[1]!.id;
    await fill(clients.thirdOfficer!, third, VALID);
    await act(clients.thirdOfficer!, 'submit', third);
    const mailsBefore = (await outbox()).length;
    // The approval fails at commit, after the alert was written in its transaction.
    await sql`
      create function test_fail_approval() returns trigger language plpgsql as $$
      begin raise exception 'approval refused by the test'; end $$;
      create constraint trigger test_fail_approval after insert on submission_event
        deferrable initially deferred for each row when (new.action = 'approve') execute function test_fail_approval();
    `.execute(env.db);
    try {
      const res = await clients.province!.post('/api/submissions/approve', report(third));
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger test_fail_approval on submission_event; drop function test_fail_approval();`.execute(env.db);
    }
    const state = await env.db.selectFrom('submission').select('state').where('unit_id', '=', third).where('period', '=', PERIOD).executeTakeFirstOrThrow();
    expect(state.state).toBe('submitted');
    expect(await sent(third)).toEqual([]);
    expect(await bell(users.thirdOfficer!)).toEqual([]);
    expect((await outbox()).length).toBe(mailsBefore);
    // The same approval, succeeding: now the alert goes.
    await act(clients.province!, 'approve', third);
    expect(await sent(third)).toEqual(['province email', 'province in_app', 'thirdOfficer email', 'thirdOfficer in_app']);
    expect(await bell(users.thirdOfficer!)).toHaveLength(1);
  });
});
