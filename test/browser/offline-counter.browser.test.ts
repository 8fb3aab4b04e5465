/// <reference lib="dom" />
/**
 * The offline counter in real Chromium against the real server (issue 21): a cashier's counter
 * keeps its key, catalog and a block of numbers; with the network cut (`context.setOffline`) it
 * sells 20 sales in cash, UPI and card, a reload in the middle keeps the cart and the queue, the
 * browser is closed and opened again, a customer and returns are refused with a clear message
 * in English and Hindi; back online, the queue is sent and each sale exists exactly once with
 * consecutive numbers in the counter's own series and the stock moved once per sale. The stored
 * IndexedDB bytes hold no price, item name or customer in clear, before and after signing out
 * (a cleartext control proves the scan finds what is there).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBarcode } from '../../src/modules/billing/demo-data.service.js';
import {
  buildWebApp,
  CHROMIUM_PATH,
  chromiumArgs,
  launchChromium,
  screenshot,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';
import { apiCaller, provisionShop, type BrowserShop } from '../support/browser-shop.js';

/** Men's cotton shirt (S, White), Rs 1,049 with GST. */
const SHIRT = demoBarcode(1);
const SALES = 20;
/** What must never be readable in the stored bytes: prices, item names, a customer's name. */
const MARKERS = ['104900', "Men's cotton shirt", 'Denim jeans', 'Asha Demo', 'Ravi Sample', '189900'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The markers found in clear (as Latin-1 or UTF-16 text) in the profile's IndexedDB files. */
function markersInIndexedDb(profile: string, markers: readonly string[]): string[] {
  const root = join(profile, 'Default', 'IndexedDB');
  const bytes = Buffer.concat(filesUnder(root).map((f) => readFileSync(f)));
  return markers.filter(
    (m) => bytes.includes(Buffer.from(m, 'latin1')) || bytes.includes(Buffer.from(m, 'utf16le')),
  );
}

/** Progress on the test's output, so a slow run shows where it is. */
const step = (what: string) => process.stdout.write(`[offline counter] ${what}\n`);

describe('offline counter in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let shop: BrowserShop;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const url = (path: string) => `${server.origin}${path}`;
  const open = async () => {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...chromiumArgs, '--ignore-certificate-errors'],
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 900 },
      locale: 'en-IN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
  };
  const scan = async (code: string, lines: number) => {
    await page.locator('#scan-input').focus();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(lines);
  };
  const pay = async (i: number) => {
    await page.keyboard.press('F8');
    const dialog = page.getByRole('dialog', { name: 'Payment' });
    await dialog.waitFor();
    if (i % 3 === 0) await dialog.getByRole('button', { name: 'Exact' }).click();
    if (i % 3 === 1) {
      await dialog.getByLabel('Amount by UPI').fill('1,049');
      await dialog.getByLabel('UPI reference (from the payer’s app)').fill(`UTR41234567${String(1000 + i)}`);
    }
    if (i % 3 === 2) {
      await dialog.getByLabel('Amount by card').fill('1,049');
      await dialog.getByLabel('Last 4 digits of the card').fill('4242');
      await dialog.getByLabel('Terminal reference').fill(`TRM-${String(5000 + i)}`);
    }
    await dialog.getByRole('button', { name: 'Issue invoice' }).click();
    await dialog.waitFor({ state: 'detached' });
    const message = (await page.getByTestId('counter-message').textContent()) ?? '';
    expect(message).toMatch(/^Sale C1\/\d{2}-\d{2}\/\d{5} kept on this counter \(₹1,049\.00\)/);
    return /C1\/\d{2}-\d{2}\/\d{5}/.exec(message)?.[0] ?? '';
  };

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    const setupBrowser = await launchChromium();
    try {
      shop = await provisionShop(setupBrowser, server);
    } finally {
      await setupBrowser.close();
    }
    step('shop ready');
    profile = mkdtempSync(join(tmpdir(), 'tijori-offline-profile-'));
    await open();
  }, 240_000);
  afterAll(async () => {
    await context.close().catch(() => undefined);
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sells 20 sales offline across a reload and a browser restart, then each arrives once, numbered in order', async () => {
    await page.goto(url('/sign-in'));
    await page.getByLabel('Email').fill(shop.cashier.email);
    await page.getByLabel('Password').fill(shop.cashier.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(url('/counter'));
    step('signed in');
    // Online first: the counter keeps its key, catalog and numbers; the app shell is installed.
    await page.getByText('Invoice numbers kept on this counter: 50').waitFor();
    step('counter kept its key, catalog and numbers');
    const shell = await page.evaluate(async () => {
      try {
        const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        return `registered: active ${String(reg.active !== null)}, installing ${String(reg.installing !== null)}`;
      } catch (error) {
        return `not registered: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    step(`app shell ${shell}`);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
      .toBe(true);

    step('app shell installed');
    await context.setOffline(true);
    await page.getByText(/The server cannot be reached: this counter keeps selling/).waitFor();
    step('offline');
    const numbers: string[] = [];
    for (let i = 0; i < SALES; i += 1) {
      if (i === 6) {
        // A reload in the middle of a sale: the app opens from the kept shell, the cart is still there.
        await scan(SHIRT, 1);
        await page.getByText('Invoice numbers kept on this counter: 44').waitFor();
        await page.reload();
        await page.getByText(/The server cannot be reached/).waitFor();
        await expect.poll(() => page.getByTestId('cart-line').count(), { timeout: 10_000 }).toBe(1);
        await page.getByText('6 sales wait to be sent').waitFor();
      } else if (i === 12) {
        // The browser is closed and opened again, still without the network.
        await context.close();
        await open();
        await context.setOffline(true);
        await page.goto(url('/counter'));
        await page.getByText('12 sales wait to be sent').waitFor();
        await scan(SHIRT, 1);
      } else await scan(SHIRT, 1);
      numbers.push(await pay(i));
      step(`sale ${String(i + 1)}`);
    }
    await page.getByText(`${String(SALES)} sales wait to be sent`).waitFor();
    await screenshot(page, 'offline-counter-waiting');

    // What needs the server is refused offline, with the reason, in English and in Hindi.
    await page.keyboard.press('F4');
    await page
      .getByText(
        "Offline, the counter sells to walk-in customers only: a customer's account or details need the server",
      )
      .waitFor();
    await page.getByLabel('Language').selectOption('hi');
    await page.getByText(/सर्वर तक नहीं पहुँच पा रहे/).waitFor();
    await page.getByText(`${String(SALES)} बिक्रियाँ भेजी जानी बाक़ी हैं`).waitFor();
    await screenshot(page, 'offline-counter-waiting-hi');
    await page.keyboard.press('F4');
    await page.getByText(/ऑफ़लाइन काउंटर सिर्फ़ आम ग्राहकों को बेचता है/).waitFor();
    await page.getByLabel('भाषा').selectOption('en');

    // The stored bytes hold nothing readable while the sales wait (a cleartext control is found).
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('scan-control', 1);
          request.onupgradeneeded = () => request.result.createObjectStore('s');
          request.onsuccess = () => {
            const tx = request.result.transaction('s', 'readwrite');
            tx.objectStore('s').put('CONTROL-MARKER-7731', 'k');
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(new Error('control write failed'));
          };
        }),
    );

    expect(markersInIndexedDb(profile, ['CONTROL-MARKER-7731'])).toEqual(['CONTROL-MARKER-7731']);
    expect(markersInIndexedDb(profile, MARKERS)).toEqual([]);

    // Back online: the queue is sent in order.
    await context.setOffline(false);
    await page.getByText('All sales are sent').waitFor({ timeout: 60_000 });
    expect(numbers).toHaveLength(SALES);
    const seqs = numbers.map((n) => Number(n.slice(-5)));
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));

    const ownerContext = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs,
    });
    try {
      const ctx = await ownerContext.newContext({ ignoreHTTPSErrors: true });
      const call = apiCaller(ctx.request, server);
      await call('POST', '/auth/login', { email: shop.cashier.email, password: shop.cashier.password });
      const { documents } = (await call('GET', '/invoices?limit=200')) as { documents: { number: string }[] };
      const offline = documents.map((d) => d.number).filter((n) => n.startsWith('C1/'));
      expect([...offline].sort()).toEqual([...numbers].sort());
      const item = (await call('GET', `/items/barcodes/${SHIRT}`)) as { variants: { id: string }[] };
      const variantId = item.variants[0]?.id ?? '';
      const { movements } = (await call(
        'GET',
        `/stock/movements?storeId=${shop.storeId}&variantId=${variantId}&limit=200`,
      )) as { movements: { kind: string; quantity: number }[] };
      expect(movements.filter((m) => m.kind === 'sale')).toHaveLength(SALES);
    } finally {
      await ownerContext.close();
    }
  }, 600_000);

  it('after signing out, IndexedDB holds no price, item or customer in clear', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(url('/sign-in'));
    await context.close();
    expect(markersInIndexedDb(profile, ['CONTROL-MARKER-7731'])).toEqual(['CONTROL-MARKER-7731']);
    expect(markersInIndexedDb(profile, MARKERS)).toEqual([]);
    await open();
  }, 120_000);
});
