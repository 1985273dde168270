// Reporting-deadline reminders with a moved clock (BM01 2026Q1 for communes is due
// 10/04/2026, 23:59:59.999 Vietnam time): three days before, on the due day and one day
// after (escalated to the province) each fires exactly once; none for a submitted report;
// two runs at once still send once. E-mail goes to a real SMTP server started here
// (smtp-server on a local port): delivered; a rejecting server → retried with backoff,
// then failed; no SMTP_URL → kept in the outbox administrators read. Preferences respected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { formIds } from '../forms/forms.test-support.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { runReminders } from './reminders.ts';
import { MAIL_BACKOFF_MS, sendDueMail } from './mail.ts';
import { startSmtp } from '../../../test/smtp.ts';

let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let failing: Awaited<ReturnType<typeof startSmtp>>;
let forms: Awaited<ReturnType<typeof formIds>>;
let iaGrai: string;
let other: string;
let qnCommune: string;
const users: Record<string, MadeUser> = {};
const PERIOD = '2026Q1';
const VALID: Record<string, string> = { HH_TOTAL: '500', HH_DTTS: '420', CAPITAL_ALLOCATED: '1.500', CAPITAL_DISBURSED: '1.200,5' };

beforeAll(async () => {
  smtp = await startSmtp({ reject: false });
  failing = await startSmtp({ reject: true });
  env = await createTestEnv({ SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: 3 });
  forms = await formIds(env);
  iaGrai = await unitId(env.db, '23764');
  const giaLai = await unitId(env.db, '52');
  const row = await env.db.selectFrom('org_unit').select(['id', 'code']).where('parent_id', '=', giaLai).where('kind', '=', 'commune').where('valid_to', 'is', null).where('id', '!=', iaGrai).orderBy('code').executeTakeFirstOrThrow();
  other = row.id;
  // A commune of Quảng Ngãi, where no province account exists: nobody to escalate to.
  const qn = await env.db.selectFrom('org_unit').select(['id', 'code']).where('parent_id', '=', await unitId(env.db, '51')).where('kind', '=', 'commune').where('valid_to', 'is', null).orderBy('code').executeTakeFirstOrThrow();
  qnCommune = qn.id;
  users.qnOfficer = await makeUser(env, { username: 'xa.quangngai', role: 'commune_officer', unitId: qn.id });
  users.officer = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' });
  users.otherOfficer = await makeUser(env, { username: 'xa.khac', role: 'commune_officer', unit: row.code });
  users.province = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' });
  users.admin = await makeUser(env, { username: 'qt.tw', role: 'system_admin', unit: 'VN', totp: true });
  for (const [k, email] of [['officer', 'xa.iagrai@example.vn'], ['otherOfficer', 'xa.khac@example.vn'], ['province', 'tinh.gialai@example.vn']] as const) {
    await env.db.updateTable('app_user').set({ email }).where('id', '=', users[k]!.id).execute();
  }
});
afterAll(async () => {
  await env?.close();
  smtp?.server.close();
  failing?.server.close();
});

/** The reminders of BM01 2026Q1 recorded so far: "kind unit user channel". */
async function sent(): Promise<string[]> {
  const rows = await env.db.selectFrom('reminder_sent').select(['kind', 'unit_id', 'user_id', 'channel']).where('form_id', '=', forms.BM01_XA_QUY).where('period', '=', PERIOD).orderBy('id').execute();
  const name = (id: string) => Object.entries(users).find(([, u]) => u.id === id)?.[0] ?? id;
  const unit = (id: string) => (id === iaGrai ? 'iaGrai' : id === other ? 'other' : id === qnCommune ? 'qn' : id);
  return rows.map((r) => `${r.kind} ${unit(r.unit_id)} ${name(r.user_id)} ${r.channel}`);
}
async function notifications(user: MadeUser, kind: string) {
  return env.db.selectFrom('notification').selectAll().where('user_id', '=', user.id).where('kind', '=', kind).execute();
}

