/// <reference lib="dom" />
/**
 * The web app in real Chromium against the real server: first-run setup, sign-in with password
 * and TOTP (after enrolling it from the QR page), the keyboard-first counter in English and Hindi,
 * the back-office pages, a cashier whose name carries an HTML/script payload (rendered as text),
 * a cashier refused admin pages and their APIs, an injected inline script blocked by the CSP, and
 * a session that ends mid-work (sign in again over the screen; what was on it stays).
 * Screenshots of every screen go to test-artifacts/screenshots/.
 */
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import {
  buildWebApp,
  expectCashierRefused,
  fillShopDetails,
  launchChromium,
  screenshot,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';

const OWNER = {
  name: 'Test Owner',
  email: 'owner@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};
const CASHIER = {
  // An HTML/script payload as a display name: it must show as text and never run.
  name: '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>Test Cashier',
  email: 'cashier@example.test',
  password: 'copper kettle 4821 river lantern',
};

describe('web app in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let owner: Page;
  let cashier: Page;
  let totpSecret = '';
  let recoveryCodes: string[] = [];
  let inviteLink = '';

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    ownerContext = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 768 },
      locale: 'en-IN',
      timezoneId: 'UTC',
    });
    owner = await ownerContext.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  const url = (path: string) => `${server.origin}${path}`;

  it('first run: the setup link creates the business and the owner, then leads to sign-in', async () => {
    await owner.goto(server.setupLink);
    await fillShopDetails(owner);
    await owner.getByLabel('Your name').fill(OWNER.name);
    await owner.getByLabel('Your email').fill(OWNER.email);
    await owner.getByLabel(/^Password/).fill(OWNER.password);
    await screenshot(owner, 'setup');
    await owner.getByRole('button', { name: 'Create business' }).click();
    await owner.waitForURL(url('/sign-in'));
    await expect.poll(() => owner.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await screenshot(owner, 'sign-in');
  });

  it('signs in with a password, enrols TOTP from the QR code and shows the recovery codes once', async () => {
    await owner.getByLabel('Email').fill(OWNER.email);
    await owner.getByLabel('Password').fill(OWNER.password);
    await owner.getByRole('button', { name: 'Sign in', exact: true }).click();
    await owner.waitForURL(url('/mfa'));
    const qr = owner.getByRole('img', { name: 'QR code for the authenticator app' });
    await qr.waitFor();
    // The QR image (a data: URL) loads under the CSP.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    totpSecret = ((await owner.getByTestId('totp-key').textContent()) ?? '').replace(/\s/g, '');
    expect(totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(owner, 'mfa-enrol');
    await owner.getByLabel('Code shown by the app').fill(totpCodeAt(totpSecret, new Date()));
    await owner.getByRole('button', { name: 'Turn on' }).click();
    const list = owner.getByTestId('recovery-codes');
    await list.waitFor();
    recoveryCodes = (await list.locator('code').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await screenshot(owner, 'recovery-codes');
    const next = owner.getByRole('button', { name: 'Continue' });
    expect(await next.isDisabled()).toBe(true);
    await owner.getByLabel('I have kept these codes safe').check();
    await next.click();
    await owner.waitForURL(url('/counter'));
  });

  it('signs out, then signs in with the password and a TOTP code', async () => {
    await owner.getByRole('button', { name: 'Sign out' }).click();
    await owner.waitForURL(url('/sign-in'));
    await owner.getByLabel('Email').fill(OWNER.email);
    await owner.getByLabel('Password').fill(OWNER.password);
    await owner.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Each code works once: the enrolment used the current step, so this is the next one.
    await owner
      .getByLabel('Code from your authenticator app')
      .fill(totpCodeAt(totpSecret, new Date(Date.now() + 30_000)));
    await screenshot(owner, 'second-factor');
    await owner.getByRole('button', { name: 'Verify' }).click();
    await owner.waitForURL(url('/counter'));
    expect(await owner.getByTestId('who').textContent()).toBe(OWNER.name);
  });

  it('counter: the scan box has focus, Enter looks the code up, F2 returns; fully in Hindi on request', async () => {
    const scan = owner.getByLabel('Scan or type a barcode');
    await expect.poll(() => scan.evaluate((el) => el === document.activeElement)).toBe(true);
    await owner.keyboard.type('8901234567890');
    await owner.keyboard.press('Enter');
    await expect
      .poll(() => owner.getByTestId('counter-message').textContent())
      .toBe('No item with code 8901234567890');
    expect(await scan.inputValue()).toBe('');
    await owner.getByRole('link', { name: 'My account' }).focus();
    await owner.keyboard.press('F2');
    expect(await scan.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(owner, 'counter');

    await owner.getByLabel('Language').selectOption('hi');
    await owner.getByRole('heading', { name: 'बिलिंग काउंटर' }).waitFor();
    expect(await owner.evaluate(() => document.documentElement.lang)).toBe('hi');
    expect(await owner.getByLabel('बारकोड स्कैन करें या टाइप करें').isVisible()).toBe(true);
    expect(await owner.getByTestId('counter-message').textContent()).toBe(
      'कोड 8901234567890 का कोई सामान नहीं मिला',
    );
    await screenshot(owner, 'counter-hindi');
    await owner.setViewportSize({ width: 820, height: 1180 });
    await screenshot(owner, 'counter-hindi-tablet');
    await owner.setViewportSize({ width: 1366, height: 768 });
    await owner.getByLabel('भाषा').selectOption('en');
    await owner.getByRole('heading', { name: 'Counter' }).waitFor();
  });

  it('back office: dashboard, roles, settings, keys (rotate with progress) and my account', async () => {
    await owner.getByRole('link', { name: 'Dashboard' }).click();
    await owner.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await owner.getByText('Two-step sign-in is on.').waitFor();
    await screenshot(owner, 'dashboard');

    await owner.getByRole('link', { name: 'Roles' }).click();
    await owner
      .getByRole('cell', { name: 'Cashier' })
      .or(owner.getByRole('rowheader', { name: 'Cashier' }))
      .first()
      .waitFor();
    await screenshot(owner, 'roles');

    await owner.getByRole('link', { name: 'Settings' }).click();
    await owner.getByLabel('Minimum password length').waitFor();
    await owner
      .getByRole('rowheader', { name: 'Main Store' })
      .or(owner.getByText('24AAQCA8719H1ZC'))
      .first()
      .waitFor();
    await screenshot(owner, 'settings');

    await owner.getByRole('link', { name: 'Keys' }).click();
    const staffRow = owner.getByRole('row').filter({ hasText: 'Staff data' }).filter({ hasText: 'Active' });
    await staffRow.getByRole('button', { name: 'Rotate' }).click();
    await owner
      .locator(
        '[data-testid="rotation-status"][data-status="retiring"], [data-testid="rotation-status"][data-status="completed"]',
      )
      .waitFor({ timeout: 20_000 });
    // The owner's email and name were re-encrypted under the new version.
    expect(await owner.getByTestId('rotation-status').textContent()).toContain('All 2 values of Staff data');
    expect(await owner.getByRole('row').filter({ hasText: 'Staff data' }).count()).toBe(2);
    await screenshot(owner, 'keys');

    await owner.getByRole('link', { name: 'My account' }).click();
    await owner.getByTestId('sessions-table').getByText('This session').waitFor();
    await screenshot(owner, 'account');
  });

  it('invites a cashier; a name holding HTML and a script renders as text and never runs', async () => {
    await owner.getByRole('link', { name: 'Users' }).click();
    await owner.getByLabel('Their email').fill(CASHIER.email);
    await owner.getByLabel('Role').selectOption('cashier');
    await owner.getByRole('button', { name: 'Create invite link' }).click();
    inviteLink = await owner.getByTestId('invite-link').inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${server.origin}/accept-invite#token=tji_`));
    await screenshot(owner, 'users-invite');

    const cashierContext = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 768 },
    });
    cashier = await cashierContext.newPage();
    await cashier.goto(inviteLink);
    await cashier.getByLabel('Your name').fill(CASHIER.name);
    // The token leaves the address bar at once (it stays out of history).
    expect(cashier.url()).toBe(url('/accept-invite'));
    await cashier.getByLabel('Email').fill(CASHIER.email);
    await cashier.getByLabel('Choose a password').fill(CASHIER.password);
    await cashier.getByRole('button', { name: 'Create my account' }).click();
    await cashier.getByText('Your account is ready.').waitFor();
    await cashier.getByRole('link', { name: 'Sign in' }).click();
    await cashier.getByLabel('Email').fill(CASHIER.email);
    await cashier.getByLabel('Password').fill(CASHIER.password);
    await cashier.getByRole('button', { name: 'Sign in', exact: true }).click();
    await cashier.waitForURL(url('/counter'));
    const who = cashier.getByTestId('who');
    expect(await who.textContent()).toBe(CASHIER.name);
    expect(await who.locator('img, script').count()).toBe(0);

    await owner.reload();
    const cell = owner.getByTestId('user-name').filter({ hasText: 'Test Cashier' });
    expect(await cell.textContent()).toBe(CASHIER.name);
    expect(await owner.getByTestId('users-table').locator('img, script').count()).toBe(0);
    await screenshot(owner, 'users');
    for (const page of [owner, cashier])
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('a cashier sees no admin pages, is refused them by address, and their APIs answer 403', async () => {
    await screenshot(cashier, 'cashier-counter');
    await expectCashierRefused(cashier, server.origin, {
      pages: ['/admin/users', '/admin/roles', '/admin/settings', '/admin/keys'],
      apis: ['/api/v1/users', '/api/v1/roles', '/api/v1/keys', '/api/v1/settings/sign-in'],
    });
  });

  it('keyboard only: sign-in fields in order, Enter submits, focus visible, the counter takes the scan', async () => {
    await cashier.getByRole('button', { name: 'Sign out' }).click();
    await cashier.waitForURL(url('/sign-in'));
    const focusedLabel = () =>
      cashier.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.id === undefined || el.id === ''
          ? (el?.textContent ?? '')
          : (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? el.id);
      });
    await expect.poll(focusedLabel).toBe('Email');
    await cashier.keyboard.type(CASHIER.email);
    await cashier.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Password');
    expect(
      await cashier.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
    ).toBe('solid');
    await cashier.keyboard.type(CASHIER.password);
    await cashier.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Sign in');
    await cashier.keyboard.press('Shift+Tab');
    await cashier.keyboard.press('Enter');
    await cashier.waitForURL(url('/counter'));
    await expect.poll(focusedLabel).toBe('Scan or type a barcode');
  });

  it('the CSP blocks an injected inline script and inline event handler', async () => {
    const outcome = await cashier.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = 1';
      document.body.appendChild(script);
      const div = document.createElement('div');
      div.setAttribute('onclick', 'window.__injected = 2');
      document.body.appendChild(div);
      div.click();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { violations, injected: (window as { __injected?: number }).__injected };
    });
    expect(outcome.injected).toBeUndefined();
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']));
  });

  it('when the session ends mid-work, a dialog signs in again over the screen and the work goes on', async () => {
    await owner.getByLabel('Their email').fill('accountant@example.test');
    await owner.getByLabel('Role').selectOption('accountant');
    await ownerContext.clearCookies();
    await owner.getByRole('button', { name: 'Create invite link' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    await screenshot(owner, 'session-ended');
    await dialog.getByLabel('Email').fill(OWNER.email);
    await dialog.getByLabel('Password').fill(OWNER.password);
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    await dialog.getByRole('button', { name: 'Use a recovery code' }).click();
    await dialog.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The screen kept its state, and the interrupted request was made after signing in.
    expect(owner.url()).toBe(url('/admin/users'));
    expect(await owner.getByLabel('Role').inputValue()).toBe('accountant');
    const link = await owner.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/#token=tji_/);
    expect(link).not.toBe(inviteLink);
  });
  it('adds a passkey from My account and signs in with it alone (virtual authenticator)', async () => {
    const cdp = await ownerContext.newCDPSession(owner);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await owner.getByRole('link', { name: 'My account' }).click();
    await owner.getByRole('button', { name: 'Add a passkey' }).click();
    await owner.getByText('Passkey added.').waitFor();
    expect(await owner.getByTestId('passkey-count').textContent()).toBe('1');
    await owner.getByRole('button', { name: 'Sign out' }).click();
    await owner.waitForURL(url('/sign-in'));
    await owner.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await owner.waitForURL(url('/counter'));
    expect(await owner.getByTestId('who').textContent()).toBe(OWNER.name);
  });
});
