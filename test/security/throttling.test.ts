/**
 * An attacker cannot guess passwords faster than the budget: a concurrent burst of wrong
 * passwords passes at most the free attempts, a flood does not buy one argon2 computation per
 * attempt, and the legitimate user is slowed, never locked out for good.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  LoginThrottle,
  accountRule,
  delayAfter,
  pciAccountRule,
} from '../../src/modules/auth/login-throttle.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  type IdentityTestApp,
  type TestAccount,
} from '../support/identity.js';

describeEachEngine('sign-in throttling', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  /** Each test attacks an account of its own, so no test inherits another's failures. */
  const newVictim = (): Promise<TestAccount> => createAccount(t.services, tenantId, { role: 'cashier' });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId } = await createTenant(getDb().db));
    await seedRoles(getDb().db, tenantId);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    // The bursts open the whole PostgreSQL pool: end it and let the server-side backends exit
    // before the harness drops the database (a forced drop would hit clients still closing).
    await getDb().db.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  const login = (email: string, password: string, ip: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    });

  it('a concurrent burst of 40 wrong passwords passes at most the free attempts to the hash', async () => {
    const victim = await newVictim();
    const hasher = t.services.identity.deps.hasher;
    const before = hasher.computations;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(victim.email, `wrong guess number ${String(i)}`, `10.1.${String(i)}.9`),
      ),
    );
    const refused = results.filter((r) => r.statusCode === 429).length;
    const wrong = results.filter((r) => r.statusCode === 401).length;
    expect(wrong).toBeLessThanOrEqual(accountRule.freeAttempts);
    expect(refused + wrong).toBe(40);
    // At most one hash per attempt that passed the throttle.
    expect(hasher.computations - before).toBeLessThanOrEqual(accountRule.freeAttempts);
    const rows = await getDb()
      .db.selectFrom('login_attempts')
      .select('outcome')
      .where('user_id', '=', victim.userId)
      .execute();
    expect(rows.filter((r) => r.outcome === 'throttled').length).toBe(refused);
  });

  it('a flood of 1,000 wrong attempts from many sources costs few argon2 computations', async () => {
    const victim = await newVictim();
    const hasher = t.services.identity.deps.hasher;
    const before = hasher.computations;
    for (let batch = 0; batch < 10; batch += 1)
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          login(victim.email, 'flood', `172.16.${String(batch)}.${String(i)}`),
        ),
      );
    // Only the free attempts reach the hash; the other 995 are refused before it.
    expect(hasher.computations - before).toBeLessThanOrEqual(accountRule.freeAttempts);
  });

  it('spraying 300 random unknown emails from many networks computes no hash at all', async () => {
    const hasher = t.services.identity.deps.hasher;
    const before = hasher.computations;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        login(`nobody${String(i)}@example.com`, 'Summer2026!', `100.${String(i % 250)}.${String(i)}.1`),
      ),
    );
    expect(results.every((r) => r.statusCode === 401)).toBe(true);
    expect(hasher.computations - before).toBe(0);
  });

  it('the legitimate user gets in once the delay has passed (no permanent lockout)', async () => {
    const victim = await newVictim();
    for (let i = 0; i <= accountRule.freeAttempts; i += 1)
      await login(victim.email, `wrong guess ${String(i)}`, `10.9.${String(i)}.1`);
    const refused = await login(victim.email, victim.password, '192.168.5.5');
    expect(refused.statusCode).toBe(429);
    t.clock.advance(accountRule.maxDelayMs + 1000);
    const ok = await login(victim.email, victim.password, '192.168.5.5');
    expect(ok.statusCode).toBe(200);
  });

  it('two instances on one database share the budget (a burst split across them)', async () => {
    const a = new LoginThrottle(getDb().db, t.clock);
    const b = new LoginThrottle(getDb().db, t.clock);
    const key = `acct:shared-${String(Date.now())}`;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).reserve(key, accountRule)),
    );
    expect(results.filter((r) => r.allowed).length).toBe(accountRule.freeAttempts);
  });

  it('the delay grows and is capped; PCI mode locks for 30 minutes after 10 failures', () => {
    expect(delayAfter(accountRule.freeAttempts - 1, accountRule)).toBe(0);
    expect(delayAfter(accountRule.freeAttempts + 1, accountRule)).toBeGreaterThan(
      delayAfter(accountRule.freeAttempts, accountRule),
    );
    expect(delayAfter(99, accountRule)).toBe(accountRule.maxDelayMs);
    expect(delayAfter(10, pciAccountRule)).toBe(30 * 60_000);
  });
});
