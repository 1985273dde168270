// Checks an `Authorization: Bearer …` header for the public API (/api/v1, to come):
// the token exists, is neither expired nor revoked, its client is neither revoked nor
// expired nor calling from outside its IP allow-list, and it carries the scope.
// Answers a result rather than throwing, with the RFC 6750 §3 status and
// WWW-Authenticate challenge, so the caller decides how to reply.
import type { Db } from '../../platform/db/database.ts';
import { findToken, tokenActive } from './api-clients.repository.ts';
import { plainIp } from './credentials.ts';

const REALM = 'truongson';

export interface BearerClient {
  clientId: string;
  consumerKey: string;
  tokenId: string;
  scopes: string[];
  /** Units whose subtrees the client may reach. */
  unitIds: string[];
  expiresAt: Date;
  /** Calls a minute before 429. */
  rateLimitPerMinute: number;
}

export type BearerResult =
  | { ok: true; client: BearerClient }
  | {
      ok: false;
      status: 400 | 401 | 403;
      /** null when no credentials were sent (RFC 6750 §3.1: no error code then). */
      error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | null;
      description: string;
      wwwAuthenticate: string;
    };

/** error_description in the header is restricted to printable ASCII (RFC 6750 §3), hence English there. */
function failure(status: 400 | 401 | 403, error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | null, headerText: string, description: string, scope?: string): BearerResult {
  const parts = [`realm="${REALM}"`];
  if (error) parts.push(`error="${error}"`, `error_description="${headerText}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return { ok: false, status, error, description, wwwAuthenticate: `Bearer ${parts.join(', ')}` };
}

export async function verifyBearer(db: Db, header: string | undefined, requiredScope: string, opts: { now?: Date; ip?: string | null } = {}): Promise<BearerResult> {
  const now = opts.now ?? new Date();
  if (!header || !/^Bearer\b/i.test(header)) return failure(401, null, '', 'Cần access token (Authorization: Bearer …).');
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!m) return failure(400, 'invalid_request', 'Malformed Authorization header', 'Tiêu đề Authorization không đúng dạng Bearer.');
  const token = await findToken(db, m[1], opts.ip === undefined ? null : (plainIp(opts.ip ?? undefined) ?? '0.0.0.0'));
  if (!token || !tokenActive(token, now)) return failure(401, 'invalid_token', 'The access token is invalid, expired or revoked', 'Access token không hợp lệ, đã hết hạn hoặc đã bị thu hồi.');
  if (!token.ip_ok) return failure(401, 'invalid_token', 'The client may not call from this address', 'Địa chỉ IP gọi đến không nằm trong danh sách được phép của ứng dụng.');
  // The client's scopes as they are now: an administrator's edit narrows tokens already issued.
  const scopes = token.scopes.filter((s) => token.client_scopes.includes(s));
  if (!scopes.includes(requiredScope)) {
    return failure(403, 'insufficient_scope', 'The access token lacks the required scope', `Access token không có phạm vi "${requiredScope}".`, requiredScope);
  }
  return {
    ok: true,
    client: { clientId: token.client_id, consumerKey: token.consumer_key, tokenId: token.id, scopes, unitIds: token.unit_ids, expiresAt: token.expires_at, rateLimitPerMinute: token.rate_limit_per_minute },
  };
}
