// Who may manage webhooks: a subscription sends data of any unit to an outside address,
// so, like API clients, only holders of api_client.manage at the national unit (system
// administrators, who sign in with two-factor). Deny by default.
import { hasNationalPermission, type AuthContext } from '../auth/auth-context.ts';

export const canManageWebhooks = (auth: AuthContext): boolean => hasNationalPermission(auth, 'api_client.manage');
