/**
 * SEZ supplies, exports under LUT and debit notes through checkout, the store settings and the
 * debit-note service on both engines. A Gujarat (24) shop sells a linen kurta of Rs 2,400 before
 * tax (5 %): to an SEZ unit in Gujarat it is IGST 120 (not CGST + SGST); under LUT no tax; a debit
 * note raising the kurta's value by Rs 100 adds IGST 5 in the debit-note series.
 */
import { beforeAll, expect, it } from 'vitest';
import { ENDORSEMENT_WITH_PAYMENT, gstinCheckCharacter } from '../../src/domain/gst/index.js';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
import { createBillingFixture, key, type BillingFixture } from '../billing/support/billing-fixture.js';

const SEZ_GSTIN = (() => {
  const first14 = '24AABCS1234K1Z';
  return `${first14}${gstinCheckCharacter(first14)}`;
})();

describeEachEngine('zero-rated supplies and debit notes through checkout', (getDb, engine) => {
  let f: BillingFixture;
  let sezUnit: string;
  let overseas: string;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
    sezUnit = (
      await f.billing.customers.create(f.operator, {
        name: 'Kandla SEZ Unit Pvt Ltd (test)',
        gstin: SEZ_GSTIN,
        creditLimitPaise: 0,
        address: { line1: 'Plot 7, Kandla SEZ', city: 'Gandhidham', pincode: '370230', stateCode: '24' },
      })
    ).id;
    overseas = (
      await f.billing.customers.create(f.operator, { name: 'Gulf Garments LLC (test)', creditLimitPaise: 0 })
    ).id;
  });

  const kurta = () => [{ variantId: f.items.kurta, quantity: 1 }];

  it('an SEZ sale within the state is IGST with the endorsement printed; 3 heads to the paisa', async () => {
    const inv = await f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        customerId: sezUnit,
        supplyType: 'sez-with-payment',
        lines: kurta(),
        payments: [{ method: 'cash', amountPaise: 252_000 }],
      },
      key(),
    );
    expect(inv).toMatchObject({ supplyType: 'sez-with-payment', placeOfSupply: '24', regime: 'igst' });
    expect(inv.totals).toMatchObject({
      taxablePaise: 240_000,
      taxes: { cgst: 0, sgst: 0, igst: 12_000 },
      totalPaise: 252_000,
    });
    const pdf = await f.billing.documents.render(f.operator, inv.id, 'invoice', 'a4');
    expect((await pdftotext(pdf as Buffer)).replace(/\s+/g, ' ')).toContain(ENDORSEMENT_WITH_PAYMENT);
    const einvoice = (await f.billing.documents.eInvoice(f.operator, inv.id, 'invoice')) as {
      TranDtls: { SupTyp: string };
    };
    expect(einvoice.TranDtls.SupTyp).toBe('SEZWP');
  });

  it('without payment needs the store LUT for the year; with it the export carries no tax', async () => {
    const exportSale = {
      storeId: f.tenant.storeId,
      customerId: overseas,
      supplyType: 'export-without-payment' as const,
      export: { countryCode: 'AE', portCode: 'INMUN1' },
      lines: kurta(),
      payments: [{ method: 'upi' as const, amountPaise: 240_000, reference: 'UPI-EXP-0001' }],
    };
    const profile = await f.billing.settings.storeProfile(f.operator, f.tenant.storeId);
    if (profile.lutNumber !== null)
      await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, {
        lutNumber: null,
        lutDate: null,
      });
    await expect(f.billing.checkout.checkout(f.operator, exportSale, key())).rejects.toMatchObject({
      field: 'supplyType',
      message: expect.stringMatching(/Letter of Undertaking/) as unknown,
      details: { reason: 'lut-missing' },
    });
    await expect(
      f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { lutNumber: 'AD2404260012345' }),
    ).rejects.toMatchObject({ field: 'lutDate' });
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, {
      lutNumber: 'AD2404260012345',
      lutDate: '2026-04-02',
    });
    const inv = await f.billing.checkout.checkout(f.operator, exportSale, key());
    expect(inv).toMatchObject({
      supplyType: 'export-without-payment',
      placeOfSupply: '96',
      lut: { number: 'AD2404260012345', date: '2026-04-02' },
      exportDetails: { countryCode: 'AE', portCode: 'INMUN1' },
    });
    expect(inv.totals).toMatchObject({ taxablePaise: 240_000, taxPaise: 0, totalPaise: 240_000 });
    expect(inv.lines[0]).toMatchObject({ rate: 500, taxes: { igst: 0 } });
  });

  it('a debit note raises an invoice in its own series with the preceding invoice', async () => {
    const inv = await f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        customerId: sezUnit,
        supplyType: 'sez-with-payment',
        lines: kurta(),
        payments: [{ method: 'cash', amountPaise: 252_000 }],
      },
      key(),
    );
    const request = {
      invoiceId: inv.id,
      reason: 'price-increase',
      lines: [{ lineNumber: 1, taxablePaise: 10_000 }],
      payments: [{ method: 'cash' as const, amountPaise: 10_500 }],
    };
    const idem = key();
    const note = await f.billing.debitNotes.issue(f.operator, request, idem);
    expect(note).toMatchObject({
      type: 'debit-note',
      supplyType: 'sez-with-payment',
      original: { id: inv.id, number: inv.number },
      replayed: false,
    });
    expect(note.number).toMatch(/^DN\/26-27\/\d{5}$/);
    expect(note.totals).toMatchObject({
      taxablePaise: 10_000,
      taxes: { igst: 500, cgst: 0 },
      totalPaise: 10_500,
    });
    expect(note.lines[0]).toMatchObject({ quantity: 0, taxablePaise: 10_000 });
    // The same key answers the same note.
    expect(await f.billing.debitNotes.issue(f.operator, request, idem)).toMatchObject({
      id: note.id,
      replayed: true,
    });
    const einvoice = (await f.billing.documents.eInvoice(f.operator, note.id, 'debit-note')) as {
      DocDtls: { Typ: string };
      RefDtls: { PrecDocDtls: { InvNo: string }[] };
    };
    expect(einvoice.DocDtls.Typ).toBe('DBN');
    expect(einvoice.RefDtls.PrecDocDtls[0]?.InvNo).toBe(inv.number);
    const text = (await f.billing.documents.render(f.operator, note.id, 'debit-note', 'text')) as string;
    expect(text).toContain('DEBIT NOTE');
    expect(text).toContain(`Against invoice: ${inv.number}`);
    // Refusals name the field and write nothing.
    await expect(
      f.billing.debitNotes.issue(
        f.operator,
        { ...request, lines: [{ lineNumber: 9, taxablePaise: 100 }] },
        key(),
      ),
    ).rejects.toMatchObject({ field: 'lines.0.lineNumber' });
    await expect(
      f.billing.debitNotes.issue(f.operator, { ...request, payments: [] }, key()),
    ).rejects.toMatchObject({ field: 'payments' });
  });
});
