// Signing webhook requests, and the check a receiver makes (docs/webhooks.md): the
// signature is HMAC-SHA256 under the subscription's secret of "<timestamp>.<raw body>",
// hex, sent as "v1=<hex>"; the timestamp (unix seconds) is signed too, so a captured
// request cannot be replayed later than the receiver's tolerance.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const HEADER_TIMESTAMP = 'x-truongson-timestamp';
export const HEADER_SIGNATURE = 'x-truongson-signature';
export const HEADER_EVENT = 'x-truongson-event';
export const HEADER_DELIVERY = 'x-truongson-delivery';

/** A new signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The two signing headers for a body sent at `at`. */
export function signHeaders(secret: string, rawBody: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { 'X-TruongSon-Timestamp': String(timestamp), 'X-TruongSon-Signature': `v1=${signatureOf(secret, timestamp, rawBody)}` };
}

type Headers = Record<string, string | string[] | undefined> | { get(name: string): string | null };

function header(headers: Headers, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const h = headers as Record<string, string | string[] | undefined>;
  const v = h[name] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : v;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'too_old' | 'bad_signature' };

/**
 * The receiver's check: the timestamp within `toleranceSeconds` of `now` and one of the
 * "v1=" signatures (several may be sent, comma-separated) equal to ours, compared in
 * constant time. `rawBody` must be the bytes as received, before any JSON parsing.
 */
export function verifySignature(secret: string, headers: Headers, rawBody: string | Buffer, toleranceSeconds = 300, now: Date = new Date()): VerifyResult {
  const ts = header(headers, HEADER_TIMESTAMP);
  const sig = header(headers, HEADER_SIGNATURE);
  if (!ts || !sig) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(ts);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'too_old' };
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody), 'hex');
  const match = sig
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .some((s) => {
      const given = Buffer.from(s.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return match ? { ok: true, timestamp } : { ok: false, reason: 'bad_signature' };
}
