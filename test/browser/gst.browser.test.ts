/// <reference lib="dom" />
/**
 * Verifiable bills and GSTR-3B in real Chromium against the real server (a demo shop): the
 * cashier sells a shirt, the receipt PDF's QR code is decoded as a phone would read it, and the
 * address it holds opens the public verification page in a browser without an account: "Valid"
 * (and in Hindi), "Does not match" for an altered code, and "Cancelled" once the owner cancels
 * the invoice. The owner sees GSTR-3B 3.1 and 3.2 of the month on the GST reports screen.
 */
import { readFileSync, rmSync } from 'node:fs';
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
import { qrCodesInPdf } from '../support/pdf-qr.js';

/** Men's cotton shirt (S, White), Rs 1,049 with GST. */
const SHIRT = demoBarcode(1);

describe('verifiable bills and GSTR-3B in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let shop: BrowserShop;
  let cashier: Page;
  let owner: Page;
  let invoiceNumber = '';
  let verifyUrl = '';

  const url = (path: string) => `${server.origin}${path}`;
  const newPage = async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 768 },
      locale: 'en-IN',
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    return context.newPage();
  };
  const signIn = async (page: Page, login: ShopLogin) => {
    await page.goto(url('/sign-in'));
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };
  /** A stranger scanning the bill: a fresh browser without any account opens the address. */
  const scanAndOpen = async (address: string) => {
    const page = await newPage();
    await page.goto(address);
    const result = page.getByTestId('verification-result');
    await result.waitFor();
    return { page, result: (await result.textContent()) ?? '' };
  };

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    shop = await provisionShop(browser, server);
    cashier = await newPage();
    await signIn(cashier, shop.cashier);
    await cashier.waitForURL(url('/counter'));
    owner = await newPage();
    await signIn(owner, shop.owner);
    await owner
      .getByLabel('Code from your authenticator app')
      .fill(totpCodeAt(shop.owner.totpSecret ?? '', new Date(Date.now() + 30_000)));
    await owner.getByRole('button', { name: 'Verify' }).click();
    await owner.waitForURL(url('/counter'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('a sale prints its receipt with a verification QR code', async () => {
    const box = cashier.getByLabel('Scan or type a barcode');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await cashier.keyboard.type(SHIRT);
    await cashier.keyboard.press('Enter');
    await expect.poll(() => cashier.getByTestId('cart-line').count()).toBe(1);
    await screenshot(cashier, 'verify-bill-sale');
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('₹1,049.00');
    await cashier.keyboard.press('F8');
    const dialog = cashier.getByRole('dialog', { name: 'Payment' });
    await dialog.waitFor();
    await dialog.getByLabel('Cash received').fill('1049');
    await dialog.getByLabel('Cash received').press('Enter');
    const receipt = cashier.getByRole('dialog', { name: 'Sale complete' });
    await receipt.waitFor();
    invoiceNumber = (await receipt.getByTestId('document-number').textContent()) ?? '';
    const [download] = await Promise.all([
      cashier.waitForEvent('download'),
      receipt.getByRole('link', { name: 'Receipt (80 mm PDF)' }).click(),
    ]);
    const codes = await qrCodesInPdf(readFileSync(await download.path()));
    expect(codes).toHaveLength(1);
    verifyUrl = codes[0] ?? '';
    expect(new URL(verifyUrl).origin).toBe(server.origin);
    expect(new URL(verifyUrl).pathname).toBe('/verify');
  });

  it('scanning the QR opens the verification page, which says valid (in English and Hindi)', async () => {
    const { page, result } = await scanAndOpen(verifyUrl);
    expect(result).toBe('Valid');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(invoiceNumber);
    expect(text).toContain('24AAQCA8719H1ZC');
    expect(text).toContain('₹1,049.00');
    await screenshot(page, 'verify-bill-valid');
    await page.getByLabel('Language').selectOption('hi');
    await expect.poll(() => page.getByTestId('verification-result').textContent()).toBe('सही है');
    await page.context().close();
  });

  it('a tampered copy says it does not match and shows nothing of the bill', async () => {
    const altered = new URL(verifyUrl);
    const s = altered.searchParams.get('s') ?? '';
    altered.searchParams.set('s', `${s.slice(0, 20)}${s[20] === 'A' ? 'B' : 'A'}${s.slice(21)}`);
    const { page, result } = await scanAndOpen(altered.toString());
    expect(result).toBe('Does not match');
    expect((await page.locator('main').textContent()) ?? '').not.toContain(invoiceNumber);
    await screenshot(page, 'verify-bill-mismatch');
    await page.context().close();
  });

  it('after the owner cancels the invoice, the same QR says cancelled', async () => {
    await owner.goto(url('/documents'));
    await owner.getByRole('link', { name: invoiceNumber }).click();
    await owner.getByRole('button', { name: 'Cancel invoice…' }).click();
    const dialog = owner.getByRole('dialog', { name: `Cancel invoice ${invoiceNumber}?` });
    await dialog.getByLabel('Reason').selectOption('customer_cancelled');
    await dialog.getByRole('button', { name: 'Cancel the invoice' }).click();
    await expect.poll(() => owner.getByTestId('document-status').textContent()).toBe('Cancelled');
    const { page, result } = await scanAndOpen(verifyUrl);
    expect(result).toBe('Cancelled');
    await screenshot(page, 'verify-bill-cancelled');
    await page.context().close();
  });

  it('the GST reports screen shows GSTR-3B 3.1 and 3.2 of the month', async () => {
    await owner.goto(url('/reports'));
    const panel = owner.getByRole('region', { name: 'GSTR-3B summary' });
    await panel.getByRole('button', { name: 'Show' }).click();
    const table31 = owner.getByTestId('gstr3b-31');
    await table31.waitFor();
    const taxable = owner.getByRole('row', { name: /^\(a\) Taxable outward supplies/ });
    // The only sale of the month was cancelled: nothing to report.
    expect(await taxable.getByRole('cell').first().textContent()).toBe('₹0.00');
    expect(await owner.getByTestId('gstr3b-32').textContent()).toContain(
      'No inter-state sales to unregistered buyers this month.',
    );
    await screenshot(owner, 'gstr3b');
  });
});
