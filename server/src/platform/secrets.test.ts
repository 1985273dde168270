import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secrets.ts';

describe('sealed secrets', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-secrets-'));

  it('opens what it sealed, and each sealing differs', () => {
    const config = { dataDir, SECRETS_KEY: undefined };
    const a = sealSecret(config, 'bí mật của kết nối');
    const b = sealSecret(config, 'bí mật của kết nối');
    expect(a).not.toBe(b);
    expect(a).not.toContain('bí mật');
    expect(openSecret(config, a)).toBe('bí mật của kết nối');
    expect(fs.statSync(path.join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a value sealed under another key or altered', () => {
    const mine = { dataDir, SECRETS_KEY: randomBytes(32).toString('base64') };
    const other = { dataDir, SECRETS_KEY: randomBytes(32).toString('base64') };
    const sealed = sealSecret(mine, 'abc');
    expect(() => openSecret(other, sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('abd').toString('base64url');
    expect(() => openSecret(mine, parts.join('.'))).toThrow();
    expect(() => openSecret(mine, 'plain text')).toThrow('not a sealed secret');
  });
});
