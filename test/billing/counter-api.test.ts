/**
 * The counter's API over the real app on both engines: a quote prices a cart exactly as checkout
 * then bills it; a discount beyond the cashier's allowance needs a manager's approval (credentials
 * checked like a sign-in, in the store, once, bound to the session, recorded); a return is quoted
 * as its credit note is issued and the returnable quantities follow; the UPI QR for an amount; a
 * day's sales; an invoice found by its number.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { APPROVAL_TTL_MS } from '../../src/modules/billing/discount-approval.service.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore, createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';

interface Quote {
  totals: { totalPaise: number; taxPaise: number; discountPaise: number };
  reductionPaise: number;
  approvalNeeded: boolean;
  lines: { number: number; totalPaise: number }[];
}

describeEachEngine('counter API', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let branchId: string;
  let shirt: string;
  let ownerAccount: TestAccount;
  let cashier: SignedIn;
  let manager: TestAccount & { secret: string };
  let branchManager: TestAccount & { secret: string };
  let n = 0;
  const key = () => ({ 'idempotency-key': `counter-test-${String((n += 1)).padStart(6, '0')}` });
  const post = (s: SignedIn, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...headers }, payload: payload as object });
  const get = (s: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const cart = (discountPaise?: number) => ({
    storeId,
    lines: [{ variantId: shirt, quantity: 2, ...(discountPaise === undefined ? {} : { discountPaise }) }],
  });
  /** A code from the next time step (each step is accepted once). */
  const nextCode = (secret: string) => {
    t.clock.advance(30_000);
    return totpCodeAt(secret, t.clock.now());
  };
  const approve = (by: TestAccount & { secret: string }, extra: object = {}, as: SignedIn = cashier) =>
    post(as, '/api/v1/discount-approvals', {
      storeId,
      email: by.email,
      password: by.password,
      code: nextCode(by.secret),
      maxDiscountPaise: 30_000,
      ...extra,
    });
  const auditCount = async (action: string) =>
    Number(
      (
        await getDb()
          .db.selectFrom('audit_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', tenantId)
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Counter Fabrics' }));
    branchId = await createStore(getDb().db, tenantId, { storeName: 'Branch' });
    await seedRoles(getDb().db, tenantId);
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const item = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Cotton shirt',
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 105_000, barcode: '2000000000015' }],
    });
    shirt = item.variants[0]?.id ?? '';
    ownerAccount = await createAccount(t.services, tenantId, { role: 'owner' });
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    const m = await createAccount(t.services, tenantId, { role: 'manager', storeId });
    manager = { ...m, secret: (await signIn(t, m, 'manager')).totpSecret ?? '' };
    const b = await createAccount(t.services, tenantId, { role: 'manager', storeId: branchId });
    branchManager = { ...b, secret: (await signIn(t, b, 'manager')).totpSecret ?? '' };
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('a quote prices the cart as checkout then bills it, tax and round-off included', async () => {
    const quote = await post(cashier, '/api/v1/invoices/quote', cart());
    expect(quote.statusCode).toBe(200);
    const q = quote.json<Quote>();
    expect(q.totals.totalPaise).toBe(210_000);
    expect(q.totals.taxPaise).toBe(10_000);
    expect(q.approvalNeeded).toBe(false);
    const sale = await post(
      cashier,
      '/api/v1/invoices',
      { ...cart(), payments: [{ method: 'cash', amountPaise: 300_000 }] },
      key(),
    );
    expect(sale.statusCode).toBe(201);
    expect(sale.json<Quote>().totals).toEqual(q.totals);
    // A quote writes nothing and refuses what checkout refuses (an unknown item, by its field).
    const bad = await post(cashier, '/api/v1/invoices/quote', {
      storeId,
      lines: [{ barcode: '9999999999999', quantity: 1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { field: string } }>().error.field).toBe('lines.0.barcode');
  });

  it("a discount within the shop's allowance passes; beyond it, checkout asks for a manager", async () => {
    await t.services.billing.settings.updateSettings(operatorActor(tenantId), {
      discountAllowancePercent: 0,
    });
    let q = (await post(cashier, '/api/v1/invoices/quote', cart(10_000))).json<Quote>();
    expect(q).toMatchObject({ approvalNeeded: true, reductionPaise: 10_000 });
    const refused = await post(
      cashier,
      '/api/v1/invoices',
      { ...cart(10_000), payments: [{ method: 'cash', amountPaise: 300_000 }] },
      key(),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: {
        field: 'lines.0.discountPaise',
        details: { reason: 'approval_required', reductionPaise: 10_000 },
      },
    });
    // 5% of Rs 2,100 is Rs 105: Rs 100 off is within it.
    await t.services.billing.settings.updateSettings(operatorActor(tenantId), {
      discountAllowancePercent: 5,
    });
    q = (await post(cashier, '/api/v1/invoices/quote', cart(10_000))).json<Quote>();
    expect(q).toMatchObject({ approvalNeeded: false, reductionPaise: 10_000 });
    expect(q.totals.totalPaise).toBe(200_000);
    q = (await post(cashier, '/api/v1/invoices/quote', cart(10_600))).json<Quote>();
    expect(q.approvalNeeded).toBe(true);
    await t.services.billing.settings.updateSettings(operatorActor(tenantId), {
      discountAllowancePercent: 0,
    });
  });

  it('a manager approves at the counter; the sale uses the approval once and both are recorded', async () => {
    // Other tests approve too: this one counts the entries its approval and sale add.
    const approvals = await auditCount('discount.approve');
    const overrides = await auditCount('discount.override');
    const approval = await approve(manager);
    expect(approval.statusCode).toBe(201);
    const { approvalId } = approval.json<{ approvalId: string }>();
    const quote = (
      await post(cashier, '/api/v1/invoices/quote', { ...cart(25_000), approvalId })
    ).json<Quote>();
    expect(quote.approvalNeeded).toBe(false);
    const sale = { ...cart(25_000), approvalId, payments: [{ method: 'cash', amountPaise: 200_000 }] };
    const issued = await post(cashier, '/api/v1/invoices', sale, key());
    expect(issued.statusCode).toBe(201);
    expect(issued.json<Quote>().totals.totalPaise).toBe(185_000);
    expect(await auditCount('discount.approve')).toBe(approvals + 1);
    expect(await auditCount('discount.override')).toBe(overrides + 1);
    const again = await post(cashier, '/api/v1/invoices', sale, key());
    expect(again.statusCode).toBe(403);
    expect(again.json<{ error: { message: string } }>().error.message).toMatch(/already used/);
  });

  it('an approval covers only its amount, its session and a few minutes', async () => {
    const small = (await approve(manager, { maxDiscountPaise: 5_000 })).json<{ approvalId: string }>();
    const sale = (approvalId: string) => ({
      ...cart(25_000),
      approvalId,
      payments: [{ method: 'cash', amountPaise: 200_000 }],
    });
    let r = await post(cashier, '/api/v1/invoices', sale(small.approvalId), key());
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(/covers Rs 50.00 off/);
    const other = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    const mine = (await approve(manager)).json<{ approvalId: string }>();
    r = await post(other, '/api/v1/invoices', sale(mine.approvalId), key());
    expect(r.statusCode).toBe(403);
    expect(r.json<{ error: { field: string } }>().error.field).toBe('approvalId');
    t.clock.advance(APPROVAL_TTL_MS);
    r = await post(cashier, '/api/v1/invoices', sale(mine.approvalId), key());
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(/expired/);
  });

  it('refuses a wrong password or code, a manager of another store, and a cashier as approver', async () => {
    const attemptsBefore = await getDb()
      .db.selectFrom('login_attempts')
      .select('reason')
      .where('reason', 'like', 'approval_%')
      .execute();
    let r = await approve(manager, { password: 'not the password at all' });
    expect(r.statusCode).toBe(401);
    expect(r.json<{ error: { field: string } }>().error.field).toBe('password');
    r = await approve(manager, { code: '000000' });
    expect(r.statusCode).toBe(401);
    r = await approve(branchManager);
    expect(r.statusCode).toBe(403);
    const cashierAccount = await createAccount(t.services, tenantId, { role: 'cashier', storeId });
    r = await approve({ ...cashierAccount, secret: manager.secret });
    expect(r.statusCode).toBe(412);
    const reasons = (
      await getDb()
        .db.selectFrom('login_attempts')
        .select('reason')
        .where('reason', 'like', 'approval_%')
        .execute()
    ).map((a) => a.reason);
    expect(reasons.length - attemptsBefore.length).toBe(4);
    expect(reasons).toEqual(
      expect.arrayContaining(['approval_bad_password', 'approval_bad_code', 'approval_not_permitted']),
    );
    expect(await auditCount('auth.approval')).toBeGreaterThanOrEqual(4);
  });

  it('a wrong-password burst against a manager is throttled like sign-in', async () => {
    const victim = await createAccount(t.services, tenantId, { role: 'manager', storeId });
    const statuses: number[] = [];
    // All at one instant: the growing delay has no time to pass.
    const code = totpCodeAt(manager.secret, t.clock.now());
    for (let i = 0; i < 8; i += 1)
      statuses.push(
        (
          await post(cashier, '/api/v1/discount-approvals', {
            storeId,
            email: victim.email,
            password: `wrong ${String(i)} guess`,
            code,
            maxDiscountPaise: 1_000,
          })
        ).statusCode,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
  });

  it('a return is quoted as its credit note is issued, and the returnable quantities follow', async () => {
    const invoice = (
      await post(
        cashier,
        '/api/v1/invoices',
        { ...cart(), payments: [{ method: 'cash', amountPaise: 210_000 }] },
        key(),
      )
    ).json<{ id: string; number: string }>();
    const lines = [{ lineNumber: 1, quantity: 1 }];
    const quote = await post(cashier, '/api/v1/credit-notes/quote', { invoiceId: invoice.id, lines });
    expect(quote.statusCode).toBe(200);
    const total = quote.json<Quote>().totals.totalPaise;
    expect(total).toBe(105_000);
    const note = await post(
      cashier,
      '/api/v1/credit-notes',
      { invoiceId: invoice.id, reason: 'return', lines, refunds: [{ method: 'cash', amountPaise: total }] },
      key(),
    );
    expect(note.statusCode).toBe(201);
    const returnable = await get(cashier, `/api/v1/invoices/${invoice.id}/returnable`);
    expect(returnable.json()).toEqual({
      lines: [{ lineNumber: 1, description: 'Cotton shirt', soldQuantity: 2, returnedQuantity: 1 }],
    });
    const found = await get(cashier, `/api/v1/invoices?number=${encodeURIComponent(invoice.number)}`);
    expect(found.json<{ documents: { id: string }[] }>().documents.map((d) => d.id)).toEqual([invoice.id]);
  });

  it("draws the UPI QR for an amount once the shop's UPI address is set", async () => {
    const body = { storeId, amountPaise: 123_450, reference: 'T-1a2b3c4d' };
    const missing = await post(cashier, '/api/v1/payments/upi-request', body);
    expect(missing.statusCode).toBe(412);
    await t.services.billing.settings.updateSettings(operatorActor(tenantId), {
      upiVpa: 'counterfabrics@okbank',
      upiPayeeName: 'Counter Fabrics',
    });
    const r = await post(cashier, '/api/v1/payments/upi-request', body);
    expect(r.statusCode).toBe(200);
    const { uri, qrDataUrl } = r.json<{ uri: string; qrDataUrl: string }>();
    expect(uri).toBe(
      'upi://pay?pa=counterfabrics%40okbank&pn=Counter%20Fabrics&am=1234.50&cu=INR&tr=T-1a2b3c4d&tn=Bill%20T-1a2b3c4d',
    );
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it("sums a day's sales: invoices, cancellations, credit notes and money by method", async () => {
    // A store of its own, so the day's figures are this test's sales only, in any order.
    const own = await createStore(getDb().db, tenantId, { storeName: 'Report counter' });
    await t.services.billing.settings.updateStoreProfile(operatorActor(tenantId), own, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const seller = await signIn(
      t,
      await createAccount(t.services, tenantId, { role: 'cashier', storeId: own }),
    );
    const owner = await signIn(t, ownerAccount, 'owner');
    const sell = async (payments: object[]) => {
      const sale = await post(seller, '/api/v1/invoices', { ...cart(), storeId: own, payments }, key());
      expect(sale.statusCode).toBe(201);
      return sale.json<{ id: string }>();
    };
    await sell([{ method: 'cash', amountPaise: 300_000 }]);
    const returned = await sell([{ method: 'cash', amountPaise: 210_000 }]);
    const note = await post(
      seller,
      '/api/v1/credit-notes',
      {
        invoiceId: returned.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 105_000 }],
      },
      key(),
    );
    expect(note.statusCode).toBe(201);
    const voided = await sell([{ method: 'upi', amountPaise: 210_000, reference: 'UTR-0001' }]);
    expect(
      (await post(owner, `/api/v1/invoices/${voided.id}/cancel`, { reason: 'customer_cancelled' }))
        .statusCode,
    ).toBe(200);
    const r = await get(owner, `/api/v1/reports/daily-sales?storeId=${own}`);
    expect(r.statusCode).toBe(200);
    const day = r.json<{
      invoices: { count: number; totalPaise: number };
      creditNotes: { count: number; totalPaise: number };
      netPaise: number;
      payments: { method: string; takenPaise: number; refundedPaise: number }[];
    }>();
    // The cancelled bill is counted apart from the day's invoices and its money.
    expect(day.invoices).toEqual({ count: 2, totalPaise: 210_000 + 210_000 });
    expect(day.creditNotes).toEqual({ count: 1, totalPaise: 105_000 });
    expect(day).toMatchObject({ cancelled: { count: 1, totalPaise: 210_000 } });
    expect(day.netPaise).toBe(315_000);
    expect(day.payments).toEqual([{ method: 'cash', takenPaise: 420_000, refundedPaise: 105_000 }]);
    expect((await get(cashier, '/api/v1/reports/daily-sales')).statusCode).toBe(403);
  });
});
