/**
 * The dashboard's sums (issue 14, items 4 and 9) on both engines, to the paisa. A Gujarat shop
 * with two stores; "today" is 15 May 2026 (IST), so the 30 days run from 16 April to 15 May.
 * Sales are placed around IST midnight: 23:59 IST and 00:01 IST fall on different days, and a
 * sale at 23:59 IST on 15 April (18:29 UTC) is outside the range while one two minutes later is
 * in it. A cancelled invoice is left out; a credit note takes its amount off the day it is
 * issued, its store, its payment method and its item.
 */
import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import { DashboardService, type DashboardStats } from '../../src/modules/dashboard/dashboard.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore } from '../support/factories.js';
import {
  createBillingFixture,
  key,
  userActor,
  type BillingFixture,
} from '../billing/support/billing-fixture.js';

describeEachEngine('dashboard charts', (getDb, engine) => {
  let f: BillingFixture;
  let branch: string;
  let dashboard: DashboardService;
  let stats: DashboardStats;

  const sell = async (at: string, storeId: string, lines: [string, number][], payments: object[]) => {
    f.clock.set(at);
    return f.billing.checkout.checkout(
      f.operator,
      {
        storeId,
        lines: lines.map(([variantId, quantity]) => ({ variantId, quantity })),
        payments: payments as never,
      },
      key(),
    );
  };
  const cash = (amountPaise: number) => ({ method: 'cash' as const, amountPaise });
  const upi = (amountPaise: number, reference: string) => ({ method: 'upi', amountPaise, reference });
  const day = (date: string) => stats.days.find((d) => d.date === date);

  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
    branch = await createStore(f.db, f.tenant.tenantId, { storeName: 'Navrangpura branch' });
    await f.billing.settings.updateStoreProfile(f.operator, branch, {
      addressLine1: 'Shop 9, Navrangpura',
      city: 'Ahmedabad',
      pincode: '380009',
    });
    await f.billing.stock.adjust(f.operator, {
      storeId: branch,
      reason: 'opening',
      lines: [f.items.shirt, f.items.jacket].map((variantId) => ({ variantId, quantity: 20 })),
    });
    dashboard = new DashboardService({ db: f.db, clock: f.clock });
    const main = f.tenant.storeId;
    // 15 April 23:59 IST: the day before the range.
    await sell('2026-04-15T18:29:00.000Z', main, [[f.items.jacket, 1]], [cash(306_800)]);
    // 16 April 00:01 IST: the first day of the range.
    await sell('2026-04-15T18:31:00.000Z', main, [[f.items.kurta, 1]], [upi(252_000, 'UTR-DASH-0001')]);
    // 13 May 23:59 IST and 14 May 00:01 IST.
    const late = await sell('2026-05-13T18:29:00.000Z', main, [[f.items.shirt, 1]], [cash(110_000)]);
    await sell('2026-05-13T18:31:00.000Z', main, [[f.items.kurta, 1]], [cash(252_000)]);
    // 15 May: the branch sells two shirts and a jacket, half by UPI.
    await sell(
      '2026-05-15T05:00:00.000Z',
      branch,
      [
        [f.items.shirt, 2],
        [f.items.jacket, 1],
      ],
      [upi(200_000, 'UTR-DASH-0002'), cash(306_800 + 210_000 - 200_000)],
    );
    // 15 May: a jacket sold at the main store and cancelled.
    const voided = await sell('2026-05-15T05:10:00.000Z', main, [[f.items.jacket, 1]], [cash(306_800)]);
    await f.billing.invoices.cancel(f.operator, voided.id, { reason: 'customer_cancelled' });
    // 15 May: the shirt of 13 May comes back, cash refunded.
    await f.billing.creditNotes.issue(
      f.operator,
      {
        invoiceId: late.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [cash(105_000)],
      },
      key(),
    );
    f.clock.set('2026-05-15T12:00:00.000Z');
    stats = await dashboard.stats(f.operator);
  });

  it('sums each IST day, a sale at 23:59 and one at 00:01 on different days, the range 30 days', () => {
    expect(stats.from).toBe('2026-04-16');
    expect(stats.to).toBe('2026-05-15');
    expect(stats.days).toHaveLength(30);
    expect(stats.days[0]).toEqual({ date: '2026-04-16', netPaise: 252_000, invoices: 1 });
    expect(day('2026-05-13')).toEqual({ date: '2026-05-13', netPaise: 105_000, invoices: 1 });
    expect(day('2026-05-14')).toEqual({ date: '2026-05-14', netPaise: 252_000, invoices: 1 });
    // The branch's 5,168.00, less the 1,050.00 refunded; the cancelled jacket not counted.
    expect(day('2026-05-15')).toEqual({ date: '2026-05-15', netPaise: 516_800 - 105_000, invoices: 1 });
    expect(day('2026-05-01')).toEqual({ date: '2026-05-01', netPaise: 0, invoices: 0 });
    expect(stats.days.filter((d) => d.netPaise !== 0)).toHaveLength(4);
    expect(stats.netPaise).toBe(252_000 + 105_000 + 252_000 + 516_800 - 105_000);
  });

  it('splits the money by payment method, refunds taken off, cancelled bills left out', () => {
    expect(stats.payments).toEqual([
      // 1,050 (change of 50 given back) + 2,520 + 3,168 - 1,050 refunded.
      { method: 'cash', netPaise: 105_000 + 252_000 + 316_800 - 105_000 },
      { method: 'upi', netPaise: 252_000 + 200_000 },
    ]);
    expect(stats.payments.reduce((s, p) => s + p.netPaise, 0)).toBe(stats.netPaise);
  });

  it('ranks the items by what they sold for, returns taken off', () => {
    expect(
      stats.items.map((i) => [i.name.split(' ').slice(0, 2).join(' '), i.netPaise, i.quantityMilli]),
    ).toEqual([
      ['Linen kurta', 504_000, 2_000],
      ['Wool jacket', 306_800, 1_000],
      ['Cotton shirt', 210_000, 2_000],
    ]);
  });

  it('gives each store its sales by name, a store without sales at zero', async () => {
    expect(stats.stores.map(({ name, netPaise, invoices }) => ({ name, netPaise, invoices }))).toEqual([
      { name: expect.any(String) as string, netPaise: 252_000 + 105_000 + 252_000 - 105_000, invoices: 3 },
      { name: 'Navrangpura branch', netPaise: 516_800, invoices: 1 },
    ]);
    expect(stats.stores[0]?.storeId).toBe(f.tenant.storeId);
    const third = await createStore(f.db, f.tenant.tenantId, { storeName: 'Satellite branch' });
    const later = await dashboard.stats(f.operator);
    expect(later.stores.find((s) => s.storeId === third)).toEqual({
      storeId: third,
      name: 'Satellite branch',
      netPaise: 0,
      invoices: 0,
    });
  });

  it("shows a manager assigned to one store that store's sales only", async () => {
    const manager = await userActor(f, 'manager', branch);
    const own = await dashboard.stats(manager);
    expect(own.stores).toEqual([
      { storeId: branch, name: 'Navrangpura branch', netPaise: 516_800, invoices: 1 },
    ]);
    expect(own.netPaise).toBe(516_800);
    expect(own.days.filter((d) => d.netPaise !== 0)).toEqual([
      { date: '2026-05-15', netPaise: 516_800, invoices: 1 },
    ]);
    expect(own.payments).toEqual([
      { method: 'cash', netPaise: 316_800 },
      { method: 'upi', netPaise: 200_000 },
    ]);
    expect(own.items.map((i) => i.netPaise)).toEqual([306_800, 210_000]);
  });

  it('refuses a role without sales reports, and shows a store-less person nothing', async () => {
    const cashier = await userActor(f, 'cashier', f.tenant.storeId);
    await expect(dashboard.stats(cashier)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(dashboard.stats(cashier)).rejects.toBeInstanceOf(AppError);
    const manager = await userActor(f, 'manager', branch);
    if (manager.auth === undefined) throw new Error('expected a signed-in actor');
    const empty = await dashboard.stats({ ...manager, auth: { ...manager.auth, storeIds: new Set() } });
    expect(empty).toMatchObject({ stores: [], payments: [], items: [], netPaise: 0 });
    expect(empty.days).toHaveLength(30);
  });
});
