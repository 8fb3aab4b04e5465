/**
 * Sensitive actions need a fresh re-authentication; nobody grants what they do not hold; a role
 * change ends the target's sessions; in PCI mode a password-only account must change an expired
 * password; revealing personal data needs permission, reason and step-up, and is recorded
 * without the value.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { AccessContext } from '../../src/kernel/access-context.js';
import type { AuditEvent, AuditRecorder } from '../../src/kernel/audit.js';
import { RevealGate } from '../../src/modules/auth/step-up.policy.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';

describeEachEngine('step-up and role changes', (getDb) => {
  let t: IdentityTestApp;

  /** A business of its own for each test, with its owner just signed in. */
  async function newShop(): Promise<{ tenantId: string; owner: TestAccount; o: SignedIn }> {
    const { tenantId } = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenantId);
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    return { tenantId, owner, o: await signIn(t, owner, 'owner') };
  }

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const req = (method: 'POST' | 'PUT', url: string, s: SignedIn, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });

  it('a role change needs a re-authentication within the last 5 minutes', async () => {
    const { owner, o } = await newShop();
    t.clock.advance(6 * 60_000);
    await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: o.headers });
    const stale = await req('POST', '/api/v1/roles', o, {
      name: 'senior-cashier',
      permissions: ['invoice.create'],
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    const wrong = await req('POST', '/api/v1/auth/reauthenticate', o, { password: 'not my password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(
      (await req('POST', '/api/v1/auth/reauthenticate', o, { password: owner.password })).statusCode,
    ).toBe(204);
    const ok = await req('POST', '/api/v1/roles', o, {
      name: 'senior-cashier',
      permissions: ['invoice.create', 'discount.override'],
    });
    expect(ok.statusCode).toBe(201);
  });

  it('an admin cannot create a role with a permission the admin does not hold', async () => {
    const { tenantId } = await newShop();
    const admin = await createAccount(t.services, tenantId, { role: 'admin' });
    const a = await signIn(t, admin, 'admin');
    const res = await req('POST', '/api/v1/roles', a, { name: 'key-keeper', permissions: ['keys.manage'] });
    expect(res.statusCode).toBe(403);
    const grant = await req('PUT', `/api/v1/users/${admin.userId}/roles`, a, {
      role: 'owner',
      storeId: '*',
      granted: true,
    });
    expect(grant.statusCode).toBe(403);
  });

  it("granting a role ends the target's sessions (privilege change means a new token)", async () => {
    const { tenantId, o } = await newShop();
    const role = await req('POST', '/api/v1/roles', o, {
      name: 'senior-cashier',
      permissions: ['invoice.create', 'discount.override'],
    });
    expect(role.statusCode).toBe(201);
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const c = await signIn(t, cashier);
    const res = await req('PUT', `/api/v1/users/${cashier.userId}/roles`, o, {
      role: 'senior-cashier',
      storeId: '*',
      granted: true,
    });
    expect(res.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: c.headers })).statusCode,
    ).toBe(401);
    const again = await signIn(t, cashier);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: again.headers });
    expect(me.json<{ permissions: string[] }>().permissions).toContain('discount.override');
  });

  it('in PCI mode a password-only account with a 90-day-old password must change it first', async () => {
    const { tenantId, o } = await newShop();
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    expect(
      (
        await req('PUT', '/api/v1/settings/sign-in', o, {
          minPasswordLength: 16,
          pciMode: true,
          counterIdleMinutes: 60,
        })
      ).statusCode,
    ).toBe(204);
    t.clock.advance(91 * 24 * 3600_000);
    const c = await signIn(t, cashier);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: c.headers });
    expect(blocked.statusCode).toBe(412);
    const reused = await req('POST', '/api/v1/auth/password', c, {
      currentPassword: cashier.password,
      newPassword: cashier.password,
    });
    expect(reused.statusCode).toBe(400);
    const changed = await req('POST', '/api/v1/auth/password', c, {
      currentPassword: cashier.password,
      newPassword: 'q7 ember quartz lagoon 2041',
    });
    expect(changed.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: c.headers })).statusCode,
    ).toBe(200);
  });
});

describe('reveal gate', () => {
  const events: AuditEvent[] = [];
  const recorder: AuditRecorder = {
    record(_trx, _ctx, event) {
      events.push(event);
      return Promise.resolve();
    },
  };
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const gate = new RevealGate(recorder, clock);
  const auth = (perms: string[], reauthMinutesAgo?: number): AccessContext => ({
    tenantId: 't1',
    userId: 'u1',
    actor: { type: 'user', id: 'u1' },
    sessionId: 's1',
    roles: ['manager'],
    permissions: new Set(perms),
    storeIds: 'all',
    mfaSatisfied: true,
    ...(reauthMinutesAgo === undefined
      ? {}
      : { reauthenticatedAt: new Date(clock.now().getTime() - reauthMinutesAgo * 60_000) }),
  });
  const ctx = { tenantId: 't1', actor: { type: 'user' as const, id: 'u1' } };
  const request = {
    objectType: 'customer',
    objectId: 'c1',
    field: 'phone',
    reason: { category: 'delivery' as const, text: 'courier needs to call' },
  };
  const trx = {} as never;
  beforeEach(() => {
    events.length = 0;
  });

  it('refuses without the permission, without a reason, or without a recent re-authentication', async () => {
    await expect(gate.authorize(trx, auth([], 1), ctx, request)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      gate.authorize(trx, auth(['customer.pii.reveal'], 1), ctx, {
        ...request,
        reason: { category: 'other', text: '' },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(gate.authorize(trx, auth(['customer.pii.reveal'], 6), ctx, request)).rejects.toMatchObject({
      code: 'reauthentication_required',
    });
    await expect(gate.authorize(trx, auth(['customer.pii.reveal']), ctx, request)).rejects.toMatchObject({
      code: 'reauthentication_required',
    });
    expect(events).toHaveLength(0);
  });

  it('records who revealed which field and why, with the free text only as its length', async () => {
    await gate.authorize(trx, auth(['customer.pii.reveal'], 2), ctx, request);
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toEqual({ field: 'phone', reason: 'delivery', reasonTextLength: 21 });
    expect(JSON.stringify(events)).not.toContain('courier');
  });
});
