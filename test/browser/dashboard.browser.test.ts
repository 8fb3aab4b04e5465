/// <reference lib="dom" />
/**
 * The dashboard's sales charts in real Chromium against the real server (issue 14, items 4 and
 * 9), in English and Hindi. The shop is set up on the first-run page; a second store and three
 * sales (two at the first store, one at the branch, paid by cash, UPI and card) go in through
 * the API. The owner sees today's sales in the day chart's table, the payment mix, the top items
 * and each store by name with its amount, in rupees; the same screen in Hindi. Every screen
 * passes the screen checks (axe and no raw ids or codes).
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebApp,
  completeFirstRun,
  csrfTokenOf,
  launchChromium,
  screenshot,
  type ServerUnderTest,
  startServer,
} from '../support/browser.js';

const OWNER = {
  name: 'Chart Owner',
  email: 'chart.owner@example.test',
  password: 'saffron ledger 5529 morning tide',
};
const BRANCH = 'Navrangpura branch';
const DUPATTA = 'Cotton dupatta';
const BLAZER = 'Wool blazer';

/** Today's IST date as the screens print it (DD-MM-YYYY). */
const todayIst = () => {
  const iso = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
  return iso.split('-').reverse().join('-');
};

describe('dashboard charts in Chromium, English and Hindi', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let firstStore = '';

  const rows = async (table: string) =>
    (await page.getByTestId(`chart-table-${table}`).locator('tbody tr').allInnerTexts()).map((r) =>
      r.split('\t').map((c) => c.trim()),
    );

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 1000 },
      locale: 'en-IN',
      timezoneId: 'UTC',
    });
    page = await context.newPage();
    await completeFirstRun(page, server, OWNER);
    const csrfToken = await csrfTokenOf(page, server.origin);
    let sale = 0;
    const call = async (method: string, path: string, data?: unknown) => {
      const response = await page.request.fetch(`${server.origin}/api/v1${path}`, {
        method,
        headers: {
          origin: server.origin,
          'x-csrf-token': csrfToken,
          'idempotency-key': `dashboard-browser-${String((sale += 1))}`,
        },
        ...(data === undefined ? {} : { data }),
      });
      expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
      return (response.status() === 204 ? {} : await response.json()) as Record<string, unknown>;
    };
    const stores = (await call('GET', '/stores')).stores as { id: string; name: string }[];
    const storeId = stores[0]?.id ?? '';
    firstStore = stores[0]?.name ?? '';
    await call('POST', '/auth/reauthenticate', { password: OWNER.password });
    const branch = await call('POST', '/stores', {
      name: BRANCH,
      addressLine1: 'Shop 9, Swastik Cross Road',
      city: 'Ahmedabad',
      pincode: '380009',
      invoicePrefix: 'NAV',
      creditNotePrefix: 'NCN',
    });
    const item = async (name: string, rateCategory: string, pricePaise: number) =>
      (
        (await call('POST', '/items', {
          kind: 'goods',
          name,
          hsnSac: '6211',
          uqc: 'PCS',
          rateCategory,
          priceIncludesTax: true,
          variants: [{ pricePaise }],
        })) as { variants: { id: string }[] }
      ).variants[0]?.id ?? '';
    const dupatta = await item(DUPATTA, 'apparel', 50_000);
    const blazer = await item(BLAZER, 'gst-18', 118_000);
    await call('POST', '/invoices', {
      storeId,
      lines: [{ variantId: dupatta, quantity: 2 }],
      payments: [{ method: 'cash', amountPaise: 100_000 }],
    });
    await call('POST', '/invoices', {
      storeId,
      lines: [{ variantId: blazer, quantity: 1 }],
      payments: [{ method: 'upi', amountPaise: 118_000, reference: 'UTR-CHART-0001' }],
    });
    await call('POST', '/invoices', {
      storeId: String(branch.id),
      lines: [{ variantId: dupatta, quantity: 1 }],
      payments: [{ method: 'card', amountPaise: 50_000, last4: '4242', reference: 'CARD-CHART-01' }],
    });
    // The web app's own token went stale with the one fetched here: a reload makes it fetch again.
    await page.reload();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it("shows the owner the 30 days' sales, payment mix, top items and each store, in rupees", async () => {
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await page.getByRole('heading', { name: 'Sales by store' }).waitFor();
    expect(await page.getByTestId('charts-net').innerText()).toBe('₹2,680.00');
    // The newest day first: today with its three invoices.
    expect((await rows('days'))[0]).toEqual([todayIst(), '3', '₹2,680.00']);
    expect(await rows('days')).toHaveLength(30);
    expect(await rows('payments')).toEqual([
      ['UPI', '₹1,180.00'],
      ['Cash', '₹1,000.00'],
      ['Card', '₹500.00'],
    ]);
    // Items count their lines before each bill's round-off: the branch's one dupatta is a line of
    // Rs 499.99 (GST worked out from the inclusive price), its bill rounded to Rs 500.
    expect(await rows('items')).toEqual([
      [DUPATTA, '3', '₹1,499.99'],
      [BLAZER, '1', '₹1,180.00'],
    ]);
    expect(await rows('stores')).toEqual([
      [firstStore, '2', '₹2,180.00'],
      [BRANCH, '1', '₹500.00'],
    ]);
    // Each chart is a picture beside its table, hidden from screen readers (the table is read).
    expect(await page.locator('svg.chart').count()).toBe(4);
    expect(await page.locator('svg.chart:not([aria-hidden="true"])').count()).toBe(0);
    await screenshot(page, 'dashboard-charts');
  });

  it('shows the same charts in Hindi', async () => {
    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { name: 'दुकान के अनुसार बिक्री' }).waitFor();
    await page.getByRole('heading', { name: 'सबसे ज़्यादा बिकने वाले सामान' }).waitFor();
    expect(await rows('payments')).toEqual([
      ['यूपीआई', '₹1,180.00'],
      ['नकद', '₹1,000.00'],
      ['कार्ड', '₹500.00'],
    ]);
    expect(await page.getByTestId('chart-table-stores').locator('thead').innerText()).toContain('दुकान');
    await screenshot(page, 'dashboard-charts-hindi');
    await page.getByLabel('भाषा').selectOption('en');
  });
});
