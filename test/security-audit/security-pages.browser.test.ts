/// <reference lib="dom" />
/**
 * The Security audit and Access reviews pages in real Chromium against the real server (SQLite):
 * "Run now" runs the self-audit and shows the score, failing checks first with what to do, signed
 * exports that download, and the trend after a second run; an access review started from the page
 * removes a cashier's role (their open session ends) and keeps the owner's, closing the review;
 * both pages read in Hindi. Screenshots go to test-artifacts/screenshots/.
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
const CASHIER = {
  name: 'Test Cashier',
  email: 'cashier@example.test',
  password: 'copper kettle 4821 river lantern',
};

describe('security pages in Chromium', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let owner: Page;
  let cashier: Page;
  const url = (path: string) => `${server.origin}${path}`;
  const newPage = async () =>
    (
      await browser.newContext({
        ignoreHTTPSErrors: true,
        viewport: { width: 1366, height: 900 },
        timezoneId: 'UTC',
      })
    ).newPage();

  beforeAll(async () => {
    webDir = await buildWebApp();
    server = await startServer(webDir);
    browser = await launchChromium();
    owner = await newPage();
    await completeFirstRun(owner, server, OWNER);
    // A cashier joins through an invite and signs in.
    await owner.getByRole('link', { name: 'Users' }).click();
    await owner.getByLabel('Their email').fill(CASHIER.email);
    await owner.getByLabel('Role').selectOption('cashier');
    await owner.getByRole('button', { name: 'Create invite link' }).click();
    const inviteLink = await owner.getByTestId('invite-link').inputValue();
    await screenshot(owner, 'security-users-invite');
    cashier = await newPage();
    await cashier.goto(inviteLink);
    await cashier.getByLabel('Your name').fill(CASHIER.name);
    await cashier.getByLabel('Email').fill(CASHIER.email);
    await cashier.getByLabel('Choose a password').fill(CASHIER.password);
    await screenshot(cashier, 'security-accept-invite');
    await cashier.getByRole('button', { name: 'Create my account' }).click();
    await cashier.getByRole('link', { name: 'Sign in' }).click();
    await cashier.getByLabel('Email').fill(CASHIER.email);
    await cashier.getByLabel('Password').fill(CASHIER.password);
    await cashier.getByRole('button', { name: 'Sign in', exact: true }).click();
    await cashier.waitForURL(url('/counter'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('runs the self-audit from the page: score, failing checks first with what to do, signed exports', async () => {
    await owner.getByRole('link', { name: 'Security audit' }).click();
    await owner.getByRole('heading', { name: 'Security audit' }).waitFor();
    await owner.getByText('No audit has run yet. Run one now.').waitFor();
    await owner.getByRole('button', { name: 'Run now' }).click();
    await owner.getByTestId('score-value').waitFor({ timeout: 30_000 });
    expect(await owner.getByTestId('score-value').textContent()).toMatch(/^\d+\.\d \/ 100$/);
    const backups = owner.locator('[data-check="backups.recent"]');
    expect(await backups.getAttribute('data-status')).toBe('fail');
    // Failing checks come first.
    expect(
      await owner.locator('[data-testid="audit-checks"] tbody tr').first().getAttribute('data-status'),
    ).toBe('fail');
    await backups.getByText('What to do').click();
    await backups.getByText(/Run `tijori backup --out FILE` every day/).waitFor();
    expect(await owner.locator('[data-check="identity.mfa-missing"]').getAttribute('data-status')).toBe(
      'pass',
    );
    await screenshot(owner, 'security-audit');
    for (const [name, type] of [
      ['Signed PDF', 'application/pdf'],
      ['Signed JSON', 'application/json; charset=utf-8'],
    ] as const) {
      const href = (await owner.getByRole('link', { name }).getAttribute('href')) ?? '';
      const res = await owner.evaluate(async (h) => {
        const r = await fetch(h);
        return {
          status: r.status,
          type: r.headers.get('content-type'),
          signature: r.headers.get('x-tijori-signature'),
        };
      }, href);
      expect(res).toMatchObject({ status: 200, type });
      expect(res.signature).toMatch(/^ed25519;keyid=[0-9a-f]{16};sig=/);
    }
  });

  it('a second run adds to the history and draws the trend', async () => {
    await owner.getByRole('button', { name: 'Run now' }).click();
    await expect
      .poll(() => owner.locator('[data-testid="audit-history"] tbody tr').count(), { timeout: 30_000 })
      .toBe(2);
    await owner.getByTestId('audit-trend').waitFor();
    await screenshot(owner, 'security-audit-trend');
  });

  it('an access review removes the cashier’s role (their session ends) and keeps the owner’s', async () => {
    await owner.getByRole('link', { name: 'Access reviews' }).click();
    await owner.getByRole('button', { name: 'Start a review now' }).click();
    const items = owner.getByTestId('review-items');
    await items.waitFor();
    const cashierRow = items.getByRole('row').filter({ hasText: CASHIER.name });
    await cashierRow.getByRole('button', { name: 'Remove' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await cashierRow.getByText('Removed').waitFor();
    await items
      .getByRole('row')
      .filter({ hasText: OWNER.name })
      .getByRole('button', { name: 'Keep' })
      .click();
    await owner.getByTestId('review-campaigns').getByText('Closed').waitFor();
    await screenshot(owner, 'access-reviews');
    await cashier.getByRole('link', { name: 'My account' }).click();
    await cashier.getByRole('heading', { name: 'Sign in again' }).waitFor();
    await screenshot(cashier, 'security-cashier-sign-in-again');
  });

  it('both pages read in Hindi', async () => {
    await owner.getByLabel('Language').selectOption('hi');
    await owner.getByRole('link', { name: 'सुरक्षा जाँच' }).click();
    await owner.getByRole('heading', { name: 'सुरक्षा जाँच' }).waitFor();
    await owner.getByTestId('score-value').waitFor();
    await screenshot(owner, 'security-audit-hi');
    await owner.getByRole('link', { name: 'पहुँच समीक्षा' }).click();
    await owner.getByRole('heading', { name: 'पहुँच समीक्षा' }).waitFor();
    await screenshot(owner, 'access-reviews-hi');
  });
});
