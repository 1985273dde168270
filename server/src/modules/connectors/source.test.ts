// Reading connector files and the small rules around them, without a database.
import { describe, expect, it } from 'vitest';
import { yearEndPeriod } from './reconcile.ts';
import { checkCron, nextFire, previousFire } from './schedule.ts';
import { checkSourceUrl, ConnectorFailure, parseSource } from './source.ts';

describe('parseSource', () => {
  it('reads CSV with a BOM, either separator, lower-cased trimmed headers and spreadsheet row numbers', () => {
    const { records, columns } = parseSource(Buffer.from('\uFEFF Ma_Xa ;NAM;so_ho_ngheo\r\n23764; 2025 ;0120\r\n\r\n23776;2025;\r\n'), 'csv');
    expect(columns).toEqual(['ma_xa', 'nam', 'so_ho_ngheo']);
    expect(records).toEqual([
      { row: 2, fields: { ma_xa: '23764', nam: '2025', so_ho_ngheo: '0120' } },
      { row: 4, fields: { ma_xa: '23776', nam: '2025', so_ho_ngheo: '' } },
    ]);
  });

  it('reads JSON as an array or {"data": [...]}, numbers as text, positions from 1', () => {
    const a = parseSource(Buffer.from(JSON.stringify([{ ma_xa: '23764', nam: 2025, so_ho_ngheo: 12 }])), 'json');
    expect(a.records).toEqual([{ row: 1, fields: { ma_xa: '23764', nam: '2025', so_ho_ngheo: '12' } }]);
    const b = parseSource(Buffer.from(JSON.stringify({ data: [{ MA_XA: 'x' }, null] })), 'json');
    expect(b.records).toEqual([{ row: 1, fields: { ma_xa: 'x' } }, { row: 2, fields: {} }]);
  });

  it('refuses what it cannot read with a Vietnamese reason', () => {
    expect(() => parseSource(Buffer.from([0x61, 0xff, 0x62]), 'csv')).toThrow(/không phải văn bản UTF-8.*vị trí 1/);
    expect(() => parseSource(Buffer.from('{"rows": []}'), 'json')).toThrow(ConnectorFailure);
    expect(() => parseSource(Buffer.from('{bad'), 'json')).toThrow(/JSON không hợp lệ/);
    expect(() => parseSource(Buffer.from(''), 'csv')).toThrow(/không có dòng nào/);
    expect(() => parseSource(Buffer.from('a,b\n"x,y\n'), 'csv')).toThrow(/CSV không đọc được/);
  });
});

describe('rules', () => {
  it('accepts https everywhere and plain http only to this machine when loopback is allowed', async () => {
    const loose = { OUTBOUND_ALLOW_LOOPBACK: true };
    const strict = { OUTBOUND_ALLOW_LOOPBACK: false };
    const resolve = async (host: string) => (host === 'lgsp.gialai.gov.vn' ? ['10.1.2.3'] : host === 'meta.example' ? ['169.254.169.254'] : Promise.reject(new Error('ENOTFOUND')));
    expect(await checkSourceUrl(strict, 'https://lgsp.gialai.gov.vn/api/ho-ngheo', { resolve })).toBeNull();
    expect(await checkSourceUrl(loose, 'http://127.0.0.1:8080/x', { resolve })).toBeNull();
    expect(await checkSourceUrl(loose, 'http://localhost/x')).toBeNull();
    expect(await checkSourceUrl(strict, 'http://127.0.0.1:8080/x', { resolve })).toMatch(/loopback/);
    expect(await checkSourceUrl(strict, 'https://localhost/x')).toMatch(/loopback/);
    expect(await checkSourceUrl(loose, 'https://meta.example/x', { resolve })).toMatch(/link-local/);
    expect(await checkSourceUrl(loose, 'http://169.254.169.254/latest/meta-data/', { resolve })).toMatch(/link-local/);
    expect(await checkSourceUrl(strict, 'http://lgsp.gialai.gov.vn/x', { resolve })).toMatch(/https/);
    expect(await checkSourceUrl(strict, 'ftp://x/y', { resolve })).toMatch(/https/);
    expect(await checkSourceUrl(strict, 'không phải url', { resolve })).toMatch(/không hợp lệ/);
    // A name that does not resolve now: accepted when saved (https), refused before a request.
    expect(await checkSourceUrl(strict, 'https://chua-co.example/x', { resolve, onSave: true })).toBeNull();
    expect(await checkSourceUrl(strict, 'http://chua-co.example/x', { resolve, onSave: true })).toMatch(/https/);
    expect(await checkSourceUrl(strict, 'https://chua-co.example/x', { resolve })).toMatch(/phân giải/);
  });

  it('takes the year-end period of the form\'s period type', () => {
    expect([yearEndPeriod('2025', 'year'), yearEndPeriod('2025', 'sixMonth'), yearEndPeriod('2025', 'quarter'), yearEndPeriod('2025', 'month')]).toEqual(['2025', '2025S2', '2025Q4', '202512']);
  });

  it('reads cron schedules in Vietnam time', () => {
    expect(checkCron('0 2 * * *')).toBeNull();
    expect(checkCron('61 * * * *')).toMatch(/Lịch chạy không hợp lệ/);
    const now = new Date('2026-01-05T02:00:00Z'); // 09:00 in Vietnam
    expect(nextFire('0 2 * * *', now)?.toISOString()).toBe('2026-01-05T19:00:00.000Z');
    expect(previousFire('0 2 * * *', now).toISOString()).toBe('2026-01-04T19:00:00.000Z');
    // A fire time exactly now counts as due.
    expect(previousFire('0 2 * * *', new Date('2026-01-04T19:00:00Z')).toISOString()).toBe('2026-01-04T19:00:00.000Z');
  });
});
