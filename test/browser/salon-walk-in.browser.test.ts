/// <reference lib="dom" />
/**
 * The salon's walk-in queue, reminder consent at booking and the printed receipt in real Chromium
 * against the real server (a demo shop), in English and Hindi: a walk-in joins the queue, waits,
 * is given the free stylist (checked in at once) and billed; the 80 mm receipt PDF names the
 * stylist by first name; a client booked by phone with an SMS reminder is told no reminder goes
 * until they agree, the receptionist records the agreement, and the form then says they agreed.
 * Every screen passes the readable-screen check (no raw ids, codes or field names).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoShop, screenshot, type DemoShopSession } from '../support/browser.js';
import { pdftotext } from '../support/pdf-text.js';
import { checkScreen } from '../support/screen-checks.js';

const OWNER = {
  name: 'Asha Verma',
  email: 'walkin.owner@example.test',
  password: 'copper lantern 5521 misty valley',
};
const CLIENT_PHONE = '+91 90000 00001';

describe('salon walk-in queue, reminder consent and printed receipt in Chromium', () => {
  let shop: DemoShopSession | undefined;
  let page: Page;

  beforeAll(async () => {
    shop = await openDemoShop(OWNER);
    page = shop.page;
    await page.getByRole('link', { name: 'Salon' }).click();
    await page.getByRole('heading', { name: 'Services and packages' }).waitFor();
    await page.getByLabel('Service name').fill('Haircut');
    await page.getByLabel('Price (Rs, tax included)').first().fill('315');
    await page.getByLabel('Minutes').fill('45');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByText('Service added.').waitFor();
  }, 240_000);

  afterAll(async () => {
    await shop?.close();
  });

  /** The receipt's 80 mm PDF, fetched with the page's session, as text. */
  const printedReceipt = async (linkName: string): Promise<string> => {
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const href = (await receipt.getByRole('link', { name: linkName }).first().getAttribute('href')) ?? '';
    expect(href).not.toBe('');
    const response = await page.request.get(new URL(href, page.url()).toString());
    expect(response.ok()).toBe(true);
    expect(response.headers()['content-type']).toContain('application/pdf');
    return pdftotext(await response.body());
  };

  it('English: a walk-in waits in the queue, is given the free stylist, billed, and the printed receipt names her', async () => {
    const queuePanel = page.getByRole('region', { name: 'Walk-in queue' });
    await queuePanel.getByText('Nobody is waiting.').waitFor();
    await queuePanel.getByLabel('Service wanted').selectOption({ label: 'Haircut' });
    await queuePanel.getByRole('button', { name: 'Add to queue' }).click();
    await queuePanel.getByText('Added to the queue as number 1.').waitFor();
    const row = queuePanel.getByTestId('walk-in-queue').getByRole('row').filter({ hasText: 'Haircut' });
    expect(await row.textContent()).toMatch(/^1Haircut\s*Walk-in\s*0 minutes/);
    expect(await row.getByLabel('Stylist for number 1').inputValue()).not.toBe('');
    await checkScreen(page, 'salon-walk-in-queue-en');
    await screenshot(page, 'salon-walk-in-queue-en');

    await row.getByRole('button', { name: 'Start service' }).click();
    await queuePanel.getByText('Number 1 is with Asha now: checked in.').waitFor();
    await queuePanel.getByText('Nobody is waiting.').waitFor();
    await page.getByRole('button', { name: 'Bill', exact: true }).click();
    await page.getByLabel('Cash received (Rs)').fill('315');
    await page.getByRole('button', { name: 'Take payment' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    expect(await receipt.textContent()).toMatch(/Haircut by Asha/);
    const printed = await printedReceipt('Receipt (80 mm PDF)');
    expect(printed).toMatch(/Haircut/);
    expect(printed).toMatch(/Stylist: Asha/);
    // First names only: the surname never prints.
    expect(printed).not.toMatch(/Verma/);
    await checkScreen(page, 'salon-walk-in-receipt-en');
  });

  it('English: booking by phone with an SMS reminder records the client’s agreement first', async () => {
    await page.getByLabel('Client phone').fill(CLIENT_PHONE);
    await page.getByRole('button', { name: 'Find client' }).click();
    await page
      .getByText(/^Client: /)
      .first()
      .waitFor();
    await page.getByLabel('Remind the client by').selectOption({ label: 'SMS' });
    await page.getByText('No reminder will be sent until the client agrees.').waitFor();
    const istToday = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${istToday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(tomorrow);
    await page.getByLabel('Time (IST)').fill('11:30');
    await page.getByLabel('The client agrees to reminders by this channel (recorded now)').check();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByText('Booked for 11:30.').waitFor();
    await page.getByText('The client has agreed to reminders by this channel.').waitFor();
    expect(await page.getByText('No reminder will be sent until the client agrees.').count()).toBe(0);
    await checkScreen(page, 'salon-booking-consent-en');
    await page.getByLabel('Date', { exact: true }).fill(istToday);
  });

  it('Hindi: the queue, the stylist and the printed receipt in Hindi screens', async () => {
    await page.getByLabel('Language').selectOption('hi');
    const queuePanel = page.getByRole('region', { name: 'वॉक-इन कतार' });
    await queuePanel.getByText('कोई इंतज़ार नहीं कर रहा।').waitFor();
    await queuePanel.getByRole('button', { name: 'कतार में जोड़ें' }).click();
    await queuePanel.getByText('कतार में नंबर 2 पर जोड़ा।').waitFor();
    const row = queuePanel.getByTestId('walk-in-queue').getByRole('row').filter({ hasText: 'वॉक-इन' });
    await row.waitFor();
    await checkScreen(page, 'salon-walk-in-queue-hi');
    // The first walk-in is billed, so the stylist is free again.
    expect(await row.textContent()).not.toContain('अभी कोई खाली नहीं');
    await row.getByRole('button', { name: 'सेवा शुरू करें' }).click();
    await queuePanel.getByText('नंबर 2 अब Asha के पास है: चेक-इन हो गया।').waitFor();
    await page.getByRole('button', { name: 'बिल बनाएँ', exact: true }).click();
    await page.getByLabel('नकद मिला (रु)').fill('315');
    await page.getByRole('button', { name: 'भुगतान लें' }).click();
    expect(await printedReceipt('रसीद (80 मिमी पीडीएफ़)')).toMatch(/Stylist: Asha/);
    await queuePanel.getByText('कोई इंतज़ार नहीं कर रहा।').waitFor();
    await checkScreen(page, 'salon-walk-in-done-hi');
    await screenshot(page, 'salon-walk-in-hi');
    await page.getByLabel('भाषा').selectOption('en');
  });
});
