import { describe, expect, it } from 'vitest';
import {
  addDays,
  adxPeriod,
  addPeriods,
  childPeriods,
  comparePeriods,
  dueDate,
  dueInstant,
  entryWindow,
  formatPeriod,
  isAncestor,
  isOnTime,
  isOpenForEntry,
  isPeriodCode,
  lockInstant,
  nextPeriod,
  parentPeriod,
  parsePeriod,
  PeriodError,
  periodContaining,
  periodFromAdx,
  periodContainsInstant,
  periodDays,
  periodEndDate,
  periodEndInstant,
  periodLabel,
  periodOfDate,
  periodsBetween,
  periodStartDate,
  periodStartInstant,
  periodType,
  periodTypeLabel,
  previousPeriod,
  RELATIVE_PERIODS,
  relativePeriods,
  tryParsePeriod,
  vietnamDate,
  vietnamMidnight,
  type EntryRules,
  type PeriodType,
} from './periods.ts';

const utc = (iso: string): Date => new Date(iso);

describe('parsing and formatting codes', () => {
  it('parses each period type into its parts', () => {
    expect(parsePeriod('20250715')).toEqual({ type: 'day', code: '20250715', year: 2025, month: 7, day: 15 });
    expect(parsePeriod('202507')).toEqual({ type: 'month', code: '202507', year: 2025, month: 7 });
    expect(parsePeriod('2025Q3')).toEqual({ type: 'quarter', code: '2025Q3', year: 2025, quarter: 3 });
    expect(parsePeriod('2025S1')).toEqual({ type: 'sixMonth', code: '2025S1', year: 2025, half: 1 });
    expect(parsePeriod('2025S2')).toEqual({ type: 'sixMonth', code: '2025S2', year: 2025, half: 2 });
    expect(parsePeriod('2025')).toEqual({ type: 'year', code: '2025', year: 2025 });
    expect(periodType('2025Q3')).toBe('quarter');
  });

  it('accepts 29 February only in leap years (2000 yes, 1900 no)', () => {
    expect(isPeriodCode('20240229')).toBe(true);
    expect(isPeriodCode('20000229')).toBe(true);
    expect(isPeriodCode('20250229')).toBe(false);
    expect(isPeriodCode('19000229')).toBe(false);
  });

  const malformed = [
    '',
    ' 2025Q3',
    '2025Q3 ',
    '2025Q0',
    '2025Q5',
    '2025S0',
    '2025S3',
    '202500',
    '202513',
    '20250230',
    '20250431',
    '20251301',
    '20250700',
    '2025q3',
    '2025s1',
    '2025-07',
    '2025-07-15',
    '25Q3',
    '2025W10',
    '2025Q',
    '20251',
    '2025071',
    '0999',
    '2025 Q3',
    'Quý 3/2025',
    'abc',
  ];
  it.each(malformed)('rejects %j with a message in Vietnamese and English', (code) => {
    const result = tryParsePeriod(code);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_period');
    expect(result.error.message).toContain('Mã kỳ báo cáo không hợp lệ');
    expect(result.error.messageEn).toContain('Invalid period code');
    expect(() => parsePeriod(code)).toThrow(PeriodError);
  });

  it('explains the likely mistake', () => {
    const lower = tryParsePeriod('2025q3');
    expect(!lower.ok && lower.error.message).toContain("'2025Q3'");
    const month = tryParsePeriod('202513');
    expect(!month.ok && month.error.message).toContain('tháng 13 không tồn tại');
    const day = tryParsePeriod('20250230');
    expect(!day.ok && day.error.messageEn).toContain('30/02/2025 does not exist');
  });

  it('throws a PeriodError carrying both languages', () => {
    try {
      parsePeriod('2025Q9');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PeriodError);
      const e = error as PeriodError;
      expect(e.code).toBe('invalid_period');
      expect(e.message).toMatch(/quý phải từ 1 đến 4/);
      expect(e.messageEn).toMatch(/quarter must be 1 to 4/);
    }
  });

  it('formats parts into codes and refuses impossible parts', () => {
    expect(formatPeriod({ type: 'day', year: 2025, month: 7, day: 5 })).toBe('20250705');
    expect(formatPeriod({ type: 'month', year: 2025, month: 1 })).toBe('202501');
    expect(formatPeriod({ type: 'quarter', year: 2025, quarter: 4 })).toBe('2025Q4');
    expect(formatPeriod({ type: 'sixMonth', year: 2025, half: 2 })).toBe('2025S2');
    expect(formatPeriod({ type: 'year', year: 2025 })).toBe('2025');
    expect(() => formatPeriod({ type: 'month', year: 2025, month: 13 })).toThrow(PeriodError);
    expect(() => formatPeriod({ type: 'day', year: 2025, month: 2, day: 29 })).toThrow(PeriodError);
    expect(() => formatPeriod({ type: 'quarter', year: 2025, quarter: 0 })).toThrow(PeriodError);
    expect(() => formatPeriod({ type: 'year', year: 10000 })).toThrow(PeriodError);
    expect(() => formatPeriod({ type: 'year', year: 999 })).toThrow(PeriodError);
  });

  it('accepts parsed periods wherever codes are accepted', () => {
    const q = parsePeriod('2025Q3');
    expect(nextPeriod(q)).toBe('2025Q4');
    expect(periodLabel(q, 'vi')).toBe('Quý 3/2025');
  });
});

