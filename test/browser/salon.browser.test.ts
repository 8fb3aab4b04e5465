/// <reference lib="dom" />
/**
 * The salon in real Chromium against the real server (a demo shop): the owner sets up a haircut,
 * a package of six and a commission rate; books a client from the queue, checks them in and bills
 * the haircut with the stylist while selling the package; on the next visit uses a session of it
 * (nothing to pay, five left on the receipt); then sees the commissions. The screen also in Hindi.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoShop, screenshot, type DemoShopSession } from '../support/browser.js';

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

  it('sets up a service, a package and a commission rate', async () => {
    await page.getByRole('link', { name: 'Salon' }).click();
    await page.getByRole('heading', { name: 'Services and packages' }).waitFor();
    await page.getByLabel('Service name').fill('Haircut');
    await page.getByLabel('Price (Rs, tax included)').first().fill('315');
    await page.getByLabel('Minutes').fill('45');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByText('Service added.').waitFor();
    await page.getByLabel('Package name').fill('6 haircuts');
    await page.getByLabel('Sessions').fill('6');
    await page.getByLabel('Price (Rs, tax included)').nth(1).fill('1680');
    await page.getByRole('button', { name: 'Add package' }).click();
    await page.getByText('Package added.').waitFor();
    await page.getByRole('button', { name: 'Set commission' }).click();
    await page.getByText('Commission rule saved.').waitFor();
  });

  it('books a client, checks them in and bills the haircut with the stylist while selling the package', async () => {
    await page.getByLabel('Client phone').fill('+91 90000 00001');
    await page.getByRole('button', { name: 'Find client' }).click();
    await page.getByText(/^Client: /).waitFor();
    await page.getByRole('button', { name: 'Add walk-in' }).click();
    await page.getByText(/^Booked for \d\d:\d\d/).waitFor();
    expect(await page.getByTestId('appointments').textContent()).toMatch(/Asha.*Haircut.*Booked/);
    await checkInAndOpenBill();
    await page.getByLabel('Also sell a package').selectOption({ label: '6 haircuts' });
    await page.getByLabel('Cash received (Rs)').fill('2000');
    await page.getByRole('button', { name: 'Take payment' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    expect(text).toMatch(/Total ₹1,995\.00/);
    expect(text).toMatch(/Haircut by Asha/);
    expect(text).toMatch(/6 haircuts: 6 sessions left/);
    await screenshot(page, 'salon-first-visit-receipt');
  });

  it('on the next visit uses a session of the package: nothing to pay, five left', async () => {
    await page.getByRole('button', { name: 'Add walk-in' }).click();
    await page.getByText(/^Booked for/).waitFor();
    await checkInAndOpenBill();
    await page.getByLabel('Use a session of 6 haircuts (6 left)').check();
    await page.getByRole('button', { name: 'Take payment' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    expect(text).toMatch(/Total ₹0\.00/);
    expect(text).toMatch(/package session by Asha/);
    expect(text).toMatch(/6 haircuts: 5 sessions left/);
    await screenshot(page, 'salon-next-visit-receipt');
  });

  it('shows the commissions of the day: 10 % of the haircut and of the session performed, before tax', async () => {
    await page.getByRole('button', { name: 'Show' }).click();
    // 10 % of the haircut (Rs 300 before tax) and of the session redeemed (Rs 266.67 before tax).
    expect(await page.getByTestId('commissions').textContent()).toBe('Asha: ₹56.67');
    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { name: 'सैलून', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'कमीशन', exact: true }).waitFor();
    await screenshot(page, 'salon-hindi');
    await page.getByLabel('भाषा').selectOption('en');
  });
});
