// The indicator catalogue (DHIS2's aggregate metadata, plus targets): the program tree,
// disaggregation categories and their combinations, data elements, indicators,
// validation rules and targets per indicator × unit × period.
//
// Forms, data values and aggregates follow in later migrations and point at these ids:
// data_value will be keyed by (data_element.id, category_option_combo.id, org_unit.id,
// period), so option-combo ids must stay stable — they are never deleted, only marked
// inactive when the combination they stand for no longer exists.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- project (Dự án) → sub-project (Tiểu dự án) → content (Nội dung).
    create table program_item (
      id bigserial primary key,
      code text not null unique,
      parent_id bigint references program_item(id),
      kind text not null check (kind in ('project', 'subproject', 'content')),
      name_vi text not null,
      name_en text,
      description text,
      sort_order int not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'project') = (parent_id is null))
    );
    create index program_item_parent_idx on program_item (parent_id);

    create table category (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text,
      description text,
      sort_order int not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table category_option (
      id bigserial primary key,
      category_id bigint not null references category(id),
      code text not null,
      name_vi text not null,
      name_en text,
      sort_order int not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (category_id, code)
    );

    create table category_combo (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- At most one default combination (the one with no categories).
    create unique index category_combo_default_uq on category_combo (is_default) where is_default;

    create table category_combo_category (
      combo_id bigint not null references category_combo(id),
      category_id bigint not null references category(id),
      sort_order int not null,
      primary key (combo_id, category_id)
    );
    create index category_combo_category_cat_idx on category_combo_category (category_id);

    -- One row per combination of options (cartesian product of the combo's categories),
    -- option_ids in the combo's category order. Never deleted: data values will point here.
    create table category_option_combo (
      id bigserial primary key,
      combo_id bigint not null references category_combo(id),
      code text not null,
      name_vi text not null,
      name_en text,
      option_ids bigint[] not null,
      sort_order int not null default 0,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (combo_id, code),
      unique (combo_id, option_ids)
    );
    create index category_option_combo_options_idx on category_option_combo using gin (option_ids);

    create table data_element (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text,
      short_name text,
      description text,
      value_type text not null check (value_type in ('integer', 'number', 'percentage', 'boolean', 'text', 'date')),
      aggregation_type text not null check (aggregation_type in ('sum', 'average', 'last', 'min', 'max', 'count')),
      zero_is_significant boolean not null default true,
      category_combo_id bigint not null references category_combo(id),
      program_item_id bigint references program_item(id),
      unit_of_measure_vi text,
      min_value numeric,
      max_value numeric,
      -- code and names folded (no diacritics, đ → d) for search.
      search_text text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (min_value is null or max_value is null or min_value <= max_value)
    );
    create index data_element_program_idx on data_element (program_item_id);
    create index data_element_combo_idx on data_element (category_combo_id);
    create index data_element_search_trgm on data_element using gin (search_text gin_trgm_ops);

    create table indicator (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text,
      description text,
      numerator text not null,
      numerator_description text,
      denominator text not null default '1',
      denominator_description text,
      factor numeric not null default 1,
      decimals int not null default 1 check (decimals between 0 and 6),
      direction text not null check (direction in ('higher', 'lower')),
      program_item_id bigint references program_item(id),
      unit_of_measure_vi text,
      search_text text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index indicator_program_idx on indicator (program_item_id);
    create index indicator_search_trgm on indicator using gin (search_text gin_trgm_ops);

    -- Targets are first-class data: one value per indicator × unit × period (engine code).
    create table target (
      id bigserial primary key,
      indicator_id bigint not null references indicator(id),
      unit_id bigint not null references org_unit(id),
      period text not null,
      value numeric not null,
      note text,
      updated_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      unique (indicator_id, unit_id, period)
    );
    create index target_unit_idx on target (unit_id, period);

    create table validation_rule (
      id bigserial primary key,
      code text not null unique,
      name_vi text not null,
      name_en text,
      description text,
      left_expr text not null,
      operator text not null check (operator in ('<=', '<', '==', '!=', '>=', '>', 'compulsory_pair', 'exclusive_pair')),
      right_expr text not null,
      importance text not null check (importance in ('high', 'medium', 'low')),
      message_vi text not null,
      message_en text,
      missing_value_strategy text not null check (missing_value_strategy in ('skip-if-any-missing', 'zero', 'never-skip')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
