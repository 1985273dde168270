// Tasks (nhiệm vụ, issue 6 item 1): plans, tasks (a tree through parent_id) with a lead
// unit and person, the unit that assigned them (and rates their quality), co-operating
// units, an optional program item, Vietnam calendar dates, status, progress, comments
// and attachments (bytea, bounded by UPLOAD_LIMIT_BYTES); recurring rules whose
// occurrences are tasks under a unique (rule, occurrence) key, so the generator may run
// twice at once; the score rule (one row of configuration). Task reminders use
// reminder_sent: form_id becomes optional and a task_id joins, with its own sent-once key.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table task_plan (
      id bigserial primary key,
      name text not null check (char_length(name) between 1 and 300),
      name_folded text not null,
      description text,
      unit_id bigint not null references org_unit (id),
      year int,
      created_by bigint references app_user (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index task_plan_unit_idx on task_plan (unit_id);

    create table task_recurrence (
      id bigserial primary key,
      plan_id bigint references task_plan (id) on delete set null,
      title text not null check (char_length(title) between 1 and 300),
      description text,
      lead_unit_id bigint not null references org_unit (id),
      lead_user_id bigint references app_user (id) on delete set null,
      assigning_unit_id bigint not null references org_unit (id),
      cooperating_unit_ids bigint[] not null default '{}',
      program_item_id bigint references program_item (id) on delete set null,
      frequency text not null check (frequency in ('yearly', 'quarterly', 'monthly')),
      due_month int check (due_month between 1 and 12),
      due_day int check (due_day between 1 and 31),
      days_after int check (days_after between 0 and 120),
      lead_days int not null check (lead_days between 0 and 366),
      starts_on date not null,
      ends_on date,
      active boolean not null default true,
      created_by bigint references app_user (id) on delete set null,
      created_at timestamptz not null,
      check (frequency <> 'yearly' or (due_month is not null and due_day is not null)),
      check (frequency = 'yearly' or days_after is not null)
    );

    create table task (
      id bigserial primary key,
      plan_id bigint references task_plan (id) on delete set null,
      parent_id bigint references task (id) on delete cascade,
      title text not null check (char_length(title) between 1 and 300),
      -- foldVietnamese(title): search without diacritics.
      title_folded text not null,
      description text,
      lead_unit_id bigint not null references org_unit (id),
      lead_user_id bigint references app_user (id) on delete set null,
      assigning_unit_id bigint not null references org_unit (id),
      program_item_id bigint references program_item (id) on delete set null,
      -- Calendar days in Vietnam: due means "by the end of that day".
      start_date date not null,
      due_date date not null,
      status text not null default 'not_started' check (status in ('not_started', 'in_progress', 'done', 'paused', 'cancelled')),
      progress int not null default 0 check (progress between 0 and 100),
      -- The Vietnam day the task was marked done (lateness is counted against it).
      completed_date date,
      deliverables text,
      quality int check (quality between 1 and 5),
      quality_note text,
      rated_by bigint references app_user (id) on delete set null,
      rated_at timestamptz,
      recurrence_id bigint references task_recurrence (id) on delete set null,
      occurrence text,
      version int not null default 1,
      created_by bigint references app_user (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (start_date <= due_date),
      check ((status = 'done') = (completed_date is not null)),
      constraint task_occurrence_uq unique (recurrence_id, occurrence)
    );
    create index task_lead_unit_idx on task (lead_unit_id);
    create index task_assigning_unit_idx on task (assigning_unit_id);
    create index task_lead_user_idx on task (lead_user_id);
    create index task_parent_idx on task (parent_id);
    create index task_plan_idx on task (plan_id);
    create index task_open_due_idx on task (due_date) where status not in ('done', 'cancelled');

    create table task_cooperating_unit (
      task_id bigint not null references task (id) on delete cascade,
      unit_id bigint not null references org_unit (id),
      primary key (task_id, unit_id)
    );
    create index task_cooperating_unit_unit_idx on task_cooperating_unit (unit_id);

    create table task_comment (
      id bigserial primary key,
      task_id bigint not null references task (id) on delete cascade,
      author_id bigint references app_user (id) on delete set null,
      body text not null,
      created_at timestamptz not null
    );
    create index task_comment_task_idx on task_comment (task_id, created_at);

    create table task_attachment (
      id bigserial primary key,
      task_id bigint not null references task (id) on delete cascade,
      file_name text not null,
      content_type text not null,
      size int not null,
      sha256 text not null,
      data bytea not null,
      uploaded_by bigint references app_user (id) on delete set null,
      created_at timestamptz not null
    );
    create index task_attachment_task_idx on task_attachment (task_id);

    -- The score rule: one row of configuration (points on time, minus per day late with a floor, weights).
    create table task_score_rule (
      id int primary key default 1 check (id = 1),
      on_time_points numeric not null,
      late_penalty_per_day numeric not null,
      late_floor numeric not null,
      timeliness_weight numeric not null,
      quality_weight numeric not null,
      updated_by bigint references app_user (id) on delete set null,
      updated_at timestamptz
    );
    insert into task_score_rule (id, on_time_points, late_penalty_per_day, late_floor, timeliness_weight, quality_weight) values (1, 100, 5, 20, 0.6, 0.4);

    alter table reminder_sent alter column form_id drop not null;
    alter table reminder_sent add column task_id bigint references task (id) on delete cascade;
    alter table reminder_sent add constraint reminder_sent_subject check (form_id is not null or task_id is not null);
    -- Task reminders: once per kind, task, due day (the period column), recipient and channel;
    -- a new due day arms them again.
    create unique index reminder_sent_task_uq on reminder_sent (kind, task_id, period, user_id, channel) where task_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from reminder_sent where task_id is not null;
    drop index reminder_sent_task_uq;
    alter table reminder_sent drop constraint reminder_sent_subject;
    alter table reminder_sent drop column task_id;
    alter table reminder_sent alter column form_id set not null;
    drop table task_score_rule; drop table task_attachment; drop table task_comment; drop table task_cooperating_unit;
    drop table task; drop table task_recurrence; drop table task_plan;
  `.execute(db);
}
