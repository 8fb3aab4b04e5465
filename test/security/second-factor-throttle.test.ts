/**
 * After the password step an attacker cannot guess TOTP codes, recovery codes or the step-up
 * password at speed: each account and each session has a small budget, a concurrent burst cannot
 * exceed it, a new session does not refill it, and the guessing raises an alert.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  passwordStep,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';

describeEachEngine('second-factor throttling', (getDb) => {
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

  /** An owner with an authenticator app, and its secret. */
  async function enrolledOwner(): Promise<{ account: TestAccount; secret: string }> {
    const account = await createAccount(t.services, tenantId, { role: 'owner' });
    const s = await signIn(t, account, 'owner');
    return { account, secret: s.totpSecret ?? '' };
  }

  /** A six-digit code that is not the current one (nor the one a step either side). */
  function wrongCode(secret: string, i: number): string {
    const near = new Set(
      [-30_000, 0, 30_000].map((d) => totpCodeAt(secret, new Date(t.clock.now().getTime() + d))),
    );
    for (let n = i; ; n += 1) {
      const code = String((n * 7919) % 1_000_000).padStart(6, '0');
      if (!near.has(code)) return code;
    }
  }

  const verify = (s: SignedIn, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: s.headers, payload });

  it('300 wrong codes in a burst: at most 5 are checked, the rest get 429, and even the right code waits', async () => {
    const { account, secret } = await enrolledOwner();
    t.clock.advance(60_000);
    const pending = await passwordStep(t, account);
    const statuses: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) => verify(pending, { code: wrongCode(secret, round * 30 + i) })),
      );
      statuses.push(...burst.map((r) => r.statusCode));
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(295);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const right = await verify(pending, { code: totpCodeAt(secret, t.clock.now()) });
    expect(right.statusCode).toBe(429);
    expect(
      right.json<{ error: { details: { retryAfterSeconds: number } } }>().error.details.retryAfterSeconds,
    ).toBeGreaterThan(0);

    // A fresh password step does not refill the account's budget.
    const again = await passwordStep(t, account);
    expect((await verify(again, { code: wrongCode(secret, 999) })).statusCode).toBe(429);

    // Once the delay has passed, the right code gets in and the budget is full again.
    t.clock.advance(16 * 60_000);
    const later = await passwordStep(t, account);
    const ok = await verify(later, { code: totpCodeAt(secret, t.clock.now()) });
    expect(ok.statusCode).toBe(200);
    const audit = await getDb()
      .db.selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'auth.mfa.verify')
      .where('outcome', '=', 'failure')
      .where('object_id', '=', account.userId)
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBeLessThanOrEqual(5);
  });

  it('recovery codes draw on the same budget', async () => {
    const { account } = await enrolledOwner();
    t.clock.advance(60_000);
    const pending = await passwordStep(t, account);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1)
      statuses.push(
        (await verify(pending, { recoveryCode: `WRONG-CODE-${String(i).padStart(4, '0')}` })).statusCode,
      );
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true);
  });

  it('step-up passwords are throttled per account and session, and a success refills the budget', async () => {
    const account = await createAccount(t.services, tenantId, { role: 'cashier' });
    const s = await signIn(t, account);
    const reauth = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/reauthenticate',
        headers: s.headers,
        payload: { password },
      });
    expect((await reauth(account.password)).statusCode).toBe(204);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await reauth(`not the password ${String(i)}`)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(6).every((x) => x === 429)).toBe(true);
    expect((await reauth(account.password)).statusCode).toBe(429);
    t.clock.advance(16 * 60_000);
    expect((await reauth(account.password)).statusCode).toBe(204);
    expect((await reauth('wrong once more')).statusCode).toBe(401);
  });

  it('the guessing raises a second-factor alert on the account', async () => {
    const { account, secret } = await enrolledOwner();
    t.clock.advance(60_000);
    const pending = await passwordStep(t, account);
    for (let i = 0; i < 8; i += 1) await verify(pending, { code: wrongCode(secret, 5000 + i) });
    t.clock.advance(10_000);
    await t.services.monitoring.monitor.run();
    const alerts = await t.services.monitoring.alerts.list(
      tenantId,
      { detector: 'second_factor_guessing' },
      50,
    );
    expect(alerts.map((a) => a.subjectId)).toContain(account.userId);
  });
});
