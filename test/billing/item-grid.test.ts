/**
 * A new item as the back office makes it, on both engines: variants as a size x colour grid,
 * barcodes generated in the shop's in-store range (continuing after the highest used, never
 * clashing with a scanned one), opening stock in the chosen store, all in one transaction: a
 * clash or a bad store leaves no item, no variant and no stock behind.
 */
import { beforeEach, expect, it } from 'vitest';
import { inStoreBarcode, isEan13 } from '../../src/modules/catalog/in-store-barcode.js';
import { itemInput } from '../../src/modules/catalog/catalog.schemas.js';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, userActor, type BillingFixture } from './support/billing-fixture.js';

const grid = (sizes: string[], colours: string[], extra: object = {}) =>
  sizes.flatMap((size) =>
    colours.map((colour) => ({ size, colour, pricePaise: 79_900, mrpPaise: 99_900, ...extra })),
  );

describeEachEngine('items made as a size x colour grid', (getDb, engine) => {
  // A shop of its own for each test, so tests pass alone and in any order.
  let f: BillingFixture;
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine, { tenantName: 'Grid Shop' });
  });

  const base = {
    kind: 'goods' as const,
    hsnSac: '6109',
    uqc: 'PCS',
    rateCategory: 'apparel',
    priceIncludesTax: true,
  };

  it('generates in-store EAN-13 barcodes after the highest used and keeps a scanned one', async () => {
    await f.billing.items.createItem(f.operator, {
      ...base,
      name: 'Scarf',
      variants: [{ barcode: inStoreBarcode(41), pricePaise: 10_000 }],
    });
    const variants = grid(['S', 'M', 'L'], ['Red', 'Blue']);
    variants[1] = { ...variants[1], barcode: '8901234567890' } as (typeof variants)[number];
    const tee = await f.billing.items.createItem(f.operator, {
      ...base,
      name: 'Round-neck tee',
      generateBarcodes: true,
      openingStoreId: f.tenant.storeId,
      variants: variants.map((v) => ({ ...v, openingQuantity: 10 })),
    });
    const codes = tee.variants.map((v) => v.barcode);
    expect(codes).toEqual([
      inStoreBarcode(42),
      '8901234567890',
      inStoreBarcode(43),
      inStoreBarcode(44),
      inStoreBarcode(45),
      inStoreBarcode(46),
    ]);
    expect(codes.every((c) => c !== null && isEan13(c))).toBe(true);
    const levels = await f.billing.stock.levels(f.operator, {
      storeId: f.tenant.storeId,
      variantIds: tee.variants.map((v) => v.id),
    });
    expect(levels.map((l) => l.quantity)).toEqual([10, 10, 10, 10, 10, 10]);
    const moves = await f.billing.stock.movements(f.operator, { storeId: f.tenant.storeId, limit: 50 });
    expect(moves.filter((m) => m.refId === tee.id).every((m) => m.reason === 'opening')).toBe(true);
  });

  it('writes nothing when a barcode clashes or the opening store is not the shop’s', async () => {
    const count = async () =>
      Number(
        (
          await getDb()
            .db.selectFrom('item_variants')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', f.tenant.tenantId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    await f.billing.items.createItem(f.operator, {
      ...base,
      name: 'Scanned tee',
      variants: [{ barcode: '8901234567890', pricePaise: 10_000 }],
    });
    const before = await count();
    await expect(
      f.billing.items.createItem(f.operator, {
        ...base,
        name: 'Clash',
        variants: [...grid(['S'], ['Red']), { size: 'M', barcode: '8901234567890', pricePaise: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'variants.1.barcode' });
    const elsewhere = await createBillingFixture(getDb().db, engine, { tenantName: 'Elsewhere' });
    await expect(
      f.billing.items.createItem(f.operator, {
        ...base,
        name: 'Wrong store',
        openingStoreId: elsewhere.tenant.storeId,
        variants: grid(['S'], ['Red'], { openingQuantity: 5 }),
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await count()).toBe(before);
  });

  it('someone without stock rights in the store cannot give an item opening stock there', async () => {
    const cashier = await userActor(f, 'cashier');
    await expect(
      f.billing.items.createItem(cashier, {
        ...base,
        name: 'No',
        openingStoreId: f.tenant.storeId,
        variants: grid(['S'], ['Red'], { openingQuantity: 3 }),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the schema refuses a repeated size and colour, opening stock without a store, and stock of a service', () => {
    const parse = (body: object) => itemInput.safeParse({ ...base, name: 'X', ...body });
    const twice = parse({ variants: [...grid(['S'], ['Red']), ...grid(['S'], ['Red'])] });
    expect(twice.success ? [] : twice.error.issues.map((i) => i.path.join('.'))).toEqual(['variants.1.size']);
    const noStore = parse({ variants: grid(['S'], ['Red'], { openingQuantity: 1 }) });
    expect(noStore.success ? [] : noStore.error.issues.map((i) => i.path.join('.'))).toEqual([
      'openingStoreId',
    ]);
    const negative = parse({ variants: grid(['S'], ['Red'], { openingQuantity: -1 }) });
    expect(negative.success).toBe(false);
  });
});
