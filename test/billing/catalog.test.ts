/**
 * The catalog and the stock ledger on both engines: items with variants, barcodes unique per
 * tenant, HSN versus SAC, price within MRP, audited price changes, stock adjustments and
 * transfers as movements, and the CSV import that reports every bad row and imports nothing
 * from a file with errors unless asked to skip them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createStore } from '../support/factories.js';
import { createBillingFixture, type BillingFixture } from './support/billing-fixture.js';
import { auditEntries } from './support/table-audit.js';

const HEADER = 'name,kind,hsn_sac,uqc,rate_category,price_includes_tax,price,mrp,barcode,sku,size,colour';

describeEachEngine('catalog and stock', (getDb, engine) => {
  // A shop of its own for each test, so tests pass alone and in any order.
  let f: BillingFixture;
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });
  const createDenim = () =>
    f.billing.items.createItem(f.operator, {
      kind: 'goods',
      name: 'Denim jeans',
      hsnSac: '6203',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [
        { size: '30', colour: 'Indigo', barcode: '8901234567890', pricePaise: 199_900, mrpPaise: 249_900 },
        { size: '32', colour: 'Indigo', barcode: '8901234567906', pricePaise: 199_900 },
      ],
    });

  describe('items', () => {
    it('creates an item with variants; barcodes are unique per tenant, not across tenants', async () => {
      const item = await createDenim();
      expect(item.variants).toHaveLength(2);
      expect((await f.billing.items.findByBarcode(f.operator, '8901234567906')).variants[0]?.size).toBe('32');
      await expect(
        f.billing.items.addVariant(f.operator, item.id, { barcode: '8901234567890', pricePaise: 1 }),
      ).rejects.toMatchObject({ code: 'conflict', field: 'body.barcode' });
      const other = await createBillingFixture(getDb().db, engine, { tenantName: 'Other Shop' });
      const theirs = await other.billing.items.createItem(other.operator, {
        kind: 'goods',
        name: 'Denim jeans',
        hsnSac: '6203',
        uqc: 'PCS',
        rateCategory: 'apparel',
        priceIncludesTax: true,
        variants: [{ barcode: '8901234567890', pricePaise: 100 }],
      });
      expect(theirs.variants[0]?.barcode).toBe('8901234567890');
      await expect(f.billing.items.getItem(f.operator, theirs.id)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('refuses a SAC on goods, an HSN on services, an unknown rate and a price above MRP, naming the field', async () => {
      const base = {
        kind: 'goods' as const,
        name: 'X',
        uqc: 'PCS',
        priceIncludesTax: true,
        variants: [{ pricePaise: 100 }],
      };
      await expect(
        f.billing.items.createItem(f.operator, { ...base, hsnSac: '999721', rateCategory: 'gst-5' }),
      ).rejects.toMatchObject({
        field: 'hsnSac',
      });
      await expect(
        f.billing.items.createItem(f.operator, {
          ...base,
          kind: 'services',
          hsnSac: '6205',
          rateCategory: 'gst-5',
        }),
      ).rejects.toMatchObject({ field: 'hsnSac' });
      await expect(
        f.billing.items.createItem(f.operator, { ...base, hsnSac: '6205', rateCategory: 'gst-7' }),
      ).rejects.toMatchObject({
        field: 'rateCategory',
      });
      await expect(
        f.billing.items.createItem(f.operator, {
          ...base,
          hsnSac: '6205',
          rateCategory: 'apparel',
          variants: [{ pricePaise: 200, mrpPaise: 100 }],
        }),
      ).rejects.toMatchObject({ field: 'variants.0.pricePaise' });
    });

    it('records a price change with the old and new price', async () => {
      await createDenim();
      const item = await f.billing.items.getItem(
        f.operator,
        (await f.billing.items.findByBarcode(f.operator, '8901234567890')).id,
      );
      const variant = item.variants[0];
      await f.billing.items.updateVariant(f.operator, item.id, variant?.id ?? '', { pricePaise: 179_900 });
      const entries = await auditEntries(getDb().db, f.tenant.tenantId, 'catalog.price.change');
      expect(JSON.parse(entries.at(-1)?.details ?? '{}')).toMatchObject({
        oldPricePaise: 199_900,
        newPricePaise: 179_900,
      });
      const found = await f.billing.items.listItems(f.operator, {
        q: 'denim',
        includeInactive: false,
        limit: 10,
      });
      expect(found.map((i) => i.name)).toEqual(['Denim jeans']);
    });
  });

  describe('stock ledger', () => {
    it('keeps levels as the sum of movements; adjustments and transfers never go below zero', async () => {
      const branch = await createStore(getDb().db, f.tenant.tenantId, { storeName: 'Branch' });
      const levels = async (storeId: string) =>
        (await f.billing.stock.levels(f.operator, { storeId, variantIds: [f.items.kurta] }))[0]?.quantity ??
        0;
      const start = await levels(f.tenant.storeId);
      await f.billing.stock.transfer(f.operator, {
        fromStoreId: f.tenant.storeId,
        toStoreId: branch,
        lines: [{ variantId: f.items.kurta, quantity: 10 }],
      });
      expect(await levels(f.tenant.storeId)).toBe(start - 10);
      expect(await levels(branch)).toBe(10);
      await expect(
        f.billing.stock.transfer(f.operator, {
          fromStoreId: branch,
          toStoreId: f.tenant.storeId,
          lines: [{ variantId: f.items.kurta, quantity: 11 }],
        }),
      ).rejects.toMatchObject({ code: 'conflict', field: 'lines.0.quantity' });
      await f.billing.stock.adjust(f.operator, {
        storeId: branch,
        reason: 'damaged',
        lines: [{ variantId: f.items.kurta, quantity: -2 }],
      });
      const movements = await f.billing.stock.movements(f.operator, {
        storeId: branch,
        variantId: f.items.kurta,
        limit: 10,
      });
      expect(movements.map((m) => [m.kind, m.quantity]).sort()).toEqual([
        ['adjustment', -2],
        ['transfer_in', 10],
      ]);
      expect(movements.reduce((s, m) => s + m.quantity, 0)).toBe(await levels(branch));
      await expect(
        f.billing.stock.adjust(f.operator, {
          storeId: branch,
          reason: 'count',
          lines: [{ variantId: f.items.haircut, quantity: 1 }],
        }),
      ).rejects.toMatchObject({ field: 'lines.0.variantId' });
    });
  });

  describe('CSV import', () => {
    it('reports each bad row by row and column and imports nothing; with skipInvalid imports the good rows', async () => {
      const csv = [
        HEADER,
        'Chikan kurti,goods,6211,PCS,apparel,yes,899.00,999.00,8901111111116,KRT-S,S,White',
        'Chikan kurti,goods,6211,PCS,apparel,yes,899.00,999.00,,KRT-M,M,White',
        'Broken row,goods,62,PCS,apparel,yes,10,,,,,',
        'Bad price,goods,6211,PCS,apparel,yes,ten,,,,,',
        'Hair spa,services,999722,OTH,salon-service,yes,1200,,,,,',
        'Card holder,goods,6211,PCS,apparel,yes,10,,,4111 1111 1111 1111,,',
      ].join('\n');
      const refused = await f.billing.itemImports.importItems(f.operator, csv, { skipInvalid: false });
      expect(refused).toMatchObject({ rows: 6, imported: 0, rejected: true });
      expect(refused.problems).toEqual([
        { row: 4, column: 'hsn_sac', message: 'must be 4, 6 or 8 digits' },
        { row: 5, column: 'price', message: 'must be an amount in rupees with at most two decimals' },
        { row: 7, column: 'sku', message: 'holds a card or Aadhaar number, which must never be stored' },
      ]);
      expect(
        await f.billing.items.listItems(f.operator, { q: 'chikan', includeInactive: false, limit: 5 }),
      ).toEqual([]);
      const done = await f.billing.itemImports.importItems(f.operator, csv, { skipInvalid: true });
      expect(done).toMatchObject({ rows: 6, imported: 3, skipped: 3, rejected: false });
      const kurti = await f.billing.items.listItems(f.operator, {
        q: 'chikan',
        includeInactive: false,
        limit: 5,
      });
      expect(kurti[0]?.variants.map((v) => v.size)).toEqual(['S', 'M']);
      const again = await f.billing.itemImports.importItems(
        f.operator,
        [HEADER, 'Chikan kurti,goods,6211,PCS,apparel,yes,1,,,,,'].join('\n'),
        {
          skipInvalid: false,
        },
      );
      expect(again.problems).toEqual([
        { row: 2, column: 'name', message: 'an item with this name already exists' },
      ]);
    });

    it('reports missing and unknown columns on the header row', async () => {
      const report = await f.billing.itemImports.importItems(f.operator, 'name,colour_code\nX,1', {
        skipInvalid: true,
      });
      expect(report.imported).toBe(0);
      expect(report.problems.map((p) => `${p.row}:${p.column}`)).toEqual([
        '1:hsn_sac',
        '1:rate_category',
        '1:price',
        '1:colour_code',
      ]);
    });
  });
});
