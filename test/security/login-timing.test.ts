/**
 * An attacker cannot tell which emails have accounts from how long a wrong sign-in takes: the
 * distributions of answer times for an unknown email and for a known one with a wrong password
 * are the same within noise (medians and quartiles compared over many interleaved attempts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  type IdentityTestApp,
  type TestAccount,
} from '../support/identity.js';

const PAIRS = 60;

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

describeEachEngine('sign-in timing', (getDb) => {
  let t: IdentityTestApp;
  let accounts: TestAccount[];

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const { tenantId } = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenantId);
    accounts = [];
    for (let i = 0; i < PAIRS / 4; i += 1)
      accounts.push(await createAccount(t.services, tenantId, { role: 'cashier' }));
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const timed = async (email: string, ip: string): Promise<number> => {
    const started = performance.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'a wrong password for timing' },
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(401);
    return performance.now() - started;
  };

  it('unknown email and wrong password take the same time, as distributions', async () => {
    // Warm-up: the first hashes and statements of a process are slower.
    for (let i = 0; i < 4; i += 1) {
      await timed(`warm${String(i)}@example.com`, `10.200.${String(i)}.1`);
      await timed(accounts[i % accounts.length]?.email ?? '', `10.201.${String(i)}.1`);
    }
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < PAIRS; i += 1) {
      // Interleaved, in alternating order, from fresh networks (no throttling delays either way).
      const u = () =>
        timed(
          `nobody${String(i)}-${String(Date.now())}@example.com`,
          `10.${String(10 + (i % 200))}.${String(i)}.7`,
        );
      const w = () =>
        timed(accounts[i % accounts.length]?.email ?? '', `10.${String(10 + (i % 200))}.${String(i)}.8`);
      if (i % 2 === 0) {
        unknown.push(await u());
        wrong.push(await w());
      } else {
        wrong.push(await w());
        unknown.push(await u());
      }
      // Each account stays within its free attempts.
      if ((i + 1) % accounts.length === 0) t.clock.advance(25 * 3600_000);
    }
    const summary = (xs: number[]) => [0.25, 0.5, 0.75].map((q) => quantile(xs, q));
    const [u25, u50, u75] = summary(unknown);
    const [w25, w50, w75] = summary(wrong);
    const spread = Math.max((w75 ?? 0) - (w25 ?? 0), 2);
    console.log(
      `timing unknown p25/50/75 ${[u25, u50, u75].map((x) => x?.toFixed(1)).join('/')} wrong ${[w25, w50, w75].map((x) => x?.toFixed(1)).join('/')}`,
    );
    // Medians within noise: less than half the interquartile range apart and under 5 ms.
    expect(Math.abs((u50 ?? 0) - (w50 ?? 0))).toBeLessThan(Math.max(5, spread / 2));
    // And the quartiles overlap: neither distribution sits wholly above the other.
    expect(u25 ?? 0).toBeLessThan(w75 ?? 0);
    expect(w25 ?? 0).toBeLessThan(u75 ?? 0);
  }, 300_000);
});
