/// <reference lib="dom" />
/**
 * Counter layouts, refunds beyond the allowance and the daily backup, in real Chromium against the
 * real server (the demo shop): the counter, its payment dialog and the receipt dialog at 1024x600,
 * 1366x768 and an upright 800x1280 tablet scroll no sideways and keep the total and Pay (or the
 * dialog's own submit) inside the window; a cash refund beyond the cashier's allowance waits for a
 * manager's approval in the same dialog as discounts; the owner sets a daily backup to a folder
 * (password asked again), a folder the server cannot use refused in the form's words; bad input
 * the browser lets through (a customer's email, a store's PIN code, a new item's HSN code and a
 * barcode of another item, a staff invite's email) is refused by the server in the form's own
 * words, in English and Hindi, and nothing is saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { demoBarcode } from '../../src/modules/billing/demo-data.service.js';
import {
  buildWebApp,
  launchChromium,
  screenshot,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';
import { provisionShop, type BrowserShop, type ShopLogin } from '../support/browser-shop.js';

/** Wool blend blazer (38, Charcoal), Rs 5,999 with GST. */
const BLAZER = demoBarcode(19);
const SIZES = [
  { width: 1024, height: 600 },
  { width: 1366, height: 768 },
  { width: 800, height: 1280 },
] as const;

