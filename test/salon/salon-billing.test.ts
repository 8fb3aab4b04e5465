/**
 * Salon billing on both engines: the worked examples to the paisa (a package taxed once
 * and redeemed without tax, then expired; a wallet spent on a 5 % service and an 18 % product; a
 * membership's discount on services only; commissions of a shared service by shares), staff on
 * invoice lines, and payouts that freeze a period.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { firstBrokenEntry } from '../../src/domain/salon/prepaid.js';
import { describeEachEngine } from '../support/engines.js';
import { key } from '../billing/support/billing-fixture.js';
import {
  createSalonFixture,
  newClient,
  packagePlan,
  sellPackage,
  type SalonFixture,
} from './support/salon-fixture.js';

describeEachEngine('salon billing', (getDb, engine) => {
  let f: SalonFixture;
  beforeAll(async () => {
    f = await createSalonFixture(getDb().db, engine);
  });
  type BillInput = Parameters<SalonFixture['salon']['checkout']['checkout']>[1];
  /** A bill paid in cash (change given) unless the payments are named. */
  const bill = (input: Omit<BillInput, 'storeId' | 'payments'> & { payments?: BillInput['payments'] }) =>
    f.salon.checkout.checkout(
      f.cashier,
      { storeId: f.tenant.storeId, payments: [{ method: 'cash', amountPaise: 2_000_000 }], ...input },
      key(),
    );

  it('a package of 6 haircuts is taxed once when sold, 2 sessions are redeemed without tax, 4 expire', async () => {
    const client = await newClient(f);
    const plan = await f.salon.prepaid.createPackagePlan(f.operator, {
      name: '6 haircuts',
      serviceId: f.haircut,
      sessions: 6,
      pricePaise: 168_000,
      validityDays: 90,
      transferable: false,
      refundable: true,
    });
    const sold = await bill({
      customerId: client,
      lines: [{ packagePlanId: plan.id, staffIds: [f.asha.userId ?? ''] }],
      payments: [{ method: 'cash', amountPaise: 168_000 }],
    });
    expect(sold.document.totals).toMatchObject({
      taxablePaise: 160_000,
      taxes: { cgst: 4_000, sgst: 4_000, igst: 0 },
      totalPaise: 168_000,
    });
    expect(sold.document.lines[0]?.hsnSac).toBe('999721');
    const pkg = sold.salon.packages[0];
    expect(pkg).toMatchObject({ sessionsLeft: 6, expiresOn: '2026-08-13' });
    for (const left of [5, 4]) {
      const visit = await bill({
        customerId: client,
        lines: [
          { variantId: f.haircut, quantity: 1, staffIds: [f.asha.userId ?? ''], packageId: pkg?.packageId },
        ],
        payments: [],
      });
      expect(visit.document.totals).toMatchObject({ taxablePaise: 0, taxPaise: 0, totalPaise: 0 });
      expect(visit.document.lines[0]?.description).toMatch(/package session/);
      expect(visit.salon.packages.find((p) => p.packageId === pkg?.packageId)?.sessionsLeft).toBe(left);
    }
    const before = await f.salon.prepaid.liability(f.manager);
    expect(before.packages.find((p) => p.packageId === pkg?.packageId)).toMatchObject({
      sessionsLeft: 4,
      valuePaise: 112_000,
    });
    f.clock.set('2026-08-14T06:30:00.000Z');
    try {
      expect((await f.salon.prepaid.expire(f.tenant.tenantId)).packages).toBeGreaterThanOrEqual(1);
      const expired = await f.salon.prepaid.package(f.operator, pkg?.packageId ?? '');
      expect(expired).toMatchObject({
        status: 'expired',
        sessionsUsed: 2,
        sessionsExpired: 4,
        sessionsLeft: 0,
      });
      const events = await f.db
        .selectFrom('package_events')
        .select(['kind', 'sessions', 'amount_paise'])
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('package_id', '=', pkg?.packageId ?? '')
        .orderBy('created_at')
        .orderBy('kind', 'desc')
        .execute();
      expect(events.map((e) => [e.kind, e.sessions, Number(e.amount_paise)])).toEqual([
        ['sold', 6, 168_000],
        ['redeemed', 1, 28_000],
        ['redeemed', 1, 28_000],
        ['expired', 4, 112_000],
      ]);
      expect(
        (await f.salon.prepaid.liability(f.manager)).packages.some((p) => p.packageId === pkg?.packageId),
      ).toBe(false);
      // An expired package redeems nothing.
      await expect(
        bill({
          customerId: client,
          lines: [{ variantId: f.haircut, quantity: 1, packageId: pkg?.packageId }],
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'lines.0.packageId' });
    } finally {
      f.clock.set('2026-05-15T06:30:00.000Z');
    }
  });

  it('a refund of unused sessions is a credit note against the sale, reversing the advance and its tax to the paisa', async () => {
    const plan = await packagePlan(f, { name: '6 haircuts refundable' });
    const { sold, packageId } = await sellPackage(f, plan);
    // Three refunds of two sessions: Rs 560 each, tax included at 5 %.
    const notes: Awaited<ReturnType<typeof f.billing.reader.view>>[] = [];
    for (const [i, left] of [4, 2, 0].entries()) {
      const refund = await f.salon.prepaid.refundSessions(f.manager, packageId, {
        sessions: 2,
        method: i === 1 ? 'upi' : 'cash',
        ...(i === 1 ? { reference: 'UPI-REF-0042' } : {}),
      });
      expect(refund.sessionsLeft).toBe(left);
      expect(refund.creditNote.totalPaise).toBe(56_000);
      notes.push(await f.billing.reader.view(f.manager, refund.creditNote.id, 'credit-note'));
    }
    const [first, second, last] = notes;
    for (const note of notes) {
      expect(note.original).toMatchObject({ id: sold.document.id, number: sold.document.number });
      expect(note.lines).toHaveLength(1);
      expect(note.lines[0]?.hsnSac).toBe('999721');
      expect(note.totals.totalPaise).toBe(56_000);
    }
    // Rs 560 at 5 % inclusive: each head rounds to Rs 13.33 (CGST and SGST), Rs 533.34 taxable.
    expect(first?.totals).toMatchObject({
      taxablePaise: 53_334,
      taxPaise: 2_666,
      taxes: { cgst: 1_333, sgst: 1_333 },
    });
    expect(second?.totals).toMatchObject({ taxablePaise: 53_334, taxPaise: 2_666 });
    expect(second?.payments[0]).toMatchObject({ method: 'upi', amountPaise: 56_000 });
    // The last takes exactly what is left of the sale: the three add up to the sale's line.
    expect(last?.totals).toMatchObject({
      taxablePaise: 53_332,
      taxPaise: 2_668,
      taxes: { cgst: 1_334, sgst: 1_334 },
    });
    const sum = (k: 'cgst' | 'sgst') => notes.reduce((a, n) => a + n.totals.taxes[k], 0);
    expect(notes.reduce((a, n) => a + n.totals.taxablePaise, 0)).toBe(sold.document.totals.taxablePaise);
    expect(sum('cgst')).toBe(sold.document.totals.taxes.cgst);
    expect(sum('sgst')).toBe(sold.document.totals.taxes.sgst);
    const pkg = await f.salon.prepaid.package(f.operator, packageId);
    expect(pkg).toMatchObject({ status: 'refunded', sessionsRefunded: 6, sessionsLeft: 0 });
    // Nothing left: a further refund is refused and writes no note.
    const before = await f.db
      .selectFrom('sales_documents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('doc_type', '=', 'credit-note')
      .executeTakeFirstOrThrow();
    await expect(
      f.salon.prepaid.refundSessions(f.manager, packageId, { sessions: 1, method: 'cash' }),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'sessions' });
    const after = await f.db
      .selectFrom('sales_documents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('doc_type', '=', 'credit-note')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const events = await f.db
      .selectFrom('package_events')
      .select(['kind', 'amount_paise', 'invoice_id'])
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('package_id', '=', packageId)
      .where('kind', '=', 'refunded')
      .execute();
    expect(events.map((e) => Number(e.amount_paise))).toEqual([56_000, 56_000, 56_000]);
    expect(new Set(events.map((e) => e.invoice_id))).toEqual(new Set(notes.map((n) => n.id)));
  });

  it('a refund of more sessions than are left, or of a package that cannot be refunded, is refused with nothing written', async () => {
    const plan = await packagePlan(f, {
      name: '3 spas final sale',
      serviceId: f.spa,
      sessions: 3,
      pricePaise: 1_500_000,
      refundable: false,
    });
    const { client, packageId } = await sellPackage(f, plan);
    await expect(
      f.salon.prepaid.refundSessions(f.manager, packageId, { sessions: 1, method: 'cash' }),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'packageId' });
    const refundable = await f.salon.prepaid.createPackagePlan(f.operator, {
      name: '2 haircuts',
      serviceId: f.haircut,
      sessions: 2,
      pricePaise: 60_000,
      validityDays: 90,
      transferable: false,
      refundable: true,
    });
    const other = await bill({
      customerId: client,
      lines: [{ packagePlanId: refundable.id }],
      payments: [{ method: 'cash', amountPaise: 60_000 }],
    });
    const otherId = other.salon.packages.find((p) => p.name === '2 haircuts')?.packageId ?? '';
    await expect(
      f.salon.prepaid.refundSessions(f.manager, otherId, { sessions: 3, method: 'cash' }),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'sessions' });
    expect(await f.salon.prepaid.package(f.operator, otherId)).toMatchObject({
      sessionsRefunded: 0,
      sessionsLeft: 2,
    });
  });

  it('a wallet of Rs 12,000 for Rs 10,000 carries no GST when loaded; a 5 % service and an 18 % product are taxed at redemption', async () => {
    const client = await newClient(f);
    const wallet = await f.salon.prepaid.loadWallet(f.cashier, {
      customerId: client,
      paidPaise: 1_000_000,
      valuePaise: 1_200_000,
      method: 'upi',
      validityDays: 365,
    });
    expect(wallet.balancePaise).toBe(1_200_000);
    expect(wallet.ledger).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: 'load',
        paidPaise: 1_000_000,
        valuePaise: 1_200_000,
        balanceAfterPaise: 1_200_000,
        invoiceId: null,
      }),
    ]);
    const loadInvoices = await f.db
      .selectFrom('sales_documents')
      .select('id')
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('customer_id', '=', client)
      .execute();
    expect(loadInvoices).toEqual([]);
    const spent = await bill({
      customerId: client,
      lines: [
        { variantId: f.spa, quantity: 1, staffIds: [f.ravi.userId ?? ''] },
        { variantId: f.shampoo, quantity: 1 },
      ],
      walletId: wallet.id,
      walletPaise: 1_115_000,
      payments: [],
    });
    expect(
      spent.document.lines.map((l) => [l.rate, l.taxablePaise, l.taxes.cgst, l.taxes.sgst, l.totalPaise]),
    ).toEqual([
      [500, 500_000, 12_500, 12_500, 525_000],
      [1800, 500_000, 45_000, 45_000, 590_000],
    ]);
    expect(spent.document.totals).toMatchObject({
      taxablePaise: 1_000_000,
      taxPaise: 115_000,
      totalPaise: 1_115_000,
    });
    expect(spent.document.payments).toEqual([
      { method: 'wallet', amountPaise: 1_115_000, changePaise: 0, cardLast4: null, reference: null },
    ]);
    expect(spent.salon.walletBalancePaise).toBe(85_000);
    const after = await f.salon.prepaid.wallet(f.operator, wallet.id);
    expect(after.ledger.map((e) => [e.kind, e.valuePaise, e.balanceAfterPaise])).toEqual([
      ['load', 1_200_000, 1_200_000],
      ['redeem', -1_115_000, 85_000],
    ]);
    expect(
      firstBrokenEntry(
        after.ledger.map((e) => ({
          seq: e.seq,
          valuePaise: e.valuePaise,
          balanceAfter: e.balanceAfterPaise,
        })),
      ),
    ).toBeNull();
    expect(
      (await f.salon.prepaid.liability(f.manager)).wallets.find((w) => w.walletId === wallet.id)
        ?.balancePaise,
    ).toBe(85_000);
    // More than the balance is refused and nothing is written.
    await expect(
      bill({
        customerId: client,
        lines: [{ variantId: f.spa, quantity: 1 }],
        walletId: wallet.id,
        walletPaise: 525_000,
      }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'walletPaise' });
    expect((await f.salon.prepaid.wallet(f.operator, wallet.id)).balancePaise).toBe(85_000);
    // Unredeemed value at expiry leaves the liability with no tax and no invoice.
    f.clock.set('2027-05-16T06:30:00.000Z');
    try {
      await f.salon.prepaid.expire(f.tenant.tenantId);
      const expired = await f.salon.prepaid.wallet(f.operator, wallet.id);
      expect(expired).toMatchObject({ status: 'expired', balancePaise: 0 });
      expect(expired.ledger.at(-1)).toMatchObject({
        kind: 'expire',
        valuePaise: -85_000,
        balanceAfterPaise: 0,
        invoiceId: null,
      });
    } finally {
      f.clock.set('2026-05-15T06:30:00.000Z');
    }
  });

  it('a membership lowers the price of services only', async () => {
    const client = await newClient(f);
    const plan = await f.salon.prepaid.createMembershipPlan(f.operator, {
      name: 'Gold member',
      pricePaise: 105_000,
      discountPercent: 20,
      validityDays: 365,
    });
    const joined = await bill({ customerId: client, lines: [{ membershipPlanId: plan.id }] });
    expect(joined.document.totals).toMatchObject({
      taxablePaise: 100_000,
      taxPaise: 5_000,
      totalPaise: 105_000,
    });
    const visit = await bill({
      customerId: client,
      lines: [
        { variantId: f.haircut, quantity: 1, staffIds: [f.asha.userId ?? ''] },
        { variantId: f.shampoo, quantity: 1 },
      ],
    });
    expect(visit.document.lines.map((l) => [l.unitPricePaise, l.taxablePaise, l.totalPaise])).toEqual([
      [25_200, 24_000, 25_200],
      [590_000, 500_000, 590_000],
    ]);
    expect(visit.salon.membership).toMatchObject({ name: 'Gold member', discountPercent: 20 });
    // A non-member pays the catalogue price.
    const other = await bill({
      customerId: await newClient(f),
      lines: [{ variantId: f.haircut, quantity: 1 }],
    });
    expect(other.document.lines[0]?.totalPaise).toBe(31_500);
  });

  describe('commissions', () => {
    it('split a shared service by shares; staff see only their own; a paid period is frozen', async () => {
      const store = f.tenant.storeId;
      await f.salon.commissions.setRule(f.operator, {
        role: 'stylist',
        servicePercent: 10,
        productPercent: 5,
      });
      const period = { storeId: store, from: '2026-05-20', to: '2026-05-20' };
      f.clock.set('2026-05-20T06:30:00.000Z');
      try {
        const colour = await bill({
          lines: [
            {
              variantId: f.colour,
              quantity: 1,
              staffIds: [f.asha.userId ?? '', f.ravi.userId ?? ''],
              staffShares: [7_000, 3_000],
            },
            { variantId: f.shampoo, quantity: 1, staffIds: [f.ravi.userId ?? ''] },
          ],
        });
        expect(colour.salon.staff.map((s) => s.line)).toEqual([1, 2]);
        const report = await f.salon.commissions.report(f.manager, period);
        const row = (id: string | null) => report.rows.find((r) => r.staffId === id);
        expect(row(f.asha.userId)).toMatchObject({
          servicePaise: 140_000,
          serviceCommissionPaise: 14_000,
          totalPaise: 14_000,
        });
        expect(row(f.ravi.userId)).toMatchObject({
          servicePaise: 60_000,
          productPaise: 500_000,
          serviceCommissionPaise: 6_000,
          productCommissionPaise: 25_000,
          totalPaise: 31_000,
        });
        expect(report.totalPaise).toBe(45_000);
        const own = await f.salon.commissions.report(f.asha, period);
        expect(own.rows.map((r) => r.staffId)).toEqual([f.asha.userId]);
        await expect(f.salon.commissions.pay(f.asha, period)).rejects.toMatchObject({ code: 'forbidden' });
        const paid = await f.salon.commissions.pay(f.manager, period);
        expect(paid.locked).toBe(true);
        await bill({ lines: [{ variantId: f.colour, quantity: 1, staffIds: [f.asha.userId ?? ''] }] });
        await f.salon.commissions.setRule(f.operator, {
          role: 'stylist',
          servicePercent: 50,
          productPercent: 0,
        });
        const frozen = await f.salon.commissions.report(f.manager, period);
        expect(frozen).toMatchObject({ locked: true, totalPaise: 45_000 });
        await expect(f.salon.commissions.pay(f.manager, period)).rejects.toMatchObject({ code: 'conflict' });
      } finally {
        f.clock.set('2026-05-15T06:30:00.000Z');
        await f.salon.commissions.setRule(f.operator, {
          role: 'stylist',
          servicePercent: 10,
          productPercent: 5,
        });
      }
    });

    it('a redeemed package session earns its performer commission on the session value before tax; selling the package earns the product rate', async () => {
      await f.salon.commissions.setRule(f.operator, {
        role: 'stylist',
        servicePercent: 10,
        productPercent: 5,
      });
      const client = await newClient(f);
      const plan = await f.salon.prepaid.createPackagePlan(f.operator, {
        name: '6 haircuts for commission',
        serviceId: f.haircut,
        sessions: 6,
        pricePaise: 168_000,
        validityDays: 90,
        transferable: false,
        refundable: true,
      });
      const period = { storeId: f.tenant.storeId, from: '2026-05-22', to: '2026-05-22' };
      f.clock.set('2026-05-22T06:30:00.000Z');
      try {
        const sold = await bill({
          customerId: client,
          lines: [{ packagePlanId: plan.id, staffIds: [f.ravi.userId ?? ''] }],
          payments: [{ method: 'cash', amountPaise: 168_000 }],
        });
        const packageId = sold.salon.packages.find((p) => p.name === plan.name)?.packageId;
        const redeem = (line: BillInput['lines'][number]) =>
          bill({ customerId: client, lines: [line], payments: [] });
        await redeem({ variantId: f.haircut, quantity: 1, staffIds: [f.asha.userId ?? ''], packageId });
        await redeem({
          variantId: f.haircut,
          quantity: 1,
          staffIds: [f.asha.userId ?? '', f.ravi.userId ?? ''],
          staffShares: [5_000, 5_000],
          packageId,
        });
        // A redeemed session without staff earns nobody anything.
        await redeem({ variantId: f.haircut, quantity: 1, packageId });
        const report = await f.salon.commissions.report(f.manager, period);
        const row = (id: string | null) => report.rows.find((r) => r.staffId === id);
        // Each session: Rs 280 paid (Rs 1,680 / 6), Rs 266.67 before tax (x 1,600 / 1,680).
        // The shared session's Rs 266.67 splits 50/50; the odd paisa goes to the first staff id.
        const ashaFirst = (f.asha.userId ?? '') < (f.ravi.userId ?? '');
        const ashaHalf = ashaFirst ? 13_334 : 13_333;
        expect(row(f.asha.userId)).toMatchObject({
          staffId: f.asha.userId,
          servicePaise: 26_667 + ashaHalf,
          productPaise: 0,
          serviceCommissionPaise: 4_000,
          productCommissionPaise: 0,
          bonusPaise: 0,
          totalPaise: 4_000,
        });
        // Ravi sold the package (an advance: the product rate, 5 % of Rs 1,600) and shared a session.
        expect(row(f.ravi.userId)).toMatchObject({
          servicePaise: 26_667 - ashaHalf,
          productPaise: 160_000,
          serviceCommissionPaise: 1_333,
          productCommissionPaise: 8_000,
          totalPaise: 9_333,
        });
        expect(report.totalPaise).toBe(4_000 + 1_333 + 8_000);
      } finally {
        f.clock.set('2026-05-15T06:30:00.000Z');
      }
    });

    it('refuse staff who may not perform a service, unknown staff and shares that do not make the whole', async () => {
      const stranger = '00000000-0000-4000-8000-000000000000';
      await expect(
        bill({ lines: [{ variantId: f.haircut, quantity: 1, staffIds: [f.cashier.userId ?? ''] }] }),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'lines.0.staffIds' });
      await expect(
        bill({ lines: [{ variantId: f.haircut, quantity: 1, staffIds: [stranger] }] }),
      ).rejects.toMatchObject({
        field: 'lines.0.staffIds',
      });
      await expect(
        bill({
          lines: [
            {
              variantId: f.haircut,
              quantity: 1,
              staffIds: [f.asha.userId ?? '', f.ravi.userId ?? ''],
              staffShares: [5_000, 4_000],
            },
          ],
        }),
      ).rejects.toMatchObject({ field: 'lines.0.staffShares' });
    });
  });

  it('invoice lines through /invoices checkout take staffIds too', async () => {
    const inv = await f.billing.checkout.checkout(
      f.cashier,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: f.haircut, quantity: 1, staffIds: [f.asha.userId ?? ''] }],
        payments: [{ method: 'cash', amountPaise: 31_500 }],
      },
      key(),
    );
    const rows = await f.db
      .selectFrom('invoice_line_staff')
      .select(['line_number', 'staff_id', 'share_bp'])
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('document_id', '=', inv.id)
      .execute();
    expect(rows).toEqual([{ line_number: 1, staff_id: f.asha.userId, share_bp: 10_000 }]);
  });
});
