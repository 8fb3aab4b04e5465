/**
 * The first-run wizard over the real API on both engines: there is no account to sign in to
 * before it, the one-time code is needed and works once (and expires), the owner's password goes
 * through the policy, a bad request writes nothing, and afterwards the owner signs in. The page
 * itself is static and its script external (the CSP allows no inline script).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { ORIGIN, buildIdentityTestApp, sessionFrom, type IdentityTestApp } from '../support/identity.js';

const business = {
  businessName: 'Nanda Agro Inputs',
  gstin: '29AAGCN1234F1Z5',
  stateCode: '29',
  ownerName: 'Test Owner',
  ownerEmail: 'owner@nanda-agro.example',
  ownerPassword: 'harvest lantern 2026 tamarind orbit',
};

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
  const count = async (table: 'tenants' | 'users') =>
    Number(
      (
        await getDb()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('serves a static page whose script is external, and no account exists before setup', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/setup' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script src="/setup.js" defer></script>');
    expect(page.body).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
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
    const gstin = await post({ ...business, code, gstin: '27AAGCN1234F1Z5' });
    expect(gstin.statusCode).toBe(400);
    expect(gstin.json<{ error: { field: string } }>().error.field).toBe('stateCode');
    expect(await count('tenants')).toBe(0);
    expect(await count('users')).toBe(0);
  });

  it('creates the business and the owner with the code, once; the owner then signs in', async () => {
    const created = await post({ ...business, code: code.toLowerCase() });
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
    // The code travels only in the URL fragment; the log never saw it.
    expect(t.log.text).not.toContain(code);
  });
});
