/// <reference lib="dom" />
/**
 * Agri-input billing in real Chromium against the real server (issue 17). Set up through the API:
 * the pesticide licence, the category kept per batch, the item and the farmer. Through the web
 * app: two pesticide batches received on the goods receipt screen (a missing expiry and an
 * expiry before manufacture refused in words), the credit sale to the farmer at the counter in
 * Hindi choosing the later batch over the near-expiry one, the bill's PDF with batch, expiry and
 * licence number, the farmer's khata with a part payment and the statement PDF, the khata
 * settings, and the near-expiry tile of the dashboard leading to the expired stock screen and
 * the stock register PDF. Every page passes the screen checks (axe and readable text).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebApp,
  completeFirstRun,
  csrfTokenOf,
  launchChromium,
  screenshot,
  screenshotDir,
  type ServerUnderTest,
  startServer,
} from '../support/browser.js';
import { pdftotext } from '../support/pdf-text.js';
import { checkScreen } from '../support/screen-checks.js';

const OWNER = {
  name: 'Kisan Owner',
  email: 'agri.owner@example.test',
  password: 'mustard field 8831 monsoon cloud',
};

describe('agri-input billing in Chromium, in Hindi: khata, part payment, statement, bill', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let customerId = '';
  let barcode = '';
  let storeId = '';
  /** The near-expiry batch: it expires 20 days from today (IST). */
  const soonExpiry = new Date(Date.now() + (330 + 20 * 1440) * 60_000).toISOString().slice(0, 10);
  const shown = (isoDate: string) => isoDate.split('-').reverse().join('-');

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 1000 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
      acceptDownloads: true,
    });
    page = await context.newPage();
    await completeFirstRun(page, server, OWNER);
    const csrfToken = await csrfTokenOf(page, server.origin);
    const call = async (
      method: string,
      path: string,
      data?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const response = await page.request.fetch(`${server.origin}/api/v1${path}`, {
        method,
        headers: { origin: server.origin, 'x-csrf-token': csrfToken, ...headers },
        ...(data === undefined ? {} : { data }),
      });
      expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
      return (await response.json()) as Record<string, unknown>;
    };
    const stores = (await call('GET', '/stores')).stores as { id: string }[];
    storeId = stores[0]?.id ?? '';
    await call('PUT', `/stores/${storeId}/licences/pesticide`, {
      number: 'GJ/AHD/INS/2024/0815',
      validUntil: '2099-03-31',
    });
    await call('PUT', '/agri/category-rules', {
      category: 'Pesticides',
      needsBatch: true,
      licenceKind: 'pesticide',
    });
    const item = (await call('POST', '/items', {
      kind: 'goods',
      name: 'Chlorpyriphos 20% EC 500 ml',
      hsnSac: '3808',
      uqc: 'BTL',
      rateCategory: 'gst-18',
      priceIncludesTax: true,
      category: 'Pesticides',
      generateBarcodes: true,
      variants: [{ pricePaise: 38_000 }],
    })) as { variants: { id: string; barcode: string | null }[] };
    barcode = item.variants[0]?.barcode ?? '';
    expect(barcode).not.toBe('');
    const farmer = await call('POST', '/customers', {
      name: 'रमेश पटेल',
      phone: '+91 98250 44556',
      creditLimitPaise: 1_000_000,
    });
    customerId = String(farmer.id);
    // The web app's own token went stale with the one fetched here: a reload makes it fetch again.
    await page.reload();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  /** Receives a batch of the pesticide on the goods receipt screen (English). */
  const receive = async (
    invoiceNo: string,
    quantity: string,
    batch: { no: string; mfg: string; expiry: string },
  ) => {
    await page.goto(`${server.origin}/items`);
    await page.getByRole('button', { name: 'Receive goods of Chlorpyriphos 20% EC 500 ml' }).click();
    const dialog = page.getByRole('dialog', { name: 'Goods received: Chlorpyriphos 20% EC 500 ml' });
    await dialog.getByText('Pesticides are kept by batch').waitFor();
    await dialog.getByLabel('Supplier', { exact: true }).fill('Rallis India Ltd');
    await dialog.getByLabel('Supplier invoice number').fill(invoiceNo);
    await dialog.getByLabel(/^Quantity of .* received$/).fill(quantity);
    await dialog.getByLabel(/^Cost per .*/).fill('250');
    await dialog.getByLabel(/^Batch or lot number of /).fill(batch.no);
    await dialog.getByLabel(/^Manufacturing date of /).fill(batch.mfg);
    return dialog;
  };

  it('receives pesticide batches on the goods receipt screen; a missing or impossible expiry is refused in words', async () => {
    const dialog = await receive('R-2605', '10', { no: 'CP-2605', mfg: '2026-01-02', expiry: '' });
    await dialog.getByRole('button', { name: 'Add to stock' }).click();
    const problem = dialog.getByTestId('receive-batch-problem');
    await expect.poll(() => problem.textContent()).toMatch(/^give the expiry date of /);
    await dialog.getByLabel(/^Expiry date of /).fill('2025-12-31');
    await dialog.getByRole('button', { name: 'Add to stock' }).click();
    await expect.poll(() => problem.textContent()).toMatch(/is before its manufacturing date$/);
    await checkScreen(page, 'agri-receive-refused-en');
    await dialog.getByLabel(/^Expiry date of /).fill('2098-01-01');
    await dialog.getByRole('button', { name: 'Add to stock' }).click();
    await page.getByText('10 pieces of Chlorpyriphos 20% EC 500 ml added to stock.').waitFor();
    await page
      .getByRole('dialog', { name: 'Barcode labels: Chlorpyriphos 20% EC 500 ml' })
      .getByRole('button', { name: 'Close' })
      .click();

    const soon = await receive('R-2612', '5', { no: 'CP-2612', mfg: '2025-12-01', expiry: '' });
    await soon.getByLabel(/^Expiry date of /).fill(soonExpiry);
    await screenshot(page, 'agri-00-receive-batch-en');
    await soon.getByRole('button', { name: 'Add to stock' }).click();
    await page.getByText('5 pieces of Chlorpyriphos 20% EC 500 ml added to stock.').waitFor();
    const batches = (await (
      await page.request.get(`${server.origin}/api/v1/stock/batches?storeId=${storeId}`)
    ).json()) as { batches: { batchNo: string; mfgDate: string; expiryDate: string; quantity: number }[] };
    expect(batches.batches.map((b) => [b.batchNo, b.mfgDate, b.expiryDate, b.quantity])).toEqual([
      ['CP-2612', '2025-12-01', soonExpiry, 5],
      ['CP-2605', '2026-01-02', '2098-01-01', 10],
    ]);
  });

  it('sells on credit to the farmer at the counter in Hindi, choosing the later batch over the near-expiry one, and prints it on the bill', async () => {
    await page.goto(`${server.origin}/counter`);
    await page.getByLabel('Language').selectOption('hi');
    const box = page.getByLabel('बारकोड स्कैन करें या टाइप करें');
    for (let i = 0; i < 2; i++) {
      await box.fill(barcode);
      await box.press('Enter');
    }
    const picker = page.getByTestId('batch-picker');
    const select = picker.getByLabel('Chlorpyriphos 20% EC 500 ml का बैच');
    await select.waitFor();
    // Earliest expiry first, with its date and a near-expiry warning.
    await expect
      .poll(() => picker.getByTestId('batch-expiry').textContent())
      .toBe(`समाप्ति ${shown(soonExpiry)}`);
    await expect
      .poll(() => picker.getByTestId('batch-near-expiry').textContent())
      .toContain('20 दिन में समाप्त');
    await checkScreen(page, 'agri-counter-batch-hi');
    await screenshot(page, 'agri-00-counter-batch-hi');
    // The cashier takes the later batch with the keyboard.
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => picker.getByTestId('batch-expiry').textContent()).toBe('समाप्ति 01-01-2098');
    expect(await picker.getByTestId('batch-near-expiry').count()).toBe(0);
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('₹760.00');

    await page.keyboard.press('F4');
    const customers = page.getByRole('dialog', { name: 'ग्राहक' });
    await customers.getByLabel('फ़ोन नंबर, या उसके आख़िरी 4 अंक').fill('4556');
    await customers.getByRole('button', { name: 'खोजें' }).click();
    await customers.getByTestId('customer-results').waitFor();
    await customers.getByRole('button', { name: 'चुनें', exact: true }).first().click();
    await page.getByTestId('sale-customer').waitFor();
    await page.keyboard.press('F8');
    const pay = page.getByRole('dialog', { name: 'भुगतान' });
    await pay.getByLabel('ग्राहक के खाते में').fill('760');
    await pay.getByRole('button', { name: 'बिल बनाएँ' }).click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor({ timeout: 30_000 });
    const href = (await receipt.getByRole('link', { name: 'ए4 पीडीएफ़' }).getAttribute('href')) ?? '';
    const response = await page.request.get(`${server.origin}${href}`);
    expect(response.ok()).toBe(true);
    const text = await pdftotext(await response.body());
    expect(text).toMatch(/Batch CP-2605,\s+Exp 01-01-2098/);
    expect(text).not.toContain('CP-2612');
    expect(text).toContain('Pesticide licence: GJ/AHD/INS/2024/0815 (valid to 31-03-2099)');
    await page.getByRole('button', { name: 'अगली बिक्री' }).click();
  });

  it("shows the farmer's khata for the season, takes a part payment with a receipt and downloads the statement", async () => {
    await page.goto(`${server.origin}/customers/${customerId}/khata`);
    const season = page.getByTestId('season-khata');
    await season.getByRole('heading', { name: 'फ़सल के मौसम का खाता' }).waitFor();
    await expect.poll(() => page.getByTestId('khata-summary').textContent()).toContain('₹760.00');
    await checkScreen(page, 'agri-khata-hi');
    await page.getByLabel('रकम (₹)').fill('260');
    await page.getByRole('button', { name: 'भुगतान दर्ज करें' }).click();
    const receipt = page.getByTestId('khata-receipt');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('बाकी बकाया: ₹500.00');
    await expect.poll(() => page.getByTestId('khata-summary').textContent()).toContain('₹500.00');
    await screenshot(page, 'agri-01-khata-payment-hi');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      season.getByRole('button', { name: 'खाता विवरण डाउनलोड करें (PDF)' }).click(),
    ]);
    const path = join(screenshotDir, 'agri-02-statement.pdf');
    await download.saveAs(path);
    const text = await pdftotext(readFileSync(path));
    expect(text).toContain('खाता विवरण');
    expect(text).toContain('रमेश पटेल');
    expect(text).toMatch(/760\.00[\s\S]*260\.00[\s\S]*500\.00/);
    expect(text).toContain('कुल देय: Rs 500.00');
  });

  it('keeps the khata settings in store settings: interest off by default, switched on with its rate', async () => {
    await page.goto(`${server.origin}/admin/settings`);
    const section = page.getByRole('region', { name: 'किसान खाता' });
    await section.waitFor();
    expect(await section.getByLabel('अतिदेय राशि पर साधारण ब्याज लें').isChecked()).toBe(false);
    await checkScreen(page, 'agri-settings-hi');
    await section.getByLabel('अतिदेय राशि पर साधारण ब्याज लें').check();
    await section.getByLabel('ब्याज दर (% वार्षिक)').fill('18');
    await section.getByLabel('देय तिथि के बाद छूट के दिन').fill('15');
    await section.getByRole('button', { name: 'खाता सेटिंग सहेजें' }).click();
    await section.getByText('खाता सेटिंग सहेजी गई।').waitFor();
    const saved = (await (await page.request.get(`${server.origin}/api/v1/agri/khata-settings`)).json()) as {
      interest: unknown;
    };
    expect(saved.interest).toEqual({ enabled: true, rateBp: 1800, graceDays: 15 });
    await screenshot(page, 'agri-03-khata-settings-hi');
  });

  it('warns of the near-expiry batch on the dashboard and downloads the stock register from the expired stock screen', async () => {
    await page.goto(`${server.origin}/dashboard`);
    const tile = page.getByTestId('tile-near-expiry');
    await tile.getByRole('heading', { name: 'समाप्त होने वाला स्टॉक' }).waitFor();
    await expect
      .poll(() => tile.textContent())
      .toContain(`Chlorpyriphos 20% EC 500 ml, बैच CP-2612: 5 बचे, समाप्ति ${shown(soonExpiry)}`);
    expect(await tile.textContent()).not.toContain('CP-2605');
    await checkScreen(page, 'agri-dashboard-hi');
    await tile.getByRole('link', { name: 'समाप्त स्टॉक और स्टॉक रजिस्टर' }).click();
    await page.getByRole('heading', { name: 'समाप्त स्टॉक', exact: true }).waitFor();
    await page.getByText('नष्ट करने के लिए कोई समाप्त स्टॉक नहीं है।').waitFor();
    await page.getByRole('button', { name: 'समाप्त स्टॉक अलग करें' }).click();
    await page.getByText('बिक्री वाले स्टॉक में कोई समाप्त स्टॉक नहीं बचा।').waitFor();
    await checkScreen(page, 'agri-expired-stock-hi');
    await screenshot(page, 'agri-04-expired-stock-hi');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'रजिस्टर डाउनलोड करें (PDF)' }).click(),
    ]);
    const path = join(screenshotDir, 'agri-05-stock-register.pdf');
    await download.saveAs(path);
    const text = await pdftotext(readFileSync(path));
    expect(text).toContain('Stock register of insecticides (Form XIII)');
    expect(text).toContain('Licence: GJ/AHD/INS/2024/0815');
    expect(text).toMatch(/Received\s+Rallis India Ltd R-2605\s+CP-2605\s+02-01-2026\s+01-01-2098\s+10/);
    expect(text).toMatch(/Sold\s+\S+\s+CP-2605\s+02-01-2026\s+01-01-2098\s+2\s+13/);
    expect(text).toMatch(/Closing stock\s+13/);
  });
});
