/**
 * A drill end to end: scheduled every 90 days, started by the watch job when due, run through the
 * same workflow as a real incident (triage, scope, containment, notices, customer notices, clock
 * warnings, close), with email, SMS and webhook channels all configured and real receivers
 * listening: nothing leaves (every message is a recorded would-send), containment changes nothing,
 * and the drill keeps its evidence: time to contain, completion, messages it would have sent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp, type SignedIn } from '../support/identity.js';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startHookReceiver,
  startSmtpReceiver,
  type HookReceiver,
  type SmtpReceiver,
} from '../support/mail-and-hooks.js';
import { loginFrom } from '../support/monitoring.js';
import { createShop, importCustomers, ok, startSmsGateway, type Shop, type SmsGateway } from './support.js';

const MINUTE = 60_000;

describeEachEngine('drills', (getDb) => {
  let t: IdentityTestApp;
  let smtp: SmtpReceiver;
  let gateway: SmsGateway;
  let hooks: HookReceiver;
  let shop: Shop;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    gateway = await startSmsGateway();
    hooks = await startHookReceiver();
    t = await buildIdentityTestApp(getDb(), {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpUser: SMTP_USER,
      smtpPassword: SMTP_PASSWORD,
      smtpTlsVerify: false,
      smsGatewayUrl: gateway.url,
      smsGatewayToken: 'gateway-token',
      smsGatewayAllowHttp: true,
      webhookAllowHttp: true,
    });
    t.clock.set('2026-06-01T05:00:00.000Z');
    shop = await createShop(t);
    await t.services.monitoring.channels.update(
      { tenantId: shop.tenantId, actor: { type: 'user', id: shop.owner.userId } },
      {
        emailRecipients: ['owner@example.test'],
        emailMinSeverity: 'low',
        webhook: { url: hooks.url, secret: 'a webhook secret for the drill' },
        webhookMinSeverity: 'low',
        sendCheckpoints: false,
      },
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await gateway.close();
    await hooks.close();
  });

  it('runs end to end, sends nothing outside, and records time to contain', async () => {
    // Customers whose phones a counter account revealed: the drill's scope will find them.
    const customers = await importCustomers(t, shop.tenantId, 5);
    for (const customerId of customers)
      await t.services.audit.trail.record(
        getDb().db,
        { tenantId: shop.tenantId, actor: { type: 'user', id: 'drill-suspect' } },
        {
          action: 'customer.pii.reveal',
          objectType: 'customer',
          objectId: customerId,
          outcome: 'success',
          details: { field: 'phone' },
        },
      );
    const scheduled = await ok<{ drill: { id: string; status: string } }>(
      t,
      shop.ownerSession,
      'POST',
      '/drills',
      {
        scenario: 'bulk_reveal',
        scheduledFor: '2026-06-01T11:30:00+05:30',
        repeatDays: 90,
      },
    );
    expect(scheduled.drill.status).toBe('scheduled');

    // 11:30 IST: the job starts it.
    t.clock.set('2026-06-01T06:00:00.000Z');
    await t.services.jobs.runNow('incident-watch');
    const start = t.clock.now().getTime();
    const session: SignedIn | undefined = (
      await loginFrom(t, shop.owner, { ip: '10.1.1.10', totpSecret: shop.ownerSession.totpSecret ?? '' })
    ).session;
    if (session === undefined) throw new Error('the owner could not sign in');
    const me = session;
    const drills = await ok<{
      drills: Array<{ id: string; status: string; incidentId: string | null; scheduledFor: string }>;
    }>(t, me, 'GET', '/drills');
    const running = drills.drills.find((d) => d.id === scheduled.drill.id);
    expect(running?.status).toBe('running');
    expect(drills.drills.find((d) => d.status === 'scheduled')?.scheduledFor).toBe(
      '2026-08-30T06:00:00.000Z',
    );
    const incidentId = running?.incidentId ?? '';
    const incident = await ok<{ incident: { drill: boolean; title: string; awareAt: string } }>(
      t,
      me,
      'GET',
      `/incidents/${incidentId}`,
    );
    expect(incident.incident).toMatchObject({ drill: true, awareAt: '2026-06-01T06:00:00.000Z' });

    // The team works it like a real one.
    const at = (minutes: number) => t.clock.set(new Date(start + minutes * MINUTE));
    at(5);
    await ok(t, me, 'POST', `/incidents/${incidentId}/status`, { to: 'triaged' });
    const scope = await ok<{ scope: { customers: number } }>(
      t,
      me,
      'POST',
      `/incidents/${incidentId}/scopes`,
      {
        suspect: { type: 'user', id: 'drill-suspect' },
        from: '2026-06-01T00:00:00Z',
        to: '2026-06-02T00:00:00Z',
      },
    );
    expect(scope.scope.customers).toBe(5);
    const contained = await ok<{ simulated: boolean }>(
      t,
      me,
      'POST',
      `/incidents/${incidentId}/containment`,
      {
        action: 'revoke_sessions',
        scope: 'all',
      },
    );
    expect(contained.simulated).toBe(true);
    at(15);
    await ok(t, me, 'POST', `/incidents/${incidentId}/notes`, {
      text: 'Counter account checked with the store manager.',
    });
    at(25);
    await ok(t, me, 'POST', `/incidents/${incidentId}/status`, { to: 'contained' });
    await ok(t, me, 'POST', `/incidents/${incidentId}/notices/cert_in/draft`);
    await ok(t, me, 'POST', `/incidents/${incidentId}/notices/dpdp_board/draft`);
    const draft = await ok<{ notices: Array<{ body: string }> }>(
      t,
      me,
      'GET',
      `/incidents/${incidentId}/notices`,
    );
    expect(draft.notices[0]?.body.startsWith('DRILL: an exercise, not a real incident. Do not send.')).toBe(
      true,
    );
    await ok(t, me, 'POST', '/auth/reauthenticate', { password: shop.owner.password });
    const notified = await ok<{ messages: number; wouldSend: boolean }>(
      t,
      me,
      'POST',
      `/incidents/${incidentId}/customer-notices`,
      {
        language: 'both',
        channels: ['email', 'sms'],
        summary: { en: 'This is a drill.' },
      },
    );
    expect(notified).toMatchObject({ messages: 10, wouldSend: true });

    // Three hours in, the CERT-In clock passes half: a warning on the timeline, no alert.
    t.clock.set(new Date(start + 190 * MINUTE));
    await t.services.incidents.watch.run();
    const owner = {
      tenantId: shop.tenantId,
      audit: { tenantId: shop.tenantId, actor: { type: 'user' as const, id: shop.owner.userId } },
      userId: shop.owner.userId,
    };
    const services = t.services.incidents;
    await services.notices.markSent(owner, incidentId, 'cert_in', {});
    await services.notices.markSent(owner, incidentId, 'dpdp_board', {});
    for (const to of ['eradicated', 'recovered', 'closed'] as const)
      await services.incidents.transition(owner, incidentId, { to });

    // Nothing left: not now, not on the next delivery run.
    await t.services.monitoring.delivery.deliverDue();
    expect(smtp.messages).toEqual([]);
    expect(gateway.received).toEqual([]);
    expect(hooks.requests).toEqual([]);
    const outbox = await getDb()
      .db.selectFrom('notification_deliveries')
      .select('kind')
      .where('tenant_id', '=', shop.tenantId)
      .execute();
    expect(outbox).toEqual([]);
    expect(
      await t.services.monitoring.alerts.list(shop.tenantId, { detector: 'incident_deadline' }, 10),
    ).toEqual([]);

    // The evidence.
    const evidence = (await services.drills.list(owner)).find((d) => d.id === scheduled.drill.id);
    expect(evidence).toMatchObject({
      status: 'completed',
      startedAt: '2026-06-01T06:00:00.000Z',
      containedAt: '2026-06-01T06:25:00.000Z',
      timeToContainMs: 25 * MINUTE,
      completedAt: '2026-06-01T09:10:00.000Z',
      wouldSend: 12,
    });
    const events = await services.incidents.events(owner, incidentId);
    expect(events.find((e) => e.kind === 'containment')?.details).toMatchObject({
      simulated: true,
      drill: true,
    });
    expect(events.find((e) => e.kind === 'clock_warning')?.details).toMatchObject({
      clock: 'cert_in',
      stage: 'half',
      drill: true,
    });
    const sessions = await getDb()
      .db.selectFrom('sessions')
      .select('revoked_reason')
      .where('tenant_id', '=', shop.tenantId)
      .where('revoked_reason', '=', 'revoked_all')
      .execute();
    expect(sessions).toEqual([]);
    const audit = await getDb()
      .db.selectFrom('audit_entries')
      .select('action')
      .where('tenant_id', '=', shop.tenantId)
      .where('action', 'like', 'incident.drill.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['incident.drill.schedule', 'incident.drill.start']);
  });
});
