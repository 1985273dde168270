// Where a caller starts in each hierarchy view: national readers at the nation; others at
// their assigned units (2025) or at the pre-2025 units that succeeded into them.
import type { HierarchyView } from '@shared/schemas/reports.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { rootUnits } from './consolidated.repository.ts';
import { presentReportUnit } from './reports.presenter.ts';

export async function reportRoots(ctx: AppContext, auth: AuthContext, view: HierarchyView) {
  const national = hasNationalPermission(auth, 'data.read');
  const roots = national ? [] : scopeRoots(auth, 'data.read');
  if (!national && roots.length === 0) return [];
  return (await rootUnits(ctx.db, national ? null : roots, view)).map(presentReportUnit);
}
