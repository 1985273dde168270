// Who sees the catalogue and form administration screens. The server decides what each
// user may change (the `abilities` in every response); this only decides whether the
// menu entries and pages are offered: to catalogue and form managers, and to approvers,
// who set targets and grant lock exceptions for their units and read the rest.
import type { Me } from '../auth/session';

const ADMIN_PERMISSIONS = ['catalog.manage', 'form.manage', 'form.approve'];

export function canSeeCatalogAdmin(me: Me): boolean {
  return me.permissions.some((p) => ADMIN_PERMISSIONS.includes(p));
}
