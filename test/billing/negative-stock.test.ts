/**
 * Selling beyond the stock on hand, over the real app on both engines: allowed by default, every
 * level a sale takes below zero is on the audit trail and raises a negative-stock alert (folded
 * per item), a sale that leaves stock at zero or above raises none, and the shop can refuse such
 * sales from its billing settings.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
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

describeEachEngine('negative stock', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let shirt: string;
  let cap: string;
  let cashier: SignedIn;
  let owner: SignedIn;
  let n = 0;

  const sell = (variantId: string, quantity: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: { ...cashier.headers, 'idempotency-key': `negative-${String((n += 1)).padStart(6, '0')}` },
      payload: {
        storeId,
        lines: [{ variantId, quantity }],
        payments: [{ method: 'cash', amountPaise: 10_000_000 }],
      },
    });
  const alerts = async () => {
    t.clock.advance(10_000);
    await t.services.monitoring.monitor.run();
    return t.services.monitoring.alerts.list(tenantId, { detector: 'negative_stock' }, 50);
  };

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Stock Fabrics' }));
    await seedRoles(getDb().db, tenantId);
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const item = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Cotton shirt',
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 105_000 }, { pricePaise: 50_000 }],
    });
    shirt = item.variants[0]?.id ?? '';
    cap = item.variants[1]?.id ?? '';
    await t.services.billing.stock.adjust(op, {
      storeId,
      reason: 'opening',
      lines: [{ variantId: shirt, quantity: 2 }],
    });
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    owner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('the default allows the sale; each level taken below zero is recorded and raises an alert', async () => {
    const settings = await t.app.inject({
      method: 'GET',
      url: '/api/v1/billing/settings',
      headers: owner.headers,
    });
    expect(settings.json<{ negativeStock: string }>().negativeStock).toBe('allow');

    expect((await sell(shirt, 2)).statusCode).toBe(201); // 2 -> 0: not negative
    expect(await alerts()).toEqual([]);

    expect((await sell(shirt, 1)).statusCode).toBe(201); // 0 -> -1
    expect((await sell(shirt, 2)).statusCode).toBe(201); // -1 -> -3
    expect((await sell(cap, 1)).statusCode).toBe(201); // 0 -> -1
    const entries = await getDb()
      .db.selectFrom('audit_entries')
      .select(['object_id', 'details'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'stock.negative')
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => [e.object_id, (JSON.parse(e.details) as { level: number }).level])).toEqual([
      [shirt, -1],
      [shirt, -3],
      [cap, -1],
    ]);
    const raised = await alerts();
    expect(raised.map((a) => a.subjectId).sort()).toEqual([shirt, cap].sort());
    expect(raised.find((a) => a.subjectId === shirt)?.count).toBe(2);
  });

  it('when the shop refuses, a sale beyond stock is refused and raises nothing new', async () => {
    const put = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/billing/settings',
      headers: owner.headers,
      payload: { negativeStock: 'refuse' },
    });
    expect(put.statusCode).toBe(200);
    try {
      const before = (await alerts()).reduce((sum, a) => sum + a.count, 0);
      // More than the shirt ever had (2), whichever test ran first; a refused sale writes nothing.
      const refused = await sell(shirt, 5);
      expect(refused.statusCode, refused.body).toBe(409);
      expect((await alerts()).reduce((sum, a) => sum + a.count, 0)).toBe(before);
    } finally {
      // Back to the default, so the other test finds the shop as a new one has it.
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/billing/settings',
        headers: owner.headers,
        payload: { negativeStock: 'allow' },
      });
    }
  });
});
