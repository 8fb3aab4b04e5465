/**
 * Debit notes and zero-rated supplies in the day's summary, the debit note's quote and its own
 * permission, on both engines. A Gujarat shop's day (2 June 2026, IST): a shirt (Rs 1,050), a
 * jacket (Rs 3,068), a kurta to an SEZ unit with IGST (Rs 2,520), a kurta exported under LUT
 * (Rs 2,400), a shirt sold and cancelled, the first shirt returned, and two debit notes (the
 * SEZ kurta + Rs 105, the jacket + Rs 590); a third debit note the next day is not counted.
 */
import { beforeAll, expect, it } from 'vitest';
import { gstinCheckCharacter } from '../../src/domain/gst/index.js';
import { debitNotePermission } from '../../src/db/migrations/0033_debit_note_permission.js';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import { describeEachEngine } from '../support/engines.js';
import {
  createBillingFixture,
  key,
  userActor,
  type BillingFixture,
} from '../billing/support/billing-fixture.js';

const SEZ_GSTIN = (() => {
  const first14 = '24AABCS5678K1Z';
  return `${first14}${gstinCheckCharacter(first14)}`;
})();

describeEachEngine('debit notes and zero-rated supplies in the day', (getDb, engine) => {
  let f: BillingFixture;
  let sezUnit: string;
  let overseas: string;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
    sezUnit = (
      await f.billing.customers.create(f.operator, {
        name: 'Dahej SEZ Unit Pvt Ltd (test)',
        gstin: SEZ_GSTIN,
        creditLimitPaise: 0,
        address: { line1: 'Plot 12, Dahej SEZ', city: 'Bharuch', pincode: '392130', stateCode: '24' },
      })
    ).id;
    overseas = (
      await f.billing.customers.create(f.operator, { name: 'Dubai Textiles FZE (test)', creditLimitPaise: 0 })
    ).id;
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, {
      lutNumber: 'AD240426009876',
      lutDate: '2026-04-01',
    });
  });

  const sale = (lines: { variantId: string; quantity: number }[], extra: object, paid: object[]) =>
    f.billing.checkout.checkout(
      f.operator,
      { storeId: f.tenant.storeId, lines, payments: paid as never, ...extra },
      key(),
    );

  it('sums debit notes, zero-rated invoices, the net and the money taken to the paisa', async () => {
    f.clock.set('2026-06-02T05:00:00.000Z');
    const shirt = await sale([{ variantId: f.items.shirt, quantity: 1 }], {}, [
      { method: 'cash', amountPaise: 105_000 },
    ]);
    const jacket = await sale([{ variantId: f.items.jacket, quantity: 1 }], {}, [
      { method: 'upi', amountPaise: 306_800, reference: 'UTR-DAY-0001' },
    ]);
    const sez = await sale(
      [{ variantId: f.items.kurta, quantity: 1 }],
      { customerId: sezUnit, supplyType: 'sez-with-payment' },
      [{ method: 'upi', amountPaise: 252_000, reference: 'UTR-DAY-0002' }],
    );
    const exported = await sale(
      [{ variantId: f.items.kurta, quantity: 1 }],
      { customerId: overseas, supplyType: 'export-without-payment', export: { countryCode: 'AE' } },
      [{ method: 'cash', amountPaise: 240_000 }],
    );
    expect(exported.totals.totalPaise).toBe(240_000);
    const voided = await sale([{ variantId: f.items.shirt, quantity: 1 }], {}, [
      { method: 'cash', amountPaise: 105_000 },
    ]);
    await f.billing.invoices.cancel(f.operator, voided.id, { reason: 'customer_cancelled' });
    await f.billing.creditNotes.issue(
      f.operator,
      {
        invoiceId: shirt.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 105_000 }],
      },
      key(),
    );
    const sezNote = await f.billing.debitNotes.issue(
      f.operator,
      {
        invoiceId: sez.id,
        reason: 'price-increase',
        lines: [{ lineNumber: 1, taxablePaise: 10_000 }],
        payments: [{ method: 'cash', amountPaise: 20_000 }],
      },
      key(),
    );
    // Cash over the amount comes back as change: only Rs 105 is taken.
    expect(sezNote.totals.totalPaise).toBe(10_500);
    expect(sezNote.payments[0]).toMatchObject({ amountPaise: 10_500, changePaise: 9_500 });
    const jacketNote = await f.billing.debitNotes.issue(
      f.operator,
      {
        invoiceId: jacket.id,
        reason: 'correction',
        lines: [{ lineNumber: 1, taxablePaise: 50_000 }],
        payments: [{ method: 'upi', amountPaise: 59_000, reference: 'UTR-DAY-0003' }],
      },
      key(),
    );
    expect(jacketNote.totals).toMatchObject({ taxes: { cgst: 4_500, sgst: 4_500 }, totalPaise: 59_000 });

    f.clock.set('2026-06-03T05:00:00.000Z');
    await f.billing.debitNotes.issue(
      f.operator,
      {
        invoiceId: jacket.id,
        reason: 'price-increase',
        lines: [{ lineNumber: 1, taxablePaise: 1_000 }],
        payments: [{ method: 'cash', amountPaise: 2_000 }],
      },
      key(),
    );

    const day = await f.billing.sales.daily(f.operator, { date: '2026-06-02' });
    expect(day).toEqual({
      date: '2026-06-02',
      invoices: { count: 4, totalPaise: 105_000 + 306_800 + 252_000 + 240_000 },
      cancelled: { count: 1, totalPaise: 105_000 },
      creditNotes: { count: 1, totalPaise: 105_000 },
      debitNotes: { count: 2, totalPaise: 10_500 + 59_000 },
      zeroRated: { count: 2, totalPaise: 252_000 + 240_000 },
      netPaise: 903_800 + 69_500 - 105_000,
      payments: [
        { method: 'cash', takenPaise: 105_000 + 240_000 + 10_500, refundedPaise: 105_000 },
        { method: 'upi', takenPaise: 306_800 + 252_000 + 59_000, refundedPaise: 0 },
      ],
    });
    const next = await f.billing.sales.daily(f.operator, { date: '2026-06-03' });
    expect(next).toMatchObject({
      invoices: { count: 0, totalPaise: 0 },
      // Rs 10 + 18 % is Rs 11.80, rounded off to Rs 12.
      debitNotes: { count: 1, totalPaise: 1_200 },
      zeroRated: { count: 0, totalPaise: 0 },
      netPaise: 1_200,
      payments: [{ method: 'cash', takenPaise: 1_200, refundedPaise: 0 }],
    });
  });

  it('quotes a debit note as it would be issued, writing nothing', async () => {
    f.clock.set('2026-06-10T05:00:00.000Z');
    const jacket = await sale([{ variantId: f.items.jacket, quantity: 1 }], {}, [
      { method: 'cash', amountPaise: 306_800 },
    ]);
    const before = await f.billing.sales.daily(f.operator, { date: '2026-06-10' });
    const quote = await f.billing.debitNotes.quote(f.operator, {
      invoiceId: jacket.id,
      lines: [{ lineNumber: 1, taxablePaise: 12_345 }],
    });
    // 18 % of Rs 123.45 is Rs 22.221: each head the rounded half (11.11), then the round-off.
    expect(quote.totals).toMatchObject({
      taxablePaise: 12_345,
      taxes: { cgst: 1_111, sgst: 1_111, igst: 0 },
    });
    expect(quote.totals.totalPaise).toBe(quote.totals.exactTotalPaise + quote.totals.roundOffPaise);
    expect(await f.billing.sales.daily(f.operator, { date: '2026-06-10' })).toEqual(before);
    const note = await f.billing.debitNotes.issue(
      f.operator,
      {
        invoiceId: jacket.id,
        reason: 'price-increase',
        lines: [{ lineNumber: 1, taxablePaise: 12_345 }],
        payments: [{ method: 'cash', amountPaise: quote.totals.totalPaise }],
      },
      key(),
    );
    expect(note.totals).toEqual(quote.totals);
    await expect(
      f.billing.debitNotes.quote(f.operator, {
        invoiceId: jacket.id,
        lines: [{ lineNumber: 2, taxablePaise: 100 }],
      }),
    ).rejects.toMatchObject({ field: 'lines.0.lineNumber' });
  });

  it('debit notes need debit_note.create, which the roles holding credit_note.create get', async () => {
    f.clock.set('2026-06-11T05:00:00.000Z');
    const shirt = await sale([{ variantId: f.items.shirt, quantity: 1 }], {}, [
      { method: 'cash', amountPaise: 105_000 },
    ]);
    const request = {
      invoiceId: shirt.id,
      reason: 'price-increase',
      lines: [{ lineNumber: 1, taxablePaise: 1_000 }],
      payments: [{ method: 'cash' as const, amountPaise: 2_000 }],
    };
    const accountant = await userActor(f, 'accountant', f.tenant.storeId);
    await expect(f.billing.debitNotes.issue(accountant, request, key())).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(f.billing.debitNotes.quote(accountant, request)).rejects.toMatchObject({
      code: 'forbidden',
    });
    // Holding only credit_note.create is not enough any more.
    const desk = await userActor(f, 'cashier', f.tenant.storeId);
    if (desk.auth === undefined) throw new Error('a user actor has an access context');
    const creditOnly = {
      ...desk,
      auth: {
        ...desk.auth,
        permissions: new Set(builtinRoles.cashier?.filter((p) => p !== 'debit_note.create')),
      },
    };
    expect(creditOnly.auth.permissions.has('credit_note.create')).toBe(true);
    await expect(f.billing.debitNotes.issue(creditOnly, request, key())).rejects.toMatchObject({
      code: 'forbidden',
    });
    const cashier = await userActor(f, 'cashier', f.tenant.storeId);
    // Rs 10 + 5 % is Rs 10.50, rounded off to Rs 11.
    expect((await f.billing.debitNotes.issue(cashier, request, key())).totals.totalPaise).toBe(1_100);
    for (const role of ['owner', 'admin', 'manager', 'cashier'])
      expect(builtinRoles[role]).toContain('debit_note.create');
    for (const role of ['accountant', 'auditor', 'stylist'])
      expect(builtinRoles[role]).not.toContain('debit_note.create');
  });

  it('migration 0033 grants debit_note.create to every role holding credit_note.create, and no other', async () => {
    const db = getDb().db;
    const tenantId = f.tenant.tenantId;
    const returnsDesk = `returns-desk-${crypto.randomUUID()}`;
    const readOnly = `read-only-${crypto.randomUUID()}`;
    await db
      .insertInto('role_permissions')
      .values([
        { tenant_id: tenantId, role_id: returnsDesk, permission: 'credit_note.create' },
        { tenant_id: tenantId, role_id: returnsDesk, permission: 'invoice.read' },
        { tenant_id: tenantId, role_id: readOnly, permission: 'invoice.read' },
      ])
      .execute();
    const up = debitNotePermission(engine).up;
    await up(db as never);
    await up(db as never); // again: nothing doubled
    const held = await db
      .selectFrom('role_permissions')
      .select(['role_id', 'permission'])
      .where('tenant_id', '=', tenantId)
      .where('role_id', 'in', [returnsDesk, readOnly])
      .orderBy('role_id')
      .orderBy('permission')
      .execute();
    expect(held.map((r) => [r.role_id === returnsDesk ? 'desk' : 'read', r.permission])).toEqual(
      expect.arrayContaining([
        ['desk', 'credit_note.create'],
        ['desk', 'debit_note.create'],
        ['desk', 'invoice.read'],
        ['read', 'invoice.read'],
      ]),
    );
    expect(held).toHaveLength(4);
  });
});
