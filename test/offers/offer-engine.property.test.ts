/**
 * Property tests of the offers engine over random carts, price lists and offer sets: the bill
 * never exceeds the sum of MRPs and is never negative, line savings add up to the bill's saving
 * to the paisa, the GST engine's taxes reconcile with the discounted taxable values, and the same
 * cart and offers always price the same (whatever order the offers come in), and the indexed
 * engine agrees with the plain pass over every offer (support/naive-offer-engine.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTaxHeads,
  computeTaxHeads,
  createRateTable,
  NO_TAX,
  priceCart,
} from '../../src/domain/gst/index.js';
import {
  lineValue,
  quoteOffers,
  type Offer,
  type OfferContext,
  type OfferLine,
  type PriceList,
  type Target,
} from '../../src/domain/offers/index.js';
import { AT as BENCH_AT, engineScenario } from '../../bench/support/offer-scenario.js';
import { cart } from '../gst/gst-fixtures.js';
import { quoteOffersNaive } from './support/naive-offer-engine.js';

const rates = createRateTable();
const CATEGORIES = ['shirts', 'kurtas', 'belts', 'jeans'];
const BRANDS = ['Acme', 'Zenith', 'Orbit'];
const ITEMS = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'];
const AT = '2026-11-20T06:30:00.000Z';
const STORE = 'store-1';

const targetArb: fc.Arbitrary<Target> = fc.oneof(
  fc.constantFrom(...CATEGORIES).map((value) => ({ kind: 'category' as const, value })),
  fc.constantFrom(...BRANDS).map((value) => ({ kind: 'brand' as const, value })),
  fc.constantFrom(...ITEMS).map((value) => ({ kind: 'item' as const, value })),
  fc.constant({ kind: 'all' as const, value: '' }),
);

const lineArb: fc.Arbitrary<OfferLine> = fc
  .record({
    item: fc.constantFrom(...ITEMS),
    category: fc.constantFrom(...CATEGORIES),
    brand: fc.constantFrom(...BRANDS),
    quantity: fc.oneof(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 5000 }).map((m) => m / 1000),
    ),
    price: fc.integer({ min: 0, max: 500_000 }),
    markup: fc.integer({ min: 0, max: 100_000 }),
  })
  .map((r) => ({
    variantId: `v-${r.item}`,
    itemId: r.item,
    category: r.category,
    brand: r.brand,
    collection: null,
    quantity: r.quantity,
    unitPricePaise: r.price,
    mrpPaise: r.price + r.markup,
  }));

const scheduleArb = fc.record({
  storeId: fc.constantFrom(null, STORE, 'store-2'),
  customerGroup: fc.constantFrom(null, null, 'gold'),
  startsAt: fc.constantFrom(
    '2026-11-01T00:00:00.000Z',
    '2026-11-20T06:30:00.000Z',
    '2026-12-01T00:00:00.000Z',
  ),
  endsAt: fc.constantFrom(null, '2026-11-20T06:30:00.000Z', '2026-11-30T00:00:00.000Z'),
  active: fc.boolean(),
});

const ruleArb: fc.Arbitrary<Offer['rule']> = fc.oneof(
  fc.record({
    kind: fc.constant('percent-off' as const),
    targets: fc.array(targetArb, { minLength: 1, maxLength: 2 }),
    percentBp: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('flat-off' as const),
    targets: fc.array(targetArb, { minLength: 1, maxLength: 2 }),
    amountPaise: fc.integer({ min: 1, max: 200_000 }),
  }),
  fc.record({
    kind: fc.constant('buy-x-get-y' as const),
    buy: fc.record({
      targets: fc.array(targetArb, { minLength: 1, maxLength: 2 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
    get: fc.record({
      targets: fc.array(targetArb, { minLength: 1, maxLength: 2 }),
      quantity: fc.integer({ min: 1, max: 2 }),
      percentBp: fc.integer({ min: 1, max: 10_000 }),
    }),
  }),
  fc.record({
    kind: fc.constant('bundle' as const),
    targets: fc.array(targetArb, { minLength: 1, maxLength: 2 }),
    quantity: fc.integer({ min: 2, max: 4 }),
    pricePaise: fc.integer({ min: 0, max: 900_000 }),
  }),
  fc.record({
    kind: fc.constant('bill-threshold' as const),
    minBillPaise: fc.integer({ min: 0, max: 1_000_000 }),
    percentBp: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('bill-threshold' as const),
    minBillPaise: fc.integer({ min: 0, max: 1_000_000 }),
    amountPaise: fc.integer({ min: 1, max: 2_000_000 }),
  }),
);

const offersArb = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^o[0-9]{1,3}$/),
      name: fc.constant('Offer'),
      priority: fc.integer({ min: 0, max: 3 }),
      stacking: fc.constantFrom('best' as const, 'exclusive' as const, 'stackable' as const),
      couponRequired: fc.boolean(),
      rule: ruleArb,
      schedule: scheduleArb,
    }),
    { selector: (o) => o.id, maxLength: 12 },
  )
  .map((os): Offer[] => os.map(({ schedule, ...o }) => ({ ...o, ...schedule })));

const listsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^l[0-9]{1,2}$/),
      name: fc.constant('Sale'),
      priority: fc.integer({ min: 0, max: 3 }),
      schedule: scheduleArb,
      entries: fc.array(
        fc.record({
          target: targetArb,
          method: fc.constantFrom('percent-off-mrp' as const, 'percent-off-list' as const),
          value: fc.integer({ min: 0, max: 10_000 }),
        }),
        { maxLength: 4 },
      ),
    }),
    { selector: (l) => l.id, maxLength: 4 },
  )
  .map((ls): PriceList[] => ls.map(({ schedule, ...l }) => ({ ...l, ...schedule })));

const contextArb = (offers: Offer[]): fc.Arbitrary<OfferContext> =>
  fc
    .record({
      group: fc.constantFrom(null, 'gold'),
      coupons: fc.subarray(offers.map((o) => o.id)),
      minBill: fc.integer({ min: 0, max: 500_000 }),
    })
    .map(({ group, coupons, minBill }) => ({
      at: AT,
      storeId: STORE,
      customerGroup: group,
      coupons: new Map(coupons.map((id) => [id, { code: `C-${id}`, minBillPaise: minBill }])),
    }));

const scenario = fc
  .record({ lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }), offers: offersArb, lists: listsArb })
  .chain((s) => contextArb(s.offers).map((context) => ({ ...s, context })));

describe('offers engine: properties', () => {
  it('the bill never exceeds the sum of MRPs, is never negative, and lines add up to the saving', () => {
    fc.assert(
      fc.property(scenario, ({ lines, offers, lists, context }) => {
        const quote = quoteOffers(lines, lists, offers, context);
        let total = 0;
        let mrps = 0;
        let saved = 0;
        quote.lines.forEach((r, i) => {
          const line = lines[i] as OfferLine;
          const gross = lineValue(r.unitPricePaise, line.quantity);
          const net = gross - r.discountPaise;
          expect(net).toBeGreaterThanOrEqual(0);
          expect(r.discountPaise).toBe(r.savings.reduce((s, v) => s + v.paise, 0));
          for (const s of r.savings) expect(s.paise).toBeGreaterThan(0);
          total += net;
          mrps += lineValue(line.mrpPaise ?? 0, line.quantity);
          saved += r.discountPaise;
        });
        expect(total).toBeLessThanOrEqual(mrps);
        expect(saved).toBe(quote.savingPaise);
        // What the offers say they saved is exactly what the lines carry for them.
        const byOffer = new Map<string, number>();
        for (const r of quote.lines)
          for (const s of r.savings)
            if (s.source === 'offer') byOffer.set(s.id, (byOffer.get(s.id) ?? 0) + s.paise);
        for (const a of quote.applied) expect(byOffer.get(a.id)).toBe(a.savingPaise);
        expect(quote.applied.reduce((s, a) => s + a.savingPaise, 0)).toBe(
          [...byOffer.values()].reduce((s, v) => s + v, 0),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('the indexed engine prices every cart exactly as the plain pass over all offers does', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ lines, offers, lists, context }, reuse) => {
        // Twice with the same offer array when `reuse`: the prepared index of the first call serves the second.
        if (reuse) quoteOffers(lines, lists, offers, context);
        const skip = new Set(offers.filter((_, i) => i % 3 === 1).map((o) => o.id));
        for (const ctx of [context, { ...context, skip }])
          expect(quoteOffers(lines, lists, offers, ctx)).toEqual(quoteOffersNaive(lines, lists, offers, ctx));
      }),
      { numRuns: 400 },
    );
  });

  it("prices the benchmark's carts (50 lines, 500 offers, 20 lists) exactly as the plain pass does", () => {
    for (const seed of [7, 11, 23]) {
      const { lines, offers, lists } = engineScenario(seed);
      const context: OfferContext = { at: BENCH_AT, storeId: STORE, customerGroup: null, coupons: new Map() };
      const quote = quoteOffers(lines, lists, offers, context);
      expect(quote.applied.length).toBeGreaterThan(10);
      expect(quote.notApplied.some((n) => n.reason === 'add-more')).toBe(true);
      expect(quote).toEqual(quoteOffersNaive(lines, lists, offers, context));
      // The prepared set again, with offers skipped: the same as the plain pass too.
      const skip = new Set(offers.filter((_, i) => i % 7 === 0).map((o) => o.id));
      expect(quoteOffers(lines, lists, offers, { ...context, skip })).toEqual(
        quoteOffersNaive(lines, lists, offers, { ...context, skip }),
      );
    }
  });

  it('prices the same cart and offers the same way, whatever order they come in', () => {
    fc.assert(
      fc.property(scenario, ({ lines, offers, lists, context }) => {
        const first = quoteOffers(lines, lists, offers, context);
        const again = quoteOffers(lines, [...lists].reverse(), [...offers].reverse(), context);
        expect(again).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('taxes reconcile with the discounted taxable values in the GST engine', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.constantFrom('apparel', 'gst-5', 'gst-18'),
        fc.boolean(),
        (s, category, incl) => {
          const quote = quoteOffers(s.lines, s.lists, s.offers, s.context);
          const priced = priceCart(
            cart(
              quote.lines.map((r, i) => ({
                description: 'Item',
                hsnSac: '6205',
                rateCategory: category,
                quantity: (s.lines[i] as OfferLine).quantity,
                unit: 'PCS',
                unitPricePaise: r.unitPricePaise,
                priceIncludesTax: incl,
                discountPaise: r.discountPaise,
              })),
              { documentDate: '2026-11-20' },
              { inclusiveBand: 'higher-rate' },
            ),
            rates,
          );
          let heads = NO_TAX;
          let discount = 0;
          for (const line of priced.lines) {
            heads = addTaxHeads(heads, line.taxes);
            discount += line.discountPaise;
            expect(line.taxablePaise).toBe(line.grossPaise - line.discountPaise);
            expect(line.taxablePaise).toBeGreaterThanOrEqual(0);
            if (!incl)
              expect(line.taxes).toEqual(computeTaxHeads(line.taxablePaise, line.rate, 0, 'cgst-sgst'));
          }
          expect(priced.totals.taxes).toEqual(heads);
          expect(priced.totals.discountPaise).toBe(discount);
          if (!incl) expect(priced.totals.discountPaise).toBe(quote.savingPaise);
          expect(priced.totals.exactTotalPaise).toBe(priced.totals.taxablePaise + priced.totals.taxPaise);
        },
      ),
      { numRuns: 200 },
    );
  });
});
