/// <reference lib="dom" />
/**
 * An agri-input shop's rules in real Chromium against the real server (issue 17). Set up through
 * the API: the items, their opening stock and a seed batch expiring in 40 days. Through the web
 * app: the dealer licences entered in store settings (a licence ending before its issue day
 * refused in words), the item categories (pesticides under the pesticide licence, subsidised
 * fertiliser under the fertiliser licence, seeds by batch) and the near-expiry window widened to
 * 45 days, shown by the dashboard tile and the counter's batch warning; at the counter in Hindi a
 * pesticide bill printing the licence, a subsidised urea bill asking for the PoS slip (an Aadhaar
 * number refused) and printing its reference and bags; then the pesticide licence entered as
 * expired refuses the sale with a sentence in Hindi and in English. Every screen passes the
 * screen checks (axe and readable text).
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
import { pdftotext } from '../support/pdf-text.js';
import { checkScreen } from '../support/screen-checks.js';
import { aadhaarWithCheckDigit } from '../security-audit/support/numbers.js';

const OWNER = {
  name: 'Krishi Owner',
  email: 'agri.licences@example.test',
  password: 'wheat harvest 4417 rabi season',
};

/** IST calendar day `n` days from today, ISO and as typed on screen (DD-MM-YYYY). */
const istDay = (n: number) => new Date(Date.now() + (330 + n * 1440) * 60_000).toISOString().slice(0, 10);
const shown = (iso: string) => iso.split('-').reverse().join('-');

