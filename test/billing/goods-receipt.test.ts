/**
 * Goods received from a supplier on both engines: the receipt and its lines are kept, stock goes
 * up in that store by each line, the total cost is the sum of the lines, the same supplier
 * invoice cannot be received twice in a store, and a bad line leaves no receipt and no stock.
 */
import { beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, userActor, type BillingFixture } from './support/billing-fixture.js';

describeEachEngine('goods received', (getDb, engine) => {
  let f: BillingFixture;
  let variants: string[];
  // A shop of its own for each test, so tests pass alone and in any order.
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine, { tenantName: 'Receiving Shop' });
    const item = await f.billing.items.createItem(f.operator, {
      kind: 'goods',
      name: 'Polo shirt',
      hsnSac: '6105',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      generateBarcodes: true,
      variants: [
        { size: 'M', colour: 'White', pricePaise: 69_900 },
        { size: 'L', colour: 'White', pricePaise: 69_900 },
      ],
    });
    variants = item.variants.map((v) => v.id);
  });

  const onHand = async () =>
    (await f.billing.stock.levels(f.operator, { storeId: f.tenant.storeId, variantIds: variants }))
      .sort((a, b) => variants.indexOf(a.variantId) - variants.indexOf(b.variantId))
      .map((l) => l.quantity);

  const receiveFromSurat = () =>
    f.billing.receipts.receive(f.operator, {
      storeId: f.tenant.storeId,
      supplierName: 'Surat Textiles',
      supplierInvoiceNo: 'ST/2026/118',
      supplierInvoiceDate: '2026-05-12',
      lines: [
        { variantId: variants[0] ?? '', quantity: 10, unitCostPaise: 31_050 },
        { variantId: variants[1] ?? '', quantity: 2.5, unitCostPaise: 10_001 },
      ],
    });

  it('adds each line to the store and keeps the supplier invoice with its cost', async () => {
    const receipt = await receiveFromSurat();
    expect(receipt.totalCostPaise).toBe(10 * 31_050 + 25_003);
    expect(await onHand()).toEqual([10, 2.5]);
    const [listed] = await f.billing.receipts.list(f.operator, f.tenant.storeId, 10);
    expect(listed).toMatchObject({ supplierName: 'Surat Textiles', supplierInvoiceNo: 'ST/2026/118' });
    expect(listed?.lines.map((l) => l.quantity)).toEqual([10, 2.5]);
    const moves = await f.billing.stock.movements(f.operator, { storeId: f.tenant.storeId, limit: 20 });
    expect(moves.filter((m) => m.refId === receipt.id).map((m) => m.reason)).toEqual([
      'received',
      'received',
    ]);
  });

  it('refuses the same supplier invoice twice and an unknown item, writing nothing', async () => {
    await receiveFromSurat();
    const before = await onHand();
    const again = {
      storeId: f.tenant.storeId,
      supplierName: 'Surat Textiles',
      supplierInvoiceNo: 'ST/2026/118',
      supplierInvoiceDate: '2026-05-12',
      lines: [{ variantId: variants[0] ?? '', quantity: 1, unitCostPaise: 1 }],
    };
    await expect(f.billing.receipts.receive(f.operator, again)).rejects.toMatchObject({
      code: 'conflict',
      field: 'supplierInvoiceNo',
    });
    await expect(
      f.billing.receipts.receive(f.operator, {
        ...again,
        supplierInvoiceNo: 'ST/2026/119',
        lines: [...again.lines, { variantId: f.tenant.tenantId, quantity: 1, unitCostPaise: 1 }],
      }),
    ).rejects.toMatchObject({ field: 'lines.1.variantId' });
    expect(await onHand()).toEqual(before);
    expect(await f.billing.receipts.list(f.operator, f.tenant.storeId, 10)).toHaveLength(1);
  });

  it('a cashier cannot receive goods', async () => {
    const cashier = await userActor(f, 'cashier');
    await expect(
      f.billing.receipts.receive(cashier, {
        storeId: f.tenant.storeId,
        supplierName: 'X',
        supplierInvoiceNo: '1',
        supplierInvoiceDate: '2026-05-12',
        lines: [{ variantId: variants[0] ?? '', quantity: 1, unitCostPaise: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
