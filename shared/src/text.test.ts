import { describe, expect, it } from 'vitest';
import { compareVietnamese, foldVietnamese, normalizeText } from './text.ts';

describe('foldVietnamese', () => {
  it('removes diacritics including đ', () => {
    expect(foldVietnamese('Đắk Lắk')).toBe('dak lak');
    expect(foldVietnamese('Gia Lai')).toBe('gia lai');
    expect(foldVietnamese('Xã Ia Grai')).toBe('xa ia grai');
  });
  it('treats NFD and NFC input the same', () => {
    const nfd = 'Quảng Ngãi'.normalize('NFD');
    expect(foldVietnamese(nfd)).toBe(foldVietnamese('Quảng Ngãi'));
    expect(normalizeText(nfd)).toBe('Quảng Ngãi'.normalize('NFC'));
  });
});

describe('compareVietnamese', () => {
  it('sorts Đ after D and Ơ after O as Vietnamese readers expect', () => {
    const sorted = ['Ơ Đu', 'Đà Nẵng', 'Ba Na', 'Dao', 'Ê Đê', 'Ông'].sort(compareVietnamese);
    expect(sorted).toEqual(['Ba Na', 'Dao', 'Đà Nẵng', 'Ê Đê', 'Ông', 'Ơ Đu']);
  });
});
