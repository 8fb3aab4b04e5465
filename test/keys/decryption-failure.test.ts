/**
 * A stored value that fails to decrypt, met by a real request on both engines: the client gets the
 * specific error (never garbage, a stack trace or the value), the log says what failed without any
 * data, nothing is written, and the process keeps serving.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { describeEachEngine } from '../support/engines.js';
import { tamperNearEnd } from '../support/tamper.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  passwordStep,
  seedRoles,
  signIn,
  type IdentityTestApp,
} from '../support/identity.js';

describeEachEngine('a value that fails to decrypt', (getDb) => {
  let t: IdentityTestApp;
  let owner: { email: string; password: string; userId: string };
  let secret: string;
  let tenantId: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    owner = await createAccount(t.services, tenantId, { role: 'owner' });
    secret = (await signIn(t, owner, 'owner')).totpSecret ?? '';
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers decryption_failed, logs no data, writes nothing, and keeps serving', async () => {
    const { db } = getDb();
    const row = await db
      .selectFrom('totp_secrets')
      .select(['secret_enc', 'last_step'])
      .where('user_id', '=', owner.userId)
      .executeTakeFirstOrThrow();
    // Someone with a SQL console edits the stored secret.
    const edited = tamperNearEnd(row.secret_enc, 6);
    await db
      .updateTable('totp_secrets')
      .set({ secret_enc: edited })
      .where('user_id', '=', owner.userId)
      .execute();

    t.clock.advance(120_000);
    const pending = await passwordStep(t, owner);
    const logBefore = t.log.lines.length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: pending.headers,
      payload: { code: totpCodeAt(secret, t.clock.now()) },
    });
    expect(res.statusCode).toBe(500);
    const error = res.json<{ error: { code: string; message: string; details?: unknown } }>().error;
    expect(error.code).toBe('decryption_failed');
    expect(error.message).toBe('an encrypted value could not be decrypted');
    expect(res.body).not.toMatch(/at .*\.ts|stack|select|totp_secrets/i);
    expect(res.body).not.toContain(secret);

    const logged = t.log.lines.slice(logBefore).join('\n');
    expect(logged).toMatch(/decryption_failed/);
    expect(logged).toMatch(/"reason":"authentication"/);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(owner.email);

    const after = await db
      .selectFrom('totp_secrets')
      .select(['secret_enc', 'last_step'])
      .where('user_id', '=', owner.userId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ secret_enc: edited, last_step: row.last_step });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
