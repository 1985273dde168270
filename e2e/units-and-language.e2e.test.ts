// Searching units without diacritics, opening a unit page, and switching language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

describe('units and language', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('finds "Đắk Lắk" by typing "dak lak" and "Gia Lai" by "gia lai", and opens the unit page', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-units').first().click();
    await page.getByTestId('unit-search').fill('dak lak');
    const results = page.getByTestId('unit-search-results');
    await expect.poll(() => results.innerText(), POLL).toContain('Đắk Lắk');
    await screenshot(page, 'units-search-dak-lak');
    await page.getByTestId('unit-search').fill('gia lai');
    await expect.poll(() => results.innerText(), POLL).toContain('Tỉnh Gia Lai');
    await results.getByTestId('unit-result').filter({ hasText: 'Tỉnh Gia Lai' }).first().click();
    await page.getByText('52').first().waitFor();
    // The 2025 province shows the pre-2025 provinces that became it.
    await page.getByText('Tỉnh Bình Định').first().waitFor();
    await screenshot(page, 'unit-page-gia-lai');
    await context.close();
  });

  it("shows a merged commune's yearly figures next to its old communes'", async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'tinh.gialai');
    const found = (await (await page.request.get('/api/units?q=ia%20grai&hierarchy=2025')).json()) as { items: { id: string; fullName: string }[] };
    const iaGrai = found.items.find((u) => u.fullName === 'Xã Ia Grai');
    expect(iaGrai).toBeDefined();
    await page.goto(`/units/${iaGrai!.id}`);
    const card = page.getByTestId('unit-history');
    await expect.poll(() => card.innerText(), POLL).toContain('Ia Kha');
    // 2021 was reported by the old communes; the new commune's 2021 is their total, and it reports itself since 2022.
    const selfRow = card.locator('tbody tr').filter({ hasText: 'Đơn vị này' });
    const cells = async () => (await selfRow.locator('td').allInnerTexts()).slice(1);
    await expect.poll(async () => (await cells()).length, POLL).toBe(6);
    const [y2021, y2022] = await cells();
    expect(y2021).toMatch(/^\d{1,3}(\.\d{3})*(,\d+)?$/);
    expect(y2022).toMatch(/^\d{1,3}(\.\d{3})*(,\d+)?$/);
    const oldRow = card.locator('tbody tr').filter({ hasText: 'Ia Kha' });
    expect((await oldRow.locator('td').allInnerTexts())[2]).toBe('–'); // no 2022 report on an old commune
    // Full-page shots from the top, so that the sticky header sits where it belongs.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'unit-history-ia-grai');
    await context.close();
  });

  it('shows the national administrator the succession report, with Vietnamese number formatting, down to 360 px', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'admin');
    await page.getByTestId('nav-units').first().click();
    await page.getByTestId('succession-report-link').click();
    await page.waitForURL('**/units/succession-report');
    await page.getByTestId('succession-stats').waitFor();
    // The real count, read with the same session, formatted as Vietnamese readers expect (10.273).
    const res = await page.request.get('/api/units/succession-report');
    expect(res.status()).toBe(200);
    const report = (await res.json()) as { effectiveDate: string; database: { communeSuccessions: number } };
    expect(report.database.communeSuccessions).toBeGreaterThan(999);
    const expected = new Intl.NumberFormat('vi-VN').format(report.database.communeSuccessions);
    expect(expected).toMatch(/^\d{1,3}(\.\d{3})+$/);
    const communeStat = page.getByTestId('succession-stat-communeSuccessions');
    await expect.poll(() => communeStat.innerText(), POLL).toContain(expected);
    await expect.poll(() => page.locator('main.ts-main').innerText(), POLL).toContain('01/07/2025');
    await expect.poll(() => page.getByTestId('succession-unmapped').innerText(), POLL).toContain('Dòng ánh xạ thiếu mã cũ, không xác định được');
    // One list open: its table pages 20 rows at a time.
    await page.getByText('Mã mới không có trong danh mục 2025').click();
    await expect.poll(() => page.getByTestId('succession-unmapped').locator('tbody tr.ant-table-row').count(), POLL).toBe(20);
    // Full-page shots from the top, so that the sticky header and menu sit where they belong.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'succession-report');
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => communeStat.innerText(), POLL).toContain(expected);
    // Nothing wider than the phone: the tables scroll inside their card.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), POLL).toBeLessThanOrEqual(360);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'succession-report-360');
    await context.close();
  });

  it('switches between Vietnamese and English', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'tinh.quangngai');
    await expect.poll(() => page.getByTestId('nav-units').first().innerText(), POLL).toContain('Đơn vị hành chính');
    await page.getByTestId('lang-switch').first().click();
    await expect.poll(() => page.getByTestId('nav-units').first().innerText(), POLL).toContain('Administrative units');
    await screenshot(page, 'home-english');
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-units').first().innerText(), POLL).toContain('Administrative units');
    await page.getByTestId('lang-switch').first().click();
    await expect.poll(() => page.getByTestId('nav-units').first().innerText(), POLL).toContain('Đơn vị hành chính');
    await context.close();
  });
});
