// A system administrator registers an API client (issue 7), sees its secret once, the
// other system (here: this test, with Node's fetch) gets a token and calls /api/v1, and the
// administrator sees those calls and the error rate; then a new secret, an edit, a revocation.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(key)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function tokenStatus(key: string, secret: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${inject('baseUrl')}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(key, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token?: string };
  return { status: res.status, token: body.access_token };
}

async function v1(token: string, path: string): Promise<number> {
  const res = await fetch(`${inject('baseUrl')}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** Modals and pickers animate in and out: wait until nothing is moving before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  await page.waitForTimeout(150);
}

async function readCredentials(page: Page): Promise<{ key: string; secret: string }> {
  const modal = page.getByTestId('credentials-modal');
  await modal.waitFor();
  return { key: (await page.getByTestId('credentials-key').innerText()).trim(), secret: (await page.getByTestId('credentials-secret').innerText()).trim() };
}

describe('API clients administration', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('registers a client, shows its secret once, sees its calls, rotates the secret, edits and revokes it', { timeout: 240_000 }, async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'admin');
    await page.getByTestId('nav-integration').first().click();
    await page.getByTestId('create-api-client').waitFor();
    await screenshot(page, 'api-clients-01-empty-list');

    // Register.
    await page.getByTestId('create-api-client').click();
    await page.getByTestId('api-client-name').fill('LGSP tỉnh Gia Lai');
    await page.getByTestId('api-client-organisation').fill('Sở Khoa học và Công nghệ tỉnh Gia Lai');
    await page.getByTestId('api-client-contact').fill('Rơ Mah Hồng — 0912 345 678');
    await page.getByTestId('scope-analytics.read').click();
    await page.getByTestId('api-client-units').click();
    await page.keyboard.type('gia lai');
    await page.getByRole('option', { name: /^Tỉnh Gia Lai/ }).first().click();
    await page.getByTestId('api-client-contact').click();
    // A malformed address is refused in the form, in Vietnamese.
    await page.getByTestId('api-client-ips').click();
    await page.keyboard.type('không-phải-IP');
    await page.keyboard.press('Enter');
    await page.getByText(/Địa chỉ IP hoặc dải CIDR không hợp lệ/).first().waitFor();
    await page.locator('.ant-select-selection-item', { hasText: 'không-phải-IP' }).locator('.ant-select-selection-item-remove').click();
    await expect.poll(() => page.getByText(/Địa chỉ IP hoặc dải CIDR không hợp lệ/).count(), POLL).toBe(0);
    await page.getByTestId('api-client-expires').click();
    await page.keyboard.type('31/12/2027');
    await page.keyboard.press('Enter');
    await page.getByTestId('api-client-rate').click();
    await settle(page);
    await screenshot(page, 'api-clients-02-create-form');
    await page.getByTestId('api-client-submit').click();

    // The secret, once.
    const first = await readCredentials(page);
    expect(first.key).toMatch(/\S{8,}/);
    expect(first.secret.length).toBeGreaterThanOrEqual(20);
    await page.getByText(/chỉ hiển thị một lần/).first().waitFor();
    expect(await page.getByTestId('credentials-curl').innerText()).toContain('/oauth/token');
    await settle(page);
    await screenshot(page, 'api-clients-03-secret-once', { fullPage: false });
    await page.getByTestId('credentials-done').click();
    await page.getByTestId('credentials-modal').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(first.secret);
    await page.getByText('LGSP tỉnh Gia Lai').first().waitFor();
    await expect.poll(() => page.getByTestId('api-clients-table').innerText(), POLL).toContain('31/12/2027');
    expect(await page.getByTestId('api-clients-table').innerText()).toContain('Đang hoạt động');

    // The other system: a token, three good calls and a bad one.
    const got = await tokenStatus(first.key, first.secret);
    expect(got.status).toBe(200);
    const token = got.token!;
    for (let i = 0; i < 3; i += 1) expect(await v1(token, '/api/v1/units?pageSize=5')).toBe(200);
    expect(await v1(token, '/api/v1/units?pageSize=không-phải-số')).toBe(400);

    // Its calls, seen by the administrator.
    await page.getByTestId('api-client-link').first().click();
    await expect.poll(() => page.getByTestId('usage-calls').innerText(), POLL).toContain('4');
    expect(await page.getByTestId('usage-errors').innerText()).toContain('1');
    expect(await page.getByTestId('usage-error-rate').innerText()).toContain('25 %');
    await expect.poll(() => page.getByTestId('api-calls-by-route').innerText(), POLL).toContain('/api/v1/units');
    const calls = page.getByTestId('api-calls-table');
    await expect.poll(() => calls.locator('tbody tr.ant-table-row').count(), POLL).toBe(4);
    expect(await calls.innerText()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    expect(await page.content()).not.toContain(first.secret);
    await screenshot(page, 'api-clients-04-detail-calls');
    await page.getByTestId('calls-errors-only').click();
    await expect.poll(() => calls.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    expect(await calls.getByTestId('api-call-status').innerText()).toBe('400');
    await screenshot(page, 'api-clients-05-errors-only');

    // The list sums the last 24 hours up: 1.234 lượt, lỗi 2,5 %.
    await page.getByTestId('integration-tab-api-clients').click();
    await expect.poll(() => page.getByTestId('api-client-usage').first().innerText(), POLL).toContain('4 lượt');
    expect(await page.getByTestId('api-client-usage').first().innerText()).toContain('lỗi 25 %');
    await screenshot(page, 'api-clients-05b-list-usage');
    await page.getByTestId('api-client-link').first().click();
    await page.getByTestId('api-client-rotate').waitFor();

    // A new secret; the old one works during the overlap.
    await page.getByTestId('api-client-rotate').click();
    await page.getByTestId('rotate-overlap').fill('30');
    await page.getByTestId('rotate-submit').click();
    const second = await readCredentials(page);
    expect(second.key).toBe(first.key);
    expect(second.secret).not.toBe(first.secret);
    await page.getByTestId('previous-valid-until').waitFor();
    expect(await page.getByTestId('previous-valid-until').innerText()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await settle(page);
    await screenshot(page, 'api-clients-06-rotated', { fullPage: false });
    await page.getByTestId('credentials-done').click();
    await page.getByTestId('credentials-modal').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(second.secret);
    expect((await tokenStatus(second.key, second.secret)).status).toBe(200);
    expect((await tokenStatus(first.key, first.secret)).status).toBe(200);
    await expect.poll(() => page.getByTestId('detail-secrets').locator('li').count(), POLL).toBe(2);

    // An edit: the call limit.
    await page.getByTestId('api-client-edit').click();
    await page.getByTestId('api-client-rate').fill('1200');
    await page.getByTestId('api-client-submit').click();
    await page.getByTestId('api-client-form').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByText('1.200 lượt/phút').count(), POLL).toBe(1);
    await screenshot(page, 'api-clients-07-edited');

    // Revoked: no more tokens, read only.
    await page.getByTestId('api-client-revoke').click();
    await page.getByTestId('revoke-submit').click();
    await page.getByText('Nhập lý do thu hồi.').waitFor();
    await page.getByTestId('revoke-reason').fill('Hết thời hạn thỏa thuận kết nối');
    await page.getByTestId('revoke-submit').click();
    await expect.poll(() => page.getByTestId('api-client-status').first().innerText(), POLL).toBe('Đã thu hồi');
    expect(await page.getByTestId('api-client-rotate').count()).toBe(0);
    expect((await tokenStatus(second.key, second.secret)).status).toBe(401);
    await screenshot(page, 'api-clients-08-revoked');

    // In English: the same page, English figures (25%).
    await page.getByTestId('lang-switch').first().click();
    await expect.poll(() => page.getByTestId('usage-error-rate').innerText(), POLL).toContain('25%');
    expect(await page.getByTestId('api-client-usage-card').innerText()).toContain('Last 24 hours');
    await screenshot(page, 'api-clients-09-english');
    await page.getByTestId('lang-switch').first().click();
    await expect.poll(() => page.getByTestId('usage-error-rate').innerText(), POLL).toContain('25 %');

    // Phones: the list as cards, the detail in one column.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/integration/api-clients');
    await page.getByTestId('api-client-link').first().waitFor();
    await screenshot(page, 'api-clients-10-mobile-list');
    await page.getByTestId('api-client-link').first().click();
    await page.getByTestId('api-calls-table').waitFor();
    await screenshot(page, 'api-clients-11-mobile-detail');
    await context.close();
  });

  it('is not offered to a provincial officer', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'tinh.gialai');
    expect(await page.getByTestId('nav-integration').count()).toBe(0);
    await page.goto('/integration/api-clients');
    await page.getByText('Không có quyền truy cập').first().waitFor();
    await context.close();
  });
});
