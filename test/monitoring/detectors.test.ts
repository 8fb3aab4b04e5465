/**
 * Each detector fires on its attack, through the real routes and the real trail: brute force,
 * password spraying, a new device or network, a sign-in outside business hours, bulk reveal or
 * export of personal data, a role raised to admin, MFA removed, a broken audit chain. A normal
 * business day (several staff signing in during hours from their usual counters, a few typos,
 * ordinary reveals, routine changes) raises nothing. Alerts fold, and are acknowledged and resolved.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INSTALLATION_CHAIN, systemContext } from '../../src/kernel/audit.js';
import type { Detection } from '../../src/modules/monitoring/alert.service.js';
import { asAttacker } from '../support/audit.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';
import { exportCustomers, loginFrom, revealPhones } from '../support/monitoring.js';

const SHOP = '10.1.1.';
const at = (iso: string) => new Date(iso);

describeEachEngine('detectors and alerts', (getDb, engine) => {
  let t: IdentityTestApp;
  const run = async (): Promise<Detection[]> => {
    t.clock.advance(10_000);
    return t.services.monitoring.monitor.run();
  };
  const alertsOf = (tenantId: string) => t.services.monitoring.alerts.list(tenantId, {}, 100);

  /** A shop with an owner (MFA), a manager (MFA), three cashiers and an accountant. */
  async function shop() {
    const { tenantId } = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenantId);
    const make = (role: string) => createAccount(t.services, tenantId, { role });
    const staff = {
      owner: await make('owner'),
      manager: await make('manager'),
      cashiers: [await make('cashier'), await make('cashier'), await make('cashier')],
      accountant: await make('accountant'),
    };
    return { tenantId, staff };
  }

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    // 2026-06-01 is a Monday; 04:00 UTC is 09:30 in India.
    t.clock.set(at('2026-06-01T04:00:00.000Z'));
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('a normal business day raises no alert', async () => {
    const { tenantId, staff } = await shop();
    const devices = new Map<TestAccount, string | undefined>();
    const secrets = new Map<TestAccount, string | undefined>();
    // Day one: everyone signs in once at their counter (history to compare with).
    for (const [i, [account, role]] of (
      [
        [staff.owner, 'owner'],
        [staff.manager, 'manager'],
        ...staff.cashiers.map((c) => [c, 'cashier'] as const),
        [staff.accountant, 'accountant'],
      ] as const
    ).entries()) {
      t.clock.advance(60_000);
      if (role === 'owner' || role === 'manager') {
        const first = await loginFrom(t, account, { ip: `${SHOP}${10 + i}` });
        devices.set(account, first.device);
        secrets.set(account, (await signIn(t, account, role)).totpSecret);
      } else devices.set(account, (await loginFrom(t, account, { ip: `${SHOP}${10 + i}` })).device);
    }
    await run();
    // Day two, 09:30 to 18:00 in India: the same people on the same counters.
    t.clock.set(at('2026-06-02T04:00:00.000Z'));
    await loginFrom(t, staff.cashiers[0] as TestAccount, {
      ip: `${SHOP}12`,
      device: devices.get(staff.cashiers[0] as TestAccount),
      password: 'wrong password typed',
    });
    for (const [i, account] of [staff.owner, staff.manager, ...staff.cashiers, staff.accountant].entries()) {
      t.clock.advance(5 * 60_000);
      const attempt = await loginFrom(t, account, {
        ip: `${SHOP}${10 + i}`,
        device: devices.get(account),
        totpSecret: secrets.get(account),
      });
      expect(attempt.status, `sign-in ${i}`).toBe(200);
    }
    await loginFrom(t, staff.cashiers[1] as TestAccount, {
      ip: `${SHOP}13`,
      device: devices.get(staff.cashiers[1] as TestAccount),
      password: 'another typo',
    });
    await loginFrom(t, staff.cashiers[1] as TestAccount, {
      ip: `${SHOP}13`,
      device: devices.get(staff.cashiers[1] as TestAccount),
    });
    // Ordinary reveals: a manager checks five delivery numbers, the owner two.
    await revealPhones(t, tenantId, staff.manager.userId, 'manager', 5);
    await revealPhones(t, tenantId, staff.owner.userId, 'owner', 2);
    t.clock.set(at('2026-06-02T12:30:00.000Z'));
    // The day really happened: nine sign-in attempts (two typos) and seven reveals on record.
    const dayTwo = await getDb()
      .db.selectFrom('login_attempts')
      .select(['outcome'])
      .where('tenant_id', '=', tenantId)
      .where('created_at', '>=', '2026-06-02T00:00:00.000Z')
      .execute();
    expect(dayTwo.filter((a) => a.outcome === 'success')).toHaveLength(7);
    expect(dayTwo.filter((a) => a.outcome === 'failure')).toHaveLength(2);
    const reveals = await t.services.audit.service.list(tenantId, { action: 'customer.pii.reveal' }, 50);
    expect(reveals.entries).toHaveLength(7);
    expect(await run()).toEqual([]);
    expect(await alertsOf(tenantId)).toEqual([]);
  });

  it('brute force on one account raises one high alert; more attempts fold into it', async () => {
    const { tenantId, staff } = await shop();
    const victim = staff.cashiers[0] as TestAccount;
    for (let i = 0; i < 12; i += 1)
      await loginFrom(t, victim, { ip: '203.0.113.7', password: `guess number ${i}` });
    const found = await run();
    expect(found.map((d) => [d.tenantId, d.detector, d.subjectId])).toContainEqual([
      tenantId,
      'brute_force',
      victim.userId,
    ]);
    for (let i = 0; i < 3; i += 1)
      await loginFrom(t, victim, { ip: '203.0.113.7', password: `more guesses ${i}` });
    await run();
    const alerts = (await alertsOf(tenantId)).filter((a) => a.detector === 'brute_force');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'high',
      subjectType: 'user',
      subjectId: victim.userId,
      count: 2,
      status: 'open',
    });
  });

  it('password spraying from one network raises an alert in the shop and for the installation', async () => {
    const { tenantId, staff } = await shop();
    const targets = [staff.owner, staff.manager, ...staff.cashiers, staff.accountant];
    for (const [i, account] of targets.entries())
      await loginFrom(t, account, { ip: `198.51.100.${20 + i}`, password: 'Summer2026!' });
    const found = await run();
    const spray = found.filter((d) => d.detector === 'password_spraying');
    expect(spray.map((d) => d.tenantId).sort()).toEqual([INSTALLATION_CHAIN, tenantId].sort());
    expect(spray[0]).toMatchObject({
      subjectType: 'network',
      subjectId: '198.51.100.0/24',
      severity: 'high',
    });
  });

  it('a sign-in from a new device or network is noticed; an owner is told on their own account', async () => {
    const { tenantId, staff } = await shop();
    const cashier = staff.cashiers[0] as TestAccount;
    const first = await loginFrom(t, cashier, { ip: `${SHOP}30` });
    t.clock.advance(3600_000);
    await loginFrom(t, cashier, { ip: `${SHOP}30`, device: first.device });
    await run();
    expect(await alertsOf(tenantId)).toEqual([]);
    t.clock.advance(3600_000);
    await loginFrom(t, cashier, { ip: '100.64.20.5' });
    const ownerFirst = await loginFrom(t, staff.owner, { ip: `${SHOP}31` });
    const { totpSecret } = await signIn(t, staff.owner, 'owner');
    void ownerFirst;
    t.clock.advance(3600_000);
    await loginFrom(t, staff.owner, { ip: '100.64.99.1', totpSecret });
    const found = (await run()).filter((d) => d.detector === 'new_device');
    const staffMember = found.find((d) => d.tenantId === tenantId && d.subjectId === cashier.userId);
    expect(staffMember).toMatchObject({ severity: 'medium', details: { newDevice: true, newNetwork: true } });
    const owner = found.find((d) => d.subjectId === staff.owner.userId);
    expect(owner).toMatchObject({ severity: 'high', notifyUserId: staff.owner.userId });
  });

  it('a sign-in outside business hours (India time) is noticed', async () => {
    const { tenantId, staff } = await shop();
    t.clock.set(at('2026-06-03T18:00:00.000Z')); // 23:30 in India
    await loginFrom(t, staff.accountant, { ip: `${SHOP}40` });
    const found = (await run()).filter((d) => d.tenantId === tenantId);
    expect(found.map((d) => d.detector)).toEqual(['off_hours']);
    t.clock.set(at('2026-06-04T05:00:00.000Z'));
  });

  it('bulk reveal or export of personal data above the role threshold raises an alert', async () => {
    const { tenantId, staff } = await shop();
    await revealPhones(t, tenantId, staff.manager.userId, 'manager', 60);
    expect((await run()).filter((d) => d.tenantId === tenantId)).toEqual([]);
    await revealPhones(t, tenantId, staff.manager.userId, 'manager', 1);
    const admin = await createAccount(t.services, tenantId, { role: 'admin' });
    await exportCustomers(t, tenantId, admin.userId, 'admin', 500);
    const found = (await run()).filter((d) => d.detector === 'bulk_pii_access');
    expect(found.map((d) => [d.subjectId, d.details.records, d.details.threshold])).toEqual(
      expect.arrayContaining([
        [staff.manager.userId, 61, 60],
        [admin.userId, 500, 200],
      ]),
    );
  });

  it('a role raised to admin and MFA removed raise high alerts', async () => {
    const { tenantId, staff } = await shop();
    const owner: SignedIn = await signIn(t, staff.owner, 'owner');
    const grant = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${staff.accountant.userId}/roles`,
      headers: owner.headers,
      payload: { role: 'admin', storeId: '*', granted: true },
    });
    expect(grant.statusCode).toBe(204);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/mfa/totp',
      headers: owner.headers,
    });
    expect(remove.statusCode).toBe(204);
    const found = (await run()).filter((d) => d.tenantId === tenantId);
    expect(found.map((d) => [d.detector, d.subjectId])).toEqual(
      expect.arrayContaining([
        ['privilege_escalation', staff.accountant.userId],
        ['mfa_removed', staff.owner.userId],
      ]),
    );
  });

  it('a broken audit chain raises a critical alert when the verification job runs', async () => {
    const { tenantId } = await shop();
    const db = getDb().db;
    await t.services.audit.trail.record(db, systemContext(tenantId, 'test'), {
      action: 'test.event',
      objectType: 'thing',
      outcome: 'success',
    });
    await asAttacker(db, engine, async () => {
      await db
        .updateTable('audit_entries')
        .set({ outcome: 'failure' })
        .where('tenant_id', '=', tenantId)
        .where('seq', '=', 1)
        .execute();
    });
    expect(await t.services.jobs.runNow('audit-verify')).toBe(true);
    const alerts = (await alertsOf(tenantId)).filter((a) => a.detector === 'audit_chain_broken');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'critical',
      subjectType: 'chain',
      details: { firstBadSeq: 1, problem: 'changed' },
    });
  });

  it('alerts are acknowledged and resolved by a user with the permission; the auditor only reads', async () => {
    const { tenantId, staff } = await shop();
    for (let i = 0; i < 10; i += 1)
      await loginFrom(t, staff.accountant, { ip: '203.0.113.50', password: `guess ${i}` });
    await run();
    const [alert] = await alertsOf(tenantId);
    if (alert === undefined) throw new Error('no alert');
    const auditor = await createAccount(t.services, tenantId, { role: 'auditor' });
    const asAuditor = await signIn(t, auditor, 'auditor');
    const owner = await signIn(t, staff.owner, 'owner');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/alerts?status=open',
      headers: asAuditor.headers,
    });
    expect(list.json<{ alerts: { id: string }[] }>().alerts.map((a) => a.id)).toEqual([alert.id]);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/alerts/${alert.id}/acknowledge`,
          headers: asAuditor.headers,
        })
      ).statusCode,
    ).toBe(403);
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${alert.id}/acknowledge`,
      headers: owner.headers,
    });
    expect(ack.json<{ alert: { status: string; acknowledgedBy: string } }>().alert).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: staff.owner.userId,
    });
    const resolve = await t.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${alert.id}/resolve`,
      headers: owner.headers,
    });
    expect(resolve.json<{ alert: { status: string } }>().alert.status).toBe('resolved');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/alerts/${alert.id}/resolve`,
          headers: owner.headers,
        })
      ).statusCode,
    ).toBe(409);
    const recorded = await t.services.audit.service.list(tenantId, { actionPrefix: 'monitoring.alert.' }, 10);
    expect(recorded.entries.map((e) => e.action)).toEqual([
      'monitoring.alert.resolve',
      'monitoring.alert.acknowledge',
      'monitoring.alert.raise',
    ]);
    // Another business never sees it (not found, not forbidden).
    const other = await shop();
    const stranger = await signIn(t, other.staff.owner, 'owner');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/alerts/${alert.id}`, headers: stranger.headers }))
        .statusCode,
    ).toBe(404);
  });
});
