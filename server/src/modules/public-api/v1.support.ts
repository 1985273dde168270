// What every /api/v1 list shares: paging (page, pageSize → pager + Link header), field
// selection (fields=code,name), and conditional GET (ETag / If-None-Match,
// Last-Modified / If-Modified-Since → 304 without a body).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';

export const pagingQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  /** Comma-separated top-level fields to return; all by default. */
  fields: z.string().trim().max(500).optional(),
};

/** A comma-separated list of codes (code=A,B,C), de-duplicated. */
export const codeList = z
  .string()
  .trim()
  .max(4000)
  .transform((v) => [...new Set(v.split(',').map((c) => c.trim()).filter(Boolean))]);

export const pager = z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), pageCount: z.number().int() });

export interface Paged<T> {
  pager: z.infer<typeof pager>;
  items: T[];
}

export const offsetOf = (q: { page: number; pageSize: number }) => (q.page - 1) * q.pageSize;

/** The answer of a list, with RFC 8288 links to the neighbouring pages. */
export function paged<T>(request: FastifyRequest, reply: FastifyReply, q: { page: number; pageSize: number }, total: number, items: T[]): Paged<T> {
  const pageCount = Math.max(1, Math.ceil(total / q.pageSize));
  const link = (page: number) => {
    const url = new URL(request.url, 'http://x');
    url.searchParams.set('page', String(page));
    return `${url.pathname}${url.search}`;
  };
  const links = [...(q.page < pageCount ? [`<${link(q.page + 1)}>; rel="next"`] : []), ...(q.page > 1 ? [`<${link(q.page - 1)}>; rel="prev"`] : [])];
  if (links.length > 0) void reply.header('link', links.join(', '));
  request.apiRows = items.length;
  return { pager: { page: q.page, pageSize: q.pageSize, total, pageCount }, items };
}

/** Keeps the fields asked for (and always the identifying code); unknown names are a 400 that lists the known ones. */
export function selectFields<T extends Record<string, unknown>>(items: T[], fields: string | undefined, allowed: readonly string[]): Partial<T>[] {
  if (!fields) return items;
  const wanted = [...new Set(fields.split(',').map((f) => f.trim()).filter(Boolean))];
  const unknown = wanted.filter((f) => !allowed.includes(f));
  if (unknown.length > 0) throw new AppError('invalid_fields', { fields: unknown.join(', '), allowed: allowed.join(', ') });
  const keep = new Set(['code', ...wanted]);
  return items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))) as Partial<T>);
}

/**
 * Conditional GET: sets ETag (a digest of the answer) and Last-Modified (when given), and
 * answers true — the caller then replies 304 — when the client's copy is current.
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, body: unknown, lastModified: Date | null): boolean {
  const etag = `W/"${createHash('sha256').update(typeof body === 'string' ? body : JSON.stringify(body)).digest('base64url').slice(0, 32)}"`;
  void reply.header('etag', etag);
  void reply.header('cache-control', 'private, no-cache');
  if (lastModified) void reply.header('last-modified', lastModified.toUTCString());
  const inm = request.headers['if-none-match'];
  if (inm) return inm.trim() === '*' || inm.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2));
  const ims = request.headers['if-modified-since'];
  // HTTP dates have whole seconds: compare at that precision.
  return Boolean(lastModified && ims && !Number.isNaN(Date.parse(ims)) && Math.floor(lastModified.getTime() / 1000) * 1000 <= Date.parse(ims));
}

/** Sends `body`, or 304 when the client's copy is current. */
export function sendCached<T>(request: FastifyRequest, reply: FastifyReply, body: T, lastModified: Date | null): T | FastifyReply {
  if (notModified(request, reply, body, lastModified)) {
    request.apiRows = 0;
    return reply.status(304).send();
  }
  return body;
}
