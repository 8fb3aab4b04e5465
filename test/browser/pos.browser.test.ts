/// <reference lib="dom" />
/**
 * The POS counter and the back office in real Chromium against the real server, on a shop made
 * with the demo catalogue (barcoded items, stock, fake customers): sign-in with password and
 * TOTP; a sale of two scanned barcodes paid in cash and UPI (with the QR on screen) whose receipt
 * PDF downloads and holds the invoice number; a return of one item whose credit note appears; a
 * discount approved by a manager at the counter; the cart kept across a re-sign-in; a customer's
 * phone revealed with a reason and found in the audit trail; a customer name holding markup shown
 * as text; a cashier refused admin pages and their APIs; the CSP blocking injected script.
 * Screenshots of the counter and back-office screens go to test-artifacts/screenshots/.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { demoBarcode } from '../../src/modules/billing/demo-data.service.js';
import {
  buildWebApp,
  expectCashierRefused,
  launchChromium,
  screenshot,
  screenshotDir,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';
import { provisionShop, type BrowserShop, type ShopLogin } from '../support/browser-shop.js';

/** Men's cotton shirt (S, White), Rs 1,049 with GST; Women's printed kurta (S, Maroon), Rs 1,899. */
const SHIRT = demoBarcode(1);
const KURTA = demoBarcode(9);
/** Wool blend blazer (38, Charcoal), Rs 5,999 with GST (18% above Rs 2,500). */
const BLAZER = demoBarcode(19);
const PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>Test Buyer';

