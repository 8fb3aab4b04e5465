/**
 * Identity helpers for tests: the real app with every route recorded as it registers, accounts
 * with roles and passwords, and sign-in (with TOTP enrolment for roles that must have MFA).
 */
import { randomBytes } from 'node:crypto';
import type { RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { buildConfig, type Config } from '../../src/config/config.js';
import { testArgon2Config } from './argon2-cost.js';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import type { KeyProvider } from '../../src/crypto/key-provider.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { ManualClock } from '../../src/domain/clock.js';
import { buildApp, type App } from '../../src/http/app.js';
import type { RouteAccess } from '../../src/http/route-access.js';
import { createLogger } from '../../src/logging/logger.js';
import { seedBuiltinRoles } from '../../src/modules/auth/account.repository.js';
import { SESSION_COOKIE } from '../../src/modules/auth/access-guard.js';
import { mfaRequiredRoles } from '../../src/modules/auth/permissions.js';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { createServices, type Services } from '../../src/services.js';
import { LogCapture } from './app.js';

export interface RecordedRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/** Any route of the app as it registered, with its access declaration if it has one. */
export interface InventoriedRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

export interface IdentityTestApp {
  app: App;
  services: Services;
  config: Config;
  clock: ManualClock;
  log: LogCapture;
  keyProvider: KeyProvider;
  /** Every route of the real app that declares its access, as registered. */
  routes: RecordedRoute[];
  /** Every route of the real app (root, static and API), declared or not. */
  allRoutes: InventoriedRoute[];
  close(): Promise<void>;
}

export const ORIGIN = 'https://shop.test';

export async function buildIdentityTestApp(
  database: DatabaseHandle,
  settings: Partial<Record<keyof Config, unknown>> = {},
  keyProvider: KeyProvider = loadEnvKeyProvider(randomBytes(32).toString('base64')),
): Promise<IdentityTestApp> {
  const config = buildConfig({
    dataDir: '/nonexistent-test-data',
    publicUrl: ORIGIN,
    ...testArgon2Config,
    ...settings,
  });
  const log = new LogCapture();
  const logger = createLogger({ level: 'warn', destination: log });
  const clock = new ManualClock(new Date());
  const services = createServices({ config, database, logger, clock, keyProvider });
  const allRoutes: InventoriedRoute[] = [];
  const record = (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      if (method !== 'HEAD') allRoutes.push({ method, url: route.url, access: route.config?.access });
  };
  const app = await buildApp({
    config,
    database,
    logger,
    guard: services.guard,
    apiRoutes: services.apiRoutes,
    rootRoutes: services.rootRoutes,
    onRoute: record,
  });
  const routes = allRoutes.flatMap((r) => (r.access === undefined ? [] : [{ ...r, access: r.access }]));
  await app.ready();
  return {
    app,
    services,
    config,
    clock,
    log,
    keyProvider,
    routes,
    allRoutes,
    async close() {
      await app.close();
      await services.close();
    },
  };
}

/** A password that passes the policy, different each call. */
export function strongPassword(): string {
  return `lantern ${randomBytes(5).toString('hex')} monsoon teapot`;
}

export async function seedRoles(db: Kysely<Database>, tenantId: string): Promise<void> {
  await seedBuiltinRoles(db, tenantId, new Date().toISOString());
}

export interface TestAccount {
  userId: string;
  email: string;
  password: string;
}

export async function createAccount(
  services: Services,
  tenantId: string,
  options: { role: string; storeId?: string; email?: string; password?: string },
): Promise<TestAccount> {
  const email = options.email ?? `u${randomBytes(6).toString('hex')}@example.com`;
  const password = options.password ?? strongPassword();
  const userId = await services.identity.users.createAccount({
    tenantId,
    email,
    displayName: 'Test User',
    password,
    grants: [{ role: options.role, storeId: options.storeId ?? '*' }],
  });
  return { userId, email, password };
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  /** Headers for a state-changing request from our own origin. */
  headers: Record<string, string>;
  totpSecret?: string;
}

export function sessionFrom(setCookie: string | string[] | undefined, csrf: string): SignedIn {
  const header = Array.isArray(setCookie) ? (setCookie[0] ?? '') : (setCookie ?? '');
  const cookie = header.split(';')[0] ?? '';
  return { cookie, csrf, headers: { cookie, origin: ORIGIN, 'x-csrf-token': csrf } };
}

/** The password step of a sign-in for an account with a second factor: a pending session. */
export async function passwordStep(t: IdentityTestApp, account: TestAccount): Promise<SignedIn> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: account.email, password: account.password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return sessionFrom(res.headers['set-cookie'], res.json<{ csrfToken: string }>().csrfToken);
}

/** Signs in; for roles that need MFA, enrols TOTP first so the session can act. */
export async function signIn(t: IdentityTestApp, account: TestAccount, role?: string): Promise<SignedIn> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: account.email, password: account.password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  let session = sessionFrom(res.headers['set-cookie'], res.json<{ csrfToken: string }>().csrfToken);
  if (role !== undefined && mfaRequiredRoles.has(role)) {
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/start',
      headers: session.headers,
    });
    const secret = new URL(start.json<{ otpauthUri: string }>().otpauthUri).searchParams.get('secret') ?? '';
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/confirm',
      headers: session.headers,
      payload: { code: totpCodeAt(secret, t.clock.now()) },
    });
    if (confirm.statusCode !== 200) throw new Error(`enrol failed: ${confirm.statusCode} ${confirm.body}`);
    session = {
      ...sessionFrom(confirm.headers['set-cookie'], confirm.json<{ csrfToken: string }>().csrfToken),
      totpSecret: secret,
    };
  }
  return session;
}

export { SESSION_COOKIE };
