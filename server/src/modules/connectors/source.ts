// Getting a connector's file: over HTTP (a bearer token first, by OAuth 2.0 client
// credentials with HTTP Basic at the token URL — openid-client, no discovery), or the
// uploaded bytes; then reading it as CSV (header row) or JSON (an array of objects, or
// {"data": [...]}) into plain records with their row numbers. Every failure is a
// ConnectorFailure with a Vietnamese message for the run's report. Every address goes
// through the shared outbound check (platform/outbound.ts) when saved and again right
// before each request.
import { parse } from 'csv-parse/sync';
import { loadOpenIdClient } from '../../platform/lazy-modules.ts';
import { checkOutboundUrl, classifyAddress, type OutboundConfig, type Resolver } from '../../platform/outbound.ts';
import { invalidUtf8Offset } from '../data-exchange/exchange-files.ts';

/** A run that could not get or read its file; the message is shown to administrators as is. */
export class ConnectorFailure extends Error {}

export const MAX_SOURCE_BYTES = 50 * 1024 * 1024;
const TIMEOUT_SECONDS = 60;

export interface SourceRecord {
  /** As a spreadsheet numbers it (header = 1) for CSV; position from 1 for JSON. */
  row: number;
  fields: Record<string, string>;
}

export interface HttpSource {
  sourceUrl: string;
  tokenUrl: string | null;
  clientId: string | null;
  clientSecret: string | null;
  tokenScope: string | null;
}

/**
 * The problem with a source or token address, or null: it must pass the outbound check
 * (no loopback unless OUTBOUND_ALLOW_LOOPBACK, never link-local/metadata …), and be
 * https — credentials and tokens travel over it — except plain http to this machine
 * when loopback is allowed (tests, a local relay). When saved (`onSave`), a name that
 * does not resolve now passes (it is checked again before each request).
 */
export async function checkSourceUrl(config: OutboundConfig, value: string, opts: { onSave?: boolean; resolve?: Resolver } = {}): Promise<string | null> {
  const v = await checkOutboundUrl(config, value, opts.resolve);
  if (!v.ok && !(v.reason === 'unresolved' && opts.onSave)) return v.message;
  const u = new URL(value);
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && v.ok && v.addresses.every((a) => classifyAddress(a) === 'loopback')) return null;
  return 'Chỉ chấp nhận địa chỉ https:// (http:// chỉ cho máy cục bộ)';
}

/** Right before a request: a ConnectorFailure unless the address may be reached now. */
async function assertSourceUrl(config: OutboundConfig, value: string, what: string): Promise<void> {
  const problem = await checkSourceUrl(config, value);
  if (problem) throw new ConnectorFailure(`Không gửi yêu cầu tới ${what}: ${problem}.`);
}

