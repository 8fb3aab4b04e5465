/**
 * Hostile input from a signed-in cashier or from anyone: a body nested thousands of levels deep
 * cannot freeze the server or make it answer 500, and a malformed cookie is treated as no cookie.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { scanForSensitiveNumbers } from '../../src/domain/sensitive-numbers.js';
import { MAX_JSON_DEPTH } from '../../src/http/json-depth.js';
import { DEVICE_COOKIE } from '../../src/modules/auth/login-attempts.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  SESSION_COOKIE,
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

/** `{"name": [[[ ... ]]]}` with `depth` levels of arrays (about 2 bytes a level). */
const nestedBody = (depth: number): string => `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`;

it('the card and Aadhaar scanner walks a 200,000-level structure without recursion', () => {
  let deep: unknown = '4111 1111 1111 1111';
  for (let i = 0; i < 200_000; i += 1) deep = [deep];
  expect(() => scanForSensitiveNumbers(deep)).not.toThrow();
  // A shallow card number is still found, with its path.
  expect(scanForSensitiveNumbers({ a: [{ note: '4111 1111 1111 1111' }] })).toEqual({
    kind: 'card_number',
    path: 'a.0.note',
  });
});

describeEachEngine('hostile input', (getDb) => {
  let t: IdentityTestApp;
  let cashier: SignedIn;
  let tenantId: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier' }));
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('a deeply nested body gets 400 naming the body on every write route, quickly', async () => {
    const id = randomUUID();
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/customers'],
      ['PATCH', `/api/v1/customers/${id}`],
      ['POST', '/api/v1/invoices'],
      ['POST', '/api/v1/credit-notes'],
      ['POST', `/api/v1/customers/${id}/payments`],
    ];
    for (const [method, url] of routes) {
      for (const depth of [5_000, 100_000]) {
        const started = performance.now();
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          headers: { ...cashier.headers, 'content-type': 'application/json' },
          payload: nestedBody(depth),
        });
        expect(performance.now() - started, `${method} ${url}`).toBeLessThan(500);
        expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(400);
        expect(res.json<{ error: { field?: string } }>().error.field).toBe('body');
        expect(res.body).not.toMatch(/at .*\.js|RangeError|stack/i);
      }
    }
  });

  it('a body at the depth limit is read normally; one level deeper is refused', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { ...cashier.headers, 'content-type': 'application/json' },
      payload: nestedBody(MAX_JSON_DEPTH - 1),
    });
    // Read, then refused by the schema (name must be text), not by the depth check.
    expect(ok.statusCode).toBe(400);
    expect(ok.json<{ error: { field?: string } }>().error.field).toMatch(/^body\.name/);
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { ...cashier.headers, 'content-type': 'application/json' },
      payload: nestedBody(MAX_JSON_DEPTH),
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.json<{ error: { field?: string } }>().error.field).toBe('body');
  });

  it('brackets inside strings do not count as nesting', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { ...cashier.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: `Ravi ${'[{'.repeat(500)}`, phone: '9876543210' }),
    });
    expect(res.statusCode).not.toBe(500);
    expect(res.json<{ error?: { field?: string } }>().error?.field).not.toBe('body');
  });

  it('a malformed session or device cookie is treated as no cookie: 401, no stack trace logged', async () => {
    const account = await createAccount(t.services, tenantId, { role: 'cashier' });
    for (const cookie of [`${SESSION_COOKIE}=%E0%A4%A`, `${SESSION_COOKIE}=%`, `${SESSION_COOKIE}=abc%zz`]) {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie } });
      expect(me.statusCode, cookie).toBe(401);
      const logout = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie, origin: 'https://shop.test' },
      });
      expect(logout.statusCode, cookie).toBe(401);
    }
    for (const cookie of [`${DEVICE_COOKIE}=%`, `${SESSION_COOKIE}=%; ${DEVICE_COOKIE}=%C3%28%`]) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { cookie },
        payload: { email: account.email, password: 'wrong password entirely here' },
      });
      expect(login.statusCode, cookie).toBe(401);
    }
    expect(t.log.text).not.toMatch(/URIError|"level":50/);
  });
});
