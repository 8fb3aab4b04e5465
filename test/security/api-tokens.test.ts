/**
 * API tokens over the real API on both engines: what an integration holding a token cannot do.
 * It cannot act outside its scopes, outlive its expiry or its revocation, hold a permission its
 * user lacks, keep a permission its user lost, or step up into sensitive actions; the database
 * holds only a hash of its secret.
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
} from '../support/identity.js';
import { expectStoredOnlyAsHash } from '../support/secrets.js';

interface Created {
  id: string;
  token: string;
  expiresAt: string;
}

describeEachEngine('API tokens', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let o: SignedIn;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    o = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const create = (s: SignedIn, scopes: string[], expiresInDays = 30) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: s.headers,
      payload: { name: 'accounting export', scopes, expiresInDays },
    });
  const bearer = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });

  it('works within its scopes only, and its secret is stored only as a hash', async () => {
    const res = await create(o, ['keys.manage']);
    expect(res.statusCode).toBe(201);
    const { id, token, expiresAt } = res.json<Created>();
    expect(token).toMatch(/^tjt_/);
    expect(new Date(expiresAt).getTime() - t.clock.now().getTime()).toBe(30 * 86_400_000);
    expect((await bearer(token, 'GET', '/api/v1/keys')).statusCode).toBe(200);
    expect((await bearer(token, 'GET', '/api/v1/roles')).statusCode).toBe(403);
    const row = await getDb()
      .db.selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expectStoredOnlyAsHash(row, 'secret_hash', token.split('.')[1] ?? '');
  });

  it('cannot step up: sensitive actions need a person who re-authenticated', async () => {
    const { token } = (await create(o, ['keys.manage'])).json<Created>();
    const rotate = await bearer(token, 'POST', '/api/v1/keys/rotations', { purpose: 'payment_ref' });
    expect(rotate.statusCode).toBe(403);
    expect(rotate.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
  });

  it('stops working at its expiry and when revoked', async () => {
    const { token } = (await create(o, ['keys.manage'], 1)).json<Created>();
    t.clock.advance(23 * 3600_000);
    expect((await bearer(token, 'GET', '/api/v1/keys')).statusCode).toBe(200);
    t.clock.advance(3600_000 + 1);
    expect((await bearer(token, 'GET', '/api/v1/keys')).statusCode).toBe(401);

    const o2 = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    const second = (await create(o2, ['keys.manage'])).json<Created>();
    expect((await bearer(second.token, 'GET', '/api/v1/keys')).statusCode).toBe(200);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${second.id}`,
      headers: o2.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await bearer(second.token, 'GET', '/api/v1/keys')).statusCode).toBe(401);
    o = o2;
  });

  it('cannot hold a permission its user lacks, and loses one its user loses', async () => {
    const admin = await createAccount(t.services, tenantId, { role: 'admin' });
    const a = await signIn(t, admin, 'admin');
    // Admins do not manage keys, so neither can their tokens.
    const refused = await create(a, ['keys.manage']);
    expect(refused.statusCode).toBe(403);
    expect((await create(a, ['no.such.permission'])).statusCode).toBe(400);
    expect((await create(a, ['user.manage'], 400)).statusCode).toBe(400);
    const { token } = (await create(a, ['role.manage'])).json<Created>();
    expect((await bearer(token, 'GET', '/api/v1/roles')).statusCode).toBe(200);
    // The owner demotes the admin to cashier: the token narrows at once.
    for (const [role, granted] of [
      ['cashier', true],
      ['admin', false],
    ] as const) {
      const change = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/users/${admin.userId}/roles`,
        headers: o.headers,
        payload: { role, storeId: '*', granted },
      });
      expect(change.statusCode).toBe(204);
    }
    expect((await bearer(token, 'GET', '/api/v1/roles')).statusCode).toBe(403);
  });
});
