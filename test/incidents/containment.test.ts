/**
 * Containment actions from the incident, each through the real identity or keys service and each
 * on the timeline and in the audit trail: ending one store's sessions, everyone's but the
 * responder's, one stolen device's; revoking a user's API tokens; forcing a password reset (the
 * user can do nothing but set a new password); starting key rotations. They ask for step-up, never
 * lock the responder out, and in a drill change nothing.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createStore } from '../support/factories.js';
import {
  buildIdentityTestApp,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';
import { describeEachEngine } from '../support/engines.js';
import { loginFrom } from '../support/monitoring.js';
import { call, createShop, ok, type Shop } from './support.js';

describeEachEngine('containment', (getDb) => {
  let t: IdentityTestApp;
  let shop: Shop;
  let incidentId: string;
  let n = 0;

  async function staff(storeId: string): Promise<TestAccount> {
    n += 1;
    const email = `staff${String(n)}@example.test`;
    const password = `lantern quiet monsoon teapot ${String(n)}9`;
    const userId = await t.services.identity.users.createAccount({
      tenantId: shop.tenantId,
      email,
      displayName: 'Test Staff',
      password,
      grants: [{ role: 'cashier', storeId }],
    });
    return { userId, email, password };
  }
  const signInAs = async (account: TestAccount, device?: string): Promise<SignedIn> => {
    const res = await loginFrom(t, account, { ip: '10.1.1.40', ...(device === undefined ? {} : { device }) });
    if (res.session === undefined) throw new Error(`sign-in refused: ${String(res.status)}`);
    return res.session;
  };
  const alive = async (session: SignedIn) => (await call(t, session, 'GET', '/auth/me')).status === 200;
  const contain = async (body: Record<string, unknown>, target = incidentId) => {
    const res = await call<{ result: Record<string, unknown>; simulated: boolean; error: { code: string } }>(
      t,
      shop.ownerSession,
      'POST',
      `/incidents/${target}/containment`,
      body,
    );
    return { status: res.status, ...res.body };
  };

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 60_000);
  // Each test gets its own shop (and sessions) at the starting time, so tests pass alone and
  // in any order even when one moves the clock on days or ends sessions.
  beforeEach(async () => {
    t.clock.set('2026-06-01T06:00:00.000Z');
    shop = await createShop(t);
    incidentId = (
      await ok<{ incident: { id: string } }>(t, shop.ownerSession, 'POST', '/incidents', {
        title: 'Counter laptop stolen',
        category: 'lost_or_stolen_device',
        severity: 'high',
        awareAt: '2026-06-01T11:00:00+05:30',
      })
    ).incident.id;
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it("ends one store's sessions, then everyone's but the responder's", async () => {
    const second = await createStore(getDb().db, shop.tenantId, { storeName: 'Second Store' });
    const here = await signInAs(await staff(shop.storeId));
    const there = await signInAs(await staff(second));
    const byStore = await contain({ action: 'revoke_sessions', scope: 'store', storeId: shop.storeId });
    expect(byStore.result).toEqual({ sessionsEnded: 1 });
    expect([await alive(here), await alive(there), await alive(shop.ownerSession)]).toEqual([
      false,
      true,
      true,
    ]);
    const all = await contain({ action: 'revoke_sessions', scope: 'all', note: 'Everyone signs in again' });
    expect(all.result.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect([await alive(there), await alive(shop.ownerSession)]).toEqual([false, true]);
  });

  it("ends a stolen device's sessions only", async () => {
    const cashier = await staff(shop.storeId);
    const stolen = await signInAs(cashier, 'stolen-laptop-device-000001');
    const other = await signInAs(cashier, 'back-office-device-0000001');
    const res = await contain({ action: 'revoke_device', deviceId: 'stolen-laptop-device-000001' });
    expect(res.result).toEqual({ sessionsEnded: 1 });
    expect([await alive(stolen), await alive(other)]).toEqual([false, true]);
  });

  it("revokes a user's API tokens", async () => {
    const { token } = await t.services.identity.apiTokens.create(
      { tenantId: shop.tenantId, userId: shop.owner.userId, permissions: new Set(['customer.read']) },
      { tenantId: shop.tenantId, actor: { type: 'user', id: shop.owner.userId } },
      { name: 'sync', scopes: ['customer.read'], expiresInMs: 86_400_000 },
    );
    const read = () =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/customers',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await read()).statusCode).toBe(200);
    expect((await contain({ action: 'revoke_api_tokens', userId: shop.owner.userId })).result).toEqual({
      tokensRevoked: 1,
    });
    expect((await read()).statusCode).toBe(401);
    expect(
      (await contain({ action: 'revoke_api_tokens', userId: shop.owner.userId, all: true })).status,
    ).toBe(400);
  });

  it('forces a password reset: sessions end, and the next sign-in can only set a new password', async () => {
    const cashier = await staff(shop.storeId);
    const before = await signInAs(cashier);
    expect((await contain({ action: 'force_password_reset', userId: cashier.userId })).result).toEqual({
      sessionsEnded: 1,
    });
    expect(await alive(before)).toBe(false);
    const after = await signInAs(cashier);
    const blocked = await call<{ error: { code: string; details: { reason: string } } }>(
      t,
      after,
      'GET',
      '/customers',
    );
    expect(blocked.status).toBe(412);
    expect(blocked.body.error.details.reason).toBe('password_reset_required');
    await ok(t, after, 'POST', '/auth/password', {
      currentPassword: cashier.password,
      newPassword: 'velvet harbour quiet orchard 5120',
    });
    expect((await call(t, after, 'GET', '/customers')).status).toBe(200);
  });

  it('starts key rotations; one already running is reported, not an error', async () => {
    const first = await contain({ action: 'rotate_keys', purposes: ['customer_pii', 'documents'] });
    expect((first.result.rotationsStarted as string[]).length).toBe(2);
    const again = await contain({ action: 'rotate_keys', purposes: ['customer_pii'] });
    expect(again.result).toEqual({ rotationsStarted: [], alreadyRunning: ['customer_pii'] });
    const running = await getDb()
      .db.selectFrom('key_rotations')
      .select('key_id')
      .where('tenant_id', '=', shop.tenantId)
      .where('status', '=', 'running')
      .execute();
    expect(running.map((r) => r.key_id).sort()).toEqual(['customer_pii', 'documents']);
  });

  it('asks for step-up, keeps the responder in, and records every action', async () => {
    const cashier = await staff(shop.storeId);
    await signInAs(cashier, 'stolen-laptop-device-000002');
    await contain({ action: 'revoke_device', deviceId: 'stolen-laptop-device-000002' });
    await contain({ action: 'revoke_sessions', scope: 'all', note: 'Everyone signs in again' });
    const selfDisable = await contain({ action: 'disable_user', userId: shop.owner.userId });
    expect(selfDisable.status).toBe(409);
    t.clock.advance(6 * 60_000);
    const stale = await contain({ action: 'revoke_sessions', scope: 'all' });
    expect(stale.status).toBe(403);
    expect(stale.error.code).toBe('reauthentication_required');
    await ok(t, shop.ownerSession, 'POST', '/auth/reauthenticate', { password: shop.owner.password });
    const events = await t.services.incidents.incidents.events({ tenantId: shop.tenantId }, incidentId);
    const actions = events.filter((e) => e.kind === 'containment').map((e) => e.details.action);
    // Only the two actions that passed step-up: the refused ones are not containment events.
    expect(actions).toEqual(['revoke_device', 'revoke_sessions']);
    expect(events.find((e) => e.kind === 'containment' && e.details.scope === 'all')?.note).toBe(
      'Everyone signs in again',
    );
    const audit = await getDb()
      .db.selectFrom('audit_entries')
      .select('action')
      .where('tenant_id', '=', shop.tenantId)
      .where('action', 'in', [
        'incident.containment',
        'auth.session.revoke',
        'auth.api_token.revoke',
        'auth.password.reset_forced',
        'key.rotate',
      ])
      .execute();
    const count = (a: string) => audit.filter((e) => e.action === a).length;
    expect(count('incident.containment')).toBe(2);
    expect([
      count('auth.session.revoke'),
      count('auth.api_token.revoke'),
      count('auth.password.reset_forced'),
      count('key.rotate'),
    ]).toEqual([2, 0, 0, 0]);
  });

  it('in a drill, records the action as simulated and changes nothing', async () => {
    const drill = await ok<{ drill: { incidentId: string } }>(t, shop.ownerSession, 'POST', '/drills', {
      scenario: 'stolen_laptop',
      startNow: true,
    });
    const cashier = await staff(shop.storeId);
    const session = await signInAs(cashier);
    const res = await contain({ action: 'disable_user', userId: cashier.userId }, drill.drill.incidentId);
    expect(res, JSON.stringify(res)).toMatchObject({ simulated: true });
    expect(res.result).toEqual({ simulated: true });
    expect(await alive(session)).toBe(true);
    const user = await getDb()
      .db.selectFrom('users')
      .select('status')
      .where('id', '=', cashier.userId)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
  });
});
