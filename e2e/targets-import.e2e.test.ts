// Targets imported from Excel in the browser (the shared dry-run import dialog): the Gia
// Lai coordinator opens "Chỉ tiêu", picks a sheet with bad rows — every rejected row is
// listed by its spreadsheet row, nothing can be written — then a clean sheet, checks it
// and writes it; the targets are then there. Screenshots under
// test-results/screenshots/targets-import-*.
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Mục tiêu');
  ws.addRow(['Mã chỉ số', 'Mã đơn vị', 'Kỳ', 'Giá trị mục tiêu', 'Ghi chú']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('targets import', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('lists every rejected row of a bad sheet, then writes a clean one after its check', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'tinh.gialai');
    await page.goto('/catalog/targets');
    await page.getByTestId('targets-import').click();
    const input = page.locator('.ant-modal input[type=file]');

    await input.setInputFiles({ name: 'muc-tieu-loi.xlsx', mimeType: XLSX, buffer: await sheet([['TL_BHYT', '52', '2031', 96.5, ''], ['TL_KHONG_CO', '52', '2031', 50, ''], ['TL_BHYT', '51', '2031', 90, '']]) });
    await page.getByTestId('targets-import-check').click();
    const rejected = page.getByTestId('targets-import-rejected');
    await expect.poll(() => rejected.innerText(), POLL).toContain('TL_KHONG_CO');
    expect(await page.locator('.ant-modal .ant-alert-error').innerText()).toContain('Có 2 lỗi. Sửa tệp rồi chọn lại.');
    await expect.poll(() => page.getByTestId('targets-import-confirm').isDisabled(), POLL).toBe(true);
    await screenshot(page, 'targets-import-1-rejected');

    // Another file: the previous check is forgotten; this one is clean and can be written.
    await input.setInputFiles({ name: 'muc-tieu.xlsx', mimeType: XLSX, buffer: await sheet([['TL_BHYT', '52', '2031', '96,5', 'Nghị quyết HĐND tỉnh'], ['TL_KHAM_THAI', '52', '2031', 92, '']]) });
    await expect.poll(() => page.getByTestId('targets-import-check').isVisible(), POLL).toBe(true);
    await page.getByTestId('targets-import-check').click();
    await expect.poll(() => page.getByTestId('targets-import-confirm').isEnabled(), POLL).toBe(true);
    await page.getByTestId('targets-import-confirm').click();
    await page.getByTestId('targets-import-close').waitFor();
    await screenshot(page, 'targets-import-2-written');
    await page.getByTestId('targets-import-close').click();

    const written = await page.evaluate(async () => (await (await fetch('/api/catalog/targets?period=2031')).json()) as { items: { value: number; indicatorCode?: string }[] });
    expect(written.items.map((x) => x.value).sort()).toEqual([92, 96.5]);
  });
});
