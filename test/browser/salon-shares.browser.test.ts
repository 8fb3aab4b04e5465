/// <reference lib="dom" />
/**
 * A service shared by two stylists, in real Chromium against the real server (a demo shop): the
 * owner invites a second stylist, who creates their account; the haircut may be performed by
 * either; a walk-in is billed with the second stylist sharing the service (60 % to the first),
 * the receipt names both, and the day's commissions split 10 % of the service value by the
 * shares. The bill with its share is checked as a readable screen in English and in Hindi.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoShop, screenshot, type DemoShopSession } from '../support/browser.js';
import { checkScreen } from '../support/screen-checks.js';

const OWNER = {
  name: 'Asha Verma',
  email: 'shares.owner@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};
const STYLIST = {
  name: 'Ravi Kumar',
  email: 'ravi.stylist@example.test',
  password: 'monsoon kettle 8812 amber bridge',
};

describe('a service shared by two stylists in Chromium', () => {
  let shop: DemoShopSession | undefined;
  let page: Page;

  beforeAll(async () => {
    shop = await openDemoShop(OWNER);
    page = shop.page;
  }, 180_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('invites a second stylist, who creates their account', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Their email').fill(STYLIST.email);
    await page.getByLabel('Role').selectOption('stylist');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await page.getByTestId('invite-link').inputValue();
    const context = await page.context().browser()?.newContext({ ignoreHTTPSErrors: true });
    if (context === undefined) throw new Error('no browser');
    try {
      const invitee = await context.newPage();
      await invitee.goto(link);
      await invitee.getByLabel('Your name').fill(STYLIST.name);
      await invitee.getByLabel('Email').fill(STYLIST.email);
      await invitee.getByLabel('Choose a password').fill(STYLIST.password);
      await invitee.getByRole('button', { name: 'Create my account' }).click();
      await invitee.getByText('Your account is ready.').waitFor();
    } finally {
      await context.close();
    }
  });

  it('sets up a haircut either stylist may perform, and the commission rate', async () => {
    await page.getByRole('link', { name: 'Salon' }).click();
    await page.getByRole('heading', { name: 'Services and packages' }).waitFor();
    await page.getByLabel('Service name').fill('Haircut');
    await page.getByLabel('Price (Rs, tax included)').first().fill('315');
    await page.getByLabel('Minutes').fill('45');
    const who = page.getByRole('group', { name: /^Who may perform it/ });
    await who.getByRole('checkbox', { name: 'Asha' }).check();
    await who.getByRole('checkbox', { name: 'Ravi' }).check();
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByText('Service added.').waitFor();
    await page.getByRole('button', { name: 'Set commission' }).click();
    await page.getByText('Commission rule saved.').waitFor();
  });

  it('bills a walk-in with Ravi sharing the service, 60 % to Asha; the receipt names both', async () => {
    await page.getByLabel('Client phone').fill('+91 90000 00001');
    await page.getByRole('button', { name: 'Find client' }).click();
    await page.getByText(/^Client: /).waitFor();
    await page.getByRole('button', { name: 'Add walk-in' }).click();
    await page.getByText(/^Booked for \d\d:\d\d/).waitFor();
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Bill', exact: true }).click();
    await page.getByRole('heading', { name: 'Bill', exact: true }).waitFor();
    await page.getByLabel('Service shared with').selectOption({ label: 'Ravi' });
    await page.getByLabel('Share of Asha (%)').fill('60');
    await checkScreen(page, 'salon-shared-bill-en');
    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { name: 'सैलून', exact: true }).waitFor();
    await checkScreen(page, 'salon-shared-bill-hi');
    await page.getByLabel('भाषा').selectOption('en');
    await page.getByRole('heading', { name: 'Salon', exact: true }).waitFor();
    expect(await page.getByLabel('Share of Asha (%)').inputValue()).toBe('60');
    await page.getByLabel('Cash received (Rs)').fill('315');
    await page.getByRole('button', { name: 'Take payment' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    expect(text).toMatch(/Total ₹315\.00/);
    expect(text).toMatch(/Haircut by (Asha, Ravi|Ravi, Asha)/);
    await screenshot(page, 'salon-shared-receipt');
  });

  it("splits the day's commissions by the shares: Rs 18 to Asha and Rs 12 to Ravi", async () => {
    await page.getByRole('button', { name: 'Show' }).click();
    // 10 % of Rs 300 (the haircut before 5 % tax), 60 % and 40 %.
    const commissions = page.getByTestId('commissions');
    await expect.poll(() => commissions.textContent()).toMatch(/Asha: ₹18\.00/);
    expect(await commissions.textContent()).toMatch(/Ravi: ₹12\.00/);
    await checkScreen(page, 'salon-shared-commissions-en');
  });
});
