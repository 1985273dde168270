// Alerts of indicators below their target on approval (issue 6, ADR 0010): reminder_sent
// gains `fingerprint`, part of its sent-once key. The deadline reminders leave it empty
// (their key is unchanged); the target.below alert stores a digest of the missed figures
// (indicator, value, target), so approving the same figures again alerts nobody twice,
// while a re-approval with different figures alerts again.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table reminder_sent add column fingerprint text not null default '';
    alter table reminder_sent drop constraint reminder_sent_uq;
    alter table reminder_sent add constraint reminder_sent_uq unique (kind, form_id, unit_id, period, user_id, channel, fingerprint);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from reminder_sent where fingerprint <> '';
    alter table reminder_sent drop constraint reminder_sent_uq;
    alter table reminder_sent add constraint reminder_sent_uq unique (kind, form_id, unit_id, period, user_id, channel);
    alter table reminder_sent drop column fingerprint;
  `.execute(db);
}