describe('calendar extent', () => {
  const cases: [string, string, string, number][] = [
    ['20250715', '2025-07-15', '2025-07-15', 1],
    ['202507', '2025-07-01', '2025-07-31', 31],
    ['202402', '2024-02-01', '2024-02-29', 29],
    ['202502', '2025-02-01', '2025-02-28', 28],
    ['190002', '1900-02-01', '1900-02-28', 28],
    ['200002', '2000-02-01', '2000-02-29', 29],
    ['202504', '2025-04-01', '2025-04-30', 30],
    ['2025Q1', '2025-01-01', '2025-03-31', 90],
    ['2024Q1', '2024-01-01', '2024-03-31', 91],
    ['2025Q2', '2025-04-01', '2025-06-30', 91],
    ['2025Q3', '2025-07-01', '2025-09-30', 92],
    ['2025Q4', '2025-10-01', '2025-12-31', 92],
    ['2025S1', '2025-01-01', '2025-06-30', 181],
    ['2024S1', '2024-01-01', '2024-06-30', 182],
    ['2025S2', '2025-07-01', '2025-12-31', 184],
    ['2025', '2025-01-01', '2025-12-31', 365],
    ['2024', '2024-01-01', '2024-12-31', 366],
  ];
  it.each(cases)('%s runs from %s to %s (%i days)', (code, start, end, days) => {
    expect(periodStartDate(code)).toBe(start);
    expect(periodEndDate(code)).toBe(end);
    expect(periodDays(code)).toBe(days);
  });

  it('starts at 00:00 Vietnam time (17:00 UTC the day before) and ends at the next Vietnam midnight', () => {
    expect(periodStartInstant('2025Q3').toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(periodEndInstant('2025Q3').toISOString()).toBe('2025-09-30T17:00:00.000Z');
    expect(periodStartInstant('20250715').toISOString()).toBe('2025-07-14T17:00:00.000Z');
    expect(periodEndInstant('20250715').toISOString()).toBe('2025-07-15T17:00:00.000Z');
    expect(periodStartInstant('2025').toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(periodEndInstant('2025').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(periodEndInstant('202402').toISOString()).toBe('2024-02-29T17:00:00.000Z');
    expect(periodStartInstant('2025S2').toISOString()).toBe('2025-06-30T17:00:00.000Z');
  });

  it('lays consecutive periods end to start with no gap', () => {
    for (const code of ['20241231', '202412', '2024Q4', '2024S2', '2024', '2025S1']) {
      expect(periodEndInstant(code).getTime()).toBe(periodStartInstant(nextPeriod(code)).getTime());
    }
  });
});

describe('Vietnam time, whatever the host zone', () => {
  it('maps instants to Vietnam calendar dates', () => {
    expect(vietnamDate(utc('2025-06-30T16:59:59.999Z'))).toBe('2025-06-30');
    expect(vietnamDate(utc('2025-06-30T17:00:00.000Z'))).toBe('2025-07-01');
    expect(vietnamDate(utc('2025-12-31T17:00:00.000Z'))).toBe('2026-01-01');
    expect(vietnamMidnight('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(() => vietnamMidnight('2025-02-30')).toThrow(PeriodError);
    expect(() => vietnamDate(new Date(Number.NaN))).toThrow(PeriodError);
  });

  it('agrees with the IANA zone Asia/Ho_Chi_Minh for every 37 minutes over two years', () => {
    const ianaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    const start = Date.UTC(2023, 11, 1);
    const end = Date.UTC(2025, 11, 31);
    const mismatches: string[] = [];
    for (let t = start; t < end; t += 37 * 60_000) {
      const instant = new Date(t);
      if (vietnamDate(instant) !== ianaDay.format(instant)) mismatches.push(instant.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('adds days across month, leap-day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-09-30', 10)).toBe('2025-10-10');
  });
});

describe('the period containing an instant', () => {
  it('counts 2025-06-30T17:30Z as 1 July in Vietnam, so in 2025Q3', () => {
    const instant = utc('2025-06-30T17:30:00Z');
    expect(periodContaining('quarter', instant)).toBe('2025Q3');
    expect(periodContaining('month', instant)).toBe('202507');
    expect(periodContaining('sixMonth', instant)).toBe('2025S2');
    expect(periodContaining('day', instant)).toBe('20250701');
    expect(periodContaining('year', instant)).toBe('2025');
  });

  it('keeps 2025-06-30T16:59:59.999Z in the first half', () => {
    const instant = utc('2025-06-30T16:59:59.999Z');
    expect(periodContaining('quarter', instant)).toBe('2025Q2');
    expect(periodContaining('sixMonth', instant)).toBe('2025S1');
    expect(periodContaining('month', instant)).toBe('202506');
  });

  it('turns the year at 17:00 UTC on 31 December', () => {
    const before = utc('2025-12-31T16:59:59.999Z');
    const after = utc('2025-12-31T17:00:00.000Z');
    const types: PeriodType[] = ['day', 'month', 'quarter', 'sixMonth', 'year'];
    expect(types.map((t) => periodContaining(t, before))).toEqual(['20251231', '202512', '2025Q4', '2025S2', '2025']);
    expect(types.map((t) => periodContaining(t, after))).toEqual(['20260101', '202601', '2026Q1', '2026S1', '2026']);
  });

  it('finds the leap day', () => {
    expect(periodContaining('day', utc('2024-02-28T17:00:00Z'))).toBe('20240229');
    expect(periodContaining('day', utc('2024-02-29T16:59:59Z'))).toBe('20240229');
    expect(periodContaining('day', utc('2024-02-29T17:00:00Z'))).toBe('20240301');
    expect(periodOfDate('month', '2024-02-29')).toBe('202402');
  });

  it('tests membership by instant, end exclusive', () => {
    expect(periodContainsInstant('2025Q3', utc('2025-06-30T17:00:00Z'))).toBe(true);
    expect(periodContainsInstant('2025Q3', utc('2025-06-30T16:59:59.999Z'))).toBe(false);
    expect(periodContainsInstant('2025Q3', utc('2025-09-30T16:59:59.999Z'))).toBe(true);
    expect(periodContainsInstant('2025Q3', utc('2025-09-30T17:00:00Z'))).toBe(false);
  });
});

describe('arithmetic', () => {
  const steps: [string, number, string][] = [
    ['2025Q4', 1, '2026Q1'],
    ['2025Q1', -1, '2024Q4'],
    ['2025Q3', 5, '2026Q4'],
    ['2025Q3', -11, '2022Q4'],
    ['202512', 1, '202601'],
    ['202501', -1, '202412'],
    ['202507', -19, '202312'],
    ['202507', 30, '202801'],
    ['2025S2', 1, '2026S1'],
    ['2025S1', -1, '2024S2'],
    ['2025S1', -3, '2023S2'],
    ['2025', 1, '2026'],
    ['2025', -5, '2020'],
    ['20241231', 1, '20250101'],
    ['20240228', 1, '20240229'],
    ['20240229', 1, '20240301'],
    ['20250228', 1, '20250301'],
    ['20250301', -1, '20250228'],
    ['20250715', 366, '20260716'],
    ['2025Q3', 0, '2025Q3'],
  ];
  it.each(steps)('%s + %i = %s', (code, n, expected) => {
    expect(addPeriods(code, n)).toBe(expected);
    expect(addPeriods(expected, -n)).toBe(code);
  });

  it('steps one period forward and back', () => {
    expect(nextPeriod('2025Q4')).toBe('2026Q1');
    expect(previousPeriod('2026Q1')).toBe('2025Q4');
    expect(nextPeriod('20251231')).toBe('20260101');
  });

  it('refuses fractional steps and years beyond 1000–9999', () => {
    expect(() => addPeriods('2025Q3', 1.5)).toThrow(PeriodError);
    expect(() => nextPeriod('9999')).toThrow(/9999/);
    expect(() => previousPeriod('1000Q1')).toThrow(PeriodError);
    expect(() => nextPeriod('99991231')).toThrow(PeriodError);
  });

  it('lists the periods between two, both included', () => {
    expect(periodsBetween('2024Q3', '2025Q2')).toEqual(['2024Q3', '2024Q4', '2025Q1', '2025Q2']);
    expect(periodsBetween('202411', '202502')).toEqual(['202411', '202412', '202501', '202502']);
    expect(periodsBetween('2024S2', '2026S1')).toEqual(['2024S2', '2025S1', '2025S2', '2026S1']);
    expect(periodsBetween('20240227', '20240302')).toEqual(['20240227', '20240228', '20240229', '20240301', '20240302']);
    expect(periodsBetween('2025', '2025')).toEqual(['2025']);
    expect(periodsBetween('2025Q3', '2025Q1')).toEqual([]);
    expect(() => periodsBetween('2025Q3', '202512')).toThrow(PeriodError);
  });

  it('sorts mixed periods by start, finer first', () => {
    const sorted = ['2025', '2025Q3', '202507', '2024Q4', '2025S2', '20250701', '2025Q1'].sort(comparePeriods);
    expect(sorted).toEqual(['2024Q4', '2025Q1', '2025', '2025Q3', '20250701', '202507', '2025S2'].sort(comparePeriods));
    expect(sorted).toEqual(['2024Q4', '2025Q1', '2025', '20250701', '202507', '2025Q3', '2025S2']);
  });
});

describe('child and parent periods', () => {
  it('splits a year', () => {
    expect(childPeriods('2025', 'quarter')).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(childPeriods('2025', 'sixMonth')).toEqual(['2025S1', '2025S2']);
    expect(childPeriods('2025', 'month')).toEqual(periodsBetween('202501', '202512'));
    expect(childPeriods('2025', 'month')).toHaveLength(12);
    expect(childPeriods('2024', 'day')).toHaveLength(366);
    expect(childPeriods('2025', 'day')).toHaveLength(365);
  });

  it('splits quarters and six-month periods', () => {
    expect(childPeriods('2025Q3', 'month')).toEqual(['202507', '202508', '202509']);
    expect(childPeriods('2025Q1', 'day')).toHaveLength(90);
    expect(childPeriods('2025S1', 'quarter')).toEqual(['2025Q1', '2025Q2']);
    expect(childPeriods('2025S2', 'quarter')).toEqual(['2025Q3', '2025Q4']);
    expect(childPeriods('2025S2', 'month')).toEqual(['202507', '202508', '202509', '202510', '202511', '202512']);
    expect(childPeriods('202402', 'day').at(-1)).toBe('20240229');
  });

  it('refuses children of the same or a coarser type', () => {
    expect(() => childPeriods('2025Q3', 'sixMonth')).toThrow(PeriodError);
    expect(() => childPeriods('202507', 'quarter')).toThrow(PeriodError);
    expect(() => childPeriods('2025', 'year')).toThrow(/chi tiết hơn/);
  });

  it('finds the parent in any coarser type', () => {
    expect(parentPeriod('202507', 'quarter')).toBe('2025Q3');
    expect(parentPeriod('202507', 'sixMonth')).toBe('2025S2');
    expect(parentPeriod('202506', 'sixMonth')).toBe('2025S1');
    expect(parentPeriod('202512', 'year')).toBe('2025');
    expect(parentPeriod('2025Q2', 'sixMonth')).toBe('2025S1');
    expect(parentPeriod('2025Q3', 'sixMonth')).toBe('2025S2');
    expect(parentPeriod('2025Q4', 'year')).toBe('2025');
    expect(parentPeriod('2025S2', 'year')).toBe('2025');
    expect(parentPeriod('20240229', 'month')).toBe('202402');
    expect(parentPeriod('20251231', 'quarter')).toBe('2025Q4');
    expect(() => parentPeriod('2025Q3', 'month')).toThrow(PeriodError);
    expect(() => parentPeriod('2025Q3', 'quarter')).toThrow(PeriodError);
  });

  it('tells ancestors', () => {
    expect(isAncestor('2025', '2025Q3')).toBe(true);
    expect(isAncestor('2025S2', '202512')).toBe(true);
    expect(isAncestor('2025Q3', '20250930')).toBe(true);
    expect(isAncestor('2025S1', '2025Q3')).toBe(false);
    expect(isAncestor('2024', '2025Q1')).toBe(false);
    expect(isAncestor('2025Q3', '2025Q3')).toBe(false);
    expect(isAncestor('2025Q3', '2025')).toBe(false);
    expect(isAncestor('202507', '2025Q3')).toBe(false);
  });
});

describe('deadlines', () => {
  const commune = { daysAfterEnd: 10 };
  const annual = { fixedDate: { month: 12, day: 15 } };

  it('puts a commune form due 10 days after the quarter, at 23:59:59.999 Vietnam time', () => {
    expect(dueDate('2025Q3', commune)).toBe('2025-10-10');
    expect(dueInstant('2025Q3', commune).toISOString()).toBe('2025-10-10T16:59:59.999Z');
    expect(dueDate('2025Q4', commune)).toBe('2026-01-10');
    expect(dueInstant('2025Q4', commune).toISOString()).toBe('2026-01-10T16:59:59.999Z');
    expect(dueDate('202402', commune)).toBe('2024-03-10');
    expect(dueDate('2025S1', { daysAfterEnd: 20 })).toBe('2025-07-20');
    expect(dueDate('2025Q3', { daysAfterEnd: 0 })).toBe('2025-09-30');
  });

  it('puts the annual report due on 15/12 of the same year, or the next with yearOffset 1', () => {
    expect(dueInstant('2025', annual).toISOString()).toBe('2025-12-15T16:59:59.999Z');
    expect(dueDate('2025', { fixedDate: { month: 1, day: 31 }, yearOffset: 1 })).toBe('2026-01-31');
    expect(dueDate('2025S2', { fixedDate: { month: 1, day: 15 }, yearOffset: 1 })).toBe('2026-01-15');
  });

  it('moves 29/02 to 28/02 outside leap years', () => {
    const rule = { fixedDate: { month: 2, day: 29 }, yearOffset: 1 as const };
    expect(dueDate('2023', rule)).toBe('2024-02-29');
    expect(dueDate('2024', rule)).toBe('2025-02-28');
  });

  it('refuses impossible rules', () => {
    expect(() => dueDate('2025', { fixedDate: { month: 4, day: 31 } })).toThrow(PeriodError);
    expect(() => dueDate('2025', { fixedDate: { month: 13, day: 1 } })).toThrow(/không hợp lệ/);
    expect(() => dueDate('2025', { fixedDate: { month: 0, day: 1 } })).toThrow(PeriodError);
    expect(() => dueDate('2025Q3', { daysAfterEnd: -1 })).toThrow(PeriodError);
    expect(() => dueDate('2025Q3', { daysAfterEnd: 2.5 })).toThrow(PeriodError);
    expect(() => lockInstant('2025Q3', commune, -1)).toThrow(PeriodError);
  });

  it('locks at the end of the day N days after the due day', () => {
    expect(lockInstant('2025Q3', commune, 5).toISOString()).toBe('2025-10-15T16:59:59.999Z');
    expect(lockInstant('2025Q3', commune, 0).toISOString()).toBe('2025-10-10T16:59:59.999Z');
    expect(lockInstant('2025', annual, 30).toISOString()).toBe('2026-01-14T16:59:59.999Z');
  });

  it('tells future, open and locked periods', () => {
    const rules: EntryRules = { due: commune, lockDaysAfterDue: 5 };
    expect(isOpenForEntry('2025Q3', utc('2025-06-30T16:59:59.999Z'), rules)).toBe('future');
    expect(isOpenForEntry('2025Q3', utc('2025-06-30T17:00:00.000Z'), rules)).toBe('open');
    expect(isOpenForEntry('2025Q3', utc('2025-10-10T16:59:59.999Z'), rules)).toBe('open');
    expect(isOpenForEntry('2025Q3', utc('2025-10-15T16:59:59.999Z'), rules)).toBe('open');
    expect(isOpenForEntry('2025Q3', utc('2025-10-15T17:00:00.000Z'), rules)).toBe('locked');
    expect(isOpenForEntry('2025Q3', utc('2026-05-01T00:00:00Z'), rules)).toBe('locked');
  });

  it('never locks without a lock rule, and honours an exception until it expires', () => {
    expect(isOpenForEntry('2020Q1', utc('2025-10-16T00:00:00Z'), { due: commune, lockDaysAfterDue: null })).toBe('open');
    expect(isOpenForEntry('2020Q1', utc('2025-10-16T00:00:00Z'), { due: commune })).toBe('open');
    const exception = { due: commune, lockDaysAfterDue: 5, exceptionUntil: utc('2025-10-20T17:00:00Z') };
    expect(isOpenForEntry('2025Q3', utc('2025-10-18T00:00:00Z'), exception)).toBe('open');
    expect(isOpenForEntry('2025Q3', utc('2025-10-20T17:00:00Z'), exception)).toBe('open');
    expect(isOpenForEntry('2025Q3', utc('2025-10-20T17:00:00.001Z'), exception)).toBe('locked');
    expect(isOpenForEntry('2025Q4', utc('2025-09-01T00:00:00Z'), exception)).toBe('future');
  });

  it('reports the entry window and on-time submissions', () => {
    const window = entryWindow('2025Q3', { due: commune, lockDaysAfterDue: 5 });
    expect(window.opensAt.toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(window.dueAt.toISOString()).toBe('2025-10-10T16:59:59.999Z');
    expect(window.locksAt?.toISOString()).toBe('2025-10-15T16:59:59.999Z');
    expect(entryWindow('2025Q3', { due: commune }).locksAt).toBeNull();
    // 23:30 on 10/10 in Hà Nội is on time; 00:10 on 11/10 is late.
    expect(isOnTime('2025Q3', utc('2025-10-10T16:30:00Z'), commune)).toBe(true);
    expect(isOnTime('2025Q3', utc('2025-10-10T17:10:00Z'), commune)).toBe(false);
  });
});

describe('relative periods', () => {
  // 1 August 2025, 08:00 in Hà Nội.
  const now = utc('2025-08-01T01:00:00Z');
  it('resolves each relative period, oldest first', () => {
    expect(relativePeriods('THIS_MONTH', now)).toEqual(['202508']);
    expect(relativePeriods('LAST_12_MONTHS', now)).toEqual(periodsBetween('202408', '202507'));
    expect(relativePeriods('THIS_QUARTER', now)).toEqual(['2025Q3']);
    expect(relativePeriods('LAST_QUARTER', now)).toEqual(['2025Q2']);
    expect(relativePeriods('LAST_4_QUARTERS', now)).toEqual(['2024Q3', '2024Q4', '2025Q1', '2025Q2']);
    expect(relativePeriods('THIS_SIX_MONTH', now)).toEqual(['2025S2']);
    expect(relativePeriods('LAST_SIX_MONTH', now)).toEqual(['2025S1']);
    expect(relativePeriods('THIS_YEAR', now)).toEqual(['2025']);
    expect(relativePeriods('LAST_YEAR', now)).toEqual(['2024']);
    expect(relativePeriods('LAST_5_YEARS', now)).toEqual(['2020', '2021', '2022', '2023', '2024']);
  });

  it('crosses the year in Vietnam time, not UTC', () => {
    const lastUtcEvening = utc('2025-12-31T16:59:59Z');
    const newYearInHanoi = utc('2025-12-31T17:00:00Z');
    expect(relativePeriods('THIS_YEAR', lastUtcEvening)).toEqual(['2025']);
    expect(relativePeriods('THIS_YEAR', newYearInHanoi)).toEqual(['2026']);
    expect(relativePeriods('LAST_QUARTER', newYearInHanoi)).toEqual(['2025Q4']);
    expect(relativePeriods('LAST_SIX_MONTH', newYearInHanoi)).toEqual(['2025S2']);
    expect(relativePeriods('LAST_12_MONTHS', newYearInHanoi)).toEqual(periodsBetween('202501', '202512'));
    expect(relativePeriods('THIS_MONTH', newYearInHanoi)).toEqual(['202601']);
  });

  it('gives a non-empty list for every relative period', () => {
    for (const relative of RELATIVE_PERIODS) expect(relativePeriods(relative, now).length).toBeGreaterThan(0);
  });
});

describe('labels', () => {
  const labels: [string, string, string][] = [
    ['2025Q3', 'Quý 3/2025', 'Q3 2025'],
    ['2025Q1', 'Quý 1/2025', 'Q1 2025'],
    ['2025S1', '6 tháng đầu năm 2025', 'H1 2025'],
    ['2025S2', '6 tháng cuối năm 2025', 'H2 2025'],
    ['202507', 'Tháng 7/2025', 'July 2025'],
    ['202512', 'Tháng 12/2025', 'December 2025'],
    ['2025', 'Năm 2025', '2025'],
    ['20250715', '15/07/2025', '15/07/2025'],
    ['20240229', '29/02/2024', '29/02/2024'],
  ];
  it.each(labels)('%s reads "%s" / "%s"', (code, vi, en) => {
    expect(periodLabel(code, 'vi')).toBe(vi);
    expect(periodLabel(code, 'en')).toBe(en);
  });

  it('names period types', () => {
    expect(periodTypeLabel('sixMonth', 'vi')).toBe('6 tháng');
    expect(periodTypeLabel('quarter', 'en')).toBe('Quarter');
    expect(periodTypeLabel('month', 'vi')).toBe('Tháng');
  });
});

describe('ADX periods (ISO 8601 start/duration)', () => {
  it('writes each period type as its first day and duration', () => {
    expect(adxPeriod('202507')).toBe('2025-07-01/P1M');
    expect(adxPeriod('2025Q3')).toBe('2025-07-01/P3M');
    expect(adxPeriod('2025S1')).toBe('2025-01-01/P6M');
    expect(adxPeriod('2025S2')).toBe('2025-07-01/P6M');
    expect(adxPeriod('2025')).toBe('2025-01-01/P1Y');
    expect(adxPeriod('20250715')).toBe('2025-07-15/P1D');
  });

  it('reads them back to the same codes', () => {
    for (const code of ['202507', '202512', '2025Q1', '2025Q3', '2025Q4', '2025S1', '2025S2', '2025', '20240229']) {
      expect(periodFromAdx(adxPeriod(code))).toBe(code);
    }
    expect(periodFromAdx('2025-07-01/P3M')).toBe('2025Q3');
  });

  it('refuses a start that does not begin a period of the duration, unknown durations and malformed text', () => {
    expect(periodFromAdx('2025-02-01/P3M')).toBeNull(); // a quarter starts in Jan/Apr/Jul/Oct
    expect(periodFromAdx('2025-07-02/P1M')).toBeNull();
    expect(periodFromAdx('2025-04-01/P6M')).toBeNull();
    expect(periodFromAdx('2025-07-01/P1Y')).toBeNull();
    expect(periodFromAdx('2025-02-30/P1D')).toBeNull();
    expect(periodFromAdx('2025-13-01/P1M')).toBeNull();
    expect(periodFromAdx('2025-01-01/P2M')).toBeNull();
    expect(periodFromAdx('2025-01-01/P12M')).toBeNull();
    expect(periodFromAdx('2025-01-01')).toBeNull();
    expect(periodFromAdx('2025Q3')).toBeNull();
    expect(periodFromAdx(' 2025-07-01/P3M')).toBeNull();
    expect(periodFromAdx('')).toBeNull();
  });
});
