// Sector database connectors (issue 7, item 6; ADR 0009): a connector pulls a file from
// another ministry's system over HTTP (a bearer token by OAuth 2.0 client credentials) or
// takes an uploaded one, maps the external codes to our units and data elements through an
// editable table, and writes through the normal import path. Each run keeps its
// reconciliation report. The connector's client secret is sealed (platform/secrets.ts),
// never stored in the clear. At most one run per connector is 'running' at a time (the
// partial unique index), across processes.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table connector (
      id bigserial primary key,
      code text not null unique constraint connector_code_format check (code ~ '^[a-z0-9][a-z0-9_-]{1,49}$'),
      name text not null,
      kind text not null check (kind in ('http', 'file')),
      format text not null check (format in ('csv', 'json')),
      -- The built-in layout of the external file (connectors/profiles.ts).
      profile text not null,
      source_url text,
      token_url text,
      client_id text,
      client_secret_sealed text,
      token_scope text,
      -- Rows for units outside this subtree are reported, never written (null: everywhere).
      scope_unit_id bigint references org_unit (id),
      -- Five-field cron in Vietnam time; null: run by hand only.
      schedule text,
      enabled boolean not null default true,
      -- The fire time of the last scheduled run that was started (the scheduler's claim).
      last_scheduled_at timestamptz,
      created_by bigint references app_user (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint connector_http_source check (kind = 'file' or source_url is not null),
      constraint connector_token_pair check ((token_url is null) = (client_id is null)),
      constraint connector_schedule_http check (schedule is null or kind = 'http')
    );

    create table connector_mapping (
      id bigserial primary key,
      connector_id bigint not null references connector (id) on delete cascade,
      kind text not null check (kind in ('unit', 'element')),
      external_code text not null,
      unit_id bigint references org_unit (id) on delete cascade,
      data_element_id bigint references data_element (id) on delete cascade,
      coc_id bigint references category_option_combo (id) on delete cascade,
      updated_by bigint references app_user (id) on delete set null,
      updated_at timestamptz not null,
      constraint connector_mapping_target check (
        (kind = 'unit' and unit_id is not null and data_element_id is null and coc_id is null)
        or (kind = 'element' and unit_id is null and data_element_id is not null and coc_id is not null)),
      unique (connector_id, kind, external_code)
    );

    create table connector_run (
      id bigserial primary key,
      connector_id bigint not null references connector (id) on delete cascade,
      trigger text not null check (trigger in ('manual', 'schedule', 'upload')),
      dry_run boolean not null,
      state text not null check (state in ('running', 'done', 'rejected', 'failed')),
      started_at timestamptz not null,
      finished_at timestamptz,
      triggered_by bigint references app_user (id) on delete set null,
      file_name text,
      sha256 text,
      rows_read int,
      -- { new, changed, unchanged, unmapped, conflicting, written }
      counts jsonb,
      report jsonb,
      error text
    );
    create index connector_run_connector_idx on connector_run (connector_id, id desc);
    create unique index connector_run_one_running on connector_run (connector_id) where state = 'running';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
