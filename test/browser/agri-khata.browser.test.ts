/// <reference lib="dom" />
/**
 * The agri shop's farmer records in real Chromium against the real server (issue 17), in English
 * and Hindi: the owner turns the Aadhaar vault on in store settings (off by default), saves a
 * farmer's Aadhaar number on the khata page and sees it only as XXXX-XXXX-1234; a bad number is
 * refused naming the field; the whole number shows only after a reason (and the password when the
 * last one is old) and goes away on "Hide". At the counter, picking the farmer shows the khata
 * card (owes, next due date, overdue, credit limit left) and a part payment by UPI is taken there
 * with its receipt. Every screen passes the screen checks (no raw ids,
 * axe-core).
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
import { checkScreen } from '../support/screen-checks.js';
import { aadhaarNumber, grouped, wrongCheck } from '../agri/vault-numbers.js';

const OWNER = {
  name: 'Khata Owner',
  email: 'khata.owner@example.test',
  password: 'paddy field 4417 evening rain',
};

describe('farmer records in Chromium, English and Hindi: Aadhaar vault, khata card at the counter', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let customerId = '';
  const number = aadhaarNumber();
  const masked = `XXXX-XXXX-${number.slice(8)}`;

  /** Gives the password again when the app asks for it (step-up), then waits for `done`. */
  const confirmIfAsked = async (done: ReturnType<Page['getByText']>) => {
    const stepUp = page.getByRole('dialog', { name: /Confirm it is you|पुष्टि/ });
    await stepUp.or(done).first().waitFor();
    if (await stepUp.isVisible()) {
      await stepUp.getByLabel(/Password|पासवर्ड/).fill(OWNER.password);
      await stepUp.getByRole('button', { name: /^(Confirm|पुष्टि करें)$/ }).click();
    }
    await done.waitFor();
  };

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 1000 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    page = await context.newPage();
    await completeFirstRun(page, server, OWNER);
    const csrfToken = await csrfTokenOf(page, server.origin);
    const response = await page.request.post(`${server.origin}/api/v1/customers`, {
      headers: { origin: server.origin, 'x-csrf-token': csrfToken },
      data: { name: 'Suresh Kumar', phone: '+91 98250 11223', creditLimitPaise: 500_000 },
    });
    expect(response.ok(), await response.text()).toBe(true);
    customerId = String(((await response.json()) as { id: string }).id);
    const post = async (path: string, data: unknown, headers: Record<string, string> = {}) => {
      const res = await page.request.post(`${server.origin}/api/v1${path}`, {
        headers: { origin: server.origin, 'x-csrf-token': csrfToken, ...headers },
        data,
      });
      expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
      return (await res.json()) as Record<string, unknown>;
    };
    const stores = (await (await page.request.get(`${server.origin}/api/v1/stores`)).json()) as {
      stores: { id: string }[];
    };
    const item = (await post('/items', {
      kind: 'goods',
      name: 'Neem coated urea 45 kg',
      hsnSac: '3102',
      uqc: 'BAG',
      rateCategory: 'gst-18',
      priceIncludesTax: true,
      variants: [{ pricePaise: 38_000 }],
    })) as { variants: { id: string }[] };
    // A credit sale of Rs 760 to the farmer: the khata card has something to show and take.
    await post(
      '/invoices',
      {
        storeId: stores.stores[0]?.id ?? '',
        customerId,
        lines: [{ variantId: item.variants[0]?.id ?? '', quantity: 2 }],
        payments: [{ method: 'credit', amountPaise: 76_000 }],
      },
      { 'idempotency-key': 'agri-khata-browser-credit-01' },
    );
    // The web app's own token went stale with the one fetched here: a reload makes it fetch again.
    await page.reload();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('English: the owner turns the vault on; the number is saved and shown masked, revealed with a reason', async () => {
    await page.goto(`${server.origin}/customers/${customerId}/khata`);
    await page.getByTestId('season-khata').waitFor();
    // Off by default: the khata page has no Aadhaar section at all.
    expect(await page.getByTestId('aadhaar-vault').count()).toBe(0);

    await page.goto(`${server.origin}/admin/settings`);
    const section = page.getByRole('region', { name: 'Aadhaar vault' });
    await section.waitFor();
    const keep = section.getByLabel('This shop keeps Aadhaar numbers (in the vault)');
    await expect.poll(() => keep.isDisabled()).toBe(false);
    expect(await keep.isChecked()).toBe(false);
    await keep.click();
    await confirmIfAsked(section.getByText('The Aadhaar vault is on.'));
    await expect.poll(() => keep.isChecked()).toBe(true);
    await checkScreen(page, 'agri-vault-settings-en');

    await page.goto(`${server.origin}/customers/${customerId}/khata`);
    const vault = page.getByTestId('aadhaar-vault');
    await vault.getByRole('heading', { name: 'Aadhaar number (vault)' }).waitFor();
    expect(await vault.getByTestId('aadhaar-masked').textContent()).toBe('No Aadhaar number kept.');
    await vault.getByLabel('Aadhaar number').fill(grouped(wrongCheck(number)));
    await vault.getByRole('button', { name: 'Save in the vault' }).click();
    expect(await vault.getByRole('alert').textContent()).toContain('Aadhaar number');
    await vault.getByLabel('Aadhaar number').fill(grouped(number));
    await vault.getByRole('button', { name: 'Save in the vault' }).click();
    await vault.getByText('Saved in the Aadhaar vault.').waitFor();
    await expect.poll(() => vault.getByTestId('aadhaar-masked').textContent()).toBe(masked);
    expect(await vault.getByLabel('Aadhaar number').inputValue()).toBe('');
    expect(await page.textContent('body')).not.toContain(number.slice(0, 4));
    await checkScreen(page, 'agri-vault-masked-en');
    await screenshot(page, 'agri-khata-01-vault-masked-en');

    await vault.getByLabel('Reason').selectOption('legal');
    await vault.getByRole('button', { name: 'Show the whole number' }).click();
    const revealed = vault.getByTestId('aadhaar-revealed');
    await confirmIfAsked(revealed);
    expect(await revealed.textContent()).toBe(grouped(number));
    await vault.getByRole('button', { name: 'Hide' }).click();
    expect(await vault.getByTestId('aadhaar-revealed').count()).toBe(0);
  });

  it('English: picking the farmer at the counter shows the khata card; a part payment is taken there', async () => {
    await page.goto(`${server.origin}/counter`);
    await page.getByTestId('sale-customer').getByRole('button').click();
    const who = page.getByRole('dialog', { name: 'Customer' });
    await who.getByLabel('Phone number, or its last 4 digits').fill('1223');
    await who.getByRole('button', { name: 'Find' }).click();
    await who
      .getByTestId('customer-results')
      .getByText(/S\*+ K\*+/)
      .waitFor();
    await who.getByRole('button', { name: 'Choose' }).first().click();
    await who.waitFor({ state: 'detached' });
    await page.getByTestId('sale-customer').getByText('credit left').waitFor();
    const card = page.getByTestId('khata-card');
    await card.getByRole('heading', { name: 'Khata' }).waitFor();
    await expect.poll(() => card.textContent()).toContain('Owes₹760.00');
    expect(await card.textContent()).toContain('Credit limit left₹4,240.00');
    await checkScreen(page, 'agri-khata-card-en');
    await card.getByLabel('Payment (₹)').fill('260');
    await card.getByLabel('UPI').check();
    await card.getByRole('button', { name: 'Take payment' }).click();
    const receipt = card.getByTestId('khata-card-receipt');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('₹500.00');
    await expect.poll(() => card.textContent()).toContain('Owes₹500.00');
    await screenshot(page, 'agri-khata-03-counter-card-en');
  });

  it('Hindi: the khata card at the counter, and the vault section with the number only masked', async () => {
    await page.getByLabel('Language').selectOption('hi');
    const card = page.getByTestId('khata-card');
    await card.getByRole('heading', { name: 'खाता' }).waitFor();
    await expect.poll(() => card.textContent()).toContain('बकाया₹500.00');
    await checkScreen(page, 'agri-khata-card-hi');
    await page.goto(`${server.origin}/customers/${customerId}/khata`);
    const vault = page.getByTestId('aadhaar-vault');
    await vault.getByRole('heading', { name: 'आधार नंबर (वॉल्ट)' }).waitFor();
    await expect.poll(() => vault.getByTestId('aadhaar-masked').textContent()).toBe(masked);
    expect(await vault.getByRole('button', { name: 'पूरा नंबर दिखाएँ' }).count()).toBe(1);
    await checkScreen(page, 'agri-vault-masked-hi');
    await screenshot(page, 'agri-khata-02-vault-masked-hi');
    await page.goto(`${server.origin}/admin/settings`);
    const section = page.getByRole('region', { name: 'आधार वॉल्ट' });
    await section.waitFor();
    await expect.poll(() => section.getByLabel('यह दुकान आधार नंबर रखती है (वॉल्ट में)').isChecked()).toBe(true);
    await checkScreen(page, 'agri-vault-settings-hi');
  });
});
