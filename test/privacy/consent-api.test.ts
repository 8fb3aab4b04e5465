/**
 * The consent ledger and the privacy routes over HTTP on both engines: a cashier records consent
 * in one tap (several purposes, counter source, current notice version) and withdrawal, the
 * ledger refuses to be rewritten, a marketing list holds only customers who consent on that
 * channel (and needs step-up, a reason and the export permission), a cashier can log a request
 * at the counter but not handle it, and the privacy routes are the privacy manager's.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createAccount, signIn, type SignedIn } from '../support/identity.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';

const GITA = { name: 'Gita Notreal', phone: '+919800001111', email: 'gita.notreal@example.com' };
const HARI = { name: 'Hari Invented', phone: '+919800001212', email: 'hari.invented@example.com' };
const INDU = { name: 'Indu Fiction', phone: '+919800001313' };

describeEachEngine('consent ledger and privacy routes', (getDb) => {
  let shop: PrivacyShop;
  let cashier: SignedIn;
  let owner: SignedIn;
  let ownerPassword = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    shop = await createPrivacyShop(getDb());
    for (const [key, person] of Object.entries({ gita: GITA, hari: HARI, indu: INDU }))
      ids[key] = await shop.customer(person);
    const c = await createAccount(shop.t.services, shop.tenant.tenantId, { role: 'cashier' });
    cashier = await signIn(shop.t, c);
    const o = await createAccount(shop.t.services, shop.tenant.tenantId, { role: 'owner' });
    ownerPassword = o.password;
    owner = await signIn(shop.t, o, 'owner');
  }, 60_000);
  afterAll(async () => shop?.close());

  const call = (
    who: SignedIn,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    shop.t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who.headers,
      ...(payload === undefined ? {} : { payload }),
    });

  it('records consent at the counter in one tap, and its withdrawal, append-only', async () => {
    const tap = await call(cashier, 'POST', `/customers/${ids.gita}/consents`, {
      purposes: ['marketing_sms', 'marketing_email', 'loyalty'],
      granted: true,
      source: 'counter',
      storeId: shop.tenant.storeId,
    });
    expect(tap.statusCode).toBe(200);
    const granted = tap.json<{
      consents: Array<{ purpose: string; granted: boolean; noticeVersion: string | null }>;
    }>().consents;
    expect(granted.filter((c) => c.granted).map((c) => c.purpose)).toEqual([
      'marketing_sms',
      'marketing_email',
      'loyalty',
    ]);
    expect(granted.find((c) => c.purpose === 'loyalty')?.noticeVersion).toBe('tijori-1');
    await call(cashier, 'POST', `/customers/${ids.hari}/consents`, {
      purposes: ['marketing_sms'],
      granted: true,
      source: 'counter',
    });
    await call(cashier, 'POST', `/customers/${ids.indu}/consents`, {
      purposes: ['marketing_sms'],
      granted: true,
      source: 'counter',
    });
    const withdraw = await call(cashier, 'POST', `/customers/${ids.indu}/consents`, {
      purposes: ['marketing_sms'],
      granted: false,
      source: 'counter',
    });
    expect(
      withdraw
        .json<{ consents: Array<{ purpose: string; granted: boolean }> }>()
        .consents.find((c) => c.purpose === 'marketing_sms')?.granted,
    ).toBe(false);
    const bad = await call(cashier, 'POST', `/customers/${ids.gita}/consents`, {
      purposes: ['telemarketing'],
      granted: true,
      source: 'counter',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { field: string } }>().error.field).toMatch(/purposes/);
    const history = await call(owner, 'GET', `/customers/${ids.indu}/consents/history`);
    expect(
      history.json<{ events: Array<{ granted: boolean; source: string }> }>().events.map((e) => e.granted),
    ).toEqual([true, false]);
    await expect(sql`update consent_events set granted = 1`.execute(getDb().db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from consent_events`.execute(getDb().db)).rejects.toThrow(/append-only/);
  });

  it('puts only consenting customers in a marketing list, behind step-up and a reason', async () => {
    const body = { channel: 'sms', reason: { category: 'other', text: 'Diwali offer by SMS' } };
    shop.t.clock.advance(6 * 60_000);
    const stale = await call(owner, 'POST', '/privacy/marketing-export', body);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    expect((await call(owner, 'POST', '/auth/reauthenticate', { password: ownerPassword })).statusCode).toBe(
      204,
    );
    const list = await call(owner, 'POST', '/privacy/marketing-export', body);
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('text/csv');
    expect(list.body).toContain(GITA.phone);
    expect(list.body).toContain(HARI.phone);
    expect(list.body).not.toContain(INDU.phone);
    expect(list.headers['x-record-count']).toBe('2');
    const email = await call(owner, 'POST', '/privacy/marketing-export', { ...body, channel: 'email' });
    expect(email.body).toContain(GITA.email);
    expect(email.body).not.toContain(HARI.email);
    expect((await call(cashier, 'POST', '/privacy/marketing-export', body)).statusCode).toBe(403);
  });

  it('lets a cashier log a request at the counter, and leaves handling it to the privacy manager', async () => {
    const logged = await call(cashier, 'POST', '/privacy/requests', {
      kind: 'erasure',
      channel: 'counter',
      customerId: ids.hari,
      verifiedInPerson: true,
    });
    expect(logged.statusCode).toBe(201);
    const request = logged.json<{ id: string; status: string; dueAt: string }>();
    expect(request.status).toBe('open');
    expect((await call(cashier, 'GET', '/privacy/requests')).statusCode).toBe(403);
    expect((await call(cashier, 'POST', `/privacy/requests/${request.id}/erase`)).statusCode).toBe(403);
    const listed = await call(owner, 'GET', '/privacy/requests');
    expect(listed.json<{ requests: Array<{ id: string }> }>().requests.map((r) => r.id)).toContain(
      request.id,
    );
    const ack = await call(owner, 'POST', `/privacy/requests/${request.id}/acknowledge`);
    expect(ack.json<{ acknowledgedAt: string | null }>().acknowledgedAt).not.toBeNull();
    const erased = await call(owner, 'POST', `/privacy/requests/${request.id}/erase`);
    expect(erased.statusCode).toBe(200);
    const certificateId = erased.json<{ certificate: { certificateId: string } }>().certificate.certificateId;
    expect((await call(owner, 'GET', `/privacy/erasure-certificates/${certificateId}`)).json()).toMatchObject(
      { certificate: { customerId: ids.hari } },
    );
    const consent = await call(cashier, 'POST', `/customers/${ids.hari}/consents`, {
      purposes: ['loyalty'],
      granted: true,
      source: 'counter',
    });
    expect(consent.statusCode).toBe(409);
  });

  it('serves the inventory, records of processing, settings and retention to the privacy manager only', async () => {
    for (const url of [
      '/privacy/inventory',
      '/privacy/records-of-processing',
      '/privacy/settings',
      '/privacy/retention/policies',
      '/privacy/processors',
      '/privacy/training',
    ])
      expect((await call(cashier, 'GET', url)).statusCode, url).toBe(403);
    const inventory = await call(owner, 'GET', '/privacy/inventory');
    const customers = inventory
      .json<{
        tables: Array<{
          name: string;
          columns: Array<{ column: string; class: string; encrypted?: boolean }>;
        }>;
      }>()
      .tables.find((t) => t.name === 'customers');
    expect(customers?.columns.find((c) => c.column === 'phone_enc')).toMatchObject({
      class: 'personal',
      encrypted: true,
    });
    const settings = await call(owner, 'GET', '/privacy/settings');
    expect(settings.json()).toMatchObject({ dpdpResponseDays: 30, defaultLaw: 'dpdp' });
    const bad = await call(owner, 'PUT', '/privacy/settings', {
      ...settings.json<Record<string, unknown>>(),
      dpdpResponseDays: 120,
    });
    expect(bad.json<{ error: { field: string } }>().error.field).toMatch(/dpdpResponseDays/);
    const saved = await call(owner, 'PUT', '/privacy/settings', {
      ...settings.json<Record<string, unknown>>(),
      holidays: ['2026-12-25'],
    });
    expect(saved.json()).toMatchObject({ holidays: ['2026-12-25'] });
    const dry = await call(owner, 'POST', '/privacy/retention/runs', { dryRun: true });
    expect(dry.json<{ dryRun: boolean; policies: unknown[] }>()).toMatchObject({ dryRun: true });
    expect(dry.json<{ policies: unknown[] }>().policies).toHaveLength(7);
  });

  it('edits a retention period within its legal floor, recording each change; a value below is a 400 naming the field', async () => {
    type Policies = { policies: { policy: string; period: number; enabled: boolean; min: number }[] };
    const before = (await call(owner, 'GET', '/privacy/retention/policies')).json<Policies>().policies;
    const attempts = before.find((p) => p.policy === 'login_attempts');
    expect(attempts?.min).toBe(180);
    for (const period of [179, 0, -1]) {
      const refused = await call(owner, 'PUT', '/privacy/retention/policies/login_attempts', {
        enabled: true,
        period,
      });
      expect(refused.statusCode, String(period)).toBe(400);
      expect(refused.json<{ error: { field: string } }>().error.field).toMatch(/period/);
    }
    const offTax = await call(owner, 'PUT', '/privacy/retention/policies/tax_records', {
      enabled: false,
      period: 72,
    });
    expect(offTax.statusCode).toBe(400);
    expect(offTax.json<{ error: { field: string } }>().error.field).toMatch(/enabled/);
    const unchanged = (await call(owner, 'GET', '/privacy/retention/policies')).json<Policies>().policies;
    expect(unchanged).toEqual(before);
    // The cashier may not change it at all.
    expect(
      (
        await call(cashier, 'PUT', '/privacy/retention/policies/login_attempts', {
          enabled: true,
          period: 400,
        })
      ).statusCode,
    ).toBe(403);

    const saved = await call(owner, 'PUT', '/privacy/retention/policies/login_attempts', {
      enabled: true,
      period: 200,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json<Policies>().policies.find((p) => p.policy === 'login_attempts')).toMatchObject({
      period: 200,
      enabled: true,
    });
    const trail = await call(owner, 'GET', '/audit/entries?action=privacy.retention.policy.update&limit=5');
    const entry = trail
      .json<{ entries: { objectId: string; details: Record<string, unknown> }[] }>()
      .entries.find((e) => e.objectId === 'login_attempts');
    expect(entry?.details).toMatchObject({ period: 200, enabled: true, unit: 'days' });
  });
});
