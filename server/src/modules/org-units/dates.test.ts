import { describe, expect, it } from 'vitest';
import { vietnamDate, vietnameseDate } from './dates.ts';

describe('vietnamDate', () => {
  it('counts the day in UTC+7, across midnight', () => {
    expect(vietnamDate(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(vietnamDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(vietnamDate(new Date('2025-12-31T17:30:00Z'))).toBe('2026-01-01');
  });
  it('writes dates the Vietnamese way', () => {
    expect(vietnameseDate('2025-07-01')).toBe('01/07/2025');
  });
});
