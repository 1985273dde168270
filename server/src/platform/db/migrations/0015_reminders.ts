// Reporting-deadline reminders (issue 6, ADR 0010): reminder_sent records every reminder
// sent, one row per (kind, form, unit, period, recipient, channel) under a unique key; the
// reminder run inserts it with ON CONFLICT DO NOTHING in the same statement as the
// notification and the e-mail, so a restart or a second worker never sends twice.
// mail_outbox holds every e-mail: sent over SMTP when SMTP_URL is set (retried with
// backoff, failed after the last try), otherwise kept for administrators to read.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reminder_sent (
      id bigserial primary key,
      kind text not null,
      form_id bigint not null references form (id) on delete cascade,
      unit_id bigint not null references org_unit (id) on delete cascade,
      period text not null,
      user_id bigint not null references app_user (id) on delete cascade,
      channel text not null check (channel in ('in_app', 'email')),
      sent_at timestamptz not null,
      constraint reminder_sent_uq unique (kind, form_id, unit_id, period, user_id, channel)
    );

    create table mail_outbox (
      id bigserial primary key,
      user_id bigint references app_user (id) on delete set null,
      kind text not null,
      to_address text not null,
      subject text not null,
      body text not null,
      state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed')),
      attempts int not null default 0,
      -- pending: when it is due; sending: when the claim lapses (a crashed worker's mail is taken again).
      next_attempt_at timestamptz not null,
      last_error text,
      -- Folded with the recipient's other digest mails due at the same time into one message (daily digest at 07:00 Vietnam time).
      digest boolean not null default false,
      created_at timestamptz not null,
      sent_at timestamptz
    );
    create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where state in ('pending', 'sending');
    create index mail_outbox_created_idx on mail_outbox (created_at desc, id desc);

    create table notification_preference (
      user_id bigint not null references app_user (id) on delete cascade,
      kind text not null,
      email boolean not null,
      -- E-mail once a day (07:00 Vietnam time) in one digest instead of one by one.
      digest boolean not null default false,
      primary key (user_id, kind)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notification_preference; drop table mail_outbox; drop table reminder_sent;`.execute(db);
}
