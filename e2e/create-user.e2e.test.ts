// An administrator creates a user, who signs in, is forced to change the initial
// password and, holding an administrator role, must enrol two-factor before anything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { totpCode } from '../server/src/modules/auth/totp.ts';
import { POLL, launch, newPage, screenshot, signIn } from './browser.ts';

describe('user administration', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('a provincial administrator creates a user who changes the password and enrols TOTP', async () => {
    const admin = await newPage(browser);
    await signIn(admin.page, 'admin.gialai');
    await admin.page.getByTestId('nav-users').first().click();
    await admin.page.getByTestId('create-user').click();
    await admin.page.getByTestId('user-form-username').fill('qt.iagrai');
    await admin.page.getByTestId('user-form-name').fill('Ksor Y Phước');
    await admin.page.getByTestId('user-form-password').fill('Khoi-tao-Ia-Grai-2026');
    await admin.page.getByTestId('user-form-role').click();
    await admin.page.getByRole('option', { name: 'Quản trị hệ thống' }).click();
    await admin.page.getByTestId('user-form-unit').click();
    await admin.page.keyboard.type('ia grai');
    await admin.page.getByRole('option', { name: /Xã Ia Grai/ }).click();
    await screenshot(admin.page, 'admin-create-user-form');
    await admin.page.getByTestId('user-form-submit').click();
    await admin.page.getByText('qt.iagrai').first().waitFor();
    await screenshot(admin.page, 'admin-users-list');
    await admin.context.close();

    const user = await newPage(browser);
    await user.page.goto('/login');
    await user.page.getByTestId('login-username').fill('qt.iagrai');
    await user.page.getByTestId('login-password').fill('Khoi-tao-Ia-Grai-2026');
    await user.page.getByTestId('login-submit').click();

    await user.page.getByTestId('current-password').fill('Khoi-tao-Ia-Grai-2026');
    await user.page.getByTestId('new-password').fill('12345');
    await user.page.getByTestId('password-submit').click();
    await user.page.getByText(/ít nhất 10 ký tự/).first().waitFor();
    await screenshot(user.page, 'forced-password-change-error');
    await user.page.getByTestId('new-password').fill('Bien-Ho-Pleiku-mua-xuan-26');
    await user.page.getByTestId('password-submit').click();

    const secret = (await user.page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot(user.page, 'totp-enrol');
    await user.page.getByTestId('totp-code').fill(totpCode(secret, new Date()));
    await user.page.getByTestId('totp-submit').click();
    await expect.poll(() => user.page.getByTestId('home-assignments').innerText(), POLL).toContain('Xã Ia Grai');
    await screenshot(user.page, 'new-user-home');
    await user.context.close();
  });
});
