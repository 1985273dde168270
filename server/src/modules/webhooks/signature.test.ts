// The signature a receiver checks (docs/webhooks.md): HMAC-SHA256 of "<timestamp>.<body>".
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signHeaders, verifySignature } from './signature.ts';

const secret = 'whsec_thu-nghiem';
const at = new Date('2026-03-02T02:00:00Z');
const body = JSON.stringify({ id: 'e1', type: 'ping', occurredAt: at.toISOString(), data: { tên: 'Xã Ia Grai' } });

describe('webhook signatures', () => {
  it('is the documented HMAC, computable without our code', () => {
    const h = signHeaders(secret, body, at);
    const ts = Math.floor(at.getTime() / 1000);
    expect(h['X-TruongSon-Timestamp']).toBe(String(ts));
    expect(h['X-TruongSon-Signature']).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex')}`);
  });

  it('verifies the raw body (string or bytes), with header names in any case or a Headers object', () => {
    const h = signHeaders(secret, body, at);
    expect(verifySignature(secret, h, body, 300, at).ok).toBe(true);
    expect(verifySignature(secret, h, Buffer.from(body, 'utf8'), 300, at).ok).toBe(true);
    expect(verifySignature(secret, new Headers(h), body, 300, at).ok).toBe(true);
    const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifySignature(secret, lower, body, 300, at).ok).toBe(true);
  });

  it('accepts one matching signature among several (a receiver mid-rotation), refuses tampering, other secrets, stale or odd timestamps', () => {
    const h = signHeaders(secret, body, at);
    const both = { ...h, 'X-TruongSon-Signature': `v1=${'0'.repeat(64)}, ${h['X-TruongSon-Signature']}` };
    expect(verifySignature(secret, both, body, 300, at).ok).toBe(true);
    expect(verifySignature(secret, h, body.replace('Ia Grai', 'Ia Grai '), 300, at)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature(newWebhookSecret(), h, body, 300, at)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature(secret, { ...h, 'X-TruongSon-Signature': 'v1=abc' }, body, 300, at)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignature(secret, h, body, 300, new Date(at.getTime() + 301_000))).toEqual({ ok: false, reason: 'too_old' });
    expect(verifySignature(secret, h, body, 300, new Date(at.getTime() + 299_000)).ok).toBe(true);
    expect(verifySignature(secret, { ...h, 'X-TruongSon-Timestamp': '1e9' }, body, 300, at)).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(verifySignature(secret, {}, body, 300, at)).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('makes distinct secrets', () => {
    expect(newWebhookSecret()).toMatch(/^whsec_[\w-]{43}$/);
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
  });
});
