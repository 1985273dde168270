import { describe, expect, it } from 'vitest';
import { checkIpRange, digest, newAccessToken, newConsumerKey, newConsumerSecret, parseBasic, parseScope, plainIp } from './credentials.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('parseBasic (RFC 6749 §2.3.1)', () => {
  it('reads form-urlencoded credentials', () => {
    expect(parseBasic(`Basic ${b64('tsk_abc:s%3Ac+r%C3%AA')}`)).toEqual({ id: 'tsk_abc', secret: 's:c rê' });
    expect(parseBasic(`basic ${b64('a:b')}`)).toEqual({ id: 'a', secret: 'b' });
  });
  it('tells other schemes from malformed Basic', () => {
    expect(parseBasic(undefined)).toBeNull();
    expect(parseBasic('Bearer abc')).toBeNull();
    expect(parseBasic('Basic')).toBe('malformed');
    expect(parseBasic(`Basic ${b64('no-colon')}`)).toBe('malformed');
    expect(parseBasic(`Basic ${b64(':secret')}`)).toBe('malformed');
    expect(parseBasic(`Basic ${b64('id:')}`)).toBe('malformed');
    expect(parseBasic(`Basic ${b64('id:%E0%A4%A')}`)).toBe('malformed');
  });
});

describe('parseScope (RFC 6749 §3.3)', () => {
  const granted = ['data.read', 'units.read'];
  it('defaults to every granted scope and accepts a subset', () => {
    expect(parseScope(undefined, granted)).toEqual({ ok: true, scopes: granted });
    expect(parseScope('', granted)).toEqual({ ok: true, scopes: granted });
    expect(parseScope('units.read', granted)).toEqual({ ok: true, scopes: ['units.read'] });
    expect(parseScope('units.read units.read', granted)).toEqual({ ok: true, scopes: ['units.read'] });
  });
  it('refuses scopes not granted and malformed lists', () => {
    expect(parseScope('data.write', granted)).toEqual({ ok: false, reason: 'not_granted', scope: 'data.write' });
    expect(parseScope('data.read  units.read', granted)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseScope('a"b', granted)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('credentials', () => {
  it('are random, URL-safe and of the stated strength', () => {
    expect(newConsumerKey()).toMatch(/^tsk_[\w-]{22}$/);
    expect(newConsumerSecret()).toMatch(/^[\w-]{43}$/);
    expect(newAccessToken()).not.toBe(newAccessToken());
    expect(digest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('checks IP ranges and unwraps IPv4-mapped addresses', () => {
    for (const ok of ['10.0.0.0/8', '127.0.0.1', '2001:db8::/32', '::1']) expect(checkIpRange(ok), ok).toBe(true);
    for (const bad of ['10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1', 'abc', '2001:db8::/129', '10.0.0.0/x']) expect(checkIpRange(bad), bad).toBe(false);
    expect(plainIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(plainIp('::1')).toBe('::1');
  });
});
