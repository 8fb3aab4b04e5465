/**
 * Worked examples of zero-rated supplies (IGST Act s.16) and debit notes, to the paisa: for each
 * supply type the tax heads, the GSTR-1 section, the e-invoice SupTyp (validated) and the
 * endorsement Rule 46 requires, printed on the A4 PDF (read back with pdftotext) and the receipt.
 * A Maharashtra (27) shop sells a shirt of Rs 2,000 x 2 (5 %) and a jacket of Rs 3,000 (18 %).
 */
import { describe, expect, it } from 'vitest';
import {
  createRateTable,
  DEFAULT_PRICING_POLICY,
  ENDORSEMENT_WITHOUT_PAYMENT,
  ENDORSEMENT_WITH_PAYMENT,
  lutCovers,
  priceCart,
  type CartInput,
  type SupplyType,
} from '../../src/domain/gst/index.js';
import { renderA4Pdf } from '../../src/modules/documents/a4-pdf.renderer.js';
import { buildDocumentView } from '../../src/modules/documents/document-view.js';
import { thermalLines } from '../../src/modules/documents/thermal-text.renderer.js';
import { buildEInvoice } from '../../src/modules/returns/e-invoice.builder.js';
import { validateEInvoice } from '../../src/modules/returns/e-invoice.validator.js';
import { buildGstr1 } from '../../src/modules/returns/gstr1.builder.js';
import { buildGstr3b } from '../../src/modules/returns/gstr3b.builder.js';
import { pdftotext } from '../support/pdf-text.js';
import { BUYER_A, BUYER_B, goods, issue, SUPPLIER_GSTIN } from './document-fixtures.js';
import { collectJson, memorySource } from './memory-source.js';

const rates = createRateTable();
const LINES = [goods('Cotton shirt, blue', '6205', 2, 200_000), goods('Wool jacket', '6201', 1, 300_000)];
const OVERSEAS = { name: 'Gulf Garments Trading LLC', address: null };
const LUT = { number: 'AD270325012345X', date: '2025-03-20' };
const EXPORT = {
  countryCode: 'AE',
  portCode: 'INNSA1',
  shippingBillNumber: '1234567',
  shippingBillDate: '2025-11-12',
  currency: 'AED',
};

