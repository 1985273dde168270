// The "disbursement below plan" alert (giải ngân chậm, issue 6 item 3; kind
// disbursement.below_plan). When a milestone of a capital year's plan curve has passed
// (its day ended, Vietnam time, by ctx.clock) — and for ALERT_WINDOW_DAYS after it, so a
// first run on old data does not dig up milestones of past years — one set-based
// statement compares, for every work with capital that year, the cumulative disbursement
// to the end of the milestone's month with allocated × the milestone's share. Works below
// it alert:
//   - the active users holding investment.manage at the work's unit, and
//   - the active users holding form.approve at the work's province (the province's approvers).
// Sent once per (work, year and milestone, recipient, channel): reminder_sent with work_id
// and period "2026:2026-06-30" under its unique index, ON CONFLICT DO NOTHING, in the same
// statement as the bell entries and the e-mails, so a restart or two workers at once never
// send twice. A work on track at the milestone alerts nobody. One bell entry per
// recipient and milestone ("Đường … và 4 công trình khác"), one e-mail per recipient and
// milestone listing the works, by the outbox as each user chose (off, at once, daily digest).
import { sql } from 'kysely';
import { milestoneDate, milestoneLabel, sortedMilestones } from '@shared/engine/disbursement.ts';
import { addDays, vietnamDate } from '@shared/engine/periods.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { curvesFor } from '../investments/plan-curve.ts';
import { digestDueAt } from './mail.ts';

export const DISBURSEMENT_ALERT_KIND = 'disbursement.below_plan';
/** Days after a milestone during which it is checked. */
export const ALERT_WINDOW_DAYS = 31;

export interface MilestoneCandidate {
  year: number;
  /** reminder_sent.period: "year:yyyy-mm-dd". */
  key: string;
  share: number;
  /** First day of the milestone's month: disbursements of months up to it count. */
  month: string;
  label: string;
}

/** The milestones to check on `today`: passed, at most ALERT_WINDOW_DAYS ago. */
export function milestonesToCheck(curves: Map<number, { milestones: { month: number; day: number; nextYear: boolean; share: number }[] }>, today: string): MilestoneCandidate[] {
  const from = addDays(today, -ALERT_WINDOW_DAYS);
  const out: MilestoneCandidate[] = [];
  for (const [year, curve] of curves) {
    for (const m of sortedMilestones(curve.milestones, year)) {
      const date = milestoneDate(year, m);
      if (date < today && date >= from && m.share > 0) out.push({ year, key: `${year}:${date}`, share: m.share, month: `${date.slice(0, 7)}-01`, label: milestoneLabel(year, m) });
    }
  }
  return out;
}

export interface DisbursementAlertResult {
  notified: number;
  mailed: number;
}

