// A system administrator subscribes another system's address to events (issue 7), sees
// the signing secret once, sends a test event that arrives signed, sees a failing delivery
// in the log, sends one again, pauses and turns the subscription back on, and deletes it.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  await page.waitForTimeout(150);
}

describe('webhooks administration', () => {
  let browser: Browser;
  let receiver: http.Server;
  let receiverUrl = '';
  const received: Received[] = [];
  let answer = 200;

  beforeAll(async () => {
    browser = await launch();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answer, { 'content-type': 'application/json' });
        res.end(answer < 400 ? '{"ok":true}' : '{"error":"Hệ thống nhận đang bảo trì"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/truongson/su-kien`;
  });
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('subscribes, shows the secret once, pings with a valid signature, logs a failure, redelivers, pauses, re-enables and deletes', { timeout: 240_000 }, async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'admin');
    await page.getByTestId('nav-integration').first().click();
    await page.getByTestId('integration-tab-webhooks').click();
    await page.getByTestId('create-webhook').click();
    await page.getByTestId('webhook-name').fill('Nhận sự kiện — LGSP Gia Lai');
    await page.getByTestId('webhook-url').fill('không phải địa chỉ');
    await page.getByTestId('webhook-name').click();
    await page.getByText('Địa chỉ phải là URL http:// hoặc https:// hợp lệ.').waitFor();
    await page.getByTestId('webhook-url').fill(receiverUrl);
    await page.getByTestId('event-submission.returned').click();
    await page.getByTestId('webhook-units').click();
    await page.keyboard.type('gia lai');
    await page.getByRole('option', { name: /^Tỉnh Gia Lai/ }).first().click();
    await page.getByTestId('webhook-name').click();
    await settle(page);
    await screenshot(page, 'webhooks-01-create-form', { fullPage: false });
    await page.getByTestId('webhook-submit').click();

    await page.getByTestId('webhook-secret-modal').waitFor();
    const secret = (await page.getByTestId('webhook-secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await settle(page);
    await screenshot(page, 'webhooks-02-secret-once', { fullPage: false });
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-secret-modal').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await expect.poll(() => page.getByTestId('webhooks-table').innerText(), POLL).toContain('Nhận sự kiện — LGSP Gia Lai');
    expect(await page.getByTestId('webhooks-table').innerText()).toContain('Đang bật');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'webhooks-03-list');

    // A test event arrives, signed with the secret shown once.
    await page.getByTestId('webhook-link').first().click();
    await page.getByTestId('webhook-ping').click();
    await expect.poll(() => received.length, POLL).toBe(1);
    const ping = received[0];
    const ts = String(ping.headers['x-truongson-timestamp']);
    expect(ping.headers['x-truongson-signature']).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${ping.body}`).digest('hex')}`);
    const deliveries = page.getByTestId('webhook-deliveries');
    await expect.poll(() => deliveries.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    expect(await deliveries.innerText()).toContain('Thành công');
    expect(await deliveries.innerText()).toContain('200');

    // The receiver fails: the log says so, with its status code and the next attempt.
    answer = 503;
    await page.getByTestId('webhook-ping').click();
    await expect.poll(() => deliveries.locator('tbody tr.ant-table-row').count(), POLL).toBe(2);
    await expect.poll(() => deliveries.locator('tbody tr.ant-table-row').first().innerText(), POLL).toContain('503');
    await deliveries.locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    await page.getByText('Hệ thống nhận đang bảo trì').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'webhooks-04-deliveries');

    // Send the successful one again: a new delivery of the same event.
    answer = 200;
    await deliveries.locator('tbody tr.ant-table-row').last().getByTestId('delivery-redeliver').click();
    await expect.poll(() => deliveries.locator('tbody tr.ant-table-row').count(), POLL).toBe(3);

    // Pause, turn back on.
    await page.getByTestId('webhook-pause').click();
    await expect.poll(() => page.getByTestId('webhook-status').first().innerText(), POLL).toBe('Tạm dừng');
    await page.getByTestId('webhook-enable').click();
    await expect.poll(() => page.getByTestId('webhook-status').first().innerText(), POLL).toBe('Đang bật');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'webhooks-05-detail');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await screenshot(page, 'webhooks-06-mobile-detail');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Delete.
    await page.getByTestId('webhook-delete').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Xóa' }).click();
    await page.getByTestId('create-webhook').waitFor();
    await expect.poll(() => page.getByTestId('webhooks-table').innerText(), POLL).toContain('Chưa có webhook nào.');
    await context.close();
  });
});
