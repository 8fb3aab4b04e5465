/**
 * Scope analysis beyond the acceptance case: one session of an account and not its other one; a
 * time window that leaves out what happened before it; an API token's entries; exports, whose
 * manifest names their customers (and an export recorded without one is reported, not guessed);
 * and keys: a version of the customer key, one customer's own key, a blind-index key.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';
import { loginFrom } from '../support/monitoring.js';
import { call, createShop, importCustomers, ok, ownerActor, type Shop } from './support.js';

interface Scope {
  scope: {
    customers: number;
    categories: Record<string, number>;
    unlistedExports: number;
    entriesExamined: number;
  };
}

describeEachEngine('scope analysis', (getDb) => {
  let t: IdentityTestApp;
  let shop: Shop;
  let customers: string[];
  let incidentId: string;

  const scope = (
    suspect: Record<string, unknown>,
    window = { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' },
  ) => ok<Scope>(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/scopes`, { suspect, ...window });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 60_000);
  // Each test gets its own shop (and sessions) at the starting time, so tests pass alone and
  // in any order even when one moves the clock on days or ends sessions.
  beforeEach(async () => {
    t.clock.set('2026-06-01T06:00:00.000Z');
    shop = await createShop(t);
    customers = await importCustomers(t, shop.tenantId, 12);
    incidentId = (
      await ok<{ incident: { id: string } }>(t, shop.ownerSession, 'POST', '/incidents', {
        title: 'Suspicious access to customer records',
        category: 'unauthorised_access',
        severity: 'medium',
        awareAt: '2026-06-01T11:00:00+05:30',
      })
    ).incident.id;
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('tells one session of an account from its other, and keeps to the window', async () => {
    const person = { email: 'lead@example.test', password: 'lantern quiet monsoon teapot 8812' };
    const userId = await t.services.identity.users.createAccount({
      tenantId: shop.tenantId,
      ...person,
      displayName: 'Test Lead',
      grants: [{ role: 'counter_lead', storeId: shop.storeId }],
    });
    const account = { userId, ...person };
    const reveal = async (
      session: { headers: Record<string, string> },
      customerId: string,
      fields: string[],
    ) =>
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/customers/${customerId}/reveal`,
            headers: session.headers,
            payload: { fields, reason: { category: 'customer_request', text: '' } },
          })
        ).statusCode,
      ).toBe(200);
    // Yesterday, before the window: one reveal.
    t.clock.set('2026-05-31T06:00:00.000Z');
    const yesterday = (await loginFrom(t, account, { ip: '10.1.1.30' })).session;
    if (yesterday === undefined) throw new Error('sign-in failed');
    await reveal(yesterday, customers[11] ?? '', ['phone']);
    t.clock.set('2026-06-01T06:00:00.000Z');
    const home = (await loginFrom(t, account, { ip: '10.1.1.30', device: 'home-laptop-device-0000001' }))
      .session;
    const shopPc = (await loginFrom(t, account, { ip: '10.1.1.31', device: 'counter-pc-device-00000001' }))
      .session;
    if (home === undefined || shopPc === undefined) throw new Error('sign-in failed');
    for (const c of customers.slice(0, 3)) await reveal(home, c, ['phone', 'email']);
    for (const c of customers.slice(3, 5)) await reveal(shopPc, c, ['name']);
    const homeSession = await getDb()
      .db.selectFrom('sessions')
      .select('id')
      .where('device_id', '=', 'home-laptop-device-0000001')
      .executeTakeFirstOrThrow();

    expect((await scope({ type: 'user', id: userId })).scope).toMatchObject({
      customers: 5,
      categories: { phone: 3, email: 3, name: 2 },
      entriesExamined: 5,
    });
    expect((await scope({ type: 'session', id: homeSession.id })).scope).toMatchObject({
      customers: 3,
      categories: { phone: 3, email: 3 },
    });
    expect((await scope({ type: 'device', id: 'counter-pc-device-00000001' })).scope.customers).toBe(2);
    const wide = await scope(
      { type: 'user', id: userId },
      { from: '2026-05-30T00:00:00Z', to: '2026-06-02T00:00:00Z' },
    );
    expect(wide.scope.customers).toBe(6);
    const backwards = await call<{ error: { field: string } }>(
      t,
      shop.ownerSession,
      'POST',
      `/incidents/${incidentId}/scopes`,
      {
        suspect: { type: 'user', id: userId },
        from: '2026-06-02T00:00:00Z',
        to: '2026-06-01T00:00:00Z',
      },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.field).toBe('to');
  });

  it('names the customers of an export from its manifest, and reports an export that lists nobody', async () => {
    const exporter = await t.services.identity.users.createAccount({
      tenantId: shop.tenantId,
      email: 'exporter@example.test',
      displayName: 'Test Exporter',
      password: 'lantern quiet monsoon teapot 7731',
      grants: [{ role: 'owner', storeId: '*' }],
    });
    const auth = {
      tenantId: shop.tenantId,
      userId: exporter,
      actor: { type: 'user' as const, id: exporter },
      roles: ['owner'],
      permissions: new Set(builtinRoles.owner),
      storeIds: 'all' as const,
      mfaSatisfied: true,
      reauthenticatedAt: t.clock.now(),
    };
    const ctx = { tenantId: shop.tenantId, actor: auth.actor, source: 'test' };
    const db = t.services.identity.deps.db;
    const exportId = await db.transaction().execute((trx) =>
      t.services.identity.reveal.authorizeExport(trx, auth, ctx, {
        objectType: 'customer',
        subjectIds: customers.slice(5, 9),
        fields: ['name', 'phone'],
        format: 'csv',
        reason: { category: 'other', text: 'festival mailing list' },
      }),
    );
    const manifest = await db
      .selectFrom('audit_export_subjects')
      .select('subject_id')
      .where('export_id', '=', exportId)
      .execute();
    expect(manifest).toHaveLength(4);
    // An export as older code recorded it: a count, no manifest.
    await t.services.audit.trail.record(db, ctx, {
      action: 'customer.pii.export',
      objectType: 'customer',
      outcome: 'success',
      details: { count: 40, format: 'csv' },
    });
    const found = await scope({ type: 'user', id: exporter });
    expect(found.scope).toMatchObject({
      customers: 4,
      categories: { name: 4, phone: 4 },
      unlistedExports: 1,
    });
  });

  it("finds an API token's entries", async () => {
    const ctx = {
      tenantId: shop.tenantId,
      actor: { type: 'api_token' as const, id: 'token-under-suspicion' },
      source: 'test',
    };
    for (const c of customers.slice(9, 11))
      await t.services.audit.trail.record(t.services.identity.deps.db, ctx, {
        action: 'customer.pii.reveal',
        objectType: 'customer',
        objectId: c,
        outcome: 'success',
        details: { field: 'email' },
      });
    expect((await scope({ type: 'api_token', id: 'token-under-suspicion' })).scope).toMatchObject({
      customers: 2,
      categories: { email: 2 },
    });
  });

  it("finds the customers under a key version, one customer's key, and a blind-index key", async () => {
    const byKey = (suspect: Record<string, unknown>) =>
      ok<Scope>(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/scopes`, { suspect });
    expect((await byKey({ type: 'key', id: 'customer_pii', version: 1 })).scope).toMatchObject({
      customers: 12,
      categories: { name: 12, phone: 12, email: 12 },
    });
    await t.services.rotation.start(shop.tenantId, 'customer_pii');
    const later = await importCustomers(t, shop.tenantId, 3, 100);
    expect((await byKey({ type: 'key', id: 'customer_pii', version: 2 })).scope.customers).toBe(3);
    expect((await byKey({ type: 'key', id: 'customer_pii', version: 1 })).scope.customers).toBe(12);
    expect((await byKey({ type: 'key', id: `s_${later[0] ?? ''}` })).scope).toMatchObject({ customers: 1 });
    expect((await byKey({ type: 'key', id: 'bidx_phone' })).scope).toMatchObject({
      customers: 15,
      categories: { phone: 15 },
    });
    expect((await byKey({ type: 'key', id: 'staff_pii' })).scope.customers).toBe(0);
    const unknown = await call<{ error: { field: string } }>(
      t,
      shop.ownerSession,
      'POST',
      `/incidents/${incidentId}/scopes`,
      {
        suspect: { type: 'key', id: 'customer_pii', version: 9 },
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('suspect.id');

    // Every analysis is kept with the incident, whose data categories grew with what was found.
    const kept = await ok<{ scopes: unknown[] }>(
      t,
      shop.ownerSession,
      'GET',
      `/incidents/${incidentId}/scopes`,
    );
    expect(kept.scopes.length).toBe(6); // the six accepted analyses of this test's incident
    const view = await t.services.incidents.incidents.get(ownerActor(shop), incidentId);
    expect(view.dataCategories).toEqual(['name', 'phone', 'email']);
    expect(view.affected.customers).toBe(15);
  });
});