describe('notification preferences and the mail outbox (HTTP)', () => {
  let officer: TestClient;
  let admin: TestClient;
  beforeAll(async () => {
    officer = await signedIn(env, users.otherOfficer!);
    admin = await signedIn(env, users.admin!);
  });

  it('defaults to e-mail on for every kind; a user switches e-mail off for one kind (audited)', async () => {
    const before = await officer.get('/api/notification-preferences');
    expect(before.status, before.text).toBe(200);
    expect(before.body).toEqual({
      hasEmail: true,
      items: [
        { kind: 'reminder.due_soon', inApp: true, email: true, digest: false },
        { kind: 'reminder.due_today', inApp: true, email: true, digest: false },
        { kind: 'reminder.overdue', inApp: true, email: true, digest: false },
        { kind: 'target.below', inApp: true, email: true, digest: false },
        { kind: 'task.due_soon', inApp: true, email: true, digest: false },
        { kind: 'task.due_today', inApp: true, email: true, digest: false },
        { kind: 'task.overdue', inApp: true, email: true, digest: false },
        { kind: 'disbursement.below_plan', inApp: true, email: true, digest: false },
      ],
    });
    const put = await officer.put('/api/notification-preferences', { items: [{ kind: 'reminder.due_soon', email: false }] });
    expect(put.status, put.text).toBe(200);
    expect(put.body.items[0]).toEqual({ kind: 'reminder.due_soon', inApp: true, email: false, digest: false });
    expect((await officer.get('/api/notification-preferences')).body.items.map((i: { email: boolean }) => i.email)).toEqual([false, true, true, true, true, true, true, true]);
    const audit = await env.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'notification_preference.update').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses without a session (401) and bad input (400, Vietnamese message)', async () => {
    const anonymous = env.client();
    expectError(await anonymous.get('/api/notification-preferences'), 401, 'unauthenticated');
    expectError(await anonymous.put('/api/notification-preferences', { items: [{ kind: 'reminder.due_soon', email: true }] }), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/mail-outbox'), 401, 'unauthenticated');
    const bad = await officer.put('/api/notification-preferences', { items: [{ kind: 'reminder.unknown', email: true }] });
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.message).toContain('không hợp lệ');
    expectError(await officer.put('/api/notification-preferences', { items: [{ kind: 'reminder.due_soon', email: 'yes' }] }), 400, 'validation_failed');
    expectError(await officer.put('/api/notification-preferences', { items: [{ kind: 'reminder.due_soon', email: true }, { kind: 'reminder.due_soon', email: false }] }), 400, 'validation_failed');
    expectError(await admin.get('/api/mail-outbox?state=lost'), 400, 'validation_failed');
  });

  it('shows the outbox only to national administrators (403 for others)', async () => {
    expectError(await officer.get('/api/mail-outbox'), 403, 'forbidden');
    const province = await signedIn(env, users.province!);
    expectError(await province.get('/api/mail-outbox'), 403, 'forbidden');
    // The province takes overdue e-mails in the daily digest (used below).
    const digest = await province.put('/api/notification-preferences', { items: [{ kind: 'reminder.overdue', email: true, digest: true }] });
    expect(digest.status, digest.text).toBe(200);
    expect(digest.body.items[2]).toEqual({ kind: 'reminder.overdue', inApp: true, email: true, digest: true });
    const res = await admin.get('/api/mail-outbox');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ smtpConfigured: true, total: 0, items: [] });
  });
});

