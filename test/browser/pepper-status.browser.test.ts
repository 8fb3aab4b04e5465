/// <reference lib="dom" />
/**
 * After a master key (KEK) rotation retires the password pepper (ADR 0054), the owner's Keys screen
 * in real Chromium says how many people must still sign in before the retired pepper's deadline,
 * shows that deadline in IST and names them (no ids), in English and in Hindi. The rotation's effect
 * is arranged as `tijori keys rotate-kek` leaves it: the old pepper kept in the key folder, wrapped
 * by the installation's KEK, with a deadline, and the account's hash marked as under it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { openDatabase, sqlitePathFor } from '../../src/db/database.js';
import { keyFolder, openKeyProvider } from '../../src/modules/keys/key-provider.factory.js';
import { RetiredPepperStore } from '../../src/modules/keys/retired-peppers.js';
import {
  buildWebApp,
  completeFirstRun,
  launchChromium,
  screenshot,
  startServer,
  type ServerUnderTest,
} from '../support/browser.js';

const OWNER = {
  name: 'Pepper Owner',
  email: 'pepper.owner@example.test',
  password: 'saffron window 8812 quiet harbour',
};

/** 2027-01-06T18:45:00Z is 07-01-2027 00:15 IST: the screen must show the IST date and time. */
const DEADLINE = new Date('2027-01-06T18:45:00Z');

describe('retired pepper on the Keys screen in Chromium, English and Hindi', () => {
  let webDir: string;
  let server: ServerUnderTest;
  let browser: Browser;
  let page: Page;

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
    await completeFirstRun(page, server, OWNER);
    // What a KEK rotation leaves: the old pepper in the key folder with a deadline, and every
    // existing hash marked as under it (the owner's own session stays signed in).
    const config = buildConfig({ dataDir: server.dataDir });
    const store = new RetiredPepperStore(keyFolder(config), openKeyProvider(config));
    const id = await store.retire(randomBytes(32), new Date(), DEADLINE);
    const database = openDatabase({ sqlitePath: sqlitePathFor(server.dataDir) });
    try {
      await database.db.updateTable('user_accounts').set({ pepper_id: id }).execute();
    } finally {
      await database.close();
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  it('English: how many must sign in, by when (IST), and who, by name', async () => {
    await page.getByRole('link', { name: 'Keys', exact: true }).click();
    const panel = page.getByTestId('pepper-status');
    await panel.getByRole('heading', { name: 'Passwords after the master key change' }).waitFor();
    const waiting = panel.getByTestId('pepper-waiting');
    expect(await waiting.textContent()).toContain(
      '1 person must sign in once before 07-01-2027 00:15 IST so their password moves to the new key:',
    );
    expect(await waiting.getByRole('listitem').allTextContents()).toEqual([OWNER.name]);
    expect(await waiting.textContent()).toContain('reset their password on the Users page');
    expect(await panel.getByTestId('pepper-must-reset').count()).toBe(0);
    await screenshot(page, 'keys-pepper-status');
  });

  it('Hindi: the same, in Hindi', async () => {
    await page.getByLabel('Language').selectOption('hi');
    try {
      await page.getByRole('link', { name: 'चाबियाँ', exact: true }).click();
      const panel = page.getByTestId('pepper-status');
      await panel.getByRole('heading', { name: 'मुख्य कुंजी बदलने के बाद पासवर्ड' }).waitFor();
      const waiting = panel.getByTestId('pepper-waiting');
      expect(await waiting.textContent()).toContain(
        '1 व्यक्ति को 07-01-2027 00:15 IST से पहले एक बार साइन इन करना होगा',
      );
      expect(await waiting.getByRole('listitem').allTextContents()).toEqual([OWNER.name]);
      await screenshot(page, 'keys-pepper-status-hi');
    } finally {
      await page.getByLabel('भाषा').selectOption('en');
    }
  });
});
