/**
 * An attacker cannot fix a session before sign-in, keep using a disabled user's session, or make
 * a victim's browser change anything from another site.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createTenant, createUser } from '../support/factories.js';
import {
  ORIGIN,
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
} from '../support/identity.js';
import { expectStoredOnlyAsHash } from '../support/secrets.js';

describeEachEngine('sessions', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('sets a __Host- cookie that is HttpOnly, Secure and SameSite=Strict, and stores only a hash', async () => {
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: cashier.email, password: cashier.password },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-tijori_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    const token = decodeURIComponent(cookie.split(';')[0]?.split('=')[1] ?? '');
    const [id, secret] = token.split('.');
    const row = await getDb()
      .db.selectFrom('sessions')
      .selectAll()
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(secret ?? '', 'base64url').length).toBeGreaterThanOrEqual(16);
    expectStoredOnlyAsHash(row, 'secret_hash', secret ?? '');
  });

  it('a token held before sign-in is not valid after it (no fixation)', async () => {
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const before = await signIn(t, cashier);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: before.cookie },
      payload: { email: cashier.email, password: cashier.password },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie']).split(';')[0]).not.toBe(before.cookie);
    const old = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: before.cookie },
    });
    expect(old.statusCode).toBe(401);
  });

  it("a disabled user's open session is refused on its next request", async () => {
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    const admin = await signIn(t, owner, 'owner');
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const victim = await signIn(t, cashier);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: victim.headers })).statusCode,
    ).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${cashier.userId}/disable`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: victim.headers })).statusCode,
    ).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: cashier.email, password: cashier.password },
    });
    expect(again.statusCode).toBe(401);
  });

  it('a cross-site request without the right Origin and CSRF token is refused', async () => {
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const s = await signIn(t, cashier);
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, ...headers } });
    expect((await post({})).statusCode).toBe(403);
    expect((await post({ origin: 'https://evil.example', 'x-csrf-token': s.csrf })).statusCode).toBe(403);
    expect((await post({ origin: ORIGIN })).statusCode).toBe(403);
    expect((await post({ origin: ORIGIN, 'x-csrf-token': 'A'.repeat(43) })).statusCode).toBe(403);
    expect((await post({ origin: ORIGIN, 'x-csrf-token': s.csrf })).statusCode).toBe(204);
    const crossSiteLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: cashier.email, password: cashier.password },
    });
    expect(crossSiteLogin.statusCode).toBe(403);
  });

  it('idle sessions end after 15 minutes for privileged roles and the configured time for counters', async () => {
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    const o = await signIn(t, owner, 'owner');
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const c = await signIn(t, cashier);
    t.clock.advance(16 * 60_000);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: o.headers })).statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: c.headers })).statusCode,
    ).toBe(200);
    t.clock.advance(13 * 3600_000);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: c.headers })).statusCode,
    ).toBe(401);
  });

  it('a session ends 12 hours after sign-in however active it is (absolute timeout)', async () => {
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const c = await signIn(t, cashier);
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: c.headers });
    // Busy all day: a request every 30 minutes keeps the idle timer from ever running out.
    for (let elapsed = 0; elapsed < 12 * 3600_000 - 30 * 60_000; elapsed += 30 * 60_000) {
      expect((await me()).statusCode).toBe(200);
      t.clock.advance(30 * 60_000);
    }
    expect((await me()).statusCode).toBe(200);
    t.clock.advance(30 * 60_000 + 1);
    expect((await me()).statusCode).toBe(401);
  });

  it("a user lists and revokes their own sessions; an admin ends anyone's", async () => {
    const cashier = await createAccount(t.services, tenantId, { role: 'cashier' });
    const a = await signIn(t, cashier);
    const b = await signIn(t, cashier);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: a.headers });
    const sessions = list.json<{ sessions: Array<{ id: string; current: boolean }> }>().sessions;
    expect(sessions).toHaveLength(2);
    const other = sessions.find((x) => !x.current);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${other?.id ?? ''}`,
      headers: a.headers,
    });
    expect(del.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: b.headers })).statusCode,
    ).toBe(401);
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    const admin = await signIn(t, owner, 'owner');
    const end = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${cashier.userId}/sessions`,
      headers: admin.headers,
    });
    expect(end.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: a.headers })).statusCode,
    ).toBe(401);
  });

  it('the createUser factory makes a user with roles and a password who can sign in', async () => {
    const email = 'factory.user@example.com';
    const password = 'quartz ember lagoon 5512 kite';
    const userId = await createUser(getDb().db, tenantId, {
      identity: t.services.identity,
      roles: [{ role: 'accountant' }],
      email,
      password,
    });
    const s = await signIn(t, { userId, email, password });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    expect(me.json<{ roles: string[] }>().roles).toEqual(['accountant']);
  });
});
