/**
 * The dashboard's route over the real app on both engines: those who read sales reports get the
 * 30 days' sums with the stores by name, a manager of one store that store only; a cashier is
 * refused; a query the route does not take is refused by its name, nothing read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import type { DashboardStats } from '../../src/modules/dashboard/dashboard.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore, createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

describeEachEngine('dashboard API', (getDb) => {
  let t: IdentityTestApp;
  let storeId: string;
  let branchId: string;
  let owner: SignedIn;
  let branchManager: SignedIn;
  let cashier: SignedIn;
  const get = (s: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    let tenantId: string;
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Dashboard Fabrics' }));
    branchId = await createStore(getDb().db, tenantId, { storeName: 'Maninagar branch' });
    await seedRoles(getDb().db, tenantId);
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const item = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Cotton saree',
      hsnSac: '5208',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 84_000 }],
    });
    await t.services.billing.checkout.checkout(
      op,
      {
        storeId,
        lines: [{ variantId: item.variants[0]?.id ?? '', quantity: 2 }],
        payments: [{ method: 'cash', amountPaise: 168_000 }],
      },
      'dashboard-api-0001',
    );
    owner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    const m = await createAccount(t.services, tenantId, { role: 'manager', storeId: branchId });
    branchManager = await signIn(t, m, 'manager');
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it("gives the owner every store's sums and a branch manager the branch only", async () => {
    const r = await get(owner, '/api/v1/reports/dashboard');
    expect(r.statusCode).toBe(200);
    const stats = r.json<DashboardStats>();
    expect(stats.days).toHaveLength(30);
    expect(stats.netPaise).toBe(168_000);
    expect(stats.stores.map((s) => [s.name, s.netPaise])).toEqual([
      [expect.any(String), 168_000],
      ['Maninagar branch', 0],
    ]);
    expect(stats.items).toMatchObject([{ name: 'Cotton saree', netPaise: 168_000, quantityMilli: 2_000 }]);
    expect(stats.payments).toEqual([{ method: 'cash', netPaise: 168_000 }]);
    const own = (await get(branchManager, '/api/v1/reports/dashboard')).json<DashboardStats>();
    expect(own).toMatchObject({ netPaise: 0, items: [], payments: [] });
    expect(own.stores).toEqual([{ storeId: branchId, name: 'Maninagar branch', netPaise: 0, invoices: 0 }]);
  });

  it('refuses a cashier and a query it does not take', async () => {
    expect((await get(cashier, '/api/v1/reports/dashboard')).statusCode).toBe(403);
    const bad = await get(owner, '/api/v1/reports/dashboard?storeId=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    expect(JSON.stringify(bad.json())).not.toContain('168000');
  });
});
