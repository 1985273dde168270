// Consumer keys, secrets and access tokens: generation, hashing, and the parsing of
// what a client sends (HTTP Basic per RFC 6749 §2.3.1, scope lists per §3.3).
//
// Why SHA-256 and not argon2id (modules/auth/passwords.ts): argon2id exists to slow down
// guessing of low-entropy human passwords. Our secrets and tokens are 256-bit random
// values generated here, so guessing is hopeless at any hash speed, and a salted slow
// hash would only cost ~20 ms and 19 MiB on every token request and introspection —
// a denial-of-service lever on an unauthenticated endpoint. An unkeyed digest also
// lets the token be found by an indexed equality lookup. (The same reasoning as
// GitHub's or Stripe's API tokens.) Comparison is by digest lookup, never by string
// comparison of the secret itself.
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { API_SCOPES, type ApiScope } from '@shared/schemas/api-clients.ts';

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

/** The public client identifier (OAuth client_id). 128 bits, URL- and Basic-safe (no ':'). */
export const newConsumerKey = (): string => `tsk_${random(16)}`;
/** The client secret: 256 bits, shown once. */
export const newConsumerSecret = (): string => random(32);
/** An opaque bearer token: 256 bits, stored only as its digest. */
export const newAccessToken = (): string => random(32);

export const digest = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** RFC 6749 Appendix B: Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

export type BasicCredentials = { id: string; secret: string } | 'malformed' | null;

/** The credentials of an `Authorization: Basic …` header; null when another scheme or none. */
export function parseBasic(header: string | undefined): BasicCredentials {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) return /^Basic\b/i.test(header) ? 'malformed' : null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return 'malformed';
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  if (!id || secret === null || secret === '') return 'malformed';
  return { id, secret };
}

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The requested scopes: null when malformed; a request without scope gets all of the client's. */
export function parseScope(scope: string | undefined, granted: readonly string[]): { ok: true; scopes: string[] } | { ok: false; reason: 'malformed' | 'not_granted'; scope?: string } {
  if (scope === undefined || scope.trim() === '') return { ok: true, scopes: [...granted] };
  const tokens = scope.split(' ');
  if (tokens.some((t) => !SCOPE_TOKEN.test(t))) return { ok: false, reason: 'malformed' };
  for (const t of tokens) if (!granted.includes(t)) return { ok: false, reason: 'not_granted', scope: t };
  return { ok: true, scopes: [...new Set(tokens)] };
}

export const isApiScope = (s: string): s is ApiScope => (API_SCOPES as readonly string[]).includes(s);

/** Whether the text is an IP address or CIDR range (node:net). PostgreSQL's cidr refuses host bits, so they are cleared by the cast in SQL. */
export function checkIpRange(value: string): boolean {
  const [addr, prefix, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Fastify reports IPv4 callers on a dual-stack socket as ::ffff:a.b.c.d. */
export const plainIp = (ip: string | undefined): string | null => (ip ? ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') : null);