describe('agri licences, categories, near-expiry window and subsidised fertiliser in Chromium, en/hi', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  const codes = { pesticide: '', urea: '', seed: '' };

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
    const call = async (method: string, path: string, data?: unknown) => {
      const response = await page.request.fetch(`${server.origin}/api/v1${path}`, {
        method,
        headers: { origin: server.origin, 'x-csrf-token': csrfToken },
        ...(data === undefined ? {} : { data }),
      });
      expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
      return (await response.json()) as Record<string, unknown>;
    };
    const storeId = ((await call('GET', '/stores')).stores as { id: string }[])[0]?.id ?? '';
    const item = async (name: string, category: string, uqc: string, pricePaise: number) => {
      const made = (await call('POST', '/items', {
        kind: 'goods',
        name,
        hsnSac: uqc === 'BAG' ? '3102' : '3808',
        uqc,
        rateCategory: uqc === 'BAG' ? 'gst-5' : 'gst-18',
        priceIncludesTax: true,
        category,
        generateBarcodes: true,
        variants: [{ pricePaise }],
      })) as { variants: { id: string; barcode: string }[] };
      return made.variants[0] ?? { id: '', barcode: '' };
    };
    const pesticide = await item('Imidacloprid 17.8% SL 250 ml', 'Pesticides', 'BTL', 38_000);
    const urea = await item('Neem coated urea 45 kg', 'Subsidised fertilisers', 'BAG', 26_650);
    const seed = await item('Hybrid maize seed 4 kg', 'Seeds', 'PAC', 150_000);
    codes.pesticide = pesticide.barcode;
    codes.urea = urea.barcode;
    codes.seed = seed.barcode;
    await call('POST', '/stock/adjustments', {
      storeId,
      reason: 'opening',
      lines: [
        { variantId: pesticide.id, quantity: 20 },
        { variantId: urea.id, quantity: 50 },
      ],
    });
    // Seeds are kept by batch (set on the screen below); this batch was received before.
    await call('PUT', '/agri/category-rules', { category: 'Seeds', needsBatch: true, licenceKind: null });
    await call('POST', '/stock/receipts', {
      storeId,
      supplierName: 'Mahyco Seeds Ltd',
      supplierInvoiceNo: 'MS-4417',
      supplierInvoiceDate: istDay(-2),
      lines: [
        {
          variantId: seed.id,
          quantity: 6,
          unitCostPaise: 120_000,
          batch: { batchNo: 'MZ-40', expiryDate: istDay(40) },
        },
      ],
    });
    await page.reload();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('enters the dealer licences, the categories and the near-expiry window in store settings (English)', async () => {
    await page.goto(`${server.origin}/admin/settings`);
    const licences = page.getByRole('region', { name: 'Dealer licences' });
    const pesticide = licences.getByRole('group', { name: 'Pesticide (insecticide) licence' });
    await pesticide.getByText('Not entered: items needing it cannot be sold.').waitFor();
    await pesticide.getByLabel('Licence number').fill('GJ/AHD/INS/2024/0815');
    await pesticide.getByLabel('Issued on').fill(shown(istDay(-300)));
    await pesticide.getByLabel('Valid until').fill(shown(istDay(-301)));
    await pesticide.getByRole('button', { name: 'Save Pesticide (insecticide) licence' }).click();
    await pesticide.getByText('The licence must end after the day it was issued.').waitFor();
    await pesticide.getByLabel('Valid until').fill(shown(istDay(400)));
    await pesticide.getByRole('button', { name: 'Save Pesticide (insecticide) licence' }).click();
    await pesticide.getByText('Pesticide (insecticide) licence saved.').waitFor();
    expect(await pesticide.getByTestId('licence-state').textContent()).toBe(
      `Valid until ${shown(istDay(400))}.`,
    );

    const fertiliser = licences.getByRole('group', { name: 'Fertiliser licence' });
    await fertiliser.getByLabel('Licence number').fill('FCO/GJ/2025/77');
    await fertiliser.getByLabel('Valid until').fill(shown(istDay(20)));
    await fertiliser.getByRole('button', { name: 'Save Fertiliser licence' }).click();
    await fertiliser.getByText('Fertiliser licence saved.').waitFor();
    // Expiring within 30 days: a warning, as the self-audit gives.
    expect(await fertiliser.getByTestId('licence-state').textContent()).toBe(
      `Expires in 20 days (${shown(istDay(20))}): renew it in time.`,
    );

    const categories = page.getByRole('region', { name: 'Agri-input categories' });
    const addCategory = async (name: string, licence: string, byBatch: boolean, subsidised: boolean) => {
      await categories.getByLabel('Category', { exact: true }).fill(name);
      await categories.getByLabel('Licence', { exact: true }).selectOption({ label: licence });
      await categories.getByLabel('Kept by batch').setChecked(byBatch);
      if (subsidised) await categories.getByLabel('Subsidised (government PoS)').check();
      await categories.getByRole('button', { name: 'Save category' }).click();
      await categories.getByText(`Category ${name} saved.`).waitFor();
    };
    expect(await categories.getByLabel('Subsidised (government PoS)').isDisabled()).toBe(true);
    await addCategory('Pesticides', 'Pesticide (insecticide) licence', false, false);
    await addCategory('Subsidised fertilisers', 'Fertiliser licence', false, true);
    const rows = await categories.getByTestId('agri-categories').locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('PesticidesNoPesticide (insecticide) licenceNo'))).toBe(true);
    expect(rows.some((r) => r.startsWith('Subsidised fertilisersNoFertiliser licenceYes'))).toBe(true);

    const window = page.getByRole('region', { name: 'Expiring stock' });
    await window.getByLabel('Warn of batches expiring within (days)').fill('45');
    await window.getByRole('button', { name: 'Save' }).click();
    await window.getByText('Batches expiring within 45 days are now shown as expiring soon.').waitFor();
    await checkScreen(page, 'agri-licence-settings-en');
    await screenshot(page, 'agri-licences-00-settings-en');
  });

  it('shows the seed batch expiring in 40 days on the dashboard and at the counter, within the 45-day window (Hindi)', async () => {
    await page.goto(`${server.origin}/dashboard`);
    await page.getByLabel('Language').selectOption('hi');
    const tile = page.getByTestId('tile-near-expiry');
    await expect.poll(() => tile.textContent()).toContain('45 दिनों में 1 बैच समाप्त होगा');
    expect(await tile.textContent()).toContain(
      `Hybrid maize seed 4 kg, बैच MZ-40: 6 बचे, समाप्ति ${shown(istDay(40))}`,
    );
    await checkScreen(page, 'agri-near-expiry-45-hi');

    await page.goto(`${server.origin}/counter`);
    const box = page.getByLabel('बारकोड स्कैन करें या टाइप करें');
    await box.fill(codes.seed);
    await box.press('Enter');
    const picker = page.getByTestId('batch-picker');
    await expect
      .poll(() => picker.getByTestId('batch-near-expiry').textContent())
      .toContain('40 दिन में समाप्त');
    await page.getByRole('button', { name: 'नई बिक्री (कार्ट खाली करें)' }).click();
  });

  it('sells a pesticide and subsidised urea at the counter in Hindi; the bills print the licences and the PoS slip', async () => {
    await page.goto(`${server.origin}/counter`);
    const box = page.getByLabel('बारकोड स्कैन करें या टाइप करें');
    const pdfOfSale = async () => {
      await page.keyboard.press('F8');
      const pay = page.getByRole('dialog', { name: 'भुगतान' });
      await pay.getByRole('button', { name: 'पूरा' }).first().click();
      await pay.getByRole('button', { name: 'बिल बनाएँ' }).click();
      const receipt = page.getByTestId('receipt');
      await receipt.waitFor({ timeout: 30_000 });
      const href = (await receipt.getByRole('link', { name: 'ए4 पीडीएफ़' }).getAttribute('href')) ?? '';
      const response = await page.request.get(`${server.origin}${href}`);
      expect(response.ok()).toBe(true);
      const text = await pdftotext(await response.body());
      await page.getByRole('button', { name: 'अगली बिक्री' }).click();
      return text;
    };
    await box.fill(codes.pesticide);
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('₹380.00');
    expect(await page.getByTestId('agri-sale-panel').count()).toBe(0);
    const pesticideBill = await pdfOfSale();
    expect(pesticideBill).toContain('Pesticide licence: GJ/AHD/INS/2024/0815');
    expect(pesticideBill).toContain(`(valid to ${shown(istDay(400))})`);

    for (let i = 0; i < 2; i++) {
      await box.fill(codes.urea);
      await box.press('Enter');
    }
    const subsidy = page.getByRole('group', { name: 'सब्सिडी वाला उर्वरक' });
    await subsidy.waitFor();
    await expect.poll(() => subsidy.getByLabel('PoS मशीन पर बेचे गए बोरे').inputValue()).toBe('2');
    expect(await subsidy.textContent()).toContain('इस बिल में सब्सिडी वाले उर्वरक के 2 बोरे हैं।');
    // The fertiliser licence runs out in 20 days: the cashier is warned, the sale goes on.
    await expect
      .poll(() => page.getByTestId('licence-warning').textContent())
      .toBe(`दुकान का उर्वरक लाइसेंस 20 दिन में (${shown(istDay(20))}) समाप्त होगा। मालिक से नवीनीकरण कराने को कहें।`);
    const reference = subsidy.getByLabel('PoS लेन-देन संदर्भ (पर्ची से)');
    await reference.fill(aadhaarWithCheckDigit('23456789012'));
    await subsidy
      .getByText('यह आधार नंबर जैसा लगता है। PoS पर्ची पर छपा लेन-देन संदर्भ लिखें, किसान का आधार नंबर कभी नहीं।')
      .waitFor();
    expect(await page.getByRole('button', { name: 'भुगतान F8' }).isDisabled()).toBe(true);
    await checkScreen(page, 'agri-subsidy-aadhaar-refused-hi');
    await reference.fill('IFMS-2612-004417');
    // One more bag scanned after the slip was typed: the bags follow the bags sold.
    await box.fill(codes.urea);
    await box.press('Enter');
    await expect.poll(() => subsidy.getByLabel('PoS मशीन पर बेचे गए बोरे').inputValue()).toBe('3');
    expect(await reference.inputValue()).toBe('IFMS-2612-004417');
    await screenshot(page, 'agri-licences-01-subsidy-hi');
    const ureaBill = await pdfOfSale();
    expect(ureaBill.replace(/\s+/g, ' ')).toContain(
      'Subsidised fertiliser sold through the government PoS: transaction IFMS-2612-004417, 3 bag(s)',
    );
    expect(ureaBill).toContain('Fertiliser licence: FCO/GJ/2025/77');
    expect(ureaBill).not.toContain('Pesticide licence');
  });

  it('refuses a pesticide sale once its licence has expired, with a sentence in Hindi and in English', async () => {
    await page.goto(`${server.origin}/admin/settings`);
    const pesticide = page
      .getByRole('region', { name: 'डीलर लाइसेंस' })
      .getByRole('group', { name: 'कीटनाशक लाइसेंस' });
    await pesticide.getByLabel('कब तक मान्य').fill(shown(istDay(-1)));
    await pesticide.getByRole('button', { name: 'कीटनाशक लाइसेंस सहेजें' }).click();
    await pesticide.getByText('कीटनाशक लाइसेंस सहेजा गया।').waitFor();
    expect(await pesticide.getByTestId('licence-state').textContent()).toBe(
      `${shown(istDay(-1))} को समाप्त: नवीनीकृत लाइसेंस दर्ज करने तक ये चीज़ें बेची नहीं जा सकतीं।`,
    );
    await checkScreen(page, 'agri-licence-expired-settings-hi');

    await page.goto(`${server.origin}/counter`);
    const box = page.getByLabel('बारकोड स्कैन करें या टाइप करें');
    await box.fill(codes.pesticide);
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('licence-refusal').textContent())
      .toBe(
        `दुकान का कीटनाशक लाइसेंस ${shown(istDay(-1))} को समाप्त हो गया, इसलिए Imidacloprid 17.8% SL 250 ml बेचा नहीं जा सकता। मालिक या मैनेजर नवीनीकृत लाइसेंस सेटिंग्स, डीलर लाइसेंस में दर्ज कर सकते हैं।`,
      );
    await checkScreen(page, 'agri-licence-expired-counter-hi');
    await page.keyboard.press('F8');
    const pay = page.getByRole('dialog', { name: 'भुगतान' });
    await pay.getByRole('button', { name: 'पूरा' }).first().click();
    await pay.getByRole('button', { name: 'बिल बनाएँ' }).click();
    await expect
      .poll(() => pay.getByRole('alert').textContent())
      .toBe(
        `दुकान का कीटनाशक लाइसेंस ${shown(istDay(-1))} को समाप्त हो गया, इसलिए ये चीज़ें बेची नहीं जा सकतीं। मालिक या मैनेजर नवीनीकृत लाइसेंस सेटिंग्स, डीलर लाइसेंस में दर्ज कर सकते हैं।`,
      );
    await screenshot(page, 'agri-licences-02-expired-refused-hi');
    await page.keyboard.press('Escape');

    await page.getByLabel('भाषा').selectOption('en');
    await expect
      .poll(() => page.getByTestId('licence-refusal').textContent())
      .toBe(
        `The store’s pesticide (insecticide) licence expired on ${shown(istDay(-1))}, so Imidacloprid 17.8% SL 250 ml cannot be sold. The owner or manager can enter the renewed licence under Settings, Dealer licences.`,
      );
    await page.keyboard.press('F8');
    const payEn = page.getByRole('dialog', { name: 'Payment' });
    await payEn.getByRole('button', { name: 'Exact' }).first().click();
    await payEn.getByRole('button', { name: 'Issue invoice' }).click();
    await expect
      .poll(() => payEn.getByRole('alert').textContent())
      .toBe(
        `The store’s pesticide (insecticide) licence expired on ${shown(istDay(-1))}, so these items cannot be sold. The owner or manager can enter the renewed licence under Settings, Dealer licences.`,
      );
    await checkScreen(page, 'agri-licence-expired-refused-en');
  });
});
