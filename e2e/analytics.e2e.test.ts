// The Data Visualizer in the browser: the central officer opens "Phân tích", picks a demo
// indicator (share of 5-year-olds in preschool) for two years over the provinces, hides
// empty rows, drags the periods from columns to rows and back, moves the data to the
// filters from the keyboard menu, sorts, sees cells coloured against the 98 % target,
// drills from Gia Lai to its communes, downloads the XLSX (a figure in it equals the
// screen) and the CSV, switches to charts (column, gauge, PNG), saves it as a favourite
// shared with Gia Lai. Then the seeded national dashboard (items loading on their own,
// the period and unit filters) and a new dashboard built from the favourite, a text and
// the late units, dragged and saved. Screenshots at desktop width and 360 px.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, POLL, screenshot, signIn } from './browser.ts';

/** A national query takes a moment on a busy machine. */
const SLOW = { timeout: 120_000, interval: 250 };
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
const bodyRows = (page: Page) => page.getByTestId('pivot').locator('tbody tr');
/** "97,2" → 97.2 */
const vnNumber = (text: string) => Number(text.trim().replace(/\./g, '').replace(',', '.'));

async function pickOption(page: Page, select: string, typed: string, option: RegExp): Promise<void> {
  await page.getByTestId(select).click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('analytics (Data Visualizer) and dashboards', () => {
  let browser: Browser;
  let favouriteId = '';
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('builds a pivot, drags dimensions, drills down, exports and charts', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-analytics').first().click();
    await page.waitForURL(/\/analytics/);
    await page.getByTestId('an-empty').waitFor();

    // Data: one indicator, found without diacritics; periods: the years 2024 and 2025.
    await pickOption(page, 'pick-data', 'mau giao', /Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo/);
    await page.keyboard.press('Escape');
    await expect.poll(() => param(page, 'dx'), POLL).toBe('in:TL_TRE5_MAU_GIAO');
    const periods = page.getByTestId('pick-periods');
    // The default period goes (its tag's ×; again if the first click came before the tag was ready).
    const defaultTag = periods.locator('.ant-select-selection-item', { hasText: '4 quý gần nhất' });
    await expect
      .poll(async () => {
        if ((await defaultTag.count()) > 0) await defaultTag.locator('.ant-select-selection-item-remove').click();
        return param(page, 'pe');
      }, POLL)
      .toBe('');
    await pickOption(page, 'pick-periods', 'nam 2024', /^Năm 2024$/);
    await pickOption(page, 'pick-periods', 'nam 2025', /^Năm 2025$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => param(page, 'pe'), POLL).toBe('2024;2025');

    // Provinces down the side (the demo reports in two of them), years across.
    await expect.poll(() => bodyRows(page).count(), SLOW).toBe(35);
    await page.getByTestId('an-hide-empty').click();
    await expect.poll(() => bodyRows(page).count(), SLOW).toBe(3);
    const head = await page.getByTestId('pivot').locator('thead').innerText();
    expect(head).toContain('Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo');
    expect(head).toContain('Năm 2025');
    expect(await page.getByTestId('pivot-row-TOTAL').innerText()).toContain('Tổng cộng');
    // Vietnamese numbers with the indicator's decimal, coloured against the 98 % target of 2025.
    const gl2025 = page.getByTestId('pivot-row-52').locator('td').nth(1);
    expect(await gl2025.innerText()).toMatch(/^\d{1,3},\d$/);
    expect(await gl2025.getAttribute('class')).toMatch(/an-(near|below|meeting)/);
    await page.getByTestId('pivot-legend').waitFor();
    await screenshot(page, 'analytics-1-pivot');

    // Drag the periods from the columns into the rows: a subtotal per province.
    await page.getByTestId('dim-pe').dragTo(page.getByTestId('layout-rows'));
    await expect.poll(() => param(page, 'rows'), POLL).toBe('ou,pe');
    await page.getByTestId('pivot-row-52-2025').waitFor({ timeout: 60_000 });
    await page.getByTestId('pivot-row-52-TOTAL').waitFor();
    await screenshot(page, 'analytics-2-periods-in-rows');
    // …and from the rows back to the columns; the data to the filters from the chip's menu.
    await page.getByTestId('dim-pe').dragTo(page.getByTestId('layout-columns'));
    await expect.poll(() => param(page, 'columns'), POLL).toBe('dx,pe');
    await page.getByTestId('dim-menu-dx').click();
    await page.locator('.ant-dropdown:visible').getByText('Chuyển vào Bộ lọc').click();
    await expect.poll(() => param(page, 'filters'), POLL).toBe('dx');
    await expect.poll(() => page.getByTestId('an-filters').innerText(), SLOW).toContain('Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo');
    await page.getByTestId('pivot-col-2025').waitFor({ timeout: 60_000 });

    // Sort by 2025, highest first, then lowest first; the total stays last.
    const firstRow = () => bodyRows(page).first().getAttribute('data-testid');
    const glValue = vnNumber(await page.getByTestId('pivot-row-52').locator('td').nth(1).innerText());
    const other = bodyRows(page).filter({ hasNot: page.locator('[data-testid="pivot-drill-52"]') }).first();
    const otherValue = vnNumber(await other.locator('td').nth(1).innerText());
    await page.getByTestId('pivot-col-2025').click();
    await expect.poll(() => param(page, 'sort'), POLL).toBe('desc:2025');
    await expect.poll(firstRow, POLL).toBe(glValue >= otherValue ? 'pivot-row-52' : await other.getAttribute('data-testid'));
    await page.getByTestId('pivot-col-2025').click();
    await expect.poll(() => param(page, 'sort'), POLL).toBe('asc:2025');
    expect(await bodyRows(page).last().getAttribute('data-testid')).toBe('pivot-row-TOTAL');

    // Save it as a favourite and share it with Gia Lai.
    await page.getByTestId('fav-save').click();
    await page.getByTestId('fav-name').fill('Trẻ 5 tuổi đi học mẫu giáo theo tỉnh');
    await page.getByTestId('fav-name-ok').click();
    await expect.poll(() => param(page, 'fav') ?? '', POLL).toMatch(/^\d+$/);
    favouriteId = param(page, 'fav')!;
    await expect.poll(() => page.getByTestId('fav-current').innerText(), POLL).toContain('Trẻ 5 tuổi đi học mẫu giáo theo tỉnh');
    await page.getByTestId('fav-more').click();
    await page.locator('.ant-dropdown:visible').getByText('Chia sẻ').click();
    await pickOption(page, 'share-units', 'gia lai', /Tỉnh Gia Lai/);
    await page.getByTestId('share-save').click();
    const sharedUnits = async () => {
      const v = (await (await page.request.get(`/api/visualizations/${favouriteId}`)).json()) as { sharing: { units: { name: string }[] } | null; config: { options: { sort: unknown } } };
      return v.sharing?.units.map((u) => u.name) ?? [];
    };
    await expect.poll(sharedUnits, SLOW).toContain('Tỉnh Gia Lai');

    // Drill down from Gia Lai to its communes; the breadcrumb leads back.
    await page.getByTestId('pivot-drill-52').click();
    await expect.poll(() => param(page, 'ou') ?? '', POLL).toMatch(/^CHILDREN-\d+$/);
    await expect.poll(() => page.getByTestId('drill-path').innerText(), SLOW).toContain('Tỉnh Gia Lai');
    await expect.poll(() => bodyRows(page).count(), SLOW).toBeGreaterThan(50);
    expect(await page.getByTestId('pivot').locator('tbody').innerText()).toMatch(/Xã |Phường /);
    await screenshot(page, 'analytics-3-drilled', { fullPage: false });

    // The XLSX of what is shown: Gia Lai's total (the "Tổng" row) as on the screen.
    const screenTotal = await page.getByTestId('pivot-row-TOTAL').locator('td').nth(1).innerText();
    const href = await page.getByTestId('an-export-xlsx').getAttribute('href');
    expect(href).toContain('/api/analytics?');
    expect(href).toContain('format=xlsx');
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.body()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    let header: string[] = [];
    let totalRow: (number | null)[] = [];
    ws.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values.includes('Năm 2025')) header = values.map((v) => String(v ?? ''));
      if (values[0] === 'Tổng') totalRow = values.map((v) => (typeof v === 'number' ? v : null));
    });
    const col2025 = header.indexOf('Năm 2025');
    expect(col2025).toBeGreaterThan(0);
    expect(new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(totalRow[col2025]!)).toBe(screenTotal);
    expect(ws.views[0]).toMatchObject({ state: 'frozen' });
    const csv = await page.request.get((await page.getByTestId('an-export-csv').getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    const csvText = await csv.text();
    expect(csvText.split('\n')[0]).toContain('ou_name');
    expect(csvText).toMatch(/,(Xã|Phường) [^,]+,2025,Năm 2025,/);

    // Back to the provinces, then charts: columns with the target line, a gauge, a PNG.
    await page.getByTestId('drill-path').getByText('Lựa chọn ban đầu').click();
    await expect.poll(() => param(page, 'ou'), POLL).toBe('USER_ORGUNIT_CHILDREN');
    await page.getByTestId('an-view-chart').click();
    await expect.poll(() => param(page, 'view'), POLL).toBe('chart');
    await page.getByTestId('chart').locator('canvas').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('chart').getAttribute('aria-label')).toMatch(/Năm 2025: Tỉnh \S+.* \d+,\d/);
    await page.waitForTimeout(800); // the bars' animation
    await screenshot(page, 'analytics-4-chart');
    const download = page.waitForEvent('download');
    await page.getByTestId('an-export-png').click();
    expect((await download).suggestedFilename()).toMatch(/\.png$/);
    await pickOption(page, 'an-chart-type', 'dong ho', /Đồng hồ so với chỉ tiêu/);
    await expect.poll(() => param(page, 'chart'), POLL).toBe('gauge');
    await page.getByTestId('chart').locator('canvas').waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, 'analytics-5-gauge', { fullPage: false });

    // A phone: the same table, usable at 360 px (the page itself does not scroll sideways).
    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'trunguong');
    await phone.goto(page.url().replace('view=chart', 'view=table'));
    await expect.poll(() => bodyRows(phone).count(), SLOW).toBe(3);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(362);
    await screenshot(phone, 'analytics-6-phone');
  }, 480_000);
  it('opens the seeded dashboard, filters it, and arranges a new one with the favourite', async () => {
    const { page } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-dashboards').first().click();
    await page.waitForURL(/\/dashboards$/);
    const list = (await (await page.request.get('/api/dashboards')).json()) as { items: { id: string; name: string }[] };
    const national = list.items.find((d) => d.name === 'Chương trình 1719 — toàn quốc')!;
    expect(national, 'the seeded national dashboard').toBeTruthy();
    await page.getByTestId(`db-open-${national.id}`).click();
    await expect.poll(() => page.getByTestId('db-title').innerText(), POLL).toBe('Chương trình 1719 — toàn quốc');
    // Items load on their own: the first ones paint, then the rest as the page scrolls.
    const loaded = page.locator('[data-testid^="db-viz-"][data-loaded="true"]');
    await expect.poll(() => loaded.count(), SLOW).toBeGreaterThan(0);
    for (let y = 0; y < 3000; y += 400) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(150);
    }
    const all = await page.locator('[data-testid^="db-viz-"]').count();
    await expect.poll(() => loaded.count(), SLOW).toBe(all);
    const pivotText = await page.locator('[data-testid^="db-pivot-"]').first().innerText();
    expect(pivotText).toMatch(/\d,\d/);
    await page.getByTestId('db-late-units').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(800);
    await screenshot(page, 'dashboard-1-national');

    // Filters for the whole dashboard: the year 2025, then Gia Lai; every item asks again.
    await pickOption(page, 'db-filter-period', 'nam 2025', /^Năm 2025$/);
    await expect.poll(() => param(page, 'pe'), POLL).toBe('2025');
    await expect.poll(() => page.locator('[data-testid^="db-pivot-"]').first().locator('thead').innerText(), SLOW).toContain('Năm 2025');
    await pickOption(page, 'db-filter-unit', 'gia lai', /Tỉnh Gia Lai/);
    await expect.poll(() => param(page, 'ou') ?? '', POLL).toMatch(/^\d+$/);
    await expect.poll(() => loaded.count(), SLOW).toBeGreaterThan(0);
    await page.waitForTimeout(800);
    await screenshot(page, 'dashboard-2-filtered', { fullPage: false });

    // A new dashboard: the favourite saved above, a text, the late units; dragged and saved.
    await page.goto('/dashboards');
    await page.getByTestId('db-create').click();
    await page.getByTestId('db-name').fill('Theo dõi mẫu giáo');
    await page.getByTestId('db-name').press('Enter');
    await page.waitForURL(/\/dashboards\/\d+/);
    const dashboardId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('db-edit').click();
    await page.getByTestId('db-add').click();
    await page.locator('.ant-dropdown:visible').getByText('Bảng hoặc biểu đồ đã lưu').click();
    await pickOption(page, 'db-pick-favourite', 'mau giao', /Trẻ 5 tuổi đi học mẫu giáo theo tỉnh/);
    await page.getByTestId('db-item-item-1').waitFor();
    await page.getByTestId('db-add').click();
    await page.locator('.ant-dropdown:visible').getByText('Văn bản').click();
    await page.getByTestId('db-text-input').fill('Mục tiêu năm 2025: trên 98% trẻ 5 tuổi đi học mẫu giáo.');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await page.getByTestId('db-item-item-2').waitFor();
    await page.getByTestId('db-add').click();
    await page.locator('.ant-dropdown:visible').getByText('Danh sách đơn vị nộp muộn').click();
    await page.getByTestId('db-item-item-3').waitFor();
    // Drag the text beside the table (half the grid to the right).
    const handle = page.getByTestId('db-item-item-2').locator('.db-item-head');
    const box = (await handle.boundingBox())!;
    const grid = (await page.locator('.db-grid-box').boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 40 + grid.width / 4, box.y + box.height / 2, { steps: 8 });
    await page.mouse.move(box.x + 40 + grid.width / 2, box.y - 200, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId('db-save').click();
    await page.getByTestId('db-edit').waitFor();
    const saved = (await (await page.request.get(`/api/dashboards/${dashboardId}`)).json()) as { items: { id: string; type: string; x: number; y: number; visualization: { id: string } | null }[] };
    expect(saved.items.map((i) => i.type).sort()).toEqual(['late_units', 'text', 'visualization']);
    expect(saved.items.find((i) => i.type === 'visualization')?.visualization?.id).toBe(favouriteId);
    expect(saved.items.find((i) => i.type === 'text')).toMatchObject({ x: 6, y: 0 });
    await page.reload();
    await expect.poll(() => page.getByTestId('db-text-item-2').innerText(), SLOW).toContain('trên 98%');
    await expect.poll(() => page.locator('[data-testid="db-viz-item-1"][data-loaded="true"]').count(), SLOW).toBe(1);
    await page.waitForTimeout(500);
    await screenshot(page, 'dashboard-3-arranged');

    // A phone: the national dashboard's items stacked.
    const { page: phone } = await newPage(browser, { width: 360, height: 780 });
    await signIn(phone, 'trunguong');
    await phone.goto(`/dashboards/${national.id}`);
    await expect.poll(() => phone.locator('[data-testid^="db-viz-"][data-loaded="true"]').count(), SLOW).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(362);
    await phone.waitForTimeout(800);
    await screenshot(phone, 'dashboard-4-phone', { fullPage: false });
  }, 480_000);
});