describe('POS counter and back office in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let shop: BrowserShop;
  let owner: Page;
  let cashier: Page;
  let cashierContext: BrowserContext;
  let invoiceNumber = '';
  let creditNoteNumber = '';
  let discountedInvoice = '';

  const url = (path: string) => `${server.origin}${path}`;
  const newPage = async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 768 },
      locale: 'en-IN',
      acceptDownloads: true,
    });
    return { context, page: await context.newPage() };
  };
  const signIn = async (page: Page, login: ShopLogin) => {
    await page.goto(url('/sign-in'));
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };
  const scan = async (page: Page, code: string, lines: number) => {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(lines);
  };

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    shop = await provisionShop(browser, server, { upiVpa: 'fakefabrics@okbank' });
    owner = (await newPage()).page;
    ({ context: cashierContext, page: cashier } = await newPage());
    await signIn(cashier, shop.cashier);
    await cashier.waitForURL(url('/counter'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('signs in with a password and a TOTP code', async () => {
    await signIn(owner, shop.owner);
    // Enrolment used the current step; each code works once, so this is the next one.
    await owner
      .getByLabel('Code from your authenticator app')
      .fill(totpCodeAt(shop.owner.totpSecret ?? '', new Date(Date.now() + 30_000)));
    await owner.getByRole('button', { name: 'Verify' }).click();
    await owner.waitForURL(url('/counter'));
    expect(await owner.getByTestId('who').textContent()).toBe(shop.owner.name);
  });

  it('completes a sale by scanning two barcodes (keyboard only)', async () => {
    const box = cashier.getByLabel('Scan or type a barcode');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await scan(cashier, SHIRT, 1);
    await scan(cashier, KURTA, 2);
    expect(await cashier.getByTestId('counter-message').textContent()).toBe(
      "Added Women's printed kurta (S, Maroon)",
    );
    // The server's quote: GST inside the prices, CGST and SGST shown, the total to the rupee.
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('₹2,948.00');
    await cashier.getByText('CGST').waitFor();
    await screenshot(cashier, 'counter-sale');
  });

  it('pays split cash and UPI, with the UPI QR on screen and the change to give', async () => {
    await cashier.keyboard.press('F8');
    const dialog = cashier.getByRole('dialog', { name: 'Payment' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('pay-due').textContent()).toBe('₹2,948.00');
    await dialog.getByLabel('Amount by UPI').fill('1,000');
    const qr = dialog.getByRole('img', { name: 'UPI payment QR code for ₹1,000.00' });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await dialog.getByLabel('UPI reference (from the payer’s app)').fill('UTR412345678901');
    await dialog.getByLabel('Cash received').fill('2000');
    expect(await dialog.getByTestId('pay-change').textContent()).toBe('₹52.00');
    await screenshot(cashier, 'counter-payment');
    await dialog.getByLabel('Cash received').press('Enter');
    const receipt = cashier.getByRole('dialog', { name: 'Sale complete' });
    await receipt.waitFor();
    invoiceNumber = (await receipt.getByTestId('document-number').textContent()) ?? '';
    expect(invoiceNumber).toMatch(/^INV\/\d{2}-\d{2}\/0*1$/);
    expect(await receipt.getByTestId('receipt-change').textContent()).toBe('₹52.00');
    await screenshot(cashier, 'counter-receipt');
  });

  it('the receipt PDF downloads and contains the invoice number', async () => {
    const receipt = cashier.getByRole('dialog', { name: 'Sale complete' });
    const [download] = await Promise.all([
      cashier.waitForEvent('download'),
      receipt.getByRole('link', { name: 'Receipt (80 mm PDF)' }).click(),
    ]);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain(invoiceNumber);
    expect(text).toContain('UPI');
    // The next sale starts with an empty cart and the scan box ready.
    await receipt.getByRole('button', { name: 'Next sale' }).click();
    expect(await cashier.getByTestId('cart-line').count()).toBe(0);
    await expect
      .poll(() =>
        cashier.getByLabel('Scan or type a barcode').evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
  });

  it('returns one item from that invoice, and the credit note appears', async () => {
    await cashier.getByRole('link', { name: 'Returns and exchanges' }).first().click();
    await cashier.getByLabel('Invoice number (as on the receipt)').fill(invoiceNumber);
    await cashier.getByRole('button', { name: 'Find invoice' }).click();
    await cashier.getByLabel("Quantity of Men's cotton shirt (S, White) to return").fill('1');
    await expect.poll(() => cashier.getByTestId('credit-total').textContent()).toBe('₹1,049.00');
    await screenshot(cashier, 'counter-return');
    await cashier.getByRole('button', { name: 'Issue credit note' }).click();
    const issued = cashier.getByTestId('returns-issued');
    await issued.waitFor();
    creditNoteNumber = (await issued.getByTestId('issued-number').textContent()) ?? '';
    expect(creditNoteNumber).toMatch(/^CN\/\d{2}-\d{2}\/0*1$/);

    await cashier.getByRole('link', { name: 'Invoices, credit and debit notes' }).click();
    await cashier.getByRole('tab', { name: 'Credit note' }).click();
    await cashier.getByRole('link', { name: creditNoteNumber }).click();
    await cashier.getByRole('heading', { name: `Credit note ${creditNoteNumber}` }).waitFor();
    expect(await cashier.getByRole('link', { name: invoiceNumber }).isVisible()).toBe(true);
    expect(await cashier.getByTestId('document-lines').textContent()).toContain(
      "Men's cotton shirt (S, White)",
    );
    await screenshot(cashier, 'credit-note');
  });

  it('exchanges an item for a dearer one, the customer paying the difference', async () => {
    const menu = cashier.getByRole('navigation', { name: 'Main menu' });
    await menu.getByRole('link', { name: 'Returns and exchanges' }).click();
    await cashier.getByLabel('Invoice number (as on the receipt)').fill(invoiceNumber);
    await cashier.getByRole('button', { name: 'Find invoice' }).click();
    await cashier.getByLabel("Quantity of Women's printed kurta (S, Maroon) to return").fill('1');
    await expect.poll(() => cashier.getByTestId('credit-total').textContent()).toBe('₹1,899.00');
    await cashier.getByLabel('Exchange for other items').check();
    await cashier.getByLabel('Scan or type a barcode').fill(BLAZER);
    await cashier.getByLabel('Scan or type a barcode').press('Enter');
    await expect.poll(() => cashier.getByTestId('exchange-difference').textContent()).toBe('₹4,100.00');
    await screenshot(cashier, 'counter-exchange');
    await cashier.getByRole('button', { name: 'Issue exchange' }).click();
    const pay = cashier.getByRole('dialog', { name: 'Payment of the difference' });
    await pay.getByRole('button', { name: 'Exact' }).click();
    await pay.getByRole('button', { name: 'Issue exchange' }).click();
    const issued = cashier.getByTestId('returns-issued');
    await issued.waitFor();
    const numbers = await issued.getByTestId('issued-number').allTextContents();
    expect(numbers).toHaveLength(2);
    expect(numbers[0]).toMatch(/^CN\//);
    expect(numbers[1]).toMatch(/^INV\//);
  });

  it("a discount beyond the cashier's allowance is approved by a manager at the counter", async () => {
    await cashier
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Counter' })
      .click();
    await cashier.getByLabel('Scan or type a barcode').focus();
    await scan(cashier, KURTA, 1);
    const discount = cashier.getByLabel("Discount on Women's printed kurta (S, Maroon) in rupees or percent");
    // Typed as a percentage: 25% of Rs 1,899.00 is Rs 474.75.
    await discount.fill('25%');
    await discount.press('Enter');
    await expect.poll(() => discount.inputValue()).toBe('474.75');
    await cashier.getByText("This discount is beyond the cashier's allowance").waitFor();
    expect(await cashier.getByRole('button', { name: /^Pay/ }).isDisabled()).toBe(true);
    await cashier.getByRole('button', { name: 'Ask a manager' }).click();
    const dialog = cashier.getByRole('dialog', { name: "Manager's approval" });
    await dialog.getByLabel("Manager's email").fill(shop.manager.email);
    await dialog.getByLabel("Manager's password").fill(shop.manager.password);
    await dialog
      .getByLabel('Code from their authenticator app')
      .fill(totpCodeAt(shop.manager.totpSecret ?? '', new Date(Date.now() + 30_000)));
    await screenshot(cashier, 'counter-approval');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await cashier.getByText('Discount approved by a manager').waitFor();
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('₹1,424.00');
    await cashier.keyboard.press('F8');
    const pay = cashier.getByRole('dialog', { name: 'Payment' });
    await pay.getByRole('button', { name: 'Exact' }).click();
    await pay.getByRole('button', { name: 'Issue invoice' }).click();
    const receipt = cashier.getByRole('dialog', { name: 'Sale complete' });
    discountedInvoice = (await receipt.getByTestId('document-number').textContent()) ?? '';
    expect(discountedInvoice).toMatch(/0*3$/);
    // The dialog opens on "Next sale": Enter starts the next sale (no PDF download).
    await expect
      .poll(() =>
        receipt.getByRole('button', { name: 'Next sale' }).evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
    await cashier.keyboard.press('Enter');
    await receipt.waitFor({ state: 'detached' });
    expect(await cashier.getByTestId('cart-line').count()).toBe(0);
  });

  it('keeps the cart when the session ends mid-sale: sign in again over it and carry on', async () => {
    await scan(cashier, SHIRT, 1);
    // The quote has answered: the next request is the scan below.
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('₹1,049.00');
    await cashierContext.clearCookies();
    await cashier.keyboard.type(KURTA);
    await cashier.keyboard.press('Enter');
    const dialog = cashier.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    await dialog.getByLabel('Email').fill(shop.cashier.email);
    await dialog.getByLabel('Password').fill(shop.cashier.password);
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => cashier.getByTestId('cart-line').count()).toBe(2);
    // Nothing of the sale is kept in the browser's storage.
    const stored = await cashier.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain('cotton');
    await cashier.getByLabel('Language').selectOption('hi');
    await cashier.getByRole('heading', { name: 'बिलिंग काउंटर' }).waitFor();
    // The page never scrolls sideways: not on the counter screen, nor on a tablet held upright.
    const fits = () =>
      cashier.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(await fits()).toBe(true);
    await screenshot(cashier, 'counter-hindi');
    await cashier.setViewportSize({ width: 820, height: 1180 });
    expect(await fits()).toBe(true);
    await screenshot(cashier, 'counter-hindi-cart-tablet');
    await cashier.setViewportSize({ width: 1366, height: 768 });
    await cashier.getByLabel('भाषा').selectOption('en');
    await cashier.getByRole('button', { name: 'New sale (clear)' }).click();
  });

  it('F8 pressed while the last scan is still being priced opens payment when the price arrives', async () => {
    // A slow network: every quote takes most of a second to come back.
    await cashier.route('**/api/v1/invoices/quote', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    try {
      await cashier.getByLabel('Scan or type a barcode').focus();
      await cashier.keyboard.type(SHIRT);
      await cashier.keyboard.press('Enter');
      await cashier.keyboard.press('F8');
      const pay = cashier.getByRole('dialog', { name: 'Payment' });
      await pay.waitFor();
      expect(await pay.getByTestId('pay-due').textContent()).toBe('₹1,049.00');
      await screenshot(cashier, 'counter-pay-after-pricing');
      await cashier.keyboard.press('Escape');
      await pay.waitFor({ state: 'detached' });
    } finally {
      await cashier.unroute('**/api/v1/invoices/quote');
    }
    await cashier.getByRole('button', { name: 'New sale (clear)' }).click();
    expect(await cashier.getByTestId('cart-line').count()).toBe(0);
  });

  it('a customer name holding an HTML/script payload renders as text, masked and revealed', async () => {
    await cashier.keyboard.press('F4');
    const dialog = cashier.getByRole('dialog', { name: 'Customer' });
    await dialog.getByLabel('Phone', { exact: true }).fill('+91 90000 00077');
    await dialog.getByLabel('Name (optional for a walk-in)').fill(PAYLOAD);
    await dialog.getByRole('button', { name: 'Add and choose' }).click();
    const bar = cashier.getByTestId('sale-customer');
    await expect.poll(() => bar.textContent()).toContain('90xxxxxx77');
    expect(await bar.locator('img, script').count()).toBe(0);
    await screenshot(cashier, 'counter-customer');

    await owner.getByRole('link', { name: 'Customers' }).click();
    await owner.getByLabel('Phone number, or its last 4 digits').fill('0077');
    await owner.getByRole('button', { name: 'Find' }).click();
    await owner.getByTestId('customer-row').first().getByRole('button', { name: 'Reveal…' }).click();
    const reveal = owner.getByRole('dialog', { name: 'Reveal personal data' });
    await reveal.getByLabel('Name').check();
    await reveal.getByLabel('Phone').uncheck();
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    const name = reveal.getByTestId('revealed-name');
    await name.waitFor();
    expect(await name.textContent()).toBe(PAYLOAD);
    expect(await reveal.locator('img, script').count()).toBe(0);
    await reveal.getByRole('button', { name: 'Close' }).click();
    for (const page of [owner, cashier])
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("reveals a customer's phone with a reason, and the reveal appears in the audit trail view", async () => {
    await owner.getByLabel('Phone number, or its last 4 digits').fill('0001');
    await owner.getByRole('button', { name: 'Find' }).click();
    const row = owner.getByTestId('customer-row').filter({ hasText: 'A*** D***' });
    await row.getByRole('button', { name: 'Reveal…' }).click();
    const reveal = owner.getByRole('dialog', { name: 'Reveal personal data' });
    expect(await reveal.getByLabel('Phone').isChecked()).toBe(true);
    await reveal.getByLabel('Reason').selectOption('billing_dispute');
    await reveal.getByLabel('Details (needed for "Other")').fill('Customer disputes bill');
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    // A password prompt appears when the last one is older than the step-up window.
    const stepUp = owner.getByRole('dialog', { name: 'Confirm it is you' });
    const phone = reveal.getByTestId('revealed-phone');
    await stepUp.or(phone).first().waitFor();
    if (await stepUp.isVisible()) {
      await stepUp.getByLabel('Password').fill(shop.owner.password);
      await stepUp.getByRole('button', { name: 'Confirm' }).click();
    }
    expect((await phone.textContent())?.replace(/\D/g, '')).toMatch(/9000000001$/);
    await screenshot(owner, 'customer-reveal');
    await reveal.getByRole('button', { name: 'Close' }).click();
    expect(await owner.getByTestId('customers-table').textContent()).not.toContain('9000000001');

    await owner.getByRole('link', { name: 'Audit trail' }).click();
    // The trail speaks in words: what happened is picked from a list, the row names the owner.
    await owner
      .getByLabel('What happened', { exact: true })
      .selectOption({ label: "Revealed a customer's detail" });
    await owner.getByRole('button', { name: 'Show' }).click();
    const entry = owner.getByTestId('audit-row').filter({ hasText: 'Reason: billing dispute' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Detail: phone');
    expect(await entry.textContent()).toContain("Revealed a customer's detail");
    expect(await entry.textContent()).toContain(shop.owner.name);
    expect(await entry.textContent()).not.toMatch(/customer\.pii|billing_dispute/);
    // The filtered trail exports as CSV, holding the reveal but never the phone number itself.
    const [exported] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await exported.path(), 'utf8');
    expect(csv).toContain('customer.pii.reveal');
    expect(csv).toContain('billing_dispute');
    expect(csv).not.toContain('9000000001');
    await owner.getByRole('button', { name: 'Verify now' }).click();
    await expect
      .poll(() => owner.getByTestId('verify-result').textContent())
      .toContain('The trail is intact');
    await screenshot(owner, 'audit-trail');
    // Choosing the owner's name shows only the owner's entries.
    await owner.getByLabel('What happened', { exact: true }).selectOption({ label: 'Anything' });
    await owner.getByLabel('Who', { exact: true }).selectOption({ label: shop.owner.name });
    await owner.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(async () => {
        const rows = await owner.getByTestId('audit-row').allTextContents();
        return rows.length > 0 && rows.every((r) => r.includes(shop.owner.name));
      })
      .toBe(true);
  });

  it('a cashier cannot open admin pages or call their APIs', async () => {
    await expectCashierRefused(cashier, server.origin, {
      pages: ['/admin/users', '/admin/settings', '/admin/keys', '/audit', '/alerts', '/reports'],
      apis: [
        '/api/v1/users',
        '/api/v1/settings/sign-in',
        '/api/v1/settings/alerts',
        '/api/v1/keys',
        '/api/v1/audit/entries',
        '/api/v1/alerts',
        '/api/v1/reports/gstr1?period=012027',
        '/api/v1/reports/daily-sales',
      ],
    });
  });

  it('an injected inline script is blocked by the CSP', async () => {
    await cashier.goto(url('/counter'));
    await cashier.getByLabel('Scan or type a barcode').waitFor();
    const outcome = await cashier.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = 1';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { violations, injected: (window as { __injected?: number }).__injected };
    });
    expect(outcome.injected).toBeUndefined();
    expect(outcome.violations).toContain('script-src-elem');
  });

  it('saves screenshots of the back-office screens', async () => {
    const visit = async (link: string, ready: () => Promise<unknown>, name: string) => {
      await owner.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: link }).click();
      await ready();
      await screenshot(owner, name);
    };
    await visit(
      'Dashboard',
      // Invoices 2,948 + 5,999 (exchange) + 1,424, less credit notes 1,049 + 1,899.
      () => owner.getByTestId('tile-sales').getByText('₹7,423.00').waitFor(),
      'dashboard',
    );
    await visit(
      'Items and stock',
      () => owner.getByTestId('items-table').getByText(SHIRT).waitFor(),
      'items',
    );
    await visit(
      'Invoices, credit and debit notes',
      () => owner.getByRole('link', { name: invoiceNumber }).waitFor(),
      'documents',
    );
    await owner.getByRole('link', { name: invoiceNumber }).click();
    await owner.getByTestId('document-lines').waitFor();
    await screenshot(owner, 'invoice');
    await visit('GST reports', () => owner.getByLabel('Month').first().waitFor(), 'reports');
    await owner.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Alerts' }).click();
    await owner.getByTestId('alerts-table').waitFor();
    await screenshot(owner, 'alerts');
    await visit('Settings', () => owner.getByLabel('UPI address for payment QR codes').waitFor(), 'settings');
    expect(await owner.getByLabel('UPI address for payment QR codes').inputValue()).toBe(
      'fakefabrics@okbank',
    );
    for (const name of [
      'counter-sale',
      'counter-payment',
      'counter-receipt',
      'counter-return',
      'counter-approval',
      'counter-hindi',
      'counter-hindi-cart-tablet',
      'customer-reveal',
      'audit-trail',
      'dashboard',
      'items',
      'documents',
      'invoice',
      'credit-note',
      'reports',
      'alerts',
      'settings',
    ])
      expect(existsSync(join(screenshotDir, `${name}.png`)), name).toBe(true);
  });

  it("downloads the month's sales register holding the sale and the GSTR-1 JSON of the month", async () => {
    await owner
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'GST reports' })
      .click();
    const saveFrom = async (form: string) => {
      const [file] = await Promise.all([
        owner.waitForEvent('download'),
        owner.getByRole('form', { name: form }).getByRole('button', { name: 'Download' }).click(),
      ]);
      await owner.getByRole('form', { name: form }).getByText(`Saved ${file.suggestedFilename()}.`).waitFor();
      return readFileSync(await file.path(), 'utf8');
    };
    const register = await saveFrom('Sales register (CSV)');
    expect(register).toContain(invoiceNumber);
    expect(register).toContain(creditNoteNumber);
    // The month field shows MM-YYYY; the return's period is MMYYYY.
    const period = (await owner.getByLabel('Month').first().inputValue()).replace('-', '');
    const gstr1 = JSON.parse(await saveFrom('GSTR-1')) as { fp?: string; gstin?: string };
    expect(gstr1.fp).toBe(period);
    expect(gstr1.gstin).toMatch(/^\d{2}[A-Z0-9]{13}$/);
  });

  it('imports items from a CSV with its row report, and cancels an invoice with a reason', async () => {
    const menu = owner.getByRole('navigation', { name: 'Main menu' });
    await menu.getByRole('link', { name: 'Items and stock' }).click();
    const csv = [
      'name,kind,hsn_sac,uqc,rate_category,price_includes_tax,price,mrp,barcode,sku,size,colour',
      'Test chikan kurti,goods,6211,PCS,apparel,yes,899.00,999.00,,TKRT-S,S,White',
      'Broken row,goods,62,PCS,apparel,yes,10,,,,,',
    ].join('\n');
    const importer = owner.getByRole('region', { name: 'Import items from a CSV file' });
    await importer.getByLabel('CSV file').setInputFiles({
      name: 'items.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await importer.getByRole('button', { name: 'Import' }).click();
    const report = importer.getByTestId('import-report');
    await report.getByText('Nothing imported: 1 problems in 2 rows.', { exact: false }).waitFor();
    expect(await report.getByRole('row').nth(1).textContent()).toContain('hsn_sac');
    await importer.getByLabel('Skip bad rows and import the rest').check();
    await importer.getByRole('button', { name: 'Import' }).click();
    await report.getByText('1 imported, 1 skipped, of 2 rows.').waitFor();
    await screenshot(owner, 'items-import');
    await owner.getByLabel('Search by name').fill('Test chikan');
    await owner.getByLabel('Search by name').press('Enter');
    const row = owner
      .getByTestId('items-table')
      .getByRole('row', { name: /^Test chikan kurti \(S, White\)/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('₹899.00');
    // Goods received: stock goes from 0 to 12, shown on the page.
    await row.getByRole('button', { name: 'Stock of Test chikan kurti (S, White)' }).click();
    const stock = owner.getByRole('dialog', { name: 'Stock of Test chikan kurti (S, White)' });
    await stock.getByLabel('Reason').selectOption('received');
    await stock.getByLabel('Change').fill('12');
    await stock.getByText('After this: 12').waitFor();
    await stock.getByRole('button', { name: 'Save' }).click();
    await stock.waitFor({ state: 'detached' });
    await expect.poll(async () => (await row.getByRole('cell').nth(3).textContent())?.trim()).toBe('12');

    await menu.getByRole('link', { name: 'Invoices, credit and debit notes' }).click();
    await owner.getByRole('link', { name: discountedInvoice }).click();
    expect(await owner.getByTestId('document-status').textContent()).toBe('Issued');
    await owner.getByRole('button', { name: 'Cancel invoice…' }).click();
    const dialog = owner.getByRole('dialog', { name: `Cancel invoice ${discountedInvoice}?` });
    await dialog.getByLabel('Reason').selectOption('customer_cancelled');
    await screenshot(owner, 'invoice-cancel');
    await dialog.getByRole('button', { name: 'Cancel the invoice' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => owner.getByTestId('document-status').textContent()).toBe('Cancelled');
    expect(await owner.getByRole('button', { name: 'Cancel invoice…' }).count()).toBe(0);
  });
});
