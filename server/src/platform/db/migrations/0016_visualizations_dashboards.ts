// Favourites and dashboards (issue 5, parts 2–4): saved pivot tables, charts and maps
// (an analytics request plus display options, validated by shared/src/schemas/dashboards.ts
// on every write), dashboards laid out on a 12-column grid, both shared with users and
// with units (a unit share reaches the users assigned within its subtree), and public
// dashboards published read-only under a stable slug for the portal.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table visualization (
      id bigserial primary key,
      type text not null check (type in ('pivot', 'chart', 'map')),
      name text not null check (char_length(name) between 1 and 200),
      -- foldVietnamese(name): search without diacritics.
      name_folded text not null,
      description text check (char_length(description) <= 2000),
      -- { request: analytics request, options: display options of the type }.
      config jsonb not null check (jsonb_typeof(config -> 'request') = 'object' and jsonb_typeof(config -> 'options') = 'object'),
      -- null: reference content seeded by the platform, curated nationally.
      owner_id bigint references app_user (id),
      shared_user_ids bigint[] not null default '{}',
      shared_unit_ids bigint[] not null default '{}',
      -- Seeded content: which seed made it (so a seed never makes it twice).
      seed_key text unique,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index visualization_owner_idx on visualization (owner_id);
    create index visualization_shared_users_idx on visualization using gin (shared_user_ids);
    create index visualization_shared_units_idx on visualization using gin (shared_unit_ids);

    create table dashboard (
      id bigserial primary key,
      name text not null check (char_length(name) between 1 and 200),
      name_folded text not null,
      description text check (char_length(description) <= 2000),
      owner_id bigint references app_user (id),
      shared_user_ids bigint[] not null default '{}',
      shared_unit_ids bigint[] not null default '{}',
      -- Published read-only on the portal (aggregates of approved data, province level and above).
      is_public boolean not null default false,
      published_at timestamptz,
      -- Made from the name at creation and never changed, so portal links last.
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      -- Default filters of the whole dashboard: a relative period (LAST_4_QUARTERS) or a period code; a unit.
      default_period text,
      default_unit_id bigint references org_unit (id),
      seed_key text unique,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index dashboard_owner_idx on dashboard (owner_id);
    create index dashboard_shared_users_idx on dashboard using gin (shared_user_ids);
    create index dashboard_shared_units_idx on dashboard using gin (shared_unit_ids);

    create table dashboard_item (
      dashboard_id bigint not null references dashboard (id) on delete cascade,
      -- The grid key (react-grid-layout's i), chosen by the web.
      item_id text not null check (item_id ~ '^[A-Za-z0-9_-]{1,40}$'),
      position int not null,
      type text not null check (type in ('visualization', 'text', 'late_units')),
      -- A deleted favourite leaves the dashboards that showed it.
      visualization_id bigint references visualization (id) on delete cascade,
      text text check (char_length(text) <= 5000),
      form_id bigint references form (id) on delete set null,
      x int not null,
      y int not null,
      w int not null,
      h int not null,
      primary key (dashboard_id, item_id),
      check (x >= 0 and y >= 0 and w >= 1 and h >= 1 and x + w <= 12),
      check ((type = 'visualization') = (visualization_id is not null)),
      check (type = 'text' or text is null)
    );
    create index dashboard_item_visualization_idx on dashboard_item (visualization_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
