// Scenario "reminders" (issue 6's engineering bar: "reminders and alerts are computed by
// queries over the whole scope, not by loops over units in JavaScript; 3,321 communes ×
// 3 forms computes in seconds"). On the bench database (real 2025 units, the three
// shipped forms, no demo data):
//  1. set-based, one INSERT … SELECT each: one commune officer (commune_officer, with an
//     e-mail) per 2025 commune and one provincial approver (provincial_coordinator, which
//     holds form.approve) per province. The seed assigns only BM01_XA_QUY to communes
//     (BM02_TINH_6T and BM03_TINH_NAM are provincial), so, for the issue's 3 321 × 3, the
//     bench also assigns those two to communes by level with a commune due rule falling on
//     the same day as BM01's for 2026Q4: 10/01/2027 (BM02: 10 days after the half-year;
//     BM03: 10/01 of the next year). BM03 never locks, so its 2025 report (due 10/01/2026)
//     is marked approved for every commune: only the 2026 reports are outstanding.
//  2. runReminders(ctx) — then the task reminders and the disbursement alerts, as the
//     jobs call them (no tasks and no investment works here: their fixed cost only) — in
//     this process, against the bench database, with a ManualClock at 09:00 Vietnam time on
//     (a) the first due-soon day, (b) the due day, (c) the escalation day. Each run is
//     timed (goal < 10 s) and the notification, reminder_sent and mail_outbox rows stamped
//     with the clock's instant are counted; then the same run again must write nothing.
// The server's own reminder job runs meanwhile on the real clock (December 2026): the
// rows are counted by the bench clock's instants, so it cannot blur the figures.
import { sql } from 'kysely';
import pino from 'pino';
import { attentionCandidates } from '../../server/src/modules/completeness/due-instants.ts';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import { runDisbursementAlerts } from '../../server/src/modules/reminders/disbursement-alerts.ts';
import { runReminders } from '../../server/src/modules/reminders/reminders.ts';
import { runTaskReminders } from '../../server/src/modules/reminders/task-reminders.ts';
import { ManualClock } from '../../server/src/platform/clock.ts';
import { loadConfig } from '../../server/src/platform/config.ts';
import type { AppContext } from '../../server/src/platform/http/context.ts';
import type { BenchContext, GoalResult, Scenario, ScenarioResult } from './scenario.ts';
import { summarise } from './stats.ts';

const GOAL_SECONDS = 10;
const FORM_CODES = ['BM01_XA_QUY', 'BM02_TINH_6T', 'BM03_TINH_NAM'] as const;
const EXPECTED_COMMUNES = 3321;
const PASSWORD = 'Bench-Truong-Son-2026';

/** 09:00 Vietnam time on a day (yyyy-mm-dd). */
const nineAm = (day: string) => new Date(`${day}T02:00:00Z`);
const fmt = (n: number) => n.toLocaleString('en').replace(/,/g, ' ');
const secs = (msValue: number) => `${(msValue / 1000).toFixed(2)} s`;

interface Setup {
  communes: number;
  provinces: number;
  officers: number;
  approvers: number;
  setupMs: number;
}

