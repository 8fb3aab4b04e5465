/**
 * The acceptance case, end to end through the real routes and services: at night a cashier's
 * account (a counter lead allowed to reveal) reveals 300 customers' phone numbers from a shop
 * counter. The monitoring detector raises a bulk-access alert; the owner promotes it to an
 * incident, scopes it to exactly those 300 customers (by account and by device), disables the
 * account and ends its sessions, moves the incident to contained, drafts the CERT-In and Board
 * notices, and every step is in the audit trail, whose chain verifies afterwards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntriesTable } from '../../src/db/tables/audit.tables.js';
import { systemContext } from '../../src/kernel/audit.js';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';
import { loginFrom } from '../support/monitoring.js';
import { call, createShop, importCustomers, ok, type Shop } from './support.js';

interface IncidentBody {
  incident: {
    id: string;
    status: string;
    awareAt: string;
    severity: string;
    category: string;
    affected: { customers: number; categories: Record<string, number> };
    clocks: Array<{ clock: string; status: string; deadline: string }>;
  };
}

describeEachEngine('acceptance: a cashier reveals 300 phones at night', (getDb) => {
  let t: IdentityTestApp;
  let shop: Shop;
  let revealed: string[];
  let untouched: string[];

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    // Monday 1 June 2026, 22:50 in India (17:20 UTC): after business hours (08:00-22:00).
    t.clock.set('2026-06-01T17:20:00.000Z');
    shop = await createShop(t);
    const customers = await importCustomers(t, shop.tenantId, 320);
    revealed = customers.slice(0, 300);
    untouched = customers.slice(300);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('is detected, promoted, scoped to exactly 300, contained, drafted, and all audited', async () => {
    const { tenantId } = shop;
    const db = getDb().db;
    const cashier = await t.services.identity.users.createAccount({
      tenantId,
      email: 'counter.lead@example.test',
      displayName: 'Test Counter Lead',
      password: 'lantern quiet monsoon teapot 4417',
      grants: [
        { role: 'cashier', storeId: shop.storeId },
        { role: 'counter_lead', storeId: shop.storeId },
      ],
    });
    const account = {
      userId: cashier,
      email: 'counter.lead@example.test',
      password: 'lantern quiet monsoon teapot 4417',
    };
    t.clock.set('2026-06-01T17:33:00.000Z');
    const signedIn = await loginFrom(t, account, { ip: '10.1.1.23' });
    const session = signedIn.session;
    if (session === undefined) throw new Error('the cashier could not sign in');

    // 23:05 IST: 300 reveals of a phone number through the reveal route, one customer each.
    t.clock.set('2026-06-01T17:35:00.000Z');
    for (const customerId of revealed) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/customers/${customerId}/reveal`,
        remoteAddress: '10.1.1.23',
        headers: session.headers,
        payload: { fields: ['phone'], reason: { category: 'delivery', text: '' } },
      });
      expect(res.statusCode).toBe(200);
    }

    // The detectors job runs.
    t.clock.advance(30_000);
    const found = await t.services.monitoring.monitor.run();
    const bulk = found.filter((d) => d.detector === 'bulk_pii_access');
    expect(bulk).toHaveLength(1);
    expect(bulk[0]?.subjectId).toBe(cashier);
    expect(bulk[0]?.details.records).toBe(300);
    expect(found.some((d) => d.detector === 'off_hours' && d.subjectId === cashier)).toBe(true);

    // The owner signs in (23:10 IST) and promotes the alert.
    t.clock.set('2026-06-01T17:40:00.000Z');
    const owner = await loginFrom(t, shop.owner, {
      ip: '10.1.1.10',
      totpSecret: shop.ownerSession.totpSecret ?? '',
    });
    const boss = owner.session;
    if (boss === undefined) throw new Error('the owner could not sign in');
    const alerts = await ok<{ alerts: Array<{ id: string; status: string }> }>(
      t,
      boss,
      'GET',
      '/alerts?detector=bulk_pii_access',
    );
    expect(alerts.alerts).toHaveLength(1);
    const alertId = alerts.alerts[0]?.id ?? '';
    const promoted = await ok<IncidentBody>(t, boss, 'POST', `/alerts/${alertId}/incident`, {});
    const incident = promoted.incident;
    expect(incident).toMatchObject({ status: 'detected', severity: 'high', category: 'unauthorised_access' });
    expect(incident.awareAt).toBe('2026-06-01T17:35:00.000Z');
    expect(incident.clocks.find((c) => c.clock === 'cert_in')?.deadline).toBe('2026-06-01T23:35:00.000Z');
    expect((await call(t, boss, 'POST', `/alerts/${alertId}/incident`, {})).status).toBe(409);
    const alertNow = await ok<{ alert: { status: string } }>(t, boss, 'GET', `/alerts/${alertId}`);
    expect(alertNow.alert.status).toBe('acknowledged');

    // Scope: the account over the night's window, and its device: exactly the 300 revealed.
    const window = { from: '2026-06-01T22:00:00+05:30', to: '2026-06-02T01:00:00+05:30' };
    const byUser = await ok<{ scope: { customers: number; categories: Record<string, number> } }>(
      t,
      boss,
      'POST',
      `/incidents/${incident.id}/scopes`,
      { suspect: { type: 'user', id: cashier }, ...window },
    );
    expect(byUser.scope.customers).toBe(300);
    expect(byUser.scope.categories).toEqual({ phone: 300 });
    const byDevice = await ok<{ scope: { customers: number } }>(
      t,
      boss,
      'POST',
      `/incidents/${incident.id}/scopes`,
      {
        suspect: { type: 'device', id: signedIn.device },
        ...window,
      },
    );
    expect(byDevice.scope.customers).toBe(300);
    const affected: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await ok<{ customers: Array<{ customerId: string; categories: string[] }> }>(
        t,
        boss,
        'GET',
        `/incidents/${incident.id}/affected?limit=200${after === undefined ? '' : `&after=${after}`}`,
      );
      affected.push(...page.customers.map((c) => c.customerId));
      expect(page.customers.every((c) => c.categories.join() === 'phone')).toBe(true);
      if (page.customers.length < 200) break;
      after = page.customers[page.customers.length - 1]?.customerId;
    }
    expect(affected.sort()).toEqual([...revealed].sort());
    expect(affected.some((id) => untouched.includes(id))).toBe(false);

    // Containment: end the account's sessions, then disable it.
    const revoked = await ok<{ result: { sessionsEnded: number } }>(
      t,
      boss,
      'POST',
      `/incidents/${incident.id}/containment`,
      {
        action: 'revoke_sessions',
        scope: 'user',
        userId: cashier,
      },
    );
    expect(revoked.result.sessionsEnded).toBe(1);
    await ok(t, boss, 'POST', `/incidents/${incident.id}/containment`, {
      action: 'disable_user',
      userId: cashier,
    });
    expect((await call(t, session, 'GET', `/customers/${revealed[0] ?? ''}`)).status).toBe(401);
    expect((await loginFrom(t, account, { ip: '10.1.1.23' })).status).toBe(401);
    const user = await db
      .selectFrom('users')
      .select('status')
      .where('id', '=', cashier)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('disabled');
    for (const to of ['triaged', 'contained'])
      await ok(t, boss, 'POST', `/incidents/${incident.id}/status`, { to });

    // Notices drafted from what was recorded.
    const certIn = await ok<{ notice: { body: string; status: string } }>(
      t,
      boss,
      'POST',
      `/incidents/${incident.id}/notices/cert_in/draft`,
    );
    expect(certIn.notice.status).toBe('draft');
    expect(certIn.notice.body).toContain('Unauthorised access of IT systems/data');
    expect(certIn.notice.body).toContain('300 customers');
    expect(certIn.notice.body).toContain('Phone numbers: 300 people');
    expect(certIn.notice.body).toContain('disabled the staff account(s) involved');
    expect(certIn.notice.body).toContain('2 Jun 2026, 05:05 IST');
    const board = await ok<{ notice: { body: string } }>(
      t,
      boss,
      'POST',
      `/incidents/${incident.id}/notices/dpdp_board/draft`,
    );
    expect(board.notice.body).toContain('Data Principals affected: 300 customers');
    for (const body of [certIn.notice.body, board.notice.body]) expect(body).not.toMatch(/\+?91\s?9000\d/);

    const final = await ok<IncidentBody>(t, boss, 'GET', `/incidents/${incident.id}`);
    expect(final.incident.status).toBe('contained');
    expect(final.incident.affected).toEqual({ customers: 300, categories: { phone: 300 } });

    // Every step is in the audit trail, in order, and the chain verifies.
    const entries: AuditEntriesTable[] = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute();
    const actions = entries.map((e) => e.action);
    const reveals = entries.filter((e) => e.action === 'customer.pii.reveal');
    expect(reveals).toHaveLength(300);
    expect(new Set(reveals.map((e) => e.device_id))).toEqual(new Set([signedIn.device]));
    const steps = [
      'monitoring.alert.raise',
      'incident.create',
      'monitoring.alert.acknowledge',
      'incident.scope',
      'incident.scope',
      'auth.session.revoke',
      'incident.containment',
      'user.disable',
      'incident.containment',
      'incident.status',
      'incident.status',
      'incident.notice.drafted',
      'incident.notice.drafted',
    ];
    let cursor = -1;
    for (const step of steps) {
      const at = actions.findIndex((a, j) => j > cursor && a === step);
      expect(at, step).toBeGreaterThan(cursor);
      cursor = at;
    }
    const incidentEntries = entries.filter((e) => e.object_type === 'incident');
    expect(
      incidentEntries.every((e) => e.object_id === incident.id && e.actor_id === shop.owner.userId),
    ).toBe(true);
    for (const e of entries) expect(e.details).not.toMatch(/@example\.test|\+919000/);
    const verify = await t.services.audit.service.verify(systemContext(tenantId, 'test'));
    expect(verify.ok).toBe(true);
    expect(verify.entriesChecked).toBeGreaterThan(320);
  });
});
