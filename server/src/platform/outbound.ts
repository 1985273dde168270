// The one check every request we make to an address an administrator typed goes
// through (webhooks, connectors; ADR 0008 "Outbound addresses"): http or https, no
// user:password, and a host that resolves only to addresses we may reach. Refused:
// loopback (127/8, ::1), link-local (169.254/16 — cloud metadata — and fe80::/10),
// unspecified (0/8, ::), multicast (224/4, ff00::/8), broadcast, and the same inside
// IPv4-mapped/compatible and NAT64 IPv6 forms. Private ranges (10/8, 172.16/12,
// 192.168/16, fc00::/7) stay allowed: government LGSP hosts live on private networks.
// OUTBOUND_ALLOW_LOOPBACK=true lets loopback through (tests, a relay on this machine).
// Called when an address is saved and again right before each request (DNS may change).
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Config } from './config.ts';

export type OutboundConfig = Pick<Config, 'OUTBOUND_ALLOW_LOOPBACK'>;

/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type AddressClass = 'loopback' | 'link-local' | 'unspecified' | 'multicast' | 'broadcast' | 'public-or-private';

function classifyV4(octets: number[]): AddressClass {
  const [a, b] = octets as [number, number, number, number];
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (octets.every((o) => o === 255)) return 'broadcast';
  return 'public-or-private';
}

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part allowed), or null. */
export function ipv6Groups(address: string): number[] | null {
  let s = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    if (!v4) return null;
    s = `${s.slice(0, -dotted[1]!.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h: string) => (h === '' ? [] : h.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/** What kind of address this is, for the outbound rule; null when it is not an IP address. */
export function classifyAddress(address: string): AddressClass | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const kind = isIP(bare.replace(/%.*$/, ''));
  if (kind === 4) return classifyV4(parseV4(bare)!);
  if (kind !== 6) return null;
  const g = ipv6Groups(bare);
  if (!g) return null;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => classifyV4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64).
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeros(0, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  return 'public-or-private';
}

/** May we connect to this address? */
export function addressAllowed(config: OutboundConfig, address: string): boolean {
  const c = classifyAddress(address);
  return c === 'public-or-private' || (c === 'loopback' && config.OUTBOUND_ALLOW_LOOPBACK);
}

const CLASS_VI: Record<AddressClass, string> = {
  loopback: 'địa chỉ nội bộ của máy chủ (loopback)',
  'link-local': 'địa chỉ link-local (như dịch vụ metadata của máy ảo)',
  unspecified: 'địa chỉ không xác định',
  multicast: 'địa chỉ multicast',
  broadcast: 'địa chỉ broadcast',
  'public-or-private': '',
};

export type OutboundVerdict =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; reason: 'invalid' | 'credentials' | 'blocked' | 'unresolved'; message: string };

/** Checks an address before it is saved or requested; the message is Vietnamese, for the administrator. */
export async function checkOutboundUrl(config: OutboundConfig, value: string, resolve: Resolver = systemResolver): Promise<OutboundVerdict> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'invalid', message: 'Địa chỉ không hợp lệ' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'invalid', message: 'Chỉ chấp nhận địa chỉ http:// hoặc https://' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials', message: 'Địa chỉ không được chứa tên đăng nhập/mật khẩu' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return { ok: false, reason: 'invalid', message: 'Địa chỉ không có tên máy chủ' };
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return { ok: false, reason: 'unresolved', message: `Không phân giải được tên máy chủ ${host}` };
  }
  const refused = addresses.find((a) => !addressAllowed(config, a));
  if (refused !== undefined) {
    const what = CLASS_VI[classifyAddress(refused) ?? 'unspecified'] || 'địa chỉ không hợp lệ';
    const via = refused === host ? '' : ` (${host} trỏ tới ${refused})`;
    return { ok: false, reason: 'blocked', message: `Không được gửi tới ${what}${via}` };
  }
  return { ok: true, url, addresses };
}

/**
 * The problem to show when an address is saved, or null. A name that does not resolve
 * now is accepted (it is checked again before every request).
 */
export async function outboundProblemOnSave(config: OutboundConfig, value: string, resolve?: Resolver): Promise<string | null> {
  const v = await checkOutboundUrl(config, value, resolve);
  return v.ok || v.reason === 'unresolved' ? null : v.message;
}

/** Thrown right before a request to a refused address; nothing was sent. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

/** Right before a request: throws OutboundRefused unless the address may be reached now. */
export async function assertOutboundAllowed(config: OutboundConfig, value: string, resolve?: Resolver): Promise<URL> {
  const v = await checkOutboundUrl(config, value, resolve);
  if (!v.ok) throw new OutboundRefused(v.message);
  return v.url;
}
