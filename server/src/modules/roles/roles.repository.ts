// SQL for roles.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export async function listRoles(db: Kysely<Database>) {
  return db
    .selectFrom('role as r')
    .select(['r.id', 'r.code', 'r.name_vi', 'r.name_en', 'r.built_in', 'r.permissions', 'r.requires_mfa'])
    .select((eb) => eb.selectFrom('user_assignment as a').select(sql<string>`count(distinct a.user_id)`.as('n')).whereRef('a.role_id', '=', 'r.id').as('user_count'))
    .orderBy('r.built_in', 'desc')
    .orderBy('r.id')
    .execute();
}

export function findRole(db: Kysely<Database>, id: string) {
  return db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRoles(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('role').selectAll().where('id', 'in', ids).execute();
}
