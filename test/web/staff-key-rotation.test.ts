/**
 * Rotating the staff keys (found through the web app's keys page): staff emails, names and TOTP
 * secrets are declared encrypted columns, so a rotation re-encrypts them, and once the old key
 * versions retire the profile still decrypts and the authenticator app still signs in.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultKeyRingOptions } from '../../src/modules/keys/key-ring.service.js';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  sessionFrom,
  signIn,
  type IdentityTestApp,
} from '../support/identity.js';

describeEachEngine('staff key rotation', (getDb) => {
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

  it('re-encrypts emails, names and TOTP secrets; after retirement sign-in and profiles still work', async () => {
    const account = await createAccount(t.services, tenantId, { role: 'owner' });
    const session = await signIn(t, account, 'owner');
    const rotation = t.services.rotation;
    const staff = await rotation.start(tenantId, 'staff_pii');
    const secrets = await rotation.start(tenantId, 'auth_secrets');
    expect(staff.rowsTotal).toBe(2);
    expect(secrets.rowsTotal).toBe(1);
    t.clock.advance(defaultKeyRingOptions.activeKeyTtlMs + 1_000);
    for (const r of [staff, secrets])
      expect((await rotation.runToCompletion(tenantId, r.id)).status).toBe('completed');
    const retired = await getDb()
      .db.selectFrom('data_keys')
      .select(['key_id', 'version', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('version', '=', 1)
      .where('key_id', 'in', ['staff_pii', 'auth_secrets'])
      .execute();
    expect(retired.map((k) => k.status)).toEqual(['retired', 'retired']);

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ displayName: 'Test User' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: account.password },
    });
    const pending = sessionFrom(login.headers['set-cookie'], login.json<{ csrfToken: string }>().csrfToken);
    t.clock.advance(30_000);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: pending.headers,
      payload: { code: totpCodeAt(session.totpSecret ?? '', t.clock.now()) },
    });
    expect(verified.statusCode).toBe(200);
  });
});
