/// <reference lib="dom" />
/**
 * A brand offer set up without a CSV, and a cashier's change to it approved by a manager, in real
 * Chromium against the real server (issue 15): the owner gives an item its brand in the item
 * dialog (the fields also in Hindi), creates a 10 % offer on that brand, and sees it apply at
 * the counter; the cashier leaves the offer out, which stops the sale until a manager approves
 * it at the counter with their own sign-in details; the sale is billed at full price and the
 * override is in the audit trail. Every screen passes the screen checks.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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
import { checkScreen } from '../support/screen-checks.js';

/** Men's cotton shirt (S, White), Rs 1,049 with GST. */
const SHIRT = demoBarcode(1);
const ITEM = "Men's cotton shirt";
const BRAND = 'Kora Weaves';
const OFFER = 'Kora week 10 % off';

/** A `datetime-local` value in IST, `ms` from now. */
const istInput = (ms: number) => new Date(Date.now() + ms + 330 * 60_000).toISOString().slice(0, 16);

describe('offers in Chromium: brand from the item dialog, override approved by a manager', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let shop: BrowserShop;
  let owner: Page;
  let cashier: Page;

  const url = (path: string) => `${server.origin}${path}`;
  const newPage = async () =>
    (
      await browser.newContext({
        ignoreHTTPSErrors: true,
        viewport: { width: 1366, height: 1000 },
        locale: 'en-IN',
        timezoneId: 'UTC',
      })
    ).newPage();
  const signIn = async (page: Page, login: ShopLogin) => {
    await page.goto(url('/sign-in'));
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };
  const menuLink = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name });

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    shop = await provisionShop(browser, server);
    owner = await newPage();
    await signIn(owner, shop.owner);
    // Enrolment used the current step; each code works once, so this is the next one.
    await owner
      .getByLabel('Code from your authenticator app')
      .fill(totpCodeAt(shop.owner.totpSecret ?? '', new Date(Date.now() + 30_000)));
    await owner.getByRole('button', { name: 'Verify' }).click();
    await owner.waitForURL(url('/counter'));
    cashier = await newPage();
    await signIn(cashier, shop.cashier);
    await cashier.waitForURL(url('/counter'));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('gives an item its brand in the item dialog and a brand offer applies to it at the counter', async () => {
    await menuLink(owner, 'Items and stock').click();
    await owner.getByLabel('Search by name').fill(ITEM);
    await owner.getByLabel('Search by name').press('Enter');
    await owner.getByRole('button', { name: `Edit ${ITEM}`, exact: true }).click();
    // Found by its role alone: its title follows the language.
    const dialog = owner.getByRole('dialog');
    await owner.getByRole('dialog', { name: `Edit ${ITEM}` }).waitFor();
    await dialog.getByLabel('Brand', { exact: true }).fill(BRAND);
    await dialog.getByLabel('Collection', { exact: true }).fill('Festive 2026');
    await checkScreen(owner, 'item-dialog-groups');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Opened again: the brand was kept, and the fields speak Hindi too.
    await owner.getByRole('button', { name: `Edit ${ITEM}`, exact: true }).click();
    expect(await dialog.getByLabel('Brand', { exact: true }).inputValue()).toBe(BRAND);
    await owner.getByLabel('Language').selectOption('hi');
    expect(await dialog.getByLabel('ब्रांड', { exact: true }).inputValue()).toBe(BRAND);
    await dialog.getByText('ऑफ़र के लिए समूह').waitFor();
    await checkScreen(owner, 'item-dialog-groups-hindi');
    await owner.getByLabel('भाषा').selectOption('en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await menuLink(owner, 'Offers').click();
    await owner
      .getByRole('navigation', { name: 'Offers sections' })
      .getByRole('button', { name: 'Offers' })
      .click();
    const form = owner.getByTestId('offer-form');
    await form.getByLabel('Name').fill(OFFER);
    await form.getByLabel('Type of offer').selectOption({ label: 'Percentage off' });
    await form.getByLabel('Applies to').selectOption({ label: 'A brand' });
    await form.getByLabel('Which one').fill(BRAND);
    await form.getByLabel('Percent off').fill('10');
    await form.getByLabel('Starts (IST)').fill(istInput(-3_600_000));
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByText(`Saved ${OFFER}`).waitFor();

    const box = cashier.getByLabel('Scan or type a barcode');
    await box.fill(SHIRT);
    await box.press('Enter');
    await expect
      .poll(() => cashier.getByTestId('applied-offers').textContent(), { timeout: 30_000 })
      .toMatch(/Kora week 10 % off: saves ₹104\.90/);
    expect(await cashier.getByTestId('line-saving').first().textContent()).toBe(`${OFFER}: Saved ₹104.90`);
  }, 240_000);

  it("a cashier leaves the offer out only with a manager's approval, and the trail records it", async () => {
    await cashier.getByRole('button', { name: `Leave out ${OFFER}` }).click();
    await cashier.getByText("This sale's offers were changed").waitFor({ timeout: 30_000 });
    expect(await cashier.getByRole('button', { name: /^Pay/ }).isDisabled()).toBe(true);
    await checkScreen(cashier, 'counter-offer-override');
    await cashier.getByRole('button', { name: 'Ask a manager' }).click();
    const dialog = cashier.getByRole('dialog', { name: "Manager's approval" });
    await dialog.getByText("approves this bill's changed offers").waitFor();
    await dialog.getByLabel("Manager's email").fill(shop.manager.email);
    await dialog.getByLabel("Manager's password").fill(shop.manager.password);
    await dialog
      .getByLabel('Code from their authenticator app')
      .fill(totpCodeAt(shop.manager.totpSecret ?? '', new Date(Date.now() + 30_000)));
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await cashier.getByText("Offers changed with a manager's approval").waitFor({ timeout: 30_000 });
    await expect
      .poll(() => cashier.getByTestId('cart-total').textContent(), { timeout: 30_000 })
      .toBe('₹1,049.00');
    await screenshot(cashier, 'counter-offer-override');
    await cashier.keyboard.press('F8');
    const pay = cashier.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: 'Exact' }).click();
    await pay.getByRole('button', { name: 'Issue invoice' }).click();
    const receipt = cashier.getByRole('dialog', { name: 'Sale complete' });
    await receipt.waitFor();
    expect(await receipt.getByTestId('receipt-saved').count()).toBe(0);
    await receipt.getByRole('button', { name: 'Next sale' }).click();

    await menuLink(owner, 'Audit trail').click();
    await expect
      .poll(() => owner.getByText('Changed an offer at the counter').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
  }, 240_000);
});
