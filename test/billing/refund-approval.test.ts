/**
 * Refunds beyond the cashier's allowance need a manager at the counter, as discounts do, on both
 * engines: money paid out of the till (cash, UPI, card) above the shop's refund allowance is
 * refused without an approval; a manager's refund approval covers it once, in its session and
 * store, and both are recorded; a discount approval cannot pay a refund; a split refund counts
 * whole; nothing of a refused note is written. An exchange that pays money back beyond the
 * allowance (a cash-out) needs a manager's refund approval too, and the credit-note quote tells
 * the counter the cashier's allowance.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';

describeEachEngine('refund approvals', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let jacket: string;
  let scarf: string;
  let cashier: SignedIn;
  let manager: TestAccount & { secret: string };
  let n = 0;
  const key = () => ({ 'idempotency-key': `refund-test-${String((n += 1)).padStart(6, '0')}` });
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...cashier.headers, ...headers }, payload });
  const nextCode = () => {
    t.clock.advance(30_000);
    return totpCodeAt(manager.secret, t.clock.now());
  };
  const approve = (purpose: 'refund' | 'discount', maxDiscountPaise: number) =>
    post('/api/v1/discount-approvals', {
      storeId,
      email: manager.email,
      password: manager.password,
      code: nextCode(),
      maxDiscountPaise,
      purpose,
    });
  const count = async (table: 'sales_documents' | 'audit_entries', action?: string) => {
    let q = getDb()
      .db.selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId);
    if (action !== undefined) q = q.where('action' as never, '=', action as never);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  /** A fresh invoice of two jackets (Rs 3,000 each, inclusive) paid in cash. */
  const sell = async () =>
    (
      await post(
        '/api/v1/invoices',
        {
          storeId,
          lines: [{ variantId: jacket, quantity: 2 }],
          payments: [{ method: 'cash', amountPaise: 600_000 }],
        },
        key(),
      )
    ).json<{ id: string }>().id;
  const refund = (invoiceId: string, refunds: object[], approvalId?: string) =>
    post(
      '/api/v1/credit-notes',
      {
        invoiceId,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds,
        ...(approvalId === undefined ? {} : { approvalId }),
      },
      key(),
    );

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Refund Fabrics' }));
    await seedRoles(getDb().db, tenantId);
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const item = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Wool jacket',
      hsnSac: '6201',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 300_000, barcode: '2000000000022' }],
    });
    jacket = item.variants[0]?.id ?? '';
    const cheap = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Cotton scarf',
      hsnSac: '6214',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 50_000, barcode: '2000000000039' }],
    });
    scarf = cheap.variants[0]?.id ?? '';
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    const m = await createAccount(t.services, tenantId, { role: 'manager', storeId });
    manager = { ...m, secret: (await signIn(t, m, 'manager')).totpSecret ?? '' };
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('a cash refund beyond the allowance asks for a manager and writes nothing', async () => {
    const invoiceId = await sell();
    const before = await count('sales_documents');
    const refused = await refund(invoiceId, [{ method: 'cash', amountPaise: 300_000 }]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { field: 'refunds', details: { reason: 'approval_required', reductionPaise: 300_000 } },
    });
    expect(await count('sales_documents')).toBe(before);
  });

  it("a manager's refund approval pays it out once; both are recorded", async () => {
    const invoiceId = await sell();
    const [approvedBefore, overriddenBefore] = [
      await count('audit_entries', 'refund.approve'),
      await count('audit_entries', 'refund.override'),
    ];
    const approval = await approve('refund', 300_000);
    expect(approval.statusCode).toBe(201);
    const { approvalId, purpose } = approval.json<{ approvalId: string; purpose: string }>();
    expect(purpose).toBe('refund');
    const issued = await refund(invoiceId, [{ method: 'cash', amountPaise: 300_000 }], approvalId);
    expect(issued.statusCode).toBe(201);
    expect(await count('audit_entries', 'refund.approve')).toBe(approvedBefore + 1);
    expect(await count('audit_entries', 'refund.override')).toBe(overriddenBefore + 1);
    // Used once: the next refund from the same approval is refused.
    const again = await refund(await sell(), [{ method: 'cash', amountPaise: 300_000 }], approvalId);
    expect(again.statusCode).toBe(403);
  });

  it('a discount approval cannot pay a refund, nor a small refund approval a larger one', async () => {
    const invoiceId = await sell();
    const discount = (await approve('discount', 500_000)).json<{ approvalId: string }>().approvalId;
    expect((await refund(invoiceId, [{ method: 'cash', amountPaise: 300_000 }], discount)).statusCode).toBe(
      403,
    );
    const small = (await approve('refund', 250_000)).json<{ approvalId: string }>().approvalId;
    const short = await refund(invoiceId, [{ method: 'cash', amountPaise: 300_000 }], small);
    expect(short.statusCode).toBe(403);
    expect(short.json<{ error: { field: string } }>().error.field).toBe('approvalId');
  });

  it("within the allowance, or as the shop's own allowance allows, no manager is needed", async () => {
    await t.services.billing.settings.updateSettings(operatorActor(tenantId), {
      refundAllowancePaise: 400_000,
    });
    try {
      const ok = await refund(await sell(), [{ method: 'cash', amountPaise: 300_000 }]);
      expect(ok.statusCode).toBe(201);
    } finally {
      await t.services.billing.settings.updateSettings(operatorActor(tenantId), {
        refundAllowancePaise: 200_000,
      });
    }
    // Split: Rs 1,500 cash + Rs 1,500 UPI is Rs 3,000 out of the till, beyond Rs 2,000.
    const split = await refund(await sell(), [
      { method: 'cash', amountPaise: 150_000 },
      { method: 'upi', amountPaise: 150_000, reference: 'UTR412345678901' },
    ]);
    expect(split.statusCode).toBe(403);
  });

  it("the credit-note quote tells the counter the cashier's refund allowance", async () => {
    const invoiceId = await sell();
    const quote = await post('/api/v1/credit-notes/quote', {
      invoiceId,
      lines: [{ lineNumber: 1, quantity: 1 }],
    });
    expect(quote.statusCode).toBe(200);
    expect(quote.json<{ refundAllowancePaise: number | null }>().refundAllowancePaise).toBe(200_000);
  });

  it('an exchange paying money back beyond the allowance needs a refund approval', async () => {
    const invoiceId = await sell();
    // Two jackets (Rs 6,000) back for one scarf (Rs 500): Rs 5,500 out of the till.
    const exchange = (refundApprovalId?: string, approvalId?: string) =>
      post(
        '/api/v1/exchanges',
        {
          invoiceId,
          returnLines: [{ lineNumber: 1, quantity: 2 }],
          lines: [{ variantId: scarf, quantity: 1 }],
          refunds: [{ method: 'cash', amountPaise: 550_000 }],
          ...(refundApprovalId === undefined ? {} : { refundApprovalId }),
          ...(approvalId === undefined ? {} : { approvalId }),
        },
        key(),
      );
    const documents = await count('sales_documents');
    const refused = await exchange();
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { field: 'refunds', details: { reason: 'approval_required', reductionPaise: 550_000 } },
    });
    expect(await count('sales_documents')).toBe(documents);
    // A discount approval does not pay a cash-out.
    const discount = (await approve('discount', 600_000)).json<{ approvalId: string }>().approvalId;
    expect((await exchange(discount)).statusCode).toBe(403);
    expect(await count('sales_documents')).toBe(documents);
    const overridden = await count('audit_entries', 'refund.override');
    const approvalId = (await approve('refund', 550_000)).json<{ approvalId: string }>().approvalId;
    const done = await exchange(approvalId);
    expect(done.statusCode).toBe(201);
    expect(await count('sales_documents')).toBe(documents + 2);
    expect(await count('audit_entries', 'refund.override')).toBe(overridden + 1);
  });
});
