/**
 * Regulatory clocks: deadlines count elapsed hours from the moment of awareness, whatever the
 * day, month, or the zone the moment was entered in (IST, UTC, New York across its DST change),
 * and are shown in IST; countdowns move with the clock; a recorded notice stops its clock. The
 * watch job alerts at half and 90% of each clock and when it lapses, once each, through the alert
 * channels (a real SMTP server receives the emails), and puts each warning on the timeline.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reachedStages, regulatoryClocks } from '../../src/modules/incidents/regulatory-clocks.js';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';
import { SMTP_PASSWORD, SMTP_USER, startSmtpReceiver, type SmtpReceiver } from '../support/mail-and-hooks.js';
import { call, createShop, ok, ownerActor, type Shop } from './support.js';

const HOUR = 3600_000;

describe('regulatory clocks (pure)', () => {
  const clocksAt = (awareAt: string, now: string, eu = false) =>
    regulatoryClocks(
      { awareAt: new Date(awareAt).toISOString(), euAffected: eu, dataCategories: ['phone'] },
      [],
      new Date(now),
    );

  it('23:30 IST on 31 March: CERT-In by 05:30 IST on 1 April, the Board by 23:30 IST on 3 April', () => {
    const [certIn, board, gdpr] = clocksAt('2026-03-31T23:30:00+05:30', '2026-03-31T18:30:00Z');
    expect(certIn).toMatchObject({
      clock: 'cert_in',
      startsAt: '2026-03-31T18:00:00.000Z',
      deadline: '2026-04-01T00:00:00.000Z',
      deadlineIst: '1 Apr 2026, 05:30 IST',
      status: 'running',
      remainingMs: 5.5 * HOUR,
    });
    expect(board).toMatchObject({
      deadline: '2026-04-03T18:00:00.000Z',
      deadlineIst: '3 Apr 2026, 23:30 IST',
    });
    expect(gdpr?.status).toBe('not_applicable');
  });

  it('the same moment entered in UTC, New York or Paris gives the same deadlines', () => {
    const zones = [
      '2026-03-31T23:30:00+05:30',
      '2026-03-31T18:00:00Z',
      '2026-03-31T14:00:00-04:00',
      '2026-03-31T20:00:00+02:00',
    ];
    const deadlines = zones.map((z) => clocksAt(z, '2026-03-31T19:00:00Z', true).map((c) => c.deadline));
    for (const d of deadlines) expect(d).toEqual(deadlines[0]);
    expect(deadlines[0]).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-04-03T18:00:00.000Z',
      '2026-04-03T18:00:00.000Z',
    ]);
  });

  it('72 hours are 72 elapsed hours across a daylight-saving change in the zone of entry', () => {
    // 23:30 EST on 7 March 2026 in New York; clocks there move forward on 8 March.
    const [, board] = clocksAt('2026-03-07T23:30:00-05:00', '2026-03-08T12:00:00Z');
    expect(board?.deadline).toBe('2026-03-11T04:30:00.000Z');
    expect(board?.deadlineIst).toBe('11 Mar 2026, 10:00 IST');
  });

  it('counts down, lapses, and stops when the notice is recorded', () => {
    const aware = '2026-06-01T18:00:00.000Z';
    const at = (h: number) => new Date(Date.parse(aware) + h * HOUR).toISOString();
    expect(clocksAt(aware, at(1))[0]?.remainingMs).toBe(5 * HOUR);
    expect(clocksAt(aware, at(6))[0]?.status).toBe('lapsed');
    const subject = { awareAt: aware, euAffected: false, dataCategories: ['phone'] };
    const sent = (h: number) => [
      { authority: 'cert_in' as const, status: 'sent' as const, sentAt: at(h), updatedAt: at(h) },
    ];
    expect(regulatoryClocks(subject, sent(5), new Date(at(8)))[0]).toMatchObject({
      status: 'met',
      remainingMs: null,
    });
    expect(regulatoryClocks(subject, sent(7), new Date(at(8)))[0]?.status).toBe('met_late');
    const declined = [
      { authority: 'dpdp_board' as const, status: 'not_required' as const, sentAt: null, updatedAt: at(2) },
    ];
    expect(regulatoryClocks(subject, declined, new Date(at(80)))[1]?.status).toBe('not_required');
    // No personal data: the Board's clock does not apply.
    expect(regulatoryClocks({ ...subject, dataCategories: [] }, [], new Date(at(1)))[1]?.status).toBe(
      'not_applicable',
    );
  });

  it('warns at half and 90% of the time and when it lapses', () => {
    const aware = '2026-06-01T18:00:00.000Z';
    const stagesAt = (h: number) => {
      const now = new Date(Date.parse(aware) + h * HOUR);
      const clock = regulatoryClocks({ awareAt: aware, euAffected: false, dataCategories: [] }, [], now)[0];
      return clock === undefined ? [] : reachedStages(clock, now);
    };
    expect(stagesAt(2.9)).toEqual([]);
    expect(stagesAt(3)).toEqual(['half']);
    expect(stagesAt(5.4)).toEqual(['half', 'ninety']);
    expect(stagesAt(6)).toEqual(['half', 'ninety', 'lapsed']);
  });
});

describeEachEngine('regulatory clocks over the API and the watch job', (getDb) => {
  let t: IdentityTestApp;
  let smtp: SmtpReceiver;
  let shop: Shop;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await buildIdentityTestApp(getDb(), {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpUser: SMTP_USER,
      smtpPassword: SMTP_PASSWORD,
      smtpTlsVerify: false,
      smtpFrom: 'Tijori <alerts@shop.test>',
    });
  }, 60_000);
  // Each test gets its own shop (and sessions) at the starting time, so tests pass alone and
  // in any order even when one moves the clock on days or ends sessions.
  beforeEach(async () => {
    t.clock.set('2026-06-01T18:05:00.000Z');
    shop = await createShop(t);
    await t.services.monitoring.channels.update(
      { tenantId: shop.tenantId, actor: { type: 'user', id: shop.owner.userId } },
      {
        emailRecipients: ['owner@example.test'],
        emailMinSeverity: 'low',
        webhook: null,
        webhookMinSeverity: 'high',
        sendCheckpoints: false,
      },
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('takes the moment of awareness with its offset and answers deadlines in UTC and IST', async () => {
    const created = await ok<{
      incident: {
        awareAt: string;
        clocks: Array<{ clock: string; deadlineIst: string; remainingMs: number }>;
      };
    }>(t, shop.ownerSession, 'POST', '/incidents', {
      title: 'Backup drive missing',
      category: 'lost_backup',
      severity: 'medium',
      awareAt: '2026-06-01T23:30:00+05:30',
    });
    expect(created.incident.awareAt).toBe('2026-06-01T18:00:00.000Z');
    expect(created.incident.clocks[0]).toMatchObject({
      clock: 'cert_in',
      deadlineIst: '2 Jun 2026, 05:30 IST',
      remainingMs: 5 * HOUR + 55 * 60_000,
    });
    const bad = async (awareAt: string) =>
      call<{ error: { field: string } }>(t, shop.ownerSession, 'POST', '/incidents', {
        title: 'x incident',
        category: 'lost_backup',
        severity: 'low',
        awareAt,
      });
    const noZone = await bad('2026-06-01T23:30:00');
    expect(noZone.status).toBe(400);
    expect(noZone.body.error.field).toBe('body.awareAt');
    const future = await bad('2026-06-02T23:30:00+05:30');
    expect(future.status).toBe(400);
    expect(future.body.error.field).toBe('awareAt');
  });

  it('alerts once at half, 90% and lapse; a recorded notice stops the clock; late entry warns once', async () => {
    const owner = ownerActor(shop);
    const incidents = t.services.incidents;
    const id = await incidents.incidents.create(owner, {
      title: 'Cashier password shared in a chat group',
      category: 'credential_leak',
      severity: 'high',
      awareAt: '2026-06-01T18:05:00Z',
      dataCategories: ['phone'],
    });
    const watch = () => incidents.watch.run();
    const deadlineAlerts = async () =>
      (await t.services.monitoring.alerts.list(shop.tenantId, { detector: 'incident_deadline' }, 50)).filter(
        (a) => a.details.incidentId === id,
      );
    const hoursIn = (h: number) => t.clock.set(new Date(Date.parse('2026-06-01T18:05:00Z') + h * HOUR));
    hoursIn(2.5);
    await watch();
    expect(await deadlineAlerts()).toHaveLength(0);
    hoursIn(3);
    await watch();
    expect(await deadlineAlerts()).toHaveLength(1);
    await watch();
    expect(await deadlineAlerts()).toHaveLength(1);
    hoursIn(5.5);
    await watch();
    hoursIn(6);
    await watch();
    const certIn = await deadlineAlerts();
    expect(certIn.map((a) => [a.details.stage, a.severity]).sort()).toEqual([
      ['half', 'medium'],
      ['lapsed', 'critical'],
      ['ninety', 'high'],
    ]);
    // The CERT-In report goes out at 6.5 hours: that clock stops; the Board's goes on.
    hoursIn(6.5);
    await incidents.notices.draft(owner, id, 'cert_in');
    await incidents.notices.markSent(owner, id, 'cert_in', { externalRef: 'CERTIN/2026/0612' });
    hoursIn(36);
    await watch();
    const all = await deadlineAlerts();
    expect(all.filter((a) => a.details.clock === 'cert_in')).toHaveLength(3);
    expect(all.filter((a) => a.details.clock === 'dpdp_board').map((a) => a.details.stage)).toEqual(['half']);
    const view = await incidents.incidents.get(owner, id);
    expect(view.clocks.map((c) => c.status)).toEqual(['met_late', 'running', 'not_applicable']);
    const events = await incidents.incidents.events(owner, id);
    expect(events.filter((e) => e.kind === 'clock_warning')).toHaveLength(4);

    // The alerts reach the channel by email.
    await t.services.monitoring.delivery.deliverDue();
    const mails = smtp.messages.filter((m) => m.text.includes('regulatory reporting deadline'));
    expect(mails.length).toBeGreaterThanOrEqual(4);
    expect(mails.every((m) => m.to.includes('owner@example.test'))).toBe(true);

    // An incident entered 7 hours after awareness raises one (critical) CERT-In alert, not three.
    const late = await incidents.incidents.create(owner, {
      title: 'Fake app in the shop name',
      category: 'fake_mobile_app',
      severity: 'medium',
      awareAt: new Date(t.clock.now().getTime() - 7 * HOUR).toISOString(),
    });
    await watch();
    const lateAlerts = (
      await t.services.monitoring.alerts.list(shop.tenantId, { detector: 'incident_deadline' }, 50)
    ).filter((a) => a.details.incidentId === late);
    expect(lateAlerts.map((a) => [a.details.stage, a.severity])).toEqual([['lapsed', 'critical']]);
  });
});
