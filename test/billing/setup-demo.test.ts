/**
 * The first-run page offers a sample shop: ticking its box fills the new business with the demo
 * catalog, stock and fake customers in the same request that creates it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';

describeEachEngine('first-run demo data', (getDb) => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  });
  afterAll(async () => {
    await t.close();
  });

  it('the setup request with the sample-shop box ticked fills the shop', async () => {
    const code = await t.services.setup.openSetupWindow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: 'https://shop.test' },
      payload: {
        code,
        businessName: 'Demo Apparel',
        gstin: '24AAQCA8719H1ZC',
        stateCode: '24',
        ownerEmail: 'owner@example.com',
        ownerPassword: 'lantern quiet monsoon teapot harbour',
        demo: 'on',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ demo: boolean }>().demo).toBe(true);
    const tenantId = res.json<{ tenantId: string }>().tenantId;
    const items = await getDb()
      .db.selectFrom('items')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(items).toHaveLength(8);
    const stock = await getDb()
      .db.selectFrom('stock_levels')
      .select('qty_milli')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(stock.every((s) => s.qty_milli === 20_000)).toBe(true);
    const customers = await getDb()
      .db.selectFrom('customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(customers).toHaveLength(4);
  });
});
