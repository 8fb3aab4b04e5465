/**
 * The API additions the web app needs: the caller's profile (name, masked email, second
 * factors), the staff directory (names, masked emails, roles, MFA status) for user managers only,
 * the store list, reading the sign-in settings, and a fresh CSRF token for a reloaded page (the
 * old token stops working; the refusal names the reason so the app can recover).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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

interface Entry {
  userId: string;
  displayName: string;
  emailMasked: string;
  status: string;
  grants: Array<{ role: string; storeId: string }>;
  factors: { totp: boolean; passkeys: number };
  mfaRequired: boolean;
  lastActiveAt: string | null;
}

describeEachEngine('web app API', (getDb) => {
  let t: IdentityTestApp;
  let owner: TestAccount;
  let cashier: TestAccount;
  let o: SignedIn;
  let c: SignedIn;
  let storeId: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db, { name: 'Fake Fabrics' });
    storeId = tenant.storeId;
    await seedRoles(getDb().db, tenant.tenantId);
    owner = await createAccount(t.services, tenant.tenantId, { role: 'owner' });
    cashier = await createAccount(t.services, tenant.tenantId, { role: 'cashier', storeId });
    o = await signIn(t, owner, 'owner');
    c = await signIn(t, cashier, 'cashier');
    // A second business whose people must never show up.
    const other = await createTenant(getDb().db, { name: 'Other Shop' });
    await seedRoles(getDb().db, other.tenantId);
    await createAccount(t.services, other.tenantId, { role: 'owner' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, s: SignedIn) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  it('GET /auth/me gives the profile with a masked email and the second factors', async () => {
    const res = await get('/api/v1/auth/me', o);
    expect(res.statusCode).toBe(200);
    const me = res.json<Record<string, unknown>>();
    expect(me).toMatchObject({
      userId: owner.userId,
      tenantName: 'Fake Fabrics',
      displayName: 'Test User',
      roles: ['owner'],
      mfaSatisfied: true,
      mfaRequired: true,
      factors: { totp: true, passkeys: 0 },
    });
    expect(me.emailMasked).toBe(`${owner.email[0] ?? ''}***@example.com`);
    expect(JSON.stringify(me)).not.toContain(owner.email);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('lists the staff of the caller’s business only, with masked emails and MFA status', async () => {
    const res = await get('/api/v1/users', o);
    expect(res.statusCode).toBe(200);
    const users = res.json<{ users: Entry[] }>().users;
    expect(users.map((u) => u.userId).sort()).toEqual([owner.userId, cashier.userId].sort());
    const cashierEntry = users.find((u) => u.userId === cashier.userId);
    expect(cashierEntry).toMatchObject({
      status: 'active',
      grants: [{ role: 'cashier', storeId }],
      factors: { totp: false, passkeys: 0 },
      mfaRequired: false,
    });
    expect(cashierEntry?.lastActiveAt).toEqual(expect.any(String));
    expect(users.find((u) => u.userId === owner.userId)?.factors.totp).toBe(true);
    expect(res.body).not.toContain(cashier.email);
    expect(res.body).not.toContain(owner.email);
  });

  it('refuses the directory and the settings to a cashier, and gives them only their stores', async () => {
    expect((await get('/api/v1/users', c)).statusCode).toBe(403);
    expect((await get('/api/v1/settings/sign-in', c)).statusCode).toBe(403);
    const stores = await get('/api/v1/stores', c);
    expect(stores.statusCode).toBe(200);
    expect(stores.json<{ stores: Array<{ id: string }> }>().stores.map((s) => s.id)).toEqual([storeId]);
  });

  it('reads back the sign-in settings that were saved', async () => {
    expect((await get('/api/v1/settings/sign-in', o)).json()).toEqual({
      minPasswordLength: 0,
      pciMode: false,
      counterIdleMinutes: null,
    });
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/sign-in',
      headers: o.headers,
      payload: { minPasswordLength: 12, pciMode: true, counterIdleMinutes: 30 },
    });
    expect(saved.statusCode).toBe(204);
    expect((await get('/api/v1/settings/sign-in', o)).json()).toEqual({
      minPasswordLength: 12,
      pciMode: true,
      counterIdleMinutes: 30,
    });
  });

  it('issues a fresh CSRF token to a reloaded page; the old one then fails with a named reason', async () => {
    const csrf = await get('/api/v1/auth/csrf', c);
    expect(csrf.statusCode).toBe(200);
    expect(csrf.headers['cache-control']).toBe('no-store');
    const fresh = csrf.json<{ csrfToken: string }>().csrfToken;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/reauthenticate',
      headers: c.headers,
      payload: { password: cashier.password },
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json()).toMatchObject({ error: { code: 'forbidden', details: { reason: 'csrf_token' } } });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/reauthenticate',
      headers: { ...c.headers, 'x-csrf-token': fresh },
      payload: { password: cashier.password },
    });
    expect(ok.statusCode).toBe(204);
  });

  it('does not hand a CSRF token to a caller without a session, or to another site', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/csrf' })).statusCode).toBe(401);
    // A cross-site page cannot read the answer (no CORS headers) and SameSite=Strict keeps the cookie home.
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/csrf',
      headers: { cookie: o.cookie, origin: 'https://evil.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
