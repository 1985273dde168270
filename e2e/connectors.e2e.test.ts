// A system administrator sets up a file connector for the poverty review (issue 7),
// previews a file (dry run: new values, an unmapped old commune code and an unmapped
// column), maps the old code to its commune, imports the file for real and reads the
// reconciliation report of each run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  await page.waitForTimeout(150);
}

// The current quarter's review: Q4 of this year is open for communes.
const year = new Date().getFullYear();
const csv = ['ma_xa,ten_xa,nam,so_ho_ngheo,so_ho_can_ngheo,ghi_chu', `23764,Xã Ia Grai,${year},120,85,`, `99999,Xã cũ (mã trước sắp xếp),${year},45,30,đối chiếu lại`].join('\n');

async function upload(page: Page, dryRun: boolean): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({ name: `ho-ngheo-${year}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId(dryRun ? 'connector-upload-dry' : 'connector-upload').click();
  await page.getByTestId('run-report').waitFor();
}

describe('sector connectors administration', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('creates a file connector, previews a file, maps an old commune code, imports and reads the reports', { timeout: 240_000 }, async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'admin');
    await page.getByTestId('nav-integration').first().click();
    await page.getByTestId('integration-tab-connectors').click();
    await page.getByTestId('create-connector').click();
    await page.getByTestId('connector-code').fill('Hộ nghèo');
    await page.getByTestId('connector-name').click();
    await page.getByText('Mã gồm 2–50 ký tự: chữ thường không dấu, số, "-" hoặc "_".').waitFor();
    await page.getByTestId('connector-code').fill('ho-ngheo-gia-lai');
    await page.getByTestId('connector-name').fill('Rà soát hộ nghèo — Sở Nông nghiệp và Môi trường Gia Lai');
    await page.getByTestId('connector-scope-unit').click();
    await page.keyboard.type('gia lai');
    await page.getByRole('option', { name: /^Tỉnh Gia Lai/ }).first().click();
    await settle(page);
    await screenshot(page, 'connectors-01-create-form', { fullPage: false });
    await page.getByTestId('connector-submit').click();

    // The detail: the profile's column mappings are there already.
    const mappings = page.getByTestId('connector-mappings');
    await expect.poll(() => mappings.innerText(), POLL).toContain('so_ho_ngheo');
    expect(await mappings.innerText()).toContain('HH_POOR');

    // Dry run: two new cells for Ia Grai, the old code and the note column unmapped, nothing written.
    await upload(page, true);
    const report = page.getByTestId('run-report');
    await expect.poll(() => report.innerText(), POLL).toContain('Chạy thử: chưa ghi số liệu nào');
    expect(await page.getByTestId('report-tab-new').innerText()).toBe('Mới (2)');
    expect(await page.getByTestId('report-tab-unmapped').innerText()).toBe('Chưa ánh xạ (2)');
    expect(await page.getByTestId('report-new').innerText()).toContain('Ia Grai');
    await settle(page);
    await screenshot(page, 'connectors-02-dry-run-report', { fullPage: false });
    await page.getByTestId('report-tab-unmapped').click();
    await expect.poll(() => page.getByTestId('report-unmapped').innerText(), POLL).toContain('99999');
    expect(await page.getByTestId('report-unmapped').innerText()).toContain('ghi_chu');
    await settle(page);
    await screenshot(page, 'connectors-03-unmapped', { fullPage: false });
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });

    // The old code is Xã Ia Krái's.
    await page.getByTestId('mapping-code').fill('99999');
    await page.getByTestId('mapping-unit').click();
    await page.keyboard.type('ia krai');
    await page.getByRole('option', { name: /^Xã Ia Krái/ }).first().click();
    await page.getByTestId('mapping-add').click();
    await expect.poll(() => mappings.innerText(), POLL).toContain('99999');

    // For real: four cells written; only the note column is left unmapped.
    await upload(page, false);
    await expect.poll(() => report.innerText(), POLL).toContain('Đã ghi 4 ô số liệu.');
    expect(await page.getByTestId('report-tab-new').innerText()).toBe('Mới (4)');
    expect(await page.getByTestId('report-tab-unmapped').innerText()).toBe('Chưa ánh xạ (1)');
    await settle(page);
    await screenshot(page, 'connectors-04-import-report', { fullPage: false });
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });

    // The same file again: nothing new, all unchanged.
    await upload(page, false);
    await expect.poll(() => page.getByTestId('report-tab-unchanged').innerText(), POLL).toBe('Không đổi (4)');
    expect(await page.getByTestId('report-tab-new').innerText()).toBe('Mới (0)');
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });

    const runs = page.getByTestId('connector-runs');
    await expect.poll(() => runs.locator('tbody tr.ant-table-row').count(), POLL).toBe(3);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'connectors-05-detail');
    await runs.locator('tbody tr.ant-table-row').last().getByTestId('run-open').click();
    await expect.poll(() => page.getByTestId('report-tab-new').innerText(), POLL).toBe('Mới (2)');
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });

    await page.getByTestId('integration-tab-connectors').click();
    await expect.poll(() => page.getByTestId('connectors-table').innerText(), POLL).toContain('4 không đổi');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'connectors-06-list');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('connector-link').first().click();
    await page.getByTestId('connector-runs').waitFor();
    await screenshot(page, 'connectors-07-mobile-detail');
    await context.close();
  });
});
