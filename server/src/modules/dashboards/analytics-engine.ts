// The analytics engine as this module sees it. The engine (modules/analytics, being
// written on main) exports runAnalytics(ctx, access, request); until it is merged here,
// this answers "service unavailable" so everything else can be built and tested.
import type { AnalyticsRequest, AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';

export interface AnalyticsAccess {
  /** null: the whole country. */
  roots: string[] | null;
}

export async function runAnalytics(_ctx: AppContext, _access: AnalyticsAccess, _request: AnalyticsRequest): Promise<AnalyticsResponse> {
  throw new AppError('service_unavailable');
}
