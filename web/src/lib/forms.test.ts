// Generated passwords must pass the server's policy (≥ 10 characters, mixed) every time.
import { describe, expect, it } from 'vitest';
import { generatePassword } from './forms';

describe('generatePassword', () => {
  it('makes long passwords with every character class', () => {
    for (let i = 0; i < 200; i += 1) {
      const p = generatePassword();
      expect(p).toHaveLength(16);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generatePassword()));
    expect(seen.size).toBe(100);
  });
});
