/// <reference lib="dom" />
/**
 * A shop's first day, only through the web app, from an empty data folder: the first run with the
 * shop's address (a bad PIN is refused with the form's own message and nothing is created), two-
 * step sign-in, and then the day's work as each piece lands (labels printed after goods are
 * received, read back from the downloaded PDF), three sold with a percentage discount, a second
 * store with stock moved to it under a delivery challan, a backup, and a receipt printed in Hindi.
 * Screenshots of each step go to test-results/shop-day/day-*.png.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import {
  buildWebApp,
  fillShopDetails,
  launchChromium,
  screenshot as screenshotIn,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { pdftotext } from '../support/pdf-text.js';

/** Each step's screenshot (and the PDFs read back) are kept here as the journey's artefacts. */
const screenshotDir = join(repoRoot, 'test-results', 'shop-day');
const screenshot = (page: Page, name: string) => screenshotIn(page, name, { dir: screenshotDir });

const OWNER = {
  name: 'Test Owner',
  email: 'owner@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};

describe('a shop day in the web app', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 768 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  const url = (path: string) => `${server.origin}${path}`;

  /** Gives the password again when the app asks for it (step-up), then waits for `done`. */
  const confirmIfAsked = async (done: ReturnType<Page['getByText']>) => {
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.or(done).first().waitFor({ timeout: 60_000 });
    if (await stepUp.isVisible()) {
      await stepUp.getByLabel('Password').fill(OWNER.password);
      await stepUp.getByRole('button', { name: 'Confirm' }).click();
    }
    await done.waitFor({ timeout: 60_000 });
  };

  it('sets up the business with its address; a bad PIN gets the form message and creates nothing', async () => {
    await page.goto(server.setupLink);
    await page.getByRole('heading', { name: 'Set up Tijori' }).waitFor();
    // The GSTIN is checked as it is typed: one wrong character, then the right one.
    await page.getByLabel('GSTIN', { exact: true }).fill('24AAQCA8719H1ZD');
    await page.getByText('The last character does not match the rest').waitFor();
    expect(await page.getByRole('button', { name: 'Create business' }).isDisabled()).toBe(true);
    await fillShopDetails(page);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Your email').fill(OWNER.email);
    await page.getByLabel(/^Password/).fill(OWNER.password);
    await page.getByLabel('PIN code').fill('38000');
    await page.getByRole('button', { name: 'Create business' }).click();
    await page.getByText('PIN code: type the six digits of the PIN code (for example 411001).').waitFor();
    expect(
      await page.evaluate(async () => (await fetch('/api/v1/setup/state')).json() as Promise<unknown>),
    ).toEqual({
      setupCompleted: false,
    });
    await screenshot(page, 'day-01-setup-refused');
    await page.getByLabel('PIN code').fill('380001');
    await screenshot(page, 'day-02-setup');
    await page.getByRole('button', { name: 'Create business' }).click();
    await page.waitForURL(url('/sign-in'));
  });

  it('enrols two-step sign-in and lands on the counter with no missing-details prompt', async () => {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(url('/mfa'));
    const secret = ((await page.getByTestId('totp-key').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code shown by the app').fill(totpCodeAt(secret, new Date()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await screenshot(page, 'day-03-two-step');
    await page.getByLabel('I have kept these codes safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(url('/counter'));
    expect(await page.getByText("Your shop's address is missing from your bills").count()).toBe(0);
    const profile = await page.evaluate(async () => {
      const stores = (await (await fetch('/api/v1/stores')).json()) as { stores: { id: string }[] };
      const id = stores.stores[0]?.id ?? '';
      return (await fetch(`/api/v1/stores/${id}/billing-profile`)).json() as Promise<unknown>;
    });
    expect(profile).toMatchObject({
      legalName: 'Fake Fabrics',
      addressLine1: '12 Relief Road',
      city: 'Ahmedabad',
      pincode: '380001',
      stateCode: '24',
    });
  });

  it('adds an item with a 3 x 2 size/colour grid, one barcode scanned and five the shop’s own', async () => {
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Items and stock' })
      .click();
    await page.getByRole('button', { name: 'Add item' }).click();
    const dialog = page.getByRole('dialog', { name: 'New item' });
    await dialog.getByLabel('Name').fill('Round-neck tee');
    await dialog.getByLabel('HSN code').fill('6109');
    await dialog.getByLabel('Sizes (separated by commas)').fill('S, M, L');
    await dialog.getByLabel('Colours (separated by commas)').fill('Red, Blue');
    await dialog.getByLabel('Price for all (₹)').fill('799');
    await dialog.getByLabel('MRP for all (₹)').fill('999');
    await expect.poll(() => dialog.getByTestId('variant-grid').locator('tbody tr').count()).toBe(6);
    // A barcode scanned into one row is kept; the others get the shop's own.
    await dialog.getByLabel('Barcode of M / Blue').fill('8901234567890');
    await screenshot(page, 'day-04-new-item');
    await dialog.getByRole('button', { name: 'Create item' }).click();
    await page.getByText('Round-neck tee created with 6 sizes and colours.').waitFor();
    const table = page.getByTestId('items-table');
    await table.getByText('Round-neck tee (M, Blue)').waitFor();
    expect(await table.getByText('8901234567890').count()).toBe(1);
    expect(await table.getByText(/^20\d{11}$/).count()).toBe(5);
  });

  it('receives 10 of each size and colour from a supplier', async () => {
    await page.getByRole('button', { name: 'Receive goods of Round-neck tee' }).click();
    const dialog = page.getByRole('dialog', { name: 'Goods received: Round-neck tee' });
    await dialog.getByLabel('Supplier', { exact: true }).fill('Surat Textiles');
    await dialog.getByLabel('Supplier invoice number').fill('ST/118');
    for (const size of ['S', 'M', 'L'])
      for (const colour of ['Red', 'Blue']) {
        const variant = `Round-neck tee (${size}, ${colour})`;
        await dialog.getByLabel(`Quantity of ${variant} received`).fill('10');
        await dialog.getByLabel(`Cost per piece of ${variant}`).fill('420');
      }
    await screenshot(page, 'day-05-receive');
    await dialog.getByRole('button', { name: 'Add to stock' }).click();
    await page.getByText('60 pieces of Round-neck tee added to stock.').waitFor();
  });

  it('prints barcode labels for what was received: one per piece, price and MRP on each', async () => {
    // The labels dialog opens after the receipt with the received quantities filled in.
    const dialog = page.getByRole('dialog', { name: 'Barcode labels: Round-neck tee' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Labels for Round-neck tee (L, Red)').inputValue()).toBe('10');
    await dialog.getByLabel('Label sheet').selectOption({ label: '24 per A4 sheet (64 × 34 mm)' });
    await dialog.getByLabel('First free label on the sheet').fill('30');
    await dialog.getByText('The first free label must be a number from 1 to 24.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Print labels' }).isDisabled()).toBe(true);
    await dialog.getByLabel('First free label on the sheet').fill('1');
    await screenshot(page, 'day-06a-labels');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Print labels' }).click(),
    ]);
    await dialog.getByText('60 labels printed.').waitFor();
    const path = join(screenshotDir, 'day-06a-labels.pdf');
    await download.saveAs(path);
    const text = await pdftotext(readFileSync(path));
    expect(text).toContain('Round-neck tee');
    expect(text).toContain('L / Red');
    expect(text.match(/Price ₹799\.00 +MRP ₹999\.00/g)).toHaveLength(60);
    expect(text.match(/8901234567890/g)).toHaveLength(10);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const row = page.getByTestId('items-table').getByRole('row', { name: /Round-neck tee \(L, Red\)/ });
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('10');
    await screenshot(page, 'day-06-stock');
  });

  /** The barcode of a size and colour of the tee, as the items page lists it. */
  const barcodeOf = async (size: string, colour: string) =>
    page.evaluate(
      async ([sz, co]) => {
        const list = (await (await fetch('/api/v1/items?q=Round-neck')).json()) as {
          items: { variants: { size: string; colour: string; barcode: string }[] }[];
        };
        return list.items[0]?.variants.find((v) => v.size === sz && v.colour === co)?.barcode ?? '';
      },
      [size, colour] as const,
    );

  const scan = async (code: string) => {
    const box = page.getByLabel('Scan or type a barcode');
    await box.fill(code);
    await box.press('Enter');
  };

  it('sells three tees with a percentage discount at the counter', async () => {
    const code = await barcodeOf('M', 'Red');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Counter' }).click();
    await scan(code);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    const qty = page.getByLabel('Quantity of Round-neck tee (M, Red)');
    await qty.fill('3');
    await qty.press('Enter');
    const discount = page.getByLabel('Discount on Round-neck tee (M, Red) in rupees or percent');
    // Typed as a percentage: 10% of Rs 2,397.00 is Rs 239.70 (the bill rounds to Rs 2,157).
    await discount.fill('10%');
    await discount.press('Enter');
    await expect.poll(() => discount.inputValue()).toBe('239.70');
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('₹2,157.00');
    await screenshot(page, 'day-08-sale');
    await page.keyboard.press('F8');
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.getByLabel('Cash received').fill('2200');
    await pay.getByLabel('Cash received').press('Enter');
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await screenshot(page, 'day-09-sale-complete');
    await done.getByRole('button', { name: 'Next sale' }).click();
  });

  it('takes a khata sale, then a part payment against it in the back office with a receipt', async () => {
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await page.locator('#customer-name').fill('Ramesh Patel');
    await page.locator('#customer-phone').fill('+91 90000 00031');
    await page.locator('#customer-credit').fill('5,000');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.getByText('Customer added.').waitFor();
    const code = await barcodeOf('L', 'Blue');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Counter' }).click();
    await scan(code);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.keyboard.press('F4');
    const who = page.getByRole('dialog', { name: 'Customer' });
    await who.getByLabel('Phone number, or its last 4 digits').fill('0031');
    await who.getByRole('button', { name: 'Find' }).click();
    await screenshot(page, 'day-10a-khata-customer');
    await who.getByRole('button', { name: 'Choose' }).first().click();
    await expect.poll(() => page.getByTestId('sale-customer').textContent()).toContain('90xxxxxx31');
    await page.getByRole('button', { name: /^Pay/ }).click();
    const pay = page.getByRole('dialog', { name: 'Payment' });
    await pay.waitFor();
    await screenshot(page, 'day-10b-khata-payment-dialog');
    await pay.getByLabel("On the customer's account").fill('799');
    await screenshot(page, 'day-10-khata-sale');
    await pay.getByLabel("On the customer's account").press('Enter');
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.waitFor();
    await done.getByRole('button', { name: 'Next sale' }).click();

    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await page
      .getByRole('link', { name: /^Khata of/ })
      .first()
      .click();
    const summary = page.getByTestId('khata-summary');
    await expect.poll(() => summary.textContent()).toContain('₹799.00');
    await page.getByLabel('Amount (₹)').fill('300');
    await page.getByLabel('UPI').check();
    await page.getByRole('button', { name: 'Record payment' }).click();
    const receipt = page.getByTestId('khata-receipt');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('₹300.00 by UPI');
    expect(await receipt.textContent()).toContain('Still owes: ₹499.00');
    await expect.poll(() => summary.textContent()).toContain('₹499.00');
    await screenshot(page, 'day-11-khata-payment');
  });

  it('adds a second store and moves stock to it with a delivery challan (PDF read back)', async () => {
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Stores' }).click();
    await page.getByRole('heading', { name: 'Stores', exact: true }).waitFor();
    const add = page.getByRole('form', { name: 'Add a store' });
    await add.getByLabel('Store name').fill('Relief Road annexe');
    await add.getByLabel(/^Address/).fill('3 Gandhi Road');
    await add.getByLabel('City or town').fill('Ahmedabad');
    await add.getByLabel('PIN code').fill('380002');
    await add.getByLabel('Invoice prefix').fill('ANX');
    await add.getByLabel('Credit note prefix').fill('INV');
    await add.getByRole('button', { name: 'Add store' }).click();
    // The credit-note prefix is the first store's invoice prefix: refused under the field.
    await confirmIfAsked(add.getByText(/^Credit note prefix: /));
    await add.getByLabel('Credit note prefix').fill('ACN');
    await add.getByRole('button', { name: 'Add store' }).click();
    await confirmIfAsked(page.getByText('Relief Road annexe added.'));
    await expect.poll(() => page.getByTestId('stores-table').textContent()).toContain('Relief Road annexe');
    await screenshot(page, 'day-12a-second-store');

    const move = page.getByRole('form', { name: 'Move stock to another store' });
    await move.getByLabel('From store').selectOption({ label: 'Fake Fabrics' });
    await move.getByLabel('To store').selectOption({ label: 'Relief Road annexe' });
    await move.getByLabel('Item name').fill('Round-neck');
    await move.getByRole('button', { name: 'Find' }).click();
    await move.getByLabel('Pieces of Round-neck tee (S, Red) to move').fill('11');
    await move.getByRole('button', { name: 'Move stock' }).click();
    // Only 10 are on hand: refused with the reason, nothing moved.
    await move.getByText(/not enough stock|10 on hand/i).waitFor();
    await move.getByLabel('Pieces of Round-neck tee (S, Red) to move').fill('4');
    await move.getByRole('button', { name: 'Move stock' }).click();
    await page.getByText(/^Stock moved with delivery challan DC\/\d{2}-\d{2}\/00001\.$/).waitFor();
    await screenshot(page, 'day-12b-stock-moved');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Challan PDF DC\// }).click(),
    ]);
    const path = join(screenshotDir, 'day-12b-delivery-challan.pdf');
    await download.saveAs(path);
    const text = await pdftotext(readFileSync(path));
    expect(text.match(/Delivery Challan/g)).toHaveLength(3);
    expect(text).toContain('12 Relief Road');
    expect(text).toContain('3 Gandhi Road');
    expect(text).toContain('GSTIN: 24AAQCA8719H1ZC');
    expect(text).toMatch(/Round-neck tee \(S, Red\)\s+6109\s+4\s+3,196\.00/);
    const levels = await page.evaluate(async () => {
      const { stores } = (await (await fetch('/api/v1/stores')).json()) as {
        stores: { id: string; name: string }[];
      };
      const out: Record<string, number> = {};
      for (const store of stores) {
        const { levels } = (await (await fetch(`/api/v1/stock?storeId=${store.id}`)).json()) as {
          levels: { quantity: number }[];
        };
        out[store.name] = levels.reduce((sum, l) => sum + l.quantity, 0);
      }
      return out;
    });
    // 60 received, 4 sold, 4 moved.
    expect(levels).toEqual({ 'Fake Fabrics': 52, 'Relief Road annexe': 4 });
  });

  it('runs a backup from the web app (password asked again) and lists it with its result', async () => {
    await page.goto(url('/admin/backups'));
    await page.getByRole('heading', { name: 'Backups' }).waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    const done = page.getByText('Backup made.');
    await stepUp.or(done).first().waitFor();
    if (await stepUp.isVisible()) {
      await stepUp.getByLabel('Password').fill(OWNER.password);
      await stepUp.getByRole('button', { name: 'Confirm' }).click();
    }
    await done.waitFor({ timeout: 60_000 });
    const history = page.getByTestId('backup-history');
    await expect.poll(() => history.textContent()).toContain('Succeeded');
    expect(await history.getByRole('button', { name: /^Download the backup of/ }).count()).toBe(1);
    await screenshot(page, 'day-12-backup');
  });
  it('prints receipts in Hindi: the store prints in Hindi, the counter works in Hindi, the receipt reads Hindi', async () => {
    await page.goto(url('/admin/settings'));
    const store = page.locator('section', {
      has: page.getByRole('heading', { name: 'Store details and invoice series' }),
    });
    await store.getByLabel('Print receipts in').selectOption({ label: 'Hindi' });
    await store.getByRole('button', { name: 'Save' }).click();
    await confirmIfAsked(store.getByText('Settings saved.'));
    await page.getByLabel('Language').selectOption('hi');
    await page.locator('nav a[href="/counter"]').click();
    const box = page.getByLabel('बारकोड स्कैन करें या टाइप करें');
    await box.fill(await barcodeOf('S', 'Blue'));
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await screenshot(page, 'day-13a-counter-in-hindi');
    await page.keyboard.press('F8');
    const pay = page.getByRole('dialog', { name: 'भुगतान' });
    await pay.getByLabel('मिला नकद').fill('800');
    await pay.getByLabel('मिला नकद').press('Enter');
    const done = page.getByRole('dialog', { name: 'बिक्री पूरी हुई' });
    await done.waitFor();
    await screenshot(page, 'day-13b-sale-in-hindi');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      done.getByRole('link', { name: 'रसीद (80 मिमी पीडीएफ़)' }).click(),
    ]);
    const path = join(screenshotDir, 'day-13-hindi-receipt.pdf');
    await download.saveAs(path);
    const text = await pdftotext(readFileSync(path));
    expect(text).toContain('कर बीजक');
    expect(text).toContain('कुल');
    expect(text).toContain('Round-neck tee');
    expect(text).toContain('FAKE FABRICS');
    await done.getByRole('button', { name: 'अगली बिक्री' }).click();
  });
});
