// Reporting progress in the browser: the Gia Lai coordinator opens "Tiến độ nộp báo
// cáo" from the menu, sees the province's totals for the last completed quarter (the
// same numbers as the API, Vietnamese-formatted), the communes with their bars, and
// the overdue / due-soon lists; the home page shows the scope's card. Screenshots at
// desktop width and 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addPeriods, periodContaining } from '@shared/engine/periods.ts';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

describe('reporting progress', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows the province totals, the communes and the lists', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'tinh.gialai');

    // The home page card for the user's scope.
    await expect.poll(() => page.getByTestId('home-completeness').innerText(), POLL).toContain('BM01_XA_QUY');
    expect(await page.getByTestId('home-completeness').innerText()).toMatch(/Đã nộp [\d.]+\/[\d.]+/);
    await screenshot(page, 'completeness-0-home');

    await page.getByTestId('nav-completeness').first().click();
    await page.waitForURL(/\/completeness/);
    await page.getByTestId('completeness-total').waitFor();

    // The default is the first form and its last completed period; the numbers are the API's.
    const forms = (await (await page.request.get('/api/forms')).json()) as { items: { id: string; code: string }[] };
    const formId = forms.items[0].id;
    const period = addPeriods(periodContaining('quarter', new Date()), -1);
    expect(forms.items[0].code).toBe('BM01_XA_QUY');
    const api = (await (await page.request.get(`/api/completeness?formId=${formId}&period=${period}`)).json()) as { total: { expected: number; submitted: number } };
    expect(api.total.expected).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('completeness-expected').innerText(), POLL).toContain(api.total.expected.toLocaleString('vi-VN'));
    await expect.poll(() => page.getByTestId('completeness-submitted').innerText(), POLL).toContain(api.total.submitted.toLocaleString('vi-VN'));
    const expected = Number((await page.getByTestId('completeness-expected').locator('.ant-statistic-content-value').innerText()).replace(/\./g, ''));
    expect(expected).toBeGreaterThan(50);
    expect(await page.getByTestId('completeness-rate').innerText()).toMatch(/^\d+(,\d)? %$/);
    const rows = page.getByTestId('completeness-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(10);
    await page.getByTestId('completeness-overdue').waitFor();
    await screenshot(page, 'completeness-1-province');

    // The central officer starts at the nation and drills into Gia Lai; the breadcrumb goes back.
    const { page: central } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(central, 'trunguong');
    await central.goto('/completeness');
    await central.getByTestId('completeness-total').waitFor();
    const nationExpected = await central.getByTestId('completeness-expected').innerText();
    await central.getByTestId('completeness-open-52').click();
    await expect.poll(() => central.getByTestId('completeness-path').innerText(), POLL).toContain('Gia Lai');
    await expect.poll(() => central.getByTestId('completeness-expected').innerText(), POLL).toContain(api.total.expected.toLocaleString('vi-VN'));
    await screenshot(central, 'completeness-3-central-drilled');
    await central.goBack();
    await expect.poll(() => central.getByTestId('completeness-expected').innerText(), POLL).toBe(nationExpected);

    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'tinh.gialai');
    await phone.goto('/completeness');
    await phone.getByTestId('completeness-total').waitFor();
    await screenshot(phone, 'completeness-2-phone');
  });
});
