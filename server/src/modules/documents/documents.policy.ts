// Who may do what with documents. Generating a report's document needs what reading the
// report needs (data.read over its unit, checked by consolidatedReport itself). A
// register entry is readable by whoever may read its unit's data, and by its author.
// Templates: document.manage over the template's unit to upload or remove; a template
// serves reports on its unit and the units below it. Deny by default; a document or
// template the caller may not see is "not found", as if it did not exist.
import { notFound } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { hasNationalPermission, hasPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { holdsOverUnit } from '../data-values/data-values.policy.ts';
import type { DocumentRow, TemplateRow } from './documents.repository.ts';

/** The register's reach: null = every unit; otherwise the caller's data.read subtrees. */
export const registerRoots = (auth: AuthContext): string[] | null => (hasNationalPermission(auth, 'data.read') ? null : scopeRoots(auth, 'data.read'));

export async function assertCanReadDocument(ctx: AppContext, auth: AuthContext, doc: DocumentRow | undefined): Promise<DocumentRow> {
  if (!doc) throw notFound();
  if (doc.created_by === auth.user.id) return doc;
  if (!(await holdsOverUnit(ctx, auth, 'data.read', doc.unit_id))) throw notFound();
  return doc;
}

export const canManageTemplates = (auth: AuthContext): boolean => hasPermission(auth, 'document.manage');

/** null = every unit; otherwise the subtrees where the caller holds document.manage. */
export const templateManageRoots = (auth: AuthContext): string[] | null => (hasNationalPermission(auth, 'document.manage') ? null : scopeRoots(auth, 'document.manage'));

export const canManageTemplateAt = (ctx: AppContext, auth: AuthContext, unitId: string): Promise<boolean> => holdsOverUnit(ctx, auth, 'document.manage', unitId);

export async function assertCanManageTemplate(ctx: AppContext, auth: AuthContext, t: TemplateRow | undefined): Promise<TemplateRow> {
  if (!t || !(await canManageTemplateAt(ctx, auth, t.unit_id))) throw notFound();
  return t;
}
