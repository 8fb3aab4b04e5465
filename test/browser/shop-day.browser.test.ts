/// <reference lib="dom" />
/**
 * A shop's first day, only through the web app, from an empty data folder: the first run with the
 * shop's address (a bad PIN is refused with the form's own message and nothing is created), two-
 * step sign-in, and then the day's work as each piece lands. Screenshots of each step go to
 * test-artifacts/screenshots/day-*.png.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import {
  buildWebApp,
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
    await page.getByText('PIN code: must be a six-digit PIN code').waitFor();
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
    const row = page.getByTestId('items-table').getByRole('row', { name: /Round-neck tee \(L, Red\)/ });
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('10');
    await screenshot(page, 'day-06-stock');
  });
});
