// Who may read the mail outbox: the server's rule (national audit.read or user.manage), so
// the menu entry shows exactly when the page would answer.
import type { Me } from '../auth/session';

export function canReadMailOutbox(me: Me): boolean {
  return me.assignments.some((a) => a.unit.kind === 'nation' && (a.permissions.includes('audit.read') || a.permissions.includes('user.manage')));
}
