/**
 * Passwords over the real API on both engines: a user cannot go back to any of their last four
 * passwords; in PCI mode ten failures lock the account for 30 minutes (even the right password
 * waits), then it opens again; a hash made with older argon2id parameters is upgraded to the
 * production default (RFC 9106: 64 MiB, 3 passes, 4 lanes) at the next right sign-in, never at a
 * wrong one. The rest of the suite hashes at the baseline's floor (test/support/argon2-cost.ts).
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

const passwords = [
  'amber lantern 7 monsoon kettle',
  'copper ferry 42 quiet marigold',
  'velvet orbit 9 saffron harbour',
  'granite comet 18 tamarind drum',
  'silver paddle 63 jasmine cloud',
];

describeEachEngine('passwords', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: '192.168.10.20',
    });

  it('the last four passwords cannot be used again; the fifth-oldest can', async () => {
    const user = await createAccount(t.services, tenantId, { role: 'cashier', password: passwords[0] });
    const s = await signIn(t, user);
    const change = (from: string, to: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: s.headers,
        payload: { currentPassword: from, newPassword: to },
      });
    for (let i = 1; i < passwords.length; i += 1) {
      t.clock.advance(60_000);
      expect((await change(passwords[i - 1] ?? '', passwords[i] ?? '')).statusCode).toBe(204);
    }
    // History: the current one and the three before it are refused, with the reason.
    for (const old of passwords.slice(1, 4)) {
      const reused = await change(passwords[4] ?? '', old);
      expect(reused.statusCode).toBe(400);
      const error = reused.json<{ error: { field: string; message: string; details: { reason: string } } }>()
        .error;
      expect(error).toMatchObject({ field: 'newPassword', details: { reason: 'reused' } });
      expect(error.message).toMatch(/not used recently/);
    }
    t.clock.advance(60_000);
    expect((await change(passwords[4] ?? '', passwords[0] ?? '')).statusCode).toBe(204);
    expect((await login(user.email, passwords[0] ?? '')).statusCode).toBe(200);
  });

  it("the service's own name cannot be a user's password, in any usual spelling", async () => {
    const user = await createAccount(t.services, tenantId, { role: 'cashier', password: passwords[0] });
    const s = await signIn(t, user);
    for (const next of ['Tijori@2024 counter one', 'Tijori2024tijori2024', 'T1J0R1 2024 billing pc']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: s.headers,
        payload: { currentPassword: passwords[0], newPassword: next },
      });
      expect(res.statusCode, next).toBe(400);
      expect(res.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
        'contains_context',
      );
    }
  });

  it('in PCI mode ten failures lock the account for 30 minutes, then it opens again', async () => {
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    const o: SignedIn = await signIn(t, owner, 'owner');
    const pci = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/sign-in',
      headers: o.headers,
      payload: { minPasswordLength: 0, pciMode: true, counterIdleMinutes: 60 },
    });
    expect(pci.statusCode).toBe(204);
    const user = await createAccount(t.services, tenantId, { role: 'cashier' });
    for (let i = 1; i <= 10; i += 1) {
      expect((await login(user.email, `not the password, try ${String(i)}`)).statusCode).toBe(401);
      // Wait out the growing delay between attempts (1 s, 2 s, 4 s ... after the free five).
      if (i < 10) t.clock.advance(20_000);
    }
    const locked = await login(user.email, user.password);
    expect(locked.statusCode).toBe(429);
    const retry = locked.json<{ error: { details: { retryAfterSeconds: number } } }>().error.details;
    expect(retry.retryAfterSeconds).toBe(1800);
    t.clock.advance(29 * 60_000);
    expect((await login(user.email, user.password)).statusCode).toBe(429);
    t.clock.advance(61_000);
    expect((await login(user.email, user.password)).statusCode).toBe(200);
  });

  it('an old-parameter hash is upgraded to the production default (RFC 9106) at the next right sign-in; a wrong password never upgrades it', async () => {
    const user = await createAccount(t.services, tenantId, { role: 'cashier' });
    const stored = async () =>
      (
        await getDb()
          .db.selectFrom('user_accounts')
          .select('password_hash')
          .where('user_id', '=', user.userId)
          .executeTakeFirstOrThrow()
      ).password_hash ?? '';
    // Made at the old default (the baseline's floor, which the test harness still uses).
    const old = await stored();
    expect(old).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // The production default, exactly as an installation without settings gets it.
    const production = buildConfig({ dataDir: '/nonexistent-test-data' });
    expect([production.argon2MemoryKib, production.argon2Iterations, production.argon2Parallelism]).toEqual([
      65_536, 3, 4,
    ]);
    const current = await buildIdentityTestApp(
      getDb(),
      {
        argon2MemoryKib: production.argon2MemoryKib,
        argon2Iterations: production.argon2Iterations,
        argon2Parallelism: production.argon2Parallelism,
      },
      t.keyProvider,
    );
    current.clock.set(t.clock.now());
    const signInTo = (app: IdentityTestApp, password: string) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password },
        remoteAddress: '192.168.10.21',
      });
    try {
      // Wrong passwords, including the right one with a changed letter: refused, hash untouched.
      for (const wrong of [`${user.password}x`, user.password.toUpperCase(), ''])
        expect((await signInTo(current, wrong)).statusCode).toBeGreaterThanOrEqual(400);
      expect(await stored()).toBe(old);
      expect((await signInTo(current, user.password)).statusCode).toBe(200);
      const upgraded = await stored();
      expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
      // Signing in again under the current parameters does not hash anew.
      expect((await signInTo(current, user.password)).statusCode).toBe(200);
      expect(await stored()).toBe(upgraded);
    } finally {
      await current.close();
    }
    // An installation still set lower verifies the stronger hash from its own parameters and
    // does not weaken it.
    expect((await login(user.email, user.password)).statusCode).toBe(200);
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
  });
});