function sale(supplyType: SupplyType, number = 'INV/25-26/00201') {
  const exported = supplyType.startsWith('export');
  return issue({
    number,
    seriesKey: 'store-1/INV/25-26',
    sequence: Number(number.slice(-3)),
    date: '2025-11-10',
    // The SEZ unit is in Maharashtra, the supplier's own state.
    buyer: exported ? OVERSEAS : BUYER_B,
    supplyType,
    lines: LINES,
    ...(exported ? { exportDetails: EXPORT } : {}),
    ...(supplyType.endsWith('without-payment') ? { lut: LUT } : {}),
  });
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('zero-rated supplies: worked examples', () => {
  it('an SEZ sale within the state is IGST: 4,000 at 5 % and 3,000 at 18 % give IGST 200 + 540', () => {
    const doc = sale('sez-with-payment');
    expect(doc.placeOfSupply).toBe('27');
    expect(doc.regime).toBe('igst');
    expect(doc.lines.map((l) => [l.taxablePaise, l.rate, l.taxes])).toEqual([
      [400_000, 500, { cgst: 0, sgst: 0, utgst: 0, igst: 20_000, cess: 0 }],
      [300_000, 1800, { cgst: 0, sgst: 0, utgst: 0, igst: 54_000, cess: 0 }],
    ]);
    expect(doc.totals).toMatchObject({ taxablePaise: 700_000, taxPaise: 74_000, totalPaise: 774_000 });
    // The same sale as a regular supply to the same buyer is CGST + SGST.
    const regular = sale('regular');
    expect(regular.regime).toBe('cgst-sgst');
    expect(regular.totals.taxes).toMatchObject({ cgst: 37_000, sgst: 37_000, igst: 0 });
  });

  it('without payment (LUT) the lines keep their rates with no tax: the total is the taxable value', () => {
    for (const type of ['sez-without-payment', 'export-without-payment'] as const) {
      const doc = sale(type);
      expect(doc.regime).toBe('igst');
      expect(doc.lines.map((l) => [l.rate, l.taxes.igst, l.totalPaise])).toEqual([
        [500, 0, 400_000],
        [1800, 0, 300_000],
      ]);
      expect(doc.totals).toMatchObject({ taxablePaise: 700_000, taxPaise: 0, totalPaise: 700_000 });
    }
  });

  it('an export is supplied to place 96 (other countries) with IGST when paid', () => {
    const doc = sale('export-with-payment');
    expect(doc.placeOfSupply).toBe('96');
    expect(doc.totals.taxes).toMatchObject({ igst: 74_000, cgst: 0, sgst: 0 });
    // A tax-inclusive shelf price without payment is all taxable value.
    const inclusive = priceCart(
      {
        documentDate: '2025-11-10',
        supplier: { stateCode: '27', registration: 'regular' },
        supplyType: 'export-without-payment',
        policy: DEFAULT_PRICING_POLICY,
        lines: [goods('Silk stole', '6214', 1, 105_000, { priceIncludesTax: true })],
      },
      rates,
    );
    expect(inclusive.lines[0]).toMatchObject({ taxablePaise: 105_000, totalPaise: 105_000, rate: 500 });
  });

  it('refuses what the law does not allow, naming the field', () => {
    const cart = (more: Partial<CartInput>): CartInput => ({
      documentDate: '2025-11-10',
      supplier: { stateCode: '27', registration: 'regular' },
      policy: DEFAULT_PRICING_POLICY,
      lines: LINES,
      ...more,
    });
    expect(() => priceCart(cart({ supplyType: 'sez-with-payment' }), rates)).toThrow(/GSTIN/);
    expect(() => priceCart(cart({ supplyType: 'sez-with-payment' }), rates)).toThrow(
      expect.objectContaining({ field: 'supplyType' }),
    );
    expect(() =>
      priceCart(cart({ supplyType: 'export-with-payment', buyer: { gstin: BUYER_A.gstin } }), rates),
    ).toThrow(expect.objectContaining({ field: 'supplyType' }));
    expect(() =>
      priceCart(
        cart({
          supplyType: 'export-without-payment',
          supplier: { stateCode: '27', registration: 'composition' },
        }),
        rates,
      ),
    ).toThrow(expect.objectContaining({ field: 'supplyType' }));
  });

  it('an LUT covers its financial year; one furnished in March also the next', () => {
    expect(lutCovers({ number: 'X', date: '2025-04-10' }, '2026-03-31')).toBe(true);
    expect(lutCovers({ number: 'X', date: '2025-04-10' }, '2026-04-01')).toBe(false);
    expect(lutCovers({ number: 'X', date: '2025-04-10' }, '2025-04-09')).toBe(false);
    expect(lutCovers({ number: 'X', date: '2025-03-20' }, '2025-11-10')).toBe(true);
    expect(lutCovers({ number: 'X', date: '2025-03-20' }, '2026-04-01')).toBe(false);
  });

  it.each([
    ['sez-with-payment', 'SEZWP', ENDORSEMENT_WITH_PAYMENT],
    ['sez-without-payment', 'SEZWOP', ENDORSEMENT_WITHOUT_PAYMENT],
    ['export-with-payment', 'EXPWP', ENDORSEMENT_WITH_PAYMENT],
    ['export-without-payment', 'EXPWOP', ENDORSEMENT_WITHOUT_PAYMENT],
  ] as const)(
    '%s: e-invoice SupTyp %s passes the checks; the endorsement is printed',
    async (type, supTyp, text) => {
      const doc = sale(type);
      const json = buildEInvoice(doc);
      expect(validateEInvoice(json)).toEqual([]);
      expect(json.TranDtls.SupTyp).toBe(supTyp);
      expect(json.ValDtls).toMatchObject({
        AssVal: 7000,
        IgstVal: type.endsWith('without-payment') ? 0 : 740,
        CgstVal: 0,
        SgstVal: 0,
      });
      if (type.startsWith('export')) {
        expect(json.BuyerDtls).toMatchObject({ Gstin: 'URP', Pos: '96', Stcd: '96', Pin: 999999 });
        expect(json.ExpDtls).toEqual({
          ShipBNo: '1234567',
          ShipBDt: '12/11/2025',
          Port: 'INNSA1',
          RefClm: type === 'export-with-payment' ? 'Y' : 'N',
          ForCur: 'AED',
          CntCode: 'AE',
        });
      } else expect(json.BuyerDtls).toMatchObject({ Gstin: BUYER_B.gstin, Pos: '27' });
      const a4 = flat(await pdftotext(await renderA4Pdf(doc)));
      expect(a4).toContain(text);
      expect(a4).toContain('IGST');
      expect(a4).not.toMatch(/CGST/);
      if (type.endsWith('without-payment')) expect(a4).toContain('LUT: AD270325012345X dated 20-03-2025');
      if (type.startsWith('export')) {
        expect(a4).toContain('96 - Other Countries');
        expect(a4).toContain('Shipping bill: 1234567 dated 12-11-2025');
        expect(a4).toContain('Port code: INNSA1');
      }
      expect(flat(thermalLines(buildDocumentView(doc)).join(' '))).toContain(text);
    },
  );

  it('a regular invoice has no endorsement; tampering with the WOP heads fails the e-invoice check', () => {
    expect(buildDocumentView(sale('regular')).declaration).toBeNull();
    const json = buildEInvoice(sale('sez-without-payment'));
    const item = json.ItemList[0];
    if (item === undefined) throw new Error('no item');
    const taxed = {
      ...json,
      ItemList: [{ ...item, IgstAmt: 200, TotItemVal: 4200 }, ...json.ItemList.slice(1)],
    };
    expect(validateEInvoice(taxed).map((p) => p.path)).toContain('ItemList.0.IgstAmt');
    const exported = buildEInvoice(sale('export-with-payment'));
    expect(validateEInvoice({ ...exported, BuyerDtls: { ...exported.BuyerDtls, Pos: '27' } })).toContainEqual(
      expect.objectContaining({ path: 'BuyerDtls.Pos' }),
    );
  });

  it('GSTR-1 places SEZ sales in b2b (SEWP/SEWOP) and exports in exp (WPAY/WOPAY); 3B 3.1(b) holds them', async () => {
    const docs = [
      sale('sez-with-payment', 'INV/25-26/00201'),
      sale('sez-without-payment', 'INV/25-26/00202'),
      sale('export-with-payment', 'INV/25-26/00203'),
      sale('export-without-payment', 'INV/25-26/00204'),
    ];
    const header = { gstin: SUPPLIER_GSTIN, period: '112025' };
    const gstr1 = (await collectJson(buildGstr1(header, memorySource(docs)))) as Record<string, unknown>;
    expect(gstr1.b2b).toEqual([
      {
        ctin: BUYER_B.gstin,
        inv: [
          expect.objectContaining({
            inum: 'INV/25-26/00201',
            inv_typ: 'SEWP',
            pos: '27',
            val: 7740,
            itms: [
              { num: 1, itm_det: { rt: 5, txval: 4000, iamt: 200, csamt: 0 } },
              { num: 2, itm_det: { rt: 18, txval: 3000, iamt: 540, csamt: 0 } },
            ],
          }),
          expect.objectContaining({
            inum: 'INV/25-26/00202',
            inv_typ: 'SEWOP',
            val: 7000,
            itms: [
              { num: 1, itm_det: { rt: 5, txval: 4000, iamt: 0, csamt: 0 } },
              { num: 2, itm_det: { rt: 18, txval: 3000, iamt: 0, csamt: 0 } },
            ],
          }),
        ],
      },
    ]);
    expect(gstr1.exp).toEqual([
      {
        exp_typ: 'WPAY',
        inv: [
          {
            inum: 'INV/25-26/00203',
            idt: '10-11-2025',
            val: 7740,
            sbpcode: 'INNSA1',
            sbnum: '1234567',
            sbdt: '12-11-2025',
            itms: [
              { txval: 4000, rt: 5, iamt: 200, csamt: 0 },
              { txval: 3000, rt: 18, iamt: 540, csamt: 0 },
            ],
          },
        ],
      },
      {
        exp_typ: 'WOPAY',
        inv: [
          expect.objectContaining({
            inum: 'INV/25-26/00204',
            val: 7000,
            itms: [
              { txval: 4000, rt: 5, iamt: 0, csamt: 0 },
              { txval: 3000, rt: 18, iamt: 0, csamt: 0 },
            ],
          }),
        ],
      },
    ]);
    expect(gstr1.b2cs).toBeUndefined();
    expect(gstr1.b2cl).toBeUndefined();
    const gstr3b = await buildGstr3b(header, memorySource(docs));
    expect(gstr3b.sup_details.osup_zero).toEqual({ txval: 28000, iamt: 1480, csamt: 0 });
    expect(gstr3b.sup_details.osup_det).toEqual({ txval: 0, iamt: 0, camt: 0, samt: 0, csamt: 0 });
    expect(gstr3b.inter_sup.unreg_details).toEqual([]);
  });

  it('a debit note on an SEZ invoice is cdnr (D, SEWP); on an export, cdnur (EXPWOP); both in 3.1(b)', async () => {
    const original = sale('sez-with-payment');
    const exportOriginal = sale('export-without-payment', 'INV/25-26/00204');
    const note = (of: typeof original, number: string, sequence: number) =>
      issue({
        number,
        seriesKey: 'store-1/DN/25-26',
        sequence,
        date: '2025-11-20',
        type: 'debit-note',
        buyer: of.buyer,
        supplyType: of.supplyType,
        original: {
          number: of.number,
          date: of.date,
          totalPaise: of.totals.totalPaise,
          placeOfSupply: of.placeOfSupply,
          buyerGstin: of.buyer?.gstin ?? null,
        },
        lines: [goods('Wool jacket', '6201', 1, 50_000)],
      });
    const docs = [
      original,
      exportOriginal,
      note(original, 'DN/25-26/00001', 1),
      note(exportOriginal, 'DN/25-26/00002', 2),
    ];
    const header = { gstin: SUPPLIER_GSTIN, period: '112025' };
    const gstr1 = (await collectJson(buildGstr1(header, memorySource(docs)))) as Record<string, unknown>;
    expect(gstr1.cdnr).toEqual([
      {
        ctin: BUYER_B.gstin,
        nt: [
          {
            ntty: 'D',
            nt_num: 'DN/25-26/00001',
            nt_dt: '20-11-2025',
            val: 525,
            pos: '27',
            rchrg: 'N',
            inv_typ: 'SEWP',
            itms: [{ num: 1, itm_det: { rt: 5, txval: 500, iamt: 25, csamt: 0 } }],
          },
        ],
      },
    ]);
    expect(gstr1.cdnur).toEqual([
      {
        ntty: 'D',
        nt_num: 'DN/25-26/00002',
        nt_dt: '20-11-2025',
        val: 500,
        typ: 'EXPWOP',
        pos: '96',
        itms: [{ num: 1, itm_det: { rt: 5, txval: 500, iamt: 0, csamt: 0 } }],
      },
    ]);
    const gstr3b = await buildGstr3b(header, memorySource(docs));
    expect(gstr3b.sup_details.osup_zero).toEqual({ txval: 15000, iamt: 765, csamt: 0 });
    expect(buildEInvoice(docs[2]!)).toMatchObject({
      TranDtls: { SupTyp: 'SEZWP' },
      DocDtls: { Typ: 'DBN', No: 'DN/25-26/00001' },
      RefDtls: { PrecDocDtls: [{ InvNo: 'INV/25-26/00201', InvDt: '10/11/2025' }] },
    });
    expect(validateEInvoice(buildEInvoice(docs[2]!))).toEqual([]);
  });
});
