// Notification settings and the mail outbox in the browser. The commune officer of Ia Grai
// turns e-mail off for overdue tasks and puts "report due soon" into the daily digest,
// reloads and finds both kept, and the API agrees. The e2e server has no SMTP, so every
// e-mail stays in the outbox: the Gia Lai coordinator gives Ia Grai and Kbang an overdue
// task each (the task job is nudged when a task is made), and the administrator (two-factor)
// opens "Hộp thư đi" and finds Kbang's reminder waiting — and none for Ia Grai, whose
// officer turned that e-mail off. Screenshots at desktop width and 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const TASK_IAGRAI = 'Rà soát hộ nghèo thôn Plei Ring (kiểm thử thông báo)';
const TASK_KBANG = 'Tổng hợp nhu cầu nước sinh hoạt (kiểm thử thông báo)';
const vnDate = (offsetDays: number) => new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Preferences {
  hasEmail: boolean;
  items: { kind: string; inApp: true; email: boolean; digest: boolean }[];
}
interface Outbox {
  smtpConfigured: boolean;
  total: number;
  items: { kind: string; to: string; subject: string; body: string; state: string }[];
}

async function json<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

const checked = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('aria-checked');

describe('notification settings and the mail outbox', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('the commune officer chooses e-mail and digest per kind; kept after a reload and by the API; phone view', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'xa.iagrai');
    // Not an administrator: no outbox in the menu, and the page refuses.
    expect(await page.getByTestId('nav-mail-outbox').count()).toBe(0);
    expect((await page.request.get('/api/mail-outbox')).status()).toBe(403);

    await page.getByTestId('nav-account').first().click();
    await page.waitForURL(/\/account/);
    const card = page.getByTestId('notification-preferences');
    await card.getByTestId('pref-row-task.overdue').waitFor();
    const text = await card.innerText();
    expect(text).toContain('Nhiệm vụ trễ hạn');
    expect(text).toContain('Luôn bật');
    expect(text).toContain('xa.iagrai@demo.truongson.local');
    expect(await card.getByTestId('pref-no-email').count()).toBe(0);
    // Defaults: e-mail on, no digest.
    expect(await checked(page, 'pref-email-task.overdue')).toBe('true');
    expect(await checked(page, 'pref-digest-reminder.due_soon')).toBe('false');
    expect(await page.getByTestId('pref-save').isDisabled()).toBe(true);

    await page.getByTestId('pref-email-task.overdue').click();
    // With e-mail off the digest switch cannot be used.
    expect(await page.getByTestId('pref-digest-task.overdue').isDisabled()).toBe(true);
    await page.getByTestId('pref-digest-reminder.due_soon').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'notification-settings-0-edited');
    await page.getByTestId('pref-save').click();
    await page.locator('.ant-message-notice', { hasText: 'Đã lưu cài đặt thông báo' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'notification-settings-1-saved');

    await page.reload();
    await page.getByTestId('pref-row-task.overdue').waitFor();
    expect(await checked(page, 'pref-email-task.overdue')).toBe('false');
    expect(await checked(page, 'pref-digest-reminder.due_soon')).toBe('true');
    expect(await checked(page, 'pref-email-reminder.due_soon')).toBe('true');
    expect(await checked(page, 'pref-email-task.due_soon')).toBe('true');

    const prefs = await json<Preferences>(page, '/api/notification-preferences');
    expect(prefs.hasEmail).toBe(true);
    expect(prefs.items.find((i) => i.kind === 'task.overdue')).toMatchObject({ inApp: true, email: false, digest: false });
    expect(prefs.items.find((i) => i.kind === 'reminder.due_soon')).toMatchObject({ inApp: true, email: true, digest: true });
    expect(prefs.items.filter((i) => !i.email || i.digest)).toHaveLength(2);

    // A 360 px phone: one card per kind, switches labelled.
    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'xa.iagrai');
    await phone.goto('/account');
    const row = phone.getByTestId('pref-row-reminder.due_soon');
    await row.waitFor();
    expect(await row.innerText()).toContain('Gộp vào thư tổng hợp hằng ngày (07:00)');
    expect(await checked(phone, 'pref-digest-reminder.due_soon')).toBe('true');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The card's title just under the header (56 px).
    await phone.getByTestId('notification-preferences').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64));
    await screenshot(phone, 'notification-settings-2-phone-360', { fullPage: false });
    await phone.getByTestId('pref-row-task.overdue').scrollIntoViewIfNeeded();
    await screenshot(phone, 'notification-settings-3-phone-360-lower', { fullPage: false });
  });

  it('the administrator reads the reminder e-mails waiting in the outbox (no SMTP)', async () => {
    // Overdue tasks for Ia Grai and Kbang, made by the Gia Lai coordinator through the API.
    const { page: province } = await newPage(browser);
    await signIn(province, 'tinh.gialai');
    const me = await json<{ csrfToken: string }>(province, '/api/auth/me');
    for (const [commune, title] of [
      ['Ia Grai', TASK_IAGRAI],
      ['Kbang', TASK_KBANG],
    ] as const) {
      const units = await json<{ items: { id: string; fullName: string }[] }>(province, `/api/units?q=${encodeURIComponent(commune)}&hierarchy=2025&limit=5`);
      const unit = units.items.find((u) => u.fullName === `Xã ${commune}`)!;
      const res = await province.request.post('/api/tasks', {
        data: { title, leadUnitId: unit.id, startDate: vnDate(-15), dueDate: vnDate(-2), status: 'in_progress', progress: 30 },
        headers: { 'x-csrf-token': me.csrfToken, 'accept-language': 'vi' },
      });
      expect(res.status(), await res.text()).toBe(201);
    }

    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'admin');
    // The task job runs a moment after the tasks are made.
    await expect
      .poll(async () => (await json<Outbox>(page, '/api/mail-outbox?limit=500')).items.some((m) => m.subject.includes(TASK_KBANG)), POLL)
      .toBe(true);
    const outbox = await json<Outbox>(page, '/api/mail-outbox?limit=500');
    expect(outbox.smtpConfigured).toBe(false);
    const kbang = outbox.items.find((m) => m.subject.includes(TASK_KBANG))!;
    expect(kbang).toMatchObject({ kind: 'task.overdue', to: 'xa.kbang@demo.truongson.local', state: 'pending' });
    // The demo start's own reminders (demo tasks are due around the first start) wait too.
    expect(outbox.items.filter((m) => m.kind.startsWith('task.') && !m.subject.includes('(kiểm thử thông báo)')).length).toBeGreaterThan(0);
    // Ia Grai's officer turned e-mail off for overdue tasks: the bell only.
    expect(outbox.items.filter((m) => m.subject.includes(TASK_IAGRAI))).toEqual([]);

    await page.getByTestId('nav-mail-outbox').first().click();
    await page.waitForURL(/\/mail-outbox/);
    expect(await page.getByTestId('smtp-status').innerText()).toContain('Chưa cấu hình SMTP — thư được giữ ở đây để quản trị viên đọc, không bị bỏ');
    await page.getByTestId('mail-state-filter').getByText('Chờ gửi').click();
    await page.waitForURL(/state=pending/);
    const row = page.getByTestId('mail-row').filter({ hasText: TASK_KBANG });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain('xa.kbang@demo.truongson.local');
    expect(rowText).toContain('Nhiệm vụ trễ hạn');
    expect(rowText).toContain('Chờ gửi');
    expect(rowText).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const states = await page.getByTestId('mail-row').getByTestId('mail-state').allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['Chờ gửi']));
    await screenshot(page, 'mail-outbox-0-pending');
    await row.click();
    const details = page.getByTestId('mail-details').first();
    await details.waitFor();
    expect(await details.innerText()).toContain(`Nhiệm vụ "${TASK_KBANG}" do Xã Kbang chủ trì đã trễ hạn`);
    await screenshot(page, 'mail-outbox-1-expanded');

    // Nothing has failed or been sent without SMTP.
    await page.getByTestId('mail-state-filter').getByText('Đã gửi').click();
    await page.waitForURL(/state=sent/);
    await expect.poll(() => page.getByTestId('mail-total').innerText(), POLL).toBe('Tổng số: 0 thư');

    // The outbox on a phone (the same session: a second two-factor sign-in would wait for a fresh code).
    const phone = page;
    await phone.setViewportSize({ width: 360, height: 780 });
    await phone.goto('/mail-outbox');
    await phone.getByTestId('mail-row').filter({ hasText: TASK_KBANG }).click();
    await phone.getByTestId('mail-details').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(phone, 'mail-outbox-2-phone-360', { fullPage: false });
  });
});
