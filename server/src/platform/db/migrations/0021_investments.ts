// Investment works and capital (issue 6, item 2): works of the program (công trình) by
// project/sub-project and unit, with a point, the implementing agency, dates, stage and
// physical progress; capital by year, source and kind (allocated, committed); monthly
// disbursements, from which the curve and the rate against the plan are drawn; the plan
// curve's milestones per year; photos and documents (bytea: the project has no file
// storage yet, so files are capped in size and number per work).
// reminder_sent learns about works: form_id becomes optional and work_id names the work,
// with its own sent-once key (kind, work, period = "year:milestone date", recipient,
// channel, fingerprint) for the "disbursement below plan" alert.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence investment_work_code_seq;

    create table investment_work (
      id bigserial primary key,
      code text not null,
      name text not null,
      name_folded text not null,
      program_item_id bigint references program_item (id) on delete set null,
      unit_id bigint not null references org_unit (id),
      -- The distribution key and the reports' grouping: the unit's province.
      province_id bigint not null references org_unit (id),
      lon double precision,
      lat double precision,
      investor text,
      start_date date,
      finish_date date,
      stage text not null default 'preparation' check (stage in ('preparation', 'construction', 'completed', 'settled')),
      progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
      total_investment numeric(18, 3) check (total_investment >= 0),
      description text,
      created_by bigint references app_user (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint investment_work_code_uq unique (province_id, code),
      constraint investment_work_point check ((lon is null) = (lat is null)),
      constraint investment_work_dates check (start_date is null or finish_date is null or start_date <= finish_date)
    );
    create index investment_work_unit_idx on investment_work (unit_id);
    create index investment_work_name_idx on investment_work (province_id, unit_id, name_folded);

    create table investment_capital (
      id bigserial primary key,
      work_id bigint not null references investment_work (id) on delete cascade,
      year int not null,
      source text not null check (source in ('central', 'local', 'other')),
      kind text not null check (kind in ('development', 'recurrent')),
      allocated numeric(18, 3) not null default 0 check (allocated >= 0),
      committed numeric(18, 3) not null default 0 check (committed >= 0),
      constraint investment_capital_uq unique (work_id, year, source, kind)
    );
    create index investment_capital_year_idx on investment_capital (year, work_id);

    -- Disbursed in one month (not cumulative) against one capital line.
    create table investment_disbursement (
      capital_id bigint not null references investment_capital (id) on delete cascade,
      month date not null check (extract(day from month) = 1),
      amount numeric(18, 3) not null check (amount >= 0),
      primary key (capital_id, month)
    );

    create table investment_plan_curve (
      year int primary key,
      milestones jsonb not null,
      updated_by bigint references app_user (id) on delete set null,
      updated_at timestamptz not null
    );

    create table investment_file (
      id bigserial primary key,
      work_id bigint not null references investment_work (id) on delete cascade,
      kind text not null check (kind in ('photo', 'document')),
      file_name text not null,
      content_type text not null,
      size int not null,
      data bytea not null,
      caption text,
      uploaded_by bigint references app_user (id) on delete set null,
      uploaded_at timestamptz not null
    );
    create index investment_file_work_idx on investment_file (work_id, id);

    alter table reminder_sent alter column form_id drop not null;
    alter table reminder_sent add column work_id bigint references investment_work (id) on delete cascade;
    create unique index reminder_sent_work_uq on reminder_sent (kind, work_id, period, user_id, channel, fingerprint) where work_id is not null;
    -- 0020 requires a subject (a form's report or a task); a work is one too.
    alter table reminder_sent drop constraint if exists reminder_sent_subject;
    alter table reminder_sent add constraint reminder_sent_subject check (form_id is not null or task_id is not null or work_id is not null);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from reminder_sent where work_id is not null;
    alter table reminder_sent drop constraint reminder_sent_subject;
    alter table reminder_sent add constraint reminder_sent_subject check (form_id is not null or task_id is not null);
    drop index reminder_sent_work_uq;
    alter table reminder_sent drop column work_id;
    drop table investment_file;
    drop table investment_plan_curve;
    drop table investment_disbursement;
    drop table investment_capital;
    drop table investment_work;
    drop sequence investment_work_code_seq;
  `.execute(db);
}
