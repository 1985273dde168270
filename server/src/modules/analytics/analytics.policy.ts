// Who may read analytics, and over which units: the subtrees where the caller holds
// analytics.read (the whole country when held at the nation). Deny by default.
import { AppError } from '../../platform/errors.ts';
import { hasNationalPermission, hasPermission, scopeRoots, type AuthContext } from '../auth/auth-context.ts';
import type { AnalyticsAccess } from './analytics.service.ts';

export function analyticsAccess(auth: AuthContext): AnalyticsAccess {
  if (!hasPermission(auth, 'analytics.read')) throw new AppError('forbidden');
  return { roots: hasNationalPermission(auth, 'analytics.read') ? null : scopeRoots(auth, 'analytics.read') };
}
