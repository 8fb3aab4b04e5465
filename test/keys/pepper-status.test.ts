/**
 * The owner's view of a retired pepper (ADR 0054) over the API, on both engines: after a KEK
 * rotation retires the pepper, `GET /keys/pepper-status` names the people of this business who must
 * still sign in before the deadline (and the deadline), moves someone off the list once they sign
 * in, names those who must have their password reset once the deadline has passed, never shows
 * another business's people, and is refused to a role without `keys.manage`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RetiredPepperStore } from '../../src/modules/keys/retired-peppers.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  strongPassword,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

const MINUTE = 60_000;

interface Status {
  retired: Array<{
    deadline: string;
    deadlinePassed: boolean;
    waiting: Array<{ userId: string; name: string }>;
  }>;
  mustReset: Array<{ userId: string; name: string }>;
}

describeEachEngine('pepper status for the owner', (getDb) => {
  let t: IdentityTestApp;
  let keyDir: string;
  let tenantId: string;
  let owner: SignedIn;
  let managerAccount: Awaited<ReturnType<typeof createAccount>>;
  const people: Record<string, { userId: string; email: string; password: string }> = {};

  const person = async (tenant: string, name: string, role: string) => {
    const email = `${name.split(' ')[0]?.toLowerCase() ?? 'x'}.${randomBytes(3).toString('hex')}@example.com`;
    const password = strongPassword();
    const userId = await t.services.identity.users.createAccount({
      tenantId: tenant,
      email,
      displayName: name,
      password,
      grants: [{ role, storeId: '*' }],
    });
    return { userId, email, password };
  };

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'tijori-pepper-status-'));
    t = await buildIdentityTestApp(getDb(), { keyDir });
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    owner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    managerAccount = await createAccount(t.services, tenantId, { role: 'manager' });
    people.meera = await person(tenantId, 'Meera Cashier', 'cashier');
    people.arjun = await person(tenantId, 'Arjun Stylist', 'cashier');
    const other = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, other);
    people.outsider = await person(other, 'Outside Person', 'cashier');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const status = async (s: SignedIn) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/keys/pepper-status', headers: s.headers });
    return { code: res.statusCode, body: res.statusCode === 200 ? res.json<Status>() : undefined };
  };

  it('lists, by name, who must sign in before the deadline; signing in takes a person off; past the deadline they must be reset', async () => {
    // Nothing retired yet: nothing to show.
    expect((await status(owner)).body).toEqual({ retired: [], mustReset: [] });

    // What a KEK rotation does (kek-revocation.ts): keep the old pepper with a deadline and mark
    // every hash made under it. Here the hashes were made under the current pepper, so it is that
    // pepper that is retired: the marked users still sign in with their passwords.
    const pepper = await t.keyProvider.deriveSecret('password-pepper');
    const retiredAt = t.clock.now();
    // A short deadline, so the owner's session (15 minutes idle) outlives it.
    const deadline = new Date(retiredAt.getTime() + 10 * MINUTE);
    const id = await new RetiredPepperStore(keyDir, t.keyProvider).retire(pepper, retiredAt, deadline);
    for (const who of [people.meera, people.arjun, people.outsider])
      await getDb()
        .db.updateTable('user_accounts')
        .set({ pepper_id: id })
        .where('user_id', '=', who?.userId ?? '')
        .execute();

    const waiting = await status(owner);
    expect(waiting.code).toBe(200);
    expect(waiting.body?.retired).toEqual([
      {
        retiredAt: retiredAt.toISOString(),
        deadline: deadline.toISOString(),
        deadlinePassed: false,
        waiting: [
          { userId: people.arjun?.userId, name: 'Arjun Stylist' },
          { userId: people.meera?.userId, name: 'Meera Cashier' },
        ],
      },
    ]);
    expect(waiting.body?.mustReset).toEqual([]);
    // Another business's people are never shown.
    expect(JSON.stringify(waiting.body)).not.toContain('Outside Person');

    // Meera signs in: her hash moves to the current pepper and she leaves the list.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: people.meera?.email, password: people.meera?.password },
    });
    expect(login.statusCode).toBe(200);
    expect((await status(owner)).body?.retired[0]?.waiting.map((p) => p.name)).toEqual(['Arjun Stylist']);

    // Past the deadline Arjun can no longer sign in; the owner is told to reset his password.
    t.clock.advance(11 * MINUTE);
    const late = await status(owner);
    expect(late.body).toEqual({
      retired: [],
      mustReset: [{ userId: people.arjun?.userId, name: 'Arjun Stylist' }],
    });
  });

  it('is refused without keys.manage', async () => {
    expect((await status(await signIn(t, managerAccount, 'manager'))).code).toBe(403);
  });
});
