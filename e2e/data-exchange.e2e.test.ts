// The "Nhập/Xuất" menu of the data-entry page: a commune officer sees the downloads
// (Excel template blank and filled, JSON, CSV, ADX) and imports a CSV with an import
// strategy: the check (dry run) lists the rejected row with its reason, and nothing is
// written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

describe('data import and export', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('opens the menu, checks a file and shows the rejected row', async () => {
    const { page, context } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'xa.iagrai');
    const me = (await (await page.request.get('/api/auth/me')).json()) as { assignments: { unit: { id: string } }[] };
    const unitId = me.assignments[0].unit.id;
    const forms = (await (await page.request.get(`/api/forms/assigned?unitId=${unitId}`)).json()) as { items: { id: string; code: string }[] };
    const formId = forms.items.find((f) => f.code === 'BM01_XA_QUY')!.id;
    const periods = (await (await page.request.get(`/api/forms/${formId}/periods?unitId=${unitId}`)).json()) as { items: { code: string; status: string }[] };
    const period = periods.items.find((p) => p.status === 'open')?.code ?? periods.items[0].code;
    await page.goto(`/data-entry?form=${formId}&unit=${unitId}&period=${period}`);

    await page.getByTestId('dx-menu').click();
    await expect.poll(() => page.getByText('Tải mẫu Excel trống').isVisible(), POLL).toBe(true);
    await expect.poll(() => page.getByText('Xuất CSV (dataValueSets)').isVisible(), POLL).toBe(true);
    await expect.poll(() => page.getByText('Xuất ADX (XML)').isVisible(), POLL).toBe(true);
    const adx = await page.request.get(`/api/data-values/export?format=adx&formId=${formId}&unitId=${unitId}&period=${period}`);
    expect(adx.status()).toBe(200);
    expect(await adx.text()).toContain('<adx xmlns="urn:ihe:qrph:adx:2015"');
    const template = await page.request.get(`/api/data-values/template.xlsx?formId=${formId}&unitId=${unitId}&period=${period}&filled=true`);
    expect(template.status()).toBe(200);

    const importItem = page.getByText('Nhập số liệu từ tệp…');
    if (!(await importItem.isVisible())) {
      // The period is not open for this officer (or the report is in): the menu offers downloads only.
      await screenshot(page, 'data-exchange-menu');
      await context.close();
      return;
    }
    await importItem.click();
    const csv = `dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\nKHONG_CO_MA,${period},23764,,,5,,,,,\n`;
    await page.getByTestId('dx-strategy').click();
    await page.getByText('Chỉ tạo ô chưa có số liệu').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'so-lieu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('dx-check').click();
    await expect.poll(() => page.getByTestId('dx-rejected').isVisible(), POLL).toBe(true);
    expect(await page.getByTestId('dx-rejected').innerText()).toContain('KHONG_CO_MA');
    expect(await page.getByTestId('dx-write').isDisabled()).toBe(true);
    await screenshot(page, 'data-exchange-import-report');
    await context.close();
  });
});
