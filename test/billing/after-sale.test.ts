/**
 * After the sale, on both engines: credit notes (own series, referencing the invoice, restocking,
 * refunds that must add up, never more than was sold, value corrections), exchanges netting a
 * credit note against a new invoice in one transaction, and cancellation as a recorded action.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutInput, DocumentView } from '../../src/modules/billing/checkout.schemas.js';
import { cancelDeadline } from '../../src/modules/billing/invoice.service.js';
import { creditNoteDeadline } from '../../src/modules/billing/credit-note.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, key, userActor, type BillingFixture } from './support/billing-fixture.js';
import { auditEntries } from './support/table-audit.js';

describeEachEngine('after the sale', (getDb, engine) => {
  let f: BillingFixture;
  const level = async (variantId: string) =>
    (await f.billing.stock.levels(f.operator, { storeId: f.tenant.storeId, variantIds: [variantId] }))[0]
      ?.quantity ?? 0;
  const sell = (lines: CheckoutInput['lines'], payments: CheckoutInput['payments'], customerId?: string) =>
    f.billing.checkout.checkout(
      f.operator,
      { storeId: f.tenant.storeId, lines, payments, ...(customerId === undefined ? {} : { customerId }) },
      key(),
    );

  // A shop of its own for each test, so tests pass alone and in any order.
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  describe('credit notes', () => {
    let invoice: DocumentView;
    /** The first return on the invoice: one shirt, refunded in cash. */
    const returnOneShirt = () =>
      f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: invoice.id,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity: 1 }],
          refunds: [{ method: 'cash', amountPaise: 105_000 }],
        },
        key(),
      );
    beforeEach(async () => {
      invoice = await sell(
        [
          { variantId: f.items.shirt, quantity: 3 },
          { variantId: f.items.kurta, quantity: 1 },
        ],
        [{ method: 'cash', amountPaise: 567_000 }],
      );
    });

    it('a return is a credit note in its own series, referencing the invoice, and restocks', async () => {
      const before = await level(f.items.shirt);
      const note = await returnOneShirt();
      expect(note.type).toBe('credit-note');
      expect(note.number).toBe('CN/26-27/00001');
      expect(note.original).toEqual({ id: invoice.id, number: invoice.number, date: invoice.date });
      expect(note.totals).toMatchObject({
        taxablePaise: 100_000,
        taxes: { cgst: 2_500, sgst: 2_500 },
        totalPaise: 105_000,
      });
      expect(await level(f.items.shirt)).toBe(before + 1);
      const audit = await auditEntries(getDb().db, f.tenant.tenantId, 'credit_note.issue');
      expect(audit.some((e) => e.object_id === note.id)).toBe(true);
    });

    it('refunds must add up to the note, and no line can be returned beyond what was sold', async () => {
      await returnOneShirt();
      await expect(
        f.billing.creditNotes.issue(
          f.operator,
          {
            invoiceId: invoice.id,
            reason: 'return',
            lines: [{ lineNumber: 1, quantity: 1 }],
            refunds: [{ method: 'cash', amountPaise: 100 }],
          },
          key(),
        ),
      ).rejects.toMatchObject({ field: 'refunds' });
      await expect(
        f.billing.creditNotes.issue(
          f.operator,
          { invoiceId: invoice.id, reason: 'return', lines: [{ lineNumber: 1, quantity: 3 }], refunds: [] },
          key(),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'lines.0.quantity' });
    });

    it('notes returning everything that is left add up to the invoice to the paisa', async () => {
      await returnOneShirt();
      const rest = await f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: invoice.id,
          reason: 'return',
          lines: [
            { lineNumber: 1, quantity: 2 },
            { lineNumber: 2, quantity: 1 },
          ],
          refunds: [{ method: 'upi', amountPaise: 462_000, reference: 'UPI-REFUND-1' }],
        },
        key(),
      );
      expect(rest.totals.totalPaise + 105_000).toBe(invoice.totals.totalPaise);
      const notes = await f.billing.invoices.list(f.operator, { docType: 'credit-note', limit: 10 });
      expect(notes.map((n) => n.number)).toContain('CN/26-27/00002');
      await expect(
        f.billing.creditNotes.issue(
          f.operator,
          { invoiceId: invoice.id, reason: 'return', lines: [{ lineNumber: 2, quantity: 1 }], refunds: [] },
          key(),
        ),
      ).rejects.toMatchObject({ field: 'lines.0.quantity' });
    });

    it('a value correction credits an amount at the line rate without restocking; store credit goes to the account', async () => {
      const customer = await f.billing.customers.create(f.operator, {
        name: 'Meera Shah (test)',
        phone: '+91 98250 00002',
        creditLimitPaise: 0,
      });
      const sale = await sell(
        [{ variantId: f.items.kurta, quantity: 1 }],
        [{ method: 'cash', amountPaise: 252_000 }],
        customer.id,
      );
      const before = await level(f.items.kurta);
      const note = await f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: sale.id,
          reason: 'correction',
          lines: [{ lineNumber: 1, amountPaise: 21_000 }],
          refunds: [{ method: 'credit', amountPaise: 21_000 }],
        },
        key(),
      );
      expect(note.totals).toMatchObject({
        taxablePaise: 20_000,
        taxes: { cgst: 500, sgst: 500 },
        totalPaise: 21_000,
      });
      expect(await level(f.items.kurta)).toBe(before);
      expect((await f.billing.customers.get(f.operator, customer.id)).balancePaise).toBe(-21_000);
    });

    it('a note may be issued until 30 November after the financial year', () => {
      expect(creditNoteDeadline('2026-05-15')).toBe('2027-11-30');
      expect(creditNoteDeadline('2027-03-31')).toBe('2027-11-30');
      expect(creditNoteDeadline('2027-04-01')).toBe('2028-11-30');
    });
  });

  describe('exchanges', () => {
    it('nets the returned goods against the new goods in one transaction; the buyer pays the rest', async () => {
      const sale = await sell(
        [{ variantId: f.items.shirt, quantity: 1 }],
        [{ method: 'cash', amountPaise: 105_000 }],
      );
      const shirts = await level(f.items.shirt);
      const jackets = await level(f.items.jacket);
      const result = await f.billing.exchanges.exchange(
        f.operator,
        {
          invoiceId: sale.id,
          returnLines: [{ lineNumber: 1, quantity: 1 }],
          lines: [{ variantId: f.items.jacket, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 300_000 }],
          refunds: [],
        },
        key(),
      );
      expect(result.creditNote.totals.totalPaise).toBe(105_000);
      expect(result.invoice.totals.totalPaise).toBe(306_800);
      expect(result.invoice.payments).toEqual([
        { method: 'store-credit', amountPaise: 105_000, changePaise: 0, cardLast4: null, reference: null },
        { method: 'cash', amountPaise: 201_800, changePaise: 98_200, cardLast4: null, reference: null },
      ]);
      expect(result.creditNote.exchangeId).toBe(result.exchangeId);
      expect(result.invoice.exchangeId).toBe(result.exchangeId);
      expect(await level(f.items.shirt)).toBe(shirts + 1);
      expect(await level(f.items.jacket)).toBe(jackets - 1);
    });

    it('refunds the difference when the new goods cost less; a failed exchange writes nothing', async () => {
      const sale = await sell(
        [{ variantId: f.items.jacket, quantity: 1 }],
        [{ method: 'cash', amountPaise: 306_800 }],
      );
      const result = await f.billing.exchanges.exchange(
        f.operator,
        {
          invoiceId: sale.id,
          returnLines: [{ lineNumber: 1, quantity: 1 }],
          lines: [{ variantId: f.items.shirt, quantity: 1 }],
          payments: [],
          refunds: [{ method: 'cash', amountPaise: 201_800 }],
        },
        key(),
      );
      expect(result.creditNote.payments.map((p) => [p.method, p.amountPaise])).toEqual([
        ['store-credit', 105_000],
        ['cash', 201_800],
      ]);
      const notes = (await f.billing.invoices.list(f.operator, { docType: 'credit-note', limit: 200 }))
        .length;
      await expect(
        f.billing.exchanges.exchange(
          f.operator,
          {
            invoiceId: sale.id,
            returnLines: [{ lineNumber: 1, quantity: 1 }],
            lines: [{ variantId: f.items.shirt, quantity: 1 }],
            payments: [],
            refunds: [],
          },
          key(),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      expect((await f.billing.invoices.list(f.operator, { docType: 'credit-note', limit: 200 })).length).toBe(
        notes,
      );
    });
  });

  describe('cancellation', () => {
    it('needs invoice.void in the store and a reason; restocks, reverses credit and is recorded', async () => {
      const customer = await f.billing.customers.create(f.operator, {
        name: 'Kiran Desai (test)',
        phone: '+91 98250 00003',
        creditLimitPaise: 500_000,
      });
      const sale = await sell(
        [{ variantId: f.items.kurta, quantity: 1 }],
        [{ method: 'credit', amountPaise: 252_000 }],
        customer.id,
      );
      const before = await level(f.items.kurta);
      const cashier = await userActor(f, 'cashier', f.tenant.storeId);
      await expect(
        f.billing.invoices.cancel(cashier, sale.id, { reason: 'duplicate' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.billing.invoices.cancel(f.operator, sale.id, { reason: 'other' })).rejects.toMatchObject(
        { field: 'note' },
      );
      const manager = await userActor(f, 'manager', f.tenant.storeId);
      const cancelled = await f.billing.invoices.cancel(manager, sale.id, { reason: 'customer_cancelled' });
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.number).toBe(sale.number);
      expect(await level(f.items.kurta)).toBe(before + 1);
      expect((await f.billing.customers.get(f.operator, customer.id)).balancePaise).toBe(0);
      await expect(
        f.billing.invoices.cancel(manager, sale.id, { reason: 'duplicate' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await expect(
        f.billing.creditNotes.issue(
          f.operator,
          { invoiceId: sale.id, reason: 'return', lines: [{ lineNumber: 1, quantity: 1 }], refunds: [] },
          key(),
        ),
      ).rejects.toMatchObject({ code: 'conflict' });
      const entries = await auditEntries(getDb().db, f.tenant.tenantId, 'invoice.void');
      expect(entries.map((e) => JSON.parse(e.details) as { reason: string })).toContainEqual(
        expect.objectContaining({ reason: 'customer_cancelled' }),
      );
    });

    it('refuses an invoice with credit notes, and one whose month is already reported', async () => {
      const sale = await sell(
        [{ variantId: f.items.shirt, quantity: 2 }],
        [{ method: 'cash', amountPaise: 210_000 }],
      );
      await f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: sale.id,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity: 1 }],
          refunds: [{ method: 'cash', amountPaise: 105_000 }],
        },
        key(),
      );
      await expect(
        f.billing.invoices.cancel(f.operator, sale.id, { reason: 'duplicate' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      const later = await sell(
        [{ variantId: f.items.shirt, quantity: 1 }],
        [{ method: 'cash', amountPaise: 105_000 }],
      );
      expect(cancelDeadline('2026-05-15')).toBe('2026-06-11');
      expect(cancelDeadline('2026-12-03')).toBe('2027-01-11');
      f.clock.set('2026-06-12T06:30:00.000Z');
      await expect(
        f.billing.invoices.cancel(f.operator, later.id, { reason: 'duplicate' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      f.clock.set('2026-05-15T06:30:00.000Z');
    });
  });
});
