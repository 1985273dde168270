// API clients (issue 7): other systems — the province's LGSP, the national NDXP, sector
// databases — that call our API with OAuth 2.0 client credentials. Administrators
// register them here; the consumer secret is shown once, at creation and at rotation.
import { z } from 'zod';
import { idSchema, text } from './common.ts';

/** What a client may be granted. `units.read` … `analytics.read` guard the future /api/v1. */
export const API_SCOPES = ['units.read', 'data.read', 'data.write', 'analytics.read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const apiScope = z.enum(API_SCOPES);

/** An IPv4/IPv6 address or CIDR range; checked fully on the server (node:net). */
export const ipRange = z
  .string()
  .trim()
  .min(2)
  .max(50)
  .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'Địa chỉ IP hoặc dải CIDR không hợp lệ (ví dụ 10.0.0.0/8)');

export const apiClientBody = z
  .object({
    name: text(2, 200),
    organisation: text(2, 200),
    contact: text(3, 300),
    scopes: z.array(apiScope).min(1).max(API_SCOPES.length),
    unitIds: z.array(idSchema).min(1).max(200),
    ipAllowList: z.array(ipRange).min(1).max(50).nullable().optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    /** Calls a minute to /api/v1 before 429 Too Many Requests; by default API_RATE_LIMIT_PER_MINUTE. */
    rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

/** An edit: any of the registration's fields, at least one. */
export const apiClientPatch = apiClientBody
  .partial()
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Cần ít nhất một trường để sửa' });

export const rotateSecretBody = z
  .object({
    /** How long the previous secret keeps working, so the caller can switch without downtime. */
    overlapMinutes: z.number().int().min(0).max(10_080).default(60),
  })
  .strict();

export const apiClientStatus = z.enum(['active', 'expired', 'revoked']);

export const apiClientView = z.object({
  id: z.string(),
  consumerKey: z.string(),
  name: z.string(),
  organisation: z.string(),
  contact: z.string(),
  scopes: z.array(z.string()),
  units: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  ipAllowList: z.array(z.string()).nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: apiClientStatus,
  /** Secrets that still work: the current one and, during a rotation overlap, the previous. */
  secrets: z.array(z.object({ id: z.string(), createdAt: z.string(), validUntil: z.string().nullable() })),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  rateLimitPerMinute: z.number().int(),
  /** Calls to /api/v1 in the last 24 hours; errors are answers with status ≥ 400. */
  usage: z.object({ calls24h: z.number().int(), errors24h: z.number().int(), errorRate24h: z.number(), lastCallAt: z.string().nullable() }),
});

/** The only answers that carry the consumer secret: it is stored hashed and never shown again. */
export const apiClientCredentials = z.object({
  client: apiClientView,
  consumerKey: z.string(),
  consumerSecret: z.string(),
});

export type ApiClientBody = z.infer<typeof apiClientBody>;
export type ApiClientPatch = z.infer<typeof apiClientPatch>;
export type ApiClientView = z.infer<typeof apiClientView>;
export type ApiClientCredentials = z.infer<typeof apiClientCredentials>;

export const revokeClientBody = z
  .object({ reason: z.string().trim().max(500).optional() })
  .strict();

export const rotatedSecret = apiClientCredentials.extend({
  /** When the secret(s) in use before the rotation stop working. */
  previousValidUntil: z.string(),
});

// --- OAuth 2.0 endpoints (RFC 6749 §4.4, RFC 7009, RFC 7662): form-encoded in, JSON out ---

/** RFC 6749 §5.2 error codes (plus RFC 6749 §4.1.2.1's temporarily_unavailable for the rate limit). */
export const OAUTH_ERRORS = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'temporarily_unavailable', 'server_error'] as const;
export type OAuthErrorCode = (typeof OAUTH_ERRORS)[number];
export const oauthError = z.object({ error: z.enum(OAUTH_ERRORS), error_description: z.string().optional() });

const param = z.string().max(2000).optional();
/** Client authentication in the body (RFC 6749 §2.3.1); HTTP Basic is preferred. */
const clientParams = { client_id: param, client_secret: param };
export const tokenRequest = z.object({ grant_type: param, scope: param, ...clientParams });
export const tokenResponse = z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), scope: z.string() });
export const revocationRequest = z.object({ token: param, token_type_hint: param, ...clientParams });
export const introspectionRequest = revocationRequest;
export const introspectionResponse = z.object({
  active: z.boolean(),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  token_type: z.literal('Bearer').optional(),
  exp: z.number().int().optional(),
  iat: z.number().int().optional(),
});

// --- the client's calls to /api/v1 (administrators' view) ---

export const apiCallsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    errorsOnly: z.enum(['true', 'false']).default('false'),
  })
  .strict();

export const apiCallView = z.object({
  id: z.string(),
  at: z.string(),
  method: z.string(),
  /** The route pattern, e.g. /api/v1/units/:id. */
  route: z.string(),
  url: z.string(),
  status: z.number().int(),
  durationMs: z.number(),
  rows: z.number().int().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

const callStats = { calls: z.number().int(), errors: z.number().int(), p95Ms: z.number().nullable() };

export const apiCallsView = z.object({
  summary: z.object({ windowHours: z.number().int(), ...callStats, errorRate: z.number(), lastCallAt: z.string().nullable() }),
  byRoute: z.array(z.object({ method: z.string(), route: z.string(), ...callStats })),
  items: z.array(apiCallView),
});

export type ApiCallView = z.infer<typeof apiCallView>;
export type ApiCallsView = z.infer<typeof apiCallsView>;
