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
