// Who may manage API clients: a client reaches data across units and is an outside
// system's master key, so only holders of api_client.manage at the national unit
// (system administrators, who sign in with two-factor). Deny by default.
import { hasNationalPermission, type AuthContext } from '../auth/auth-context.ts';

export const canManageApiClients = (auth: AuthContext): boolean => hasNationalPermission(auth, 'api_client.manage');