describe('reporting-deadline reminders with a moved clock', () => {
  it('sends nothing four days before the due day (Vietnam time)', async () => {
    env.clock.set(new Date('2026-04-06T16:30:00Z')); // 06/04 23:30 in Vietnam
    await runReminders(env.ctx);
    expect(await sent()).toEqual([]);
  });

  it('reminds the unit three days before the due day, once; e-mail as the user chose', async () => {
    env.clock.set(new Date('2026-04-06T17:30:00Z')); // 07/04 00:30 in Vietnam
    await runReminders(env.ctx);
    expect((await sent()).sort()).toEqual(
      ['reminder.due_soon iaGrai officer email', 'reminder.due_soon iaGrai officer in_app', 'reminder.due_soon other otherOfficer in_app', 'reminder.due_soon qn qnOfficer in_app'].sort(),
    );
    const [n] = await notifications(users.officer!, 'reminder.due_soon');
    expect(n).toMatchObject({ params: { formCode: 'BM01_XA_QUY', period: PERIOD, periodVi: expect.any(String), dueDate: '10/04/2026' } });
    expect(n!.link).toBe(`/data-entry?form=${forms.BM01_XA_QUY}&unit=${iaGrai}&period=${PERIOD}`);
    // Later the same day and the next day: nothing again.
    env.clock.set(new Date('2026-04-07T09:00:00Z'));
    await runReminders(env.ctx);
    env.clock.set(new Date('2026-04-08T09:00:00Z'));
    await runReminders(env.ctx);
    expect(await sent()).toHaveLength(4);
    expect(await notifications(users.officer!, 'reminder.due_soon')).toHaveLength(1);
  });

  it('delivers the e-mail over SMTP', async () => {
    const r = await sendDueMail(env.ctx);
    expect(r).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['xa.iagrai@example.vn']);
    expect(smtp.received[0]!.raw).toMatch(/Subject: =\?UTF-8\?/);
    const mail = await env.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ state: 'sent', attempts: 1, to_address: 'xa.iagrai@example.vn', kind: 'reminder.due_soon' });
    expect(mail.subject).toContain('Sắp đến hạn báo cáo BM01_XA_QUY');
    expect(await sendDueMail(env.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('sends nothing for a submitted report; on the due day two runs at once send once', async () => {
    env.clock.set(new Date('2026-04-09T03:00:00Z'));
    const otherOfficer = await signedIn(env, users.otherOfficer!);
    const cells = await env.db
      .selectFrom('form_element as fe')
      .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
      .innerJoin('category_option_combo as oc', (j) => j.onRef('oc.combo_id', '=', 'de.category_combo_id').on('oc.active', '=', true))
      .select(['de.id as dataElementId', 'oc.id as cocId', 'de.code as code'])
      .where('fe.form_id', '=', forms.BM01_XA_QUY)
      .execute();
    for (const cell of cells) {
      if (VALID[cell.code] === undefined) continue;
      const res = await otherOfficer.put('/api/data-values', { formId: forms.BM01_XA_QUY, unitId: other, period: PERIOD, dataElementId: cell.dataElementId, cocId: cell.cocId, value: VALID[cell.code] });
      expect(res.status, res.text).toBe(200);
    }
    const submitted = await otherOfficer.post('/api/submissions/submit', { formId: forms.BM01_XA_QUY, unitId: other, period: PERIOD });
    expect(submitted.status, submitted.text).toBe(200);

    env.clock.set(new Date('2026-04-09T16:59:00Z')); // 09/04 23:59 in Vietnam: not yet the due day
    await runReminders(env.ctx);
    expect(await sent()).toHaveLength(4);

    env.clock.set(new Date('2026-04-10T01:00:00Z')); // 10/04 08:00 in Vietnam
    const both = await Promise.all([runReminders(env.ctx), runReminders(env.ctx)]);
    // Whatever the two runs inserted between them is what reminder_sent holds for now: nothing twice.
    const now = await env.db.selectFrom('reminder_sent').select(['channel']).where('sent_at', '=', env.clock.now()).execute();
    expect(both.reduce((n, r) => n + r.notified, 0)).toBe(now.filter((r) => r.channel === 'in_app').length);
    expect(both.reduce((n, r) => n + r.mailed, 0)).toBe(now.filter((r) => r.channel === 'email').length);
    const today = (await sent()).filter((s) => s.startsWith('reminder.due_today'));
    expect(today.sort()).toEqual(['reminder.due_today iaGrai officer email', 'reminder.due_today iaGrai officer in_app', 'reminder.due_today qn qnOfficer in_app']);
    expect(await notifications(users.officer!, 'reminder.due_today')).toHaveLength(1);
    expect(await notifications(users.otherOfficer!, 'reminder.due_today')).toHaveLength(0);
  });

  it('escalates to the supervising province one day after the due day, once, and not for the submitted report', async () => {
    env.clock.set(new Date('2026-04-10T16:59:59.999Z')); // the due instant
    await runReminders(env.ctx);
    expect((await sent()).filter((s) => s.startsWith('reminder.overdue'))).toEqual([]);
    env.clock.set(new Date('2026-04-10T17:30:00Z')); // 11/04 00:30 in Vietnam: the day after the due day
    await runReminders(env.ctx);
    const overdue = (await sent()).filter((s) => s.startsWith('reminder.overdue') && s.includes('province'));
    expect(overdue.filter((s) => s.includes(' iaGrai ')).sort()).toEqual(['reminder.overdue iaGrai province email', 'reminder.overdue iaGrai province in_app']);
    expect(overdue.some((s) => s.includes(' other '))).toBe(false);
    // Nothing to the commune itself nor past the parent unit (the national administrator
    // holds form.approve too), and nothing more on later runs.
    expect(await notifications(users.officer!, 'reminder.overdue')).toHaveLength(0);
    expect((await sent()).filter((s) => s.includes(' admin ') || s.startsWith('reminder.overdue qn'))).toEqual([]);
    // The province's e-mails wait for the 07:00 digest (Vietnam time), then go as one message.
    const digestRows = await env.db.selectFrom('mail_outbox').selectAll().where('user_id', '=', users.province!.id).execute();
    expect(digestRows.length).toBeGreaterThan(1);
    expect(digestRows.every((m) => m.digest && m.state === 'pending' && m.next_attempt_at.toISOString() === '2026-04-11T00:00:00.000Z')).toBe(true);
    const received = smtp.received.length;
    expect(await sendDueMail(env.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 }); // the commune's due-day e-mail only
    expect(smtp.received.at(-1)!.to).toEqual(['xa.iagrai@example.vn']);
    env.clock.set(new Date('2026-04-11T00:00:00Z'));
    expect(await sendDueMail(env.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(received + 2);
    const digestMail = smtp.received.at(-1)!;
    expect(digestMail.to).toEqual(['tinh.gialai@example.vn']);
    expect(digestMail.raw.match(/BM01_XA_QUY/g)!.length).toBeGreaterThanOrEqual(digestRows.length);
    expect(await env.db.selectFrom('mail_outbox').select('id').where('user_id', '=', users.province!.id).where('state', '!=', 'sent').execute()).toEqual([]);
    const count = (await sent()).length;
    env.clock.set(new Date('2026-04-13T02:00:00Z'));
    await runReminders(env.ctx);
    expect(await sent()).toHaveLength(count);
    // In the bell: one entry for all the province's late communes, not one per commune.
    const mine = await env.db.selectFrom('notification').select(['params', 'link']).where('user_id', '=', users.province!.id).where('kind', '=', 'reminder.overdue').execute();
    const bm01 = mine.filter((n) => n.params.formCode === 'BM01_XA_QUY' && n.params.period === PERIOD);
    expect(bm01).toHaveLength(1);
    const late = (await sent()).filter((s) => s.startsWith('reminder.overdue') && s.includes(' province ') && s.endsWith(' in_app')).length;
    expect(late).toBeGreaterThan(1);
    expect(bm01[0]!.params).toMatchObject({ unitCount: late, unitsVi: `${bm01[0]!.params.unitName} và ${late - 1} đơn vị khác` });
    expect(bm01[0]!.link).toBe('/completeness');
    // …and the bell reads it (its count is a number among the texts).
    const bell = await (await signedIn(env, users.province!)).get('/api/notifications?limit=100');
    expect(bell.status, bell.text).toBe(200);
    expect(bell.body.items.find((n: { kind: string; params: { unitCount?: number } }) => n.kind === 'reminder.overdue' && n.params.unitCount === late)).toBeDefined();
  });
});

describe('e-mail failures and the outbox', () => {
  it('retries a rejected e-mail with backoff, then shows it as failed after the last try', async () => {
    const ctx: AppContext = { ...env.ctx, config: { ...env.ctx.config, SMTP_URL: failing.url } };
    // The reminders' e-mails so far go out over the working server first.
    // (The province has one escalation per overdue commune: batches of 50.)
    while ((await sendDueMail(env.ctx)).sent > 0);
    expect(await env.db.selectFrom('mail_outbox').select('id').where('state', '!=', 'sent').execute()).toEqual([]);
    const t0 = new Date('2026-04-14T02:00:00Z');
    env.clock.set(t0);
    await env.db.insertInto('mail_outbox').values({ user_id: users.officer!.id, kind: 'reminder.due_soon', to_address: 'xa.iagrai@example.vn', subject: 'S', body: 'B', next_attempt_at: t0, created_at: t0 }).execute();
    expect(await sendDueMail(ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let m = await env.db.selectFrom('mail_outbox').selectAll().where('subject', '=', 'S').executeTakeFirstOrThrow();
    expect(m).toMatchObject({ state: 'pending', attempts: 1 });
    expect(m.last_error).toMatch(/550|Mailbox unavailable/);
    expect(m.next_attempt_at.getTime()).toBe(t0.getTime() + MAIL_BACKOFF_MS[0]!);
    // Not before the backoff has passed.
    env.clock.set(new Date(t0.getTime() + MAIL_BACKOFF_MS[0]! - 1000));
    expect(await sendDueMail(ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    env.clock.set(new Date(t0.getTime() + MAIL_BACKOFF_MS[0]!));
    expect(await sendDueMail(ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    m = await env.db.selectFrom('mail_outbox').selectAll().where('subject', '=', 'S').executeTakeFirstOrThrow();
    expect(m.next_attempt_at.getTime()).toBe(env.clock.now().getTime() + MAIL_BACKOFF_MS[1]!);
    env.clock.set(m.next_attempt_at);
    expect(await sendDueMail(ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    m = await env.db.selectFrom('mail_outbox').selectAll().where('subject', '=', 'S').executeTakeFirstOrThrow();
    expect(m).toMatchObject({ state: 'failed', attempts: 3 });
    env.clock.set(new Date(env.clock.now().getTime() + 86_400_000));
    expect(await sendDueMail(ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    const admin = await signedIn(env, users.admin!);
    const res = await admin.get('/api/mail-outbox?state=failed');
    expect(res.status, res.text).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({ state: 'failed', attempts: 3, nextAttemptAt: null, lastError: expect.stringMatching(/550|Mailbox/) });
  });

  it('without SMTP_URL keeps e-mails in the outbox administrators read', async () => {
    const ctx: AppContext = { ...env.ctx, config: { ...env.ctx.config, SMTP_URL: undefined } };
    env.clock.set(new Date(env.clock.now().getTime() + 60_000)); // a fresh TOTP step for the administrator
    const t = env.clock.now();
    await env.db.insertInto('mail_outbox').values({ user_id: users.province!.id, kind: 'reminder.overdue', to_address: 'tinh.gialai@example.vn', subject: 'Kept', body: 'B', next_attempt_at: t, created_at: t }).execute();
    const before = smtp.received.length + failing.received.length;
    expect(await sendDueMail(ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received.length + failing.received.length).toBe(before);
    const admin = await signedIn(env, users.admin!);
    const res = await admin.get('/api/mail-outbox?state=pending&limit=1');
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ subject: 'Kept', to: 'tinh.gialai@example.vn', state: 'pending', attempts: 0 });
  });
});
