// A commune officer fills the quarterly commune form (BM01_XA_QUY) for an open period
// with the keyboard ("1.234" the Vietnamese way) and a 2×2 paste from Excel, sees each
// cell saved (and still there after a reload), sees an out-of-range value refused and a
// cross-element rule fail, leaves a comment, reads a cell's history, and uses the
// one-column layout on a 360 px phone. Independent of the demo values: the cells used
// are cleared first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

interface Column {
  id: string;
  code: string;
}
interface Element {
  dataElementId: string;
  code: string;
  columns: Column[];
}
interface FormDetail {
  id: string;
  sections: { elements: Element[] }[];
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

describe('data entry', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('fills a form with the keyboard and a paste, saved cell by cell, checked as the server checks', async () => {
    const { page, context } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'xa.iagrai');
    const me = await json<{ csrfToken: string; assignments: { unit: { id: string; name: string } }[] }>(page.request, '/api/auth/me');
    const unitId = me.assignments[0].unit.id;
    const forms = await json<{ items: { id: string; code: string }[] }>(page.request, `/api/forms/assigned?unitId=${unitId}`);
    const formId = forms.items.find((f) => f.code === 'BM01_XA_QUY')!.id;
    const periods = await json<{ items: { code: string; status: string }[] }>(page.request, `/api/forms/${formId}/periods?unitId=${unitId}`);
    const period = periods.items.find((p) => p.status === 'open')?.code;
    expect(period, 'an open quarter for Xã Ia Grai').toBeTruthy();
    const form = await json<FormDetail>(page.request, `/api/forms/${formId}`);
    const el = (code: string) => form.sections.flatMap((s) => s.elements).find((e) => e.code === code)!;
    const cellId = (code: string, col = 0) => `cell-${code}-${el(code).columns[col].id}`;

    // Start from empty cells, whatever the demo data holds.
    const used: [string, number][] = [
      ['HH_TOTAL', 0],
      ['HH_DTTS', 0],
      ['HH_POOR_DTTS', 0],
      ['CHILDREN_U5', 0],
      ['CHILDREN_U5', 1],
      ['DA7_U5_UNDERWEIGHT', 0],
      ['DA7_U5_UNDERWEIGHT', 1],
    ];
    for (const [code, col] of used) {
      const res = await page.request.put('/api/data-values', {
        headers: { 'X-CSRF-Token': me.csrfToken, 'Accept-Language': 'vi' },
        data: { formId, unitId, period, dataElementId: el(code).dataElementId, cocId: el(code).columns[col].id, value: null, comment: null },
      });
      expect(res.status(), await res.text()).toBe(200);
    }

    // The menu leads to the page; the URL carries the choice.
    await page.getByTestId('nav-data-entry').first().click();
    await page.waitForURL(/\/data-entry\?/);
    await page.goto(`/data-entry?form=${formId}&unit=${unitId}&period=${period}`);
    const total = page.getByTestId(cellId('HH_TOTAL'));
    await total.waitFor();
    expect(await page.getByTestId('de-readonly').count()).toBe(0);

    // Keyboard: type, Enter goes down; Vietnamese thousands separator.
    await total.click();
    await page.keyboard.type('1.234');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    // An out-of-range value is refused before it is sent, with the engine's message.
    await page.keyboard.type('-5');
    await page.keyboard.press('Tab');
    const poor = page.getByTestId(cellId('HH_POOR_DTTS'));
    await expect.poll(() => poor.getAttribute('data-status'), POLL).toBe('error');
    await poor.click();
    await expect.poll(() => page.getByTestId('de-cell-error').innerText(), POLL).toContain('nhỏ hơn mức tối thiểu 0');
    await expect.poll(() => page.getByTestId('de-validation').innerText(), POLL).toContain('chưa được lưu');
    await expect.poll(() => total.innerText(), POLL).toBe('1.234');
    await page.keyboard.press('Delete');
    await expect.poll(() => poor.getAttribute('data-status'), POLL).not.toBe('error');

    // Paste a 2×2 block from Excel at "children under 5, first column".
    const u5 = page.getByTestId(cellId('CHILDREN_U5'));
    await u5.click();
    await u5.evaluate((node) => {
      const data = new DataTransfer();
      data.setData('text/plain', '120\t115\r\n12\t9\r\n');
      node.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByTestId(cellId('DA7_U5_UNDERWEIGHT', 1)).innerText(), POLL).toBe('9');
    await expect.poll(() => page.getByTestId('de-save-state').innerText(), POLL).toMatch(/Đã lưu tất cả|ô chưa lưu được/);

    // A cross-element rule: ethnic-minority households above all households.
    const dtts = page.getByTestId(cellId('HH_DTTS'));
    await dtts.click();
    await page.keyboard.type('2000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('de-validation').innerText(), POLL).toContain('Số hộ dân tộc thiểu số lớn hơn tổng số hộ.');
    await expect.poll(() => dtts.getAttribute('class'), POLL).toContain('is-rule-fail');

    // A comment by keyboard (Alt+C) and the history (Alt+H).
    await total.click();
    await page.keyboard.press('Alt+KeyC');
    await page.getByTestId('cell-comment').fill('Số liệu theo rà soát hộ tháng 9');
    await page.getByTestId('cell-comment-save').click();
    await expect.poll(() => page.getByTestId('de-save-state').innerText(), POLL).toContain('Đã lưu tất cả');
    await total.click();
    await page.keyboard.press('Alt+KeyH');
    await expect.poll(() => page.getByTestId('cell-history').innerText(), POLL).toContain('1.234');
    expect(await page.getByTestId('cell-history').innerText()).toContain('xa.iagrai');
    await screenshot(page, 'data-entry-history');
    await page.keyboard.press('Escape');

    await u5.click();
    await screenshot(page, 'data-entry-desktop');

    // Saved on the server: a reload shows the same values.
    await page.reload();
    await total.waitFor();
    await expect.poll(() => total.innerText(), POLL).toBe('1.234');
    expect(await dtts.innerText()).toBe('2.000');
    expect(await page.getByTestId(cellId('CHILDREN_U5', 0)).innerText()).toBe('120');
    expect(await page.getByTestId(cellId('CHILDREN_U5', 1)).innerText()).toBe('115');
    expect(await page.getByTestId(cellId('DA7_U5_UNDERWEIGHT', 0)).innerText()).toBe('12');
    expect(await page.getByTestId(cellId('DA7_U5_UNDERWEIGHT', 1)).innerText()).toBe('9');
    expect(await poor.innerText()).toBe('');
    const values = await json<{ values: { dataElementId: string; cocId: string; value: string | null; comment: string | null }[] }>(
      page.request,
      `/api/data-values?formId=${formId}&unitId=${unitId}&period=${period}`,
    );
    const stored = values.values.find((v) => v.dataElementId === el('HH_TOTAL').dataElementId);
    expect(stored).toMatchObject({ value: '1234', comment: 'Số liệu theo rà soát hộ tháng 9' });
    await expect.poll(() => page.getByTestId('de-validation').innerText(), POLL).toContain('Số hộ dân tộc thiểu số lớn hơn tổng số hộ.');

    // A locked period is read-only, and says why.
    const locked = periods.items.find((p) => p.status === 'locked')?.code;
    if (locked) {
      await page.goto(`/data-entry?form=${formId}&unit=${unitId}&period=${locked}`);
      await expect.poll(() => page.getByTestId('de-readonly').innerText(), POLL).toContain('đã khóa');
      await page.getByTestId(cellId('HH_TOTAL')).click();
      await page.keyboard.type('7');
      expect(await page.getByTestId('cell-editor').count()).toBe(0);
      await screenshot(page, 'data-entry-locked');
    }
    await context.close();
  });

  it('shows one card per element on a 360 px phone', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await signIn(page, 'xa.iagrai');
    await page.goto('/data-entry');
    // The defaults fill the URL: own unit, the only form, the latest open period.
    await page.waitForURL(/form=.*period=/);
    const card = page.getByTestId('card-HH_TOTAL');
    await card.waitFor();
    await expect.poll(() => card.locator('input').first().inputValue(), POLL).toBe('1.234');
    expect(await page.locator('.de-table').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'data-entry-360');
    await typeOnPhone(page);
    await context.close();
  });
});

async function typeOnPhone(page: Page) {
  const input = page.getByTestId('card-HH_POOR_DTTS').locator('input').first();
  await input.fill('800');
  await input.press('Enter');
  await expect.poll(() => page.getByTestId('de-save-state').innerText(), POLL).toContain('Đã lưu tất cả');
  await expect.poll(() => input.inputValue(), POLL).toBe('800');
}
