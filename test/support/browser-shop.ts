/**
 * A shop ready for the browser suites and the web benchmark, made through the real server's API
 * (as the setup page and the users page would): the business with the demo catalogue (barcoded
 * items, stock, fake customers), an owner with TOTP, a manager with TOTP, a cashier, and the
 * shop's UPI address. Each person is a login for a new browser context.
 */
import type { APIRequestContext, Browser } from 'playwright-core';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import type { ServerUnderTest } from './browser.js';

export interface ShopLogin {
  name: string;
  email: string;
  password: string;
  /** The TOTP secret, for roles that enrolled one. */
  totpSecret?: string;
}

export interface BrowserShop {
  storeId: string;
  owner: ShopLogin;
  manager: ShopLogin;
  cashier: ShopLogin;
}

type Caller = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Calls the API as one client (cookies kept), sending the CSRF token it was last given. */
export function apiCaller(request: APIRequestContext, server: ServerUnderTest): Caller {
  let csrf: string | undefined;
  return async (method, path, body) => {
    const response = await request.fetch(`${server.origin}/api/v1${path}`, {
      method,
      headers: { origin: server.origin, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
      ...(body === undefined ? {} : { data: body }),
    });
    if (!response.ok())
      throw new Error(`${method} ${path}: ${String(response.status())} ${await response.text()}`);
    const answer = (response.status() === 204 ? {} : await response.json()) as Record<string, unknown>;
    if (typeof answer.csrfToken === 'string') csrf = answer.csrfToken;
    return answer;
  };
}

/** Signs in and enrols TOTP for a role that must have it; returns the secret. */
async function enrolTotp(call: Caller, login: ShopLogin): Promise<string> {
  await call('POST', '/auth/login', { email: login.email, password: login.password });
  const started = await call('POST', '/auth/mfa/totp/start');
  const secret = new URL(String(started.otpauthUri)).searchParams.get('secret') ?? '';
  await call('POST', '/auth/mfa/totp/confirm', { code: totpCodeAt(secret, new Date()) });
  return secret;
}

/** An invited person accepts and gets a login (TOTP enrolled when the role needs it). */
async function invite(
  browser: Browser,
  server: ServerUnderTest,
  owner: Caller,
  storeId: string,
  login: ShopLogin & { role: string },
): Promise<ShopLogin> {
  const { token } = await owner('POST', '/users/invites', { role: login.role, storeId });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const call = apiCaller(context.request, server);
    await call('POST', '/auth/invites/accept', {
      token,
      email: login.email,
      displayName: login.name,
      password: login.password,
    });
    const person = { name: login.name, email: login.email, password: login.password };
    return login.role === 'manager' ? { ...person, totpSecret: await enrolTotp(call, person) } : person;
  } finally {
    await context.close();
  }
}

export async function provisionShop(
  browser: Browser,
  server: ServerUnderTest,
  options: { upiVpa?: string } = {},
): Promise<BrowserShop> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const call = apiCaller(context.request, server);
    const owner: ShopLogin = {
      name: 'Test Owner',
      email: 'owner@example.test',
      password: 'velvet harbour 2291 quiet orchard',
    };
    await call('POST', '/setup', {
      code: /code=([A-Z0-9]+)/.exec(server.setupLink)?.[1] ?? '',
      businessName: 'Fake Fabrics',
      gstin: '24AAQCA8719H1ZC',
      stateCode: '24',
      addressLine: '12 Relief Road',
      city: 'Ahmedabad',
      pin: '380001',
      ownerName: owner.name,
      ownerEmail: owner.email,
      ownerPassword: owner.password,
      demo: true,
    });
    owner.totpSecret = await enrolTotp(call, owner);
    const stores = (await call('GET', '/stores')).stores as { id: string }[];
    const storeId = stores[0]?.id ?? '';
    if (options.upiVpa !== undefined)
      await call('PATCH', '/billing/settings', { upiVpa: options.upiVpa, upiPayeeName: 'Fake Fabrics' });
    const manager = await invite(browser, server, call, storeId, {
      role: 'manager',
      name: 'Test Manager',
      email: 'manager@example.test',
      password: 'amber lantern 7734 silent meadow',
    });
    const cashier = await invite(browser, server, call, storeId, {
      role: 'cashier',
      name: 'Test Cashier',
      email: 'cashier@example.test',
      password: 'copper kettle 4821 river lantern',
    });
    return { storeId, owner, manager, cashier };
  } finally {
    await context.close();
  }
}
