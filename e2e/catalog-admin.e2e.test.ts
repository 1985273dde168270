// The central officer administers the indicator system and the report forms: searches
// data elements without diacritics, edits an indicator's numerator in the expression
// editor (sees the error position, then the expression in words), saves it, views the
// targets, opens the quarterly commune form with its grid preview and due rules, and
// grants a lock exception. Screenshots of each screen, and one at 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

async function top(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

describe('catalogue and form administration', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('searches data elements, edits an indicator expression with live checking, and views targets', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-catalog').first().click();
    await page.waitForURL('**/catalog/data-elements');

    // Diacritic-insensitive search: "ho ngheo" finds "Số hộ nghèo…".
    const table = page.getByTestId('elements-table');
    await page.getByTestId('element-search').fill('ho ngheo');
    await expect.poll(() => table.innerText(), POLL).toContain('Số hộ nghèo dân tộc thiểu số');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), POLL).toBeLessThan(10);
    await screenshot(page, 'catalog-data-elements-search');
    await page.getByTestId('element-open').first().click();
    await page.getByTestId('element-form').waitFor();
    await page.waitForTimeout(500); // the modal's opening animation
    await screenshot(page, 'catalog-data-element-form');
    await page.keyboard.press('Escape');

    // The program tree and the categories (54 ethnic groups) are there to browse.
    await page.getByTestId('catalog-tab-program').click();
    await expect.poll(() => page.getByTestId('program-tree').innerText(), POLL).toContain('DA10');
    await top(page);
    await screenshot(page, 'catalog-program-tree');
    await page.getByTestId('catalog-tab-categories').click();
    await expect.poll(() => page.getByTestId('categories-table').innerText(), POLL).toContain('ETHNIC');
    await expect.poll(() => page.getByTestId('categories-table').innerText(), POLL).toContain('54');
    await top(page);
    await screenshot(page, 'catalog-categories');

    // An indicator: a malformed numerator shows the error and marks its position.
    await page.getByTestId('catalog-tab-indicators').click();
    await page.getByTestId('indicator-search').fill('ho ngheo');
    const row = page.getByTestId('indicators-table').locator('tr', { hasText: 'TL_HO_NGHEO_DTTS' });
    await row.getByTestId('indicator-open').click();
    const numerator = page.getByTestId('indicator-numerator');
    await expect.poll(() => numerator.inputValue(), POLL).toBe('#{HH_POOR_DTTS}');
    await expect.poll(() => page.getByTestId('indicator-numerator-words').innerText(), POLL).toContain('Số hộ nghèo dân tộc thiểu số');

    await numerator.fill('#{HH_POOR_DTTS} +* 2');
    const error = page.getByTestId('indicator-numerator-error');
    await expect.poll(() => error.innerText(), POLL).toContain('vị trí 17');
    expect(await error.getAttribute('data-position')).toBe('16');
    expect(await page.getByTestId('indicator-numerator-mark').innerText()).toBe('+');
    await screenshot(page, 'catalog-indicator-expression-error');

    // Fixed: the editor shows it in words; saving stores it.
    await numerator.fill('#{HH_POOR_DTTS} + #{HH_DTTS} - #{HH_DTTS}');
    await expect.poll(() => page.getByTestId('indicator-numerator-words').innerText(), POLL).toContain('Số hộ nghèo dân tộc thiểu số (cuối kỳ) + Tổng số hộ dân tộc thiểu số − Tổng số hộ dân tộc thiểu số');
    await screenshot(page, 'catalog-indicator-expression-ok');
    await page.getByTestId('indicator-save').click();
    await page.getByTestId('indicator-form').waitFor({ state: 'detached' });
    const saved = await page.request.get('/api/catalog/indicators/2');
    expect(saved.status()).toBe(200);
    expect(((await saved.json()) as { code: string; numerator: string }).numerator).toBe('#{HH_POOR_DTTS} + #{HH_DTTS} - #{HH_DTTS}');

    // Targets: the national 2025 targets, numbers the Vietnamese way.
    await page.getByTestId('catalog-tab-targets').click();
    const targets = page.getByTestId('targets-table');
    await expect.poll(() => targets.innerText(), POLL).toContain('Năm 2025');
    await expect.poll(() => targets.innerText(), POLL).toContain('Việt Nam (Trung ương)');
    await top(page);
    await screenshot(page, 'catalog-targets');

    // The same screen on a phone: nothing wider than the screen but the table inside its card.
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => targets.innerText(), POLL).toContain('Năm 2025');
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), POLL).toBeLessThanOrEqual(360);
    await top(page);
    await screenshot(page, 'catalog-targets-360');
    await context.close();
  });

  it('opens the quarterly commune form with its grid and due rules, and grants a lock exception', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-forms-admin').first().click();
    await page.getByTestId('form-link-BM01_XA_QUY').waitFor();
    await page.waitForTimeout(400); // the table's loading fade
    await screenshot(page, 'forms-admin-list');
    await page.getByTestId('form-link-BM01_XA_QUY').click();
    await page.waitForURL(/\/forms-admin\/\d+$/);

    const grid = page.getByTestId('form-grid-preview');
    await expect.poll(() => grid.getByTestId('form-grid-row').count(), POLL).toBe(20); // with section E, the poverty review (connectors)
    await expect.poll(() => grid.innerText(), POLL).toContain('Tổng số hộ dân tộc thiểu số');
    // Disaggregated elements have one column per cell (ethnic group × sex).
    await expect.poll(() => grid.innerText(), POLL).toContain("H'Mông, Nữ");
    const due = page.getByTestId('due-rules');
    await expect.poll(() => due.innerText(), POLL).toContain('Cấp xã');
    await expect.poll(() => due.innerText(), POLL).toContain('10 ngày sau khi kết thúc kỳ');
    await expect.poll(() => due.innerText(), POLL).toContain('20 ngày sau khi kết thúc kỳ');
    await top(page);
    await screenshot(page, 'forms-admin-bm01');

    // Lock exception for Xã Ia Grai on one of its locked quarters.
    const card = page.getByTestId('lock-exceptions');
    await card.scrollIntoViewIfNeeded();
    await page.getByTestId('exception-unit').click();
    await page.keyboard.type('ia grai');
    await page.getByRole('option', { name: /Xã Ia Grai/ }).first().click();
    const periods = page.getByTestId('unit-periods');
    await expect.poll(() => periods.innerText(), POLL).toContain('Đã khóa');
    await page.getByTestId('exception-period').click();
    // Options are the unit's locked quarters ("Quý 2/2026"); the unit list above may still be closing.
    const option = page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: /^Quý \d\/\d{4}$/ }).first();
    const periodLabel = (await option.innerText()).trim();
    await option.click();
    await page.getByTestId('exception-reason').fill('Xã bổ sung số liệu hộ nghèo sau rà soát cuối năm');
    await page.getByTestId('exception-grant').click();
    const granted = page.getByTestId('exceptions-granted');
    await expect.poll(() => granted.innerText(), POLL).toContain('Xã Ia Grai');
    await expect.poll(() => granted.innerText(), POLL).toContain('Xã bổ sung số liệu');
    // The unit's period now shows the exception in force.
    const lockedRow = periods.locator('tr', { hasText: periodLabel });
    await expect.poll(() => lockedRow.innerText(), POLL).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await top(page);
    await screenshot(page, 'forms-admin-lock-exception');

    // The form on a phone: the grid scrolls inside its card, the page does not.
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => grid.getByTestId('form-grid-row').count(), POLL).toBe(20); // with section E, the poverty review (connectors)
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), POLL).toBeLessThanOrEqual(360);
    await top(page);
    await screenshot(page, 'forms-admin-bm01-360');
    await context.close();
  });

  it('shows a provincial coordinator the catalogue read-only and hides it from a commune officer', async () => {
    const province = await newPage(browser);
    await signIn(province.page, 'tinh.gialai');
    await province.page.getByTestId('nav-catalog').first().click();
    await province.page.getByTestId('catalog-tab-indicators').click();
    const row = province.page.getByTestId('indicators-table').locator('tr', { hasText: 'TL_HO_NGHEO_DTTS' });
    await row.getByTestId('indicator-open').click();
    const numerator = province.page.getByTestId('indicator-numerator');
    await expect.poll(() => numerator.inputValue(), POLL).toBe('#{HH_POOR_DTTS} + #{HH_DTTS} - #{HH_DTTS}');
    expect(await numerator.getAttribute('readonly')).not.toBeNull();
    expect(await province.page.getByTestId('indicator-save').isVisible()).toBe(false);
    expect(await province.page.getByTestId('indicator-create').count()).toBe(0);
    await province.page.keyboard.press('Escape');
    // Provincial coordinators set targets for their province, so the buttons are there.
    await province.page.getByTestId('catalog-tab-targets').click();
    await province.page.getByTestId('target-create').waitFor();
    await province.context.close();

    const commune = await newPage(browser);
    await signIn(commune.page, 'xa.iagrai');
    expect(await commune.page.getByTestId('nav-catalog').count()).toBe(0);
    expect(await commune.page.getByTestId('nav-forms-admin').count()).toBe(0);
    await commune.page.goto('/catalog/indicators');
    await commune.page.getByText('Không có quyền truy cập').first().waitFor();
    await commune.context.close();
  });
});
