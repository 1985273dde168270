// SQL shared by favourites and dashboards: who a row is readable by (the policy's rule,
// set-based for lists), the people and units a sharing names, and the checks on a new sharing.
import { type RawBuilder, sql } from 'kysely';
import { foldVietnamese } from '@shared/text.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';
import type { Viewer } from './dashboards.policy.ts';

/** Owned by the caller, or shared with them (directly, or through a unit above one of their analytics.read units). */
export function readableSql(alias: 'v' | 'd', viewer: Viewer): RawBuilder<boolean> {
  const t = sql.table(alias);
  return sql<boolean>`(
    ${t}.owner_id = ${viewer.userId}
    or ${t}.shared_user_ids @> array[${viewer.userId}]::bigint[]
    or (cardinality(${t}.shared_unit_ids) > 0 and exists (
      select 1 from org_unit_closure c
      where c.ancestor_id = any (${t}.shared_unit_ids) and c.descendant_id = any (${viewer.roots}::bigint[]))))`;
}

/** "Hộ nghèo", "ho ngheo" and "HO NGHEO" all match: compared on the folded name. */
export function nameMatchSql(alias: 'v' | 'd', q: string | undefined): RawBuilder<boolean> | null {
  const folded = q ? foldVietnamese(q) : '';
  if (!folded) return null;
  const pattern = `%${folded.replace(/[\\%_]/g, '\\$&')}%`;
  return sql<boolean>`${sql.table(alias)}.name_folded like ${pattern}`;
}

export async function usersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('app_user').select(['id', 'username', 'display_name', 'active']).where('id', 'in', ids).execute();
}

export async function unitsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('org_unit').select(['id', 'code', 'full_name as name', 'kind', 'valid_to']).where('id', 'in', ids).execute();
}

export async function ownerNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  const rows = await usersByIds(db, wanted);
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * A new sharing names active users and current units within the caller's analytics.read
 * scope (any current unit for national holders). Refused with the offending ids.
 */
export async function checkSharing(db: Db, viewer: Viewer, body: { userIds: string[]; unitIds: string[] }): Promise<{ userIds: string[]; unitIds: string[] }> {
  const userIds = [...new Set(body.userIds)];
  const unitIds = [...new Set(body.unitIds)];
  const active = new Set((await usersByIds(db, userIds)).filter((u) => u.active).map((u) => u.id));
  const unknownUsers = userIds.filter((id) => !active.has(id));
  if (unknownUsers.length > 0) throw new AppError('sharing_unknown_users', { ids: unknownUsers.join(', ') });
  const current = new Set((await unitsByIds(db, unitIds)).filter((u) => u.valid_to === null).map((u) => u.id));
  const inScope = viewer.national ? current : new Set([...(await unitsInScope(db, viewer.roots, unitIds))].filter((id) => current.has(id)));
  const outside = unitIds.filter((id) => !inScope.has(id));
  if (outside.length > 0) throw new AppError('sharing_units_outside_scope', { ids: outside.join(', ') });
  return { userIds, unitIds };
}

export async function sharingView(db: Db, row: { shared_user_ids: string[]; shared_unit_ids: string[] }) {
  const [users, units] = await Promise.all([usersByIds(db, row.shared_user_ids), unitsByIds(db, row.shared_unit_ids)]);
  return {
    users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
  };
}
