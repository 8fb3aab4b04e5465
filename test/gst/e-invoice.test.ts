import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEInvoice } from '../../src/modules/returns/e-invoice.builder.js';
import { validateEInvoice } from '../../src/modules/returns/e-invoice.validator.js';
import { BUYER_A, BUYER_B, goods, issue } from './document-fixtures.js';

const intra = issue({
  number: 'INV/25-26/00102',
  seriesKey: 's',
  sequence: 102,
  date: '2025-11-05',
  buyer: BUYER_B,
  lines: [
    goods('Cotton shirt, white', '6205', 1, 105_000, { priceIncludesTax: true }),
    goods('Linen trousers', '6203', 1, 200_000, { discountPaise: 10_000 }),
    goods('Party jacket', '6201', 1, 295_000, { priceIncludesTax: true, discountPaise: 9_999 }),
  ],
});
const inter = issue({
  number: 'INV/25-26/00101',
  seriesKey: 's',
  sequence: 101,
  date: '2025-11-03',
  buyer: BUYER_A,
  deliveredTo: '29',
  lines: [goods('Cotton shirt, blue', '6205', 2.5, 199_999), goods('Wool jacket', '6201', 1, 300_000)],
});

describe('e-invoice JSON (schema 1.1)', () => {
  it('builds an intra-state invoice that passes the structure and arithmetic checks', () => {
    const json = buildEInvoice(intra);
    expect(validateEInvoice(json)).toEqual([]);
    expect(json).toMatchObject({
      Version: '1.1',
      TranDtls: { TaxSch: 'GST', SupTyp: 'B2B', RegRev: 'N' },
      DocDtls: { Typ: 'INV', No: 'INV/25-26/00102', Dt: '05/11/2025' },
      SellerDtls: { Gstin: '27ABCDE1234F1Z0', Pin: 411001, Stcd: '27', Loc: 'Pune' },
      BuyerDtls: { Gstin: '27LMNOP4321Q1Z4', Pos: '27', Stcd: '27' },
    });
    expect(json.ItemList[0]).toMatchObject({
      SlNo: '1',
      HsnCd: '6205',
      Qty: 1,
      Unit: 'PCS',
      UnitPrice: 1000,
      TotAmt: 1000,
      Discount: 0,
      AssAmt: 1000,
      GstRt: 5,
      CgstAmt: 25,
      SgstAmt: 25,
      IgstAmt: 0,
      TotItemVal: 1050,
    });
    expect(json.ItemList[1]).toMatchObject({
      TotAmt: 2000,
      Discount: 100,
      AssAmt: 1900,
      CgstAmt: 47.5,
      SgstAmt: 47.5,
    });
    const sumItems = json.ItemList.reduce((s, i) => s + Math.round(i.TotItemVal * 100), 0);
    expect(Math.round((json.ValDtls.TotInvVal - (json.ValDtls.RndOffAmt ?? 0)) * 100)).toBe(sumItems);
  });

  it('builds an inter-state invoice with IGST only, fractional quantity and round-off', () => {
    const json = buildEInvoice(inter);
    expect(validateEInvoice(json)).toEqual([]);
    expect(json.BuyerDtls).toMatchObject({ Pos: '29', Stcd: '29' });
    expect(json.ItemList[0]).toMatchObject({ Qty: 2.5, UnitPrice: 1999.99, CgstAmt: 0, SgstAmt: 0 });
    expect(json.ItemList.every((i) => (i.IgstAmt ?? 0) > 0)).toBe(true);
    expect(Math.abs(json.ValDtls.RndOffAmt ?? 0)).toBeLessThan(1);
  });

  it('credit notes are CRN and carry the preceding invoice (PrecDocDtls)', () => {
    const spec = {
      number: 'CN/25-26/00011',
      seriesKey: 'c',
      sequence: 11,
      date: '2025-11-18',
      type: 'credit-note' as const,
      buyer: BUYER_A,
      deliveredTo: '29',
      lines: [goods('Cotton shirt, blue', '6205', 1, 200_000)],
    };
    const note = issue({
      ...spec,
      original: {
        number: 'INV/25-26/00042',
        date: '2025-11-03',
        totalPaise: 236_000,
        placeOfSupply: '29',
        buyerGstin: BUYER_A.gstin,
      },
    });
    const json = buildEInvoice(note);
    expect(json.DocDtls.Typ).toBe('CRN');
    expect(json.RefDtls?.PrecDocDtls).toEqual([{ InvNo: 'INV/25-26/00042', InvDt: '03/11/2025' }]);
    expect(validateEInvoice(json)).toEqual([]);
    // A note without the invoice it adjusts is refused by the builder and by the validator.
    expect(() => buildEInvoice(issue(spec))).toThrow(/invoice it adjusts/);
    const { RefDtls: _dropped, ...withoutRef } = json;
    expect(validateEInvoice(withoutRef)).toEqual([
      { path: 'RefDtls.PrecDocDtls', message: 'a credit or debit note names the invoice it adjusts' },
    ]);
  });

  it('refuses B2C documents, bills of supply and cancelled documents', () => {
    const b2c = issue({
      number: 'A1',
      seriesKey: 's',
      sequence: 1,
      date: '2025-11-05',
      lines: [goods('Shirt', '6205', 1, 100_000)],
    });
    expect(() => buildEInvoice(b2c)).toThrow(/registered buyers/);
    const bos = issue({
      number: 'A2',
      seriesKey: 's',
      sequence: 2,
      date: '2025-11-05',
      buyer: BUYER_B,
      lines: [goods('Seed', '1006', 1, 100_000, { rateCategory: 'seeds' })],
    });
    expect(() => buildEInvoice(bos)).toThrow(/bills of supply/);
    expect(() => buildEInvoice({ ...intra, status: 'cancelled' })).toThrow(/cancelled/);
    expect(() => buildEInvoice({ ...intra, buyer: { ...BUYER_B, address: null } })).toThrow(/address/);
  });

  it('reports structural failures with their paths', () => {
    const json = buildEInvoice(intra);
    const broken = {
      ...json,
      Version: '1.0',
      DocDtls: { ...json.DocDtls, No: '0INV/1', Dt: '2025-11-05' },
      SellerDtls: { ...json.SellerDtls, Pin: 41100 },
      BuyerDtls: { ...json.BuyerDtls, Pos: '99' },
      ItemList: [{ ...json.ItemList[0], HsnCd: '62', GstRt: 7 }],
    };
    const paths = validateEInvoice(broken).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'Version',
        'DocDtls.No',
        'DocDtls.Dt',
        'SellerDtls.Pin',
        'BuyerDtls.Pos',
        'ItemList.0.HsnCd',
        'ItemList.0.GstRt',
      ]),
    );
    const { ItemList: _items, ...withoutItems } = json;
    expect(validateEInvoice(withoutItems).map((p) => p.path)).toContain('ItemList');
    expect(
      validateEInvoice({ ...json, ItemList: [{ ...json.ItemList[0], UnitPrice: 10.0001 }] }).map(
        (p) => p.path,
      ),
    ).toContain('ItemList.0.UnitPrice');
  });

  it('reports arithmetic failures', () => {
    const json = buildEInvoice(intra);
    const item = json.ItemList[1]!;
    const problems = (change: object) => validateEInvoice({ ...json, ...change }).map((p) => p.path);
    expect(problems({ ItemList: [json.ItemList[0], { ...item, AssAmt: 1901 }, json.ItemList[2]] })).toContain(
      'ItemList.1.AssAmt',
    );
    expect(
      problems({
        ItemList: [
          json.ItemList[0],
          { ...item, CgstAmt: 47.52, TotItemVal: item.TotItemVal + 0.02 },
          json.ItemList[2],
        ],
      }),
    ).toContain('ItemList.1.CgstAmt');
    expect(
      problems({
        ItemList: [json.ItemList[0], { ...item, IgstAmt: 95, CgstAmt: 0, SgstAmt: 0 }, json.ItemList[2]],
      }),
    ).toEqual(expect.arrayContaining(['ItemList.1.CgstAmt', 'ItemList.1.IgstAmt', 'ValDtls.IgstVal']));
    expect(problems({ ValDtls: { ...json.ValDtls, AssVal: json.ValDtls.AssVal + 1 } })).toEqual(
      expect.arrayContaining(['ValDtls.AssVal', 'ValDtls.TotInvVal']),
    );
    expect(problems({ ValDtls: { ...json.ValDtls, CgstVal: 0 } })).toContain('ValDtls.CgstVal');
    expect(problems({ ValDtls: { ...json.ValDtls, RndOffAmt: 100 } })).toContain('ValDtls.RndOffAmt');
    // Inter-state heads on an intra-state document are refused.
    const interJson = buildEInvoice(inter);
    expect(
      validateEInvoice({ ...interJson, BuyerDtls: { ...interJson.BuyerDtls, Pos: '27' } }).length,
    ).toBeGreaterThan(0);
  });

  it('any priced B2B document yields an e-invoice that passes every check', () => {
    const line = fc.record({
      category: fc.constantFrom('apparel', 'gst-5', 'gst-18', 'gst-40', 'gst-3', 'gst-0.25'),
      quantityMilli: fc.integer({ min: 1, max: 100_000 }),
      price: fc.integer({ min: 1, max: 2_000_000 }),
      inclusive: fc.boolean(),
      discountShare: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, interState) => {
        const doc = issue({
          number: 'INV/1',
          seriesKey: 's',
          sequence: 1,
          date: '2025-12-01',
          buyer: interState ? BUYER_A : BUYER_B,
          deliveredTo: interState ? '29' : undefined,
          lines: lines.map((l) =>
            goods('Test item', '6109', l.quantityMilli / 1000, l.price, {
              rateCategory: l.category,
              priceIncludesTax: l.inclusive,
              discountPaise: Math.floor(
                (Math.floor((l.price * l.quantityMilli) / 1000) * l.discountShare) / 100,
              ),
            }),
          ),
        });
        expect(validateEInvoice(buildEInvoice(doc))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
