// A commune officer signs in and sees only their own commune; the navigation shows
// only what they may use; the screen works at 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

describe('commune officer', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('signs in and sees only Xã Ia Grai, without administration menus', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'xa.iagrai');
    await expect.poll(() => page.getByTestId('home-assignments').innerText(), POLL).toContain('Xã Ia Grai');
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await screenshot(page, 'commune-home');

    await page.getByTestId('nav-units').first().click();
    const tree = page.getByTestId('units-tree');
    await expect.poll(() => tree.innerText(), POLL).toContain('Xã Ia Grai');
    expect(await tree.innerText()).not.toContain('Tỉnh Gia Lai');
    expect(await tree.innerText()).not.toContain('Quảng Ngãi');
    await screenshot(page, 'commune-units');

    // Another province's commune is not reachable by URL either.
    const other = await page.request.get('/api/units?q=son%20tay');
    const found = (await other.json()) as { items: { fullName: string }[] };
    expect(found.items.map((u) => u.fullName)).not.toContain('Xã Sơn Tây');
    await context.close();
  });

  it('is usable on a 360 px phone', async () => {
    const { page, context } = await newPage(browser, { width: 360, height: 740 });
    await signIn(page, 'xa.iagrai');
    await expect.poll(() => page.getByTestId('home-assignments').innerText(), POLL).toContain('Xã Ia Grai');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'commune-home-360');
    await context.close();
  });
});
