/**
 * A manager's override of the sale's offers at the counter, over the real app on both engines: a
 * cashier may leave an offer out, or apply one whose conditions do not hold, only with a
 * manager's approval (the approvals the discounts use: credentials checked like a sign-in, bound
 * to the session and store, once, covering what the applied-anyway offer takes off); the quote
 * says an approval is needed; the approval records the change to the offers it approves, and a
 * sale with other offers cannot use it; the override is in the audit trail with who approved it. A manager
 * (who holds `discount.override`) needs no one else; an offer that does not concern the cart
 * changes nothing and needs nobody.
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

interface Quote {
  totals: { totalPaise: number };
  reductionPaise: number;
  approvalNeeded: boolean;
  offers: { id: string; savingPaise: number }[];
  notApplied: { id: string; reason: string }[];
}

describeEachEngine('offer override at the counter', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let kurta: string;
  let tenOff: string;
  let members: string;
  let otherBrand: string;
  let cashier: SignedIn;
  let managerSession: SignedIn;
  let manager: TestAccount & { secret: string; userId: string };
  let n = 0;
  const key = () => ({ 'idempotency-key': `offer-override-${String((n += 1)).padStart(6, '0')}` });
  const post = (s: SignedIn, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...headers }, payload: payload as object });
  const sale = (offers: object, extra: object = {}) => ({
    storeId,
    lines: [{ variantId: kurta, quantity: 1 }],
    offers,
    ...extra,
  });
  const pay = (offers: object, amountPaise: number, extra: object = {}) =>
    post(
      cashier,
      '/api/v1/invoices',
      { ...sale(offers, extra), payments: [{ method: 'cash', amountPaise }] },
      key(),
    );
  const approve = (maxDiscountPaise: number, offers?: object) => {
    t.clock.advance(30_000);
    return post(cashier, '/api/v1/discount-approvals', {
      storeId,
      email: manager.email,
      password: manager.password,
      code: totpCodeAt(manager.secret, t.clock.now()),
      maxDiscountPaise,
      ...(offers === undefined ? {} : { offers }),
    });
  };
  const overrides = (invoiceId: string) =>
    getDb()
      .db.selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'offer.override')
      .where('object_id', '=', invoiceId)
      .execute();

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Override Fabrics' }));
    await seedRoles(getDb().db, tenantId);
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, { city: 'Surat', pincode: '395003' });
    const item = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Silk kurta',
      hsnSac: '6211',
      uqc: 'PCS',
      rateCategory: 'gst-5',
      priceIncludesTax: true,
      brand: 'Override House',
      variants: [{ pricePaise: 100_000, mrpPaise: 100_000 }],
    });
    kurta = item.variants[0]?.id ?? '';
    await t.services.billing.stock.adjust(op, {
      storeId,
      reason: 'opening',
      lines: [{ variantId: kurta, quantity: 100 }],
    });
    const base = {
      storeId: null,
      customerGroup: null,
      startsAt: '2020-01-01T00:00:00.000Z',
      endsAt: null,
      priority: 0,
      stacking: 'stackable' as const,
      couponRequired: false,
    };
    tenOff = (
      await t.services.billing.offers.createOffer(op, {
        ...base,
        name: 'Brand week 10 % off',
        priority: 1,
        rule: { kind: 'percent-off', targets: [{ kind: 'brand', value: 'Override House' }], percentBp: 1000 },
      })
    ).id;
    members = (
      await t.services.billing.offers.createOffer(op, {
        ...base,
        name: 'Gold members Rs 150 off',
        customerGroup: 'Gold',
        rule: { kind: 'flat-off', targets: [{ kind: 'item', value: item.id }], amountPaise: 15_000 },
      })
    ).id;
    otherBrand = (
      await t.services.billing.offers.createOffer(op, {
        ...base,
        name: 'Another brand 5 % off',
        rule: { kind: 'percent-off', targets: [{ kind: 'brand', value: 'Elsewhere' }], percentBp: 500 },
      })
    ).id;
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    const m = await createAccount(t.services, tenantId, { role: 'manager', storeId });
    managerSession = await signIn(t, m, 'manager');
    manager = { ...m, secret: managerSession.totpSecret ?? '', userId: m.userId };
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('a cashier leaves an offer out only with a manager’s approval, which is used once and recorded', async () => {
    const quote = (await post(cashier, '/api/v1/invoices/quote', sale({ skip: [tenOff] }))).json<Quote>();
    expect(quote).toMatchObject({ approvalNeeded: true, reductionPaise: 0, totals: { totalPaise: 100_000 } });
    expect(quote.notApplied).toContainEqual(expect.objectContaining({ id: tenOff, reason: 'skipped' }));

    const refused = await pay({ skip: [tenOff] }, 100_000);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { field: 'offers.skip', details: { reason: 'approval_required' }, message: /needs a manager/ },
    });

    const approval = await approve(0, { skip: [tenOff] });
    expect(approval.statusCode).toBe(201);
    const { approvalId } = approval.json<{ approvalId: string }>();
    const approved = (
      await post(cashier, '/api/v1/invoices/quote', sale({ skip: [tenOff] }, { approvalId }))
    ).json<Quote>();
    expect(approved.approvalNeeded).toBe(false);

    const sold = await pay({ skip: [tenOff] }, 100_000, { approvalId });
    expect(sold.statusCode).toBe(201);
    const invoice = sold.json<{ id: string; totals: { totalPaise: number } }>();
    expect(invoice.totals.totalPaise).toBe(100_000);
    const entries = await overrides(invoice.id);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]?.details ?? '{}')).toEqual({
      offerIds: [],
      savingPaise: 0,
      skippedOfferIds: [tenOff],
      approvedBy: manager.userId,
      approvalId,
    });
    // Used once: the next sale that leaves it out asks again.
    const again = await pay({ skip: [tenOff] }, 100_000, { approvalId });
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ error: { details: { reason: 'approval_required' } } });
  });

  it('applying an offer anyway needs an approval that covers what it takes off', async () => {
    const quote = (await post(cashier, '/api/v1/invoices/quote', sale({ force: [members] }))).json<Quote>();
    // 10 % of Rs 1,000 first (its priority is higher), then Rs 150 off the Rs 900 left.
    expect(quote).toMatchObject({
      approvalNeeded: true,
      reductionPaise: 15_000,
      totals: { totalPaise: 75_000 },
    });
    const refused = await pay({ force: [members] }, 75_000);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { field: 'offers.force' } });

    const small = (await approve(14_999, { force: [members] })).json<{ approvalId: string }>();
    const tooSmall = await pay({ force: [members] }, 75_000, { approvalId: small.approvalId });
    expect(tooSmall.statusCode).toBe(403);
    expect(tooSmall.json<{ error: { message: string } }>().error.message).toMatch(/covers Rs 149\.99 off/);

    const enough = (await approve(15_000, { force: [members] })).json<{ approvalId: string }>();
    const sold = await pay({ force: [members] }, 75_000, { approvalId: enough.approvalId });
    expect(sold.statusCode).toBe(201);
    const invoice = sold.json<{ id: string; totals: { totalPaise: number } }>();
    expect(invoice.totals.totalPaise).toBe(75_000);
    const [entry] = await overrides(invoice.id);
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({
      offerIds: [members],
      savingPaise: 15_000,
      skippedOfferIds: [],
      approvedBy: manager.userId,
      approvalId: enough.approvalId,
    });
  });

  it('an approval covers only the change to the offers it was given for', async () => {
    // Approved for leaving the brand offer out; the sale then applies the members' offer instead.
    const forSkip = (await approve(20_000, { skip: [tenOff] })).json<{ approvalId: string }>();
    const swapped = await pay({ force: [members] }, 75_000, { approvalId: forSkip.approvalId });
    expect(swapped.statusCode).toBe(403);
    expect(swapped.json()).toMatchObject({
      error: {
        field: 'approvalId',
        details: { reason: 'approval_required' },
        message: /offers are not the ones the manager approved/,
      },
    });
    const both = await pay({ skip: [tenOff], force: [members] }, 85_000, { approvalId: forSkip.approvalId });
    expect(both.statusCode).toBe(403);
    // An approval given for a discount alone does not cover a change to the offers.
    const plain = (await approve(20_000)).json<{ approvalId: string }>();
    const quote = (
      await post(
        cashier,
        '/api/v1/invoices/quote',
        sale({ skip: [tenOff] }, { approvalId: plain.approvalId }),
      )
    ).json<Quote>();
    expect(quote.approvalNeeded).toBe(true);
    expect((await pay({ skip: [tenOff] }, 100_000, { approvalId: plain.approvalId })).statusCode).toBe(403);
    // The same change in another order and with a repeat is the same change: the approval holds.
    const exact = (await approve(15_000, { force: [members], skip: [] })).json<{ approvalId: string }>();
    const sold = await pay({ force: [members, members] }, 75_000, { approvalId: exact.approvalId });
    expect(sold.statusCode).toBe(201);
    // Nothing was used up by the refusals: the first approval still serves its own change.
    const own = await pay({ skip: [tenOff] }, 100_000, { approvalId: forSkip.approvalId });
    expect(own.statusCode).toBe(201);
  });

  it('a manager changes the offers alone; leaving out an offer that does not concern the cart needs nobody', async () => {
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: { ...managerSession.headers, ...key() },
      payload: {
        ...sale({ skip: [tenOff], force: [members] }),
        payments: [{ method: 'cash', amountPaise: 85_000 }],
      },
    });
    expect(own.statusCode).toBe(201);
    const invoice = own.json<{ id: string; totals: { totalPaise: number } }>();
    expect(invoice.totals.totalPaise).toBe(85_000);
    const [entry] = await overrides(invoice.id);
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({
      offerIds: [members],
      skippedOfferIds: [tenOff],
      approvedBy: manager.userId,
      approvalId: null,
    });

    const unrelated = await pay({ skip: [otherBrand] }, 90_000);
    expect(unrelated.statusCode).toBe(201);
    expect(await overrides(unrelated.json<{ id: string }>().id)).toHaveLength(0);
  });
});
