/**
 * A user of one tenant cannot touch another tenant's objects, and cannot even learn that they
 * exist: every object id of the other tenant answers 404, on both engines.
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

describeEachEngine('tenant isolation (identity objects)', (getDb) => {
  let t: IdentityTestApp;
  let attacker: SignedIn;
  const victimIds: { userId: string; sessionId: string; tokenId: string; storeId: string } = {
    userId: '',
    sessionId: '',
    tokenId: '',
    storeId: '',
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
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers 404 for every object id of another tenant', async () => {
    const cases: Array<{ method: 'POST' | 'DELETE'; url: string; payload?: object }> = [
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
});
