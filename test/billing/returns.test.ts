/**
 * Returns data fed from the database, on both engines: a month of documents issued through
 * checkout (B2B buyers under two GSTINs on interleaved days, B2C, a large inter-state B2C sale,
 * credit notes to registered and unregistered buyers, a cancelled invoice, and a sale in the
 * next month) streams through keyset pages (of 2, to cross many page boundaries) into GSTR-1
 * exactly as the engine's reference in-memory feed does, with hand-checked sections, and into
 * the sales register.
 */
import { beforeAll, expect, it } from 'vitest';
import type { IssuedDocument } from '../../src/domain/gst/index.js';
import { parseReturnPeriod } from '../../src/domain/numbering/index.js';
import type { CheckoutInput } from '../../src/modules/billing/checkout.schemas.js';
import { documentsByDate, gstr1Source } from '../../src/modules/billing/returns-source.js';
import { buildGstr1 } from '../../src/modules/returns/gstr1.builder.js';
import { buildSalesRegisterCsv } from '../../src/modules/returns/sales-register.builder.js';
import { collectJson, memorySource } from '../gst/memory-source.js';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, key, type BillingFixture } from './support/billing-fixture.js';

const GSTIN = '24AAQCA8719H1ZC';
const BUYER_MH = '27AAQCA8719H1Z6';
const BUYER_KA = '29AAACB1234C1ZB';

interface Gstr1 {
  b2b: Array<{ ctin: string; inv: Array<{ inum: string; idt: string; val: number; pos: string }> }>;
  b2cl: Array<{ pos: string; inv: Array<{ inum: string; val: number }> }>;
  b2cs: Array<{ sply_ty: string; pos: string; rt: number; txval: number }>;
  cdnr: Array<{ ctin: string; nt: Array<{ nt_num: string }> }>;
  cdnur: Array<{ nt_num: string; typ: string }>;
  doc_issue: {
    doc_det: Array<{
      doc_num: number;
      docs: Array<{ from: string; to: string; totnum: number; cancel: number; net_issue: number }>;
    }>;
  };
}

describeEachEngine('returns data from the database', (getDb, engine) => {
  let f: BillingFixture;
  const ids: string[] = [];

  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine, { stock: 500 });
    const buyer = async (name: string, gstin: string | null, stateCode: string, city: string) =>
      (
        await f.billing.customers.create(f.operator, {
          name,
          ...(gstin === null ? {} : { gstin }),
          address: {
            line1: '1 Test Street',
            city,
            pincode: stateCode === '27' ? '400001' : '560001',
            stateCode,
          },
          creditLimitPaise: 0,
        })
      ).id;
    const mh = await buyer('Mumbai Traders (test)', BUYER_MH, '27', 'Mumbai');
    const ka = await buyer('Bengaluru Stores (test)', BUYER_KA, '29', 'Bengaluru');
    const walkInFar = await buyer('Far Buyer (test)', null, '27', 'Pune');
    const on = (day: string) => f.clock.set(`2026-${day}T06:30:00.000Z`);
    const sell = async (extra: Partial<CheckoutInput>, lines: CheckoutInput['lines'], amount: number) => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        { storeId: f.tenant.storeId, lines, payments: [{ method: 'cash', amountPaise: amount }], ...extra },
        key(),
      );
      ids.push(inv.id);
      return inv;
    };
    on('05-03');
    await sell({ customerId: ka }, [{ variantId: f.items.kurta, quantity: 2 }], 504_000);
    await sell({}, [{ variantId: f.items.shirt, quantity: 1 }], 105_000);
    on('05-05');
    const mhInvoice = await sell({ customerId: mh }, [{ variantId: f.items.jacket, quantity: 1 }], 306_800);
    const far = await sell(
      { customerId: walkInFar, delivery: { stateCode: '27' } },
      [{ variantId: f.items.jacket, quantity: 40 }],
      40 * 306_800,
    );
    await sell({}, [{ variantId: f.items.seeds, quantity: 5 }], 30_000);
    on('05-07');
    await sell({ customerId: ka }, [{ variantId: f.items.shirt, quantity: 2 }], 210_000);
    const cancelled = await sell({}, [{ variantId: f.items.shirt, quantity: 1 }], 105_000);
    await f.billing.invoices.cancel(f.operator, cancelled.id, { reason: 'duplicate' });
    for (const [invoice, refund] of [
      [mhInvoice, 306_800],
      [far, 306_800],
    ] as const) {
      const note = await f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: invoice.id,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity: 1 }],
          refunds: [{ method: 'cash', amountPaise: refund }],
        },
        key(),
      );
      ids.push(note.id);
    }
    on('06-01');
    await sell({}, [{ variantId: f.items.shirt, quantity: 1 }], 105_000);
    f.clock.set('2026-05-15T06:30:00.000Z');
  }, 120_000);

  it('GSTR-1 streamed from the database equals the reference feed, section by section', async () => {
    const period = parseReturnPeriod('052026');
    const fromDb = (await collectJson(
      buildGstr1(
        { gstin: GSTIN, period: '052026' },
        gstr1Source(getDb().db, f.keys.cipher, f.tenant.tenantId, GSTIN, period, 2),
      ),
    )) as Gstr1;
    const docs: IssuedDocument[] = [];
    for (const id of ids.slice(0, -1)) docs.push(await f.billing.reader.issued(f.operator, id));
    const reference = await collectJson(buildGstr1({ gstin: GSTIN, period: '052026' }, memorySource(docs)));
    expect(fromDb).toEqual(reference);

    expect(fromDb.b2b.map((b) => [b.ctin, b.inv.map((i) => i.idt)])).toEqual([
      [BUYER_MH, ['05-05-2026']],
      [BUYER_KA, ['03-05-2026', '07-05-2026']],
    ]);
    expect(fromDb.b2cl).toEqual([
      expect.objectContaining({ pos: '27', inv: [expect.objectContaining({ val: 122_720 })] }),
    ]);
    expect(fromDb.cdnr.map((c) => c.ctin)).toEqual([BUYER_MH]);
    expect(fromDb.cdnur).toHaveLength(1);
    expect(fromDb.cdnur[0]?.typ).toBe('B2CL');
    const intra = fromDb.b2cs.filter((r) => r.sply_ty === 'INTRA');
    expect(intra).toEqual([expect.objectContaining({ pos: '24', rt: 5, txval: 1000 })]);
    const invoices = fromDb.doc_issue.doc_det.find((d) => d.doc_num === 1)?.docs[0];
    expect(invoices).toMatchObject({
      from: 'INV/26-27/00001',
      to: 'INV/26-27/00007',
      totnum: 7,
      cancel: 1,
      net_issue: 6,
    });
    const notes = fromDb.doc_issue.doc_det.find((d) => d.doc_num === 5)?.docs[0];
    expect(notes).toMatchObject({ from: 'CN/26-27/00001', to: 'CN/26-27/00002', totnum: 2, cancel: 0 });
  });

  it('the sales register lists the period in date and number order, and only that period', async () => {
    let csv = '';
    for await (const chunk of buildSalesRegisterCsv(
      documentsByDate(
        getDb().db,
        f.keys.cipher,
        { tenantId: f.tenant.tenantId, from: '2026-05-01', to: '2026-05-31' },
        2,
      ),
    ))
      csv += chunk;
    const rows = csv.trim().split('\n').slice(1);
    const numbers = rows.map((r) => r.split(',')[3]);
    expect(new Set(numbers).size).toBe(9);
    expect(numbers).not.toContain('INV/26-27/00008');
    expect(rows.filter((r) => r.includes('cancelled'))).toHaveLength(1);
  });
});
