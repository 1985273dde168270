// Investment works in the browser: the Ia Grai commune officer opens "Công trình đầu tư"
// (demo works of the commune with their rate against the plan), adds a work, picks its
// point on the map, records this year's capital and monthly disbursement and sees the
// curve against the plan; imports the provinces' sheet (dry run, then written); the Gia
// Lai coordinator reads the report by province and the works map; a 360 px phone shows
// the list and the work. Screenshots under test-results/screenshots/investments-*.
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorksWorkbook } from '../server/src/modules/investments/investment-sheet.ts';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const vnToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

describe('investment works', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('adds a work with its point, records disbursement and sees the curve', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'xa.iagrai');
    await page.getByTestId('nav-investments').first().click();
    await page.waitForURL(/\/investments/);
    await page.getByTestId('investments-table').waitFor();
    await expect.poll(() => page.getByTestId('investments-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(2);
    expect(await page.getByTestId('investments-totals').innerText()).toMatch(/Kế hoạch vốn giao \(triệu đồng\)\s*[\d.]+(,\d)?/);
    await screenshot(page, 'investments-1-list');

    // A new work, its point picked on the map.
    await page.getByTestId('investments-new').click();
    await page.getByTestId('work-name').fill('Đường nội đồng làng Dút, xã Ia Grai');
    await page.getByTestId('work-unit').click();
    await page.keyboard.type('ia grai');
    await page.getByRole('option', { name: /Xã Ia Grai/ }).click();
    await page.getByTestId('work-investor').fill('UBND xã Ia Grai');
    const map = page.getByTestId('work-map');
    await map.locator('canvas').waitFor();
    // The map centres on the commune's works; wait for it to settle, then click near the middle.
    await page.waitForTimeout(1200);
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.45);
    await expect.poll(() => page.locator('.ant-form-item-extra', { hasText: 'Kinh độ' }).count(), POLL).toBe(1);
    expect(await page.locator('.ant-form-item-extra', { hasText: 'Kinh độ' }).innerText()).toMatch(/Kinh độ 10[78],\d+, vĩ độ 1[34],\d+/);
    await screenshot(page, 'investments-2-new-work');
    await page.getByTestId('work-submit').click();
    await page.waitForURL(/\/investments\/\d+/);
    await page.getByTestId('work-title').waitFor();
    expect(await page.getByTestId('work-title').innerText()).toBe('Đường nội đồng làng Dút, xã Ia Grai');
    await page.getByTestId('work-detail-map').locator('canvas').waitFor();

    // Capital of this year and two months of disbursement.
    const today = vnToday();
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const m1 = `${year}-${String(Math.max(1, month - 1)).padStart(2, '0')}`;
    const m2 = `${year}-${String(month).padStart(2, '0')}`;
    await page.getByTestId('work-capital-edit').click();
    // antd puts the test id on the <input> of an InputNumber.
    await page.locator('input[data-testid="capital-allocated-0"]').fill('2000');
    await page.locator(`input[data-testid="capital-month-0-${m1}"]`).fill('300');
    await page.locator(`input[data-testid="capital-month-0-${m2}"]`).fill('450');
    await screenshot(page, 'investments-3-capital');
    await page.getByTestId('capital-save').click();
    await expect.poll(() => page.getByTestId('work-disbursed').innerText(), POLL).toBe('750');
    expect(await page.getByTestId('work-allocated').innerText()).toBe('2.000');
    expect(await page.getByTestId('work-rate').innerText()).toContain('37,5 %');
    await page.getByTestId('work-curve').locator('svg path[stroke="#1971c2"]').first().waitFor();
    expect(await page.getByTestId('work-milestones').innerText()).toContain(`30/06/${year}: 30 %`);
    await screenshot(page, 'investments-4-work-curve');

    // The API agrees: the point is set and the curve has the two months.
    const id = page.url().match(/investments\/(\d+)/)![1];
    const detail = (await (await page.request.get(`/api/investments/works/${id}`)).json()) as { location: [number, number] | null; curve: { month: string; amount: number }[] };
    expect(detail.location).not.toBeNull();
    expect(detail.curve.filter((p) => p.amount > 0).map((p) => p.month)).toEqual(m1 === m2 ? [m2] : [m1, m2]);
  });

  it('imports the provinces’ sheet with a dry run first', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'tinh.gialai');
    await page.goto('/investments');
    await page.getByTestId('investments-import').click();
    const today = vnToday();
    const year = Number(today.slice(0, 4));
    const file = await buildWorksWorkbook({
      year,
      asOf: today,
      agency: 'UBND tỉnh Gia Lai',
      examples: [
        { name: 'Nhà văn hóa làng Plei Thơh Ga', program: 'DA4.TDA1', commune: '23722', investor: 'UBND xã Chư Păh', period: `${year}`, total: 1200, planCentral: 1000, planLocal: 100, disbCentral: 600, disbLocal: 40, progress: 55 },
        { name: 'Đường vào khu sản xuất làng Ia Kênh', program: 'Dự án 4 - Tiểu dự án 1', commune: 'Xã Ia Ly', investor: 'UBND xã Ia Ly', period: `${year}-${year + 1}`, total: 3000, planCentral: 1500, planLocal: 150, disbCentral: 300, disbLocal: 0, progress: 20 },
      ],
    });
    // Sanity: the file the province sends has the merged headers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0]!.getCell('I4').value).toBe(`Kế hoạch vốn năm ${year}`);
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'danh-muc-cong-trinh.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.getByTestId('works-import-check').click();
    await page.getByTestId('works-import-preview').waitFor();
    expect(await page.getByTestId('works-import-preview').innerText()).toContain('Tệp hợp lệ: 2 công trình');
    await screenshot(page, 'investments-5-import-check');
    await page.getByTestId('works-import-confirm').click();
    await page.getByTestId('works-import-result').waitFor();
    await screenshot(page, 'investments-6-import-done');
    await page.getByTestId('works-import-close').click();
    await page.getByTestId('investments-search').locator('input').fill('Plei Thơh Ga');
    await expect.poll(() => page.getByTestId('investments-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(1);

    // The report by province and the works map.
    await page.goto(`/investments/reports?by=province&year=${year}`);
    await page.getByTestId('investments-report-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('investments-report-table').innerText()).toContain('Gia Lai');
    await screenshot(page, 'investments-7-report');
    const xlsx = await page.request.get(`/api/investments/reports.xlsx?by=province&year=${year}`);
    expect(xlsx.status()).toBe(200);
    await page.goto('/investments');
    await page.getByTestId('investments-view').getByText('Bản đồ').click();
    await page.getByTestId('investments-map').locator('canvas').waitFor();
    await page.waitForTimeout(1500);
    await screenshot(page, 'investments-8-map');

    // The same works as a layer of the thematic map (analytics), over the province boundaries.
    await page.goto(`/analytics/maps?layers=boundaries,labels,works&pe=${year}&pt=year`);
    await page.getByTestId('map-works-legend').waitFor();
    await expect.poll(() => page.getByTestId('map-works-legend').innerText(), POLL).toMatch(/Công trình đầu tư năm \d{4} \(1[0-9] điểm\)/);
    expect(await page.getByTestId('map-layer-works').isChecked()).toBe(true);
    await page.waitForTimeout(1500);
    await screenshot(page, 'investments-9-analytics-map-layer');
  });

  it('works on a 360 px phone', async () => {
    const { page } = await newPage(browser, { width: 360, height: 780 });
    await signIn(page, 'xa.iagrai');
    await page.goto('/investments');
    await page.locator('.ts-work-card').first().waitFor();
    await screenshot(page, 'investments-10-phone-list');
    await page.locator('.ts-work-card').first().click();
    await page.getByTestId('work-title').waitFor();
    await page.getByTestId('work-curve').locator('svg path[stroke="#1971c2"]').first().waitFor();
    await screenshot(page, 'investments-11-phone-work');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(362);
  });
});
