// Task reminders (issue 6 items 1 and 3), the same mechanism as the reporting-deadline
// reminders (reminders.ts, ADR 0010): one set-based statement over every open task decides
// who is reminded now, records it in reminder_sent (task_id + the due day as `period`, under
// the partial unique key reminder_sent_task_uq; ON CONFLICT DO NOTHING) and, for the rows
// it really inserted, writes the bell entry and the e-mail into the outbox per the user's
// preferences and daily digest — so a restart or a second worker never sends twice.
//   task.due_soon  — from TASK_REMINDER_DAYS_BEFORE days before the due day (Vietnam time);
//   task.due_today — on the due day;
//   task.overdue   — once, from the day after the due day.
// Recipients: the lead person; when there is none, the active users assigned to the lead
// unit. None once the task is done or cancelled; moving the due day arms them again.
import { sql } from 'kysely';
import { vietnamDate } from '@shared/engine/periods.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { digestDueAt } from './mail.ts';

export const TASK_REMINDER_KINDS = ['task.due_soon', 'task.due_today', 'task.overdue'] as const;

export async function runTaskReminders(ctx: AppContext): Promise<{ notified: number; mailed: number }> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const today = vietnamDate(now);
  const before = ctx.config.TASK_REMINDER_DAYS_BEFORE;
  const res = await sql<{ notified: number; mailed: number }>`
    with k as (
      select t.id as task_id, t.title, t.lead_unit_id, t.lead_user_id, t.due_date, to_char(t.due_date, 'DD/MM/YYYY') as due_vi, u.full_name as unit_name,
        case
          when ${today}::date < t.due_date then 'task.due_soon'
          when ${today}::date = t.due_date then 'task.due_today'
          else 'task.overdue'
        end as kind
      from task t join org_unit u on u.id = t.lead_unit_id
      where t.status not in ('done', 'cancelled') and t.due_date <= ${today}::date + ${before}::int
    ),
    rcpt as (
      select k.kind, k.task_id, k.lead_unit_id, k.due_date, k.lead_user_id as user_id from k
      join app_user au on au.id = k.lead_user_id where au.active
      union
      select k.kind, k.task_id, k.lead_unit_id, k.due_date, ua.user_id from k
      join user_assignment ua on ua.unit_id = k.lead_unit_id
      join app_user au on au.id = ua.user_id
      where k.lead_user_id is null and au.active
    ),
    ch as (
      select rcpt.*, 'in_app' as channel from rcpt
      union all
      select rcpt.*, 'email' from rcpt
      join app_user au on au.id = rcpt.user_id
      left join notification_preference np on np.user_id = rcpt.user_id and np.kind = rcpt.kind
      where au.email is not null and au.email <> '' and coalesce(np.email, true)
    ),
    ins as (
      insert into reminder_sent (kind, task_id, unit_id, period, user_id, channel, sent_at)
      select kind, task_id, lead_unit_id, due_date::text, user_id, channel, ${nowIso}::timestamptz from ch
      on conflict do nothing
      returning kind, task_id, user_id, channel
    ),
    msg as (
      select i.*, k.title, k.unit_name, k.due_vi, au.email, coalesce(np.digest, false) as digest
      from ins i
      join k on k.task_id = i.task_id
      join app_user au on au.id = i.user_id
      left join notification_preference np on np.user_id = i.user_id and np.kind = i.kind
    ),
    notif as (
      insert into notification (user_id, kind, params, link, created_at)
      select user_id, kind, jsonb_build_object('title', title, 'unitName', unit_name, 'dueDate', due_vi, 'taskId', task_id::text),
        '/tasks/' || task_id, ${nowIso}::timestamptz
      from msg where channel = 'in_app'
      returning 1
    ),
    mail as (
      insert into mail_outbox (user_id, kind, to_address, subject, body, digest, next_attempt_at, created_at)
      select user_id, kind, email,
        case kind
          when 'task.due_soon' then format('[Trường Sơn] Nhiệm vụ sắp đến hạn (%s): %s', due_vi, title)
          when 'task.due_today' then format('[Trường Sơn] Hôm nay là hạn nhiệm vụ: %s', title)
          else format('[Trường Sơn] Nhiệm vụ trễ hạn: %s', title)
        end,
        case kind
          when 'task.due_soon' then format(E'Nhiệm vụ "%s" do %s chủ trì đến hạn ngày %s và chưa hoàn thành.\\n\\nThe task "%s" led by %s is due on %s and is not finished.', title, unit_name, due_vi, title, unit_name, due_vi)
          when 'task.due_today' then format(E'Hôm nay (%s) là hạn hoàn thành nhiệm vụ "%s" do %s chủ trì.\\n\\nThe task "%s" led by %s is due today (%s).', due_vi, title, unit_name, title, unit_name, due_vi)
          else format(E'Nhiệm vụ "%s" do %s chủ trì đã trễ hạn (hạn ngày %s) mà chưa hoàn thành.\\n\\nThe task "%s" led by %s is overdue (due %s).', title, unit_name, due_vi, title, unit_name, due_vi)
        end,
        digest,
        case when digest then ${digestDueAt(now).toISOString()}::timestamptz else ${nowIso}::timestamptz end,
        ${nowIso}::timestamptz
      from msg where channel = 'email'
      returning 1
    )
    select (select count(*) from notif)::int as notified, (select count(*) from mail)::int as mailed`.execute(ctx.db);
  const row = res.rows[0];
  return { notified: row?.notified ?? 0, mailed: row?.mailed ?? 0 };
}
