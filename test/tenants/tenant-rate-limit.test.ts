/**
 * Per-business request limits (issue 20, fair sharing), on both engines: with
 * `TIJORI_TENANT_REQUESTS_PER_MINUTE` at 5, a business's sixth authenticated request within the
 * minute is refused with 429, a Retry-After header and the reason, while another business's
 * requests go through; the allowance refills with time (one request every 12 s), never beyond
 * the minute's allowance. Unauthenticated requests (sign-in) are not counted against a business.
 * Off (0) by default: an installation without the setting makes many requests unrefused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

describeEachEngine('per-business request limit', (getDb) => {
  let t: IdentityTestApp;
  let a: SignedIn;
  let b: SignedIn;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb(), { tenantRequestsPerMinute: 5 });
    const owners: SignedIn[] = [];
    for (const name of ['Asha Fashions', 'Bharat Agro']) {
      const { tenantId } = await createTenant(getDb().db, { name });
      await seedRoles(getDb().db, tenantId);
      owners.push(await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner'));
    }
    [a, b] = owners as [SignedIn, SignedIn];
    // Signing in made authenticated requests; start both businesses with a full minute.
    t.clock.advance(60_000);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const me = (who: SignedIn) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: who.cookie } });

  it("refuses a business's requests over its allowance with 429 and leaves the other business alone", async () => {
    for (let i = 0; i < 5; i += 1) expect((await me(a)).statusCode).toBe(200);
    const refused = await me(a);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('12');
    expect(refused.json()).toMatchObject({
      error: { code: 'rate_limited', details: { reason: 'business_rate_limited', retryAfterSeconds: 12 } },
    });
    expect((await me(b)).statusCode).toBe(200);
    // Sign-in pages and other public routes are not a business's requests.
    const publicRoute = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://shop.test' },
      payload: { email: 'nobody@example.com', password: 'not the password at all' },
    });
    expect(publicRoute.statusCode).not.toBe(429);

    t.clock.advance(11_000);
    expect((await me(a)).statusCode).toBe(429);
    t.clock.advance(1_000);
    expect((await me(a)).statusCode).toBe(200);
    expect((await me(a)).statusCode).toBe(429);

    // Five idle minutes refill the minute's allowance, no more.
    t.clock.advance(300_000);
    for (let i = 0; i < 5; i += 1) expect((await me(a)).statusCode).toBe(200);
    expect((await me(a)).statusCode).toBe(429);
  });

  it('is off unless set, and the setting is checked at start', () => {
    expect(buildConfig({ dataDir: '/x' }).tenantRequestsPerMinute).toBe(0);
    expect(() => buildConfig({ dataDir: '/x', tenantRequestsPerMinute: -1 })).toThrow(
      /TIJORI_TENANT_REQUESTS_PER_MINUTE/,
    );
  });
});
