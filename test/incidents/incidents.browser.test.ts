/// <reference lib="dom" />
/**
 * Incident response in real Chromium against the real server (a build of the current web app):
 * the owner opens an incident with the moment of awareness in India time and sees the reporting
 * clocks count down, moves it on, contains, drafts the CERT-In notice and reads the timeline; a
 * visitor with no account reports a problem on the public page, and the owner finds it under
 * reports from the public; security.txt is served at the root. Screenshots go to
 * test-artifacts/screenshots/.
 */
import { rmSync } from 'node:fs';
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

const OWNER = {
  name: 'Test Owner',
  email: 'owner@example.test',
  password: 'velvet harbour 2291 quiet orchard',
};

describe('incident response in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let owner: Page;
  const url = (path: string) => `${server.origin}${path}`;

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1366, height: 900 },
      locale: 'en-IN',
      timezoneId: 'America/New_York',
    });
    owner = await context.newPage();
    // First run and the owner's two-step enrolment.
    await completeFirstRun(owner, server, OWNER, { negativeStock: 'refuse' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('opens an incident in India time, counts down the clocks, contains it and drafts the CERT-In notice', async () => {
    await owner.getByRole('link', { name: 'Incidents' }).click();
    await owner.waitForURL(url('/incidents'));
    await owner.getByLabel('What happened (no personal data)').fill('Counter laptop stolen after closing');
    await owner.getByLabel('Category').selectOption('lost_or_stolen_device');
    await owner.getByLabel('Severity').selectOption('high');
    // Two hours ago in India, typed as the shop sees it (the browser itself is in New York).
    const twoHoursAgoIst = new Date(Date.now() - 2 * 3600_000 + 330 * 60_000).toISOString().slice(0, 16);
    await owner.getByLabel('When you became aware (India time)').fill(twoHoursAgoIst);
    await owner.getByLabel('Phone numbers').check();
    await screenshot(owner, 'incident-open');
    await owner.getByRole('button', { name: 'Open incident' }).click();
    await owner.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    const certIn = owner.getByTestId('clock-cert_in');
    await certIn.waitFor();
    expect(await certIn.getAttribute('data-status')).toBe('running');
    const text = (await certIn.textContent()) ?? '';
    expect(text).toMatch(/(3 h 5\d min|4 h 0 min) left/);
    expect(text).toMatch(/Due by \d{1,2} \w{3} \d{4}, \d{2}:\d{2} IST/);
    expect(await owner.getByTestId('clock-dpdp_board').getAttribute('data-status')).toBe('running');
    expect(await owner.getByTestId('clock-gdpr').getAttribute('data-status')).toBe('not_applicable');
    await screenshot(owner, 'incident-clocks');

    await owner.getByRole('button', { name: 'Move to: Triaged' }).click();
    await expect.poll(() => owner.getByTestId('incident-status').textContent()).toBe('Triaged');
    await owner.getByLabel('Action').selectOption('revoke_sessions');
    await owner.getByLabel('End sessions', { exact: true }).selectOption('all');
    await owner.getByRole('button', { name: 'Do it' }).click();
    await expect.poll(() => owner.getByRole('status').filter({ hasText: 'Done' }).count()).toBeGreaterThan(0);
    await owner.getByTestId('notice-cert_in').getByRole('button', { name: 'Draft' }).click();
    const draft = owner.getByRole('textbox', { name: 'CERT-In' });
    await draft.waitFor();
    expect(await draft.inputValue()).toContain('Unauthorised access of IT systems/data');
    const timeline = owner.getByTestId('timeline');
    await expect.poll(async () => (await timeline.locator('li').count()) >= 4).toBe(true);
    const kinds = await timeline
      .locator('li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds).toEqual(['created', 'status', 'containment', 'notice']);
    await screenshot(owner, 'incident-page');
  });

  it('takes a report from a visitor with no account, which the owner finds; security.txt is served', async () => {
    const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-IN' });
    const page = await visitor.newPage();
    await page.goto(url('/report-security'));
    await page.getByLabel('What is it about?').selectOption('phishing');
    await page
      .getByLabel(/What happened\?/)
      .fill('Someone sends WhatsApp messages in the shop name asking for UPI payments.');
    await screenshot(page, 'report-security');
    await page.getByRole('button', { name: 'Send report' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toMatch(/Your report [0-9A-F]{8} was received/);
    const cookies = await visitor.cookies();
    expect(cookies.some((c) => c.name.includes('session'))).toBe(false);
    const txt = await page.request.get(url('/.well-known/security.txt'));
    expect(txt.status()).toBe(200);
    const body = await txt.text();
    expect(body).toContain(`Contact: ${server.origin}/report-security`);
    expect(body).toContain(`Canonical: ${server.origin}/.well-known/security.txt`);
    await visitor.close();

    await owner.getByRole('link', { name: 'Reports from the public' }).click();
    await owner.waitForURL(url('/incidents/reports'));
    const reports = owner.getByTestId('reports');
    await expect.poll(() => reports.textContent()).toContain('Someone is pretending to be the shop');
    await screenshot(owner, 'incident-reports');
  });
});
