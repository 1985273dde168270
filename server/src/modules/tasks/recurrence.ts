// Recurring tasks (pg-boss `tasks.recurrences`, hourly): the engine says which occurrences
// of each active rule should exist on today's Vietnam date (occurrencesDue: appeared
// `leadDays` before the due day, within the rule's dates, not older than the grace
// period); one statement inserts them as tasks under the unique (rule, occurrence) key
// with ON CONFLICT DO NOTHING, adds their co-operating units and audits each new task —
// so a restart, a second run or a second worker at the same moment makes nothing twice.
import { sql } from 'kysely';
import { vietnamDate, periodLabel } from '@shared/engine/periods.ts';
import { occurrencesDue } from '@shared/engine/tasks.ts';
import { foldVietnamese } from '@shared/text.ts';
import type { AppContext } from '../../platform/http/context.ts';

export async function generateRecurringTasks(ctx: AppContext): Promise<{ created: number }> {
  const now = ctx.clock.now();
  const today = vietnamDate(now);
  const rules = await ctx.db
    .selectFrom('task_recurrence')
    .select(['id', 'title', 'frequency', 'due_month', 'due_day', 'days_after', 'lead_days', 'starts_on', 'ends_on'])
    .where('active', '=', true)
    .execute();
  const cand = rules.flatMap((r) =>
    occurrencesDue({ frequency: r.frequency, dueMonth: r.due_month, dueDay: r.due_day, daysAfter: r.days_after, leadDays: r.lead_days, startsOn: r.starts_on, endsOn: r.ends_on }, today).map((o) => {
      const title = `${r.title} — ${periodLabel(o.occurrence, 'vi')}`.slice(0, 300);
      return { ruleId: r.id, ...o, title, folded: foldVietnamese(title) };
    }),
  );
  if (cand.length === 0) return { created: 0 };
  const at = now.toISOString();
  const res = await sql<{ created: number }>`
    with cand(rule_id, occurrence, start_date, due_date, title, title_folded) as (
      select * from unnest(${cand.map((c) => c.ruleId)}::bigint[], ${cand.map((c) => c.occurrence)}::text[], ${cand.map((c) => c.startDate)}::date[],
        ${cand.map((c) => c.dueDate)}::date[], ${cand.map((c) => c.title)}::text[], ${cand.map((c) => c.folded)}::text[])
    ),
    ins as (
      insert into task (plan_id, title, title_folded, description, lead_unit_id, lead_user_id, assigning_unit_id, program_item_id,
        start_date, due_date, recurrence_id, occurrence, created_by, created_at, updated_at)
      select r.plan_id, c.title, c.title_folded, r.description, r.lead_unit_id, r.lead_user_id, r.assigning_unit_id, r.program_item_id,
        c.start_date, c.due_date, r.id, c.occurrence, r.created_by, ${at}::timestamptz, ${at}::timestamptz
      from cand c join task_recurrence r on r.id = c.rule_id
      on conflict on constraint task_occurrence_uq do nothing
      returning id, recurrence_id, occurrence, lead_unit_id, due_date
    ),
    co as (
      insert into task_cooperating_unit (task_id, unit_id)
      select distinct i.id, u.unit_id from ins i join task_recurrence r on r.id = i.recurrence_id
      cross join lateral unnest(r.cooperating_unit_ids) as u(unit_id)
      where u.unit_id <> i.lead_unit_id
      returning 1
    ),
    aud as (
      insert into audit_log (at, actor_user_id, actor_username, action, target_type, target_id, unit_id, details)
      select ${at}::timestamptz, null, 'system', 'task.generated', 'task', i.id::text, i.lead_unit_id,
        jsonb_build_object('recurrenceId', i.recurrence_id::text, 'occurrence', i.occurrence, 'dueDate', i.due_date)
      from ins i
      returning 1
    )
    select (select count(*) from ins)::int as created, (select count(*) from co)::int as cooperating, (select count(*) from aud)::int as audited`.execute(ctx.db);
  return { created: res.rows[0]?.created ?? 0 };
}
