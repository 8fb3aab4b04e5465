/**
 * Verifiable bills through checkout on both engines: the signature travels in a QR code (no
 * base64 text on the bill) that opens the installation's verification page; the check answers
 * valid, then cancelled after cancellation, and "does not match" for an altered code or another
 * document, revealing no personal data. GSTR-3B of the month reconciles with GSTR-1.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { qrCodesInPdf } from '../support/pdf-qr.js';
import { pdftotext } from '../support/pdf-text.js';
import { createBillingFixture, key, type BillingFixture } from '../billing/support/billing-fixture.js';
import { collectJson } from './memory-source.js';
import { gstr3bFigures, gstr3bFromGstr1 } from './gstr1-totals.js';

const PUBLIC_URL = 'https://shop.example.test:8443';

describeEachEngine('verifiable bills', (getDb, engine) => {
  let f: BillingFixture;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine, { publicUrl: PUBLIC_URL });
  });

  const sell = async (extra: Record<string, unknown> = {}) =>
    f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: f.items.jacket, quantity: 1 }],
        payments: [{ method: 'cash', amountPaise: 306_800 }],
        ...extra,
      },
      key(),
    );
  const qrOf = async (invoiceId: string, format: 'a4' | 'thermal') => {
    const pdf = (await f.billing.documents.render(f.operator, invoiceId, 'invoice', format)) as Buffer;
    const codes = await qrCodesInPdf(pdf);
    expect(codes).toHaveLength(1);
    return { url: new URL(codes[0]!), text: await pdftotext(pdf) };
  };
  const check = (url: URL) =>
    f.billing.documents.verify({
      tenantId: url.searchParams.get('t') ?? '',
      documentId: url.searchParams.get('d') ?? '',
      signature: url.searchParams.get('s') ?? '',
    });

  it('the A4 and thermal bills carry the same verification QR and no signature text', async () => {
    const inv = await sell();
    const a4 = await qrOf(inv.id, 'a4');
    const thermal = await qrOf(inv.id, 'thermal');
    expect(a4.url.toString()).toBe(thermal.url.toString());
    expect(a4.url.origin).toBe(PUBLIC_URL);
    expect(a4.url.pathname).toBe('/verify');
    expect([...a4.url.searchParams.keys()].sort()).toEqual(['d', 's', 't']);
    expect(a4.url.searchParams.get('d')).toBe(inv.id);
    const signature = a4.url.searchParams.get('s') ?? '';
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    for (const text of [a4.text, thermal.text]) {
      expect(text).toMatch(/scan the QR code to\s+verify\s+this\s+bill/);
      expect(text).not.toContain(signature.slice(0, 20));
      expect(text).not.toContain(Buffer.from(signature, 'base64url').toString('base64').slice(0, 20));
    }
  });

  it('valid, then cancelled after cancellation; the facts shown name no person', async () => {
    const customer = await f.billing.customers.create(f.operator, {
      name: 'Verify Buyer (test)',
      phone: '9876500011',
      creditLimitPaise: 0,
    });
    const inv = await sell({ customerId: customer.id });
    const { url } = await qrOf(inv.id, 'a4');
    const valid = await check(url);
    expect(valid).toEqual({
      result: 'valid',
      document: {
        type: 'invoice',
        kind: 'tax-invoice',
        number: inv.number,
        date: inv.date,
        supplierName: 'Sharma Garments Private Limited',
        supplierGstin: '24AAQCA8719H1ZC',
        totalPaise: 306_800,
      },
    });
    expect(JSON.stringify(valid)).not.toMatch(/Verify Buyer|9876500011/);
    await f.billing.invoices.cancel(f.operator, inv.id, { reason: 'duplicate' });
    expect((await check(url)).result).toBe('cancelled');
    // A copy reprinted after the cancellation is signed as cancelled and still verifies as such.
    const reprint = await qrOf(inv.id, 'a4');
    expect(reprint.url.searchParams.get('s')).not.toBe(url.searchParams.get('s'));
    expect((await check(reprint.url)).result).toBe('cancelled');
  });

  it("an altered code or another bill's signature does not match, and reveals nothing", async () => {
    const [one, two] = [await sell(), await sell()];
    const first = (await qrOf(one.id, 'a4')).url;
    const second = (await qrOf(two.id, 'a4')).url;
    const s = first.searchParams.get('s') ?? '';
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    const altered = new URL(first);
    altered.searchParams.set('s', flipped);
    expect(await check(altered)).toEqual({ result: 'mismatch' });
    const swapped = new URL(first);
    swapped.searchParams.set('s', second.searchParams.get('s') ?? '');
    expect(await check(swapped)).toEqual({ result: 'mismatch' });
    const unknown = new URL(first);
    unknown.searchParams.set('d', '00000000-0000-4000-8000-000000000000');
    expect(await check(unknown)).toEqual({ result: 'mismatch' });
    const otherTenant = new URL(first);
    otherTenant.searchParams.set('t', '00000000-0000-4000-8000-000000000000');
    expect(await check(otherTenant)).toEqual({ result: 'mismatch' });
  });
});

describeEachEngine('GSTR-3B through checkout', (getDb, engine) => {
  let f: BillingFixture;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  it('3.1 and 3.2 of the month equal the GSTR-1 totals of the same month, to the paisa', async () => {
    const sale = (lines: { variantId: string; quantity: number }[], amount: number, extra = {}) =>
      f.billing.checkout.checkout(
        f.operator,
        { storeId: f.tenant.storeId, lines, payments: [{ method: 'cash', amountPaise: amount }], ...extra },
        key(),
      );
    // Intra-state: shirt 5% inclusive (1,000.00 + 25.00 + 25.00) and jacket 18% (2,600.00 + 234.00 x 2).
    const intra = await sale(
      [
        { variantId: f.items.shirt, quantity: 1 },
        { variantId: f.items.jacket, quantity: 1 },
      ],
      411_800,
    );
    // Inter-state to an unregistered buyer in Maharashtra: kurta 2,400.00 + IGST 120.00.
    await sale([{ variantId: f.items.kurta, quantity: 1 }], 252_000, { delivery: { stateCode: '27' } });
    // Nil-rated seeds: a bill of supply.
    await sale([{ variantId: f.items.seeds, quantity: 2 }], 12_000);
    // The shirt comes back: credit note of 1,000.00 + 25.00 + 25.00.
    await f.billing.creditNotes.issue(
      f.operator,
      {
        invoiceId: intra.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 105_000 }],
      },
      key(),
    );
    const gstr3b = await f.billing.reports.gstr3b(f.operator, '052026');
    const { chunks } = await f.billing.reports.gstr1(f.operator, '052026');
    const gstr1 = (await collectJson(chunks)) as Record<string, unknown>;
    expect(gstr3bFigures(gstr3b)).toEqual(gstr3bFromGstr1(gstr1));
    expect(gstr3b.sup_details.osup_det).toEqual({ txval: 5000, iamt: 120, camt: 234, samt: 234, csamt: 0 });
    expect(gstr3b.inter_sup.unreg_details).toEqual([{ pos: '27', txval: 2400, iamt: 120 }]);
    expect(gstr3b.sup_details.osup_nil_exmp).toEqual({ txval: 120 });
  });
});
