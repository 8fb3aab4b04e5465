/**
 * An owner of one business cannot touch another business's billing objects, and cannot learn
 * that they exist: every item, variant, customer, invoice, credit note and store id of the other
 * tenant answers 404 on every billing route, on both engines, and nothing changes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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
} from '../support/identity.js';

describeEachEngine('tenant isolation (billing objects)', (getDb) => {
  let t: IdentityTestApp;
  let attacker: SignedIn;
  const v = { storeId: '', itemId: '', variantId: '', customerId: '', invoiceId: '', noteId: '' };

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const a = await createTenant(getDb().db, { name: 'Attacker Traders' });
    const b = await createTenant(getDb().db, {
      name: 'Victim Sarees',
      gstin: '27AAQCA8719H1Z6',
      stateCode: '27',
    });
    await seedRoles(getDb().db, a.tenantId);
    attacker = await signIn(t, await createAccount(t.services, a.tenantId, { role: 'owner' }), 'owner');
    const billing = t.services.billing;
    const op = operatorActor(b.tenantId);
    await billing.settings.updateStoreProfile(op, b.storeId, { city: 'Mumbai', pincode: '400001' });
    const item = await billing.items.createItem(op, {
      kind: 'goods',
      name: 'Silk saree',
      hsnSac: '5007',
      uqc: 'PCS',
      rateCategory: 'gst-5',
      priceIncludesTax: true,
      variants: [{ pricePaise: 500_000 }],
    });
    const customer = await billing.customers.create(op, {
      name: 'Victim Buyer (test)',
      phone: '9876522222',
      creditLimitPaise: 0,
    });
    const invoice = await billing.checkout.checkout(
      op,
      {
        storeId: b.storeId,
        customerId: customer.id,
        lines: [{ variantId: item.variants[0]?.id ?? '', quantity: 2 }],
        payments: [{ method: 'cash', amountPaise: 1_000_000 }],
      },
      'victim-sale-0001',
    );
    const note = await billing.creditNotes.issue(
      op,
      {
        invoiceId: invoice.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 500_000 }],
      },
      'victim-note-0001',
    );
    Object.assign(v, {
      storeId: b.storeId,
      itemId: item.id,
      variantId: item.variants[0]?.id ?? '',
      customerId: customer.id,
      invoiceId: invoice.id,
      noteId: note.id,
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers 404 for every billing object id of another tenant, and changes nothing', async () => {
    const key = { 'idempotency-key': 'attack-key-0001' };
    const cases: Array<{
      method: 'GET' | 'POST' | 'PATCH';
      url: string;
      payload?: object;
      headers?: Record<string, string>;
    }> = [
      { method: 'GET', url: `/api/v1/items/${v.itemId}` },
      { method: 'PATCH', url: `/api/v1/items/${v.itemId}`, payload: { name: 'Pwned' } },
      {
        method: 'PATCH',
        url: `/api/v1/items/${v.itemId}/variants/${v.variantId}`,
        payload: { pricePaise: 1 },
      },
      { method: 'POST', url: `/api/v1/items/${v.itemId}/variants`, payload: { pricePaise: 1 } },
      { method: 'GET', url: `/api/v1/customers/${v.customerId}` },
      { method: 'PATCH', url: `/api/v1/customers/${v.customerId}`, payload: { creditLimitPaise: 1 } },
      { method: 'GET', url: `/api/v1/customers/${v.customerId}/ledger` },
      {
        method: 'POST',
        url: `/api/v1/customers/${v.customerId}/payments`,
        payload: { amountPaise: 100, method: 'cash' },
      },
      { method: 'GET', url: `/api/v1/invoices/${v.invoiceId}` },
      { method: 'GET', url: `/api/v1/invoices/${v.invoiceId}/pdf` },
      { method: 'GET', url: `/api/v1/invoices/${v.invoiceId}/receipt.txt` },
      { method: 'GET', url: `/api/v1/invoices/${v.invoiceId}/e-invoice` },
      { method: 'POST', url: `/api/v1/invoices/${v.invoiceId}/cancel`, payload: { reason: 'duplicate' } },
      { method: 'GET', url: `/api/v1/credit-notes/${v.noteId}` },
      { method: 'GET', url: `/api/v1/credit-notes/${v.noteId}/pdf` },
      {
        method: 'POST',
        url: '/api/v1/credit-notes',
        headers: key,
        payload: {
          invoiceId: v.invoiceId,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity: 1 }],
          refunds: [],
        },
      },
      {
        method: 'POST',
        url: '/api/v1/exchanges',
        headers: key,
        payload: {
          invoiceId: v.invoiceId,
          returnLines: [{ lineNumber: 1, quantity: 1 }],
          lines: [{ variantId: v.variantId, quantity: 1 }],
        },
      },
      {
        method: 'POST',
        url: '/api/v1/invoices',
        headers: key,
        payload: { storeId: v.storeId, lines: [{ variantId: v.variantId, quantity: 1 }] },
      },
      { method: 'GET', url: `/api/v1/stock?storeId=${v.storeId}` },
      { method: 'GET', url: `/api/v1/stock/movements?storeId=${v.storeId}` },
      {
        method: 'POST',
        url: '/api/v1/stock/adjustments',
        payload: { storeId: v.storeId, reason: 'count', lines: [{ variantId: v.variantId, quantity: 1 }] },
      },
      { method: 'GET', url: `/api/v1/stores/${v.storeId}/billing-profile` },
      { method: 'GET', url: `/api/v1/series?storeId=${v.storeId}` },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers: { ...attacker.headers, ...(c.headers ?? {}) },
        ...(c.payload === undefined ? {} : { payload: c.payload }),
      });
      expect(res.statusCode, `${c.method} ${c.url}: ${res.body}`).toBe(404);
    }
    const variant = await getDb()
      .db.selectFrom('item_variants')
      .select('price')
      .where('id', '=', v.variantId)
      .executeTakeFirstOrThrow();
    expect(variant.price).toBe(500_000);
    const cancelled = await getDb()
      .db.selectFrom('sales_cancellations')
      .select('document_id')
      .where('document_id', '=', v.invoiceId)
      .execute();
    expect(cancelled).toEqual([]);
    const notes = await getDb()
      .db.selectFrom('sales_documents')
      .select('id')
      .where('original_id', '=', v.invoiceId)
      .execute();
    expect(notes).toHaveLength(1);
    const lookup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers/lookup',
      headers: attacker.headers,
      payload: { phone: '9876522222' },
    });
    expect(lookup.json<{ customers: unknown[] }>().customers).toEqual([]);
  });
});
