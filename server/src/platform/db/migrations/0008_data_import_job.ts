// Large data-value imports run as jobs (issue 4): one row per import above the job
// threshold, with its state, phase and progress for the progress bar, and the final
// report. Only the user who started a job (or an administrator) reads it. The file
// itself is never stored: rows are held in memory by the process running the job; a
// job the process did not finish (restart) is marked failed at start-up.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_import_job (
      id bigserial primary key,
      user_id bigint not null references app_user(id),
      format text not null check (format in ('json', 'csv', 'xlsx')),
      dry_run boolean not null,
      file_name text,
      sha256 text not null,
      state text not null check (state in ('queued', 'running', 'done', 'rejected', 'failed')),
      phase text not null check (phase in ('queued', 'validating', 'writing', 'done')),
      total int not null,
      validated int not null default 0,
      written int not null default 0,
      report jsonb,
      error jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index data_import_job_user_idx on data_import_job (user_id, id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
