// The installable app shell (issue 8): the manifest is linked and valid with fetchable
// icons; the service worker registers and controls the page after a reload; with the
// browser offline, /login and an app route still open the app (from the worker's
// precache) while /api is never answered from a cache; the header says "Ngoại tuyến";
// and a new build takes over through the "Đã có phiên bản mới" notice and "Tải lại".
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const dist = path.resolve(import.meta.dirname, '..', 'web', 'dist');

interface Manifest {
  name: string;
  short_name: string;
  lang: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function controlled(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean(navigator.serviceWorker.controller));
}

/** The app rendered from JavaScript (the static "Trường Sơn…" placeholder of index.html is gone), not the browser's error page. */
async function appRendered(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = document.getElementById('root');
    return Boolean(root && root.children.length > 0 && !root.querySelector('.boot'));
  });
}

describe('installable app (manifest, service worker, offline shell)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('links a valid Vietnamese manifest whose icons can be fetched', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/login');
    await page.getByTestId('login-username').waitFor();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe('#0b5c4b');

    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/application\/manifest\+json/);
    expect(res.headers()['cache-control']).toBe('no-cache');
    const m = (await res.json()) as Manifest;
    expect(m.name).toBe('Trường Sơn — Chương trình 1719');
    expect(m.short_name).toBe('Trường Sơn');
    expect(m.lang).toBe('vi');
    expect(m.start_url).toBe('/');
    expect(m.display).toBe('standalone');
    expect(m.theme_color).toBe('#0b5c4b');
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const purposes = new Set(m.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`));
    expect(purposes).toEqual(new Set(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of m.icons) {
      const r = await page.request.get(new URL(icon.src, new URL(href!, page.url())).toString());
      expect(r.status(), icon.src).toBe(200);
      expect(r.headers()['content-type']).toBe('image/png');
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(await r.body())).toEqual({ width: w, height: h });
    }
    const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    const appleRes = await page.request.get(apple!);
    expect(appleRes.status()).toBe(200);
    expect(pngSize(await appleRes.body())).toEqual({ width: 180, height: 180 });
    await context.close();
  });

  it('registers the worker, controls the page after a reload, opens offline, and never answers /api from a cache', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'xa.iagrai');
    const sw = await page.request.get('/sw.js');
    expect(sw.status()).toBe(200);
    expect(sw.headers()['cache-control']).toBe('no-cache');

    // Registered after load; ready once installed (the app shell precached) and active.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(new URL(scope).pathname).toBe('/');
    await page.reload();
    await page.getByTestId('nav-home').first().waitFor();
    expect(await controlled(page)).toBe(true);

    // Online, through the worker: hashed files come from its precache, /api from the network.
    const seen: Response[] = [];
    const onResponse = (r: Response) => seen.push(r);
    page.on('response', onResponse);
    await page.goto('/data-entry');
    await page.locator('.de-grid [role="gridcell"]').first().waitFor();
    page.off('response', onResponse);
    const api = seen.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
    const assets = seen.filter((r) => new URL(r.url()).pathname.startsWith('/assets/'));
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((r) => r.fromServiceWorker()).map((r) => r.url())).toEqual([]);
    expect(assets.some((r) => r.fromServiceWorker())).toBe(true);

    // The header's offline tag follows the network.
    expect(await page.getByTestId('offline-tag').count()).toBe(0);
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('offline-tag').count(), POLL).toBe(1);
    expect(await page.getByTestId('offline-tag').innerText()).toContain('Ngoại tuyến');
    await screenshot(page, 'pwa-offline-tag');

    // Offline: the API is not answered by the worker (no cached copy), as a fetch and as a navigation.
    const apiOffline = await page.evaluate(() =>
      fetch('/api/auth/me', { headers: { accept: 'application/json' } }).then(
        (r) => `status ${r.status}`,
        () => 'network error',
      ),
    );
    expect(apiOffline).toBe('network error');

    // Offline reload of an app route and of /login: the app shell comes from the precache.
    await page.reload();
    await expect.poll(() => appRendered(page), POLL).toBe(true);
    expect(await page.title()).toContain('Trường Sơn');
    await screenshot(page, 'pwa-offline-data-entry');
    await page.goto('/reports');
    await expect.poll(() => appRendered(page), POLL).toBe(true);
    await page.goto('/login');
    await expect.poll(() => appRendered(page), POLL).toBe(true);
    expect(await page.title()).toContain('Trường Sơn');
    await page.waitForTimeout(1500);
    await screenshot(page, 'pwa-offline-login');

    await expect(page.goto('/api/auth/me')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|ERR_FAILED|net::/);

    await context.setOffline(false);
    await page.goto('/');
    await page.getByTestId('nav-home').first().waitFor();
    await expect.poll(() => page.getByTestId('offline-tag').count(), POLL).toBe(0);
    await context.close();
  });

  it('offers "Tải lại" when a new build is out, and the new worker takes over', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'xa.iagrai');
    await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    await page.reload();
    await page.getByTestId('nav-home').first().waitFor();
    expect(await controlled(page)).toBe(true);
    const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');

    // "A new build": the same worker with other bytes (and its compressed copies), restored afterwards.
    const files = ['sw.js', 'sw.js.br', 'sw.js.gz'].map((f) => path.join(dist, f));
    const saved = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
    try {
      const next = Buffer.concat([saved[0]!, Buffer.from(`\n// e2e build ${Date.now()}\n`)]);
      fs.writeFileSync(files[0], next);
      if (saved[1]) fs.writeFileSync(files[1], zlib.brotliCompressSync(next));
      if (saved[2]) fs.writeFileSync(files[2], zlib.gzipSync(next));

      // The app checks for a new build when the tab becomes visible again, hourly, or at the next load.
      await page.reload();
      await page.getByTestId('nav-home').first().waitFor();
      const notice = page.getByTestId('app-update');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.innerText()).toContain('Đã có phiên bản mới');
      await screenshot(page, 'pwa-update-notice');
      await page.evaluate(() => {
        (window as unknown as { __oldPage: boolean }).__oldPage = true;
      });
      await Promise.all([page.waitForEvent('load'), page.getByTestId('app-update-reload').click()]);
      await page.getByTestId('nav-home').first().waitFor();
      expect(await page.evaluate(() => (window as unknown as { __oldPage?: boolean }).__oldPage ?? false)).toBe(false);
      const state = await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return { waiting: Boolean(reg?.waiting), controller: navigator.serviceWorker.controller?.scriptURL ?? '' };
      });
      expect(state.waiting).toBe(false);
      expect(state.controller).toBe(before);
      expect(await page.getByTestId('app-update').count()).toBe(0);
    } finally {
      files.forEach((f, i) => {
        if (saved[i]) fs.writeFileSync(f, saved[i]!);
      });
    }
    await context.close();
  });
});
