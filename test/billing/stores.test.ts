/**
 * Stores on both engines (issue 14, items 4 and 7): adding a store under the business's GSTIN or
 * another registration of its PAN, with its own invoice series, refusals naming the field and
 * nothing written; stock moved between stores with a delivery challan numbered in the sending
 * store's own series (Rule 55), one transaction, levels equal to movements, concurrent transfers
 * never below zero; and receipts printed in the store's language.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { pdftotext } from '../support/pdf-text.js';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, key, type BillingFixture } from './support/billing-fixture.js';

const ADDRESS = { addressLine1: '7 Station Road', city: 'Vadodara', pincode: '390001' };

describeEachEngine('stores', (getDb, engine) => {
  let f: BillingFixture;
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine, { stock: 10 });
  });

  const addBranch = (extra: Record<string, unknown> = {}) =>
    f.billing.storeAdmin.create(f.operator, {
      name: 'Vadodara branch',
      ...ADDRESS,
      invoicePrefix: 'VAD',
      creditNotePrefix: 'VCN',
      ...extra,
    });
  const level = async (storeId: string, variantId: string) =>
    (await f.billing.stock.levels(f.operator, { storeId, variantIds: [variantId] }))[0]?.quantity ?? 0;
  const movementSum = async (storeId: string, variantId: string) =>
    (await f.billing.stock.movements(f.operator, { storeId, variantId, limit: 200 })).reduce(
      (sum, m) => sum + m.quantity,
      0,
    );
  const storeCount = async () =>
    (await getDb().db.selectFrom('stores').select('id').where('tenant_id', '=', f.tenant.tenantId).execute())
      .length;

  describe('adding and editing stores', () => {
    it('adds a store under the same GSTIN with its own series, printed details and a counter', async () => {
      const branch = await addBranch();
      expect(branch).toMatchObject({ name: 'Vadodara branch', gstin: '24AAQCA8719H1ZC', stateCode: '24' });
      const profile = await f.billing.settings.storeProfile(f.operator, branch.id);
      expect(profile).toMatchObject({
        ...ADDRESS,
        legalName: 'Sharma Garments Private Limited',
        invoicePrefix: 'VAD',
        creditNotePrefix: 'VCN',
        receiptLanguage: 'en',
      });
      const counters = await getDb()
        .db.selectFrom('counters')
        .select('name')
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('store_id', '=', branch.id)
        .execute();
      expect(counters).toEqual([{ name: 'Counter 1' }]);
      const renamed = await f.billing.storeAdmin.rename(f.operator, branch.id, '  Alkapuri branch ');
      expect(renamed.name).toBe('Alkapuri branch');
    });

    it('takes another registration of the same PAN (a branch in another state) and derives its state', async () => {
      // 27 (Maharashtra) + the same PAN + entity 1 + Z + check character.
      const branch = await addBranch({ gstin: '27AAQCA8719H1Z6', name: 'Mumbai branch' });
      expect(branch.stateCode).toBe('27');
    });

    it('refuses another business’s GSTIN, a bad one, a prefix the GSTIN’s other store uses and a repeated name, writing nothing', async () => {
      const before = await storeCount();
      await expect(addBranch({ gstin: '24AAACB1234C1Z5' })).rejects.toMatchObject({ field: 'gstin' });
      await expect(addBranch({ gstin: '24AAQCA8719H1ZD' })).rejects.toMatchObject({ field: 'gstin' });
      await expect(addBranch({ invoicePrefix: 'INV' })).rejects.toMatchObject({
        code: 'conflict',
        field: 'invoicePrefix',
      });
      await expect(addBranch({ creditNotePrefix: 'VAD' })).rejects.toMatchObject({
        field: 'creditNotePrefix',
      });
      await expect(addBranch({ name: 'main store' })).rejects.toMatchObject({ field: 'name' });
      expect(await storeCount()).toBe(before);
    });
  });

  describe('moving stock between stores', () => {
    it('moves stock out and in with a challan in the sending store’s own series; levels equal movements', async () => {
      const branch = await addBranch();
      const first = await f.billing.stock.transfer(f.operator, {
        fromStoreId: f.tenant.storeId,
        toStoreId: branch.id,
        lines: [
          { variantId: f.items.shirt, quantity: 4 },
          { variantId: f.items.kurta, quantity: 2 },
        ],
      });
      const second = await f.billing.stock.transfer(f.operator, {
        fromStoreId: f.tenant.storeId,
        toStoreId: branch.id,
        lines: [{ variantId: f.items.shirt, quantity: 1 }],
      });
      // Each sending store numbers its challans in its own series (DC, DC2, ...).
      const [, prefix, year, seq] = /^(DC\d?)\/(\d{2}-\d{2})\/(\d{5})$/.exec(first.challanNumber) ?? [];
      expect(seq).toBe('00001');
      expect(second.challanNumber).toBe(`${prefix}/${year}/00002`);
      const back = await f.billing.stock.transfer(f.operator, {
        fromStoreId: branch.id,
        toStoreId: f.tenant.storeId,
        lines: [{ variantId: f.items.shirt, quantity: 1 }],
      });
      expect(back.challanNumber).toMatch(/^DC\d?\/\d{2}-\d{2}\/00001$/);
      expect(back.challanNumber.split('/')[0]).not.toBe(prefix);
      for (const [store, variant, expected] of [
        [f.tenant.storeId, f.items.shirt, 6],
        [branch.id, f.items.shirt, 4],
        [f.tenant.storeId, f.items.kurta, 8],
        [branch.id, f.items.kurta, 2],
      ] as const) {
        expect(await level(store, variant)).toBe(expected);
        expect(await movementSum(store, variant)).toBe(expected);
      }
      const listed = await f.billing.stock.transfers(f.operator, { limit: 10 });
      expect(listed.map((t) => [t.challanNumber, t.quantity])).toEqual(
        expect.arrayContaining([
          [first.challanNumber, 6],
          [second.challanNumber, 1],
        ]),
      );
    });

    it('prints the delivery challan (Rule 55): number, both stores with GSTIN, HSN, quantity, value, three copies', async () => {
      const branch = await addBranch();
      const moved = await f.billing.stock.transfer(f.operator, {
        fromStoreId: f.tenant.storeId,
        toStoreId: branch.id,
        lines: [{ variantId: f.items.shirt, quantity: 3 }],
      });
      const challan = await f.billing.stock.challanPdf(f.operator, moved.transferId);
      expect(challan.number).toBe(moved.challanNumber);
      const text = await pdftotext(challan.pdf);
      expect(text.match(/Delivery Challan/g)).toHaveLength(3);
      for (const copy of ['Original for consignee', 'Duplicate for transporter', 'Triplicate for consigner'])
        expect(text).toContain(copy);
      expect(text).toContain(moved.challanNumber);
      expect(text).toContain('Shop 4, CG Road');
      expect(text).toContain('7 Station Road');
      expect(text).toContain('GSTIN: 24AAQCA8719H1ZC');
      expect(text).toContain('6205');
      // Three shirts at Rs 1,050.00 each.
      expect(text).toMatch(/Cotton shirt \w+ \(M, Blue\)\s+6205\s+3\s+3,150\.00/);
      await expect(f.billing.stock.challanPdf(f.operator, crypto.randomUUID())).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('refuses a transfer beyond the stock, to the same store or to another GSTIN, moving nothing and using no number', async () => {
      const branch = await addBranch();
      const other = await addBranch({
        gstin: '27AAQCA8719H1Z6',
        name: 'Mumbai branch',
        invoicePrefix: 'MUM',
        creditNotePrefix: 'MCN',
      });
      const move = (toStoreId: string, quantity: number) =>
        f.billing.stock.transfer(f.operator, {
          fromStoreId: f.tenant.storeId,
          toStoreId,
          lines: [
            { variantId: f.items.kurta, quantity: 1 },
            { variantId: f.items.shirt, quantity },
          ],
        });
      await expect(move(branch.id, 11)).rejects.toMatchObject({
        code: 'conflict',
        field: 'lines.1.quantity',
      });
      await expect(move(f.tenant.storeId, 1)).rejects.toMatchObject({ field: 'toStoreId' });
      await expect(move(other.id, 1)).rejects.toMatchObject({ field: 'toStoreId' });
      expect(await level(f.tenant.storeId, f.items.kurta)).toBe(10);
      expect(await level(branch.id, f.items.kurta)).toBe(0);
      expect(await f.billing.stock.transfers(f.operator, { limit: 10 })).toEqual([]);
      const ok = await move(branch.id, 1);
      expect(ok.challanNumber).toMatch(/\/00001$/);
    });

    it('concurrent transfers never take the sending store below zero; challan numbers stay consecutive', async () => {
      const branch = await addBranch();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          f.billing.stock.transfer(f.operator, {
            fromStoreId: f.tenant.storeId,
            toStoreId: branch.id,
            lines: [{ variantId: f.items.jacket, quantity: 3 }],
          }),
        ),
      );
      const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(done).toHaveLength(3);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
      expect(await level(f.tenant.storeId, f.items.jacket)).toBe(1);
      expect(await level(branch.id, f.items.jacket)).toBe(9);
      expect(await movementSum(f.tenant.storeId, f.items.jacket)).toBe(1);
      expect(done.map((d) => d.challanNumber.slice(-5)).sort()).toEqual(['00001', '00002', '00003']);
    });
  });

  describe('receipt language', () => {
    it('a store printing in Hindi prints Hindi headings and labels; names in either script stay as typed', async () => {
      await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'hi' });
      const customer = await f.billing.customers.create(f.operator, {
        name: 'किशन शर्मा',
        phone: '+91 98250 00077',
        creditLimitPaise: 500_000,
      });
      const inv = await f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          customerId: customer.id,
          lines: [{ variantId: f.items.shirt, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 105_000 }],
        },
        key(),
      );
      const thermal = await pdftotext(
        (await f.billing.documents.render(f.operator, inv.id, 'invoice', 'thermal')) as Buffer,
      );
      expect(thermal).toContain('कर बीजक');
      expect(thermal).toContain('कुल');
      expect(thermal).toContain('Cotton shirt');
      const a4 = await pdftotext(
        (await f.billing.documents.render(f.operator, inv.id, 'invoice', 'a4')) as Buffer,
      );
      for (const word of ['कर बीजक', 'बीजक संख्या', 'विवरण', 'मात्रा', 'कर योग्य मूल्य', 'अधिकृत हस्ताक्षरकर्ता'])
        expect(a4).toContain(word);
      expect(a4).not.toContain('Invoice No.');
      // Back to English: the same bill prints English labels.
      await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'en' });
      const english = await pdftotext(
        (await f.billing.documents.render(f.operator, inv.id, 'invoice', 'a4')) as Buffer,
      );
      expect(english).toContain('Invoice No.');
      expect(english).not.toContain('बीजक');
    });
  });
});
