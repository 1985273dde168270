// The thematic map in the browser: the central officer opens "Bản đồ", sees the provinces
// coloured with a legend and Hoàng Sa / Trường Sa labelled, clicks Gia Lai and reads in
// the popup the value the analytics API gives for it, turns layers off and on (labels,
// bubbles) and clicks the province shape itself; the national administrator imports the
// official boundaries of Gia Lai (shared/data) through the screen — the folder as it is
// is refused with its report, then imported without the one unknown commune code — and
// the communes layer appears, its popup matching the API too. Screenshots at desktop
// width and 360 px.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addPeriods, periodContaining, periodLabel } from '../shared/src/engine/periods.ts';
import type { AnalyticsResponse } from '../shared/src/schemas/analytics.ts';
import { formatNumber } from '../web/src/lib/format.ts';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

const GEO_DIR = path.resolve(import.meta.dirname, '../../shared/data/geo-2025/52-gia-lai');
const DX = 'in:TL_HO_NGHEO_DTTS';
const SLOW = { timeout: 60_000, interval: 250 };
// The last quarter that has ended: the map's default period.
const PE = addPeriods(periodContaining('quarter', new Date()), -1);

/** The value of one unit in the analytics API (GET, as another system would ask), formatted as the popup shows it. */
async function apiValue(page: Page, ou: string, unitCode: string): Promise<string> {
  const res = await page.request.get(`/api/analytics?dx=${DX}&pe=${PE}&ou=${ou}&rows=ou&columns=dx&filters=pe`);
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as AnalyticsResponse;
  const unitId = Object.entries(body.metaData.ou).find(([, u]) => u.code === unitCode)?.[0];
  expect(unitId, `unit ${unitCode} in the answer`).toBeTruthy();
  const row = body.rows.find((r) => r.ou === unitId && r.dx === DX);
  expect(typeof row?.value, `a value for ${unitCode} in ${PE}`).toBe('number');
  const meta = body.metaData.dx[DX]!;
  return `${formatNumber(row!.value as number, 'vi', meta.decimals)}${meta.unitOfMeasure ? ` ${meta.unitOfMeasure}` : ''}`;
}

const labelCount = (page: Page, digits: number) => page.locator('[data-testid^="map-label-"]').evaluateAll((els, n) => els.filter((e) => (e as HTMLElement).dataset.testid!.length === 'map-label-'.length + n).length, digits);