describe('counter layouts, refund approval and the daily backup in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let shop: BrowserShop;
  let work: string;
  const url = (path: string) => `${server.origin}${path}`;
  const newPage = async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 768 },
      locale: 'en-IN',
    });
    return context.newPage();
  };
  /** The last TOTP step each login used: a code works once, so each sign-in takes a later one. */
  const usedStep = new Map<string, number>();
  const STEP_MS = 30_000;
  const freshCode = async (login: ShopLogin): Promise<string> => {
    const last = usedStep.get(login.email) ?? Math.floor(Date.now() / STEP_MS);
    // The server accepts the current step and the next one; wait when both were used.
    while (Math.floor(Date.now() / STEP_MS) + 1 <= last) await new Promise((r) => setTimeout(r, 1_000));
    const step = Math.max(last + 1, Math.floor(Date.now() / STEP_MS));
    usedStep.set(login.email, step);
    return totpCodeAt(login.totpSecret ?? '', new Date(step * STEP_MS + 1_000));
  };
  const signIn = async (page: Page, login: ShopLogin) => {
    await page.goto(url('/sign-in'));
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    if (login.totpSecret !== undefined) {
      await page.getByLabel('Code from your authenticator app').fill(await freshCode(login));
      await page.getByRole('button', { name: 'Verify' }).click();
    }
    await page.waitForURL(url('/counter'));
  };
  /** No sideways scrolling, and each of `inside` wholly inside the window. */
  const expectFits = async (page: Page, size: { width: number; height: number }, inside: Locator[]) => {
    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(
      overflow.scroll,
      `sideways scrolling at ${String(size.width)}x${String(size.height)}`,
    ).toBeLessThanOrEqual(overflow.client);
    for (const locator of inside) {
      const box = await locator.boundingBox();
      expect(box, `${locator.toString()} on screen`).not.toBeNull();
      if (box === null) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height + 0.5);
    }
  };
  const scan = async (page: Page, code: string) => {
    await page.getByLabel('Scan or type a barcode').fill(code);
    await page.getByLabel('Scan or type a barcode').press('Enter');
  };

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    shop = await provisionShop(browser, server);
    work = mkdtempSync(join(tmpdir(), 'tijori-browser-backups-'));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('the counter, payment and receipt fit 1024x600, 1366x768 and 800x1280 with the total and Pay in view', async () => {
    const page = await newPage();
    await signIn(page, shop.cashier);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const name = `${String(size.width)}x${String(size.height)}`;
      // A few lines, so the cart has something to push the total down with.
      for (const n of [1, 2, 3, 4, 5]) await scan(page, demoBarcode(n));
      await expect.poll(() => page.getByTestId('cart-line').count()).toBe(5);
      await page.getByTestId('cart-total').filter({ hasText: '₹' }).waitFor();
      const pay = page.getByRole('button', { name: /^Pay/ });
      await expect.poll(() => pay.isEnabled(), { timeout: 30_000 }).toBe(true);
      await expectFits(page, size, [page.getByTestId('cart-total'), pay]);
      await screenshot(page, `layout-${name}-counter`);

      await page.keyboard.press('F8');
      const dialog = page.getByRole('dialog', { name: 'Payment' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Exact' }).click();
      const issue = dialog.getByRole('button', { name: 'Issue invoice' });
      await expectFits(page, size, [dialog.getByTestId('pay-due'), issue]);
      await screenshot(page, `layout-${name}-payment`);
      await issue.click();

      const receipt = page.getByRole('dialog', { name: 'Sale complete' });
      await receipt.waitFor();
      await expectFits(page, size, [
        receipt.getByTestId('document-number'),
        receipt.getByRole('button', { name: 'Next sale' }),
      ]);
      await screenshot(page, `layout-${name}-receipt`);
      await receipt.getByRole('button', { name: 'Next sale' }).click();
      await receipt.waitFor({ state: 'detached' });
    }
    await page.context().close();
  }, 240_000);

  it('codes scanned while the one before is still being looked up are all added, in scan order', async () => {
    const page = await newPage();
    await signIn(page, shop.cashier);
    // Each lookup answers only after the next code is in: as on a slow network or a busy server.
    const order: string[] = [];
    await page.route('**/api/v1/items/barcodes/**', async (route) => {
      order.push(decodeURIComponent(route.request().url().split('/').pop() ?? ''));
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    const codes = [demoBarcode(6), demoBarcode(7), demoBarcode(8)];
    for (const code of codes) await scan(page, code);
    await expect.poll(() => page.getByTestId('cart-line').count(), { timeout: 30_000 }).toBe(3);
    expect(order).toEqual(codes);
    const names = await page.getByTestId('cart-line').allTextContents();
    expect(new Set(names).size).toBe(3);
    await page.unrouteAll({ behavior: 'wait' });
    await page.context().close();
  });

  it("a cash refund beyond the cashier's allowance waits for a manager's approval", async () => {
    const page = await newPage();
    await signIn(page, shop.cashier);
    await scan(page, BLAZER);
    await expect
      .poll(() => page.getByTestId('cart-total').textContent(), { timeout: 30_000 })
      .toBe('₹5,999.00');
    await page.keyboard.press('F8');
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: 'Exact' }).click();
    await pay.getByRole('button', { name: 'Issue invoice' }).click();
    const receipt = page.getByRole('dialog', { name: 'Sale complete' });
    const invoice = (await receipt.getByTestId('document-number').textContent()) ?? '';
    await receipt.getByRole('button', { name: 'Next sale' }).click();

    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Returns and exchanges' })
      .click();
    await page.getByLabel('Invoice number (as on the receipt)').fill(invoice);
    await page.getByRole('button', { name: 'Find invoice' }).click();
    await page.getByLabel('Quantity of Wool blend blazer (38, Charcoal) to return').fill('1');
    await expect
      .poll(() => page.getByTestId('credit-total').textContent(), { timeout: 30_000 })
      .toBe('₹5,999.00');
    // Rs 5,999 in cash is beyond the shop's Rs 2,000 refund allowance: a manager must approve it.
    await page.getByText("This refund is beyond the cashier's allowance").waitFor();
    const issue = page.getByRole('button', { name: 'Issue credit note' });
    expect(await issue.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Ask a manager' }).click();
    const dialog = page.getByRole('dialog', { name: "Manager's approval" });
    await dialog.getByText('A manager approves paying back ₹5,999.00').waitFor();
    await dialog.getByLabel("Manager's email").fill(shop.manager.email);
    await dialog.getByLabel("Manager's password").fill(shop.manager.password);
    await dialog.getByLabel('Code from their authenticator app').fill(await freshCode(shop.manager));
    await screenshot(page, 'refund-approval');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Refund approved by a manager').waitFor();
    await issue.click();
    const issued = page.getByTestId('returns-issued');
    await issued.waitFor();
    expect(await issued.getByTestId('issued-number').textContent()).toMatch(/^CN\//);
    await screenshot(page, 'refund-approved');
    await page.context().close();
  }, 180_000);

  it('the owner sets a daily backup to a folder; a folder the server cannot use is refused in words', async () => {
    const page = await newPage();
    await signIn(page, shop.owner);
    await page.goto(url('/admin/backups'));
    await page.getByRole('heading', { name: 'Daily backup to a folder' }).waitFor();
    const form = page.getByRole('form', { name: 'Daily backup to a folder' });
    await form.getByLabel('Backup folder').fill('backups/daily');
    await form.getByLabel('Time of day (India time)').fill('02:30');
    await form.getByRole('button', { name: 'Save the daily backup' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    const refused = form.getByRole('alert');
    await stepUp.or(refused).first().waitFor();
    if (await stepUp.isVisible()) {
      await stepUp.getByLabel('Password').fill(shop.owner.password);
      await stepUp.getByRole('button', { name: 'Confirm' }).click();
    }
    await expect
      .poll(() => refused.textContent())
      .toBe(
        'Backup folder: type the full path of the folder, starting from the top (for example /mnt/backup-drive).',
      );
    await form.getByLabel('Backup folder').fill(join(work, 'daily'));
    await form.getByRole('button', { name: 'Save the daily backup' }).click();
    await page.getByText('Daily backup saved.').waitFor();
    expect(await page.getByTestId('schedule-next').textContent()).toMatch(/^Next backup: .*2:30/);
    await screenshot(page, 'backup-schedule');
    // In Hindi the form reads in Hindi.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('hi');
    await page.getByRole('heading', { name: 'फ़ोल्डर में रोज़ाना बैकअप' }).waitFor();
    await screenshot(page, 'backup-schedule-hi');
    await page.context().close();
  }, 180_000);

  it("bad input the browser lets through is refused by the server in the form's words, nothing saved", async () => {
    const page = await newPage();
    await signIn(page, shop.owner);
    // A customer with an email that is not one: the customer form itself does not check it.
    await page.goto(url('/customers'));
    const add = page.getByRole('region', { name: 'Add a customer' });
    await add
      .getByLabel('Name (optional for a walk-in)')
      .or(add.getByLabel('Name', { exact: true }))
      .first()
      .fill('Wrong Mail Buyer');
    await add.getByLabel('Email').fill('not-an-email');
    await add.getByRole('button', { name: 'Add customer' }).click();
    await expect
      .poll(() => add.getByRole('alert').textContent())
      .toBe('Email: type a full email address (for example name@example.com).');
    expect(await page.getByText('Wrong Mail Buyer').count()).toBe(0);
    await screenshot(page, 'form-customer-refused');
    // The store's PIN code of two digits.
    await page.goto(url('/admin/settings'));
    const pin = page.getByLabel('PIN code', { exact: true }).first();
    await pin.fill('12');
    await pin.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('PIN code: type the six digits of the PIN code (for example 411001).');
    await page.reload();
    await expect.poll(() => page.getByLabel('PIN code', { exact: true }).first().inputValue()).toBe('380001');
    await screenshot(page, 'form-store-refused');
    await page.context().close();
  }, 180_000);

  it("bad input in the add-item and staff invite forms is refused in the form's words, in English and Hindi, nothing saved", async () => {
    const page = await newPage();
    await signIn(page, shop.owner);
    const language = (name: string) => page.getByRole('combobox', { name, exact: true });
    /** Answers the password step-up when the server asks for it, then waits for `settled`. */
    const confirmIfAsked = async (settled: Locator) => {
      const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
      await stepUp.or(settled).first().waitFor();
      if (await stepUp.isVisible()) {
        await stepUp.getByLabel('Password').fill(shop.owner.password);
        await stepUp.getByRole('button', { name: 'Confirm' }).click();
      }
    };

    // A new item whose HSN code has five digits: the box takes up to eight.
    await page.goto(url('/items'));
    await page.getByRole('button', { name: 'Add item' }).click();
    const dialog = page.getByRole('dialog', { name: 'New item' });
    await dialog.getByLabel('Name', { exact: true }).fill('Refused tee');
    await dialog.getByLabel('HSN code').fill('61091');
    await dialog.getByLabel('Sizes (separated by commas)').fill('S');
    await dialog.getByLabel('Colours (separated by commas)').fill('Red');
    await dialog.getByLabel('Price for all (₹)').fill('500');
    await dialog.getByLabel('MRP for all (₹)').fill('600');
    await dialog.getByRole('button', { name: 'Create item' }).click();
    const hsnError = dialog.locator('#new-item-hsn-error');
    await confirmIfAsked(hsnError);
    await expect
      .poll(() => hsnError.textContent())
      .toBe(
        'HSN code: type the HSN code of the goods (4, 6 or 8 digits) or the SAC code of a service (6 digits).',
      );
    expect(await dialog.getByLabel('HSN code').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'form-item-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The same in Hindi; then a barcode that belongs to another item (the demo shop's first),
    // named by its row.
    await language('Language').selectOption('hi');
    await page.getByRole('button', { name: 'सामान जोड़ें' }).click();
    const hindi = page.getByRole('dialog', { name: 'नया सामान' });
    await hindi.getByLabel('नाम', { exact: true }).fill('Refused tee');
    await hindi.getByLabel('HSN कोड').fill('61091');
    await hindi.getByLabel('साइज़ (कॉमा से अलग)').fill('S');
    await hindi.getByLabel('रंग (कॉमा से अलग)').fill('Red');
    await hindi.getByLabel('सबकी कीमत (₹)').fill('500');
    await hindi.getByLabel('सबका MRP (₹)').fill('600');
    await hindi.getByRole('button', { name: 'सामान बनाएँ' }).click();
    await expect
      .poll(() => hindi.locator('#new-item-hsn-error').textContent())
      .toBe('HSN कोड: सामान का HSN कोड (4, 6 या 8 अंक) या सेवा का SAC कोड (6 अंक) लिखें।');
    await screenshot(page, 'form-item-refused-hi');
    await hindi.getByLabel('HSN कोड').fill('6109');
    await hindi.getByLabel('S / Red का बारकोड').fill(demoBarcode(1));
    await hindi.getByRole('button', { name: 'सामान बनाएँ' }).click();
    await expect
      .poll(() => hindi.locator('#new-item-row-0-error').textContent())
      .toBe('S / Red का बारकोड: यह पहले से इस्तेमाल में है। कोई दूसरा चुनें।');
    expect(await hindi.getByLabel('S / Red का बारकोड').getAttribute('aria-invalid')).toBe('true');
    await hindi.getByRole('button', { name: 'रद्द करें' }).click();
    await hindi.waitFor({ state: 'detached' });
    await language('भाषा').selectOption('en');
    await page.reload();
    await page.getByTestId('items-table').waitFor();
    expect(await page.getByText('Refused tee').count()).toBe(0);

    // A staff invite for an address the browser's email box lets through but is not one.
    await page.goto(url('/admin/users'));
    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Their email').fill('ravi@shop');
    await invite.getByLabel('Role').selectOption('cashier');
    await invite.getByRole('button', { name: 'Create invite link' }).click();
    const emailError = invite.locator('#invite-email-error');
    await confirmIfAsked(emailError);
    await expect
      .poll(() => emailError.textContent())
      .toBe('Their email: type a full email address (for example name@example.com).');
    expect(await page.getByTestId('invite-link').count()).toBe(0);
    await screenshot(page, 'form-invite-refused');
    await language('Language').selectOption('hi');
    const hindiInvite = page.getByRole('form', { name: 'किसी को आमंत्रित करें' });
    await hindiInvite.getByLabel('उनका ईमेल').fill('ravi@shop');
    await hindiInvite.getByRole('button', { name: 'निमंत्रण लिंक बनाएँ' }).click();
    await expect
      .poll(() => hindiInvite.locator('#invite-email-error').textContent())
      .toBe('उनका ईमेल: पूरा ईमेल पता लिखें (जैसे name@example.com)।');
    await screenshot(page, 'form-invite-refused-hi');
    // The right address gets the link.
    await hindiInvite.getByLabel('उनका ईमेल').fill('ravi@shop.example');
    await hindiInvite.getByRole('button', { name: 'निमंत्रण लिंक बनाएँ' }).click();
    await page.getByTestId('invite-link').waitFor();
    await language('भाषा').selectOption('en');
    await page.context().close();
  }, 180_000);
});
