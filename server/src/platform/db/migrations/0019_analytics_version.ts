// A version of everything the analytics engine reads (ADR 0011): one sequence, advanced by
// a statement-level trigger on each table whose change can change an answer — values and
// their approval, reports, targets, the catalogue, forms, the units and their edges. A
// statement costs one nextval, whatever the number of rows. The engine's answer cache
// keeps an answer only while the version it was computed under is still the latest.
import { type Kysely, sql } from 'kysely';

const TABLES = [
  'data_value',
  'submission',
  'target',
  'indicator',
  'data_element',
  'category',
  'category_option',
  'category_option_combo',
  'form',
  'form_assignment',
  'form_due_rule',
  'org_unit',
  'org_unit_closure',
  'org_unit_succession',
  'org_unit_group_member',
  'agg_edge',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence analytics_version;
    create function analytics_touch() returns trigger language plpgsql as $f$
    begin
      perform nextval('analytics_version');
      return null;
    end
    $f$;
  `.execute(db);
  for (const t of TABLES) {
    await sql`create trigger ${sql.raw(`${t}_analytics_touch`)} after insert or update or delete on ${sql.raw(t)} for each statement execute function analytics_touch()`.execute(db);
    await sql`create trigger ${sql.raw(`${t}_analytics_touch_truncate`)} after truncate on ${sql.raw(t)} for each statement execute function analytics_touch()`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
