/**
 * Returns and exchanges of offer items on both engines (ADR 0029): a return refunds what was
 * paid less the benefit that no longer holds, shown in the return's quote before it is
 * confirmed; an exchange of a discounted kurta for another size charges nothing more, even after
 * the sale has ended.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import {
  createBillingFixture,
  key,
  SHOP_TIME,
  type BillingFixture,
} from '../billing/support/billing-fixture.js';

describeEachEngine('returns and exchanges of offer items', (getDb, engine) => {
  let f: BillingFixture;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  const item = async (name: string, pricePaise: number) => {
    const category = `${name}-${randomBytes(4).toString('hex')}`;
    const created = await f.billing.items.createItem(f.operator, {
      kind: 'goods',
      name: `${name} ${category}`,
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      category,
      variants: [
        { pricePaise, mrpPaise: pricePaise, size: 'M' },
        { pricePaise, mrpPaise: pricePaise, size: 'L' },
      ],
    });
    await f.billing.stock.adjust(f.operator, {
      storeId: f.tenant.storeId,
      reason: 'opening',
      lines: created.variants.map((v) => ({ variantId: v.id, quantity: 50 })),
    });
    return { category, m: created.variants[0]?.id ?? '', l: created.variants[1]?.id ?? '' };
  };
  const sell = (variantId: string, quantity: number) =>
    f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId, quantity }],
        payments: [{ method: 'cash', amountPaise: 10_000_000 }],
      },
      key(),
    );

  describe('buy 2 get 1 shirts at Rs 999', () => {
    let shirt: Awaited<ReturnType<typeof item>>;
    beforeAll(async () => {
      f.clock.set(SHOP_TIME);
      shirt = await item('Shirt', 99_900);
      await f.billing.offers.createOffer(f.operator, {
        name: 'Buy 2 get 1',
        storeId: null,
        customerGroup: null,
        startsAt: '2026-05-01T00:00:00.000Z',
        endsAt: null,
        priority: 0,
        stacking: 'best',
        couponRequired: false,
        rule: {
          kind: 'buy-x-get-y',
          buy: { targets: [{ kind: 'category', value: shirt.category }], quantity: 2 },
          get: { targets: [{ kind: 'category', value: shirt.category }], quantity: 1, percentBp: 10_000 },
        },
      });
    });

    it('returning 2 of 6 refunds Rs 999: the 4 kept still earn one free, and the quote shows it first', async () => {
      const invoice = await sell(shirt.m, 6);
      expect(invoice.totals.totalPaise).toBe(399_600);
      const quote = await f.billing.quotes.creditNote(f.operator, {
        invoiceId: invoice.id,
        lines: [{ lineNumber: 1, quantity: 2 }],
      });
      expect(quote.withdrawn).toEqual([
        expect.objectContaining({ name: 'Buy 2 get 1', paise: 33_300, lines: [1] }),
      ]);
      expect(quote.totals.totalPaise).toBe(99_900);
      const note = await f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: invoice.id,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity: 2 }],
          refunds: [{ method: 'cash', amountPaise: 99_900 }],
        },
        key(),
      );
      expect(note.totals.totalPaise).toBe(99_900);
      expect(note.totals.taxablePaise + note.totals.taxPaise).toBe(note.totals.exactTotalPaise);
      // Returning the other four later refunds what is left: the whole bill comes back once.
      const rest = await f.billing.quotes.creditNote(f.operator, {
        invoiceId: invoice.id,
        lines: [{ lineNumber: 1, quantity: 4 }],
      });
      expect(rest.totals.totalPaise).toBe(399_600 - 99_900);
    });

    it('returning 1 of 3 refunds nothing: two shirts cost what was paid for three', async () => {
      const invoice = await sell(shirt.l, 3);
      expect(invoice.totals.totalPaise).toBe(199_800);
      const quote = await f.billing.quotes.creditNote(f.operator, {
        invoiceId: invoice.id,
        lines: [{ lineNumber: 1, quantity: 1 }],
      });
      expect(quote.withdrawn).toEqual([expect.objectContaining({ paise: 66_600 })]);
      expect(quote.totals.totalPaise).toBe(0);
    });
  });

  it('an exchange of a discounted kurta for another size charges nothing more, after the sale ended', async () => {
    f.clock.set(SHOP_TIME);
    const kurta = await item('Kurta', 150_000);
    await f.billing.offers.createPriceList(f.operator, {
      name: 'Festive sale',
      storeId: null,
      customerGroup: null,
      startsAt: '2026-05-15T04:30:00.000Z',
      endsAt: '2026-05-15T14:30:00.000Z',
      priority: 0,
      entries: [
        { target: { kind: 'category', value: kurta.category }, method: 'percent-off-list', value: 3000 },
      ],
    });
    const sale = await sell(kurta.m, 1);
    expect(sale.totals.totalPaise).toBe(105_000);
    f.clock.set('2026-05-16T06:30:00.000Z'); // the next day: the sale has ended
    const result = await f.billing.exchanges.exchange(
      f.operator,
      {
        invoiceId: sale.id,
        returnLines: [{ lineNumber: 1, quantity: 1 }],
        lines: [{ variantId: kurta.l, quantity: 1 }],
        payments: [],
        refunds: [],
      },
      key(),
    );
    expect(result.creditNote.totals.totalPaise).toBe(105_000);
    expect(result.invoice.totals.totalPaise).toBe(105_000);
    expect(result.invoice.lines[0]?.savings).toEqual([
      expect.objectContaining({ name: 'Festive sale', paise: 45_000 }),
    ]);
    expect(result.invoice.payments).toEqual([
      { method: 'store-credit', amountPaise: 105_000, changePaise: 0, cardLast4: null, reference: null },
    ]);
  });
});