async function setup(ctx: BenchContext): Promise<Setup> {
  const { db } = ctx.env;
  const started = performance.now();
  const forms = await db.selectFrom('form').select(['id', 'code']).where('code', 'in', [...FORM_CODES]).execute();
  if (forms.length !== FORM_CODES.length) throw new Error(`the shipped forms are not all there: ${forms.map((f) => f.code).join(', ')}`);
  const formId = (code: string) => forms.find((f) => f.code === code)!.id;
  const shipped = await sql<{ code: string; kinds: string }>`
    select f.code, string_agg(fa.mode || ':' || coalesce(fa.unit_kind, '-'), ', ' order by fa.unit_kind) as kinds
    from form f join form_assignment fa on fa.form_id = f.id where f.code = any(${[...FORM_CODES]}::text[]) group by f.code order by f.code`.execute(db);
  ctx.log(`assignments as seeded: ${shipped.rows.map((r) => `${r.code} → ${r.kinds}`).join('; ')}`);

  await db.transaction().execute(async (trx) => {
    // The provincial forms, for communes too (by level), due on the same day as BM01's 2026Q4.
    await sql`
      insert into form_assignment (form_id, mode, unit_kind)
      select f.id, 'level', 'commune' from form f
      where f.code = any(${[...FORM_CODES]}::text[])
        and not exists (select 1 from form_assignment fa where fa.form_id = f.id and fa.mode = 'level' and fa.unit_kind = 'commune')`.execute(trx);
    await sql`
      insert into form_due_rule (form_id, unit_kind, days_after_end, fixed_month, fixed_day, year_offset)
      values (${formId('BM02_TINH_6T')}, 'commune', 10, null, null, 0), (${formId('BM03_TINH_NAM')}, 'commune', null, 1, 10, 1)
      on conflict (form_id, unit_kind) do nothing`.execute(trx);
    // BM03 never locks: its 2025 report is in for every commune, so only 2026 is outstanding.
    await sql`
      insert into submission (form_id, unit_id, period, province_id, state, first_submitted_at, submitted_at, on_time, decided_at)
      select ${formId('BM03_TINH_NAM')}, u.id, '2025', u.province_id, 'approved', '2026-01-05T02:00:00Z', '2026-01-05T02:00:00Z', true, '2026-01-06T02:00:00Z'
      from org_unit u where u.hierarchy = '2025' and u.kind = 'commune' and u.valid_to is null
      on conflict (form_id, unit_id, period) do nothing`.execute(trx);
  });

  const hash = await hashPassword(PASSWORD);
  // One statement per level: a user and an assignment for every current unit of that kind.
  const usersOf = async (kind: 'commune' | 'province', prefix: string, title: string, role: string) => {
    const res = await sql<{ n: string }>`
      with u as (
        insert into app_user (username, display_name, email, password_hash, must_change_password, created_at, updated_at)
        select 'bench.rem.' || ${prefix}::text || '.' || ou.code, ${title}::text || ' ' || ou.name || ' (bench)', ${prefix}::text || ou.code || '@bench.truongson.local', ${hash}, false, now(), now()
        from org_unit ou where ou.hierarchy = '2025' and ou.kind = ${kind} and ou.valid_to is null
        on conflict do nothing
        returning id, username
      ),
      a as (
        insert into user_assignment (user_id, role_id, unit_id)
        select u.id, r.id, ou.id from u
        join org_unit ou on ou.hierarchy = '2025' and ou.kind = ${kind} and ou.valid_to is null and u.username = 'bench.rem.' || ${prefix}::text || '.' || ou.code
        join role r on r.code = ${role}
        returning 1
      )
      select count(*)::text as n from a`.execute(db);
    return Number(res.rows[0]!.n);
  };
  const officers = await usersOf('commune', 'xa', 'Cán bộ', 'commune_officer');
  const approvers = await usersOf('province', 'tinh', 'Điều phối', 'provincial_coordinator');
  // As autovacuum would have it on a live system after such an insert.
  await sql`analyze app_user, user_assignment, submission, form_assignment, form_due_rule`.execute(db);

  const units = await sql<{ communes: string; provinces: string; under_province: string }>`
    select count(*) filter (where u.kind = 'commune')::text as communes, count(*) filter (where u.kind = 'province')::text as provinces,
      count(*) filter (where u.kind = 'commune' and p.kind = 'province')::text as under_province
    from org_unit u left join org_unit p on p.id = u.parent_id
    where u.hierarchy = '2025' and u.valid_to is null`.execute(db);
  const r = units.rows[0]!;
  ctx.log(`${r.communes} communes (${r.under_province} directly under a province), ${r.provinces} provinces`);
  return { communes: Number(r.communes), provinces: Number(r.provinces), officers, approvers, setupMs: performance.now() - started };
}

interface Written {
  notifications: number;
  reminderSent: number;
  mails: number;
  byKind: string;
}

/** Rows stamped with the bench clock's instant (every run writes its rows at ctx.clock.now()). */
async function writtenAt(ctx: BenchContext, at: Date): Promise<Written> {
  const res = await sql<{ n: string; r: string; m: string; by_kind: string | null }>`
    select (select count(*) from notification where created_at = ${at})::text as n,
      (select count(*) from reminder_sent where sent_at = ${at})::text as r,
      (select count(*) from mail_outbox where created_at = ${at})::text as m,
      (select string_agg(kind || ' ' || channel || ' ' || n, ', ' order by kind, channel)
         from (select kind, channel, count(*) as n from reminder_sent where sent_at = ${at} group by kind, channel) k) as by_kind`.execute(ctx.env.db);
  const row = res.rows[0]!;
  return { notifications: Number(row.n), reminderSent: Number(row.r), mails: Number(row.m), byKind: row.by_kind ?? 'none' };
}

interface JobTimes {
  reminders: number;
  tasks: number;
  disbursement: number;
  total: number;
  returned: { notified: number; mailed: number };
}

