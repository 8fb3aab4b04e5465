/**
 * The agri API over the real app on both engines: an owner records a licence and a category
 * rule, receives a batch through `/stock/receipts`, a cashier sells it through `/invoices` and
 * sees the FEFO list; bad input gets a 400 naming the field and a cashier cannot change rules.
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

interface ErrorReply {
  error: { code: string; field?: string };
}

describeEachEngine('agri API', (getDb) => {
  let t: IdentityTestApp;
  let storeId: string;
  let owner: SignedIn;
  let cashier: SignedIn;
  let variantId: string;
  const send = (
    s: SignedIn,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...s.headers, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db, { name: 'Kisan Krishi Kendra' });
    storeId = tenant.storeId;
    await seedRoles(getDb().db, tenant.tenantId);
    const operator = operatorActor(tenant.tenantId);
    await t.services.billing.settings.updateStoreProfile(operator, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    owner = await signIn(t, await createAccount(t.services, tenant.tenantId, { role: 'owner' }), 'owner');
    cashier = await signIn(t, await createAccount(t.services, tenant.tenantId, { role: 'cashier', storeId }));
    const item = await t.services.billing.items.createItem(operator, {
      kind: 'goods',
      name: 'Imidacloprid 17.8% SL 250 ml',
      hsnSac: '3808',
      uqc: 'BTL',
      rateCategory: 'gst-18',
      priceIncludesTax: true,
      category: 'Insecticides',
      variants: [{ pricePaise: 38_000 }],
    });
    variantId = item.variants[0]?.id ?? '';
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('licence, rule, batch receipt, FEFO sale and batch list through the API; bad input names the field', async () => {
    const badLicence = await send(owner, 'PUT', `/api/v1/stores/${storeId}/licences/pesticide`, {
      number: 'X',
      validUntil: '2027-13-01',
    });
    expect(badLicence.statusCode).toBe(400);
    expect(badLicence.json<ErrorReply>().error.field).toMatch(/^body\.(number|validUntil)$/);
    const licence = await send(owner, 'PUT', `/api/v1/stores/${storeId}/licences/pesticide`, {
      number: 'GJ/INS/2024/0815',
      validUntil: '2099-03-31',
    });
    expect(licence.statusCode).toBe(200);
    expect(
      (
        await send(cashier, 'PUT', `/api/v1/stores/${storeId}/licences/seed`, {
          number: 'SEED/1',
          validUntil: '2099-01-01',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await send(cashier, 'PUT', '/api/v1/agri/category-rules', {
          category: 'Insecticides',
          needsBatch: true,
          licenceKind: 'pesticide',
        })
      ).statusCode,
    ).toBe(403);
    const badRule = await send(owner, 'PUT', '/api/v1/agri/category-rules', {
      category: 'Insecticides',
      needsBatch: true,
      licenceKind: 'poison',
    });
    expect(badRule.json<ErrorReply>().error.field).toBe('body.licenceKind');
    expect(
      (
        await send(owner, 'PUT', '/api/v1/agri/category-rules', {
          category: 'Insecticides',
          needsBatch: true,
          licenceKind: 'pesticide',
        })
      ).statusCode,
    ).toBe(200);
    const receipt = (batchNo: string, expiryDate: string) => ({
      storeId,
      supplierName: 'Bayer CropScience',
      supplierInvoiceNo: `B-${batchNo.replace(/[^A-Za-z0-9-]/g, '')}`,
      supplierInvoiceDate: '2026-01-10',
      lines: [{ variantId, quantity: 4, unitCostPaise: 25_000, batch: { batchNo, expiryDate } }],
    });
    const badBatch = await send(owner, 'POST', '/api/v1/stock/receipts', receipt('BAD BATCH!', '2099-01-01'));
    expect(badBatch.statusCode).toBe(400);
    expect(badBatch.json<ErrorReply>().error.field).toBe('body.lines.0.batch.batchNo');
    expect(
      (await send(owner, 'POST', '/api/v1/stock/receipts', receipt('IM-LATE', '2099-06-30'))).statusCode,
    ).toBe(201);
    expect(
      (await send(owner, 'POST', '/api/v1/stock/receipts', receipt('IM-SOON', '2098-06-30'))).statusCode,
    ).toBe(201);
    const sold = await send(
      cashier,
      'POST',
      '/api/v1/invoices',
      { storeId, lines: [{ variantId, quantity: 1 }], payments: [{ method: 'cash', amountPaise: 38_000 }] },
      { 'idempotency-key': 'agri-api-sale-000001' },
    );
    expect(sold.statusCode).toBe(201);
    const list = await send(
      cashier,
      'GET',
      `/api/v1/stock/batches?storeId=${storeId}&variantId=${variantId}`,
    );
    expect(list.statusCode).toBe(200);
    const batches = list.json<{ batches: { batchNo: string; quantity: number; id: string }[] }>().batches;
    expect(batches.map((b) => [b.batchNo, b.quantity])).toEqual([
      ['IM-SOON', 3],
      ['IM-LATE', 4],
    ]);
    const one = await send(cashier, 'GET', `/api/v1/stock/batches/${batches[0]?.id ?? ''}`);
    expect(one.json<{ movements: { kind: string }[] }>().movements.map((m) => m.kind)).toEqual([
      'receipt',
      'sale',
    ]);
    const near = await send(cashier, 'GET', '/api/v1/stock/batches/near-expiry?days=60');
    expect(near.statusCode).toBe(200);
    const badDays = await send(cashier, 'GET', '/api/v1/stock/batches/near-expiry?days=9999');
    expect(badDays.json<ErrorReply>().error.field).toBe('querystring.days');
    const licences = await send(cashier, 'GET', `/api/v1/stores/${storeId}/licences`);
    expect(licences.json<{ licences: { kind: string; number: string }[] }>().licences).toEqual([
      expect.objectContaining({ kind: 'pesticide', number: 'GJ/INS/2024/0815' }),
    ]);
  });
});
