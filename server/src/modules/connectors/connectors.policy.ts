// Who may manage sector connectors: a connector writes figures into every commune it maps
// and holds another system's credentials, so only holders of api_client.manage at the
// national unit (system administrators, with two-factor sign-in). Deny by default.
import { hasNationalPermission, type AuthContext } from '../auth/auth-context.ts';

export const canManageConnectors = (auth: AuthContext): boolean => hasNationalPermission(auth, 'api_client.manage');
