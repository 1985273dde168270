// Data values (DHIS2's aggregate data values): one row per cell, keyed by
// (data element, category option combo, unit, period) — form-independent, so a value
// entered on one form shows on every form laying out the same element. province_id is
// the future distribution key (Citus-style) and is derived from the unit on write.
// Every write (screen, import, API) appends a history row; the client's change id makes
// a replayed save a no-op.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_value (
      data_element_id bigint not null references data_element(id),
      coc_id bigint not null references category_option_combo(id),
      unit_id bigint not null references org_unit(id),
      period text not null,
      province_id bigint,
      -- Canonical text from the engine ('1234.5', 'true', '2025-07-15', NFC text);
      -- null when the cell was cleared (the row keeps its comment and version).
      value text,
      numeric_value numeric,
      comment text,
      updated_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      source text not null check (source in ('screen', 'import', 'api')),
      version int not null default 1,
      primary key (data_element_id, coc_id, unit_id, period)
    );
    create index data_value_unit_period_idx on data_value (unit_id, period);

    create table data_value_history (
      id bigserial primary key,
      data_element_id bigint not null,
      coc_id bigint not null,
      unit_id bigint not null,
      period text not null,
      old_value text,
      new_value text,
      comment text,
      changed_by bigint references app_user(id),
      changed_at timestamptz not null default now(),
      source text not null check (source in ('screen', 'import', 'api')),
      client_change_id text
    );
    create index data_value_history_key_idx on data_value_history (data_element_id, coc_id, unit_id, period, id);
    create unique index data_value_history_client_change_uq on data_value_history (client_change_id) where client_change_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
