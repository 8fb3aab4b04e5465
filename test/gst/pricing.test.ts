import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import { createRateTable, priceCart } from '../../src/domain/gst/index.js';
import { cart, KARNATAKA_BUYER, shirt } from './gst-fixtures.js';

const rates = createRateTable();

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('worked examples', () => {
  it('apparel at Rs 1,050 inclusive of 5% intra-state: taxable 1,000.00, CGST 25.00, SGST 25.00', () => {
    const priced = priceCart(cart([shirt(105_000)]), rates);
    const line = priced.lines[0]!;
    expect(priced.kind).toBe('tax-invoice');
    expect(priced.regime).toBe('cgst-sgst');
    expect(line.rate).toBe(500);
    expect(line.taxablePaise).toBe(100_000);
    expect(line.taxes).toEqual({ cgst: 2_500, sgst: 2_500, utgst: 0, igst: 0, cess: 0 });
    expect(priced.totals).toMatchObject({
      taxablePaise: 100_000,
      taxPaise: 5_000,
      totalPaise: 105_000,
      roundOffPaise: 0,
    });
  });

  it('the same shirt delivered to another state: IGST 50.00', () => {
    const priced = priceCart(
      cart([shirt(105_000)], { delivery: { kind: 'delivered', stateCode: '29' } }),
      rates,
    );
    expect(priced.placeOfSupply).toBe('29');
    expect(priced.interState).toBe(true);
    expect(priced.regime).toBe('igst');
    expect(priced.lines[0]!.taxes).toEqual({ cgst: 0, sgst: 0, utgst: 0, igst: 5_000, cess: 0 });
    expect(priced.totals.totalPaise).toBe(105_000);
  });

  it('goods bought at the counter by an out-of-state registered buyer stay intra-state', () => {
    const priced = priceCart(cart([shirt(105_000)], { buyer: { gstin: KARNATAKA_BUYER } }), rates);
    expect(priced.buyerGstin).toBe(KARNATAKA_BUYER);
    expect(priced.placeOfSupply).toBe('27');
    expect(priced.regime).toBe('cgst-sgst');
  });

  it('a UT without a legislature gives CGST + UTGST; Delhi keeps SGST', () => {
    const chandigarh = priceCart(
      cart([shirt(105_000)], { supplier: { stateCode: '04', registration: 'regular' } }),
      rates,
    );
    expect(chandigarh.regime).toBe('cgst-utgst');
    expect(chandigarh.lines[0]!.taxes).toEqual({ cgst: 2_500, sgst: 0, utgst: 2_500, igst: 0, cess: 0 });
    for (const ut of ['26', '31', '35', '38']) {
      const priced = priceCart(
        cart([shirt(105_000)], { supplier: { stateCode: ut, registration: 'regular' } }),
        rates,
      );
      expect(priced.regime, ut).toBe('cgst-utgst');
    }
    for (const code of ['07', '34', '01']) {
      const priced = priceCart(
        cart([shirt(105_000)], { supplier: { stateCode: code, registration: 'regular' } }),
        rates,
      );
      expect(priced.regime, code).toBe('cgst-sgst');
    }
  });

  it('shirts at Rs 2,400 and Rs 2,600 before tax get 5 and 18 percent', () => {
    const priced = priceCart(
      cart([shirt(240_000, { priceIncludesTax: false }), shirt(260_000, { priceIncludesTax: false })]),
      rates,
    );
    const [low, high] = priced.lines;
    expect(low!.rate).toBe(500);
    expect(low!.taxes.cgst + low!.taxes.sgst).toBe(12_000);
    expect(high!.rate).toBe(1800);
    expect(high!.taxes.cgst).toBe(23_400);
    expect(high!.taxes.sgst).toBe(23_400);
    expect(priced.totals.totalPaise).toBe(240_000 + 12_000 + 260_000 + 46_800);
  });

  it('the threshold is per piece: two shirts at Rs 2,400 stay at 5%; a discount can bring a piece under it', () => {
    const two = priceCart(cart([shirt(240_000, { priceIncludesTax: false, quantity: 2 })]), rates);
    expect(two.lines[0]!.rate).toBe(500);
    const discounted = priceCart(
      cart([shirt(260_000, { priceIncludesTax: false, quantity: 2, discountPaise: 40_000 })]),
      rates,
    );
    expect(discounted.lines[0]!.taxablePaise).toBe(480_000);
    expect(discounted.lines[0]!.rate).toBe(500);
    // Exactly Rs 2,500 per piece is "up to": the lower rate.
    expect(priceCart(cart([shirt(250_000, { priceIncludesTax: false })]), rates).lines[0]!.rate).toBe(500);
    expect(priceCart(cart([shirt(250_001, { priceIncludesTax: false })]), rates).lines[0]!.rate).toBe(1800);
  });

  it('an exempt item gives a bill of supply with no tax', () => {
    const seeds = {
      description: 'Paddy seed 10 kg',
      hsnSac: '1006',
      rateCategory: 'seeds',
      unit: 'BAG',
      quantity: 2,
      unitPricePaise: 45_040,
      priceIncludesTax: true,
    };
    const priced = priceCart(cart([seeds]), rates);
    expect(priced.kind).toBe('bill-of-supply');
    expect(priced.regime).toBe('none');
    expect(priced.lines[0]).toMatchObject({ supply: 'nil', rate: 0, taxablePaise: 90_080 });
    expect(priced.totals.taxPaise).toBe(0);
    expect(priced.totals).toMatchObject({ exactTotalPaise: 90_080, roundOffPaise: 20, totalPaise: 90_100 });
    expect(priced.notes.map((n) => n.code)).toContain('unverified-rate');
  });

  it('a composition dealer issues a bill of supply and collects no tax', () => {
    const priced = priceCart(
      cart([shirt(105_000)], { supplier: { stateCode: '27', registration: 'composition' } }),
      rates,
    );
    expect(priced.kind).toBe('bill-of-supply');
    expect(priced.lines[0]).toMatchObject({ rate: 0, taxablePaise: 105_000, totalPaise: 105_000 });
    expect(priced.totals.taxPaise).toBe(0);
  });

  it('taxable and exempt goods to an unregistered buyer: one invoice-cum-bill of supply; a registered buyer must get two documents', () => {
    const seeds = {
      description: 'Wheat seed',
      hsnSac: '1001',
      rateCategory: 'seeds',
      unit: 'KGS',
      quantity: 2.5,
      unitPricePaise: 6_000,
      priceIncludesTax: false,
    };
    const spray = {
      description: 'Pesticide 1 L',
      hsnSac: '3808',
      rateCategory: 'pesticide',
      unit: 'BTL',
      quantity: 1,
      unitPricePaise: 59_000,
      priceIncludesTax: true,
    };
    const mixed = priceCart(cart([seeds, spray]), rates);
    expect(mixed.kind).toBe('invoice-cum-bill-of-supply');
    expect(mixed.lines[0]).toMatchObject({ supply: 'nil', taxablePaise: 15_000 });
    expect(mixed.lines[1]).toMatchObject({
      supply: 'taxable',
      rate: 1800,
      taxablePaise: 50_000,
      totalPaise: 59_000,
    });
    const error = errorOf(() =>
      priceCart(cart([seeds, spray], { buyer: { gstin: KARNATAKA_BUYER } }), rates),
    );
    expect(error).toMatchObject({ code: 'validation_failed', field: 'lines' });
  });

  it('round-off stays within a rupee and shows the difference', () => {
    const priced = priceCart(
      cart([
        shirt(99_950, { priceIncludesTax: false }),
        shirt(12_345, { priceIncludesTax: false, quantity: 3, rateCategory: 'gst-18', hsnSac: '6307' }),
      ]),
      rates,
    );
    const { exactTotalPaise, roundOffPaise, totalPaise } = priced.totals;
    expect(totalPaise % 100).toBe(0);
    expect(Math.abs(roundOffPaise)).toBeLessThanOrEqual(50);
    expect(totalPaise).toBe(exactTotalPaise + roundOffPaise);
    expect(
      priceCart(cart([shirt(99_950, { priceIncludesTax: false })], {}, { roundOff: 'none' }), rates).totals
        .roundOffPaise,
    ).toBe(0);
  });
});

