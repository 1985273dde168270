// Who may manage roles: role definitions are national, so only holders of
// role.manage at the national unit. Viewing the list is for anyone who assigns roles.
import { hasNationalPermission, hasPermission, type AuthContext } from '../auth/auth-context.ts';

export const canListRoles = (auth: AuthContext) => hasPermission(auth, 'user.manage') || hasPermission(auth, 'role.manage');
export const canManageRoles = (auth: AuthContext) => hasNationalPermission(auth, 'role.manage');
