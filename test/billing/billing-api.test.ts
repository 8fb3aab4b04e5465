/**
 * The billing API over the real app (real routes, guard, sessions with TOTP) on both engines:
 * checkout with an Idempotency-Key, card numbers refused anywhere in the body, store scoping,
 * documents (A4 and thermal PDF, receipt text, e-invoice), reports, customer reveal behind
 * step-up, settings behind step-up, and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface ErrorReply {
  error: { code: string; field?: string; message: string };
}

describeEachEngine('billing API', (getDb) => {
  let t: IdentityTestApp;
  let storeId: string;
  let otherStore: string;
  let tenantId: string;
  let variant: string;
  let owner: TestAccount;
  let o: SignedIn;
  let cashier: SignedIn;
  let accountant: SignedIn;
  let n = 0;
  const idem = () => `api-test-${String((n += 1)).padStart(6, '0')}`;
  const post = (s: SignedIn, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...headers }, payload: payload as object });
  const get = (s: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const sale = (extra: object = {}) => ({
    storeId,
    lines: [{ variantId: variant, quantity: 1 }],
    payments: [{ method: 'cash', amountPaise: 200_000 }],
    ...extra,
  });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db, { name: 'Sharma Garments' });
    ({ tenantId, storeId } = tenant);
    otherStore = await createStore(getDb().db, tenantId, { storeName: 'Branch' });
    await seedRoles(getDb().db, tenantId);
    const billing = t.services.billing;
    const op = operatorActor(tenantId);
    await billing.settings.updateStoreProfile(op, storeId, { city: 'Ahmedabad', pincode: '380009' });
    await billing.settings.updateStoreProfile(op, otherStore, { city: 'Surat', pincode: '395003' });
    const item = await billing.items.createItem(op, {
      kind: 'goods',
      name: 'Cotton shirt',
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 105_000, barcode: '8901234567890' }],
    });
    variant = item.variants[0]?.id ?? '';
    owner = await createAccount(t.services, tenantId, { role: 'owner' });
    o = await signIn(t, owner, 'owner');
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    accountant = await signIn(t, await createAccount(t.services, tenantId, { role: 'accountant' }));
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe('checkout', () => {
    it('issues an invoice once per Idempotency-Key (201, then 200 with the same invoice)', async () => {
      const headers = { 'idempotency-key': idem() };
      const first = await post(cashier, '/api/v1/invoices', sale(), headers);
      expect(first.statusCode).toBe(201);
      const again = await post(cashier, '/api/v1/invoices', sale(), headers);
      expect(again.statusCode).toBe(200);
      expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
      expect(first.headers['cache-control']).toContain('no-store');
      const missing = await post(cashier, '/api/v1/invoices', sale());
      expect(missing.statusCode).toBe(400);
      expect(missing.json<ErrorReply>().error.field).toBe('headers.idempotency-key');
    });

    it('refuses a full card number anywhere in the body, naming the field, and never echoes it', async () => {
      const cases: Array<[object, string]> = [
        [
          sale({
            payments: [
              { method: 'card', amountPaise: 105_000, last4: '1111', reference: '4111-1111-1111-1111' },
            ],
          }),
          'body.payments.0.reference',
        ],
        [{ ...sale(), cardNumber: '4111 1111 1111 1111' }, 'body.cardNumber'],
        [sale({ lines: [{ barcode: '4111111111111111', quantity: 1 }] }), 'body.lines.0.barcode'],
        [{ ...sale(), note: 4111111111111111 }, 'body.note'],
      ];
      for (const [body, field] of cases) {
        const res = await post(cashier, '/api/v1/invoices', body, { 'idempotency-key': idem() });
        expect(res.statusCode, field).toBe(400);
        expect(res.json<ErrorReply>().error.field).toBe(field);
        expect(res.body).not.toContain('4111');
      }
      expect(t.log.text).not.toMatch(/4111.?1111.?1111.?1111/);
      const cvv = await post(
        cashier,
        '/api/v1/invoices',
        sale({
          payments: [
            { method: 'card', amountPaise: 105_000, last4: '1111', reference: 'AUTH-1', cvv: '123' },
          ],
        }),
        { 'idempotency-key': idem() },
      );
      expect(cvv.statusCode).toBe(400);
      // An EAN-13 barcode that happens to pass Luhn is still a barcode.
      const scanned = await post(
        cashier,
        '/api/v1/invoices',
        sale({ lines: [{ barcode: '8901234567890', quantity: 1 }] }),
        {
          'idempotency-key': idem(),
        },
      );
      expect(scanned.statusCode).toBe(201);
    });

    it('a cashier of one store cannot bill in another or read its invoices (404)', async () => {
      const res = await post(cashier, '/api/v1/invoices', sale({ storeId: otherStore }), {
        'idempotency-key': idem(),
      });
      expect(res.statusCode).toBe(404);
      const theirs = await post(o, '/api/v1/invoices', sale({ storeId: otherStore }), {
        'idempotency-key': idem(),
      });
      expect(theirs.statusCode).toBe(201);
      const id = theirs.json<{ id: string }>().id;
      expect((await get(cashier, `/api/v1/invoices/${id}`)).statusCode).toBe(404);
      expect((await get(cashier, `/api/v1/invoices/${id}/pdf`)).statusCode).toBe(404);
      const listed = await get(cashier, '/api/v1/invoices');
      expect(listed.json<{ documents: Array<{ id: string }> }>().documents.map((d) => d.id)).not.toContain(
        id,
      );
    });
  });

  describe('documents and reports', () => {
    let invoiceId: string;
    beforeAll(async () => {
      const res = await post(cashier, '/api/v1/invoices', sale(), { 'idempotency-key': idem() });
      invoiceId = res.json<{ id: string }>().id;
    });

    it('serves the A4 and thermal PDFs and the plain-text receipt', async () => {
      const a4 = await get(cashier, `/api/v1/invoices/${invoiceId}/pdf`);
      expect(a4.statusCode).toBe(200);
      expect(a4.headers['content-type']).toBe('application/pdf');
      expect(a4.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const thermal = await get(cashier, `/api/v1/invoices/${invoiceId}/pdf?format=thermal`);
      expect(thermal.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await get(cashier, `/api/v1/invoices/${invoiceId}/receipt.txt`);
      expect(text.headers['content-type']).toContain('text/plain');
      expect(text.body).toMatch(/Invoice No\.: INV\d?\/\d{2}-\d{2}\/\d{5}/);
      expect(text.body).toContain('24AAQCA8719H1ZC');
    });

    it('gives a B2B invoice its e-invoice JSON (schema 1.1, arithmetic checked); a B2C one answers 412', async () => {
      const buyer = await post(o, '/api/v1/customers', {
        name: 'Mumbai Wholesale (test)',
        gstin: '27AAQCA8719H1Z6',
        address: { line1: '12 Test Market', city: 'Mumbai', pincode: '400001', stateCode: '27' },
      });
      expect(buyer.statusCode).toBe(201);
      const sold = await post(
        cashier,
        '/api/v1/invoices',
        sale({ customerId: buyer.json<{ id: string }>().id }),
        {
          'idempotency-key': idem(),
        },
      );
      expect(sold.statusCode).toBe(201);
      const einv = await get(accountant, `/api/v1/invoices/${sold.json<{ id: string }>().id}/e-invoice`);
      expect(einv.statusCode).toBe(200);
      const json = einv.json<{
        Version: string;
        DocDtls: { Typ: string; No: string };
        BuyerDtls: { Gstin: string; Pos: string };
        ValDtls: { AssVal: number; TotInvVal: number };
      }>();
      expect(json.Version).toBe('1.1');
      expect(json.DocDtls.Typ).toBe('INV');
      expect(json.BuyerDtls).toMatchObject({ Gstin: '27AAQCA8719H1Z6' });
      expect(json.ValDtls).toMatchObject({ AssVal: 1000, TotInvVal: 1050 });
      expect((await get(cashier, `/api/v1/invoices/${invoiceId}/e-invoice`)).statusCode).toBe(412);
    });

    it('gives the accountant GSTR-1 for the month and the sales register; a cashier gets 403', async () => {
      const today = new Date(t.clock.now().getTime() + 330 * 60_000).toISOString();
      const period = `${today.slice(5, 7)}${today.slice(0, 4)}`;
      const gstr1 = await get(accountant, `/api/v1/reports/gstr1?period=${period}`);
      expect(gstr1.statusCode).toBe(200);
      const json = gstr1.json<{ gstin: string; fp: string; b2cs: Array<{ txval: number }> }>();
      expect(json).toMatchObject({ gstin: '24AAQCA8719H1ZC', fp: period });
      expect(json.b2cs.length).toBeGreaterThan(0);
      expect(gstr1.headers['content-disposition']).toContain(`GSTR1_24AAQCA8719H1ZC_${period}.json`);
      const day = today.slice(0, 10);
      const register = await get(accountant, `/api/v1/reports/sales-register.csv?from=${day}&to=${day}`);
      expect(register.statusCode).toBe(200);
      expect(register.body.split('\n')[0]).toContain('Date,Document type');
      expect((await get(cashier, `/api/v1/reports/gstr1?period=${period}`)).statusCode).toBe(403);
      const bad = await get(accountant, '/api/v1/reports/gstr1?period=132026');
      expect(bad.json<ErrorReply>().error.field).toBe('querystring.period');
    });
  });

  describe('customers and settings', () => {
    it('looks customers up by phone in the body, masks them, and reveals only after step-up', async () => {
      const created = await post(cashier, '/api/v1/customers', {
        name: 'Sunita Rao (test)',
        phone: '9876511111',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      const found = await post(cashier, '/api/v1/customers/lookup', { phoneLast4: '1111' });
      expect(found.json<{ customers: Array<{ id: string; phone: string }> }>().customers).toContainEqual(
        expect.objectContaining({ id, phone: '98xxxxxx11' }),
      );
      const aadhaar = await post(cashier, '/api/v1/customers', {
        name: 'X',
        address: { line1: '234123412346', city: 'Surat', pincode: '395001', stateCode: '24' },
      });
      expect(aadhaar.json<ErrorReply>().error.field).toBe('body.address.line1');
      const reveal = { fields: ['phone'], reason: { category: 'delivery', text: '' } };
      expect((await post(cashier, `/api/v1/customers/${id}/reveal`, reveal)).statusCode).toBe(403);
      t.clock.advance(6 * 60_000);
      await get(o, '/api/v1/auth/me');
      const stale = await post(o, `/api/v1/customers/${id}/reveal`, reveal);
      expect(stale.json<ErrorReply>().error.code).toBe('reauthentication_required');
      expect((await post(o, '/api/v1/auth/reauthenticate', { password: owner.password })).statusCode).toBe(
        204,
      );
      const shown = await post(o, `/api/v1/customers/${id}/reveal`, reveal);
      expect(shown.json()).toEqual({ id, phone: '+919876511111' });
    });

    it('changes billing settings and a store profile only after step-up', async () => {
      t.clock.advance(6 * 60_000);
      await get(o, '/api/v1/auth/me');
      const patch = { upiVpa: 'sharma@okbank', upiPayeeName: 'Sharma Garments' };
      const stale = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/billing/settings',
        headers: o.headers,
        payload: patch,
      });
      expect(stale.json<ErrorReply>().error.code).toBe('reauthentication_required');
      await post(o, '/api/v1/auth/reauthenticate', { password: owner.password });
      const ok = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/billing/settings',
        headers: o.headers,
        payload: patch,
      });
      expect(ok.json()).toMatchObject(patch);
      const prefix = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stores/${otherStore}/billing-profile`,
        headers: o.headers,
        payload: { invoicePrefix: 'BR2', creditNotePrefix: 'BR2' },
      });
      expect(prefix.json<ErrorReply>().error.field).toBe('creditNotePrefix');
      const series = await get(o, `/api/v1/series?storeId=${storeId}`);
      expect(
        series.json<{ series: Array<{ series: string; lastSequence: number }> }>().series[0],
      ).toMatchObject({
        series: 'invoice',
      });
    });

    it('imports a CSV upload (text/csv) on the import route only; other routes refuse CSV with 415', async () => {
      const csv = 'name,hsn_sac,rate_category,price\nPrinted stole,6214,apparel,349.00\n';
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/v1/items/import',
        headers: { ...o.headers, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(imported.statusCode).toBe(200);
      expect(imported.json()).toMatchObject({ rows: 1, imported: 1, rejected: false });
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { ...o.headers, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(elsewhere.statusCode).toBe(415);
    });

    it('publishes every billing route in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, unknown>;
      }>();
      for (const path of [
        '/api/v1/items',
        '/api/v1/customers',
        '/api/v1/invoices',
        '/api/v1/credit-notes',
        '/api/v1/exchanges',
        '/api/v1/reports/gstr1',
        '/api/v1/stock',
        '/api/v1/billing/settings',
      ])
        expect(Object.keys(doc.paths)).toContain(path);
    });
  });
});
