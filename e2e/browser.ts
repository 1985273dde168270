// Playwright (playwright-core) driving Debian's Chromium, with the flags this
// closed network needs, and screenshots under test-results/ to look at.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { totpCode } from '../server/src/modules/auth/totp.ts';

export const DEMO_PASSWORD = 'TruongSon@2026';
const shots = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    baseURL: inject('baseUrl'),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** The whole page by default; `fullPage: false` for the visible part only (a long form on a phone). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(shots, { recursive: true });
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
  return file;
}

/**
 * The last time step used per secret, in a file: test files run one after another in
 * separate workers, and the server refuses a step replayed by any of them.
 */
const stepFile = (secret: string) => path.join(os.tmpdir(), `truongson-e2e-totp-${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`);

/** A code for a time step not used before: the server refuses a replayed step. */
export async function freshTotp(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  const last = Number(fs.existsSync(stepFile(secret)) ? fs.readFileSync(stepFile(secret), 'utf8') : -1);
  if (last >= step) {
    await new Promise((r) => setTimeout(r, (last + 1) * 30_000 - Date.now() + 200));
    step = last + 1;
  }
  fs.writeFileSync(stepFile(secret), String(step));
  return totpCode(secret, new Date(step * 30_000 + 1000));
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  const secret = inject('demoTotp')[username];
  if (secret) {
    await page.getByTestId('totp-code').fill(await freshTotp(secret));
    await page.getByTestId('totp-submit').click();
  }
  await page.getByTestId('nav-home').first().waitFor();
}

/** Options for expect.poll: the UI may take a moment to render. */
export const POLL = { timeout: 15_000, interval: 200 };
