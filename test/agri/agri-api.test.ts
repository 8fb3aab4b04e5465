/**
 * The agri API over the real app on both engines: an owner records a licence and a category
 * rule, receives a batch through `/stock/receipts`, a cashier sells it through `/invoices` and
 * sees the FEFO list; bad input gets a 400 naming the field and a cashier cannot change rules.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
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
  let tenantId: string;
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
    tenantId = tenant.tenantId;
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

  it('khata settings, a farmer khata, the statement PDF and a recall through the API; bad input names the field', async () => {
    const setup = [
      send(owner, 'PUT', `/api/v1/stores/${storeId}/licences/pesticide`, {
        number: 'GJ/INS/2024/0815',
        validUntil: '2099-03-31',
      }),
      send(owner, 'PUT', '/api/v1/agri/category-rules', {
        category: 'Insecticides',
        needsBatch: true,
        licenceKind: 'pesticide',
      }),
    ];
    for (const r of await Promise.all(setup)) expect(r.statusCode).toBe(200);
    // An item of its own, so the first test's batch list stays as it expects in any order.
    const item = await t.services.billing.items.createItem(operatorActor(tenantId), {
      kind: 'goods',
      name: 'Chlorantraniliprole 18.5% SC 150 ml',
      hsnSac: '3808',
      uqc: 'BTL',
      rateCategory: 'gst-18',
      priceIncludesTax: true,
      category: 'Insecticides',
      variants: [{ pricePaise: 38_000 }],
    });
    const variantId = item.variants[0]?.id ?? '';
    const settings = {
      interest: { enabled: true, rateBp: 1800, graceDays: 15 },
      seasonDue: { kharif: '12-31', rabi: '06-30', zaid: '09-30' },
      remindersEnabled: false,
    };
    expect((await send(cashier, 'PUT', '/api/v1/agri/khata-settings', settings)).statusCode).toBe(403);
    const bad = await send(owner, 'PUT', '/api/v1/agri/khata-settings', {
      ...settings,
      interest: { enabled: true, rateBp: 90_000, graceDays: 15 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorReply>().error.field).toBe('body.interest.rateBp');
    expect((await send(owner, 'PUT', '/api/v1/agri/khata-settings', settings)).statusCode).toBe(200);
    expect((await send(cashier, 'GET', '/api/v1/agri/khata-settings')).json()).toEqual(settings);

    const farmer = await send(owner, 'POST', '/api/v1/customers', {
      name: 'रमेश पटेल',
      phone: '+91 98250 11223',
      creditLimitPaise: 5_000_000,
    });
    expect(farmer.statusCode).toBe(201);
    const customerId = farmer.json<{ id: string }>().id;
    const batchNo = `KH-${String(Date.now() % 100_000)}`;
    expect(
      (
        await send(owner, 'POST', '/api/v1/stock/receipts', {
          storeId,
          supplierName: 'Bayer CropScience',
          supplierInvoiceNo: `B-${batchNo}`,
          supplierInvoiceDate: '2026-01-10',
          lines: [
            { variantId, quantity: 5, unitCostPaise: 25_000, batch: { batchNo, expiryDate: '2097-06-30' } },
          ],
        })
      ).statusCode,
    ).toBe(201);
    const batches = (
      await send(cashier, 'GET', `/api/v1/stock/batches?storeId=${storeId}&variantId=${variantId}`)
    ).json<{ batches: { batchNo: string; id: string }[] }>().batches;
    const batchId = batches.find((b) => b.batchNo === batchNo)?.id ?? '';
    const sale = await send(
      cashier,
      'POST',
      '/api/v1/invoices',
      {
        storeId,
        customerId,
        lines: [{ variantId, quantity: 2, batchId }],
        payments: [{ method: 'credit', amountPaise: 76_000 }],
      },
      { 'idempotency-key': `agri-api-credit-${batchNo}` },
    );
    expect(sale.statusCode).toBe(201);
    expect(
      (
        await send(cashier, 'POST', `/api/v1/customers/${customerId}/payments`, {
          amountPaise: 26_000,
          method: 'cash',
        })
      ).statusCode,
    ).toBe(201);
    const khata = await send(cashier, 'GET', `/api/v1/customers/${customerId}/khata`);
    expect(khata.json()).toMatchObject({ balancePaise: 50_000, overduePaise: 0, interestPaise: 0 });
    const badDate = await send(cashier, 'GET', `/api/v1/customers/${customerId}/khata?asOf=2027-02-30`);
    expect(badDate.json<ErrorReply>().error.field).toBe('querystring.asOf');

    const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const pdf = await send(
      cashier,
      'GET',
      `/api/v1/customers/${customerId}/statement?from=2026-01-01&to=${today}&lang=hi`,
    );
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdftotext(pdf.rawPayload);
    expect(text).toContain('खाता विवरण');
    expect(text).toContain('रमेश पटेल');
    expect(text).toMatch(/760\.00[\s\S]*260\.00[\s\S]*500\.00/);
    const badLang = await send(
      cashier,
      'GET',
      `/api/v1/customers/${customerId}/statement?from=2026-01-01&to=${today}&lang=fr`,
    );
    expect(badLang.json<ErrorReply>().error.field).toBe('querystring.lang');

    const recall = await send(cashier, 'GET', `/api/v1/recalls/batches/${batchId}`);
    expect(recall.statusCode).toBe(200);
    expect(recall.json<{ sales: { quantity: number; hasFarmer: boolean }[] }>().sales).toEqual([
      expect.objectContaining({ quantity: 2, hasFarmer: true }),
    ]);
    expect(recall.body).not.toContain('98250');
    const reveal = await send(cashier, 'POST', `/api/v1/recalls/batches/${batchId}/farmers`, {
      reason: { category: 'legal', text: 'recall' },
    });
    expect(reveal.statusCode).toBe(403);
    const noReason = await send(owner, 'POST', `/api/v1/recalls/batches/${batchId}/farmers`, {});
    expect(noReason.json<ErrorReply>().error.field).toBe('body.reason');
    expect((await send(cashier, 'POST', `/api/v1/recalls/batches/${batchId}/notice`)).statusCode).toBe(403);
  });
});
