/**
 * The first-run wizard over the real API on both engines: there is no account to sign in to
 * before it, the one-time code is needed and works once (and expires), the owner's password goes
 * through the policy, a bad request (a GSTIN with a wrong check character, half an address) writes
 * nothing, the first store's printed details and UPI address are kept, and afterwards the owner
 * signs in.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { describeEachEngine } from '../support/engines.js';
import { ORIGIN, buildIdentityTestApp, sessionFrom, type IdentityTestApp } from '../support/identity.js';

const business0 = {
  legal: 'Nanda Agro Inputs Private Limited',
  gstin: '27AAPFU0939F1ZV',
  tradeName: 'Nanda Agro',
  addressLine: '14 Market Yard Road',
  city: 'Nashik',
  pin: '422001',
  phone: '+91 98765 43210',
  email: 'shop@nanda-agro.example',
  upiVpa: 'nanda.agro@okbank',
  ownerName: 'Test Owner',
  ownerEmail: 'owner@nanda-agro.example',
  ownerPassword: 'harvest lantern 2026 tamarind orbit',
};
const { legal, ...rest } = business0;

/** A small PNG logo as the setup page sends it. */
const LOGO = (() => {
  const png = new PNG({ width: 6, height: 3 });
  png.data.fill(200);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
})();
const business = { businessName: legal, ...rest };

describeEachEngine('first-run setup wizard', (getDb) => {
  let t: IdentityTestApp;
  let code: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    code = (await t.services.setup.openSetupWindow()) ?? '';
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const post = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: { origin: ORIGIN }, payload });
  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const count = async (table: 'tenants' | 'users' | 'store_profiles' | 'billing_settings') =>
    Number(
      (
        await getDb()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('no account exists before setup', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup/state' })).json()).toEqual({
      setupCompleted: false,
    });
    expect(code).toMatch(/^[A-Z0-9]{16}$/);
    for (const [email, password] of [
      ['admin@nanda-agro.example', 'admin'],
      ['owner@nanda-agro.example', 'password'],
      ['admin@example.com', 'changeme'],
    ] as const)
      expect((await login(email, password)).statusCode).toBe(401);
    expect(await count('users')).toBe(0);
  });

  it('refuses a wrong code, a weak owner password and a bad GSTIN, writing nothing', async () => {
    const wrong = await post({ ...business, code: 'WRONGCODE12345' });
    expect(wrong.statusCode).toBe(403);
    const weak = await post({ ...business, code, ownerPassword: 'nanda agro inputs 2026!' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ error: { field: string; message: string } }>().error.field).toBe('ownerPassword');
    const gstin = await post({ ...business, code, gstin: '24AAQCA8719H1ZC', stateCode: '27' });
    expect(gstin.statusCode).toBe(400);
    expect(gstin.json<{ error: { field: string } }>().error.field).toBe('stateCode');
    // One character mistyped: the check character no longer matches.
    const typo = await post({ ...business, code, gstin: '27AAPFU0939F1ZW' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json<{ error: { field: string } }>().error.field).toBe('body.gstin');
    const { city: _city, ...noCity } = business;
    const half = await post({ ...noCity, code });
    expect(half.statusCode).toBe(400);
    expect(half.json<{ error: { field: string } }>().error.field).toBe('body.city');
    const pin = await post({ ...business, code, pin: '42200' });
    expect(pin.json<{ error: { field: string } }>().error.field).toBe('body.pin');
    const upi = await post({ ...business, code, upiVpa: 'not a upi id' });
    expect(upi.json<{ error: { field: string } }>().error.field).toBe('body.upiVpa');
    // A file that only claims to be a PNG is refused on the logo field, like the store settings'.
    const fake = `data:image/png;base64,${Buffer.from('not a picture at all').toString('base64')}`;
    const logo = await post({ ...business, code, logo: fake });
    expect(logo.statusCode).toBe(400);
    expect(logo.json<{ error: { field: string } }>().error.field).toBe('logo');
    const notImage = await post({ ...business, code, logo: 'data:text/html;base64,PGI+' });
    expect(notImage.json<{ error: { field: string } }>().error.field).toBe('body.logo');
    expect(await count('store_profiles')).toBe(0);
    expect(await count('tenants')).toBe(0);
    expect(await count('users')).toBe(0);
  });

  it('creates the business and the owner with the code, once; the owner then signs in', async () => {
    const created = await post({ ...business, code: code.toLowerCase(), logo: LOGO });
    expect(created.statusCode).toBe(201);
    expect((await post({ ...business, code })).statusCode).toBe(403);
    expect((await t.services.setup.openSetupWindow()) === null).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup/state' })).json()).toEqual({
      setupCompleted: true,
    });
    const signIn = await login(business.ownerEmail, business.ownerPassword);
    expect(signIn.statusCode).toBe(200);
    // The owner must enrol a second factor before anything else.
    const session = sessionFrom(signIn.headers['set-cookie'], signIn.json<{ csrfToken: string }>().csrfToken);
    const blocked = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/sessions',
      headers: session.headers,
    });
    expect(blocked.json<{ error: { code: string } }>().error.code).toBe('mfa_required');
    expect(await count('tenants')).toBe(1);
    // The first store carries its printed details; its state comes from the GSTIN.
    const db = getDb().db;
    const store = await db.selectFrom('stores').selectAll().executeTakeFirstOrThrow();
    expect(store.state_code).toBe('27');
    expect(store.name).toBe('Nanda Agro');
    const profile = await db.selectFrom('store_profiles').selectAll().executeTakeFirstOrThrow();
    expect(profile).toMatchObject({
      store_id: store.id,
      legal_name: business.businessName,
      trade_name: 'Nanda Agro',
      address_line1: '14 Market Yard Road',
      city: 'Nashik',
      pincode: '422001',
      phone: '+91 98765 43210',
      email: 'shop@nanda-agro.example',
      invoice_prefix: 'INV',
    });
    // The logo given at setup is kept as its pixels, re-encoded (a PNG stays a PNG).
    expect(profile.logo).toMatch(/^data:image\/png;base64,/);
    const stored = PNG.sync.read(Buffer.from((profile.logo ?? '').split(',')[1] ?? '', 'base64'));
    expect([stored.width, stored.height]).toEqual([6, 3]);
    const settings = await db.selectFrom('billing_settings').selectAll().executeTakeFirstOrThrow();
    expect(settings.upi_vpa).toBe('nanda.agro@okbank');
    // The code travels only in the URL fragment; the log never saw it.
    expect(t.log.text).not.toContain(code);
  });
});
