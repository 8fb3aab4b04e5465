/**
 * The real-browser harness: Debian's Chromium driven by playwright-core, the web app built from
 * the current source, and the real server (`tijori serve`, SQLite, a fresh data folder) on a free
 * port. A missing Chromium is an error, never a skip: CI installs it (.ci/run).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { repoRoot, spawnTijori, waitForOutput } from './cli.js';
import { freePort } from './net.js';
import { checkScreen } from './screen-checks.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Chromium without the sandbox (containers), GPU, QUIC or any background traffic to Google. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const screenshotDir = join(repoRoot, 'test-artifacts', 'screenshots');

/**
 * Starts headless Chromium; playwright gives every launch a fresh temporary profile
 * (--user-data-dir) and removes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install chromium, or npm run test:all)`,
    );
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
}

/** Builds the web app from web/ into a new temporary folder and returns it. */
export async function buildWebApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tijori-web-build-'));
  await build({
    configFile: join(repoRoot, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface ServerUnderTest {
  /** `https://localhost:PORT`: the public URL, so passkeys and Origin checks match. */
  origin: string;
  /** The one-time first-run link printed by the server. */
  setupLink: string;
  /** The server's data folder (its key folder is beside it, `<data>-keys`). */
  dataDir: string;
  child: ChildProcessWithoutNullStreams;
  stop(): Promise<void>;
}

/** Starts `tijori serve` on SQLite in a fresh data folder, serving the given web build. */
export async function startServer(
  webDir: string,
  /** More settings for the server (an SMTP server to send through, for example). */
  env: Record<string, string> = {},
): Promise<ServerUnderTest> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tijori-browser-data-'));
  const origin = `https://localhost:${String(port)}`;
  const child = spawnTijori(['serve'], {
    TIJORI_DATA_DIR: join(dataDir, 'data'),
    TIJORI_PORT: String(port),
    TIJORI_HOST: '127.0.0.1',
    TIJORI_PUBLIC_URL: origin,
    TIJORI_WEB_DIR: webDir,
    TIJORI_LOG_LEVEL: 'warn',
    ...env,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const link = await waitForOutput(child, /open (https:\/\/\S+\/setup#code=[A-Z0-9]+)/, 180_000);
    return {
      origin,
      setupLink: link[1] ?? '',
      dataDir: join(dataDir, 'data'),
      child,
      async stop() {
        child.kill('SIGTERM');
        await exited;
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The signed-in page's CSRF token, for API calls a test makes beside the screens (fixtures). */
export async function csrfTokenOf(page: Page, origin: string): Promise<string> {
  // Each GET /auth/csrf issues a new token. The counter screen prepares its offline keys and
  // numbers in the background, and its retry would replace ours: fixtures are made from the items
  // screen, once the page's own start-up requests are done.
  if (new URL(page.url()).pathname === '/counter') await page.goto(`${origin}/items`);
  await page.waitForLoadState('networkidle');
  const response = await page.request.get(`${origin}/api/v1/auth/csrf`, { headers: { origin } });
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/**
 * Saves a full-page screenshot as test-artifacts/screenshots/NAME.png (or in `dir`), after checking the screen
 * as a person reads it (screen-checks.ts: no raw ids or codes, no axe-core violation); the
 * picture is kept either way, so a failure can be looked at.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { knownUnreadable?: string; dir?: string } = {},
): Promise<void> {
  const dir = options.dir ?? screenshotDir;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  await checkScreen(page, name, options);
}

/** The main menu a cashier sees: the counter, returns and the read-only back office, no admin pages. */
export const CASHIER_MENU = [
  'Counter',
  'Returns and exchanges',
  'Salon',
  'Dashboard',
  'Items and stock',
  'Customers',
  'Invoices, credit and debit notes',
  'My account',
];

/**
 * Checks that a signed-in cashier's page shows the cashier's menu, that each of `pages` opened by
 * address shows "Not allowed", that each of `apis` answers 403 to the cashier's session while their
 * own profile answers 200.
 */
export async function expectCashierRefused(
  page: Page,
  origin: string,
  refused: { pages: string[]; apis: string[] },
): Promise<void> {
  const menu = await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents();
  expect(menu).toEqual(CASHIER_MENU);
  for (const path of refused.pages) {
    await page.goto(`${origin}${path}`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  }
  await screenshot(page, 'cashier-not-allowed');
  const statuses = await page.evaluate(
    async (paths) => Promise.all(paths.map(async (p) => (await fetch(p)).status)),
    refused.apis,
  );
  expect(statuses).toEqual(refused.apis.map(() => 403));
  // The session itself works: the cashier's own profile answers.
  expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(200);
}

/** The owner a browser suite creates on the first-run page. */
export interface FirstRunOwner {
  name: string;
  email: string;
  password: string;
}

/** The business and its first store on the first-run page (a Gujarat apparel shop). */
export async function fillShopDetails(page: Page): Promise<void> {
  await page.getByLabel(/^Business name/).fill('Fake Fabrics');
  await page.getByLabel('GSTIN', { exact: true }).fill('24AAQCA8719H1ZC');
  await page.getByText('State: Gujarat (24)').waitFor();
  await page.getByLabel(/^Address/).fill('12 Relief Road');
  await page.getByLabel('City or town').fill('Ahmedabad');
  await page.getByLabel('PIN code').fill('380001');
  await page.getByLabel('Shop phone').fill('079 2550 1234');
  await page.getByLabel('Shop email').fill('shop@fake-fabrics.example');
  await page.getByLabel(/^UPI ID/).fill('fakefabrics@okbank');
}

/**
 * The first run as a new shop does it: the setup link creates the business (with the demo shop
 * when asked) and the owner, who signs in, turns on two-step sign-in with the authenticator
 * app, keeps the recovery codes and lands on the counter. Returns the TOTP secret.
 */
export async function completeFirstRun(
  page: Page,
  server: ServerUnderTest,
  owner: FirstRunOwner,
  options: { demo?: boolean; negativeStock?: 'refuse' } = {},
): Promise<string> {
  await page.goto(server.setupLink);
  await fillShopDetails(page);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Your email').fill(owner.email);
  await page.getByLabel(/^Password/).fill(owner.password);
  if (options.demo === true) await page.getByLabel(/Fill with a sample apparel shop/).check();
  // The shop chooses whether a sale may take stock below zero; allowing it (with an alert) is the default.
  const allow = page.getByRole('radio', { name: /^Allow the sale/ });
  expect(await allow.isChecked()).toBe(true);
  if (options.negativeStock === 'refuse')
    await page.getByRole('radio', { name: /^Refuse the sale until new stock/ }).check();
  await page.getByRole('button', { name: 'Create business' }).click();
  return finishFirstSignIn(page, server, owner);
}

/**
 * The owner's first sign-in right after the setup form: password, turning on two-step sign-in
 * with the authenticator app (a wrong code first), keeping the recovery codes, landing on the
 * counter. Returns the TOTP secret.
 */
export async function finishFirstSignIn(
  page: Page,
  server: ServerUnderTest,
  owner: FirstRunOwner,
): Promise<string> {
  await page.waitForURL(`${server.origin}/sign-in`);
  // The setup form (with its "Shop email" and "Your email") may still be on screen for a moment.
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.origin}/mfa`);
  const secret = ((await page.getByTestId('totp-key').textContent()) ?? '').replace(/\s/g, '');
  // A wrong code (the one of an hour ago) says so and keeps the person on the form: no
  // "Your session ended", no password again.
  await page.getByLabel('Code shown by the app').fill(totpCodeAt(secret, new Date(Date.now() - 3_600_000)));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page
    .getByRole('alert')
    .getByText(/That code is not right or was already used/)
    .waitFor();
  expect(await page.getByRole('dialog', { name: 'Sign in again' }).count()).toBe(0);
  expect(page.url()).toBe(`${server.origin}/mfa`);
  await page.getByLabel('Code shown by the app').fill(totpCodeAt(secret, new Date()));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  await page.getByLabel('I have kept these codes safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${server.origin}/counter`);
  return secret;
}

/** A demo shop served and signed in as its owner in Chromium (the salon suites' common start). */
export interface DemoShopSession {
  server: ServerUnderTest;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Builds the web app, starts the real server, opens Chromium (1366 x 1000, en-IN, UTC) and runs
 * the first run with the demo shop as `owner`. `close` stops all of it and removes the build.
 */
export async function openDemoShop(owner: FirstRunOwner): Promise<DemoShopSession> {
  const webDir = await buildWebApp();
  const server = await startServer(webDir);
  const browser = await launchChromium();
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1366, height: 1000 },
    locale: 'en-IN',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  await completeFirstRun(page, server, owner, { demo: true });
  return {
    server,
    browser,
    page,
    async close() {
      await browser.close();
      await server.stop();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
