// Reporting-deadline reminders (issue 6, ADR 0010). One set-based statement over every
// form, assigned unit and open period decides who is reminded now, records it in
// reminder_sent (unique per kind, form, unit, period, recipient, channel; ON CONFLICT DO
// NOTHING) and, for the rows it really inserted, writes the in-app notification and the
// e-mail into the outbox — all in the one statement, so a restart or a second worker
// running at the same time never sends the same reminder twice.
//   reminder.due_soon  — from REMINDER_DAYS_BEFORE days before the due day (Vietnam time), to the unit's data-entry users;
//   reminder.due_today — on the due day, before the due instant, to the same users;
//   reminder.overdue   — REMINDER_ESCALATE_DAYS days after the due day, to the supervising
//                        unit: the parent unit's users holding form.approve (none there: no escalation,
//                        rather than every commune of a province flooding the central office).
// None once the report is submitted (or approved).
import { sql } from 'kysely';
import { periodLabel } from '@shared/engine/periods.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { assignedSql } from '../forms/forms.repository.ts';
import { dueRules } from '../completeness/completeness.repository.ts';
import { attentionCandidates } from '../completeness/due-instants.ts';
import { digestDueAt } from './mail.ts';

export const REMINDER_KINDS = ['reminder.due_soon', 'reminder.due_today', 'reminder.overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ReminderRunResult {
  notified: number;
  mailed: number;
}

