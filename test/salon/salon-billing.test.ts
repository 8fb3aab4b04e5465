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
import { createSalonFixture, newClient, type SalonFixture } from './support/salon-fixture.js';

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
