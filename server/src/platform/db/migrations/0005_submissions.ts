// Submission and approval (DHIS2's data approval, per form rather than per workflow):
// one submission per (form, unit, period) with a state and a version that every
// transition bumps (two reviewers acting on one version: exactly one wins), an
// append-only event history with the cells a return questioned, and in-app
// notifications for the people concerned. A missing submission row is a draft.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table submission (
      id bigserial primary key,
      form_id bigint not null references form(id),
      unit_id bigint not null references org_unit(id),
      period text not null,
      province_id bigint,
      state text not null check (state in ('draft', 'submitted', 'returned', 'approved')),
      version int not null default 0,
      first_submitted_at timestamptz,
      submitted_at timestamptz,
      submitted_by bigint references app_user(id),
      on_time boolean,
      decided_at timestamptz,
      decided_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      unique (form_id, unit_id, period)
    );
    create index submission_form_period_idx on submission (form_id, period, state);

    create table submission_event (
      id bigserial primary key,
      submission_id bigint not null references submission(id),
      action text not null check (action in ('submit', 'recall', 'approve', 'return', 'unapprove')),
      from_state text not null,
      to_state text not null,
      actor_id bigint references app_user(id),
      at timestamptz not null default now(),
      comment text
    );
    create index submission_event_submission_idx on submission_event (submission_id, id);

    -- Cells questioned by a return: shown on the grid until the submission is approved.
    create table submission_cell_comment (
      id bigserial primary key,
      submission_id bigint not null references submission(id),
      event_id bigint not null references submission_event(id),
      data_element_id bigint not null references data_element(id),
      coc_id bigint not null references category_option_combo(id),
      comment text not null,
      resolved_at timestamptz
    );
    create index submission_cell_comment_idx on submission_cell_comment (submission_id) where resolved_at is null;

    create table notification (
      id bigserial primary key,
      user_id bigint not null references app_user(id),
      kind text not null,
      params jsonb not null default '{}',
      link text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notification_user_idx on notification (user_id, id desc);
    create index notification_unread_idx on notification (user_id) where read_at is null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
