// The public API /api/v1 (issue 7): each client gets a per-minute call limit, and every
// call is logged (client, endpoint, status, duration, rows) in api_call — an append-only
// table of its own rather than audit_log, so the administrators' "recent calls and error
// rate" per client reads one index, and a busy integration does not crowd the audit log
// (ADR 0007). Imports through the API run as the client, not as a user: a data import
// job belongs to a user or to an API client.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table api_client
      add column rate_limit_per_minute int not null default 600
        constraint api_client_rate_limit_positive check (rate_limit_per_minute between 1 and 100000);

    create table api_call (
      id bigserial primary key,
      client_id bigint not null references api_client (id) on delete cascade,
      at timestamptz not null,
      method text not null,
      -- The route pattern (/api/v1/units/:id), so calls group by endpoint; url keeps the query.
      route text not null,
      url text not null,
      status int not null,
      duration_ms real not null,
      -- Records returned or written (null where the call carries no rows).
      rows int,
      ip text,
      request_id text
    );
    create index api_call_client_at_idx on api_call (client_id, at desc);
    create index api_call_at_idx on api_call (at);

    create function api_call_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'api_call is append-only';
      end if;
      return old;
    end $$;
    create trigger api_call_guard before update on api_call
      for each row execute function api_call_guard();

    alter table data_import_job
      alter column user_id drop not null,
      add column api_client_id bigint references api_client (id) on delete cascade,
      add constraint data_import_job_owner check ((user_id is null) <> (api_client_id is null)),
      drop constraint data_import_job_format_check,
      add constraint data_import_job_format_check check (format in ('json', 'csv', 'xlsx', 'adx'));
    create index data_import_job_client_idx on data_import_job (api_client_id, id) where api_client_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
