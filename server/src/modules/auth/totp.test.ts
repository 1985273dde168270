import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, totpCode, totpUri } from './totp.ts';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-03-02T02:00:10Z');

  it('accepts the current code and one step of clock drift, not more', () => {
    expect(checkTotp(secret, totpCode(secret, now), now, null)).not.toBeNull();
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, null)).not.toBeNull();
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() - 120_000)), now, null)).toBeNull();
  });
  it('refuses a code whose time step was already used (replay)', () => {
    const counter = checkTotp(secret, totpCode(secret, now), now, null);
    expect(counter).not.toBeNull();
    expect(checkTotp(secret, totpCode(secret, now), now, counter)).toBeNull();
    const later = new Date(now.getTime() + 30_000);
    expect(checkTotp(secret, totpCode(secret, later), later, counter)).not.toBeNull();
  });
  it('refuses malformed codes', () => {
    expect(checkTotp(secret, '12345', now, null)).toBeNull();
    expect(checkTotp(secret, 'abcdef', now, null)).toBeNull();
  });
  it('builds an otpauth URI with the Vietnamese issuer', () => {
    const uri = totpUri(secret, 'Trường Sơn', 'xa.iagrai');
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(decodeURIComponent(uri)).toContain('Trường Sơn');
  });
});
