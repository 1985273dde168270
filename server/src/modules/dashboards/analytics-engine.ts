// The analytics engine as this module sees it: one seam (the public data endpoint's
// tests wrap it to see how it is called), the engine itself in modules/analytics.
export { type AnalyticsAccess, runAnalytics } from '../analytics/analytics.service.ts';
