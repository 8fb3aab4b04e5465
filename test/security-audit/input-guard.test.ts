/**
 * The input guard of free-text fields over the real API on both engines: a card or Aadhaar number
 * typed into a note, an item description or an address line is refused with a 400 naming the field
 * and saying why, the value is not echoed or logged, and nothing is written; phone numbers and
 * ordinary text pass. The same rule refuses such a value in a CSV import row.
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
import { aadhaarWithCheckDigit } from './support/numbers.js';

const CARD = '4111 1111 1111 1111';
const AADHAAR = aadhaarWithCheckDigit('34567890123');

interface ErrorReply {
  error: { code: string; field?: string; message: string };
}

describeEachEngine('free-text input guard', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let o: SignedIn;
  let invoiceId: string;

  const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object) =>
    t.app.inject({ method, url, headers: o.headers, payload });
  const item = (name: string) => ({
    kind: 'goods',
    name,
    hsnSac: '6205',
    uqc: 'PCS',
    rateCategory: 'apparel',
    variants: [{ pricePaise: 105_000 }],
  });
  const expectRefused = (res: Awaited<ReturnType<typeof send>>, field: string, kind: RegExp) => {
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorReply>();
    expect(body.error.field).toBe(field);
    expect(body.error.message).toMatch(kind);
    expect(res.body).not.toMatch(/4111.?1111.?1111.?1111/);
    expect(res.body).not.toContain(AADHAAR.slice(4));
  };

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Fake Fabrics' }));
    await seedRoles(getDb().db, tenantId);
    o = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const created = await t.services.billing.items.createItem(op, {
      kind: 'goods',
      name: 'Cotton shirt',
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 105_000 }],
    });
    const variantId = created.variants[0]?.id ?? '';
    await t.services.billing.stock.adjust(op, {
      storeId,
      reason: 'opening',
      lines: [{ variantId, quantity: 5 }],
    });
    const sale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: { ...o.headers, 'idempotency-key': 'guard-test-sale-1' },
      payload: {
        storeId,
        lines: [{ variantId, quantity: 1 }],
        payments: [{ method: 'cash', amountPaise: 200_000 }],
      },
    });
    invoiceId = sale.json<{ id: string }>().id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('an item description with a card or Aadhaar number is refused, naming the field; nothing is written', async () => {
    expectRefused(
      await send('POST', '/api/v1/items', item(`Shirt for card ${CARD}`)),
      'body.name',
      /card number/,
    );
    expectRefused(await send('POST', '/api/v1/items', item(`Gift, uid ${AADHAAR}`)), 'body.name', /Aadhaar/);
    const items = await getDb()
      .db.selectFrom('items')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(items.map((i) => i.name)).toEqual(['Cotton shirt']);
  });

  it('a cancellation note with an Aadhaar number is refused; a phone number in it is fine', async () => {
    const url = `/api/v1/invoices/${invoiceId}/cancel`;
    expectRefused(
      await send('POST', url, { reason: 'other', note: `buyer uid ${AADHAAR}` }),
      'body.note',
      /Aadhaar/,
    );
    const ok = await send('POST', url, {
      reason: 'other',
      note: 'Wrong size; buyer will call on 98765 43210',
    });
    expect(ok.statusCode).toBe(200);
  });

  it("an address's extra line with a card number is refused, for customers and for the shop's profile", async () => {
    const customer = {
      name: 'Asha Fake',
      address: {
        line1: '1 Test Road',
        line2: `card ${CARD}`,
        city: 'Ahmedabad',
        pincode: '380009',
        stateCode: '24',
      },
    };
    expectRefused(await send('POST', '/api/v1/customers', customer), 'body.address.line2', /card number/);
    expectRefused(
      await send('PATCH', `/api/v1/stores/${storeId}/billing-profile`, {
        addressLine2: `Aadhaar ${AADHAAR}`,
      }),
      'body.addressLine2',
      /Aadhaar/,
    );
    expect(t.log.text).not.toMatch(/4111.?1111.?1111.?1111/);
    expect(t.log.text).not.toContain(AADHAAR.slice(4));
  });
});
