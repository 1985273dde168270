// Slow connections: API answers above 1 KB are compressed (brotli, else gzip) when the
// client accepts it; the web app's files go out as the build compressed them; the service
// worker, the manifest and index.html are revalidated on every use while hashed assets
// are cached for a year. The web build is a small fixture in a temporary project root.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';

let env: TestEnv;
let root: string;

// Text that compresses well but is larger than the 1 KB threshold.
const appJs = `console.log(${JSON.stringify('Trường Sơn — Chương trình 1719. '.repeat(200))});\n`;
const indexHtml = `<!doctype html><html lang="vi"><head><link rel="manifest" href="/manifest.webmanifest"><title>Trường Sơn</title></head><body><div id="root"></div>${'<!-- khung ứng dụng -->'.repeat(80)}<script type="module" src="/assets/app-Ab12Cd34.js"></script></body></html>`;

function write(rel: string, content: string | Buffer): void {
  const file = path.join(root, 'web', 'dist', rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-compress-'));
  write('index.html', indexHtml);
  write('assets/app-Ab12Cd34.js', appJs);
  // As the build writes it: the brotli file beside the asset.
  write('assets/app-Ab12Cd34.js.br', zlib.brotliCompressSync(Buffer.from(appJs)));
  write('assets/plain-Zz99Yy88.js', appJs);
  write('sw.js', `self.addEventListener('install', () => {});\n${'// precache\n'.repeat(200)}`);
  write('manifest.webmanifest', JSON.stringify({ name: 'Trường Sơn — Chương trình 1719', short_name: 'Trường Sơn', icons: [] }));
  env = await createTestEnv({ projectRoot: root });
});
afterAll(async () => {
  await env?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function get(url: string, acceptEncoding?: string) {
  return env.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
}

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

describe('compression of API answers', () => {
  it('sends a JSON answer above 1 KB as brotli when accepted, and smaller', async () => {
    const plain = await get('/api/docs/json', 'identity');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const res = await get('/api/docs/json', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(decode(res.rawPayload, 'br'))).toEqual(JSON.parse(plain.body));
  });

  it('falls back to gzip, and sends as is when nothing is accepted', async () => {
    const gz = await get('/api/docs/json', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gz.rawPayload, 'gzip')).openapi).toMatch(/^3\.1\./);
    const none = await get('/api/docs/json');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(none.body).openapi).toMatch(/^3\.1\./);
  });

  it('leaves answers under 1 KB alone', async () => {
    const res = await get('/healthz', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('compresses error answers too, keeping the JSON error shape', async () => {
    const res = await get('/api/no-such-endpoint', 'gzip');
    expect(res.statusCode).toBe(404);
    const body = JSON.parse(decode(res.rawPayload, res.headers['content-encoding'] as string | undefined));
    expect(body.error.code).toBe('not_found');
  });
});

describe('the web app files', () => {
  it('sends a hashed asset pre-compressed by the build, cached for a year', async () => {
    const res = await get('/assets/app-Ab12Cd34.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers['content-type'])).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(decode(res.rawPayload, 'br')).toBe(appJs);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(appJs) / 5);
    // Lean headers: the document-only policies stay on documents; nosniff stays everywhere.
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['x-request-id']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const shell = await get('/data-entry', 'br');
    expect(String(shell.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(shell.headers['x-frame-options']).toBeDefined();
    const sw = await get('/sw.js', 'br');
    expect(String(sw.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('compresses an asset the build left uncompressed, and sends it plain to a client without compression', async () => {
    const gz = await get('/assets/plain-Zz99Yy88.js', 'gzip');
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode(gz.rawPayload, 'gzip')).toBe(appJs);
    const plain = await get('/assets/app-Ab12Cd34.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(appJs);
  });

  it('revalidates the service worker, the manifest and the app shell on every use', async () => {
    for (const url of ['/sw.js', '/manifest.webmanifest', '/index.html', '/data-entry?form=x']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const manifest = await get('/manifest.webmanifest', 'identity');
    expect(String(manifest.headers['content-type'])).toMatch(/application\/manifest\+json/);
    const shell = await get('/reports', 'gzip');
    expect(decode(shell.rawPayload, shell.headers['content-encoding'] as string | undefined)).toBe(indexHtml);
  });

  it('keeps unknown /api paths JSON 404s, never the app shell', async () => {
    const res = await get('/api/nothing/here', 'identity');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