describe('inclusive band policy (apparel between about Rs 2,625 and Rs 2,950 with tax)', () => {
  it('the default applies the higher rate and says so', () => {
    const priced = priceCart(cart([shirt(280_000)]), rates);
    expect(priced.lines[0]!.rate).toBe(1800);
    expect(priced.lines[0]!.totalPaise).toBe(280_000);
    expect(priced.notes.map((n) => n.code)).toContain('inclusive-band-higher-rate');
  });

  it('a shop may choose the lower rate or refuse the price', () => {
    const lower = priceCart(cart([shirt(280_000)], {}, { inclusiveBand: 'lower-rate' }), rates);
    expect(lower.lines[0]!.rate).toBe(500);
    const error = errorOf(() => priceCart(cart([shirt(280_000)], {}, { inclusiveBand: 'refuse' }), rates));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'lines.0.unitPricePaise' });
  });

  it('band edges: Rs 2,625 fits 5%, Rs 2,950.01 fits 18%, in between follows the policy', () => {
    const refuse = { inclusiveBand: 'refuse' } as const;
    expect(priceCart(cart([shirt(262_500)], {}, refuse), rates).lines[0]!.rate).toBe(500);
    expect(priceCart(cart([shirt(295_001)], {}, refuse), rates).lines[0]!.rate).toBe(1800);
    expect(() => priceCart(cart([shirt(262_501)], {}, refuse), rates)).toThrow(AppError);
    expect(() => priceCart(cart([shirt(295_000)], {}, refuse), rates)).toThrow(AppError);
  });

  it('on the price-with-tax basis the threshold compares the shelf price', () => {
    const basis = { thresholdBasis: 'price-with-tax', inclusiveBand: 'refuse' } as const;
    expect(priceCart(cart([shirt(250_000)], {}, basis), rates).lines[0]!.rate).toBe(500);
    expect(priceCart(cart([shirt(250_001)], {}, basis), rates).lines[0]!.rate).toBe(1800);
    // Exclusive prices whose tax carries them over the threshold at one rate but not the other.
    expect(() => priceCart(cart([shirt(230_000, { priceIncludesTax: false })], {}, basis), rates)).toThrow(
      AppError,
    );
  });
});