describe('thematic map', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows the provinces with a legend; the popup value is the analytics value; layers toggle', async () => {
    const { page, context } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'trunguong');
    await page.getByTestId('nav-maps').first().click();
    await page.waitForURL(/\/analytics\/maps/);
    await page.getByTestId('map-legend').waitFor({ timeout: 60_000 });
    await page.goto(`/analytics/maps?dx=${DX}&pe=${PE}`);
    const legend = page.getByTestId('map-legend');
    await expect.poll(() => legend.innerText(), SLOW).toContain('Tỷ lệ hộ nghèo dân tộc thiểu số');
    expect(await legend.innerText()).toContain('Không có số liệu');
    await expect.poll(() => page.getByTestId('map-legend-row').count(), SLOW).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('map-layer-count').innerText()).toBe('Hiển thị 34 đơn vị');
    expect(await labelCount(page, 2)).toBe(34);
    // The archipelagos are always marked and labelled as Vietnamese territory.
    expect(await page.getByTestId('map-archipelago-48').innerText()).toBe('Quần đảo Hoàng Sa (Đà Nẵng)');
    expect(await page.getByTestId('map-archipelago-56').innerText()).toBe('Quần đảo Trường Sa (Khánh Hòa)');
    await expect.poll(() => page.getByTestId('map-archipelago-48').isVisible(), POLL).toBe(true);
    await screenshot(page, 'maps-1-provinces', { fullPage: false });

    // Gia Lai's popup shows what the analytics API says for Gia Lai.
    const expected = await apiValue(page, 'LEVEL-province', '52');
    const giaLaiLabel = page.getByTestId('map-label-52');
    await expect.poll(() => giaLaiLabel.innerText(), SLOW).toContain(expected.split(' ')[0]!);
    const where = (await giaLaiLabel.boundingBox())!;
    await giaLaiLabel.click();
    const popup = page.getByTestId('map-popup');
    await expect.poll(() => popup.getByTestId('map-popup-name').innerText(), POLL).toBe('Gia Lai');
    expect(await popup.getByTestId('map-popup-value').innerText()).toBe(expected);
    expect(await popup.getByTestId('map-popup-link').getAttribute('href')).toMatch(/^\/units\/\d+$/);
    await screenshot(page, 'maps-2-popup-gia-lai', { fullPage: false });

    // Labels off: the province names go, the archipelagos stay; the shape itself opens the popup.
    await page.getByTestId('map-layer-labels').click();
    await expect.poll(() => labelCount(page, 2), POLL).toBe(0);
    expect(await page.getByTestId('map-archipelago-56').count()).toBe(1);
    await page.mouse.click(where.x + where.width / 2, where.y + where.height / 2);
    await expect.poll(() => page.getByTestId('map-popup-name').innerText(), POLL).toBe('Gia Lai');
    expect(await page.getByTestId('map-popup-value').innerText()).toBe(expected);
    // Bubbles on.
    await page.getByTestId('map-layer-bubbles').click();
    await page.waitForURL(/layers=.*bubbles/);
    await screenshot(page, 'maps-3-layers', { fullPage: false });

    // Another period (what the slider sets) is read from the URL.
    await page.goto(`/analytics/maps?dx=${DX}&pe=${addPeriods(PE, -1)}`);
    await expect.poll(() => page.getByTestId('map-period').innerText(), SLOW).toBe(periodLabel(addPeriods(PE, -1), 'vi'));
    await context.close();
  });

  it('is usable at 360 px', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 780 });
    await signIn(page, 'trunguong');
    await page.goto(`/analytics/maps?dx=${DX}&pe=${PE}`);
    await page.getByTestId('map-legend').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('map-legend-row').count(), SLOW).toBeGreaterThanOrEqual(2);
    const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThan(300);
    expect(canvas.width).toBeLessThanOrEqual(360);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expect.poll(() => page.getByTestId('map-archipelago-56').isVisible(), POLL).toBe(true);
    await screenshot(page, 'maps-4-phone-360', { fullPage: false });
    await context.close();
  });

  it.skipIf(!fs.existsSync(GEO_DIR))('lets the administrator import the official boundaries of Gia Lai, and shows its communes', async () => {
    const { page, context } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, 'admin');
    await page.goto(`/analytics/maps?dx=${DX}&pe=${PE}`);
    await page.getByTestId('map-legend').waitFor({ timeout: 60_000 });
    await page.getByTestId('map-import-open').click();
    const files = [path.join(GEO_DIR, 'province.geojson'), ...fs.readdirSync(path.join(GEO_DIR, 'communes')).sort().map((f) => path.join(GEO_DIR, 'communes', f))];
    const input = page.locator('.ant-modal input[type=file]');

    // The folder as it is: one commune code (Ia Mơ 23938) is not in the units register; nothing is written.
    await input.setInputFiles(files);
    await expect.poll(() => page.getByTestId('boundary-import-files').innerText(), POLL).toContain('136 tệp');
    await page.getByTestId('boundary-import-run').click();
    const result = page.getByTestId('boundary-import-result');
    await expect.poll(() => result.innerText(), SLOW).toContain('Không ghi gì: có 1 lỗi');
    expect(await page.getByTestId('boundary-import-problems').innerText()).toContain('23938');
    await screenshot(page, 'maps-5-import-refused', { fullPage: false });

    await input.setInputFiles(files.filter((f) => !path.basename(f).startsWith('23938_')));
    await page.getByTestId('boundary-import-check').click();
    await expect.poll(() => result.innerText(), SLOW).toContain('Tệp hợp lệ: 135 đơn vị');
    await page.getByTestId('boundary-import-run').click();
    await expect.poll(() => result.innerText(), SLOW).toContain('Đã nhập ranh giới của 135 đơn vị');
    await page.keyboard.press('Escape');

    // The map moves to Gia Lai's communes.
    await page.waitForURL(/level=commune/);
    await expect.poll(() => page.getByTestId('map-layer-count').innerText(), SLOW).toBe('Hiển thị 134 xã có ranh giới');
    await expect.poll(() => labelCount(page, 5), SLOW).toBe(134);
    const provinceId = new URL(page.url()).searchParams.get('province')!;
    const expected = await apiValue(page, `CHILDREN-${provinceId}`, '23764');
    await expect.poll(() => page.getByTestId('map-legend-row').count(), SLOW).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'maps-6-communes-gia-lai', { fullPage: false });
    await page.getByTestId('map-label-23764').click({ force: true });
    await expect.poll(() => page.getByTestId('map-popup-name').innerText(), POLL).toBe('Ia Grai');
    expect(await page.getByTestId('map-popup-value').innerText()).toBe(expected);
    expect(await page.getByTestId('map-popup').innerText()).toContain('Ranh giới chính thức đã nhập');
    await screenshot(page, 'maps-7-commune-popup', { fullPage: false });
    await context.close();
  });
});
