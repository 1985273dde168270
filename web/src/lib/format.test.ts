// Dates in Vietnam time whatever the machine's zone; numbers as each language writes them.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, formatDateTimeSeconds, formatNumber, formatPercent, vnToday } from './format';

describe('dates', () => {
  it('shows a calendar day as dd/mm/yyyy without shifting it', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate(null)).toBe('');
  });

  it('shows instants in Asia/Ho_Chi_Minh (UTC+7), across midnight UTC', () => {
    expect(formatDateTime('2025-06-30T17:30:00Z')).toBe('01/07/2025 00:30');
    expect(formatDate('2025-06-30T17:30:00Z')).toBe('01/07/2025');
    expect(formatDateTimeSeconds('2025-12-31T16:59:59Z')).toBe('31/12/2025 23:59:59');
    expect(vnToday(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
  });

  it('ignores invalid input', () => {
    expect(formatDateTime('not a date')).toBe('');
  });
});

describe('numbers', () => {
  it('groups thousands by language', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
  });

  it('shows weights as percentages', () => {
    expect(formatPercent(1 / 3, 'vi')).toBe('33,3 %');
    expect(formatPercent(1 / 3, 'en')).toBe('33.3%');
    expect(formatPercent(1, 'vi')).toBe('100 %');
  });
});

describe('formatBytes', () => {
  it('reads as people read sizes, with the language\'s decimal mark', () => {
    expect(formatBytes(512, 'vi')).toBe('512 B');
    expect(formatBytes(812 * 1024 + 300, 'vi')).toBe('812 KB');
    expect(formatBytes(1.25 * 1024 * 1024, 'vi')).toBe('1,3 MB');
    expect(formatBytes(1.25 * 1024 * 1024, 'en')).toBe('1.3 MB');
  });
});
