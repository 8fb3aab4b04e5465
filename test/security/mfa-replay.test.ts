/**
 * An attacker who sees a TOTP code or a recovery code cannot use it again, and the TOTP
 * implementation agrees with the RFC 6238 test vectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import { acceptTotp, totpCodeAt } from '../../src/modules/auth/totp.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  sessionFrom,
  signIn,
  type IdentityTestApp,
  type TestAccount,
} from '../support/identity.js';
import { encodingsOf, sha256HexOf } from '../support/secrets.js';

describe('RFC 6238 vectors (SHA-1, 8 digits)', () => {
  const secret = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors)
    it(`T=${String(seconds)}`, () => {
      expect(totpCodeAt(secret, new Date(seconds * 1000), 8)).toBe(code);
    });

  it('accepts one step of drift, not two, and never a step already used', () => {
    const s = new Secret({ size: 20 }).base32;
    const now = new Date(1_800_000_000_000);
    const prev = totpCodeAt(s, new Date(now.getTime() - 30_000));
    const old = totpCodeAt(s, new Date(now.getTime() - 60_000));
    const step = acceptTotp(s, prev, now, 0);
    expect(step).not.toBeNull();
    expect(acceptTotp(s, old, now, 0)).toBeNull();
    expect(acceptTotp(s, prev, now, step ?? 0)).toBeNull();
  });
});

describeEachEngine('second-factor replay', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;

  /** An owner of each test's own, enrolled with TOTP (one test removes its authenticator). */
  async function newOwner(): Promise<{ owner: TestAccount; secret: string }> {
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    return { owner, secret: (await signIn(t, owner, 'owner')).totpSecret ?? '' };
  }

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId } = await createTenant(getDb().db));
    await seedRoles(getDb().db, tenantId);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function passwordStep(owner: TestAccount) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: owner.email, password: owner.password },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ csrfToken: string; secondFactorRequired: boolean }>();
    expect(body.secondFactorRequired).toBe(true);
    return sessionFrom(res.headers['set-cookie'], body.csrfToken);
  }

  it('a TOTP code cannot be used twice', async () => {
    const { owner, secret } = await newOwner();
    t.clock.advance(60_000);
    const code = totpCodeAt(secret, t.clock.now());
    const first = await passwordStep(owner);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: first.headers,
      payload: { code },
    });
    expect(ok.statusCode).toBe(200);
    const second = await passwordStep(owner);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: second.headers,
      payload: { code },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('enrolment shows a QR code and stores the secret encrypted; a recovery code cannot be used twice, and the codes are stored hashed', async () => {
    const tenant = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenant.tenantId);
    const admin = await createAccount(t.services, tenant.tenantId, { role: 'admin' });
    const pending = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.email, password: admin.password },
    });
    const s = sessionFrom(pending.headers['set-cookie'], pending.json<{ csrfToken: string }>().csrfToken);
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/start',
      headers: s.headers,
    });
    const enrolment = start.json<{ otpauthUri: string; qrDataUrl: string }>();
    const uri = new URL(enrolment.otpauthUri);
    const sec = uri.searchParams.get('secret') ?? '';
    // QR enrolment, a 160-bit secret, 30-second steps; the label names no person.
    expect(enrolment.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(
      Buffer.from(enrolment.qrDataUrl.split(',')[1] ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(sec).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri.searchParams.get('period')).toBe('30');
    expect(enrolment.otpauthUri).not.toContain(admin.email.split('@')[0]);
    // The secret is stored encrypted, never in clear.
    const secretRow = await getDb()
      .db.selectFrom('totp_secrets')
      .select('secret_enc')
      .where('user_id', '=', admin.userId)
      .executeTakeFirstOrThrow();
    expect(secretRow.secret_enc).toMatch(/^tj1:auth_secrets:1:/);
    expect(secretRow.secret_enc).not.toContain(sec);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/confirm',
      headers: s.headers,
      payload: { code: totpCodeAt(sec, t.clock.now()) },
    });
    const codes = confirm.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    const stored = await getDb()
      .db.selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', admin.userId)
      .execute();
    // Each code is stored as the SHA-256 of its characters (no dashes), and in no other form.
    const plain = codes.map((c) => c.replace(/-/g, '').toUpperCase());
    expect(stored.map((r) => r.code_hash).sort()).toEqual(plain.map(sha256HexOf).sort());
    for (const c of plain)
      for (const form of encodingsOf(c)) expect(JSON.stringify(stored)).not.toContain(form);
    const login = async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: admin.email, password: admin.password },
      });
      return sessionFrom(res.headers['set-cookie'], res.json<{ csrfToken: string }>().csrfToken);
    };
    const a = await login();
    const used = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: a.headers,
      payload: { recoveryCode: codes[0] },
    });
    expect(used.statusCode).toBe(200);
    const b = await login();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: b.headers,
      payload: { recoveryCode: codes[0] },
    });
    expect(again.statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: b.headers });
    expect(me.statusCode).toBe(403);
  });

  it('removing the authenticator needs step-up, and puts an owner back into enrolment-only mode', async () => {
    const { owner, secret } = await newOwner();
    t.clock.advance(60_000);
    const login = await passwordStep(owner);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: login.headers,
      payload: { code: totpCodeAt(secret, t.clock.now()) },
    });
    const s = sessionFrom(verified.headers['set-cookie'], verified.json<{ csrfToken: string }>().csrfToken);
    t.clock.advance(6 * 60_000);
    await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    const stale = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/mfa/totp', headers: s.headers });
    expect(stale.statusCode).toBe(403);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/reauthenticate',
      headers: s.headers,
      payload: { password: owner.password },
    });
    const removed = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/mfa/totp',
      headers: s.headers,
    });
    expect(removed.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: s.headers });
    expect(after.json<{ error: { code: string } }>().error.code).toBe('mfa_required');
  });
});
