// Report forms (biểu mẫu, DHIS2's data sets): sections and elements laid out as a grid,
// the units a form is assigned to (by level, group or list), a due rule per unit kind
// (in Vietnam time, computed by the engine), a lock rule and lock exceptions per unit.
// Data values (next migration) will be keyed by form-independent ids; forms only lay out.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table form (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text,
      description text,
      period_type text not null check (period_type in ('month', 'quarter', 'sixMonth', 'year')),
      lock_days_after_due int check (lock_days_after_due is null or lock_days_after_due >= 0),
      approve_before_children boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table form_section (
      id bigserial primary key,
      form_id bigint not null references form(id),
      code text not null,
      name_vi text not null,
      name_en text,
      sort_order int not null default 0,
      unique (form_id, code)
    );

    create table form_element (
      form_id bigint not null references form(id),
      section_id bigint not null references form_section(id),
      data_element_id bigint not null references data_element(id),
      sort_order int not null default 0,
      required boolean not null default false,
      primary key (form_id, data_element_id)
    );
    create index form_element_section_idx on form_element (section_id);
    create index form_element_de_idx on form_element (data_element_id);

    create table form_validation_rule (
      form_id bigint not null references form(id),
      rule_id bigint not null references validation_rule(id),
      primary key (form_id, rule_id)
    );

    create table form_due_rule (
      form_id bigint not null references form(id),
      unit_kind text not null check (unit_kind in ('commune', 'province', 'nation')),
      days_after_end int check (days_after_end is null or days_after_end between 0 and 3660),
      fixed_month int check (fixed_month is null or fixed_month between 1 and 12),
      fixed_day int check (fixed_day is null or fixed_day between 1 and 31),
      year_offset int not null default 0 check (year_offset in (0, 1)),
      primary key (form_id, unit_kind),
      check ((days_after_end is not null) <> (fixed_month is not null and fixed_day is not null)),
      check ((fixed_month is null) = (fixed_day is null))
    );

    create table form_assignment (
      id bigserial primary key,
      form_id bigint not null references form(id),
      mode text not null check (mode in ('level', 'group', 'unit')),
      unit_kind text check (unit_kind in ('commune', 'province', 'nation')),
      group_id bigint references org_unit_group(id),
      unit_id bigint references org_unit(id),
      check ((mode = 'level') = (unit_kind is not null)),
      check ((mode = 'group') = (group_id is not null)),
      check ((mode = 'unit') = (unit_id is not null))
    );
    create index form_assignment_form_idx on form_assignment (form_id);
    create index form_assignment_unit_idx on form_assignment (unit_id);

    create table form_lock_exception (
      id bigserial primary key,
      form_id bigint not null references form(id),
      unit_id bigint not null references org_unit(id),
      period text,
      expires_at timestamptz not null,
      reason text not null,
      granted_by bigint references app_user(id),
      created_at timestamptz not null default now()
    );
    create index form_lock_exception_idx on form_lock_exception (form_id, unit_id, expires_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
