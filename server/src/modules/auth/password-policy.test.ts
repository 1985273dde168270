import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

describe('checkPassword', () => {
  it('accepts a long, uncommon password', () => {
    expect(checkPassword('Lua-nuong-Tay-Nguyen-7', 'xa.iagrai')).toBeNull();
  });
  it('rejects fewer than 10 characters, counting Vietnamese letters as one each', () => {
    expect(checkPassword('Ngắn@123', 'nva')).toBe('too_short');
    expect(checkPassword('Đắk Lắk 9x', 'nva')).toBeNull();
  });
  it('rejects the username, ignoring case and diacritics', () => {
    expect(checkPassword('nguyen.van.an', 'Nguyen.Van.An')).toBe('same_as_username');
    expect(checkPassword('nguyen.van.an1', 'nguyen.van.an')).toBe('same_as_username');
  });
  it('rejects common passwords, including Vietnamese ones', () => {
    expect(checkPassword('1234567890', 'someone')).toBe('common');
    expect(checkPassword('password123', 'someone')).toBe('common');
    expect(checkPassword('matkhau@123', 'someone')).toBe('common');
    expect(checkPassword('aaaaaaaaaaaa', 'someone')).toBe('common');
  });
});
