/**
 * A user of one tenant cannot touch another tenant's objects, and cannot even learn that they
 * exist: every object id of the other tenant answers 404, on both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { requirePermissionInStore } from '../../src/modules/auth/access.policy.js';
import { createStore, createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

describeEachEngine('tenant isolation (identity objects)', (getDb) => {
  let t: IdentityTestApp;
  let attacker: SignedIn;
  const victimIds: {
    userId: string;
    sessionId: string;
    tokenId: string;
    storeId: string;
    rotationId: string;
  } = {
    userId: '',
    sessionId: '',
    tokenId: '',
    storeId: '',
    rotationId: '',
  };

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const a = await createTenant(getDb().db, { name: 'Attacker Traders' });
    const b = await createTenant(getDb().db, { name: 'Victim Sarees' });
    await seedRoles(getDb().db, a.tenantId);
    await seedRoles(getDb().db, b.tenantId);
    attacker = await signIn(t, await createAccount(t.services, a.tenantId, { role: 'owner' }), 'owner');
    const victimOwner = await createAccount(t.services, b.tenantId, { role: 'owner' });
    const v = await signIn(t, victimOwner, 'owner');
    victimIds.userId = victimOwner.userId;
    victimIds.storeId = b.storeId;
    const sessions = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: v.headers });
    victimIds.sessionId = sessions.json<{ sessions: Array<{ id: string }> }>().sessions[0]?.id ?? '';
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: v.headers,
      payload: { name: 'tally sync', scopes: ['invoice.read'], expiresInDays: 30 },
    });
    expect(token.statusCode).toBe(201);
    victimIds.tokenId = token.json<{ id: string }>().id;
    await t.services.keyRing.activeKey(b.tenantId, 'payment_ref', 'payment_ref');
    const rotation = await t.app.inject({
      method: 'POST',
      url: '/api/v1/keys/rotations',
      headers: v.headers,
      payload: { purpose: 'payment_ref' },
    });
    expect(rotation.statusCode).toBe(202);
    victimIds.rotationId = rotation.json<{ id: string }>().id;
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers 404 for every object id of another tenant', async () => {
    const cases: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object }> = [
      { method: 'GET', url: `/api/v1/users/${victimIds.userId}` },
      {
        method: 'POST',
        url: `/api/v1/users/${victimIds.userId}/reveal`,
        payload: { field: 'email', reason: { category: 'legal', text: '' } },
      },
      {
        method: 'PUT',
        url: `/api/v1/users/${victimIds.userId}/roles`,
        payload: { role: 'cashier', storeId: '*', granted: true },
      },
      { method: 'GET', url: `/api/v1/keys/rotations/${victimIds.rotationId}` },
      { method: 'POST', url: `/api/v1/users/${victimIds.userId}/disable` },
      { method: 'DELETE', url: `/api/v1/users/${victimIds.userId}/sessions` },
      { method: 'DELETE', url: `/api/v1/auth/sessions/${victimIds.sessionId}` },
      { method: 'DELETE', url: `/api/v1/api-tokens/${victimIds.tokenId}` },
      {
        method: 'POST',
        url: '/api/v1/users/invites',
        payload: { role: 'cashier', storeId: victimIds.storeId },
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers: attacker.headers,
        ...(c.payload === undefined ? {} : { payload: c.payload }),
      });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(404);
    }
    const victim = await getDb()
      .db.selectFrom('users')
      .select('status')
      .where('id', '=', victimIds.userId)
      .executeTakeFirstOrThrow();
    expect(victim.status).toBe('active');
    const token = await getDb()
      .db.selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', victimIds.tokenId)
      .executeTakeFirstOrThrow();
    expect(token.revoked_at).toBeNull();
  });

  it('a store the user is not assigned to answers 404; a permission is checked per store', async () => {
    const tenant = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenant.tenantId);
    const other = await createStore(getDb().db, tenant.tenantId, { storeName: 'Branch 2' });
    const user = await createAccount(t.services, tenant.tenantId, {
      role: 'cashier',
      storeId: tenant.storeId,
    });
    const session = await signIn(t, user);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers });
    expect(me.statusCode).toBe(200);
    const grants = await t.services.identity.deps.db
      .selectFrom('user_roles')
      .select('store_id')
      .where('user_id', '=', user.userId)
      .execute();
    expect(grants.map((g) => g.store_id)).toEqual([tenant.storeId]);
    const auth = {
      tenantId: tenant.tenantId,
      userId: user.userId,
      actor: { type: 'user' as const, id: user.userId },
      roles: ['cashier'],
      permissions: new Set(me.json<{ permissions: string[] }>().permissions),
      storeIds: new Set([tenant.storeId]),
      mfaSatisfied: true,
    };
    const db = getDb().db;
    await expect(requirePermissionInStore(db, auth, 'invoice.create', other)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(requirePermissionInStore(db, auth, 'invoice.void', tenant.storeId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      requirePermissionInStore(db, auth, 'invoice.create', tenant.storeId),
    ).resolves.toBeUndefined();
  });
});
