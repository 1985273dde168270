import { describe, expect, it } from 'vitest';
import { addressAllowed, assertOutboundAllowed, checkOutboundUrl, classifyAddress, ipv6Groups, OutboundRefused, outboundProblemOnSave, type Resolver } from './outbound.ts';

const strict = { OUTBOUND_ALLOW_LOOPBACK: false };
const loose = { OUTBOUND_ALLOW_LOOPBACK: true };
const fake =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const a = table[host];
    if (!a) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return a;
  };

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    // IPv4-mapped, IPv4-compatible and NAT64 forms of refused IPv4 addresses.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::169.254.169.254', 'link-local'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // Allowed: public and private (LGSP hosts on government networks).
    ['8.8.8.8', 'public-or-private'],
    ['10.1.2.3', 'public-or-private'],
    ['172.16.0.5', 'public-or-private'],
    ['192.168.1.10', 'public-or-private'],
    ['fd12:3456::1', 'public-or-private'],
    ['2001:db8::1', 'public-or-private'],
    ['::ffff:10.0.0.1', 'public-or-private'],
    ['fec0::1', 'public-or-private'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('is null for what is not an IP address', () => {
    expect(classifyAddress('example.org')).toBeNull();
    expect(classifyAddress('1.2.3')).toBeNull();
  });

  it('expands IPv6 groups, with an embedded IPv4 part', () => {
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(ipv6Groups('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('1::2::3')).toBeNull();
    expect(ipv6Groups('1:2:3')).toBeNull();
  });

  it('lets loopback through only when OUTBOUND_ALLOW_LOOPBACK is on; link-local never', () => {
    expect(addressAllowed(strict, '127.0.0.1')).toBe(false);
    expect(addressAllowed(loose, '127.0.0.1')).toBe(true);
    expect(addressAllowed(loose, '::ffff:127.0.0.1')).toBe(true);
    expect(addressAllowed(loose, '169.254.169.254')).toBe(false);
    expect(addressAllowed(loose, '0.0.0.0')).toBe(false);
    expect(addressAllowed(strict, '10.0.0.1')).toBe(true);
  });
});

describe('checkOutboundUrl', () => {
  it('accepts http(s) to public and private hosts', async () => {
    const resolve = fake({ 'lgsp.gialai.gov.vn': ['10.20.30.40'], 'example.org': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    expect(await checkOutboundUrl(strict, 'https://lgsp.gialai.gov.vn/api', resolve)).toMatchObject({ ok: true, addresses: ['10.20.30.40'] });
    expect((await checkOutboundUrl(strict, 'http://example.org/hook', resolve)).ok).toBe(true);
    expect((await checkOutboundUrl(strict, 'http://192.168.1.5:8080/x')).ok).toBe(true);
  });

  it('refuses other schemes, credentials and bad addresses', async () => {
    expect(await checkOutboundUrl(strict, 'ftp://example.org/x')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await checkOutboundUrl(strict, 'file:///etc/passwd')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await checkOutboundUrl(strict, 'https://user:pw@example.org/')).toMatchObject({ ok: false, reason: 'credentials' });
    expect(await checkOutboundUrl(strict, 'không phải url')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses metadata, loopback and their disguises', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:8080/',
      'http://[::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:7f00:1]/',
      'http://0x7f.1/', // the URL parser reads it as 127.0.0.1
      'http://2852039166/', // 169.254.169.254 as one number
      'http://0.0.0.0:3000/',
      'http://[fe80::1]/',
    ]) {
      const v = await checkOutboundUrl(strict, url);
      expect(v, url).toMatchObject({ ok: false, reason: 'blocked' });
    }
    expect(await checkOutboundUrl(loose, 'http://169.254.169.254/')).toMatchObject({ ok: false, reason: 'blocked', message: expect.stringMatching(/link-local/) });
    expect((await checkOutboundUrl(loose, 'http://127.0.0.1:8080/')).ok).toBe(true);
  });

  it('refuses a name that resolves to a refused address, even if only one of its addresses is', async () => {
    // The real resolver: localhost is 127.0.0.1 (and ::1) on every machine.
    expect(await checkOutboundUrl(strict, 'http://localhost:3000/')).toMatchObject({ ok: false, reason: 'blocked', message: expect.stringMatching(/localhost trỏ tới/) });
    expect((await checkOutboundUrl(loose, 'http://localhost:3000/')).ok).toBe(true);
    const resolve = fake({ 'metadata.evil.example': ['169.254.169.254'], 'mixed.example': ['8.8.8.8', '::ffff:127.0.0.1'] });
    expect(await checkOutboundUrl(loose, 'https://metadata.evil.example/', resolve)).toMatchObject({ ok: false, reason: 'blocked' });
    expect(await checkOutboundUrl(strict, 'https://mixed.example/', resolve)).toMatchObject({ ok: false, reason: 'blocked' });
  });

  it('on save accepts a name that does not resolve now; before a request refuses it', async () => {
    const resolve = fake({});
    expect(await outboundProblemOnSave(strict, 'https://chua-co.example/', resolve)).toBeNull();
    expect(await outboundProblemOnSave(strict, 'http://169.254.169.254/', resolve)).toMatch(/link-local/);
    await expect(assertOutboundAllowed(strict, 'https://chua-co.example/', resolve)).rejects.toThrow(OutboundRefused);
    await expect(assertOutboundAllowed(strict, 'http://127.0.0.1/', resolve)).rejects.toThrow(/loopback/);
    await expect(assertOutboundAllowed(loose, 'http://127.0.0.1/', resolve)).resolves.toBeInstanceOf(URL);
  });
});