describe('dated rates', () => {
  it('documents before 22 Sep 2025 use the old slabs (Rs 1,000 threshold, 12 percent)', () => {
    const old = priceCart(
      cart([shirt(120_000, { priceIncludesTax: false })], { documentDate: '2025-09-21' }),
      rates,
    );
    expect(old.lines[0]!.rate).toBe(1200);
    const gst2 = priceCart(
      cart([shirt(120_000, { priceIncludesTax: false })], { documentDate: '2025-09-22' }),
      rates,
    );
    expect(gst2.lines[0]!.rate).toBe(500);
  });

  it('a withdrawn slab has no rate after the change', () => {
    const line = shirt(10_000, { rateCategory: 'gst-12', hsnSac: '4202' });
    expect(priceCart(cart([line], { documentDate: '2025-06-01' }), rates).lines[0]!.rate).toBe(1200);
    expect(errorOf(() => priceCart(cart([line]), rates))).toMatchObject({
      code: 'precondition_failed',
      field: 'lines.0.rateCategory',
    });
  });

  it('a shop correction wins over the default of the same date and is recorded on the line', () => {
    const corrected = createRateTable([
      {
        category: 'pesticide',
        effectiveFrom: '2025-09-22',
        rule: { kind: 'flat', rate: 500 },
        verified: true,
        source: 'CA advice',
      },
    ]);
    const spray = {
      description: 'Neem oil',
      hsnSac: '3808',
      rateCategory: 'pesticide',
      unit: 'BTL',
      quantity: 1,
      unitPricePaise: 10_500,
      priceIncludesTax: true,
    };
    const priced = priceCart(cart([spray]), corrected);
    expect(priced.lines[0]).toMatchObject({ rate: 500, taxablePaise: 10_000 });
    expect(priced.lines[0]!.rateEntry.origin).toBe('shop');
    expect(priced.notes).toEqual([]);
  });

  it('old cess rates still compute for old documents', () => {
    const withCess = createRateTable([
      {
        category: 'tobacco',
        effectiveFrom: '2017-07-01',
        rule: { kind: 'flat', rate: 2800, cessRate: 6100 },
        verified: true,
        source: 'shop',
      },
    ]);
    const line = {
      description: 'Chewing tobacco',
      hsnSac: '2403',
      rateCategory: 'tobacco',
      unit: 'PAC',
      quantity: 1,
      unitPricePaise: 10_000,
      priceIncludesTax: false,
    };
    const priced = priceCart(cart([line], { documentDate: '2025-01-10' }), withCess);
    expect(priced.lines[0]!.taxes).toMatchObject({ cgst: 1_400, sgst: 1_400, cess: 6_100 });
  });
});

