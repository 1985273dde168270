// Where a caller starts in each hierarchy view: national readers at the nation; others at
// their assigned units (2025) or at the pre-2025 units that succeeded into them.
import { sql } from 'kysely';
import type { HierarchyView } from '@shared/schemas/reports.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import type { UnitRef } from './consolidated.repository.ts';

export async function reportRoots(ctx: AppContext, auth: AuthContext, view: HierarchyView) {
  const national = hasNationalPermission(auth, 'data.read');
  const roots = national ? [] : scopeRoots(auth, 'data.read');
  if (!national && roots.length === 0) return [];
  const rows = national
    ? await sql<UnitRef>`select u.id, u.code, u.full_name as name, u.kind, u.hierarchy, u.valid_to::text as valid_to from org_unit u where u.kind = 'nation'`.execute(ctx.db)
    : view === '2025'
      ? await sql<UnitRef>`
          select u.id, u.code, u.full_name as name, u.kind, u.hierarchy, u.valid_to::text as valid_to from org_unit u
          where u.id = any(${roots}::bigint[]) order by u.level, u.code`.execute(ctx.db)
      : await sql<UnitRef>`
          select distinct u.id, u.code, u.full_name as name, u.kind, u.hierarchy, u.valid_to::text as valid_to, u.level from org_unit_succession s
          join org_unit u on u.id = s.old_unit_id
          where s.new_unit_id = any(${roots}::bigint[]) order by u.level, u.code`.execute(ctx.db);
  return rows.rows.map((u) => ({ id: String(u.id), code: u.code, name: u.name, kind: u.kind, hierarchy: u.hierarchy, validTo: u.valid_to }));
}
