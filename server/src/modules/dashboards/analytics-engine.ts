// The analytics engine as this module sees it: one seam (the public data endpoint's
// tests wrap it to see how it is called), the engine and its answer cache in modules/analytics.
export { cachedAnalytics } from '../analytics/analytics-cache.ts';
