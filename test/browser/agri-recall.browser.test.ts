/// <reference lib="dom" />
/**
 * A batch recall, the khata guarantor and the Aadhaar number on a privacy export in real Chromium
 * against the real server (issue 17), in English and Hindi. Set up through the API: the pesticide
 * licence and category, two batches received, sales of the recalled batch to a farmer who agreed
 * to SMS reminders, to one who did not and to a walk-in buyer, and one sale of the other batch;
 * the Aadhaar vault on with a number saved; an access request. Through the web app: from items
 * and stock to the batch list and the batch's recall (exactly its bills, no customer data), the
 * farmers to contact after a reason (and the password), the notice with who gets it and why not,
 * sent once; the guarantor saved masked and revealed with a reason; the Aadhaar option on the
 * privacy export (left out unless ticked). Every page passes the screen checks.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
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
import { apiAs, confirmIfAsked } from '../support/browser-steps.js';
import { checkScreen } from '../support/screen-checks.js';
import { unzipText } from '../privacy/support/unzip.js';
import { aadhaarNumber, grouped } from '../agri/vault-numbers.js';

const OWNER = {
  name: 'Recall Owner',
  email: 'recall.owner@example.test',
  password: 'cotton boll 5521 winter sowing',
};
const ITEM = 'Profenofos 50% EC 1 L';

describe('batch recall, khata guarantor and the Aadhaar export option in Chromium, English and Hindi', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let agreed = '';
  let bills: { toAgreed: string; toOther: string; walkIn: string; otherBatch: string };
  let requestReference = '';
  const number = aadhaarNumber();
  const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10).split('-').reverse().join('-');

  const confirm = (done: Locator) => confirmIfAsked(page, OWNER.password, done);

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 1000 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
      acceptDownloads: true,
    });
    page = await context.newPage();
    await completeFirstRun(page, server, OWNER);
    const csrfToken = await csrfTokenOf(page, server.origin);
    const call = apiAs(page, server.origin, csrfToken);
    const storeId = ((await call('GET', '/stores')).stores as { id: string }[])[0]?.id ?? '';
    await call('PUT', `/stores/${storeId}/licences/pesticide`, {
      number: 'MP/IND/INS/2025/0311',
      validUntil: '2099-03-31',
    });
    await call('PUT', '/agri/category-rules', {
      category: 'Pesticides',
      needsBatch: true,
      licenceKind: 'pesticide',
    });
    const item = (await call('POST', '/items', {
      kind: 'goods',
      name: ITEM,
      hsnSac: '3808',
      uqc: 'BTL',
      rateCategory: 'gst-18',
      priceIncludesTax: true,
      category: 'Pesticides',
      variants: [{ pricePaise: 90_000 }],
    })) as { variants: { id: string }[] };
    const variantId = item.variants[0]?.id ?? '';
    for (const [batchNo, expiryDate] of [
      ['PF-0425', '2097-04-30'],
      ['PF-0611', '2098-06-30'],
    ] as const)
      await call('POST', '/stock/receipts', {
        storeId,
        supplierName: 'Crystal Crop Protection',
        supplierInvoiceNo: `CC-${batchNo}`,
        supplierInvoiceDate: new Date().toISOString().slice(0, 10),
        lines: [{ variantId, quantity: 10, unitCostPaise: 60_000, batch: { batchNo, expiryDate } }],
      });
    const batches = (await call('GET', `/stock/batches?storeId=${storeId}`)).batches as {
      id: string;
      batchNo: string;
    }[];
    const recalled = batches.find((b) => b.batchNo === 'PF-0425')?.id ?? '';
    const other = batches.find((b) => b.batchNo === 'PF-0611')?.id ?? '';
    const farmer = async (name: string, phone: string) =>
      String((await call('POST', '/customers', { name, phone, creditLimitPaise: 0 })).id);
    agreed = await farmer('Jagdish Patidar', '+91 98260 31415');
    const notAgreed = await farmer('Kamla Bai', '+91 98260 27182');
    await call('POST', `/customers/${agreed}/consents`, {
      purposes: ['reminders_sms'],
      granted: true,
      source: 'counter',
    });
    const sell = async (key: string, batchId: string, quantity: number, customerId?: string) =>
      String(
        (
          await call(
            'POST',
            '/invoices',
            {
              storeId,
              ...(customerId === undefined ? {} : { customerId }),
              lines: [{ variantId, quantity, batchId }],
              payments: [{ method: 'cash', amountPaise: quantity * 90_000 }],
            },
            { 'idempotency-key': `agri-recall-browser-${key}` },
          )
        ).number,
      );
    bills = {
      toAgreed: await sell('a', recalled, 2, agreed),
      toOther: await sell('b', recalled, 1, notAgreed),
      walkIn: await sell('c', recalled, 3),
      otherBatch: await sell('d', other, 4, notAgreed),
    };
    // The vault on (the owner, stepped up), a number kept for the farmer, and his access request.
    await call('POST', '/auth/reauthenticate', { password: OWNER.password });
    await call('PUT', '/agri/aadhaar-vault', { enabled: true });
    await call('PUT', `/customers/${agreed}/aadhaar`, { number });
    const request = await call('POST', '/privacy/requests', {
      kind: 'access',
      channel: 'counter',
      customerId: agreed,
      verifiedInPerson: true,
    });
    requestReference = String(request.reference);
    // The web app's own token went stale with the one fetched here: a reload makes it fetch again.
    await page.reload();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it("English: from items and stock to the batch's recall; exactly its bills, no customer data", async () => {
    await page.goto(`${server.origin}/items`);
    await page.getByRole('link', { name: 'Batches and recalls' }).click();
    await page.getByRole('heading', { name: 'Batches', exact: true }).waitFor();
    const list = page.getByTestId('batch-list');
    await expect.poll(() => list.getByRole('row').count()).toBe(3);
    await checkScreen(page, 'agri-batches-en');
    await page.getByLabel('Batch number or item').fill('0425');
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    await page.getByRole('link', { name: `Recall of batch PF-0425 of ${ITEM}` }).click();
    await page.getByRole('heading', { name: `Recall: ${ITEM}, batch PF-0425` }).waitFor();
    const sales = page.getByTestId('recall-sales');
    await sales.waitFor();
    const rows = (await sales.getByRole('row').allTextContents()).slice(1);
    expect(rows).toEqual([
      `${bills.toAgreed}${today}2A farmer on record`,
      `${bills.toOther}${today}1A farmer on record`,
      `${bills.walkIn}${today}3Walk-in (no name on the bill)`,
    ]);
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toContain(bills.otherBatch);
    expect(body).not.toMatch(/Jagdish|Kamla|98260/);
    const audience = page.getByTestId('recall-audience');
    expect(await audience.textContent()).toContain('1 farmer will receive the notice.');
    expect(await audience.textContent()).toContain('1 farmer who did not agree to SMS reminders');
    expect(await audience.textContent()).toContain('1 walk-in bill with no farmer named (nobody to tell)');
    await checkScreen(page, 'agri-recall-en');
    await screenshot(page, 'agri-recall-01-bills-en');
  });

  it('English: shows the farmers to contact only after a reason and the password, then sends the notice once', async () => {
    await page.getByLabel('Reason').selectOption('other');
    await page.getByRole('button', { name: 'Show farmers to contact' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByTestId('recall-farmers').count()).toBe(0);
    await page.getByLabel('Details (needed for "Other")').fill('Manufacturer recall letter 14/2026');
    await page.getByRole('button', { name: 'Show farmers to contact' }).click();
    const farmers = page.getByTestId('recall-farmers');
    await confirm(farmers);
    const rows = (await farmers.getByRole('row').allTextContents()).slice(1).sort();
    expect(rows).toEqual([
      `Jagdish Patidar+919826031415${bills.toAgreed}2Agreed`,
      `Kamla Bai+919826027182${bills.toOther}1Not agreed`,
    ]);
    expect(await page.textContent('body')).toContain('This reveal is in the audit trail.');
    await checkScreen(page, 'agri-recall-farmers-en');
    await page.getByRole('button', { name: 'Hide' }).click();
    expect(await page.getByTestId('recall-farmers').count()).toBe(0);
    expect(await page.textContent('body')).not.toContain('Jagdish');

    await page.getByRole('button', { name: 'Send the recall notice to 1 farmer' }).click();
    await page.getByText('Recall notice queued for 1 farmer.').waitFor();
    const audience = page.getByTestId('recall-audience');
    await expect.poll(() => audience.textContent()).toContain('0 farmers will receive the notice.');
    expect(await audience.textContent()).toContain('1 farmer who was already sent this notice');
    expect(await audience.textContent()).toMatch(/Last sent on \d{2}-\d{2}-\d{4}/);
    expect(await page.getByRole('button', { name: 'Nobody left to send it to' }).isDisabled()).toBe(true);
    await screenshot(page, 'agri-recall-02-sent-en');
    const recorded = (await (
      await page.request.get(`${server.origin}/api/v1/audit/entries?actionPrefix=recall.&limit=50`)
    ).json()) as { entries: { action: string }[] };
    expect(recorded.entries.map((e) => e.action).sort()).toEqual(['recall.notice.send', 'recall.pii.reveal']);
  });

  it('Hindi: the recall screen in Hindi', async () => {
    await page
      .getByLabel(/^(Language|भाषा)$/)
      .first()
      .selectOption('hi');
    await page.getByRole('heading', { name: `रिकॉल: ${ITEM}, बैच PF-0425` }).waitFor();
    const audience = page.getByTestId('recall-audience');
    await expect.poll(() => audience.textContent()).toContain('0 किसान को सूचना मिलेगी।');
    expect(await audience.textContent()).toContain('1 किसान जिसने एसएमएस रिमाइंडर की सहमति नहीं दी');
    expect(await audience.textContent()).toContain('1 किसान जिसे यह सूचना पहले ही भेजी जा चुकी है');
    expect(await page.getByTestId('recall-sales').textContent()).toContain(
      'बिना नाम का ग्राहक (बिल पर नाम नहीं)',
    );
    await page.getByRole('button', { name: 'संपर्क के लिए किसान दिखाएँ' }).waitFor();
    await checkScreen(page, 'agri-recall-hi');
    await screenshot(page, 'agri-recall-03-hi');
    await page.getByRole('link', { name: 'बैच पर वापस' }).click();
    await page.getByRole('heading', { name: 'बैच', exact: true }).waitFor();
    await page.getByTestId('batch-list').waitFor();
    await checkScreen(page, 'agri-batches-hi');
  });

  it('Hindi: the guarantor on the khata page, saved masked and shown with a reason', async () => {
    await page.goto(`${server.origin}/customers/${agreed}/khata`);
    const panel = page.getByTestId('khata-guarantor');
    await panel.getByRole('heading', { name: 'ज़मानतदार' }).waitFor();
    expect(await panel.getByTestId('guarantor-masked').textContent()).toBe('कोई ज़मानतदार दर्ज नहीं।');
    await panel.getByLabel('ज़मानतदार का नाम').fill('  ');
    await panel.getByRole('button', { name: 'ज़मानतदार सहेजें' }).click();
    await panel.getByRole('alert').waitFor();
    expect(await panel.getByTestId('guarantor-masked').textContent()).toBe('कोई ज़मानतदार दर्ज नहीं।');
    await panel.getByLabel('ज़मानतदार का नाम').fill('Ramprasad Yadav');
    await panel.getByRole('button', { name: 'ज़मानतदार सहेजें' }).click();
    await panel.getByText('ज़मानतदार सहेजा गया।').waitFor();
    await expect.poll(() => panel.getByTestId('guarantor-masked').textContent()).toBe('R*** Y***');
    expect(await page.textContent('body')).not.toContain('Ramprasad');
    await checkScreen(page, 'agri-guarantor-hi');
    await panel.getByLabel('कारण').selectOption('billing_dispute');
    await panel.getByRole('button', { name: 'नाम दिखाएँ' }).click();
    const revealed = panel.getByTestId('guarantor-revealed');
    await confirm(revealed);
    expect(await revealed.textContent()).toBe('Ramprasad Yadav');
    await screenshot(page, 'agri-guarantor-01-hi');
    await panel.getByRole('button', { name: 'छिपाएँ' }).click();
    expect(await panel.getByTestId('guarantor-revealed').count()).toBe(0);
  });

  it('English: the guarantor is changed and removed', async () => {
    await page
      .getByLabel(/^(Language|भाषा)$/)
      .first()
      .selectOption('en');
    const panel = page.getByTestId('khata-guarantor');
    await panel.getByRole('heading', { name: 'Guarantor' }).waitFor();
    await panel.getByLabel('New guarantor’s name').fill('Sita Devi Yadav');
    await panel.getByRole('button', { name: 'Save guarantor' }).click();
    await expect.poll(() => panel.getByTestId('guarantor-masked').textContent()).toBe('S*** D*** Y***');
    await checkScreen(page, 'agri-guarantor-en');
    await panel.getByRole('button', { name: 'Remove guarantor' }).click();
    await panel.getByText('Guarantor removed.').waitFor();
    await expect.poll(() => panel.getByTestId('guarantor-masked').textContent()).toBe('No guarantor kept.');
  });

  it('English and Hindi: the privacy export leaves the Aadhaar number out unless ticked with a reason', async () => {
    const openRequest = async () => {
      await page.goto(`${server.origin}/admin/privacy`);
      await page.getByTestId('requests-table').waitFor();
      await page.getByRole('button', { name: new RegExp(requestReference) }).click();
    };
    await page
      .getByLabel(/^(Language|भाषा)$/)
      .first()
      .selectOption('hi');
    await openRequest();
    const option = page.getByTestId('export-aadhaar');
    await option.getByText('पैकेज में आधार नंबर').waitFor();
    expect(await option.textContent()).toContain(`XXXX-XXXX-${number.slice(8)}`);
    expect(await option.getByLabel('आधार नंबर पैकेज में डालें').isChecked()).toBe(false);
    await checkScreen(page, 'agri-export-aadhaar-hi');

    await page
      .getByLabel(/^(Language|भाषा)$/)
      .first()
      .selectOption('en');
    await option.getByText('Aadhaar number in the package', { exact: true }).waitFor();
    await option.getByLabel('Put the Aadhaar number in the package').check();
    await option.getByLabel('Reason').waitFor();
    expect(await option.getByLabel('Reason').inputValue()).toBe('customer_request');
    await checkScreen(page, 'agri-export-aadhaar-en');
    await screenshot(page, 'agri-export-aadhaar-en');
    await page.getByRole('button', { name: 'Create the encrypted package' }).click();
    // Checked in person: the generated password is shown once, to hand over with the file.
    const made = page.getByTestId('export-made');
    await confirm(made.getByTestId('export-password'));
    const password = (await made.getByTestId('export-password').textContent()) ?? '';
    expect(password).not.toBe('');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      made.getByRole('button', { name: 'Download the package' }).click(),
    ]);
    const path = await download.path();
    const data = (await unzipText(readFileSync(path), password)).get('data.json') ?? '';
    expect(data).toContain('Jagdish Patidar');
    expect(data).toContain(grouped(number));
  });
});
