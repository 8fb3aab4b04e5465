/**
 * Checkout through the real service on both engines: worked GST examples priced and stored,
 * payments (change, UPI, card, split, credit within the limit), stock and audit in the same
 * transaction, idempotency, what a sale needs of its buyer, and documents that never change.
 */
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { financialYear } from '../../src/domain/numbering/index.js';
import type { CheckoutInput } from '../../src/modules/billing/checkout.schemas.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore } from '../support/factories.js';
import { createBillingFixture, key, userActor, type BillingFixture } from './support/billing-fixture.js';
import { auditEntries } from './support/table-audit.js';

describeEachEngine('checkout', (getDb, engine) => {
  let f: BillingFixture;
  const sale = (
    lines: CheckoutInput['lines'],
    payments: CheckoutInput['payments'],
    extra: Partial<CheckoutInput> = {},
  ): CheckoutInput => ({
    storeId: f.tenant.storeId,
    lines,
    payments,
    ...extra,
  });
  const level = async (variantId: string) =>
    (await f.billing.stock.levels(f.operator, { storeId: f.tenant.storeId, variantIds: [variantId] }))[0]
      ?.quantity;

  // A shop of its own for each test, so tests pass alone and in any order (numbers start at 1).
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  describe('worked examples', () => {
    it('apparel at Rs 1,050 inclusive of 5% intra-state: taxable 1,000.00, CGST 25.00, SGST 25.00', async () => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale([{ variantId: f.items.shirt, quantity: 1 }], [{ method: 'cash', amountPaise: 105_000 }]),
        key(),
      );
      expect(inv.kind).toBe('tax-invoice');
      expect(inv.regime).toBe('cgst-sgst');
      expect(inv.totals).toMatchObject({
        taxablePaise: 100_000,
        taxes: { cgst: 2_500, sgst: 2_500, igst: 0 },
        totalPaise: 105_000,
        roundOffPaise: 0,
      });
      expect(inv.number).toBe('INV/26-27/00001');
      expect(inv.lines[0]?.description).toMatch(/Cotton shirt .* \(M, Blue\)/);
    });

    it('the same shirt delivered to another state carries IGST 50.00', async () => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale([{ variantId: f.items.shirt, quantity: 1 }], [{ method: 'cash', amountPaise: 105_000 }], {
          delivery: { stateCode: '27' },
        }),
        key(),
      );
      expect(inv.regime).toBe('igst');
      expect(inv.placeOfSupply).toBe('27');
      expect(inv.totals.taxes).toMatchObject({ igst: 5_000, cgst: 0, sgst: 0 });
      expect(inv.totals.taxablePaise).toBe(100_000);
    });

    it('a kurta at Rs 2,400 and a jacket at Rs 2,600 before tax get 5 and 18 percent', async () => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale(
          [
            { variantId: f.items.kurta, quantity: 1 },
            { variantId: f.items.jacket, quantity: 1 },
          ],
          [{ method: 'upi', amountPaise: 558_800, reference: 'UPI-612345678901' }],
        ),
        key(),
      );
      expect(inv.lines.map((l) => l.rate)).toEqual([500, 1800]);
      expect(inv.totals.totalPaise).toBe(252_000 + 306_800);
      expect(inv.payments).toEqual([
        {
          method: 'upi',
          amountPaise: 558_800,
          changePaise: 0,
          cardLast4: null,
          reference: 'UPI-612345678901',
        },
      ]);
    });

    it('nil-rated seeds give a bill of supply without tax', async () => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale([{ variantId: f.items.seeds, quantity: 2.5 }], [{ method: 'cash', amountPaise: 15_000 }]),
        key(),
      );
      expect(inv.kind).toBe('bill-of-supply');
      expect(inv.totals.taxPaise).toBe(0);
      expect(inv.lines[0]?.quantity).toBe(2.5);
      expect(await level(f.items.seeds)).toBe(97.5);
    });
  });

  describe('payments', () => {
    it('cash gives change; split tender with a card records only its last 4 digits and reference', async () => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale(
          [{ variantId: f.items.kurta, quantity: 1 }],
          [
            { method: 'card', amountPaise: 200_000, last4: '4242', reference: 'AUTH-77812' },
            { method: 'cash', amountPaise: 100_000 },
          ],
        ),
        key(),
      );
      expect(inv.payments).toEqual([
        { method: 'card', amountPaise: 200_000, changePaise: 0, cardLast4: '4242', reference: 'AUTH-77812' },
        { method: 'cash', amountPaise: 52_000, changePaise: 48_000, cardLast4: null, reference: null },
      ]);
      const raw = await getDb()
        .db.selectFrom('sales_payments')
        .selectAll()
        .where('document_id', '=', inv.id)
        .orderBy('seq')
        .execute();
      expect(raw[0]?.reference_enc).not.toContain('AUTH-77812');
      expect(raw[1]).toMatchObject({ tendered: 100_000, change_due: 48_000, amount: 52_000 });
    });

    it('refuses payments that fall short, and card/UPI beyond the bill (only cash gives change)', async () => {
      const lines = [{ variantId: f.items.shirt, quantity: 1 }];
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale(lines, [{ method: 'cash', amountPaise: 100_000 }]),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'payments' });
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale(lines, [{ method: 'upi', amountPaise: 110_000, reference: 'UPI-1234567' }]),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'payments' });
    });

    it('a credit sale goes on the customer account within the limit, and is refused beyond it', async () => {
      const customer = await f.billing.customers.create(f.operator, {
        name: 'Ramesh Patel (test)',
        phone: '+91 98250 00001',
        creditLimitPaise: 150_000,
      });
      const lines = [{ variantId: f.items.shirt, quantity: 1 }];
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale(lines, [{ method: 'credit', amountPaise: 105_000 }], { customerId: customer.id }),
        key(),
      );
      expect(inv.customerId).toBe(customer.id);
      expect((await f.billing.customers.get(f.operator, customer.id)).balancePaise).toBe(105_000);
      const before = await level(f.items.shirt);
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale(lines, [{ method: 'credit', amountPaise: 105_000 }], { customerId: customer.id }),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'conflict', field: 'payments' });
      // Nothing of the refused sale was written: stock and balance are as before.
      expect(await level(f.items.shirt)).toBe(before);
      expect((await f.billing.customers.get(f.operator, customer.id)).balancePaise).toBe(105_000);
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale(lines, [{ method: 'credit', amountPaise: 105_000 }]),
          key(),
        ),
      ).rejects.toMatchObject({ field: 'payments.0.method' });
    });
  });

  describe('one transaction', () => {
    it('writes lines, payments, stock movements and the audit entry with the invoice', async () => {
      const before = await level(f.items.jacket);
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale([{ variantId: f.items.jacket, quantity: 2 }], [{ method: 'cash', amountPaise: 700_000 }]),
        key(),
      );
      expect(await level(f.items.jacket)).toBe((before ?? 0) - 2);
      const movements = await getDb()
        .db.selectFrom('stock_movements')
        .selectAll()
        .where('ref_id', '=', inv.id)
        .execute();
      expect(movements).toMatchObject([{ kind: 'sale', qty_milli: -2000, variant_id: f.items.jacket }]);
      const entries = (await auditEntries(getDb().db, f.tenant.tenantId, 'invoice.issue')).filter(
        (e) => e.object_id === inv.id,
      );
      expect(entries).toHaveLength(1);
      expect(JSON.parse(entries[0]?.details ?? '{}')).toMatchObject({
        number: inv.number,
        totalPaise: inv.totals.totalPaise,
      });
    });

    it('refuses a sale beyond stock when the shop says so, writing nothing and using no number', async () => {
      await f.billing.settings.updateSettings(f.operator, { negativeStock: 'refuse' });
      const series = async () =>
        (await f.billing.series.current(f.operator, f.tenant.storeId, financialYear(2026)))[0]?.lastSequence;
      const last = await series();
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale([{ variantId: f.items.seeds, quantity: 200 }], [{ method: 'cash', amountPaise: 1_200_000 }]),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'conflict', field: 'lines.0.quantity' });
      expect(await series()).toBe(last);
      await f.billing.settings.updateSettings(f.operator, { negativeStock: 'allow' });
    });

    it('an issued invoice never changes: the database refuses updates and deletes', async () => {
      // A credit sale writes a document, its lines, stock movements and a ledger entry to refuse.
      const customer = await f.billing.customers.create(f.operator, {
        name: 'Append Only (test)',
        phone: '+91 98250 00009',
        creditLimitPaise: 150_000,
      });
      const doc = await f.billing.checkout.checkout(
        f.operator,
        sale([{ variantId: f.items.shirt, quantity: 1 }], [{ method: 'credit', amountPaise: 105_000 }], {
          customerId: customer.id,
        }),
        key(),
      );
      await expect(
        getDb().db.updateTable('sales_documents').set({ total: 1 }).where('id', '=', doc.id).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(getDb().db.deleteFrom('sales_document_lines').execute()).rejects.toThrow(/append-only/);
      await expect(getDb().db.deleteFrom('stock_movements').execute()).rejects.toThrow(/append-only/);
      await expect(sql`update customer_ledger set amount = 0`.execute(getDb().db)).rejects.toThrow(
        /append-only/,
      );
    });
  });

  describe('shop settings', () => {
    it("a shop's own dated rate applies from its date, and settings changes apply at once", async () => {
      await f.billing.settings.addRateOverride(f.operator, {
        category: 'salon-service',
        effectiveFrom: '2026-05-10',
        rule: { kind: 'flat', rate: 1800 },
        verified: true,
        source: 'test correction',
      });
      const haircut = await f.billing.checkout.checkout(
        f.operator,
        sale([{ variantId: f.items.haircut, quantity: 1 }], [{ method: 'cash', amountPaise: 31_500 }]),
        key(),
      );
      expect(haircut.lines[0]?.rate).toBe(1800);
      const rates = await f.billing.settings.rates(f.operator);
      expect(rates.find((c) => c.id === 'salon-service')?.entries.at(-1)).toMatchObject({
        origin: 'shop',
        effectiveFrom: '2026-05-10',
      });
      await expect(
        f.billing.settings.addRateOverride(f.operator, {
          category: 'no-such',
          effectiveFrom: '2026-05-10',
          rule: { kind: 'flat', rate: 500 },
          verified: false,
          source: 'x',
        }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      await f.billing.settings.updateSettings(f.operator, { roundOff: 'none' });
      const exact = await f.billing.checkout.checkout(
        f.operator,
        sale(
          [{ variantId: f.items.jacket, quantity: 1, unitPricePaise: 100_050 }],
          [{ method: 'cash', amountPaise: 200_000 }],
        ),
        key(),
      );
      expect(exact.totals.roundOffPaise).toBe(0);
      expect(exact.totals.totalPaise).toBe(exact.totals.exactTotalPaise);
      await f.billing.settings.updateSettings(f.operator, { roundOff: 'rupee' });
    });
  });

  describe('idempotency', () => {
    it('a repeated key returns the first invoice; the same key with another cart is refused', async () => {
      const k = key();
      const input = sale(
        [{ variantId: f.items.shirt, quantity: 1 }],
        [{ method: 'cash', amountPaise: 200_000 }],
      );
      const first = await f.billing.checkout.checkout(f.operator, input, k);
      const again = await f.billing.checkout.checkout(
        f.operator,
        { ...input, payments: [...input.payments] },
        k,
      );
      expect(again.id).toBe(first.id);
      expect(again.number).toBe(first.number);
      expect(again.replayed).toBe(true);
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          { ...input, lines: [{ variantId: f.items.shirt, quantity: 2 }] },
          k,
        ),
      ).rejects.toMatchObject({ code: 'conflict' });
      const count = await getDb()
        .db.selectFrom('idempotency_keys')
        .select('document_id')
        .where('key', '=', k)
        .execute();
      expect(count).toHaveLength(1);
    });

    it('concurrent requests with one key issue one invoice', async () => {
      const k = key();
      const input = sale(
        [{ variantId: f.items.kurta, quantity: 1 }],
        [{ method: 'cash', amountPaise: 252_000 }],
      );
      const results = await Promise.all(
        Array.from({ length: 4 }, () => f.billing.checkout.checkout(f.operator, input, k)),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      const docs = await getDb()
        .db.selectFrom('sales_documents')
        .select('id')
        .where('id', '=', results[0]?.id ?? '')
        .execute();
      expect(docs).toHaveLength(1);
    });
  });

  describe('what the buyer must give', () => {
    it('a registered buyer makes a B2B invoice with the GSTIN, and needs an address on record', async () => {
      const noAddress = await f.billing.customers.create(f.operator, {
        name: 'Patel Traders (test)',
        gstin: '27AAQCA8719H1Z6',
        creditLimitPaise: 0,
      });
      const lines = [{ variantId: f.items.kurta, quantity: 1 }];
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale(lines, [{ method: 'cash', amountPaise: 252_000 }], { customerId: noAddress.id }),
          key(),
        ),
      ).rejects.toMatchObject({ field: 'customerId' });
      await f.billing.customers.update(f.operator, noAddress.id, {
        address: { line1: '12 Test Market', city: 'Mumbai', pincode: '400001', stateCode: '27' },
      });
      const inv = await f.billing.checkout.checkout(
        f.operator,
        sale(lines, [{ method: 'cash', amountPaise: 252_000 }], { customerId: noAddress.id }),
        key(),
      );
      expect(inv.buyer).toEqual({
        registered: true,
        gstin: `${'*'.repeat(11)}H1Z6`,
        name: 'P*** T*** (***',
        stateCode: '27',
      });
      // Goods sold at the counter: the place of supply is the shop, whatever the buyer's state.
      expect(inv.regime).toBe('cgst-sgst');
    });

    it('Rs 50,000 or more to an unregistered buyer needs a named customer', async () => {
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          sale([{ variantId: f.items.kurta, quantity: 21 }], [{ method: 'cash', amountPaise: 6_000_000 }]),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'customerId' });
    });

    it('a discount beyond the cashier allowance (5 %) needs discount.override; a cashier outside the store gets 404', async () => {
      const cashier = await userActor(f, 'cashier', f.tenant.storeId);
      await expect(
        f.billing.checkout.checkout(
          cashier,
          sale(
            [{ variantId: f.items.kurta, quantity: 1, discountPaise: 20_000 }],
            [{ method: 'cash', amountPaise: 252_000 }],
          ),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'forbidden', field: 'lines.0.discountPaise' });
      const inv = await f.billing.checkout.checkout(
        cashier,
        sale([{ variantId: f.items.kurta, quantity: 1 }], [{ method: 'cash', amountPaise: 252_000 }]),
        key(),
      );
      expect(inv.totals.totalPaise).toBe(252_000);
      const elsewhere = await userActor(f, 'cashier', (await createOtherStore(f)).storeId);
      await expect(
        f.billing.checkout.checkout(
          elsewhere,
          sale([{ variantId: f.items.kurta, quantity: 1 }], [{ method: 'cash', amountPaise: 252_000 }]),
          key(),
        ),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(f.billing.reader.view(elsewhere, inv.id, 'invoice')).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
});

async function createOtherStore(f: BillingFixture): Promise<{ storeId: string }> {
  return { storeId: await createStore(f.db, f.tenant.tenantId, { storeName: 'Branch 2' }) };
}
