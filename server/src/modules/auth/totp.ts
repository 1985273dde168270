// TOTP (RFC 6238, 30 s, 6 digits, SHA-1 for authenticator-app compatibility) with
// replay protection: a code's time step is accepted once.
import { Secret, TOTP } from 'otpauth';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, issuer: string, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function totpUri(secret: string, issuer: string, label: string): string {
  return totpFor(secret, issuer, label).toString();
}

/** Returns the accepted time-step counter, or null. Accepts ±1 step for clock drift. */
export function checkTotp(secret: string, code: string, now: Date, lastCounter: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(secret, 'x', 'x');
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const counter = Math.floor(now.getTime() / 1000 / 30) + delta;
  if (lastCounter !== null && counter <= lastCounter) return null;
  return counter;
}

export function totpCode(secret: string, now: Date): string {
  return totpFor(secret, 'x', 'x').generate({ timestamp: now.getTime() });
}