async function runJobs(app: AppContext): Promise<JobTimes> {
  const t0 = performance.now();
  const r = await runReminders(app);
  const t1 = performance.now();
  const t = await runTaskReminders(app);
  const t2 = performance.now();
  const d = await runDisbursementAlerts(app);
  const t3 = performance.now();
  return {
    reminders: t1 - t0,
    tasks: t2 - t1,
    disbursement: t3 - t2,
    total: t3 - t0,
    returned: { notified: r.notified + t.notified + d.notified, mailed: r.mailed + t.mailed + d.mailed },
  };
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const s = await setup(ctx);
  const notes: string[] = [];
  const goals: GoalResult[] = [];
  notes.push(
    `set-up: ${fmt(s.officers)} commune officers for ${fmt(s.communes)} communes, ${s.approvers} provincial approvers for ${s.provinces} provinces, 3 forms assigned to communes, in ${secs(s.setupMs)}`,
  );
  if (s.communes !== EXPECTED_COMMUNES) notes.push(`WARNING: ${s.communes} communes in the 2025 hierarchy, expected ${EXPECTED_COMMUNES}`);

  const clock = new ManualClock(nineAm('2027-01-07'));
  const config = loadConfig({ ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'silent' });
  const app: AppContext = { db: ctx.env.db, clock, config, log: pino({ level: 'silent' }) };
  const before = config.REMINDER_DAYS_BEFORE;
  const escalate = config.REMINDER_ESCALATE_DAYS;
  const addDaysIso = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const dueDay = '2027-01-10';
  const days = [
    { label: `due soon (${addDaysIso(dueDay, -before)}, ${before} days before)`, day: addDaysIso(dueDay, -before) },
    { label: `due day (${dueDay})`, day: dueDay },
    { label: `escalation (${addDaysIso(dueDay, escalate)}, ${escalate} day(s) after)`, day: addDaysIso(dueDay, escalate) },
  ];

  const forms = await ctx.env.db.selectFrom('form').select(['id', 'code', 'period_type', 'lock_days_after_due']).execute();
  const rules = await ctx.env.db.selectFrom('form_due_rule').selectAll().execute();
  const firstRuns: number[] = [];
  for (const d of days) {
    const at = nineAm(d.day);
    clock.set(at);
    const cands = attentionCandidates(forms, rules, at, before + 1);
    ctx.log(`${d.label}: candidates ${cands.map((c) => `${forms.find((f) => f.id === c.formId)?.code} ${c.period} ${c.kind} due ${c.dueAt.toISOString()}`).join('; ') || 'none'}`);
    const first = await runJobs(app);
    const w1 = await writtenAt(ctx, at);
    const second = await runJobs(app);
    const w2 = await writtenAt(ctx, at);
    firstRuns.push(first.total);
    const line =
      `${d.label}: first run ${secs(first.total)} (reminders ${secs(first.reminders)}, tasks ${secs(first.tasks)}, disbursement ${secs(first.disbursement)}) — ` +
      `${fmt(w1.notifications)} notifications, ${fmt(w1.reminderSent)} reminder_sent, ${fmt(w1.mails)} mail_outbox [${w1.byKind}]; ` +
      `second run ${secs(second.total)}, returned ${second.returned.notified}/${second.returned.mailed}, rows after it ${fmt(w2.notifications)}/${fmt(w2.reminderSent)}/${fmt(w2.mails)}`;
    ctx.log(line);
    notes.push(line);
    const wroteSomething = w1.reminderSent > 0 && w1.notifications > 0 && w1.mails > 0;
    goals.push({ goal: `run at ${d.label} < ${GOAL_SECONDS} s (and writes reminders)`, measured: `${secs(first.total)}, ${fmt(w1.reminderSent)} reminder_sent`, pass: first.total < GOAL_SECONDS * 1000 && wroteSomething });
    const nothingMore = second.returned.notified === 0 && second.returned.mailed === 0 && w2.notifications === w1.notifications && w2.reminderSent === w1.reminderSent && w2.mails === w1.mails;
    goals.push({ goal: `second run at ${d.label} writes nothing (sent once)`, measured: nothingMore ? `nothing more, in ${secs(second.total)}` : `${w2.notifications - w1.notifications}/${w2.reminderSent - w1.reminderSent}/${w2.mails - w1.mails} more rows`, pass: nothingMore });
  }
  const totalSeconds = firstRuns.reduce((a, b) => a + b, 0) / 1000;
  return { summary: summarise(firstRuns, 0, totalSeconds), errorsByCode: {}, goals, notes };
}

export const reminders: Scenario = {
  name: 'reminders',
  description: `deadline reminders for ${fmt(EXPECTED_COMMUNES)} communes × 3 forms on the due-soon, due and escalation days: each run < ${GOAL_SECONDS} s, sent once (issue 6)`,
  run,
};
