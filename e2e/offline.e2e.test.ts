// Working without a network (issue 8), in Chromium with its network switched off:
// a commune officer prepares the device online, goes offline, reloads the page, fills
// the whole quarterly form on a phone and submits it; when the network returns the queue
// is sent and the server holds every value exactly once, the report submitted, and the
// audit both the time on the device and the time of the sync. Then the conflict flow:
// the same cell changed on two devices, one of them offline; the officer keeps their
// value and the choice is audited.
// Uses Xã Sơn Tây (xa.sontay), which no other browser test touches.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

interface Column {
  id: string;
}
interface Element {
  dataElementId: string;
  code: string;
  valueType: string;
  columns: Column[];
}
interface FormDetail {
  id: string;
  sections: { elements: Element[] }[];
}
interface Value {
  dataElementId: string;
  cocId: string;
  value: string | null;
  version: number;
}
interface Setup {
  unitId: string;
  formId: string;
  period: string;
  csrf: string;
  cells: { el: Element; cocId: string; value: string }[];
  url: string;
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/** The open quarter of BM01_XA_QUY for the officer, emptied and back in draft; the last approved quarter's values as what to type. */
async function setup(page: Page): Promise<Setup> {
  const me = await json<{ csrfToken: string; assignments: { unit: { id: string } }[] }>(page.request, '/api/auth/me');
  const unitId = me.assignments[0].unit.id;
  const csrf = me.csrfToken;
  const forms = await json<{ items: { id: string; code: string }[] }>(page.request, `/api/forms/assigned?unitId=${unitId}`);
  const formId = forms.items.find((f) => f.code === 'BM01_XA_QUY')!.id;
  const periods = await json<{ items: { code: string; status: string }[] }>(page.request, `/api/forms/${formId}/periods?unitId=${unitId}`);
  const period = periods.items.find((p) => p.status === 'open')!.code;
  const form = await json<FormDetail>(page.request, `/api/forms/${formId}`);
  let donor: Value[] = [];
  for (const p of periods.items.filter((x) => x.status === 'locked')) {
    const status = await json<{ state: string }>(page.request, `/api/submissions/status?formId=${formId}&unitId=${unitId}&period=${p.code}`);
    if (status.state !== 'approved') continue;
    donor = (await json<{ values: Value[] }>(page.request, `/api/data-values?formId=${formId}&unitId=${unitId}&period=${p.code}`)).values;
    break;
  }
  expect(donor.length, 'an approved earlier quarter to copy').toBeGreaterThan(20);

  const status = await json<{ state: string; version: number }>(page.request, `/api/submissions/status?formId=${formId}&unitId=${unitId}&period=${period}`);
  if (status.state === 'submitted') {
    const res = await page.request.post('/api/submissions/recall', { data: { formId, unitId, period, version: status.version }, headers: { 'x-csrf-token': csrf } });
    expect(res.status(), await res.text()).toBe(200);
  }
  const current = (await json<{ values: Value[] }>(page.request, `/api/data-values?formId=${formId}&unitId=${unitId}&period=${period}`)).values;
  for (const v of current.filter((x) => x.value !== null)) {
    const res = await page.request.put('/api/data-values', {
      data: { formId, unitId, period, dataElementId: v.dataElementId, cocId: v.cocId, value: null, clientChangeId: randomUUID() },
      headers: { 'x-csrf-token': csrf },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  const elements = form.sections.flatMap((s) => s.elements);
  const cells = donor
    .filter((v) => v.value !== null)
    .map((v) => ({ el: elements.find((e) => e.dataElementId === v.dataElementId)!, cocId: v.cocId, value: v.value! }))
    .filter((c) => c.el);
  return { unitId, formId, period, csrf, cells, url: `/data-entry?form=${formId}&unit=${unitId}&period=${period}` };
}

/** Typed the Vietnamese way: decimal comma. */
const typed = (v: string) => v.replace('.', ',');

async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), POLL).toBe(true);
}

async function prepare(page: Page): Promise<void> {
  await page.getByTestId('offline-size').waitFor();
  await page.getByTestId('offline-prepare').click();
  await page.getByTestId('offline-prepared').waitFor();
}

describe('offline data entry', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('enters and submits a whole report with the network off, then syncs it exactly once', async () => {
    const { page, context } = await newPage(browser, { width: 390, height: 844 });
    await signIn(page, 'xa.sontay');
    const s = await setup(page);
    const startedAt = new Date();

    await page.goto(s.url);
    await controlled(page);
    await prepare(page);
    await screenshot(page, 'offline-prepared', { fullPage: false });

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('offline-notice').waitFor();
    await page.getByTestId('offline-prepared').waitFor();
    const first = s.cells[0];
    await page.locator(`#m-${first.el.dataElementId}-${first.cocId}`).waitFor();
    await screenshot(page, 'offline-reloaded', { fullPage: false });

    // Elements with many combinations are folded on a phone: open each once.
    const opened = new Set<string>();
    for (const c of s.cells) {
      const id = `#m-${c.el.dataElementId}-${c.cocId}`;
      if (c.el.columns.length > 6 && !opened.has(c.el.code)) {
        await page.getByTestId(`card-${c.el.code}`).locator('.ant-collapse-header').click();
        opened.add(c.el.code);
      }
      if (c.el.valueType === 'boolean') {
        await page.locator(id).getByText(c.value === 'true' ? 'Có' : 'Không', { exact: true }).click();
      } else {
        const input = page.locator(id);
        await input.fill(typed(c.value));
        await input.blur();
      }
    }
    await expect.poll(() => page.getByTestId('de-save-state').innerText(), POLL).toContain(`${s.cells.length} ô đã lưu trên máy`);
    await screenshot(page, 'offline-filled', { fullPage: false });

    await page.getByTestId('action-submit').click();
    await page.getByTestId('submission-confirm').click();
    await page.getByTestId('submit-queued').waitFor();
    await page.getByTestId('submit-queued').scrollIntoViewIfNeeded();
    await screenshot(page, 'offline-submit-queued', { fullPage: false });

    // Back online: the outbox sends everything in order, the submission last.
    await context.setOffline(false);
    await expect.poll(async () => (await json<{ state: string }>(page.request, `/api/submissions/status?formId=${s.formId}&unitId=${s.unitId}&period=${s.period}`)).state, { timeout: 60_000, interval: 500 }).toBe('submitted');
    await expect.poll(() => page.getByTestId('offline-waiting').count(), POLL).toBe(0);
    await screenshot(page, 'offline-synced', { fullPage: false });

    const values = (await json<{ values: Value[] }>(page.request, `/api/data-values?formId=${s.formId}&unitId=${s.unitId}&period=${s.period}`)).values.filter((v) => v.value !== null);
    expect(values.length).toBe(s.cells.length);
    for (const c of s.cells) {
      const v = values.find((x) => x.dataElementId === c.el.dataElementId && x.cocId === c.cocId);
      expect(v?.value, c.el.code).toBe(c.value);
    }

    // Exactly once: one audited change per cell with the device's time, and its sync after it.
    const admin = await newPage(browser);
    await signIn(admin.page, 'admin');
    const audit = await json<{ items: { at: string; targetId: string; details: { deviceTime?: string; period?: string } }[] }>(
      admin.page.request,
      `/api/audit?action=data.value_changed&actor=xa.sontay&limit=500`,
    );
    const ours = audit.items.filter((a) => a.details.period === s.period && a.details.deviceTime && new Date(a.at) >= startedAt);
    expect(ours.length).toBe(s.cells.length);
    expect(new Set(ours.map((a) => a.targetId)).size).toBe(s.cells.length);
    for (const a of ours) expect(new Date(a.at).getTime()).toBeGreaterThanOrEqual(new Date(a.details.deviceTime!).getTime());
    const submits = await json<{ items: { at: string }[] }>(admin.page.request, `/api/audit?action=submission.submit&actor=xa.sontay&limit=50`);
    expect(submits.items.filter((a) => new Date(a.at) >= startedAt).length).toBe(1);
    await admin.context.close();
    await context.close();
  });

  it('shows a cell changed on another device meanwhile as a conflict; keeping mine is applied and audited', async () => {
    const laptop = await newPage(browser, { width: 1366, height: 900 });
    await signIn(laptop.page, 'xa.sontay');
    const s = await setup(laptop.page);
    const cell = s.cells.find((c) => c.el.valueType !== 'boolean')!;
    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone.page, 'xa.sontay');
    await phone.page.goto(s.url);
    await controlled(phone.page);
    await prepare(phone.page);

    await phone.context.setOffline(true);
    const input = phone.page.locator(`#m-${cell.el.dataElementId}-${cell.cocId}`);
    await input.fill('111');
    await input.blur();
    await expect.poll(() => phone.page.getByTestId('de-save-state').innerText(), POLL).toContain('1 ô đã lưu trên máy');

    // Meanwhile the laptop, online, saves another value in the same cell.
    const res = await laptop.page.request.put('/api/data-values', {
      data: { formId: s.formId, unitId: s.unitId, period: s.period, dataElementId: cell.el.dataElementId, cocId: cell.cocId, value: '222', clientChangeId: randomUUID() },
      headers: { 'x-csrf-token': s.csrf },
    });
    expect(res.status(), await res.text()).toBe(200);

    await phone.context.setOffline(false);
    await phone.page.getByTestId('de-conflict').waitFor({ timeout: 30_000 });
    expect(await phone.page.getByTestId('de-conflict-mine').innerText()).toContain('111');
    expect(await phone.page.getByTestId('de-conflict-theirs').innerText()).toContain('222');
    expect(await phone.page.getByTestId('de-conflict-theirs').innerText()).toContain('xa.sontay');
    await screenshot(phone.page, 'offline-conflict', { fullPage: false });

    await phone.page.getByTestId('de-keep-mine').click();
    await expect.poll(() => phone.page.getByTestId('de-conflict').count(), POLL).toBe(0);
    await expect
      .poll(async () => (await json<{ values: Value[] }>(laptop.page.request, `/api/data-values?formId=${s.formId}&unitId=${s.unitId}&period=${s.period}`)).values.find((v) => v.dataElementId === cell.el.dataElementId && v.cocId === cell.cocId)?.value, POLL)
      .toBe('111');

    const admin = await newPage(browser);
    await signIn(admin.page, 'admin');
    const audit = await json<{ items: { details: { choice?: string; dataElementId?: string } }[] }>(admin.page.request, `/api/audit?action=data.conflict_resolved&actor=xa.sontay&limit=20`);
    expect(audit.items.some((a) => a.details.choice === 'mine' && a.details.dataElementId === cell.el.dataElementId)).toBe(true);
    for (const p of [laptop, phone, admin]) await (p.context as BrowserContext).close();
  });
});
