/// <reference lib="dom" />
/**
 * The privacy screens in real Chromium against the real server (a demo shop): at the counter the
 * owner finds a customer by phone and records consent with one tap, then logs the customer's
 * erasure request; the back office lists it with its deadline, acknowledges it and shows the
 * timeline; the compliance page runs a retention dry run and registers a vendor; an export
 * request checked in person is fulfilled on the privacy screen, in English and in Hindi, and the
 * downloaded zip opens with the password shown once (ADR 0062) and holds the customer's data; and
 * the public request page answers a stranger with a reference and nothing else. Screenshots of each.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebApp,
  completeFirstRun,
  launchChromium,
  screenshot,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';
import { unzipText } from '../privacy/support/unzip.js';

/** The words of the screens the export test reads, as a shopkeeper sees them. */
const WORDS = {
  en: {
    counter: 'Counter',
    phone: 'Customer phone',
    find: 'Find',
    choose: /^Choose /,
    asks: 'The customer asks about their data',
    kind: 'They want to',
    inPerson: /I checked who they are/,
    log: 'Log the request',
    logged: /^Request PR-/,
    privacy: 'Privacy requests',
    open: (reference: string) => `Open ${reference}`,
    make: 'Create the encrypted package',
    how: 'The shop makes a strong password for the package.',
    given: 'Give the customer this password now',
    download: 'Download the package',
  },
  hi: {
    counter: 'काउंटर',
    phone: 'ग्राहक का फ़ोन',
    find: 'खोजें',
    choose: / चुनें$/,
    asks: 'ग्राहक अपने डेटा के बारे में पूछ रहे हैं',
    kind: 'वे चाहते हैं',
    inPerson: /मैंने पहचान जाँची/,
    log: 'अनुरोध दर्ज करें',
    logged: /^अनुरोध PR-/,
    privacy: 'गोपनीयता अनुरोध',
    open: (reference: string) => `${reference} खोलें`,
    make: 'एन्क्रिप्ट की गई फ़ाइल बनाएँ',
    how: 'दुकान फ़ाइल के लिए एक मज़बूत पासवर्ड बनाती है।',
    given: 'यह पासवर्ड अभी ग्राहक को दें',
    download: 'फ़ाइल डाउनलोड करें',
  },
} as const;