describe('place of supply for services', () => {
  const haircut = {
    description: 'Haircut',
    hsnSac: '999721',
    rateCategory: 'salon-service',
    unit: 'OTH',
    quantity: 1,
    unitPricePaise: 52_500,
    priceIncludesTax: true,
  };
  const consulting = {
    description: 'Styling consultation',
    hsnSac: '998311',
    rateCategory: 'gst-18',
    unit: 'OTH',
    quantity: 1,
    unitPricePaise: 100_000,
    priceIncludesTax: false,
  };

  it('salon services are taxed where performed, whoever the buyer is', () => {
    const priced = priceCart(cart([haircut], { buyer: { gstin: KARNATAKA_BUYER } }), rates);
    expect(priced.placeOfSupply).toBe('27');
    expect(priced.lines[0]).toMatchObject({ isService: true, rate: 500, taxablePaise: 50_000 });
  });

  it('other services go to the registered recipient, else the address on record, else the shop', () => {
    expect(priceCart(cart([consulting], { buyer: { gstin: KARNATAKA_BUYER } }), rates).placeOfSupply).toBe(
      '29',
    );
    expect(priceCart(cart([consulting], { buyer: { stateCode: '33' } }), rates).placeOfSupply).toBe('33');
    expect(priceCart(cart([consulting]), rates).placeOfSupply).toBe('27');
  });

  it('lines with different places of supply are refused', () => {
    const error = errorOf(() =>
      priceCart(cart([haircut, consulting], { buyer: { gstin: KARNATAKA_BUYER } }), rates),
    );
    expect(error).toMatchObject({ code: 'validation_failed', field: 'lines' });
  });
});

describe('input validation names the field', () => {
  const cases: [string, () => unknown, string][] = [
    ['empty cart', () => priceCart(cart([]), rates), 'lines'],
    ['bad date', () => priceCart(cart([shirt(100)], { documentDate: '2026-02-30' }), rates), 'documentDate'],
    [
      'bad state',
      () => priceCart(cart([shirt(100)], { supplier: { stateCode: '99', registration: 'regular' } }), rates),
      'supplier.stateCode',
    ],
    [
      'bad GSTIN',
      () => priceCart(cart([shirt(100)], { buyer: { gstin: '24AAQCA8719H1ZD' } }), rates),
      'buyer.gstin',
    ],
    ['zero quantity', () => priceCart(cart([shirt(100, { quantity: 0 })]), rates), 'lines.0.quantity'],
    [
      '4 decimals',
      () => priceCart(cart([shirt(100), shirt(100, { quantity: 1.0005 })]), rates),
      'lines.1.quantity',
    ],
    ['fractional paise', () => priceCart(cart([shirt(100.5)]), rates), 'lines.0.unitPricePaise'],
    ['negative price', () => priceCart(cart([shirt(-100)]), rates), 'lines.0.unitPricePaise'],
    [
      'discount above value',
      () => priceCart(cart([shirt(100, { discountPaise: 101 })]), rates),
      'lines.0.discountPaise',
    ],
    ['bad HSN', () => priceCart(cart([shirt(100, { hsnSac: '62A5' })]), rates), 'lines.0.hsnSac'],
    ['bad unit', () => priceCart(cart([shirt(100, { unit: 'XYZ' })]), rates), 'lines.0.unit'],
    [
      'unknown category',
      () => priceCart(cart([shirt(100, { rateCategory: 'gst-7' })]), rates),
      'lines.0.rateCategory',
    ],
    [
      'empty description',
      () => priceCart(cart([shirt(100, { description: ' ' })]), rates),
      'lines.0.description',
    ],
  ];
  for (const [name, run, field] of cases)
    it(name, () => expect(errorOf(run)).toMatchObject({ code: 'validation_failed', field }));
});
