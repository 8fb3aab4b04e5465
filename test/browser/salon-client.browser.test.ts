/// <reference lib="dom" />
/**
 * The salon's client and back-office screens in real Chromium against the real server (a demo
 * shop): the owner sets up a haircut and a membership; opens a client, loads their wallet (Rs
 * 10,000 for Rs 12,000 of value) and sees the ledger, sells a membership, writes an allergy note
 * that is then listed masked and read only with a reason; bills a walk-in at the member's price
 * paid from the wallet (the receipt shows the stylist, the member's price and the wallet balance);
 * marks a booking as a no-show; looks at one stylist's week; pays out the day's commissions,
 * which locks them; and sees the screen in Hindi. Every screen passes the screen checks.
 */
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoShop, screenshot, type DemoShopSession } from '../support/browser.js';
import { checkScreen } from '../support/screen-checks.js';

const OWNER = {
  name: 'Asha Verma',
  email: 'salon.client@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};
const CLIENT_PHONE = '+91 90000 00001';

describe('salon client screens in Chromium', () => {
  let shop: DemoShopSession | undefined;
  let page: Page;

  beforeAll(async () => {
    shop = await openDemoShop(OWNER);
    page = shop.page;
  }, 180_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('sets up a haircut, a membership and a commission rule', async () => {
    await page.getByRole('link', { name: 'Salon' }).click();
    await page.getByRole('heading', { name: 'Services and packages' }).waitFor();
    await page.getByLabel('Service name').fill('Haircut');
    await page.getByLabel('Price (Rs, tax included)').first().fill('315');
    await page.getByLabel('Minutes').fill('45');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByText('Service added.').waitFor();
    await page.getByLabel('Membership name').fill('Gold');
    await page.getByLabel('Membership price (Rs, tax included)').fill('1000');
    await page.getByLabel('Discount on services (%)').fill('10');
    await page.getByRole('button', { name: 'Add membership' }).click();
    await page.getByText('Membership added.').waitFor();
    await page.getByLabel('Rule for').selectOption({ label: 'Every Owner' });
    await page.getByLabel('% of services').fill('10');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page
      .getByTestId('commission-rules')
      .getByText('Owner: 10 % of services, 0 % of products')
      .waitFor();
  });

  it('loads a wallet: Rs 10,000 paid, Rs 12,000 of value, one ledger entry', async () => {
    await page.getByLabel('Phone of the client').fill(CLIENT_PHONE);
    await page.getByRole('button', { name: 'Open client' }).click();
    await page.getByText('No wallet yet.').waitFor();
    await page.getByLabel('Client pays (Rs)').fill('10000');
    await page.getByLabel('Wallet value given (Rs)').fill('12000');
    await page.getByRole('button', { name: 'Load wallet' }).click();
    await page.getByText('Wallet loaded. Balance ₹12,000.00.').waitFor();
    expect(await page.getByTestId('wallet-balance').textContent()).toMatch(
      /^Balance ₹12,000\.00, valid until/,
    );
    const ledger = (await page.getByTestId('wallet-ledger').textContent()) ?? '';
    expect(ledger).toMatch(/Loaded₹10,000\.00₹12,000\.00₹12,000\.00/);
    await screenshot(page, 'salon-client-wallet');
  });

  it('sells a membership: the client is a member with 10 % off services', async () => {
    await page.getByRole('button', { name: 'Sell membership (cash)' }).click();
    await page.getByText(/^Gold sold on bill .+ for ₹1,000\.00\.$/).waitFor();
    await page
      .getByTestId('membership')
      .getByText(/^Member: Gold, 10 % off services until/)
      .waitFor();
  });

  it('writes an allergy note, lists it masked and reads it only with a reason', async () => {
    await page.getByLabel('Kind of note').selectOption({ label: 'Allergy' });
    await page.getByLabel('Note', { exact: true }).fill('Reacts to ammonia dyes');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note saved.').waitFor();
    const masked = (await page.getByTestId('notes-masked').textContent()) ?? '';
    expect(masked).toMatch(/Allergy, written .+: hidden/);
    expect(await page.getByText('Reacts to ammonia dyes').count()).toBe(0);
    await screenshot(page, 'salon-client-notes-masked');
    // Not serving the client now: refused, nothing shown.
    await page.getByRole('button', { name: 'Read notes (serving this client now)' }).click();
    await page
      .getByRole('alert')
      .getByText(/give a reason/i)
      .waitFor();
    expect(await page.getByText('Reacts to ammonia dyes').count()).toBe(0);
    await page.getByLabel('Reason in words').fill('Checking before a colour service');
    await page.getByRole('button', { name: 'Read notes with this reason' }).click();
    await page.getByTestId('notes-open').getByText('Reacts to ammonia dyes').waitFor();
    await page.getByText('Your reading of these notes is recorded.').waitFor();
    await screenshot(page, 'salon-client-notes-read');
    await page.getByRole('button', { name: 'Hide notes' }).click();
    expect(await page.getByText('Reacts to ammonia dyes').count()).toBe(0);
  });

  it('edits the note it wrote: the new text replaces the old, the list says it was edited', async () => {
    await page.getByRole('button', { name: 'Read notes with this reason' }).click();
    const open = page.getByTestId('notes-open');
    await open.getByText('Reacts to ammonia dyes').waitFor();
    await open.getByRole('button', { name: 'Edit note' }).click();
    await open.getByRole('textbox').fill('Reacts to ammonia and PPD dyes; patch test first');
    await open.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Note updated. The earlier text is not kept.').waitFor();
    await open.getByText('Reacts to ammonia and PPD dyes; patch test first').waitFor();
    expect(await open.getByText('Reacts to ammonia dyes', { exact: true }).count()).toBe(0);
    await screenshot(page, 'salon-client-note-edited');
    await page.getByRole('button', { name: 'Hide notes' }).click();
    expect(await page.getByTestId('notes-masked').textContent()).toMatch(
      /Allergy, written .+: hidden \(edited .+\)/,
    );
    expect(await page.getByText(/PPD/).count()).toBe(0);
  });

  it('adds a photo note: listed hidden, shown only when the notes are read with a reason', async () => {
    const image = new PNG({ width: 8, height: 8 });
    image.data.fill(200);
    await page.getByLabel('Kind of note').selectOption({ label: 'Photo' });
    await page.getByLabel('Photo (JPEG or PNG)').setInputFiles({
      name: 'colour-result.png',
      mimeType: 'image/png',
      buffer: PNG.sync.write(image),
    });
    await page.getByRole('button', { name: 'Add note' }).click();
    const masked = page.getByTestId('notes-masked');
    await masked.getByText(/^Photo, written .+: hidden$/).waitFor();
    expect(await page.getByRole('img', { name: 'Photo: Photo' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Read notes with this reason' }).click();
    const photo = page.getByTestId('notes-open').getByRole('img', { name: 'Photo: Photo' });
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^data:image\/(png|jpeg);base64,/);
    await checkScreen(page, 'salon-client-photo-note-en');
    await page.getByRole('button', { name: 'Hide notes' }).click();
    expect(await page.getByRole('img', { name: 'Photo: Photo' }).count()).toBe(0);
  });

  it('sets the reminder lead time to 2 hours', async () => {
    const hours = page.getByLabel('Send appointment reminders this many hours before');
    expect(await hours.inputValue()).toBe('24');
    await hours.fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await page.evaluate(async () => {
      const response = await fetch('/api/v1/salon/settings');
      return (await response.json()) as { reminderLeadMinutes: number };
    });
    expect(saved).toEqual({ reminderLeadMinutes: 120 });
    await screenshot(page, 'salon-settings');
  });

  it('bills a walk-in at the member price, paid from the wallet', async () => {
    await page.getByLabel('Client phone').fill(CLIENT_PHONE);
    await page.getByRole('button', { name: 'Find client' }).click();
    await page
      .getByText(/^Client: /)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Add walk-in' }).click();
    await page.getByText(/^Booked for \d\d:\d\d/).waitFor();
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Bill', exact: true }).click();
    await page.getByText('Member: Gold, 10 % off services on this bill').waitFor();
    await page.getByLabel(/^From the wallet \(Rs, balance ₹12,000\.00\)/).fill('284');
    await page.getByRole('button', { name: 'Take payment' }).click();
    const receipt = page.getByTestId('salon-receipt');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    // Rs 283.50 at the member price, rounded off to the rupee.
    expect(text).toMatch(/Total ₹284\.00/);
    expect(text).toMatch(/Haircut - member price by Asha/);
    expect(text).toMatch(/Member price: Gold, 10 % off services/);
    expect(text).toMatch(/Wallet balance ₹11,716\.00/);
    await screenshot(page, 'salon-client-wallet-receipt');
  });

  it('shows the wallet balance among what the salon owes its clients, in English and Hindi', async () => {
    const panel = page.getByRole('region', { name: 'Prepaid liability: packages and wallets' });
    await panel.getByRole('button', { name: 'Refresh' }).click();
    // Rs 12,000 of value loaded, Rs 284 spent: Rs 11,716 still owed to the client.
    await panel.getByText('Wallets: ₹11,716.00').waitFor();
    const row = panel.getByTestId('liability-wallets').getByRole('row').filter({ hasText: '₹11,716.00' });
    expect(await row.textContent()).toMatch(/^1₹11,716\.00/);
    expect(await panel.getByTestId('liability-total').textContent()).toContain('₹11,716.00');
    await checkScreen(page, 'salon-liability-wallet-en');
    await page.getByLabel('Language').selectOption('hi');
    await page.getByLabel('भाषा').waitFor();
    await expect.poll(() => page.getByTestId('liability-wallets').textContent()).toContain('₹11,716.00');
    await checkScreen(page, 'salon-liability-wallet-hi');
    await page.getByLabel('भाषा').selectOption('en');
    await panel.getByText('Wallets: ₹11,716.00').waitFor();
  });

  it('marks tomorrow’s booking by phone as a no-show and shows the stylist’s week', async () => {
    const istToday = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${istToday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(tomorrow);
    await page.getByText('No appointments on this day.').waitFor();
    await page.getByLabel('Time (IST)').fill('10:00');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByText('Booked for 10:00.').waitFor();
    const row = page.getByTestId('appointments').getByRole('row').filter({ hasText: '10:00' });
    await row.getByRole('button', { name: 'No-show' }).click();
    await row.getByText('No-show', { exact: true }).waitFor();
    await page.getByLabel('Date', { exact: true }).fill(istToday);
    await page.getByLabel('Show').selectOption({ label: 'Week' });
    await page.getByLabel('Staff').selectOption({ label: 'Asha' });
    const week = page.getByTestId('appointments');
    await week.getByText(/\d{2}-\d{2}-\d{4} 10:00/).waitFor();
    const text = (await week.textContent()) ?? '';
    expect(text).toMatch(/Billed/);
    expect(text).toMatch(/No-show/);
    await screenshot(page, 'salon-week-view');
    await page.getByLabel('Show').selectOption({ label: 'Day' });
  });

  it('pays out the day’s commissions, which locks them', async () => {
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    // 10 % of the haircut's taxable value at the member price (Rs 283.50 with 5 % tax: Rs 270).
    expect(await page.getByTestId('commissions').textContent()).toBe('Asha: ₹27.00');
    await page.getByText('Not paid out yet.').waitFor();
    await page.getByRole('button', { name: 'Pay out and lock this period' }).click();
    await page
      .getByTestId('commission-state')
      .getByText(/^Paid out on .+: locked\.$/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Pay out and lock this period' }).count()).toBe(0);
    await screenshot(page, 'salon-commissions-locked');
  });

  it('shows the client panel and commissions in Hindi', async () => {
    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { name: 'ग्राहक: वॉलेट, सदस्यता, पैकेज और नोट' }).waitFor();
    await page.getByRole('heading', { name: 'कमीशन के नियम' }).waitFor();
    await page.getByText('वॉलेट', { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: 'सैलून की सेटिंग' }).waitFor();
    await page.getByLabel('अपॉइंटमेंट की याद इतने घंटे पहले भेजें').waitFor();
    await screenshot(page, 'salon-client-hindi');
    await page.getByLabel('भाषा').selectOption('en');
  });
});
