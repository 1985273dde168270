// SQL for users and their (role, unit) assignments.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';

export interface Assignment {
  id: string;
  roleId: string;
  roleCode: string;
  roleNameVi: string;
  roleNameEn: string;
  permissions: string[];
  requiresMfa: boolean;
  unitId: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
}

export async function loadAssignments(db: Kysely<Database>, userId: string): Promise<Assignment[]> {
  const rows = await db
    .selectFrom('user_assignment as a')
    .innerJoin('role as r', 'r.id', 'a.role_id')
    .innerJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'r.id as roleId',
      'r.code as roleCode',
      'r.name_vi as roleNameVi',
      'r.name_en as roleNameEn',
      'r.permissions',
      'r.requires_mfa as requiresMfa',
      'u.id as unitId',
      'u.code as unitCode',
      'u.full_name as unitName',
      'u.kind as unitKind',
    ])
    .where('a.user_id', '=', userId)
    .orderBy('a.id')
    .execute();
  return rows;
}

export async function loadAssignmentsFor(db: Kysely<Database>, userIds: string[]): Promise<Map<string, Assignment[]>> {
  const map = new Map<string, Assignment[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_assignment as a')
    .innerJoin('role as r', 'r.id', 'a.role_id')
    .innerJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.user_id as userId',
      'r.id as roleId',
      'r.code as roleCode',
      'r.name_vi as roleNameVi',
      'r.name_en as roleNameEn',
      'r.permissions',
      'r.requires_mfa as requiresMfa',
      'u.id as unitId',
      'u.code as unitCode',
      'u.full_name as unitName',
      'u.kind as unitKind',
    ])
    .where('a.user_id', 'in', userIds)
    .orderBy('a.id')
    .execute();
  for (const { userId, ...a } of rows) {
    const list = map.get(userId) ?? [];
    list.push(a);
    map.set(userId, list);
  }
  return map;
}

/** The unit an audit entry about this user is filed under (their first assignment), so
 *  administrators of that unit see it; null for a user without assignments. */
export async function primaryUnitId(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('user_assignment').select('unit_id').where('user_id', '=', userId).orderBy('id').limit(1).executeTakeFirst();
  return row?.unit_id ?? null;
}

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom('app_user').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

export interface UserListQuery {
  scopeRoots: string[] | null;
  search?: string;
  active?: boolean;
  /** Locked out at this instant. */
  lockedAt?: Date;
  unitId?: string;
  limit: number;
  offset: number;
}

/** Users with at least one assignment inside the scope (all users for national scope). */
export async function listUsers(db: Kysely<Database>, q: UserListQuery) {
  let query = db.selectFrom('app_user as u').selectAll('u');
  const roots = q.scopeRoots;
  if (roots !== null) {
    query = query.where((eb) =>
      eb.exists(
        // Not aliased "a": the scope fragment has its own "a", which would shadow it.
        eb.selectFrom('user_assignment as ua').select(sql.lit(1).as('one')).whereRef('ua.user_id', '=', 'u.id').where(unitInScopeSql(sql.ref('ua.unit_id'), roots)),
      ),
    );
  }
  if (q.unitId) {
    const unitId = q.unitId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('user_assignment as a2').select(sql.lit(1).as('one')).whereRef('a2.user_id', '=', 'u.id').where('a2.unit_id', '=', unitId)),
    );
  }
  if (q.active !== undefined) query = query.where('u.active', '=', q.active);
  if (q.lockedAt) query = query.where('u.locked_until', '>', q.lockedAt);
  if (q.search) {
    // Escape LIKE wildcards rather than drop them: usernames contain "_" and ".".
    const term = `%${q.search.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(u.username)`, 'like', term), eb(sql`lower(u.display_name)`, 'like', term), eb(sql`lower(coalesce(u.email, ''))`, 'like', term)]));
  }
  const total = await query.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.orderBy('u.username').limit(q.limit).offset(q.offset).execute();
  return { rows, total: Number(total.n) };
}
