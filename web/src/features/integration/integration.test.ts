import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endOfVnDay, looksLikeIpRange } from './api';
import { shellQuote, tokenCurl } from './curl';
import { formatDate } from '../../lib/format';

describe('API client screen helpers', () => {
  it('accepts IP addresses and CIDR ranges, and refuses other text', () => {
    for (const ok of ['10.0.0.0/8', '203.113.1.5', '::1', '2001:db8::/32']) expect(looksLikeIpRange(ok)).toBe(true);
    for (const bad of ['abc', 'không-phải-IP', '12', '10.0.0.0/8/1', '']) expect(looksLikeIpRange(bad)).toBe(false);
  });

  it('sends the chosen expiry day as its end in Vietnam time, shown back as the same day', () => {
    expect(endOfVnDay('2027-12-31')).toBe('2027-12-31T23:59:59+07:00');
    expect(formatDate(new Date(endOfVnDay('2027-12-31')).toISOString())).toBe('31/12/2027');
  });

  it('quotes the key and secret so a shell passes them through unchanged', () => {
    const secret = `a'b"c$d\`e f`;
    expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(secret)}`]).toString()).toBe(secret);
    const curl = tokenCurl('https://ts.example.vn', 'ck_1', secret);
    expect(curl).toContain(`-u 'ck_1:a'\\''b"c$d\`e f'`);
    expect(curl).toContain("'https://ts.example.vn/oauth/token'");
  });
});
