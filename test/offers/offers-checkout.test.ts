/**
 * Offers through the real checkout on both engines, each worked example to the paisa: a dated
 * 30 % category sale (and full price one minute after it ends), buy 2 get 1 shirts, a kurta (5 %)
 * with a free belt (18 %) under each mixed-supply rule, spend Rs 3,000 get Rs 300 off across two
 * rates, a single-use coupon used by two sales at once, the MRP refusal, a member-only offer and a
 * manager's override, what a quote says about offers that did not apply, and the offer report.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import type { CheckoutInput } from '../../src/modules/billing/checkout.schemas.js';
import type { OfferInput, PriceListInput } from '../../src/modules/offers/offer.schemas.js';
import { describeEachEngine } from '../support/engines.js';
import { auditEntries } from '../billing/support/table-audit.js';
import {
  createBillingFixture,
  key,
  SHOP_TIME,
  userActor,
  type BillingFixture,
} from '../billing/support/billing-fixture.js';

describeEachEngine('offers at checkout', (getDb, engine) => {
  let f: BillingFixture;
  let tag: string;
  const cash = (amountPaise: number): CheckoutInput['payments'] => [{ method: 'cash', amountPaise }];
  const sell = (lines: CheckoutInput['lines'], extra: Partial<CheckoutInput> = {}) =>
    f.billing.checkout.checkout(
      f.operator,
      { storeId: f.tenant.storeId, lines, payments: cash(10_000_000), ...extra },
      key(),
    );
  /** An item in its own category (unique per test), inclusive of tax, with one variant. */
  const item = async (
    name: string,
    rateCategory: string,
    pricePaise: number,
    extra: { mrpPaise?: number; category?: string } = {},
  ) => {
    const created = await f.billing.items.createItem(f.operator, {
      kind: 'goods',
      name: `${name} ${randomBytes(3).toString('hex')}`,
      hsnSac: rateCategory === 'apparel' ? '6205' : '4203',
      uqc: 'PCS',
      rateCategory,
      priceIncludesTax: true,
      category: extra.category ?? `${name}-${tag}`,
      variants: [
        { pricePaise, mrpPaise: extra.mrpPaise ?? pricePaise, size: 'M' },
        { pricePaise, mrpPaise: extra.mrpPaise ?? pricePaise, size: 'L' },
      ],
    });
    await f.billing.stock.adjust(f.operator, {
      storeId: f.tenant.storeId,
      reason: 'opening',
      lines: created.variants.map((v) => ({ variantId: v.id, quantity: 50 })),
    });
    return {
      itemId: created.id,
      m: created.variants[0]?.id ?? '',
      l: created.variants[1]?.id ?? '',
      category: extra.category ?? `${name}-${tag}`,
    };
  };
  const offer = (input: Partial<OfferInput> & Pick<OfferInput, 'name' | 'rule'>) =>
    f.billing.offers.createOffer(f.operator, {
      storeId: null,
      customerGroup: null,
      startsAt: '2026-05-01T00:00:00.000Z',
      endsAt: null,
      priority: 0,
      stacking: 'best',
      couponRequired: false,
      ...input,
    });
  const priceList = (input: Partial<PriceListInput> & Pick<PriceListInput, 'entries'>) =>
    f.billing.offers.createPriceList(f.operator, {
      name: 'End of season sale',
      storeId: null,
      customerGroup: null,
      startsAt: '2026-05-15T04:30:00.000Z',
      endsAt: '2026-05-15T14:30:00.000Z',
      priority: 0,
      ...input,
    });

  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });
  const fresh = () => {
    tag = randomBytes(4).toString('hex');
    f.clock.set(SHOP_TIME);
  };

  it('30 % off a category during a dated sale, and full price one minute after it ends', async () => {
    fresh();
    const shirt = await item('Shirt', 'apparel', 100_000);
    // 10:00 to 20:00 IST on 15 May 2026.
    await priceList({
      entries: [
        {
          target: { kind: 'category', value: shirt.category.toUpperCase() },
          method: 'percent-off-list',
          value: 3000,
        },
      ],
    });
    const during = await sell([{ variantId: shirt.m, quantity: 1 }]);
    expect(during.lines[0]).toMatchObject({
      unitPricePaise: 100_000,
      taxablePaise: 66_666,
      totalPaise: 70_000,
    });
    expect(during.lines[0]?.taxes).toMatchObject({ cgst: 1_667, sgst: 1_667 });
    expect(during.lines[0]?.savings).toEqual([
      expect.objectContaining({ source: 'price-list', name: 'End of season sale', paise: 30_000 }),
    ]);
    expect(during.totals.totalPaise).toBe(70_000);
    expect(during.savedPaise).toBe(30_000);

    f.clock.set('2026-05-15T14:29:00.000Z'); // 19:59 IST: still on
    expect((await sell([{ variantId: shirt.l, quantity: 1 }])).totals.totalPaise).toBe(70_000);
    f.clock.set('2026-05-15T14:31:00.000Z'); // 20:01 IST: one minute after the end
    const after = await sell([{ variantId: shirt.m, quantity: 1 }]);
    expect(after.lines[0]).toMatchObject({ taxablePaise: 95_238, discountPaise: 0, totalPaise: 100_000 });
    expect(after.lines[0]?.savings).toEqual([]);
    expect(after.savedPaise).toBe(0);
  });

  it('buy 2 get 1 on shirts at one rate: three shirts for the price of two', async () => {
    fresh();
    const shirt = await item('Shirt', 'apparel', 99_900);
    await offer({
      name: 'Buy 2 get 1 shirts',
      rule: {
        kind: 'buy-x-get-y',
        buy: { targets: [{ kind: 'category', value: shirt.category }], quantity: 2 },
        get: { targets: [{ kind: 'category', value: shirt.category }], quantity: 1, percentBp: 10_000 },
      },
    });
    const inv = await sell([
      { variantId: shirt.m, quantity: 2 },
      { variantId: shirt.l, quantity: 1 },
    ]);
    // Rs 999 off spread over the three pieces: 666.00 and 333.00.
    expect(inv.lines.map((l) => l.savings?.map((s) => s.paise))).toEqual([[66_600], [33_300]]);
    expect(inv.lines.map((l) => l.totalPaise)).toEqual([133_200, 66_600]);
    expect(inv.lines.map((l) => l.taxablePaise)).toEqual([126_858, 63_428]);
    expect(inv.totals).toMatchObject({
      taxablePaise: 190_286,
      taxPaise: 9_514,
      totalPaise: 199_800,
      roundOffPaise: 0,
    });
    expect(inv.offers).toEqual([
      expect.objectContaining({ name: 'Buy 2 get 1 shirts', savingPaise: 99_900, lines: [1, 2] }),
    ]);
    expect(inv.savedPaise).toBe(99_900);
    // The printed receipt (text, and the same print model for both PDFs) says it per line and in all.
    // Words as printed, the receipt's line wrapping undone.
    const printed = String(await f.billing.documents.render(f.operator, inv.id, 'invoice', 'text')).replace(
      /\s+/g,
      ' ',
    );
    expect(printed).toContain('(Buy 2 get 1 shirts: saved Rs 666.00)');
    expect(printed).toContain('(Buy 2 get 1 shirts: saved Rs 333.00)');
    expect(printed).toContain('You saved Rs 999.00');
  });

  it('a receipt without offers says nothing of savings', async () => {
    fresh();
    const plain = await item('Plain', 'apparel', 50_000);
    const inv = await sell([{ variantId: plain.m, quantity: 1 }]);
    const printed = String(await f.billing.documents.render(f.operator, inv.id, 'invoice', 'text'));
    expect(printed).not.toMatch(/saved/i);
  });

  describe('a kurta (5 %) with a free belt (18 %)', () => {
    let kurta: Awaited<ReturnType<typeof item>>;
    let belt: Awaited<ReturnType<typeof item>>;
    beforeAll(async () => {
      fresh();
      kurta = await item('Kurta', 'apparel', 100_000);
      belt = await item('Belt', 'gst-18', 50_000);
      await offer({
        name: 'Free belt with a kurta',
        rule: {
          kind: 'buy-x-get-y',
          buy: { targets: [{ kind: 'item', value: kurta.itemId }], quantity: 1 },
          get: { targets: [{ kind: 'item', value: belt.itemId }], quantity: 1, percentBp: 10_000 },
        },
      });
    });
    const sale = () =>
      sell([
        { variantId: kurta.m, quantity: 1 },
        { variantId: belt.m, quantity: 1 },
      ]);

    it('under s.8(b) (the default) both lines take the highest rate, 18 %', async () => {
      await f.billing.settings.updateSettings(f.operator, { mixedSupplyRule: 'highest-rate' });
      const inv = await sale();
      // Rs 1,000 charged for both, spread 666.67 / 333.33 by value.
      expect(inv.lines.map((l) => l.totalPaise)).toEqual([66_667, 33_333]);
      expect(inv.lines.map((l) => l.rate)).toEqual([1800, 1800]);
      expect(inv.lines.map((l) => l.taxablePaise)).toEqual([56_497, 28_249]);
      expect(inv.totals).toMatchObject({ taxablePaise: 84_746, taxPaise: 15_254, totalPaise: 100_000 });
    });

    it("under the shop's own-rates setting each line keeps its rate", async () => {
      await f.billing.settings.updateSettings(f.operator, { mixedSupplyRule: 'own-rates' });
      const inv = await sale();
      expect(inv.lines.map((l) => l.totalPaise)).toEqual([66_667, 33_333]);
      expect(inv.lines.map((l) => l.rate)).toEqual([500, 1800]);
      expect(inv.lines.map((l) => l.taxablePaise)).toEqual([63_493, 28_249]);
      expect(inv.totals).toMatchObject({ taxablePaise: 91_742, taxPaise: 8_258, totalPaise: 100_000 });
      await f.billing.settings.updateSettings(f.operator, { mixedSupplyRule: 'highest-rate' });
    });
  });

  it('spend Rs 3,000, get Rs 300 off across lines of two rates', async () => {
    fresh();
    const dress = await item('Dress', 'apparel', 200_000);
    const bag = await item('Bag', 'gst-18', 150_000);
    await offer({
      name: `Spend 3000 get 300 ${tag}`,
      storeId: f.tenant.storeId,
      rule: { kind: 'bill-threshold', minBillPaise: 300_000, amountPaise: 30_000 },
    });
    const inv = await sell([
      { variantId: dress.m, quantity: 1 },
      { variantId: bag.m, quantity: 1 },
    ]);
    expect(inv.lines.map((l) => l.savings?.find((s) => s.name.startsWith('Spend'))?.paise)).toEqual([
      17_143, 12_857,
    ]);
    expect(inv.lines.map((l) => l.totalPaise)).toEqual([182_857, 137_143]);
    expect(inv.lines.map((l) => l.taxablePaise)).toEqual([174_149, 116_223]);
    expect(inv.totals).toMatchObject({ taxablePaise: 290_372, taxPaise: 29_628, totalPaise: 320_000 });
    await f.billing.offers.setOfferStatus(f.operator, inv.offers?.[0]?.id ?? '', 'paused');
    // Below the threshold it does not apply, and the quote says how much more to spend.
    const quote = await f.billing.quotes.invoice(f.operator, {
      storeId: f.tenant.storeId,
      lines: [{ variantId: dress.m, quantity: 1 }],
    });
    expect(quote.savedPaise).toBe(0);
  });

  it('a single-use coupon used by two sales at once succeeds once', async () => {
    fresh();
    const cap = await item('Cap', 'gst-18', 40_000);
    const o = await offer({
      name: 'Coupon 10 % off',
      couponRequired: true,
      rule: { kind: 'percent-off', targets: [{ kind: 'item', value: cap.itemId }], percentBp: 1000 },
    });
    const code = `ONCE${tag}`.toUpperCase();
    await f.billing.offers.createCoupon(f.operator, {
      code,
      offerId: o.id,
      maxUses: 1,
      perCustomerLimit: null,
      minBillPaise: 0,
      startsAt: '2026-05-01T00:00:00.000Z',
      endsAt: null,
    });
    const withCoupon = () => sell([{ variantId: cap.m, quantity: 1 }], { offers: { couponCodes: [code] } });
    const outcomes = await Promise.allSettled([withCoupon(), withCoupon()]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]?.status === 'fulfilled' && won[0].value.totals.totalPaise).toBe(36_000);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason instanceof AppError && lost.reason.field).toBe(
      'offers.couponCodes.0',
    );
    const coupons = await f.billing.offers.listCoupons(f.operator, o.id);
    expect(coupons[0]?.uses).toBe(1);
    // Without the coupon the offer does not apply, and the quote says a coupon is needed.
    const quote = await f.billing.quotes.invoice(f.operator, {
      storeId: f.tenant.storeId,
      lines: [{ variantId: cap.m, quantity: 1 }],
    });
    expect(quote.notApplied).toEqual([expect.objectContaining({ id: o.id, reason: 'needs-coupon' })]);
  });

  it('a price list above the MRP is refused when saved, and a sale above the MRP at checkout', async () => {
    fresh();
    const tee = await item('Tee', 'apparel', 50_000, { mrpPaise: 60_000 });
    await expect(
      priceList({ entries: [{ target: { kind: 'variant', value: tee.m }, method: 'fixed', value: 65_000 }] }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'entries.0.value',
      message: expect.stringMatching(/above the MRP of Rs 600\.00/) as unknown,
    });
    await expect(sell([{ variantId: tee.m, quantity: 1, unitPricePaise: 70_000 }])).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'lines.0',
      message: expect.stringMatching(/above the MRP/) as unknown,
    });
  });

  it('a member-only offer needs the group, and a manager may apply it anyway (recorded)', async () => {
    fresh();
    const scarf = await item('Scarf', 'gst-5', 30_000);
    const o = await offer({
      name: 'Gold members 20 % off',
      customerGroup: 'Gold',
      rule: { kind: 'percent-off', targets: [{ kind: 'item', value: scarf.itemId }], percentBp: 2000 },
    });
    const plain = await sell([{ variantId: scarf.m, quantity: 1 }]);
    expect(plain.savedPaise).toBe(0);
    const cashier = await userActor(f, 'cashier');
    await expect(
      f.billing.checkout.checkout(
        cashier,
        {
          storeId: f.tenant.storeId,
          lines: [{ variantId: scarf.m, quantity: 1 }],
          payments: cash(30_000),
          offers: { force: [o.id] },
        },
        key(),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const forced = await sell([{ variantId: scarf.m, quantity: 1 }], { offers: { force: [o.id] } });
    expect(forced.totals.totalPaise).toBe(24_000);
    const entries = await auditEntries(f.db, f.tenant.tenantId, 'offer.override');
    expect(entries.filter((e) => e.object_id === forced.id)).toHaveLength(1);
  });

  it('the offer report counts uses, revenue and discount by store and day', async () => {
    fresh();
    const sock = await item('Socks', 'gst-5', 20_000);
    const o = await offer({
      name: `Socks 3 for 500 ${tag}`,
      rule: {
        kind: 'bundle',
        targets: [{ kind: 'item', value: sock.itemId }],
        quantity: 3,
        pricePaise: 50_000,
      },
    });
    await sell([{ variantId: sock.m, quantity: 3 }]);
    await sell([{ variantId: sock.l, quantity: 4 }]);
    const rows = await f.billing.offers.report(f.operator, { from: '2026-05-15', to: '2026-05-15' });
    expect(rows.filter((r) => r.id === o.id)).toEqual([
      {
        date: '2026-05-15',
        storeId: f.tenant.storeId,
        source: 'offer',
        id: o.id,
        name: o.name,
        uses: 2,
        // Each tax head is the rounded product of the taxable value (ADR 0026): one sale's
        // inclusive prices land one paisa under the shelf price before the rupee round-off.
        revenuePaise: 50_000 + 70_000 - 1,
        discountPaise: 20_000,
      },
    ]);
  });
});
