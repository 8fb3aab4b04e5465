/**
 * Staff join only by a one-time invite that expires: an invite cannot be used twice, after its
 * expiry, with a forged secret, or to make someone an owner.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import {
  ORIGIN,
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  sessionFrom,
  signIn,
  strongPassword,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

describeEachEngine('invites', (getDb) => {
  let t: IdentityTestApp;
  let o: SignedIn;
  let storeId: string;
  let owner: Awaited<ReturnType<typeof createAccount>>;
  let ownerSecret = '';

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db, { name: 'Mehta Footwear' });
    storeId = tenant.storeId;
    await seedRoles(getDb().db, tenant.tenantId);
    owner = await createAccount(t.services, tenant.tenantId, { role: 'owner' });
    o = await signIn(t, owner, 'owner');
    ownerSecret = o.totpSecret ?? '';
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const invite = async (role = 'cashier') => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/invites',
      headers: o.headers,
      payload: { role, storeId },
    });
    return {
      status: res.statusCode,
      token: res.statusCode === 201 ? res.json<{ token: string }>().token : '',
    };
  };
  const accept = (token: string, email: string, password = strongPassword()) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invites/accept',
      payload: { token, email, displayName: 'Asha Rao', password },
    });

  it('an invite is accepted once; the new user can sign in with the invited role', async () => {
    const { token } = await invite();
    const password = strongPassword();
    expect((await accept(token, 'asha@example.com', password)).statusCode).toBe(201);
    expect((await accept(token, 'second@example.com')).statusCode).toBe(404);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'asha@example.com', password },
    });
    expect(login.statusCode).toBe(200);
  });

  it('an expired or forged invite is refused; the password policy applies with the shop name', async () => {
    const { token } = await invite();
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await accept(forged, 'forged@example.com')).statusCode).toBe(404);
    const weak = await accept(token, 'weak@example.com', 'mehta footwear staff login');
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'contains_context',
    );
    // Three days on, the invite has expired; the clock goes back after, so the owner's session
    // (which other tests use, in any order) has not idled out.
    const now = t.clock.now();
    t.clock.advance(73 * 3600_000);
    try {
      expect((await accept(token, 'late@example.com')).statusCode).toBe(404);
    } finally {
      t.clock.set(now);
    }
  });

  it('nobody is invited as owner', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: owner.email, password: owner.password },
    });
    const pending = login.json<{ csrfToken: string }>();
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    // The next 30-second step: the code of the current one may already be used (replay is refused).
    t.clock.advance(31_000);
    const code = totpCodeAt(ownerSecret, t.clock.now());
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: { cookie, origin: ORIGIN, 'x-csrf-token': pending.csrfToken },
      payload: { code },
    });
    expect(verified.statusCode).toBe(200);
    o = sessionFrom(verified.headers['set-cookie'], verified.json<{ csrfToken: string }>().csrfToken);
    const res = await invite('owner');
    expect(res.status).toBe(403);
  });

  it('an invite made for an email is redeemed with that email alone; a bad email makes no invite', async () => {
    const count = async () =>
      Number(
        (
          await getDb()
            .db.selectFrom('invites')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const email of ['ravi@shop', 'not an email', '']) {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users/invites',
        headers: o.headers,
        payload: { role: 'cashier', storeId, email },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { field: string } }>().error.field).toBe('body.email');
    }
    expect(await count()).toBe(before);
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/invites',
      headers: o.headers,
      payload: { role: 'cashier', storeId, email: 'Ravi.Kumar@Example.com' },
    });
    expect(made.statusCode).toBe(201);
    const { token } = made.json<{ token: string }>();
    const other = await accept(token, 'someone.else@example.com');
    expect(other.statusCode).toBe(400);
    expect(other.json<{ error: { field: string; details: { reason: string } } }>().error).toMatchObject({
      field: 'email',
      details: { reason: 'invite-other-email' },
    });
    // The same address, typed with other capitals, is the invited one.
    expect((await accept(token, 'ravi.kumar@example.com')).statusCode).toBe(201);
  });
});
