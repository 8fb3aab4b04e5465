/**
 * What screens need to show names instead of ids: GET /names (staff and store names, only for
 * roles whose screens show who did what) and GET /incident-suspects (devices, sessions and API
 * tokens a scope analysis can be asked about, each with its person, newest first).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, createAccount, signIn, type IdentityTestApp } from '../support/identity.js';
import { loginFrom } from '../support/monitoring.js';
import { call, createShop, ok, type Shop } from './support.js';

interface Names {
  people: { id: string; name: string }[];
  stores: { id: string; name: string }[];
}
interface Suspects {
  devices: { id: string; userId: string; lastSeenAt: string }[];
  sessions: { id: string; userId: string; startedAt: string; lastSeenAt: string }[];
  tokens: { id: string; userId: string; name: string }[];
}

describeEachEngine('names and suspects for readable screens', (getDb) => {
  let t: IdentityTestApp;
  let shop: Shop;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    t.clock.set('2026-06-01T06:00:00.000Z');
    shop = await createShop(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it("gives the owner every staff member's and store's name, and refuses a cashier", async () => {
    const named = await t.services.identity.users.createAccount({
      tenantId: shop.tenantId,
      email: 'meera@example.test',
      password: 'lantern quiet monsoon teapot 8812',
      displayName: 'मीरा Sharma',
      grants: [{ role: 'cashier', storeId: shop.storeId }],
    });
    const names = await ok<Names>(t, shop.ownerSession, 'GET', '/names');
    expect(names.people).toContainEqual({ id: named, name: 'मीरा Sharma' });
    expect(names.people.map((p) => p.id)).toContain(shop.owner.userId);
    expect(names.stores.map((s) => s.id)).toEqual([shop.storeId]);
    // Names only: no email, role or other field.
    expect(Object.keys(names.people[0] ?? {}).sort()).toEqual(['id', 'name']);
    expect(JSON.stringify(names)).not.toContain('@example');

    const cashier = await createAccount(t.services, shop.tenantId, {
      role: 'cashier',
      storeId: shop.storeId,
    });
    const refused = await call(t, await signIn(t, cashier, 'cashier'), 'GET', '/names');
    expect(refused.status).toBe(403);
    expect((await call(t, null, 'GET', '/names')).status).toBe(401);
  });

  it('lists devices and sessions with their person, newest first, and only the tenant’s own', async () => {
    const person = await createAccount(t.services, shop.tenantId, { role: 'cashier', storeId: shop.storeId });
    t.clock.set('2026-06-01T06:01:00.000Z');
    const first = await loginFrom(t, person, { ip: '203.0.113.7' });
    expect(first.status).toBe(200);
    t.clock.set('2026-06-01T06:02:00.000Z');
    const second = await loginFrom(t, person, { ip: '203.0.113.7' });
    expect(second.status).toBe(200);
    // Another shop's sign-in is never offered.
    const other = await createShop(t);
    const elsewhere = await loginFrom(t, other.owner, { ip: '198.51.100.4' });

    const choices = await ok<Suspects>(t, shop.ownerSession, 'GET', '/incident-suspects');
    const mine = choices.devices.filter((d) => d.userId === person.userId).map((d) => d.id);
    expect(first.device).toBeDefined();
    expect(second.device).not.toBe(first.device);
    expect(mine).toEqual([second.device, first.device]);
    expect(choices.devices.map((d) => d.id)).not.toContain(elsewhere.device);
    const sessions = choices.sessions.filter((s) => s.userId === person.userId);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]?.startedAt).toBe('2026-06-01T06:02:00.000Z');
    expect(choices.sessions.map((s) => s.userId)).not.toContain(other.owner.userId);

    const cashierSession = await signIn(t, person, 'cashier');
    expect((await call(t, cashierSession, 'GET', '/incident-suspects')).status).toBe(403);
  });
});
