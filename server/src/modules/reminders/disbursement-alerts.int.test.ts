// The "disbursement below plan" alert (disbursement.below_plan) on a moved clock: nothing
// before a milestone's day has ended (Vietnam time); the day after 30/6, works under 30 %
// of their 2026 capital alert the commune's investment.manage users and the province's
// approvers — one bell entry per recipient and milestone, e-mail through the outbox as
// each chose, delivered to a real SMTP server — and a work on track alerts nobody; two
// runs at once and a run again send nothing twice; catching up later changes nothing;
// the next milestone (30/9, 60 %) alerts again, a month after it no more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeUser, signedIn, unitId, type MadeUser, type TestEnv } from '../../../test/harness.ts';
import { expectError } from '../catalog/catalog.test-support.ts';
import { DISBURSEMENT_ALERT_KIND as KIND, runDisbursementAlerts } from './disbursement-alerts.ts';
import { sendDueMail } from './mail.ts';
import { startSmtp } from '../../../test/smtp.ts';

let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const users: Record<string, MadeUser> = {};
const works: Record<string, string> = {};

async function work(name: string, unitCode: string, allocated: number, months: [string, number][]): Promise<string> {
  const unit = await env.db.selectFrom('org_unit').select(['id', 'province_id']).where('code', '=', unitCode).where('hierarchy', '=', '2025').executeTakeFirstOrThrow();
  const now = env.clock.now();
  const w = await env.db
    .insertInto('investment_work')
    .values({ code: name.toUpperCase().replace(/\s/g, '-'), name, name_folded: name.toLowerCase(), unit_id: unit.id, province_id: unit.province_id!, stage: 'construction', progress: 10, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cap = await env.db.insertInto('investment_capital').values({ work_id: w.id, year: 2026, source: 'central', kind: 'development', allocated, committed: 0 }).returning('id').executeTakeFirstOrThrow();
  if (months.length > 0) await env.db.insertInto('investment_disbursement').values(months.map(([month, amount]) => ({ capital_id: cap.id, month: `${month}-01`, amount }))).execute();
  return w.id;
}

const run = () => runDisbursementAlerts(env.ctx);
const bell = (u: MadeUser) => env.db.selectFrom('notification').selectAll().where('user_id', '=', u.id).where('kind', '=', KIND).orderBy('id').execute();
const sentRows = async () => {
  const rows = await env.db.selectFrom('reminder_sent').select(['user_id', 'work_id', 'period', 'channel', 'form_id']).where('kind', '=', KIND).execute();
  const who = (id: string) => Object.entries(users).find(([, u]) => u.id === id)![0];
  const what = (id: string | null) => Object.entries(works).find(([, w]) => w === id)![0];
  return rows.map((r) => `${who(r.user_id)} ${what(r.work_id)} ${r.period} ${r.channel}`).sort();
};
const outbox = () => env.db.selectFrom('mail_outbox').selectAll().where('kind', '=', KIND).orderBy('id').execute();

beforeAll(async () => {
  smtp = await startSmtp();
  env = await createTestEnv({ SMTP_URL: smtp.url, SESSION_IDLE_MINUTES: 60 * 24 * 400, SESSION_MAX_HOURS: 24 * 400 });
  users.officer = await makeUser(env, { username: 'xa.iagrai', role: 'commune_officer', unit: '23764' });
  users.pleiku = await makeUser(env, { username: 'phuong.pleiku', role: 'commune_officer', unit: '23575' });
  users.province = await makeUser(env, { username: 'tinh.gialai', role: 'provincial_coordinator', unit: '52' });
  users.viewer = await makeUser(env, { username: 'xem.gialai', role: 'viewer', unit: '52' });
  users.quangNgai = await makeUser(env, { username: 'tinh.quangngai', role: 'provincial_coordinator', unit: '51' });
  for (const k of ['officer', 'pleiku', 'province', 'viewer', 'quangNgai']) {
    await env.db.updateTable('app_user').set({ email: `${users[k]!.username}@example.vn` }).where('id', '=', users[k]!.id).execute();
  }
  // The Pleiku officer wants no e-mail for this kind; the province reads it in the morning digest.
  for (const [k, email, digest] of [['pleiku', false, false], ['province', true, true]] as const) {
    const c = await signedIn(env, users[k]!);
    const res = await c.put('/api/notification-preferences', { items: [{ kind: KIND, email, digest }] });
    expect(res.status, res.text).toBe(200);
  }
  works.A = await work('Đường làng Bồ', '23764', 1000, [['2026-01', 100], ['2026-06', 100]]); // 20 % at 30/6: behind
  works.B = await work('Nhà văn hóa làng Kép', '23764', 1000, [['2026-06', 400]]); // 40 %: on track at 30/6, behind at 30/9
  works.C = await work('Kè suối Ia Ring', '23575', 500, []); // 0 %
  works.D = await work('Trường mầm non Sơn Tây', '21340', 800, [['2026-05', 100]]); // Quảng Ngãi, 12,5 %
});
afterAll(async () => {
  await env?.close();
  smtp?.server.close();
});

describe('disbursement below plan', () => {
  it('lists the kind among the preferences', async () => {
    const c = await signedIn(env, users.officer!);
    const res = await c.get('/api/notification-preferences');
    expect(res.body.items.find((i: { kind: string }) => i.kind === KIND)).toEqual({ kind: KIND, inApp: true, email: true, digest: false });
    expectError(await env.client().get('/api/notification-preferences'), 401, 'unauthenticated');
  });

  it('waits for the end of the milestone day in Vietnam', async () => {
    env.clock.set(new Date('2026-06-30T16:59:00Z')); // 23:59 on 30/6 in Vietnam
    expect(await run()).toEqual({ notified: 0, mailed: 0 });
    expect(await sentRows()).toEqual([]);
  });

  it('alerts the commune and the province once for works under the plan, two runs at once included', async () => {
    env.clock.set(new Date('2026-06-30T17:30:00Z')); // 00:30 on 1/7 in Vietnam
    const [first, second] = await Promise.all([run(), run()]);
    expect(first.notified + second.notified).toBeGreaterThanOrEqual(4);
    expect(await sentRows()).toEqual([
      'officer A 2026:2026-06-30 email',
      'officer A 2026:2026-06-30 in_app',
      'pleiku C 2026:2026-06-30 in_app',
      'province A 2026:2026-06-30 email',
      'province A 2026:2026-06-30 in_app',
      'province C 2026:2026-06-30 email',
      'province C 2026:2026-06-30 in_app',
      'quangNgai D 2026:2026-06-30 email',
      'quangNgai D 2026:2026-06-30 in_app',
    ]);
    expect(await bell(users.viewer!)).toEqual([]);

    const [n, ...more] = await bell(users.officer!);
    expect(more).toEqual([]);
    expect(n!.link).toBe(`/investments/${works.A}?year=2026`);
    expect(n!.params).toMatchObject({ count: '1', year: '2026', milestone: '30/06/2026', shareVi: '30', worksVi: 'Đường làng Bồ (Ia Grai, đạt 20,0 %)', worksEn: 'Đường làng Bồ (Ia Grai, 20.0%)' });
    // The province: A and C in one entry when one run saw both (a split between two racing runs gives one each).
    const prov = await bell(users.province!);
    const mentioned = prov.map((p) => (p.params as Record<string, string>).worksVi).join(' | ');
    expect(mentioned).toMatch(/Đường làng Bồ|Kè suối Ia Ring/);
    expect(prov.reduce((s, p) => s + Number((p.params as Record<string, string>).count), 0)).toBe(2);
    const qn = await bell(users.quangNgai!);
    expect(qn).toHaveLength(1);
    expect(qn[0]!.link).toBe(`/investments/${works.D}?year=2026`);

    // Once: a run again sends nothing.
    expect(await run()).toEqual({ notified: 0, mailed: 0 });

    // E-mail: the officer and Quảng Ngãi now, the province in the 07:00 digest, not the Pleiku officer.
    const mails = await outbox();
    expect(mails.map((m) => m.to_address).sort()).toEqual(expect.arrayContaining(['tinh.gialai@example.vn', 'tinh.quangngai@example.vn', 'xa.iagrai@example.vn']));
    expect(mails.some((m) => m.to_address.startsWith('phuong.pleiku'))).toBe(false);
    const officerMail = mails.find((m) => m.to_address === 'xa.iagrai@example.vn')!;
    expect(officerMail.subject).toBe('[Trường Sơn] Giải ngân chậm: 1 công trình chưa đạt 30 % vốn năm 2026 đến 30/06/2026');
    expect(officerMail.body).toContain('- Đường làng Bồ (ĐƯỜNG-LÀNG-BỒ, Ia Grai): giải ngân 200/1000 triệu đồng, đạt 20,0 %');
    expect(mails.filter((m) => m.digest).every((m) => m.to_address === 'tinh.gialai@example.vn' && m.next_attempt_at.toISOString() === '2026-07-01T00:00:00.000Z')).toBe(true);
    expect(await sendDueMail(env.ctx)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(['tinh.quangngai@example.vn', 'xa.iagrai@example.vn']);
    expect(smtp.received.find((r) => r.to[0] === 'xa.iagrai@example.vn')!.raw).toContain('Subject:');
  });

  it('does not alert again when the work catches up after the milestone, nor a work on track', async () => {
    await env.db.insertInto('investment_disbursement').values({ capital_id: (await env.db.selectFrom('investment_capital').select('id').where('work_id', '=', works.A!).executeTakeFirstOrThrow()).id, month: '2026-07-01', amount: 300 }).execute();
    env.clock.set(new Date('2026-07-20T03:00:00Z'));
    expect(await run()).toEqual({ notified: 0, mailed: 0 });
    expect((await sentRows()).filter((r) => r.includes(' B '))).toEqual([]);
  });

  it('alerts again at the next milestone, and stops checking a month after it', async () => {
    env.clock.set(new Date('2026-10-01T01:00:00Z')); // 1/10: 30/9 passed, 60 %
    const res = await run();
    expect(res.notified).toBeGreaterThan(0);
    const rows = (await sentRows()).filter((r) => r.includes('2026-09-30') && r.endsWith('in_app'));
    // A is 50 % (200 + 300), B 40 %, C 0 %, D 12,5 %: all under 60 %.
    expect(rows).toEqual([
      'officer A 2026:2026-09-30 in_app',
      'officer B 2026:2026-09-30 in_app',
      'pleiku C 2026:2026-09-30 in_app',
      'province A 2026:2026-09-30 in_app',
      'province B 2026:2026-09-30 in_app',
      'province C 2026:2026-09-30 in_app',
      'quangNgai D 2026:2026-09-30 in_app',
    ]);
    const latest = (await bell(users.province!)).at(-1)!;
    expect(latest.params).toMatchObject({ count: '3', milestone: '30/09/2026', worksVi: expect.stringContaining('và 2 công trình khác') });
    expect(latest.link).toBe('/investments?behind=true&year=2026');

    const before = (await sentRows()).length;
    env.clock.set(new Date('2026-11-15T01:00:00Z'));
    await env.db.deleteFrom('reminder_sent').where('kind', '=', KIND).where('period', '=', '2026:2026-09-30').execute();
    expect(await run()).toEqual({ notified: 0, mailed: 0 });
    expect((await sentRows()).length).toBeLessThan(before);
  });
});
