/**
 * The salon API over the real app (routes, guard, sessions) on both engines: a manager sets up a
 * service, a cashier books and bills it with the stylist through `/salon/bills` and `/invoices`
 * (`staffIds`), bad input gets a 4xx naming the field, a stylist sees only their own
 * commissions, and a cashier cannot read client notes.
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

describeEachEngine('salon API', (getDb) => {
  let t: IdentityTestApp;
  let storeId: string;
  let owner: SignedIn;
  let cashier: SignedIn;
  let stylist: SignedIn;
  let stylistId: string;
  let serviceId: string;
  let customerId: string;
  let n = 0;
  const idem = () => `salon-api-${String((n += 1)).padStart(6, '0')}`;
  const send = (
    s: SignedIn,
    method: 'GET' | 'POST',
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
    const tenant = await createTenant(getDb().db, { name: 'Glow Salon' });
    storeId = tenant.storeId;
    await seedRoles(getDb().db, tenant.tenantId);
    await t.services.billing.settings.updateStoreProfile(operatorActor(tenant.tenantId), storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    owner = await signIn(t, await createAccount(t.services, tenant.tenantId, { role: 'owner' }), 'owner');
    cashier = await signIn(t, await createAccount(t.services, tenant.tenantId, { role: 'cashier', storeId }));
    const stylistAccount = await createAccount(t.services, tenant.tenantId, { role: 'stylist', storeId });
    stylistId = stylistAccount.userId;
    stylist = await signIn(t, stylistAccount);
    // A service of its own for tests that run before (or without) the one created over the API.
    serviceId = (
      await t.services.salon.services.create(operatorActor(tenant.tenantId), {
        name: 'Head massage',
        sac: '999721',
        pricePaise: 20_000,
        priceIncludesTax: true,
        durationMinutes: 20,
        staffIds: [stylistId],
      })
    ).id;
    customerId = (
      await t.services.billing.customers.create(operatorActor(tenant.tenantId), {
        name: 'Meera Iyer',
        phone: '9812345670',
        creditLimitPaise: 0,
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('sets up a service, books it and bills it with the stylist; invoices take staffIds', async () => {
    const created = await send(owner, 'POST', '/api/v1/services', {
      name: 'Haircut',
      pricePaise: 31_500,
      durationMinutes: 45,
      staffIds: [stylistId],
    });
    expect(created.statusCode).toBe(201);
    serviceId = created.json<{ id: string }>().id;
    const refused = await send(cashier, 'POST', '/api/v1/services', {
      name: 'X',
      pricePaise: 1,
      durationMinutes: 30,
    });
    expect(refused.statusCode).toBe(403);
    const booked = await send(cashier, 'POST', '/api/v1/appointments', {
      storeId,
      staffId: stylistId,
      serviceId,
      customerId,
      source: 'walk_in',
    });
    expect(booked.statusCode).toBe(201);
    const appointmentId = booked.json<{ id: string }>().id;
    expect((await send(cashier, 'POST', `/api/v1/appointments/${appointmentId}/check-in`)).statusCode).toBe(
      200,
    );
    const bill = await send(
      cashier,
      'POST',
      '/api/v1/salon/bills',
      {
        storeId,
        customerId,
        appointmentId,
        lines: [{ variantId: serviceId, staffIds: [stylistId] }],
        payments: [{ method: 'cash', amountPaise: 50_000 }],
      },
      { 'idempotency-key': idem() },
    );
    expect(bill.statusCode).toBe(201);
    expect(
      bill.json<{ document: { totals: { totalPaise: number } }; salon: { staff: unknown[] } }>(),
    ).toMatchObject({
      document: { totals: { totalPaise: 31_500 } },
      salon: { staff: [{ line: 1, firstNames: [expect.any(String)] }] },
    });
    const invoice = await send(
      cashier,
      'POST',
      '/api/v1/invoices',
      {
        storeId,
        lines: [{ variantId: serviceId, quantity: 1, staffIds: [stylistId] }],
        payments: [{ method: 'cash', amountPaise: 31_500 }],
      },
      { 'idempotency-key': idem() },
    );
    expect(invoice.statusCode).toBe(201);
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const cases: Array<[string, object, string]> = [
      ['/api/v1/appointments', { storeId, staffId: stylistId, serviceId, source: 'phone' }, 'body.startsAt'],
      [
        '/api/v1/wallets',
        { customerId, paidPaise: 1_000, valuePaise: 500, method: 'cash' },
        'body.valuePaise',
      ],
      [
        '/api/v1/invoices',
        { storeId, lines: [{ variantId: serviceId, quantity: 1, staffIds: ['nope'] }] },
        'body.lines.0.staffIds.0',
      ],
    ];
    for (const [url, body, field] of cases) {
      const res = await send(cashier, 'POST', url, body, { 'idempotency-key': idem() });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<ErrorReply>().error.field).toBe(field);
    }
  });

  it('shows a stylist only their own commissions and keeps client notes from a cashier', async () => {
    const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const mine = await send(
      stylist,
      'GET',
      `/api/v1/commissions?storeId=${storeId}&from=${today}&to=${today}`,
    );
    expect(mine.statusCode).toBe(200);
    expect(mine.json<{ rows: Array<{ staffId: string }> }>().rows.every((r) => r.staffId === stylistId)).toBe(
      true,
    );
    const note = await send(stylist, 'POST', `/api/v1/customers/${customerId}/notes`, {
      kind: 'allergy',
      text: 'PPD allergy',
    });
    expect(note.statusCode).toBe(201);
    const read = await send(cashier, 'POST', `/api/v1/customers/${customerId}/notes/read`, {});
    expect(read.statusCode).toBe(403);
    expect(read.body).not.toContain('PPD');
  });
});
