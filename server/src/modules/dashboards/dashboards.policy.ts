// Who may do what with favourites (saved pivot tables, charts, maps) and dashboards.
// Deny by default; "not found" for missing and forbidden alike. The rule, the same for
// both kinds:
//
// - Nothing without analytics.read (held on any assignment): the lists answer 403, every
//   single object "not found".
// - READ: the owner; the users named in the sharing; the users holding analytics.read on
//   an assignment whose unit lies within the subtree of a unit named in the sharing (a
//   share with Gia Lai reaches its province staff and every commune officer of Gia Lai
//   who has analytics.read, not the national staff above it); and national curators.
// - National curators hold analytics.read AND catalog.manage at the national unit (the
//   programme office, system administrators). They may open everything, to look after it.
//   A national viewer (analytics.read alone) is a reader like any other.
// - EDIT (replace, rename, layout, default filters) and SHARE: the owner only. Reference
//   content (no owner: the seeded dashboards) is edited by national curators.
// - DELETE: the owner, and national curators (anyone's: moderation).
// - PUBLISH to the portal or withdraw: national curators who may edit the dashboard.
//   Publishing puts figures before the public, so it is an editorial act of the centre.
// - Readers of a dashboard see its favourites' configurations inline, whatever those
//   favourites' own sharing: the dashboard is the share. The figures themselves always
//   come through the analytics API within the reader's own scope.
import type { Abilities } from '@shared/schemas/dashboards.ts';
import type { Db } from '../../platform/db/database.ts';
import { hasNationalPermission, hasPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import { unitsInScope } from '../org-units/scope.repository.ts';

/** A caller who may use favourites and dashboards at all. */
export interface Viewer {
  userId: string;
  /** Units where the caller holds analytics.read: the roots a unit share is matched against. */
  roots: string[];
  /** analytics.read nationally (may share with any unit). */
  national: boolean;
  curator: boolean;
}

export interface Shareable {
  owner_id: string | null;
  shared_user_ids: string[];
  shared_unit_ids: string[];
}

export function viewerOf(auth: AuthContext): Viewer | null {
  if (!hasPermission(auth, 'analytics.read')) return null;
  return {
    userId: auth.user.id,
    roots: scopeRoots(auth, 'analytics.read'),
    national: hasNationalPermission(auth, 'analytics.read'),
    curator: hasNationalPermission(auth, 'analytics.read') && hasNationalPermission(auth, 'catalog.manage'),
  };
}

/** Shared with the caller, directly or through a unit above one of their analytics.read units. */
export async function isSharedWith(db: Db, viewer: Viewer, row: Shareable): Promise<boolean> {
  if (row.shared_user_ids.includes(viewer.userId)) return true;
  if (row.shared_unit_ids.length === 0 || viewer.roots.length === 0) return false;
  return (await unitsInScope(db, row.shared_unit_ids, viewer.roots)).size > 0;
}

export async function canRead(db: Db, viewer: Viewer, row: Shareable): Promise<boolean> {
  return row.owner_id === viewer.userId || viewer.curator || (await isSharedWith(db, viewer, row));
}

export function abilitiesFor(viewer: Viewer, row: Shareable, kind: 'visualization' | 'dashboard'): Abilities {
  const edit = row.owner_id === viewer.userId || (row.owner_id === null && viewer.curator);
  return {
    edit,
    share: edit,
    delete: row.owner_id === viewer.userId || viewer.curator,
    publish: kind === 'dashboard' && edit && viewer.curator,
  };
}