export async function runReminders(ctx: AppContext): Promise<ReminderRunResult> {
  const { db, config } = ctx;
  const now = ctx.clock.now();
  const before = config.REMINDER_DAYS_BEFORE;
  const escalate = config.REMINDER_ESCALATE_DAYS;
  const forms = await db.selectFrom('form').select(['id', 'period_type', 'lock_days_after_due']).execute();
  const rules = await dueRules(db, forms.map((f) => f.id));
  // Periods started, not locked, due before now + N days (+1: the due day's end is the due instant).
  const c = attentionCandidates(forms, rules, now, before + 1);
  if (c.length === 0) return { notified: 0, mailed: 0 };
  const nowIso = now.toISOString();
  const res = await sql<{ notified: string; mailed: string }>`
    with cand(form_id, period, kind, due_at, period_vi, period_en) as (
      select * from unnest(${c.map((x) => x.formId)}::bigint[], ${c.map((x) => x.period)}::text[], ${c.map((x) => x.kind)}::text[],
        ${c.map((x) => x.dueAt.toISOString())}::timestamptz[], ${c.map((x) => periodLabel(x.period, 'vi'))}::text[], ${c.map((x) => periodLabel(x.period, 'en'))}::text[])
    ),
    today as (select (${nowIso}::timestamptz at time zone 'Asia/Ho_Chi_Minh')::date as d),
    x as (
      select cand.form_id, cand.period, cand.period_vi, cand.period_en, cand.due_at, u.id as unit_id, u.parent_id,
        (cand.due_at at time zone 'Asia/Ho_Chi_Minh')::date as due_day
      from cand
      join org_unit u on u.kind::text = cand.kind and u.valid_to is null and u.hierarchy in ('2025', 'all')
      left join submission s on s.form_id = cand.form_id and s.unit_id = u.id and s.period = cand.period
      where (s.state is null or s.state in ('draft', 'returned'))
        and ${assignedSql(sql.ref('cand.form_id'), sql.ref('u.id'))}
    ),
    k as (
      select x.*,
        case
          when today.d < x.due_day and today.d >= x.due_day - ${before}::int then 'reminder.due_soon'
          when today.d = x.due_day and ${nowIso}::timestamptz <= x.due_at then 'reminder.due_today'
          when today.d >= x.due_day + ${escalate}::int then 'reminder.overdue'
        end as kind
      from x cross join today
    ),
    own as (
      select distinct k.kind, k.form_id, k.unit_id, k.period, ua.user_id
      from k
      join user_assignment ua on ua.unit_id = k.unit_id
      join role r on r.id = ua.role_id
      join app_user au on au.id = ua.user_id
      where k.kind in ('reminder.due_soon', 'reminder.due_today') and 'data.enter' = any(r.permissions) and au.active
    ),
    sup as (
      select distinct k.kind, k.form_id, k.unit_id, k.period, ua.user_id
      from k
      join user_assignment ua on ua.unit_id = k.parent_id
      join role r on r.id = ua.role_id
      join app_user au on au.id = ua.user_id
      where k.kind = 'reminder.overdue' and 'form.approve' = any(r.permissions) and au.active
    ),
    rcpt as (
      select * from own
      union
      select * from sup
    ),
    ch as (
      select rcpt.*, 'in_app' as channel, false as digest from rcpt
      union all
      select rcpt.*, 'email', coalesce(np.digest, false) from rcpt
      join app_user au on au.id = rcpt.user_id
      left join notification_preference np on np.user_id = rcpt.user_id and np.kind = rcpt.kind
      where au.email is not null and au.email <> '' and coalesce(np.email, true)
    ),
    ins as (
      insert into reminder_sent (kind, form_id, unit_id, period, user_id, channel, sent_at)
      select kind, form_id, unit_id, period, user_id, channel, ${nowIso}::timestamptz from ch
      on conflict do nothing
      returning kind, form_id, unit_id, period, user_id, channel
    ),
    msg as (
      select i.*, f.code as form_code, f.name_vi as form_name, u.name as unit_name, cand.period_vi, cand.period_en,
        to_char((cand.due_at at time zone 'Asia/Ho_Chi_Minh')::date, 'DD/MM/YYYY') as due_vi, au.email, coalesce(np.digest, false) as digest
      from ins i
      left join notification_preference np on np.user_id = i.user_id and np.kind = i.kind
      join org_unit u on u.id = i.unit_id
      join cand on cand.form_id = i.form_id and cand.period = i.period and cand.kind = u.kind::text
      join form f on f.id = i.form_id
      join app_user au on au.id = i.user_id
    ),
    -- One bell entry per recipient, kind, form and period: a province whose 130 communes are
    -- late gets "Xã A và 129 đơn vị khác", linking to the reporting progress, not 130 entries.
    notif as (
      insert into notification (user_id, kind, params, link, created_at)
      select user_id, kind,
        jsonb_build_object('formCode', min(form_code), 'formName', min(form_name), 'unitName', min(unit_name), 'unitCount', count(*),
          'unitsVi', case when count(*) = 1 then min(unit_name) else format('%s và %s đơn vị khác', min(unit_name), count(*) - 1) end,
          'unitsEn', case when count(*) = 1 then min(unit_name) else format('%s and %s other units', min(unit_name), count(*) - 1) end,
          'period', period, 'periodVi', min(period_vi), 'periodEn', min(period_en), 'dueDate', min(due_vi)),
        case when count(*) = 1 then '/data-entry?form=' || form_id || '&unit=' || min(unit_id) || '&period=' || period else '/completeness' end,
        ${nowIso}::timestamptz
      from msg where channel = 'in_app'
      group by user_id, kind, form_id, period
      returning 1
    ),
    mail as (
      insert into mail_outbox (user_id, kind, to_address, subject, body, digest, next_attempt_at, created_at)
      select user_id, kind, email,
        case kind
          when 'reminder.due_soon' then format('[Trường Sơn] Sắp đến hạn báo cáo %s kỳ %s — %s', form_code, period_vi, unit_name)
          when 'reminder.due_today' then format('[Trường Sơn] Hôm nay là hạn báo cáo %s kỳ %s — %s', form_code, period_vi, unit_name)
          else format('[Trường Sơn] Quá hạn báo cáo %s kỳ %s — %s', form_code, period_vi, unit_name)
        end,
        case kind
          when 'reminder.due_soon' then format(E'Báo cáo %s (%s) kỳ %s của %s đến hạn ngày %s và chưa được gửi.\\n\\nReport %s for %s of %s is due on %s and has not been submitted.', form_code, form_name, period_vi, unit_name, due_vi, form_code, period_en, unit_name, due_vi)
          when 'reminder.due_today' then format(E'Hôm nay (%s) là hạn gửi báo cáo %s (%s) kỳ %s của %s.\\n\\nReport %s for %s of %s is due today (%s).', due_vi, form_code, form_name, period_vi, unit_name, form_code, period_en, unit_name, due_vi)
          else format(E'Báo cáo %s (%s) kỳ %s của %s đã quá hạn (hạn ngày %s) mà chưa được gửi. Đề nghị đơn vị quản lý đôn đốc.\\n\\nReport %s for %s of %s is overdue (due %s) and has not been submitted.', form_code, form_name, period_vi, unit_name, due_vi, form_code, period_en, unit_name, due_vi)
        end,
        digest,
        -- A digest mail waits for the next 07:00 in Vietnam.
        case when digest then ${digestDueAt(now).toISOString()}::timestamptz else ${nowIso}::timestamptz end,
        ${nowIso}::timestamptz
      from msg where channel = 'email'
      returning 1
    )
    select (select count(*) from notif)::text as notified, (select count(*) from mail)::text as mailed`.execute(db);
  const row = res.rows[0];
  return { notified: Number(row?.notified ?? 0), mailed: Number(row?.mailed ?? 0) };
}
