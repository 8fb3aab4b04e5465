/**
 * The item CSV import takes opening quantities on both engines: each row's quantity goes into the
 * store it names (or the store the import was started from), as an `opening` movement referenced
 * per store, in the import's transaction; stock equals the movements; a row naming an unknown
 * store, a bad quantity or an opening without any store is reported by row and column and
 * nothing (items or stock) is written.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createStore } from '../support/factories.js';
import { createBillingFixture, userActor, type BillingFixture } from './support/billing-fixture.js';

const HEADER = 'name,hsn_sac,rate_category,price,size,colour,opening_quantity,store';

describeEachEngine('item import with opening stock', (getDb, engine) => {
  let f: BillingFixture;
  let branch: string;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine, { tenantName: 'Opening Shop' });
    branch = await createStore(getDb().db, f.tenant.tenantId, { storeName: 'Bandra Branch' });
  });

  const find = async (name: string) =>
    (await f.billing.items.listItems(f.operator, { q: name, includeInactive: true, limit: 5 }))[0];
  const levels = async (storeId: string, variantIds: string[]) =>
    Object.fromEntries(
      (await f.billing.stock.levels(f.operator, { storeId, variantIds })).map((l) => [
        l.variantId,
        l.quantity,
      ]),
    );

  it('puts each row into its store, the default store when the row names none', async () => {
    const csv = [
      HEADER,
      'Linen shirt,6205,apparel,1499.00,M,Sand,12,',
      'Linen shirt,6205,apparel,1499.00,L,Sand,2.5,bandra branch',
      'Linen shirt,6205,apparel,1499.00,XL,Sand,,',
    ].join('\n');
    const report = await f.billing.itemImports.importItems(f.operator, csv, {
      skipInvalid: false,
      storeId: f.tenant.storeId,
    });
    expect(report).toMatchObject({ rows: 3, imported: 3, rejected: false, problems: [] });
    const item = await find('Linen shirt');
    const [m, l, xl] = (item?.variants ?? []).map((v) => v.id);
    expect(await levels(f.tenant.storeId, [m ?? '', l ?? '', xl ?? ''])).toEqual({ [m ?? '']: 12 });
    expect(await levels(branch, [m ?? '', l ?? '', xl ?? ''])).toEqual({ [l ?? '']: 2.5 });
    const main = await f.billing.stock.movements(f.operator, { storeId: f.tenant.storeId, limit: 50 });
    const openings = main.filter((mv) => mv.variantId === m);
    expect(openings).toHaveLength(1);
    expect(openings[0]).toMatchObject({ reason: 'opening', quantity: 12 });
    const other = await f.billing.stock.movements(f.operator, { storeId: branch, limit: 50 });
    const branchMove = other.find((mv) => mv.variantId === l);
    // One reference per store, like a goods receipt: the two stores' movements differ.
    expect(branchMove?.refId).toBeTruthy();
    expect(branchMove?.refId).not.toBe(openings[0]?.refId);
  });

  it('reports unknown stores, bad quantities and openings without a store, writing nothing', async () => {
    const csv = [
      HEADER,
      'Wool scarf,6214,apparel,499.00,Free,Red,5,Nowhere',
      'Wool cap,6505,apparel,299.00,Free,Red,-3,',
      'Wool socks,6115,apparel,199.00,Free,Red,1.2345,',
      'Wool gloves,6116,apparel,399.00,Free,Red,4,',
    ].join('\n');
    const report = await f.billing.itemImports.importItems(f.operator, csv, { skipInvalid: false });
    expect(report.rejected).toBe(true);
    expect(report.problems).toEqual([
      { row: 2, column: 'store', message: 'no store of this name' },
      { row: 3, column: 'opening_quantity', message: 'must be a quantity such as 12 or 2.5' },
      { row: 4, column: 'opening_quantity', message: 'must be a quantity such as 12 or 2.5' },
      { row: 5, column: 'store', message: 'name the store that holds the opening stock' },
    ]);
    for (const name of ['Wool scarf', 'Wool cap', 'Wool socks', 'Wool gloves'])
      expect(await find(name)).toBeUndefined();
  });

  it('a manager of one store cannot import stock into another', async () => {
    const manager = await userActor(f, 'manager', f.tenant.storeId);
    const csv = [HEADER, 'Silk stole,6214,apparel,899.00,Free,Gold,3,Bandra Branch'].join('\n');
    const report = await f.billing.itemImports.importItems(manager, csv, { skipInvalid: false });
    expect(report.problems).toEqual([
      { row: 2, column: 'store', message: 'you may not add stock in this store' },
    ]);
    expect(await find('Silk stole')).toBeUndefined();
  });
});
