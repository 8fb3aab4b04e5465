/**
 * Custom roles and masked personal data over the real API on both engines. A custom role grants
 * exactly its permissions (store scoping: tenant-isolation.test.ts); a staff member's email and
 * name come back masked; revealing one needs the permission, a reason and a re-authentication
 * within 5 minutes, and is recorded with who, what and why, never the value.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditContext, AuditEvent } from '../../src/kernel/audit.js';
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

describeEachEngine('custom roles and revealing personal data', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let owner: { email: string; password: string; userId: string };
  let o: SignedIn;
  const recorded: Array<AuditEvent & { context: AuditContext }> = [];

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    // Watch what the real recorder is given (it still records as usual).
    const recorder = t.services.identity.deps.audit;
    const original = recorder.record.bind(recorder);
    recorder.record = (trx, context, event) => {
      recorded.push({ ...event, context });
      return original(trx, context, event);
    };
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    owner = await createAccount(t.services, tenantId, { role: 'owner' });
    o = await signIn(t, owner, 'owner');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, s: SignedIn, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });

  it('a custom role grants exactly its permissions, on top of the built-in role', async () => {
    const created = await call('POST', '/api/v1/roles', o, {
      name: 'staff-coordinator',
      permissions: ['user.manage'],
    });
    expect(created.statusCode).toBe(201);
    const member = await createAccount(t.services, tenantId, { role: 'cashier' });
    const grant = await call('PUT', `/api/v1/users/${member.userId}/roles`, o, {
      role: 'staff-coordinator',
      storeId: '*',
      granted: true,
    });
    expect(grant.statusCode).toBe(204);
    const m = await signIn(t, member);
    const me = (await call('GET', '/api/v1/auth/me', m)).json<{ permissions: string[]; roles: string[] }>();
    expect(me.roles).toEqual(expect.arrayContaining(['cashier', 'staff-coordinator']));
    expect(me.permissions).toContain('user.manage');
    // user.manage: yes; role.manage, keys.manage, settings.manage: no.
    expect((await call('GET', `/api/v1/users/${owner.userId}`, m)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/roles', m)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/keys', m)).statusCode).toBe(403);
    expect(
      (
        await call('PUT', '/api/v1/settings/sign-in', m, {
          minPasswordLength: 0,
          pciMode: false,
          counterIdleMinutes: 60,
        })
      ).statusCode,
    ).toBe(403);
    const roles = (await call('GET', '/api/v1/roles', o)).json<{
      roles: { name: string; builtin: boolean; permissions: string[] }[];
    }>().roles;
    expect(roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'staff-coordinator', builtin: false, permissions: ['user.manage'] }),
      ]),
    );
  });

  it('personal fields come back masked by default', async () => {
    const member = await createAccount(t.services, tenantId, {
      role: 'cashier',
      email: 'ravi.kumar@example.com',
    });
    const res = await call('GET', `/api/v1/users/${member.userId}`, o);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ emailMasked: 'r***@example.com', nameMasked: 'T*** U***' });
    expect(res.body).not.toContain('ravi.kumar');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('revealing needs the permission, a reason and a fresh re-authentication, and is recorded', async () => {
    const member = await createAccount(t.services, tenantId, {
      role: 'cashier',
      email: 'asha.menon@example.com',
    });
    const url = `/api/v1/users/${member.userId}/reveal`;
    const reason = { category: 'other', text: 'payroll mismatch' };
    const cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier' }));
    expect((await call('POST', url, cashier, { field: 'email', reason })).statusCode).toBe(403);
    const noReason = await call('POST', url, o, { field: 'email', reason: { category: 'other', text: '' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ error: { field: string } }>().error.field).toBe('reason.text');
    expect((await call('POST', url, o, { field: 'email' })).statusCode).toBe(400);

    t.clock.advance(6 * 60_000);
    await call('GET', '/api/v1/auth/me', o);
    const before = recorded.length;
    const stale = await call('POST', url, o, { field: 'email', reason });
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    expect(recorded.length).toBe(before);

    expect(
      (await call('POST', '/api/v1/auth/reauthenticate', o, { password: owner.password })).statusCode,
    ).toBe(204);
    const revealed = await call('POST', url, o, { field: 'email', reason });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual({ field: 'email', value: 'asha.menon@example.com' });
    const entry = recorded.find((e) => e.action === 'user.pii.reveal');
    expect(entry).toMatchObject({
      objectType: 'user',
      objectId: member.userId,
      outcome: 'success',
      details: { field: 'email', reason: 'other', reasonTextLength: 16 },
      context: { tenantId, actor: { type: 'user', id: owner.userId } },
    });
    expect(JSON.stringify(recorded)).not.toContain('asha.menon');
    expect(JSON.stringify(recorded)).not.toContain('payroll');
  });

  it('an object of another tenant answers 404, revealed or not', async () => {
    const other = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, other);
    const stranger = await createAccount(t.services, other, { role: 'cashier' });
    expect((await call('GET', `/api/v1/users/${stranger.userId}`, o)).statusCode).toBe(404);
    await call('POST', '/api/v1/auth/reauthenticate', o, { password: owner.password });
    const reveal = await call('POST', `/api/v1/users/${stranger.userId}/reveal`, o, {
      field: 'email',
      reason: { category: 'legal', text: '' },
    });
    expect(reveal.statusCode).toBe(404);
  });
});
