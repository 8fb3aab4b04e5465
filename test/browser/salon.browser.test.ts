/// <reference lib="dom" />
/**
 * The salon in real Chromium against the real server (a demo shop): the owner sets up a haircut,
 * a package of six and a commission rate; books a client from the queue, checks them in and bills
 * the haircut with the stylist while selling the package; on the next visit, in Hindi, uses a
 * session of it (nothing to pay, five left on the receipt); then sees the commissions and what the
 * salon owes in unused sessions. Every screen it reaches passes the readable-screen check (no raw
 * ids, codes or field names; axe-core) in English and in Hindi.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoShop, screenshot, type DemoShopSession } from '../support/browser.js';
import { checkScreen } from '../support/screen-checks.js';

const OWNER = {
  name: 'Asha Verma',
  email: 'salon.owner@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};

describe('salon screens in Chromium', () => {
  let shop: DemoShopSession | undefined;
  let page: Page;

  beforeAll(async () => {
    shop = await openDemoShop(OWNER);
    page = shop.page;
  }, 180_000);

  afterAll(async () => {
    await shop?.close();
  });

  const checkInAndOpenBill = async () => {
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Bill', exact: true }).click();
  };
  const toHindi = async () => {
    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { name: 'सैलून', exact: true }).waitFor();
  };
  const toEnglish = async () => {
    await page.getByLabel('भाषा').selectOption('en');
    await page.getByRole('heading', { name: 'Salon', exact: true }).waitFor();
  };
  /** The screen as it is, checked in English and then in Hindi (left in English). */
  const checkInBothLanguages = async (screen: string) => {
    await checkScreen(page, `${screen}-en`);
    await toHindi();
    await checkScreen(page, `${screen}-hi`);
    await toEnglish();
  };

  it('sets up a service, a package and a commission rate', async () => {
    await page.getByRole('link', { name: 'Salon' }).click();
    await page.getByRole('heading', { name: 'Services and packages' }).waitFor();
    await page.getByLabel('Service name').fill('Haircut');
    await page.getByLabel('Price (Rs, tax included)').first().fill('315');
    await page.getByLabel('Minutes').fill('45');
    expect(await page.getByLabel('SAC code').inputValue()).toBe('999721');
    await page
      .getByRole('group', { name: /^Who may perform it/ })
      .getByRole('checkbox', { name: 'Asha' })
      .check();
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByText('Service added.').waitFor();
    await page.getByLabel('Package name').fill('6 haircuts');
    await page.getByLabel('Sessions').fill('6');
    await page.getByLabel('Price (Rs, tax included)').nth(1).fill('1680');
    await page.getByRole('button', { name: 'Add package' }).click();
    await page.getByText('Package added.').waitFor();
    await page.getByRole('button', { name: 'Set commission' }).click();
    await page.getByText('Commission rule saved.').waitFor();
    await checkInBothLanguages('salon-setup');
  });

  it('books a client, checks them in and bills the haircut with the stylist while selling the package', async () => {
    await page.getByLabel('Client phone').fill('+91 90000 00001');
    await page.getByRole('button', { name: 'Find client' }).click();
    await page.getByText(/^Client: /).waitFor();
    await page.getByRole('button', { name: 'Add walk-in' }).click();
    await page.getByText(/^Booked for \d\d:\d\d/).waitFor();
    expect(await page.getByTestId('appointments').textContent()).toMatch(/Asha.*Haircut.*Booked/);
    await checkInBothLanguages('salon-appointment-booked');
    await checkInAndOpenBill();
    await page.getByRole('heading', { name: 'Bill', exact: true }).waitFor();
    await checkInBothLanguages('salon-bill');
    await page.getByLabel('Also sell a package').selectOption({ label: '6 haircuts' });
    // A product on the same bill: a dupatta at Rs 499.
    await page.getByLabel('Product sold (name)').fill('dupatta');
    await page.getByRole('button', { name: 'Find product' }).click();
    await page
      .getByRole('combobox', { name: /^Product(?! sold)/ })
      .selectOption({ label: 'Cotton dupatta (Free, Mustard) (₹499.00)' });
    await page.getByLabel('Cash received (Rs)').fill('2500');
    await page.getByRole('button', { name: 'Take payment' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    // Rs 315 haircut + Rs 1,680 package + Rs 499 dupatta.
    expect(text).toMatch(/Total ₹2,494\.00/);
    expect(text).toMatch(/Haircut by Asha/);
    expect(text).toMatch(/Cotton dupatta \(Free, Mustard\) ₹499\.00/);
    expect(text).toMatch(/6 haircuts: 6 sessions left/);
    await screenshot(page, 'salon-first-visit-receipt');
    await checkInBothLanguages('salon-first-visit-receipt');
  });

  it('on the next visit, in Hindi, uses a session of the package: nothing to pay, five left', async () => {
    await toHindi();
    await page.getByRole('button', { name: 'वॉक-इन जोड़ें' }).click();
    await page.getByText(/^\d\d:\d\d के लिए बुक हुआ।$/).waitFor();
    await page.getByRole('button', { name: 'चेक-इन', exact: true }).click();
    await page.getByRole('button', { name: 'बिल बनाएँ', exact: true }).click();
    await page.getByLabel('6 haircuts का एक सत्र इस्तेमाल करें (6 बाकी)').check();
    await checkScreen(page, 'salon-next-visit-bill-hi');
    await page.getByRole('button', { name: 'भुगतान लें' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    expect(text).toMatch(/कुल ₹0\.00/);
    expect(text).toMatch(/package session: Asha/);
    expect(text).toMatch(/6 haircuts: 5 सत्र बाकी/);
    await screenshot(page, 'salon-next-visit-receipt-hi');
    await toEnglish();
    expect(await receipt.textContent()).toMatch(/6 haircuts: 5 sessions left/);
    await checkScreen(page, 'salon-next-visit-receipt-en');
  });

  it('shows the commissions of the day: 10 % of the haircut and of the session performed, before tax', async () => {
    await page.getByRole('button', { name: 'Show' }).click();
    // 10 % of the haircut (Rs 300 before tax) and of the session redeemed (Rs 266.67 before tax).
    expect(await page.getByTestId('commissions').textContent()).toBe('Asha: ₹56.67');
    await checkScreen(page, 'salon-commissions-en');
    await toHindi();
    await page.getByRole('heading', { name: 'कमीशन', exact: true }).waitFor();
    await page.getByRole('button', { name: 'दिखाएँ' }).click();
    expect(await page.getByTestId('commissions').textContent()).toBe('Asha: ₹56.67');
    await screenshot(page, 'salon-hindi');
    await toEnglish();
  });

  it('shows what the salon owes: five unused sessions of the package at the price paid', async () => {
    const panel = page.getByRole('region', { name: 'Prepaid liability: packages and wallets' });
    // Read again after each bill on the screen, without asking: Rs 1,680 for six sessions is
    // Rs 280 a session, five of them unused.
    await panel.getByText('Total owed to clients: ₹1,400.00').waitFor();
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await panel.getByText('Total owed to clients: ₹1,400.00').waitFor();
    const row = panel.getByTestId('liability-packages').getByRole('row').filter({ hasText: '6 haircuts' });
    expect(await row.textContent()).toMatch(/^6 haircuts5₹1,400\.00\d\d-\d\d-\d{4}$/);
    expect(await panel.textContent()).toContain('No wallet balances.');
    await checkScreen(page, 'salon-liability-en');
    await toHindi();
    await page.getByText('ग्राहकों का कुल बकाया: ₹1,400.00').waitFor();
    await checkScreen(page, 'salon-liability-hi');
    await toEnglish();
  });
});
