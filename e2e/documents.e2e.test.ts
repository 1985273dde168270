// Documents in the browser: Gia Lai's coordinator opens the consolidated report of the
// province, presses "Tải Word", changes the signer in the dialog and generates; the
// browser downloads a .docx whose title block, number and figures match the screen; the
// document is first in "Sổ văn bản" and downloads again from there. A template with an
// unknown name is refused with the name shown. Screenshots at desktop width and 360 px.
import path from 'node:path';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser } from 'playwright-core';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { periodContaining, previousPeriod } from '../shared/src/engine/periods.ts';
import { docxTables, docxText } from '../server/src/modules/documents/decree30/docx-read.ts';
import { launch, newPage, screenshot, signIn } from './browser.ts';

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

const SLOW = { timeout: 60_000, interval: 250 };

describe('documents', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('generates the consolidated report as Word from the report screen, downloads it and finds it in the register', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'tinh.gialai');
    const me = await json<{ assignments: { unit: { id: string } }[] }>(page.request, '/api/auth/me');
    const giaLai = me.assignments[0].unit.id;
    const forms = await json<{ items: { id: string; code: string }[] }>(page.request, '/api/forms');
    const formId = forms.items.find((f) => f.code === 'BM01_XA_QUY')!.id;

    const period = previousPeriod(periodContaining('quarter', new Date()));
    await page.goto(`/reports?form=${formId}&unit=${giaLai}&period=${period}`);
    const total = page.getByTestId('report-total');
    await expect.poll(() => total.innerText(), SLOW).toContain('Tỉnh Gia Lai');
    const report = await json<{ elements: { id: string; code: string }[]; rows: { values: Record<string, number | null> }[] }>(
      page.request,
      `/api/reports/consolidated?formId=${formId}&unitId=${giaLai}&period=${period}`,
    );
    const hh = report.elements.find((e) => e.code === 'HH_TOTAL')!;
    const onScreen = (await page.getByTestId(`report-total-${hh.id}`).innerText()).trim();

    await page.getByTestId('report-word').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByText('Thể thức văn bản').click();
    const number = page.getByTestId('document-number');
    await expect.poll(() => number.inputValue(), SLOW).toMatch(/^\d+\/BC-SDTTG$/);
    const expectedNumber = await number.inputValue();
    await dialog.getByLabel('Họ tên người ký').fill('Nguyễn Văn Bình');
    await screenshot(page, 'documents-1-dialog', { fullPage: false });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('document-generate').click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-tong-hop_BM01_XA_QUY_52_.*\.docx$/);
    const file = await download.path();
    await download.saveAs(path.join(process.cwd(), 'test-results', 'documents-report.docx')); // kept to look at
    const { readFile } = await import('node:fs/promises');
    const xml = new PizZip(await readFile(file)).file('word/document.xml')!.asText();
    const text = docxText(xml);
    for (const s of ['UBND TỈNH GIA LAI', 'SỞ DÂN TỘC VÀ TÔN GIÁO', `Số: ${expectedNumber}`, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'Nơi nhận:', 'Nguyễn Văn Bình']) {
      expect(text, s).toContain(s);
    }
    expect(text).toMatch(/Gia Lai, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    // The household total on the screen is the one in the Word table.
    const own = docxTables(xml)[1]!;
    const row = own.find((r) => r[1]?.startsWith('Tổng số hộ'))!;
    expect(row[3]).toBe(onScreen);
    await expect.poll(() => page.locator('.ant-message').innerText(), SLOW).toContain(`Đã tạo văn bản số ${expectedNumber}`);
    await screenshot(page, 'documents-2-report-after', { fullPage: false });

    // The register: the new document first, downloadable again.
    await page.getByTestId('nav-documents').first().click();
    await page.waitForURL(/\/documents/);
    const firstNumber = page.getByTestId('register-table').getByTestId('register-number').first();
    await expect.poll(() => firstNumber.innerText(), SLOW).toBe(expectedNumber);
    expect(await page.getByTestId('register-table').innerText()).toContain('Rơ Mah Hồng');
    await screenshot(page, 'documents-3-register');
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-download').first().click()]);
    expect(again.suggestedFilename()).toBe(download.suggestedFilename());

    // Search by words without accents.
    await page.getByTestId('register-search').locator('input').fill('bieu bao cao');
    await page.getByTestId('register-search').locator('input').press('Enter');
    await page.waitForURL(/q=bieu/);
    await expect.poll(() => firstNumber.innerText(), SLOW).toBe(expectedNumber);
  });

  it('refuses a template with an unknown name and shows the name; the register fits a phone', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'tinh.gialai');
    await page.goto('/documents/templates');
    await expect.poll(() => page.getByTestId('templates-table').innerText(), SLOW).toContain('Báo cáo nhanh số liệu quý');
    const bad = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('Kính gửi {unit.ten}, kỳ {period}')] })] }] }));
    await page.getByTestId('template-name').fill('Mẫu thử');
    await page.locator('input[type=file]').setInputFiles({ name: 'mau-thu.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: bad });
    await page.getByTestId('template-upload').click();
    const error = page.getByTestId('template-error');
    await expect.poll(() => error.innerText(), SLOW).toContain('unit.ten');
    expect(await error.innerText()).toContain('Mẫu dùng tên không có trong dữ liệu báo cáo');
    await screenshot(page, 'documents-4-template-refused');

    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'tinh.gialai');
    await phone.goto('/documents');
    await expect.poll(() => phone.getByTestId('register-number').count(), SLOW).toBeGreaterThan(0);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await screenshot(phone, 'documents-5-register-phone', { fullPage: false });
  });
});