async function obtainToken(src: HttpSource): Promise<string> {
  const oidc = await loadOpenIdClient();
  const tokenUrl = new URL(src.tokenUrl!);
  const config = new oidc.Configuration({ issuer: tokenUrl.origin, token_endpoint: tokenUrl.href }, src.clientId!, undefined, oidc.ClientSecretBasic(src.clientSecret ?? ''));
  config.timeout = TIMEOUT_SECONDS;
  if (tokenUrl.protocol === 'http:') oidc.allowInsecureRequests(config);
  try {
    const res = await oidc.clientCredentialsGrant(config, src.tokenScope ? { scope: src.tokenScope } : {});
    return res.access_token;
  } catch (err) {
    const e = err as { error?: string; status?: number; code?: string; cause?: unknown; message?: string };
    const oauthError = e.error ?? (e.cause && typeof e.cause === 'object' ? (e.cause as { error?: string }).error : undefined);
    if (oauthError === 'invalid_client' || e.status === 401) {
      throw new ConnectorFailure(`Máy chủ cấp token (${tokenUrl.host}) từ chối thông tin xác thực của kết nối (invalid_client): kiểm tra client id và client secret.`);
    }
    if (oauthError) throw new ConnectorFailure(`Máy chủ cấp token (${tokenUrl.host}) từ chối yêu cầu: ${oauthError}.`);
    throw new ConnectorFailure(`Không lấy được token từ ${tokenUrl.host}: ${describeNetworkError(err)}.`);
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `quá ${TIMEOUT_SECONDS} giây không có phản hồi`;
  if (e.cause?.code === 'ECONNREFUSED') return 'không kết nối được (máy chủ từ chối kết nối)';
  if (e.cause?.code === 'ENOTFOUND') return 'không tìm thấy máy chủ';
  return (e.cause?.message ?? e.message ?? 'lỗi không xác định').slice(0, 300);
}

/** Fetches the file; a token first when the connector has a token URL. Each address is checked right before its request. */
export async function fetchSource(config: OutboundConfig, src: HttpSource): Promise<Buffer> {
  const headers: Record<string, string> = { accept: 'text/csv, application/json;q=0.9, */*;q=0.1' };
  if (src.tokenUrl) {
    await assertSourceUrl(config, src.tokenUrl, 'địa chỉ cấp token');
    headers.authorization = `Bearer ${await obtainToken(src)}`;
  }
  await assertSourceUrl(config, src.sourceUrl, 'địa chỉ nguồn dữ liệu');
  const url = new URL(src.sourceUrl);
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000), redirect: 'error' });
  } catch (err) {
    throw new ConnectorFailure(`Không tải được dữ liệu từ ${url.host}: ${describeNetworkError(err)}.`);
  }
  if (res.status === 401 || res.status === 403) throw new ConnectorFailure(`Máy chủ dữ liệu ${url.host} từ chối truy cập (HTTP ${res.status}): kiểm tra quyền của ứng dụng kết nối.`);
  if (!res.ok) throw new ConnectorFailure(`Máy chủ dữ liệu ${url.host} trả lỗi HTTP ${res.status}.`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_SOURCE_BYTES) throw new ConnectorFailure(`Tệp dữ liệu quá lớn (${declared} byte, tối đa ${MAX_SOURCE_BYTES}).`);
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > MAX_SOURCE_BYTES) throw new ConnectorFailure(`Tệp dữ liệu quá lớn (${data.length} byte, tối đa ${MAX_SOURCE_BYTES}).`);
  return data;
}

function decode(data: Buffer): string {
  const bad = invalidUtf8Offset(data);
  if (bad >= 0) throw new ConnectorFailure(`Tệp không phải văn bản UTF-8 (byte không hợp lệ ở vị trí ${bad}); hãy xuất lại với mã hóa UTF-8.`);
  return data.toString('utf8').replace(/^\uFEFF/, '');
}

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v.normalize('NFC').trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const normaliseKey = (k: string) => k.normalize('NFC').trim().toLowerCase();

/** The file's records; column names lower-cased and trimmed. */
export function parseSource(data: Buffer, format: 'csv' | 'json'): { records: SourceRecord[]; columns: string[] } {
  const text = decode(data);
  if (format === 'csv') {
    let rows: { record: string[]; info: { lines: number } }[];
    try {
      rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: [',', ';'], info: true }) as unknown as typeof rows;
    } catch (err) {
      throw new ConnectorFailure(`Tệp CSV không đọc được: ${(err as Error).message.slice(0, 300)}`);
    }
    if (rows.length === 0) throw new ConnectorFailure('Tệp không có dòng nào.');
    const columns = rows[0]!.record.map(normaliseKey);
    // The line a record ends on, as a spreadsheet numbers rows (blank lines count).
    const records = rows.slice(1).map((r) => ({ row: r.info.lines, fields: Object.fromEntries(columns.map((c, k) => [c, cell(r.record[k])])) }));
    return { records, columns };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConnectorFailure(`Tệp JSON không hợp lệ: ${(err as Error).message.slice(0, 300)}`);
  }
  const list = Array.isArray(doc) ? doc : doc !== null && typeof doc === 'object' ? (doc as { data?: unknown }).data : undefined;
  if (!Array.isArray(list)) throw new ConnectorFailure('Tệp JSON cần là một mảng bản ghi, hoặc {"data": [...]}.');
  const columns = new Set<string>();
  const records = list.map((item, i) => {
    const o = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) {
      const key = normaliseKey(k);
      columns.add(key);
      fields[key] = cell(v);
    }
    return { row: i + 1, fields };
  });
  return { records, columns: [...columns] };
}
