// The consolidated report in the browser: the central officer opens "Báo cáo tổng hợp",
// sees the national report of BM01_XA_QUY (the nation's total pinned at the top, the 34
// provinces, Vietnamese numbers), switches to the pre-2025 hierarchy (63 old provinces),
// drills into old Gia Lai, back to 2025 and into Gia Lai; a commune officer of Ia Grai
// saves a value in data entry; after a reload the province total has moved by exactly
// that amount. The Excel download answers; screenshots at desktop width and 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { launch, newPage, screenshot, signIn } from './browser.ts';

interface FormDetail {
  id: string;
  sections: { elements: { dataElementId: string; code: string; columns: { id: string }[] }[] }[];
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/** "1.234,5" → 1234.5; "–" → 0. */
const vnNumber = (text: string) => (text.trim() === '–' ? 0 : Number(text.trim().replace(/\./g, '').replace(',', '.')));

/** A national report takes a few seconds to arrive and render on a busy machine. */
const SLOW = { timeout: 60_000, interval: 250 };

const dataRows = (page: Page) => page.getByTestId('report-table').locator('tbody tr.ant-table-row');

describe('consolidated report', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('drills through both hierarchies and shows a value saved by a commune in the province total', async () => {
    // The commune's open period and the element used (through the API, as data-entry.e2e does).
    const { page: commune } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(commune, 'xa.iagrai');
    const me = await json<{ assignments: { unit: { id: string } }[] }>(commune.request, '/api/auth/me');
    const iaGrai = me.assignments[0].unit.id;
    const assigned = await json<{ items: { id: string; code: string }[] }>(commune.request, `/api/forms/assigned?unitId=${iaGrai}`);
    const formId = assigned.items.find((f) => f.code === 'BM01_XA_QUY')!.id;
    const periods = await json<{ items: { code: string; status: string }[] }>(commune.request, `/api/forms/${formId}/periods?unitId=${iaGrai}`);
    const period = periods.items.find((p) => p.status === 'open')?.code;
    expect(period, 'an open quarter for Xã Ia Grai').toBeTruthy();
    const form = await json<FormDetail>(commune.request, `/api/forms/${formId}`);
    const el = form.sections.flatMap((s) => s.elements).find((e) => e.code === 'HH_TOTAL')!;

    // The central officer: the menu, then the national report of the commune's period.
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-reports').first().click();
    await page.waitForURL(/\/reports/);
    await page.getByTestId('report-total').waitFor({ timeout: 60_000 });
    await page.goto(`/reports?form=${formId}&period=${period}`);
    const total = page.getByTestId('report-total');
    await expect.poll(() => total.innerText(), SLOW).toContain('Việt Nam');
    await expect.poll(() => dataRows(page).count(), SLOW).toBe(34);
    expect(await page.getByTestId('report-table').locator('thead').innerText()).toContain('Tổng số hộ');
    const national = await page.getByTestId(`report-total-${el.dataElementId}`).innerText();
    expect(national).toMatch(/^(\d{1,3}(\.\d{3})*(,\d+)?|–)$/);
    await screenshot(page, 'consolidated-1-national');

    // The pre-2025 hierarchy: the 63 old provinces; old Gia Lai opens its old districts.
    await page.getByTestId('report-view-pre2025').click();
    await page.waitForURL(/view=pre2025/);
    await expect.poll(() => dataRows(page).count(), SLOW).toBe(63);
    await screenshot(page, 'consolidated-2-pre2025');
    await page.getByTestId('report-open-64').click();
    await expect.poll(() => page.getByTestId('report-path').innerText(), SLOW).toContain('Tỉnh Gia Lai');
    await expect.poll(() => total.innerText(), SLOW).toContain('Tỉnh Gia Lai');
    await expect.poll(() => dataRows(page).count(), SLOW).toBeGreaterThan(5);
    expect(await page.getByTestId('report-old-tag').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('report-table').innerText()).toMatch(/Huyện|Thành phố|Thị xã/);
    await screenshot(page, 'consolidated-3-old-province');

    // Back to 2025 (the nation again) and into Gia Lai.
    await page.getByTestId('report-view-2025').click();
    await page.waitForURL((u) => !u.search.includes('view=pre2025'));
    await expect.poll(() => dataRows(page).count(), SLOW).toBe(34);
    await page.getByTestId('report-open-52').click();
    await expect.poll(() => total.innerText(), SLOW).toContain('Tỉnh Gia Lai');
    await expect.poll(() => page.getByTestId('report-path').innerText(), SLOW).toContain('Việt Nam');
    await expect.poll(() => dataRows(page).count(), SLOW).toBeGreaterThan(50);
    const provinceUrl = page.url();
    const before = vnNumber(await page.getByTestId(`report-total-${el.dataElementId}`).innerText());

    // The commune officer saves a value in data entry.
    const valueOf = async () => {
      const v = await json<{ values: { dataElementId: string; cocId: string; value: string | null }[] }>(
        commune.request,
        `/api/data-values?formId=${formId}&unitId=${iaGrai}&period=${period}`,
      );
      return Number(v.values.find((x) => x.dataElementId === el.dataElementId && x.cocId === el.columns[0].id)?.value ?? 0);
    };
    const old = await valueOf();
    const typed = old + 37;
    await commune.goto(`/data-entry?form=${formId}&unit=${iaGrai}&period=${period}`);
    const cell = commune.getByTestId(`cell-HH_TOTAL-${el.columns[0].id}`);
    await cell.waitFor();
    expect(await commune.getByTestId('de-readonly').count()).toBe(0);
    await cell.click();
    await commune.keyboard.type(String(typed));
    await commune.keyboard.press('Enter');
    await expect.poll(() => commune.getByTestId('de-save-state').innerText(), SLOW).toContain('Đã lưu tất cả');
    await expect.poll(valueOf, SLOW).toBe(typed);
    const delta = typed - old;

    // After a reload the province total has moved by exactly that amount.
    await page.goto(provinceUrl);
    await page.reload();
    await expect.poll(() => total.innerText(), SLOW).toContain('Tỉnh Gia Lai');
    await expect.poll(async () => vnNumber(await page.getByTestId(`report-total-${el.dataElementId}`).innerText()), SLOW).toBe(before + delta);
    await screenshot(page, 'consolidated-4-province-after');

    // The Excel file of what is shown.
    const href = await page.getByTestId('report-download').getAttribute('href');
    expect(href).toContain('/api/reports/consolidated.xlsx?');
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    expect(file.headers()['content-disposition']).toContain(`bao-cao-tong-hop_BM01_XA_QUY_52_${period}.xlsx`);

    // Details by option combination (the nation: 34 rows of ~180 columns), seen in the viewport.
    await page.goto(`/reports?form=${formId}&period=${period}`);
    await expect.poll(() => dataRows(page).count(), SLOW).toBe(34);
    await page.getByTestId('report-detail').click();
    await page.waitForURL(/detail=1/);
    await expect.poll(() => page.getByTestId('report-coc-total').count(), SLOW).toBeGreaterThan(3);
    expect(await page.getByTestId('report-coc-total').first().innerText()).toBe('Tổng');
    await expect.poll(() => page.getByTestId('report-table').locator('.ant-spin-spinning').count(), SLOW).toBe(0);
    expect(vnNumber(await page.getByTestId(`report-total-${el.dataElementId}`).innerText())).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screenshots/consolidated-5-disaggregated.png', timeout: 60_000 });

    // A phone: the same page scrolls sideways, compact.
    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'trunguong');
    await phone.goto(provinceUrl);
    await expect.poll(() => phone.getByTestId('report-total').innerText(), SLOW).toContain('Tỉnh Gia Lai');
    await phone.screenshot({ path: 'test-results/screenshots/consolidated-6-phone.png', timeout: 60_000 });
  }, 300_000);
});
