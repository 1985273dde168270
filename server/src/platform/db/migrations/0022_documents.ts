// Documents (issue 6, item 4): administrators' Word templates (docxtemplater) and the
// register (sổ đăng ký) of every generated document, with the file itself kept for
// download. Files live in PostgreSQL (bytea): reports are tens of kilobytes, the
// database is the only place with state, and any number of app processes see them.
// A document's number within its unit's register is unique per year (Vietnam time).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table document_template (
      id bigserial primary key,
      name text not null,
      kind text not null check (kind in ('consolidated', 'task_progress')),
      -- Reports on this unit and the units below it may use the template.
      unit_id bigint not null references org_unit (id),
      file_name text not null,
      content bytea not null,
      size int not null,
      placeholders text[] not null,
      created_by bigint references app_user (id) on delete set null,
      created_by_username text not null,
      created_at timestamptz not null
    );
    create index document_template_unit_idx on document_template (unit_id);

    create table generated_document (
      id bigserial primary key,
      kind text not null check (kind in ('consolidated', 'task_progress')),
      format text not null check (format in ('docx', 'xlsx', 'pdf')),
      unit_id bigint not null references org_unit (id),
      -- The unit's province (future distribution key, DESIGN.md); null for the nation.
      province_id bigint references org_unit (id),
      register_year int not null,
      register_no int not null,
      number text not null,
      title text not null,
      subject text not null,
      -- Number, title and subject folded (no diacritics, đ → d, lower case) for search.
      search_folded text not null,
      period text,
      form_id bigint references form (id) on delete set null,
      template_id bigint references document_template (id) on delete set null,
      template_name text,
      -- What was asked (report query, header choices), for the audit and a re-generation.
      params jsonb not null,
      file_name text not null,
      content_type text not null,
      size int not null,
      sha256 text not null,
      content bytea not null,
      created_by bigint references app_user (id) on delete set null,
      created_by_username text not null,
      created_by_name text not null,
      created_at timestamptz not null,
      constraint generated_document_register_uq unique (unit_id, register_year, register_no)
    );
    create index generated_document_created_idx on generated_document (created_at desc, id desc);
    create index generated_document_unit_idx on generated_document (unit_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table generated_document; drop table document_template;`.execute(db);
}
