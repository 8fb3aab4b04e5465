/// <reference lib="dom" />
/**
 * Real delivery states in real Chromium against the real server, which sends through a real
 * in-process SMTP server that first refuses every recipient (550): a customer's privacy request
 * is acknowledged at the back office; its timeline says the notice failed with the reason and
 * when it is retried (never "notified"); the Messages screen lists it as failed with the recipient
 * masked; in Hindi the same screen says so in Hindi and "retry now" sends it once the mail server
 * accepts; back in English the message and the timeline say it was sent. Every screen passes the
 * screen checks (no raw ids or codes, no axe-core violation).
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import {
  buildWebApp,
  launchChromium,
  screenshot,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';
import { provisionShop, type BrowserShop } from '../support/browser-shop.js';
import { SMTP_PASSWORD, SMTP_USER, startSmtpReceiver, type SmtpReceiver } from '../support/mail-and-hooks.js';

const RAVI = { phone: '+91 90000 00002', email: 'ravi.sample@example.com' };

describe('message delivery states in Chromium (English and Hindi)', () => {
  let webDir: string;
  let smtp: SmtpReceiver;
  let server: ServerUnderTest;
  let browser: Browser;
  let shop: BrowserShop;
  let page: Page;
  let reference = '';

  const url = (path: string) => `${server.origin}${path}`;
  const timeline = () => page.getByTestId('request-panel').getByTestId('request-timeline');
  const openRequest = async () => {
    await page.goto(url('/admin/privacy'));
    await page.getByTestId('requests-table').waitFor();
    await page.getByRole('button', { name: new RegExp(reference) }).click();
    await timeline().waitFor();
  };
  const messageRow = () => page.getByTestId('messages-table').getByRole('row').filter({ hasText: 'r***@' });

  beforeAll(async () => {
    smtp = await startSmtpReceiver({ rejectWith: 550 });
    webDir = await buildWebApp();
    server = await startServer(webDir, {
      TIJORI_SMTP_HOST: '127.0.0.1',
      TIJORI_SMTP_PORT: String(smtp.port),
      TIJORI_SMTP_USER: SMTP_USER,
      TIJORI_SMTP_PASSWORD: SMTP_PASSWORD,
      TIJORI_SMTP_TLS_VERIFY: 'false',
      TIJORI_SMTP_FROM: 'Fake Fabrics <privacy@shop.test>',
    });
    browser = await launchChromium();
    shop = await provisionShop(browser, server);
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 1000 },
      locale: 'en-IN',
      timezoneId: 'UTC',
    });
    page = await context.newPage();
    await page.goto(url('/sign-in'));
    await page.getByLabel('Email').fill(shop.owner.email);
    await page.getByLabel('Password').fill(shop.owner.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page
      .getByLabel('Code from your authenticator app')
      .fill(totpCodeAt(shop.owner.totpSecret ?? '', new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(url('/counter'));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('a refused notice shows on the timeline as failed with the reason and the next try', async () => {
    const panel = page.getByTestId('consent-capture');
    await panel.getByLabel('Customer phone').fill(RAVI.phone);
    await panel.getByRole('button', { name: 'Find' }).click();
    await panel.getByRole('button', { name: /^Choose / }).click();
    await panel.getByText('The customer asks about their data').click();
    await panel.getByLabel('They want to').selectOption('access');
    await panel.getByLabel(/I checked who they are/).check();
    await panel.getByRole('button', { name: 'Log the request' }).click();
    const logged = panel.getByText(/^Request PR-/);
    await logged.waitFor();
    reference = /PR-[A-Z0-9]{8}/.exec((await logged.textContent()) ?? '')?.[0] ?? '';
    expect(reference).not.toBe('');

    await openRequest();
    await page.getByRole('button', { name: 'Acknowledge (tells the customer)' }).click();
    await expect.poll(() => timeline().textContent()).toContain('Request acknowledged');
    // The delivery job runs every few seconds: the server refuses, and the timeline says so.
    await expect
      .poll(
        async () => {
          await openRequest();
          return timeline().textContent();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toMatch(
        /Notice to the customer failed: the mail server refused it \(code 550\); will retry at .* IST/,
      );
    expect(await timeline().textContent()).not.toMatch(/notified|Notice to the customer sent/i);
    expect(smtp.messages).toHaveLength(0);
    await screenshot(page, 'messages-timeline-failed');
  });

  it('the Messages screen lists it as failed, masked; in Hindi "retry now" sends it', async () => {
    await page.goto(url('/alerts'));
    await page.getByRole('link', { name: 'Messages sent: delivery states' }).click();
    await page.getByRole('heading', { name: 'Messages to customers and staff' }).waitFor();
    await expect.poll(() => messageRow().textContent()).toContain('Failed, will retry');
    const text = (await messageRow().textContent()) ?? '';
    expect(text).toContain('Privacy request received');
    expect(text).toContain('Email');
    expect(text).toContain('r***@example.com');
    expect(text).toContain('the mail server refused it (code 550)');
    expect(await page.locator('body').textContent()).not.toContain(RAVI.email);
    await page.getByRole('tab', { name: 'Sent' }).click();
    await expect.poll(() => page.getByTestId('messages-table').textContent()).toContain('No messages here.');
    await page.getByRole('tab', { name: 'Failed, will retry' }).click();
    await expect.poll(() => messageRow().count()).toBe(1);
    await screenshot(page, 'messages-failed');

    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { name: 'ग्राहकों और स्टाफ़ को संदेश' }).waitFor();
    await expect.poll(() => messageRow().textContent()).toContain('विफल, फिर कोशिश होगी');
    expect(await messageRow().textContent()).toContain('मेल सर्वर ने मना किया (कोड 550)');
    expect(await messageRow().textContent()).toContain('गोपनीयता अनुरोध मिला');
    await screenshot(page, 'messages-failed-hi');

    smtp.rejectWith = null;
    await messageRow().getByRole('button', { name: 'अभी दोबारा भेजें' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('दोबारा भेजा: भेजा गया');
    await expect.poll(() => smtp.messages.filter((m) => m.to.includes(RAVI.email)).length).toBe(1);
    await page.getByRole('tab', { name: 'भेजा गया' }).click();
    await expect.poll(() => messageRow().textContent()).toContain('को भेजा');
    await screenshot(page, 'messages-sent-hi');

    await openRequest();
    expect(await timeline().textContent()).toMatch(/ग्राहक को सूचना .* IST को भेजी गई \(ईमेल\)/);
    await screenshot(page, 'messages-timeline-sent-hi');
  });

  it('back in English the message and the timeline say it was sent', async () => {
    await page.getByLabel('भाषा').selectOption('en');
    await openRequest();
    const steps = (await timeline().textContent()) ?? '';
    expect(steps).toMatch(/Notice to the customer sent at .* IST \(Email\)/);
    expect(steps).not.toMatch(/failed|notified/i);
    await screenshot(page, 'messages-timeline-sent');
    await page.goto(url('/alerts/messages'));
    await expect.poll(() => messageRow().textContent()).toContain('Sent');
    expect(await messageRow().getByRole('button').count()).toBe(0);
    await screenshot(page, 'messages-sent');
  });
});
