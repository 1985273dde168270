// Who may do what with investment works. Deny by default; a work the caller may not read
// answers "not found", exactly like a missing one.
//   read   — data.read (or investment.manage) on an assignment whose subtree holds the work's unit;
//   manage — investment.manage there: create, edit, delete, capital and disbursement, files, import;
//   plan curve — investment.manage at the national unit (the curve is one national rule).
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { hasNationalPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';

export interface InvestmentAccess {
  userId: string;
  /** Units whose subtrees the caller reads. */
  readRoots: string[];
  /** Units whose subtrees the caller manages. */
  manageRoots: string[];
  editCurve: boolean;
}

export function accessOf(auth: AuthContext): InvestmentAccess {
  return {
    userId: auth.user.id,
    readRoots: [...new Set([...scopeRoots(auth, 'data.read'), ...scopeRoots(auth, 'investment.manage')])],
    manageRoots: scopeRoots(auth, 'investment.manage'),
    editCurve: hasNationalPermission(auth, 'investment.manage'),
  };
}

export const canManageAny = (a: InvestmentAccess): boolean => a.manageRoots.length > 0;

/** The units among `unitIds` the caller reads and manages. */
export async function unitAbilities(db: Db, a: InvestmentAccess, unitIds: string[]): Promise<{ read: Set<string>; manage: Set<string> }> {
  const ids = [...new Set(unitIds)];
  const [read, manage] = await Promise.all([unitsInScope(db, a.readRoots, ids), unitsInScope(db, a.manageRoots, ids)]);
  return { read, manage };
}

/** A work the caller may read (else "not found"); tells whether they may change it. */
export async function assertReadWork(db: Db, a: InvestmentAccess, work: { unit_id: string } | undefined): Promise<{ manage: boolean }> {
  if (!work) throw notFound();
  const { read, manage } = await unitAbilities(db, a, [work.unit_id]);
  if (!read.has(work.unit_id) && !manage.has(work.unit_id)) throw notFound();
  return { manage: manage.has(work.unit_id) };
}

/** A work the caller may change: "not found" when they cannot read it, forbidden when they only read it. */
export async function assertManageWork(db: Db, a: InvestmentAccess, work: { unit_id: string } | undefined): Promise<void> {
  const { manage } = await assertReadWork(db, a, work);
  if (!manage) throw new AppError('forbidden');
}
