/**
 * `tijori tenants create|list|suspend|resume` (hosted mode, issue 20). What an operator cannot
 * do: run them on SQLite, create a business with a wrong GSTIN, a GSTIN of another state or an
 * owner email already in use (nothing is written then), redeem the owner's link with another
 * email or twice, or let a suspended business's users sign in or keep using the API.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTijori } from '../support/cli.js';
import { selectedEngines } from '../support/test-env.js';
import {
  buildIdentityTestApp,
  passwordStep,
  strongPassword,
  type IdentityTestApp,
} from '../support/identity.js';
import {
  GUJARAT,
  acceptInvite,
  MAHARASHTRA,
  createBusiness,
  createHostedInstallation,
  type HostedInstallation,
} from './hosted-support.js';

describe('tenants commands on SQLite', () => {
  it('refuse with a clear message and create nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tijori-tenants-sqlite-'));
    try {
      const dataDir = join(root, 'data');
      for (const args of [['list'], ['suspend', '--tenant', 'x']]) {
        const run = await runTijori(['tenants', ...args, '--data-dir', dataDir], {});
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/need PostgreSQL .*TIJORI_DATABASE_URL/);
      }
      const create = await runTijori(
        ['tenants', 'create', '--business', 'A', '--gstin', MAHARASHTRA.gstin, '--state', '27'],
        { TIJORI_DATA_DIR: dataDir },
      );
      expect(create.code).toBe(2); // --owner-email missing
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

const onPostgres = selectedEngines().includes('postgres');

describe.runIf(onPostgres)('tenants commands [postgres]', () => {
  let hosted: HostedInstallation;
  let t: IdentityTestApp;
  const count = async (table: 'tenants' | 'invites' | 'stores') =>
    Number(
      (
        await hosted.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    hosted = await createHostedInstallation();
    t = await buildIdentityTestApp(hosted.db, {}, hosted.keyProvider());
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await hosted.close();
  });

  it('refuses bad details, naming the option, and writes nothing', async () => {
    const base = { business: 'Asha Fashions', ...MAHARASHTRA, ownerEmail: 'asha@example.test' };
    const cases: Array<[Partial<typeof base>, RegExp]> = [
      [{ gstin: '27AAPFU0939F1ZX' }, /check character.*\(gstin\)/],
      [{ gstin: '27AAPFU0939F1Z' }, /15 characters.*\(gstin\)/],
      [{ state: '24' }, /does not belong to the given state.*\(state\)/],
      [{ state: 'MH' }, /two digits.*\(state\)/],
      [{ ownerEmail: 'not-an-email' }, /not an email address.*\(owner-email\)/],
      [{ business: '   ' }, /business name.*\(business\)/],
    ];
    for (const [change, message] of cases) {
      const made = await createBusiness(hosted.env, { ...base, ...change });
      expect(made.run.code, JSON.stringify(change)).toBe(2);
      expect(made.run.stderr).toMatch(message);
      expect(made.run.stdout).not.toMatch(/accept-invite/);
    }
    expect(await count('tenants')).toBe(0);
    expect(await count('invites')).toBe(0);
  }, 120_000);

  let a: { tenantId: string; token: string };
  let b: { tenantId: string; token: string };

  it('creates two businesses at once, each with its own store and a one-time owner link', async () => {
    const [madeA, madeB] = await Promise.all([
      createBusiness(hosted.env, {
        business: 'Asha Fashions',
        ...MAHARASHTRA,
        ownerEmail: 'asha@example.test',
      }),
      createBusiness(hosted.env, { business: 'Bharat Agro', ...GUJARAT, ownerEmail: 'bharat@example.test' }),
    ]);
    for (const made of [madeA, madeB]) {
      expect(made.run.code, made.run.stderr).toBe(0);
      expect(made.run.stdout).toMatch(/valid until \d{4}-\d\d-\d\d \d\d:\d\d IST/);
      expect(made.run.stdout).toContain('https://shop.test/accept-invite#token=tji_');
      // The link carries no email and the output names no owner.
      expect(made.run.stdout).not.toContain('@example.test');
    }
    a = madeA;
    b = madeB;
    expect(a.tenantId).not.toBe(b.tenantId);
    const stores = await hosted.db.db.selectFrom('stores').select(['tenant_id', 'gstin']).execute();
    expect(stores.map((s) => [s.tenant_id, s.gstin]).sort()).toEqual(
      [
        [a.tenantId, MAHARASHTRA.gstin],
        [b.tenantId, GUJARAT.gstin],
      ].sort(),
    );
    // No account and no password exist until the owner opens the link.
    expect(await hosted.db.db.selectFrom('users').select('id').execute()).toEqual([]);
    const list = await runTijori(['tenants', 'list'], hosted.env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${a.tenantId} +active .*stores 1 +users 0 +Asha Fashions`));
    expect(list.stdout).toMatch(new RegExp(`${b.tenantId} +active .*Bharat Agro`));
  }, 120_000);

  it('binds the owner link to the owner email, redeemable once; that email cannot own a second business', async () => {
    const password = strongPassword();
    const wrong = await acceptInvite(t.app, a.token, 'mallory@example.test', password);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { field: string } }>().error.field).toBe('email');
    const right = await acceptInvite(t.app, a.token, 'Asha@Example.test', password);
    expect(right.statusCode, right.body).toBe(201);
    const again = await acceptInvite(t.app, a.token, 'asha@example.test', password);
    expect(again.statusCode).toBe(404);
    // The owner has the owner role across the business, and their own business's keys.
    const roles = await hosted.db.db
      .selectFrom('user_roles')
      .innerJoin('roles', (j) =>
        j.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'),
      )
      .select(['user_roles.tenant_id', 'roles.name', 'user_roles.store_id'])
      .execute();
    expect(roles).toEqual([{ tenant_id: a.tenantId, name: 'owner', store_id: '*' }]);
    const keys = await hosted.db.db.selectFrom('data_keys').select('tenant_id').distinct().execute();
    expect(keys.map((k) => k.tenant_id)).toContain(a.tenantId);
    expect(keys.map((k) => k.tenant_id)).not.toContain(b.tenantId);
    // Now the email signs in to A: making another business for it is refused, nothing written.
    const before = await count('tenants');
    const dup = await createBusiness(hosted.env, {
      business: 'Copy',
      ...MAHARASHTRA,
      ownerEmail: 'asha@example.test',
    });
    expect(dup.run.code).toBe(1);
    expect(dup.run.stderr).toMatch(/already signs in with this email.*\(owner-email\)/);
    expect(await count('tenants')).toBe(before);
  }, 120_000);

  it('a suspended business cannot sign in or use the API; resuming restores both', async () => {
    const password = strongPassword();
    const accepted = await acceptInvite(t.app, b.token, 'bharat@example.test', password);
    expect(accepted.statusCode).toBe(201);
    const owner = { email: 'bharat@example.test', password };
    const session = await passwordStep(t, { ...owner, userId: '' });
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: session.headers });
    expect((await me()).statusCode).toBe(200);
    const token = await t.services.identity.apiTokens.createForLogin(owner.email, {
      name: 'integration',
      scopes: ['invoice.read'],
      expiresInMs: 86_400_000,
    });
    const viaToken = () =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/invoices',
        headers: { authorization: `Bearer ${token.token}` },
      });
    expect((await viaToken()).statusCode).toBe(200);

    const suspend = await runTijori(['tenants', 'suspend', '--tenant', b.tenantId], hosted.env);
    expect(suspend.code, suspend.stderr).toBe(0);
    expect(suspend.stdout).toContain('is now suspended');
    // The open session is ended at once; a fresh sign-in is refused with the reason.
    expect((await me()).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: owner });
    expect(login.statusCode).toBe(403);
    expect(login.json<{ error: { message: string; details?: unknown } }>().error.message).toMatch(
      /suspended/,
    );
    // An API token (not a session, so not ended) is refused on every request, with the reason.
    const refused = await viaToken();
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { details?: { reason?: string } } }>().error.details?.reason).toBe(
      'business_suspended',
    );
    // Business A is untouched.
    const list = await runTijori(['tenants', 'list'], hosted.env);
    expect(list.stdout).toMatch(new RegExp(`${b.tenantId} +suspended`));
    expect(list.stdout).toMatch(new RegExp(`${a.tenantId} +active`));

    const resume = await runTijori(['tenants', 'resume', '--tenant', b.tenantId], hosted.env);
    expect(resume.code).toBe(0);
    const back = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: owner });
    expect(back.statusCode).toBe(200);
    expect((await viaToken()).statusCode).toBe(200);
    // Each change is in the business's own audit chain, and every chain still verifies.
    const entries = await hosted.db.db
      .selectFrom('audit_entries')
      .select(['tenant_id', 'action'])
      .where('action', 'in', ['tenant.suspend', 'tenant.resume'])
      .execute();
    expect(entries).toEqual([
      { tenant_id: b.tenantId, action: 'tenant.suspend' },
      { tenant_id: b.tenantId, action: 'tenant.resume' },
    ]);
    const verify = await runTijori(['audit', 'verify'], hosted.env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 120_000);

  it('suspending an unknown business is refused, and a second suspend changes nothing', async () => {
    const unknown = await runTijori(['tenants', 'suspend', '--tenant', 'nope'], hosted.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no business with this id/);
    await runTijori(['tenants', 'suspend', '--tenant', a.tenantId], hosted.env);
    const twice = await runTijori(['tenants', 'suspend', '--tenant', a.tenantId], hosted.env);
    expect(twice.stdout).toContain('was already suspended');
    await runTijori(['tenants', 'resume', '--tenant', a.tenantId], hosted.env);
  }, 120_000);
});
