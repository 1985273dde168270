// The reporting round trip in the browser: a commune officer fills the quarterly form
// with the keyboard and a paste from Excel and submits; the province reviewer finds it
// in the review list, returns it with a comment on one cell; the officer sees the
// question on that cell, fixes the value and resubmits; the reviewer approves; the
// officer can no longer edit. Screenshots at desktop width and 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

interface Element {
  dataElementId: string;
  code: string;
  columns: { id: string; code: string }[];
}
interface FormDetail {
  sections: { elements: Element[] }[];
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

const stateOf = (page: Page) => page.getByTestId('submission-panel').getByTestId('submission-state').getAttribute('data-state');

describe('submission and approval', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('goes from entry to approval with a returned cell on the way, and locks the report', async () => {
    const t0 = Date.now();
    const officer = await newPage(browser, { width: 1366, height: 900 });
    const o = officer.page;
    await signIn(o, 'xa.kbang');
    const me = await json<{ csrfToken: string; assignments: { unit: { id: string; name: string; code: string } }[] }>(o.request, '/api/auth/me');
    const unit = me.assignments[0].unit;
    const forms = await json<{ items: { id: string; code: string }[] }>(o.request, `/api/forms/assigned?unitId=${unit.id}`);
    const formId = forms.items.find((f) => f.code === 'BM01_XA_QUY')!.id;
    const periods = await json<{ items: { code: string; status: string }[] }>(o.request, `/api/forms/${formId}/periods?unitId=${unit.id}`);
    const period = periods.items.find((p) => p.status === 'open')!.code;
    const form = await json<FormDetail>(o.request, `/api/forms/${formId}`);
    const el = (code: string) => form.sections.flatMap((s) => s.elements).find((e) => e.code === code)!;
    const cell = (page: Page, code: string, col = 0) => page.getByTestId(`cell-${code}-${el(code).columns[col].id}`);
    const url = `/data-entry?form=${formId}&unit=${unit.id}&period=${period}`;

    const status = await json<{ state: string }>(o.request, `/api/submissions/status?formId=${formId}&unitId=${unit.id}&period=${period}`);
    expect(status.state, 'the demo leaves the demo officers\' current period as a draft').toBe('draft');

    // The home page lists the open report as a draft with its due date.
    await expect.poll(() => o.getByTestId('home-my-reports').innerText(), POLL).toContain('BM01_XA_QUY');
    expect(await o.getByTestId('home-my-reports').innerText()).toContain('Đang nhập');

    // 1. The officer types the households (keyboard) and pastes the funding block from Excel.
    await o.goto(url);
    await cell(o, 'HH_TOTAL').waitFor();
    for (const [code, values] of [
      ['HH_TOTAL', ['1.250', '830', '420']],
      ['HH_DTTS', ['1.100', '700', '400']],
    ] as const) {
      for (const [i] of el(code).columns.entries()) {
        await cell(o, code, i).click();
        await o.keyboard.type(values[i] ?? '100');
        await o.keyboard.press('Enter');
      }
    }
    const cols = el('CAPITAL_ALLOCATED').columns.length;
    const row = (v: string) => Array.from({ length: cols }, () => v).join('\t');
    await cell(o, 'CAPITAL_ALLOCATED').click();
    await cell(o, 'CAPITAL_ALLOCATED').evaluate((node, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      node.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, `${row('2.500')}\r\n${row('2.100,5')}\r\n`);
    await expect.poll(() => cell(o, 'CAPITAL_DISBURSED').innerText(), POLL).toBe('2.100,5');
    await expect.poll(() => o.getByTestId('de-save-state').innerText(), POLL).toContain('Đã lưu tất cả');

    await o.getByTestId('action-submit').click();
    await o.getByTestId('submission-confirm').click();
    await expect.poll(() => stateOf(o), POLL).toBe('submitted');
    await o.getByTestId('de-readonly').waitFor();
    await screenshot(o, 'approval-1-submitted');

    console.log('approval flow: submitted after', Date.now() - t0, 'ms');
    // 2. The province reviewer is told, finds the report in the review list and returns it with a question on one cell.
    const reviewer = await newPage(browser, { width: 1366, height: 900 });
    const r = reviewer.page;
    await signIn(r, 'tinh.gialai');
    await expect.poll(() => r.getByTestId('home-review-queue').innerText(), POLL).toMatch(/BM01_XA_QUY[\s\S]*\d+ chờ duyệt/);
    await screenshot(r, 'approval-0-reviewer-home');
    await r.getByTestId('notification-bell').click();
    await expect.poll(() => r.getByTestId('notification-list').innerText(), POLL).toContain(`kỳ Quý`);
    await r.goto(`/review?form=${formId}&period=${period}`);
    const link = r.getByTestId(`review-open-${unit.code}`);
    await link.waitFor().catch(async (e) => {
      await screenshot(r, 'approval-2-review-list-failed');
      throw e;
    });
    await screenshot(r, 'approval-2-review-list');
    await link.click();
    await r.waitForURL(/\/data-entry\?/);
    await expect.poll(() => stateOf(r), POLL).toBe('submitted');
    await r.getByTestId('action-return').click();
    await r.getByTestId('questioning-bar').waitFor();
    await cell(r, 'CAPITAL_DISBURSED').click();
    await expect.poll(() => cell(r, 'CAPITAL_DISBURSED').getAttribute('aria-selected'), POLL).toBe('true');
    await r.getByTestId('action-return-next').click();
    await r.getByTestId('submission-comment').fill('Đề nghị xã kiểm tra lại vốn giải ngân.');
    await r.locator('[data-testid^="question-comment-"]').fill('Giải ngân 84% ngay quý đầu là bất thường');
    await screenshot(r, 'approval-3-return-dialog');
    await r.getByTestId('submission-confirm').click();
    await expect.poll(() => stateOf(r), POLL).toBe('returned');

    console.log('approval flow: returned after', Date.now() - t0, 'ms');
    // 3. The officer sees the question on the cell, fixes it and resubmits.
    await o.reload();
    await expect.poll(() => stateOf(o), POLL).toBe('returned');
    await expect.poll(() => o.getByTestId('returned-alert').innerText(), POLL).toContain('Đề nghị xã kiểm tra lại vốn giải ngân.');
    await expect.poll(() => cell(o, 'CAPITAL_DISBURSED').getAttribute('class'), POLL).toContain('is-questioned');
    await cell(o, 'CAPITAL_DISBURSED').hover();
    await expect.poll(() => o.locator('.ant-tooltip').last().innerText(), POLL).toContain('Giải ngân 84% ngay quý đầu là bất thường');
    await screenshot(o, 'approval-4-returned-officer');
    await cell(o, 'CAPITAL_DISBURSED').click();
    await o.keyboard.type('1.200');
    await o.keyboard.press('Enter');
    await expect.poll(() => o.getByTestId('de-save-state').innerText(), POLL).toContain('Đã lưu tất cả');
    await o.getByTestId('action-submit').click();
    await o.getByTestId('submission-confirm').click();
    await expect.poll(() => stateOf(o), POLL).toBe('submitted');

    console.log('approval flow: resubmitted after', Date.now() - t0, 'ms');
    // 4. The reviewer approves.
    await r.reload();
    await expect.poll(() => stateOf(r), POLL).toBe('submitted');
    await r.getByTestId('action-approve').click();
    await r.getByTestId('submission-confirm').click();
    await expect.poll(() => stateOf(r), POLL).toBe('approved');

    // 5. The officer can no longer edit: the grid is read-only and typing changes nothing.
    await o.reload();
    await expect.poll(() => stateOf(o), POLL).toBe('approved');
    await expect.poll(() => o.getByTestId('de-readonly').innerText(), POLL).toContain('đã được duyệt');
    await cell(o, 'HH_TOTAL').click();
    await o.keyboard.type('9');
    await o.keyboard.press('Enter');
    expect(await cell(o, 'HH_TOTAL').innerText()).toBe('1.250');
    expect(await o.getByTestId('action-submit').count()).toBe(0);
    await o.getByText(/Lịch sử xử lý/).click();
    await expect.poll(() => o.getByTestId('submission-event').count(), POLL).toBe(4);
    await screenshot(o, 'approval-5-approved-desktop');
    const values = await json<{ values: { dataElementId: string; value: string | null }[] }>(o.request, `/api/data-values?formId=${formId}&unitId=${unit.id}&period=${period}`);
    expect(values.values.find((v) => v.dataElementId === el('HH_TOTAL').dataElementId)?.value).toBe('1250');

    // The same report on a 360 px phone: state, history and the locked cards.
    const phone = await newPage(browser, { width: 360, height: 740 });
    await signIn(phone.page, 'xa.kbang');
    await phone.page.goto(url);
    await expect.poll(() => stateOf(phone.page), POLL).toBe('approved');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'approval-6-approved-360');

    await Promise.all([officer.context.close(), reviewer.context.close(), phone.context.close()]);
  }, 240_000);
});
