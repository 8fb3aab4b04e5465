/**
 * Passkeys: registration after sign-in, a passkey as the second factor, passwordless sign-in.
 * An attacker cannot replay an assertion, reuse a challenge, or use an assertion made for
 * another origin (phishing).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  ORIGIN,
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  sessionFrom,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

interface Options {
  challengeId: string;
  options: { challenge: string };
}

describeEachEngine('passkeys', (getDb) => {
  let t: IdentityTestApp;
  const device = new SoftAuthenticator(new URL(ORIGIN).hostname, ORIGIN);
  let owner: { email: string; password: string };
  const creds = () => ({ email: owner.email, password: owner.password });

  const post = (url: string, s?: SignedIn, payload?: object) =>
    t.app.inject({
      method: 'POST',
      url,
      ...(s === undefined ? {} : { headers: s.headers }),
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenant.tenantId);
    owner = await createAccount(t.services, tenant.tenantId, { role: 'owner' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('an owner enrols a passkey as their second factor; the session is then MFA-verified', async () => {
    const login = await post('/api/v1/auth/login', undefined, creds());
    const pending = sessionFrom(login.headers['set-cookie'], login.json<{ csrfToken: string }>().csrfToken);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: pending.headers }))
        .statusCode,
    ).toBe(403);
    const optRes = await post('/api/v1/auth/passkeys/register/options', pending);
    const opts = optRes.json<Options>();
    const reg = await post('/api/v1/auth/passkeys/register', pending, {
      challengeId: opts.challengeId,
      credential: device.register(opts.options.challenge),
    });
    expect(reg.statusCode).toBe(200);
    const s = sessionFrom(reg.headers['set-cookie'], reg.json<{ csrfToken: string }>().csrfToken);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: s.headers })).statusCode,
    ).toBe(200);
  });

  it('after a password, the passkey passes the second step; a replayed assertion does not', async () => {
    const login = await post('/api/v1/auth/login', undefined, creds());
    expect(login.json<{ secondFactorRequired: boolean }>().secondFactorRequired).toBe(true);
    const pending = sessionFrom(login.headers['set-cookie'], login.json<{ csrfToken: string }>().csrfToken);
    const opts = (await post('/api/v1/auth/mfa/passkey/options', pending)).json<Options>();
    const assertion = device.assert(opts.options.challenge);
    const ok = await post('/api/v1/auth/mfa/passkey/verify', pending, {
      challengeId: opts.challengeId,
      credential: assertion,
    });
    expect(ok.statusCode).toBe(200);
    const login2 = await post('/api/v1/auth/login', undefined, creds());
    const pending2 = sessionFrom(
      login2.headers['set-cookie'],
      login2.json<{ csrfToken: string }>().csrfToken,
    );
    const replay = await post('/api/v1/auth/mfa/passkey/verify', pending2, {
      challengeId: opts.challengeId,
      credential: assertion,
    });
    expect(replay.statusCode).toBe(401);
  });

  it('signs in without a password; refuses a phishing origin and a reused challenge', async () => {
    const opts = (await post('/api/v1/auth/passkeys/login/options')).json<Options>();
    const phished = await post('/api/v1/auth/passkeys/login', undefined, {
      challengeId: opts.challengeId,
      credential: device.assert(opts.options.challenge, 'https://tijori-login.evil.example'),
    });
    expect(phished.statusCode).toBe(401);
    const reused = await post('/api/v1/auth/passkeys/login', undefined, {
      challengeId: opts.challengeId,
      credential: device.assert(opts.options.challenge),
    });
    expect(reused.statusCode).toBe(401);
    const fresh = (await post('/api/v1/auth/passkeys/login/options')).json<Options>();
    const ok = await post('/api/v1/auth/passkeys/login', undefined, {
      challengeId: fresh.challengeId,
      credential: device.assert(fresh.options.challenge),
    });
    expect(ok.statusCode).toBe(200);
    const s = sessionFrom(ok.headers['set-cookie'], ok.json<{ csrfToken: string }>().csrfToken);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: s.headers })).statusCode,
    ).toBe(200);
  });
});

describeEachEngine('passkeys on a default install (no public URL)', (getDb) => {
  let t: IdentityTestApp;
  const SHOP = 'https://shop-pc:8443';
  const device = new SoftAuthenticator('shop-pc', SHOP);
  let owner: { email: string; password: string };
  /** A request as a browser on `origin` sends it (Host and Origin headers). */
  const post = (url: string, origin: string, s?: SignedIn, payload?: object) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        host: new URL(origin).host,
        origin,
        ...(s === undefined ? {} : { cookie: s.cookie, 'x-csrf-token': s.csrf }),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb(), { publicUrl: undefined, hostNames: 'shop-pc,localhost' });
    const tenant = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenant.tenantId);
    owner = await createAccount(t.services, tenant.tenantId, { role: 'owner' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('takes the relying party from the page the browser is on, for a configured host name', async () => {
    const login = await post('/api/v1/auth/login', SHOP, undefined, {
      email: owner.email,
      password: owner.password,
    });
    expect(login.statusCode).toBe(200);
    const pending = sessionFrom(login.headers['set-cookie'], login.json<{ csrfToken: string }>().csrfToken);
    const optRes = await post('/api/v1/auth/passkeys/register/options', SHOP, pending);
    expect(optRes.statusCode).toBe(200);
    const opts = optRes.json<Options & { options: { rp: { id: string } } }>();
    expect(opts.options.rp.id).toBe('shop-pc');
    const reg = await post('/api/v1/auth/passkeys/register', SHOP, pending, {
      challengeId: opts.challengeId,
      credential: device.register(opts.options.challenge),
    });
    expect(reg.statusCode).toBe(200);
    // Passwordless sign-in at the same address works too.
    const sign = (await post('/api/v1/auth/passkeys/login/options', SHOP)).json<Options>();
    const ok = await post('/api/v1/auth/passkeys/login', SHOP, undefined, {
      challengeId: sign.challengeId,
      credential: device.assert(sign.options.challenge),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a host name that is not configured, plain http off localhost, and a missing origin', async () => {
    for (const origin of ['https://tijori-login.evil.example', 'http://shop-pc:8080'])
      expect((await post('/api/v1/auth/passkeys/login/options', origin)).json()).toMatchObject({
        error: { code: 'unavailable' },
      });
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/auth/passkeys/login/options' });
    expect(none.statusCode).toBe(503);
    // An assertion made on a phishing page fails even when posted with the shop's origin.
    const opts = (await post('/api/v1/auth/passkeys/login/options', SHOP)).json<Options>();
    const phished = await post('/api/v1/auth/passkeys/login', SHOP, undefined, {
      challengeId: opts.challengeId,
      credential: device.assert(opts.options.challenge, 'https://tijori-login.evil.example'),
    });
    expect(phished.statusCode).toBe(401);
  });
});
