// Tasks in the browser. The e2e server runs on real time, so instead of moving a clock the
// Gia Lai coordinator assigns two tasks to the commune of Ia Grai: one due in two days
// (through the form) and one whose due day has passed (through the API). The commune
// officer finds the first under "Sắp đến hạn" and the second under "Trễ hạn", with their
// counts; the bell carries both reminders (the task job is nudged when a task is made);
// the officer opens the task from the bell and marks it done; the progress report is
// downloaded as Excel and, through the documents dialog, as Word (Decree 30 layout,
// numbered in the register), both opened again. Timeline and scores are shown.
// Screenshots at desktop width and 360 px.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { docxTables, docxText } from '../server/src/modules/documents/decree30/docx-read.ts';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const SOON = 'Nộp danh sách hộ cần hỗ trợ nước sinh hoạt (kiểm thử)';
const LATE = 'Báo cáo kết quả giải ngân vốn sự nghiệp (kiểm thử)';

const vnDate = (offsetDays: number) => new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

async function json<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

describe('tasks', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('a task for a commune shows in "sắp đến hạn", an overdue one in "trễ hạn", both in the bell; done from the task page; Excel report', async () => {
    // The coordinator assigns a task due in two days through the form.
    const { page: province } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(province, 'tinh.gialai');
    await province.getByTestId('nav-tasks').first().click();
    await province.waitForURL(/\/tasks/);
    await province.getByTestId('task-create').click();
    await province.getByTestId('task-title').fill(SOON);
    await province.locator('#leadUnitId').click();
    await province.keyboard.type('Ia Grai');
    await province.locator('.ant-select-item-option', { hasText: 'Xã Ia Grai' }).first().click();
    await province.locator('#leadUserId').click({ force: true });
    await province.locator('.ant-select-item-option', { hasText: "Siu H'Nhi" }).first().click();
    const start = province.locator('.ant-picker-range input').first();
    await start.click();
    await start.fill(dmy(vnDate(0)));
    await start.press('Enter');
    const end = province.locator('.ant-picker-range input').nth(1);
    await end.fill(dmy(vnDate(2)));
    await end.press('Enter');
    await screenshot(province, 'tasks-0-create-form');
    await province.getByTestId('task-save').click();
    await province.waitForURL(/\/tasks\/\d+$/);
    await expect.poll(() => province.getByTestId('task-title-heading').innerText(), POLL).toBe(SOON);
    expect(await province.getByTestId('task-facts').innerText()).toContain(dmy(vnDate(2)));
    await screenshot(province, 'tasks-1-created');

    // And one already overdue, through the API (start and due day in the past).
    const me = await json<{ csrfToken: string }>(province, '/api/auth/me');
    const units = await json<{ items: { id: string; fullName: string }[] }>(province, '/api/units?q=Ia%20Grai&hierarchy=2025&limit=5');
    const iaGrai = units.items.find((u) => u.fullName === 'Xã Ia Grai')!;
    const late = await province.request.post('/api/tasks', {
      data: { title: LATE, leadUnitId: iaGrai.id, startDate: vnDate(-20), dueDate: vnDate(-3), status: 'in_progress', progress: 40 },
      headers: { 'x-csrf-token': me.csrfToken, 'accept-language': 'vi' },
    });
    expect(late.status(), await late.text()).toBe(201);
    const lateId = ((await late.json()) as { id: string }).id;

    // The commune officer: due soon and overdue lists, with counts.
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'xa.iagrai');
    await page.getByTestId('nav-tasks').first().click();
    await page.waitForURL(/\/tasks/);
    await page.getByTestId('tasks-view-due_soon').click();
    await page.waitForURL(/view=due_soon/);
    await expect.poll(() => page.getByTestId('task-list').innerText(), POLL).toSatisfy((text: string) => text.includes(SOON) && !text.includes(LATE));
    expect(await page.getByTestId('task-list').innerText()).toContain('Còn 2 ngày');
    await screenshot(page, 'tasks-2-due-soon');
    await page.getByTestId('tasks-view-overdue').click();
    await page.waitForURL(/view=overdue/);
    await expect.poll(() => page.getByTestId('task-list').innerText(), POLL).toSatisfy((text: string) => text.includes(LATE) && !text.includes(SOON));
    expect(await page.getByTestId('task-list').innerText()).toContain('Trễ 3 ngày');
    await screenshot(page, 'tasks-3-overdue');

    // The bell: both reminders, made by the task job within seconds.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('notification-bell').click();
          const text = await page.getByTestId('notification-list').innerText();
          await page.keyboard.press('Escape');
          return text;
        },
        { timeout: 40_000, interval: 2_000 },
      )
      .toSatisfy((text: string) => text.includes(SOON) && text.includes(LATE));
    await page.getByTestId('notification-bell').click();
    const bell = await page.getByTestId('notification-list').innerText();
    expect(bell).toContain(`Nhiệm vụ sắp đến hạn (${dmy(vnDate(2))}): ${SOON}`);
    expect(bell).toContain(`Nhiệm vụ trễ hạn (hạn ngày ${dmy(vnDate(-3))}): ${LATE}`);
    await screenshot(page, 'tasks-4-bell', { fullPage: false });

    // From the bell to the task; the officer marks it done.
    await page.getByTestId('notification-item').filter({ hasText: SOON }).first().click();
    await page.waitForURL(/\/tasks\/\d+$/);
    await page.getByTestId('task-mark-done').click();
    await expect.poll(() => page.getByTestId('task-title-heading').locator('..').locator('..').innerText(), POLL).toContain('Hoàn thành');
    await screenshot(page, 'tasks-5-done');
    expect((await json<{ status: string }>(page, `/api/tasks/${lateId}`)).status).toBe('in_progress');

    // On a phone.
    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'xa.iagrai');
    await phone.goto('/tasks?view=overdue');
    await expect.poll(() => phone.getByTestId('task-list').innerText(), POLL).toContain(LATE);
    await screenshot(phone, 'tasks-6-phone-overdue');
    await phone.goto(`/tasks/${lateId}`);
    await phone.getByTestId('task-facts').waitFor();
    await screenshot(phone, 'tasks-7-phone-task');

    // The progress report, downloaded from the export dialog and opened again.
    await province.goto('/tasks?view=all');
    await province.getByTestId('tasks-export').click();
    // The coordinator's province by default.
    await expect.poll(() => province.locator('.ant-modal').innerText(), POLL).toContain('Gia Lai');
    await screenshot(province, 'tasks-8-export');
    const [download] = await Promise.all([province.waitForEvent('download'), province.getByTestId('tasks-export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-tien-do-nhiem-vu_52_\d{4}-01-01_\d{4}-12-31\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const titles = wb.worksheets[0]!.getColumn(2).values.map(String);
    expect(titles).toContain(SOON);
    expect(titles).toContain(LATE);

    // The same report as Word: the documents dialog over the export dialog, numbered by the register.
    await province.getByTestId('tasks-export-word').click();
    const dialog = province.locator('.ant-modal').filter({ hasText: 'Thể thức văn bản' });
    await dialog.getByText('Thể thức văn bản').click();
    const number = province.getByTestId('document-number');
    await expect.poll(() => number.inputValue(), POLL).toMatch(/^\d+\/BC-SDTTG$/);
    const expectedNumber = await number.inputValue();
    await screenshot(province, 'tasks-8b-word-dialog', { fullPage: false });
    const [word] = await Promise.all([province.waitForEvent('download'), province.getByTestId('document-generate').click()]);
    expect(word.suggestedFilename()).toMatch(/^bao-cao-tien-do-nhiem-vu_52_\d{4}-01-01_\d{4}-12-31_so-\d+-\d{4}\.docx$/);
    await word.saveAs(path.join(process.cwd(), 'test-results', 'tasks-progress-report.docx')); // kept to look at
    const xml = new PizZip(await readFile((await word.path())!)).file('word/document.xml')!.asText();
    const text = docxText(xml);
    for (const s of ['UBND TỈNH GIA LAI', 'SỞ DÂN TỘC VÀ TÔN GIÁO', `Số: ${expectedNumber}`, 'BÁO CÁO', 'Tiến độ thực hiện nhiệm vụ từ ngày 01/01/', 'I. TỔNG HỢP CHUNG']) expect(text, s).toContain(s);
    const tasks = docxTables(xml)[2]!;
    expect(tasks.find((r) => r[1] === SOON)?.[5]).toBe('Hoàn thành');
    expect(tasks.find((r) => r[1] === LATE)?.slice(5, 7)).toEqual(['Đang thực hiện', '40']);
    await expect.poll(() => province.locator('.ant-message').innerText(), POLL).toContain(`Đã tạo văn bản số ${expectedNumber}`);

    await province.goto('/tasks/timeline');
    await expect.poll(() => province.getByTestId('timeline-bar').count(), POLL).toBeGreaterThan(2);
    await screenshot(province, 'tasks-9-timeline');
    await province.goto('/tasks/scores');
    await expect.poll(() => province.getByTestId('task-scores').innerText(), POLL).toContain('Ia Grai');
    await screenshot(province, 'tasks-10-scores');
    await province.goto('/tasks/plans');
    await expect.poll(() => province.getByTestId('recurrence-list').innerText(), POLL).toContain('trước 15/12');
    await screenshot(province, 'tasks-11-plans');
  });
});
