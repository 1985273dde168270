// Foundation schema: administrative units (both hierarchies, closure, groups,
// succession), accounts, roles, (role, unit) assignments, sessions, login attempts,
// and the append-only audit log.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    -- hierarchy: '2025' (34 provinces, communes, villages) or 'pre2025' (63/705/10,599).
    -- kind: nation | province | district | commune | village. Codes repeat across
    -- hierarchies and over time, so identity is the id, with validity dates.
    create table org_unit (
      id bigserial primary key,
      hierarchy text not null check (hierarchy in ('2025', 'pre2025', 'all')),
      code text not null,
      name text not null,
      full_name text not null,
      name_en text,
      kind text not null check (kind in ('nation', 'province', 'district', 'commune', 'village')),
      type text not null,
      level int not null,
      parent_id bigint references org_unit(id),
      province_id bigint references org_unit(id),
      path text not null,
      name_folded text not null,
      valid_from date,
      valid_to date,
      attributes jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index org_unit_code_uq on org_unit (hierarchy, kind, code, coalesce(parent_id, 0));
    create index org_unit_parent_idx on org_unit (parent_id);
    create index org_unit_code_idx on org_unit (code);
    create index org_unit_name_trgm on org_unit using gin (name_folded gin_trgm_ops);

    create table org_unit_closure (
      ancestor_id bigint not null references org_unit(id),
      descendant_id bigint not null references org_unit(id),
      depth int not null,
      primary key (ancestor_id, descendant_id)
    );
    create index org_unit_closure_desc_idx on org_unit_closure (descendant_id, ancestor_id);

    create table org_unit_group (
      id bigserial primary key,
      code text not null unique,
      name text not null,
      name_en text,
      description text,
      created_at timestamptz not null default now()
    );
    create table org_unit_group_member (
      group_id bigint not null references org_unit_group(id),
      unit_id bigint not null references org_unit(id),
      primary key (group_id, unit_id)
    );
    create index org_unit_group_member_unit_idx on org_unit_group_member (unit_id);

    create table org_unit_succession (
      old_unit_id bigint not null references org_unit(id),
      new_unit_id bigint not null references org_unit(id),
      effective_date date not null,
      weight numeric(9, 6) not null check (weight > 0 and weight <= 1),
      source text not null,
      primary key (old_unit_id, new_unit_id)
    );
    create index org_unit_succession_new_idx on org_unit_succession (new_unit_id);

    create table role (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text not null,
      built_in boolean not null default false,
      permissions text[] not null,
      requires_mfa boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table app_user (
      id bigserial primary key,
      username text not null,
      display_name text not null,
      email text,
      phone text,
      password_hash text not null,
      must_change_password boolean not null default true,
      totp_secret text,
      totp_pending_secret text,
      totp_enabled boolean not null default false,
      totp_last_counter bigint,
      failed_logins int not null default 0,
      locked_until timestamptz,
      active boolean not null default true,
      deactivated_reason text,
      is_demo boolean not null default false,
      language text not null default 'vi' check (language in ('vi', 'en')),
      last_login_at timestamptz,
      password_changed_at timestamptz,
      created_by bigint references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index app_user_username_uq on app_user (lower(username));

    create table user_assignment (
      id bigserial primary key,
      user_id bigint not null references app_user(id),
      role_id bigint not null references role(id),
      unit_id bigint not null references org_unit(id),
      created_at timestamptz not null default now(),
      unique (user_id, role_id, unit_id)
    );
    create index user_assignment_unit_idx on user_assignment (unit_id);

    -- id is the SHA-256 of the cookie value: a leaked table does not leak sessions.
    create table session (
      id text primary key,
      user_id bigint not null references app_user(id),
      stage text not null check (stage in ('mfa_verify', 'password_change', 'mfa_enrol', 'active')),
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text,
      totp_failures int not null default 0,
      ip text,
      user_agent text
    );
    create index session_user_idx on session (user_id) where revoked_at is null;

    create table login_attempt (
      id bigserial primary key,
      at timestamptz not null,
      ip text not null,
      username_folded text not null,
      success boolean not null
    );
    create index login_attempt_ip_idx on login_attempt (ip, at);
    create index login_attempt_user_idx on login_attempt (username_folded, at);

    create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      actor_user_id bigint,
      actor_username text,
      action text not null,
      target_type text,
      target_id text,
      unit_id bigint,
      ip text,
      user_agent text,
      request_id text,
      before jsonb,
      after jsonb,
      details jsonb
    );
    create index audit_log_at_idx on audit_log (at desc);
    create index audit_log_actor_idx on audit_log (actor_user_id, at desc);
    create index audit_log_action_idx on audit_log (action, at desc);

    -- Append-only: no update ever; deletes only by the retention job, which sets
    -- truongson.audit_purge for its own transaction.
    create function audit_log_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'audit_log is append-only';
      end if;
      if coalesce(current_setting('truongson.audit_purge', true), '') <> 'on' then
        raise exception 'audit_log rows are removed only by the retention job';
      end if;
      return old;
    end $$;
    create trigger audit_log_guard before update or delete on audit_log
      for each row execute function audit_log_guard();

    create table seed_run (
      name text primary key,
      applied_at timestamptz not null default now(),
      details jsonb
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
