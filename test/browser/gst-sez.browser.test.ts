/// <reference lib="dom" />
/**
 * SEZ supplies and debit notes in real Chromium against the real server (a demo shop, issue 18):
 * the cashier bills a shirt to an SEZ unit without tax and is refused while the store has no
 * Letter of Undertaking (the reason in words); the owner enters the LUT in the store settings;
 * the same bill then goes through, its A4 PDF (read with pdftotext) carries the Rule 46
 * endorsement, the LUT and no tax; the owner issues a debit note against the invoice from its
 * page and finds it, in its own series, under the debit notes (in Hindi), with its PDF. Every
 * screen passes the screen checks (axe-core and no machine text).
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDORSEMENT_WITHOUT_PAYMENT } from '../../src/domain/gst/supply-type.js';
import { istDateOf } from '../../src/domain/gst/index.js';
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
import { pdftotext } from '../support/pdf-text.js';

/** Men's cotton shirt (S, White), Rs 1,049 with GST. */
const SHIRT = demoBarcode(1);
const LUT = 'AD2404260001234';
const SEZ_WITHOUT_TAX = 'Supply to an SEZ unit, without tax (under LUT/bond)';
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('SEZ supplies under LUT and debit notes in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let shop: BrowserShop;
  let cashier: Page;
  let owner: Page;
  let invoiceNumber = '';
  let noteNumber = '';
  /** Today in IST as the shop types it (DD-MM-YYYY): the LUT is filed today. */
  const today = istDateOf(new Date());
  const todayTyped = today.split('-').reverse().join('-');

  const url = (path: string) => `${server.origin}${path}`;
  const newPage = async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 900 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
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
  const pdfText = async (page: Page, click: () => Promise<void>) => {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    return flat(await pdftotext(readFileSync(await download.path())));
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
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('without an LUT on record, an SEZ sale without tax is refused in words', async () => {
    const box = cashier.getByLabel('Scan or type a barcode');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await cashier.keyboard.type(SHIRT);
    await cashier.keyboard.press('Enter');
    await expect.poll(() => cashier.getByTestId('cart-line').count()).toBe(1);
    // The SEZ unit is the customer (the demo's registered business, found by its phone's last 4).
    await cashier.keyboard.press('F4');
    const customers = cashier.getByRole('dialog', { name: 'Customer' });
    await customers.getByLabel('Phone number, or its last 4 digits').fill('0004');
    await customers.getByRole('button', { name: 'Find' }).click();
    await customers.getByTestId('customer-results').waitFor();
    await customers.getByRole('button', { name: 'Choose', exact: true }).first().click();
    await expect.poll(() => cashier.getByTestId('sale-customer').textContent()).toContain('90xxxxxx04');
    const panel = cashier.getByTestId('supply-panel');
    await panel.getByText('Export or SEZ sale').click();
    await panel.getByLabel(SEZ_WITHOUT_TAX).check();
    await expect.poll(() => panel.textContent()).toContain("Goes under the store's Letter of Undertaking");
    // Under LUT the shirt's price carries no tax: the total stays Rs 1,049.
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('₹1,049.00');
    await screenshot(cashier, 'sez-counter');
    await cashier.keyboard.press('F8');
    const pay = cashier.getByRole('dialog', { name: 'Payment' });
    await pay.waitFor();
    await pay.getByLabel('Cash received').fill('1049');
    await pay.getByRole('button', { name: 'Issue invoice' }).click();
    const refusal = pay.getByRole('alert');
    await expect
      .poll(() => refusal.textContent(), { timeout: 30_000 })
      .toContain('There is no Letter of Undertaking (LUT) for this financial year');
    await screenshot(cashier, 'sez-refused-without-lut');
  });

  it('the owner enters the LUT in the store settings', async () => {
    await owner.goto(url('/admin/settings'));
    const section = owner.getByRole('region', { name: 'Store details and invoice series' });
    await section.getByLabel('LUT or bond number').fill(LUT);
    await section.getByLabel('Date the LUT was filed').fill(todayTyped);
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => section.getByRole('status').first().textContent()).toMatch(/saved/i);
    await screenshot(owner, 'settings-lut');
    await owner.reload();
    const again = owner.getByRole('region', { name: 'Store details and invoice series' });
    await expect.poll(() => again.getByLabel('LUT or bond number').inputValue()).toBe(LUT);
    expect(await again.getByLabel('Date the LUT was filed').inputValue()).toBe(todayTyped);
  });

  it('the same sale then goes through; its A4 PDF has the endorsement, the LUT and no tax', async () => {
    const pay = cashier.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: 'Issue invoice' }).click();
    const receipt = cashier.getByRole('dialog', { name: 'Sale complete' });
    await receipt.waitFor({ timeout: 30_000 });
    invoiceNumber = (await receipt.getByTestId('document-number').textContent()) ?? '';
    expect(invoiceNumber).not.toBe('');
    expect(await receipt.getByTestId('receipt-supply').textContent()).toBe(SEZ_WITHOUT_TAX);
    await screenshot(cashier, 'sez-receipt');
    const a4 = await pdfText(cashier, () => receipt.getByRole('link', { name: 'A4 PDF' }).click());
    expect(a4).toContain(ENDORSEMENT_WITHOUT_PAYMENT);
    expect(a4).toContain(`LUT: ${LUT} dated ${todayTyped}`);
    expect(a4).toContain(invoiceNumber);
    // IGST heads only (an SEZ supply is inter-state even within Gujarat), and nothing charged.
    expect(a4).not.toMatch(/CGST|SGST/);
    expect(a4).toMatch(/IGST[^0-9]{0,20}0\.00/);
    expect(a4).not.toMatch(/IGST[^0-9]{0,20}[1-9][0-9,]*\.\d\d/);
    expect(a4).toMatch(/Taxable value[^0-9]{0,20}1,049\.00/);
  });

  it('the owner issues a debit note from the invoice page; it is listed in its own series (in Hindi), with its PDF', async () => {
    await owner.goto(url('/documents'));
    await owner.getByRole('link', { name: invoiceNumber }).click();
    expect(await owner.getByTestId('document-supply').textContent()).toContain(SEZ_WITHOUT_TAX);
    await owner.getByRole('button', { name: 'Issue debit note…' }).click();
    const dialog = owner.getByRole('dialog', { name: `Debit note against ${invoiceNumber}` });
    await dialog.getByLabel(/Increase before tax \(₹\) for/).fill('150');
    await dialog.getByLabel('Reason').selectOption('price-increase');
    await dialog.getByRole('button', { name: 'Work out the amount' }).click();
    // Under LUT the increase carries no tax either.
    await expect.poll(() => dialog.getByTestId('debit-note-total').textContent()).toBe('₹150.00');
    await screenshot(owner, 'debit-note-dialog');
    await dialog.getByRole('button', { name: 'Issue the debit note' }).click();
    const opened = owner.getByRole('link', { name: /^Open debit note / });
    await opened.waitFor({ timeout: 30_000 });
    noteNumber = ((await opened.textContent()) ?? '').replace('Open debit note ', '');
    expect(noteNumber).toMatch(/^DN\//);
    await screenshot(owner, 'debit-note-issued');

    await owner.goto(url('/documents'));
    await owner.getByLabel('Language').selectOption('hi');
    await owner.getByRole('tab', { name: 'डेबिट नोट' }).click();
    const table = owner.getByTestId('documents-table');
    await expect.poll(() => table.textContent()).toContain(noteNumber);
    expect(await table.textContent()).toContain('₹150.00');
    await screenshot(owner, 'debit-notes-list-hi');
    await owner.getByLabel('भाषा').selectOption('en');

    await table.getByRole('link', { name: noteNumber }).click();
    await expect
      .poll(() => owner.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Debit note ${noteNumber}`);
    expect(await owner.locator('main').textContent()).toContain(invoiceNumber);
    await screenshot(owner, 'debit-note-page');
    const a4 = await pdfText(owner, () => owner.getByRole('link', { name: 'A4 PDF' }).click());
    expect(a4).toMatch(/Debit Note/i);
    expect(a4).toContain(noteNumber);
    expect(a4).toContain(invoiceNumber);
    expect(a4).toContain(ENDORSEMENT_WITHOUT_PAYMENT);
  });

  it('GSTR-3B on screen: 3.1 (a) to (e) and 3.2 in words, the SEZ sale and its debit note in (b), in English and Hindi', async () => {
    await owner.goto(url('/reports'));
    const panel = owner.getByRole('region', { name: 'GSTR-3B summary' });
    await panel.getByRole('button', { name: 'Show' }).click();
    const table31 = owner.getByTestId('gstr3b-31');
    await table31.waitFor();
    const row = (name: RegExp) => table31.getByRole('row', { name });
    for (const words of [
      /^\(a\) Taxable outward supplies/,
      /^\(b\) Zero-rated supplies \(exports, SEZ\)/,
      /^\(c\) Nil-rated and exempt supplies/,
      /^\(d\) Inward supplies under reverse charge/,
      /^\(e\) Non-GST supplies/,
    ])
      expect(await row(words).count()).toBe(1);
    // The invoice (Rs 1,049) and its debit note (Rs 150), both under LUT: zero-rated, no IGST.
    const zeroRated = row(/^\(b\) Zero-rated/).getByRole('cell');
    expect(await zeroRated.nth(0).textContent()).toBe('₹1,199.00');
    expect(await zeroRated.nth(1).textContent()).toBe('₹0.00');
    expect(
      await row(/^\(a\) Taxable/)
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('₹0.00');
    expect(await owner.getByTestId('gstr3b-32').textContent()).toContain(
      'No inter-state sales to unregistered buyers this month.',
    );
    await screenshot(owner, 'gstr3b-sez');
    await owner.getByLabel('Language').selectOption('hi');
    await expect.poll(() => table31.textContent()).toContain('(b) शून्य-दर आपूर्ति (निर्यात, SEZ)');
    expect(await table31.textContent()).toContain('(e) गैर-GST आपूर्ति');
    expect(await owner.getByTestId('gstr3b-32').textContent()).toContain(
      '3.2 अपंजीकृत व्यक्तियों को दूसरे राज्य में आपूर्ति',
    );
    await screenshot(owner, 'gstr3b-sez-hi');
    await owner.getByLabel('भाषा').selectOption('en');
  });
});