const OWNER = {
  name: 'Privacy Owner',
  email: 'privacy.owner@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};

describe('privacy screens in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;
  let reference = '';

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 900 },
      locale: 'en-IN',
      timezoneId: 'UTC',
    });
    page = await context.newPage();
    await completeFirstRun(page, server, OWNER, { demo: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('counter: finds a customer by phone and records consent with one tap', async () => {
    const panel = page.getByTestId('consent-capture');
    await panel.getByLabel('Customer phone').fill('+91 90000 00001');
    await panel.getByRole('button', { name: 'Find' }).click();
    await panel.getByRole('button', { name: /^Choose / }).click();
    const sms = panel.getByRole('button', { name: 'Offers by SMS' });
    expect(await sms.getAttribute('aria-pressed')).toBe('false');
    await sms.click();
    await expect.poll(() => sms.getAttribute('aria-pressed')).toBe('true');
    expect(await panel.getByRole('status').textContent()).toBe('Recorded: Offers by SMS agreed');
    await screenshot(page, 'privacy-counter-consent');
    await panel.getByText('The customer asks about their data').click();
    await panel.getByLabel('They want to').selectOption('erasure');
    await panel.getByLabel(/I checked who they are/).check();
    await panel.getByRole('button', { name: 'Log the request' }).click();
    const logged = panel.getByText(/^Request PR-/);
    await logged.waitFor();
    reference = /PR-[A-Z0-9]{8}/.exec((await logged.textContent()) ?? '')?.[0] ?? '';
    expect(reference).not.toBe('');
  });

  it('back office: lists the request with its deadline, acknowledges it and shows the steps', async () => {
    await page.getByRole('link', { name: 'Privacy requests' }).click();
    await page.getByTestId('requests-table').waitFor();
    const row = page.getByRole('row', { name: new RegExp(reference) });
    expect(await row.textContent()).toMatch(/Erase their data.*Open.*days left/);
    await page.getByRole('button', { name: `Open ${reference}` }).click();
    const panel = page.getByTestId('request-panel');
    await panel.getByRole('button', { name: 'Acknowledge (tells the customer)' }).click();
    await expect.poll(() => panel.getByTestId('request-timeline').textContent()).toContain('acknowledged');
    await screenshot(page, 'privacy-requests');
  });

  it('compliance: a retention dry run shows what would happen; a vendor joins the register', async () => {
    await page.getByRole('link', { name: 'Compliance' }).click();
    await page.getByRole('button', { name: 'Dry run (show only)' }).click();
    const result = page.getByTestId('retention-result');
    await result.waitFor();
    expect(await result.getAttribute('data-dry-run')).toBe('true');
    expect(await result.textContent()).toContain(
      'Anonymise customers with no purchase, payment or consent change',
    );
    expect(await page.getByTestId('processing-record').count()).toBeGreaterThan(3);
    await page.getByText('Add a vendor').click();
    await page.getByLabel('Name', { exact: true }).fill('Example SMS Gateway Pvt Ltd');
    await page.getByLabel('What for').fill('Verification codes');
    await page.getByLabel('Data shared (comma separated)').fill('contact');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('processors-table').textContent())
      .toContain('Example SMS Gateway Pvt Ltd');
    await screenshot(page, 'privacy-compliance');
  });

  it('compliance: a retention period is changed within its legal floor; below it the form names the field', async () => {
    await page.getByRole('link', { name: 'Compliance' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Delete sign-in attempts older than this' });
    await row.getByText('Change').click();
    const form = row.getByRole('form');
    await form.getByLabel('Keep for (days)').fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toContain('Keep for (days): this is not filled in correctly');
    await screenshot(page, 'privacy-retention-refused');
    await form.getByLabel('Keep for (days)').fill('400');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('400 days');
    // The audit trail's own retention: below 12 months is refused, naming the field.
    const audit = page.getByTestId('audit-retention');
    await audit.getByLabel('Keep the audit trail for (months)').fill('6');
    await audit.getByRole('button', { name: 'Save the audit trail retention' }).click();
    await expect
      .poll(() => audit.getByRole('alert').textContent())
      .toContain('Keep the audit trail for (months)');
    // The change is in the audit trail, in words.
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Audit trail' })
      .click();
    await page
      .getByLabel('What happened', { exact: true })
      .selectOption({ label: 'Changed a retention period' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('audit-row').filter({ hasText: 'Period: 400' }).waitFor();
    await screenshot(page, 'privacy-retention-audit');
  });

  for (const [lang, phone] of [
    ['en', '+91 90000 00002'],
    ['hi', '+91 90000 00003'],
  ] as const)
    it(`export (${lang}): checked in person, the package is made on the privacy screen, its password shown once; the downloaded zip opens with it and holds the customer`, async () => {
      const w = WORDS[lang];
      const language = page.getByLabel(/^(?:Language|भाषा)$/);
      await language.selectOption(lang);
      try {
        await page.getByRole('navigation').getByRole('link', { name: w.counter, exact: true }).click();
        const panel = page.getByTestId('consent-capture');
        await panel.getByLabel(w.phone).fill(phone);
        await panel.getByRole('button', { name: w.find }).click();
        const choose = panel.getByRole('button', { name: w.choose });
        const label = (await choose.textContent()) ?? '';
        // The screen shows the name masked (initials); the file has it in full.
        const initials = [
          ...(lang === 'en' ? label.replace(/^Choose /, '') : label).matchAll(/(\p{L})\*\*\*/gu),
        ]
          .map((m) => m[1])
          .join('');
        expect(initials.length).toBeGreaterThan(0);
        await choose.click();
        await panel.getByText(w.asks).click();
        await panel.getByLabel(w.kind).selectOption('export');
        await panel.getByLabel(w.inPerson).check();
        await panel.getByRole('button', { name: w.log }).click();
        const logged = panel.getByText(w.logged);
        await logged.waitFor();
        const ref = /PR-[A-Z0-9]{8}/.exec((await logged.textContent()) ?? '')?.[0] ?? '';

        await page.getByRole('link', { name: w.privacy }).click();
        await page.getByRole('button', { name: w.open(ref) }).click();
        const request = page.getByTestId('request-panel');
        await request.getByText(w.how).waitFor();
        await request.getByRole('button', { name: w.make }).click();
        const made = request.getByTestId('export-made');
        await made.getByText(w.given).waitFor();
        const password = (await made.getByTestId('export-password').textContent()) ?? '';
        expect(password).toMatch(/^(?:[0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/);
        await screenshot(page, `privacy-export-password-${lang}`);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          made.getByRole('button', { name: w.download }).click(),
        ]);
        const path = await download.path();
        const bytes = readFileSync(path);
        expect(download.suggestedFilename()).toMatch(/^privacy-export-[0-9a-f]{8}\.zip$/);
        expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
        // The file does not open without the password; with it, it holds this customer's data.
        await expect(unzipText(bytes, 'not-the-password')).rejects.toThrow();
        const files = await unzipText(bytes, password);
        const data = JSON.parse(files.get('data.json') ?? '{}') as {
          sections: Record<string, { rows: Array<Record<string, unknown>> }>;
        };
        const customer = data.sections.customers?.rows[0] ?? {};
        expect(String(customer.phone)).toBe(phone.replaceAll(' ', ''));
        expect(
          String(customer.name)
            .split(/\s+/)
            .map((word) => word[0])
            .join(''),
        ).toBe(initials);
        // Once downloaded, the password leaves the screen with the package.
        await expect.poll(() => request.getByTestId('export-made').count()).toBe(0);
      } finally {
        await language.selectOption('en');
      }
    });

  it('public page: a stranger gets a reference and the same words, and no sign-in is needed', async () => {
    const me = await page.evaluate(
      async () => (await (await fetch('/api/v1/auth/me')).json()) as { tenantId: string },
    );
    const stranger = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-IN' });
    const visitor = await stranger.newPage();
    await visitor.goto(`${server.origin}/privacy-request/${me.tenantId}`);
    await visitor.getByRole('heading', { name: 'Your data at Fake Fabrics' }).waitFor();
    await visitor.getByLabel('What do you want?').selectOption('access');
    await visitor.getByLabel('Your email').fill('nobody.here@example.com');
    await visitor.getByRole('button', { name: 'Send my request' }).click();
    await visitor.getByText(/^Your request: PR-/).waitFor();
    expect(await visitor.getByText(/If this contact is on record/).isVisible()).toBe(true);
    await screenshot(visitor, 'privacy-public-request');
    expect(visitor.url()).not.toContain('nobody.here');
    await stranger.close();
  });
});