export async function runDisbursementAlerts(ctx: AppContext): Promise<DisbursementAlertResult> {
  const { db } = ctx;
  const now = ctx.clock.now();
  const today = vietnamDate(now);
  const years = await db.selectFrom('investment_capital').select('year').distinct().where('year', '>=', Number(today.slice(0, 4)) - 2).execute();
  const c = milestonesToCheck(await curvesFor(db, years.map((y) => y.year)), today);
  if (c.length === 0) return { notified: 0, mailed: 0 };
  const nowIso = now.toISOString();
  const res = await sql<{ notified: string; mailed: string }>`
    with ms(year, key, share, month, label) as (
      select * from unnest(${c.map((x) => x.year)}::int[], ${c.map((x) => x.key)}::text[], ${c.map((x) => x.share)}::numeric[], ${c.map((x) => x.month)}::date[], ${c.map((x) => x.label)}::text[])
    ),
    fig as (
      select w.id as work_id, w.unit_id, w.province_id, ms.key, ms.year, ms.share, ms.label,
        sum(c.allocated) as allocated,
        coalesce(sum((select sum(d.amount) from investment_disbursement d where d.capital_id = c.id and d.month <= ms.month)), 0) as disbursed
      from ms
      join investment_capital c on c.year = ms.year
      join investment_work w on w.id = c.work_id
      group by w.id, ms.key, ms.year, ms.share, ms.label
    ),
    behind as (
      select * from fig where allocated > 0 and disbursed < allocated * share / 100
    ),
    rcpt as (
      select b.work_id, b.unit_id, b.key, ua.user_id
      from behind b
      join user_assignment ua on ua.unit_id = b.unit_id
      join role r on r.id = ua.role_id
      join app_user au on au.id = ua.user_id
      where 'investment.manage' = any(r.permissions) and au.active
      union
      select b.work_id, b.unit_id, b.key, ua.user_id
      from behind b
      join user_assignment ua on ua.unit_id = b.province_id
      join role r on r.id = ua.role_id
      join app_user au on au.id = ua.user_id
      where 'form.approve' = any(r.permissions) and au.active
    ),
    ch as (
      select rcpt.*, 'in_app' as channel from rcpt
      union all
      select rcpt.*, 'email' from rcpt
      join app_user au on au.id = rcpt.user_id
      left join notification_preference np on np.user_id = rcpt.user_id and np.kind = ${DISBURSEMENT_ALERT_KIND}
      where au.email is not null and au.email <> '' and coalesce(np.email, true)
    ),
    ins as (
      insert into reminder_sent (kind, form_id, work_id, unit_id, period, user_id, channel, sent_at)
      select ${DISBURSEMENT_ALERT_KIND}, null, work_id, unit_id, key, user_id, channel, ${nowIso}::timestamptz from ch
      on conflict do nothing
      returning work_id, period, user_id, channel
    ),
    msg as (
      select i.*, w.code, w.name as work_name, u.name as unit_name, b.year, b.share, b.label, b.allocated, b.disbursed,
        replace(round(b.disbursed * 100 / b.allocated, 1)::text, '.', ',') as rate_vi,
        round(b.disbursed * 100 / b.allocated, 1)::text as rate_en,
        replace(trim_scale(b.share)::text, '.', ',') as share_vi,
        trim_scale(b.share)::text as share_en,
        au.email, coalesce(np.digest, false) as digest
      from ins i
      join behind b on b.work_id = i.work_id and b.key = i.period
      join investment_work w on w.id = i.work_id
      join org_unit u on u.id = w.unit_id
      join app_user au on au.id = i.user_id
      left join notification_preference np on np.user_id = i.user_id and np.kind = ${DISBURSEMENT_ALERT_KIND}
    ),
    notif as (
      insert into notification (user_id, kind, params, link, created_at)
      select user_id, ${DISBURSEMENT_ALERT_KIND},
        jsonb_build_object(
          'count', count(*)::text, 'year', min(year)::text, 'milestone', min(label), 'shareVi', min(share_vi), 'shareEn', min(share_en),
          'worksVi', case when count(*) = 1 then format('%s (%s, đạt %s %%)', min(work_name), min(unit_name), min(rate_vi)) else format('%s và %s công trình khác', min(work_name), count(*) - 1) end,
          'worksEn', case when count(*) = 1 then format('%s (%s, %s%%)', min(work_name), min(unit_name), min(rate_en)) else format('%s and %s other works', min(work_name), count(*) - 1) end),
        case when count(*) = 1 then '/investments/' || min(work_id) || '?year=' || min(year) else '/investments?behind=true&year=' || min(year) end,
        ${nowIso}::timestamptz
      from msg where channel = 'in_app'
      group by user_id, period
      returning 1
    ),
    mail as (
      insert into mail_outbox (user_id, kind, to_address, subject, body, digest, next_attempt_at, created_at)
      select user_id, ${DISBURSEMENT_ALERT_KIND}, min(email),
        format('[Trường Sơn] Giải ngân chậm: %s công trình chưa đạt %s %% vốn năm %s đến %s', count(*), min(share_vi), min(year), min(label)),
        format(E'Đến mốc %s, %s công trình dưới đây giải ngân chưa đạt kế hoạch %s %% vốn năm %s:\\n%s\\n\\nBy the %s milestone, %s works have disbursed less than the planned %s%% of their %s capital.',
          min(label), count(*), min(share_vi), min(year),
          string_agg(format('- %s (%s, %s): giải ngân %s/%s triệu đồng, đạt %s %%', work_name, code, unit_name, replace(trim_scale(disbursed)::text, '.', ','), replace(trim_scale(allocated)::text, '.', ','), rate_vi), E'\\n' order by work_name),
          min(label), count(*), min(share_en), min(year)),
        bool_or(digest),
        case when bool_or(digest) then ${digestDueAt(now).toISOString()}::timestamptz else ${nowIso}::timestamptz end,
        ${nowIso}::timestamptz
      from msg where channel = 'email'
      group by user_id, period
      returning 1
    )
    select (select count(*) from notif)::text as notified, (select count(*) from mail)::text as mailed`.execute(db);
  const row = res.rows[0];
  return { notified: Number(row?.notified ?? 0), mailed: Number(row?.mailed ?? 0) };
}
