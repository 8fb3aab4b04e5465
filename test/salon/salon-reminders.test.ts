/**
 * Appointment reminders end to end on both engines, with a real SMTP server and a real SMS
 * gateway and a clock the test moves: the reminder job queues through the outbox and the delivery
 * job sends, only to clients whose current consent in the consent ledger (recorded at the counter
 * through the consent API) grants reminders on the appointment's channel: a channel chosen at
 * booking without that consent, or consent to marketing only, sends nothing; a withdrawal stops
 * later reminders and a grant after booking starts them. Only within the salon's
 * lead time (a setting a manager changes over the API, refused with the field named when out of
 * range), once however often the job runs, and the audit entry names the appointment and the
 * channel, nothing personal.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor, type ServiceActor } from '../../src/kernel/actor.js';
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
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmsGateway,
  startSmtpReceiver,
  type SmsGateway,
  type SmtpReceiver,
} from '../support/mail-and-hooks.js';

const TEN_IST = '2026-06-01T04:30:00.000Z';

describeEachEngine('salon reminders', (getDb) => {
  let t: IdentityTestApp;
  let smtp: SmtpReceiver;
  let gateway: SmsGateway;
  let tenantId: string;
  let storeId: string;
  let owner: SignedIn;
  let cashier: SignedIn;
  let operator: ServiceActor;
  let stylistId: string;
  let serviceId: string;
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    gateway = await startSmsGateway();
    t = await buildIdentityTestApp(getDb(), {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpUser: SMTP_USER,
      smtpPassword: SMTP_PASSWORD,
      smtpTlsVerify: false,
      smtpFrom: 'Glow Salon <desk@salon.test>',
      smsGatewayUrl: gateway.url,
      smsGatewayToken: 'gateway-token',
      smsGatewayAllowHttp: true,
    });
    t.clock.set(TEN_IST);
    const tenant = await createTenant(getDb().db, { name: 'Glow Salon' });
    tenantId = tenant.tenantId;
    storeId = tenant.storeId;
    await seedRoles(getDb().db, tenantId);
    operator = operatorActor(tenantId);
    owner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    stylistId = (await createAccount(t.services, tenantId, { role: 'stylist', storeId })).userId;
    serviceId = (
      await t.services.salon.services.create(operator, {
        name: `Haircut ${suffix}`,
        sac: '999721',
        pricePaise: 31_500,
        priceIncludesTax: true,
        durationMinutes: 30,
        staffIds: [stylistId],
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await gateway.close();
  });

  const client = async (name: string, phone: string, email: string) =>
    (await t.services.billing.customers.create(operator, { name, phone, email, creditLimitPaise: 0 })).id;
  const book = (customerId: string, startsAt: string, reminder: 'sms' | 'email' | null) =>
    t.services.salon.appointments.book(operator, {
      storeId,
      staffId: stylistId,
      serviceId,
      customerId,
      source: 'phone',
      startsAt,
      reminder,
    });
  const settings = (s: SignedIn, method: 'GET' | 'PUT', payload?: object) =>
    t.app.inject({
      method,
      url: '/api/v1/salon/settings',
      headers: s.headers,
      ...(payload === undefined ? {} : { payload }),
    });
  const runReminders = async () => {
    expect(await t.services.jobs.runNow('salon-reminders')).toBe(true);
    await t.services.monitoring.delivery.deliverDue();
  };
  const consent = async (customerId: string, purposes: string[], granted: boolean, desk = cashier) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/consents`,
      headers: desk.headers,
      payload: { purposes, granted, source: 'counter', storeId },
    });
    expect(res.statusCode).toBe(200);
  };
  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));
  const smsTo = (phone: string) => gateway.messages.filter((m) => m.to.endsWith(phone));

  it('the lead time is a salon setting: a day by default, a manager changes it, a cashier cannot, out of range names the field', async () => {
    t.clock.set(TEN_IST);
    expect(await t.services.salon.settings.get('a-shop-that-never-saved')).toEqual({
      reminderLeadMinutes: 1440,
    });
    expect((await settings(owner, 'PUT', { reminderLeadMinutes: 90 })).statusCode).toBe(200);
    const before = await settings(cashier, 'GET');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ reminderLeadMinutes: 90 });
    expect((await settings(cashier, 'PUT', { reminderLeadMinutes: 120 })).statusCode).toBe(403);
    for (const bad of [10, 5000, 90.5, '120']) {
      const refused = await settings(owner, 'PUT', { reminderLeadMinutes: bad });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { field?: string } }>().error.field).toBe('body.reminderLeadMinutes');
    }
    const saved = await settings(owner, 'PUT', { reminderLeadMinutes: 120 });
    expect(saved.statusCode).toBe(200);
    expect((await settings(cashier, 'GET')).json()).toEqual({ reminderLeadMinutes: 120 });
    const [entry] = await getDb()
      .db.selectFrom('audit_entries')
      .select(['details', 'actor_type'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'salon.settings.update')
      .orderBy('seq', 'desc')
      .execute();
    expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ reminderLeadMinutes: 120, was: 90 });
  });

  it('reminds consenting clients within the lead time by email and SMS, nobody else, once', async () => {
    t.clock.set(TEN_IST);
    expect((await settings(owner, 'PUT', { reminderLeadMinutes: 120 })).statusCode).toBe(200);
    const phones = ['9876500011', '9876500022', '9876500033', '9876500044'];
    const emails = phones.map((p) => `client-${suffix}-${p}@mail.test`);
    const byEmail = await client('Anita Desai', phones[0] ?? '', emails[0] ?? '');
    const bySms = await client('Bhavna Shah', phones[1] ?? '', emails[1] ?? '');
    const noConsent = await client('Chitra Nair', phones[2] ?? '', emails[2] ?? '');
    const later = await client('Deepa Menon', phones[3] ?? '', emails[3] ?? '');
    await consent(byEmail, ['reminders_email'], true);
    await consent(bySms, ['reminders_sms'], true);
    // Chitra agreed to marketing by email and to SMS reminders, never to email reminders.
    await consent(noConsent, ['marketing_email', 'reminders_sms'], true);
    await consent(later, ['reminders_email'], true);
    // 11:00, 11:30, 12:00 IST (within two hours of 10:00), 15:00 IST (not yet).
    const first = await book(byEmail, '2026-06-01T05:30:00.000Z', 'email');
    const second = await book(bySms, '2026-06-01T06:00:00.000Z', 'sms');
    const third = await book(noConsent, '2026-06-01T06:30:00.000Z', 'email');
    const fourth = await book(later, '2026-06-01T09:30:00.000Z', 'email');

    await runReminders();
    const mail = mailsTo(emails[0] ?? '');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toContain('Reminder: your appointment on 01-06-2026 at 11:00 IST');
    const sms = smsTo(phones[1] ?? '');
    expect(sms).toHaveLength(1);
    expect(sms[0]?.text).toContain('at 11:30 IST');
    expect(mailsTo(emails[1] ?? '')).toHaveLength(0);
    expect(mailsTo(emails[2] ?? '')).toHaveLength(0);
    expect(smsTo(phones[2] ?? '')).toHaveLength(0);
    expect(mailsTo(emails[3] ?? '')).toHaveLength(0);

    // A second run sends nothing more.
    await runReminders();
    expect(mailsTo(emails[0] ?? '')).toHaveLength(1);
    expect(smsTo(phones[1] ?? '')).toHaveLength(1);

    // Three hours later the 15:00 appointment is within the lead time: its client hears, once.
    t.clock.set('2026-06-01T07:45:00.000Z');
    await runReminders();
    await runReminders();
    expect(mailsTo(emails[3] ?? '')).toHaveLength(1);
    expect(mailsTo(emails[2] ?? '')).toHaveLength(0);
    expect(smsTo(phones[2] ?? '')).toHaveLength(0);

    const entries = await getDb()
      .db.selectFrom('audit_entries')
      .select(['object_id', 'details', 'actor_type'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'appointment.reminder')
      .where('object_id', 'in', [first.id, second.id, third.id, fourth.id])
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.object_id)).toEqual([first.id, second.id, fourth.id]);
    const raw = JSON.stringify(entries);
    for (const secret of [...phones, ...emails, 'Anita', 'Bhavna', 'Deepa', 'Desai'])
      expect(raw).not.toContain(secret);
    expect(entries.map((e) => JSON.parse(e.details) as { channel: string })).toEqual([
      { channel: 'email', leadMinutes: 120 },
      { channel: 'sms', leadMinutes: 120 },
      { channel: 'email', leadMinutes: 120 },
    ]);
    // The outbox rows hold no address either.
    const rows = await getDb()
      .db.selectFrom('notification_deliveries')
      .select(['payload', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'appointment_reminder')
      .where('ref_id', 'in', [first.id, second.id, third.id, fourth.id])
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    for (const secret of [...phones, ...emails]) expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('a cancelled appointment is not reminded', async () => {
    t.clock.set(TEN_IST);
    expect((await settings(owner, 'PUT', { reminderLeadMinutes: 120 })).statusCode).toBe(200);
    const phone = '9876500055';
    const email = `client-${suffix}-cancel@mail.test`;
    const esha = await client('Esha Gupta', phone, email);
    await consent(esha, ['reminders_email'], true);
    const booked = await book(esha, '2026-06-01T04:45:00.000Z', 'email'); // 10:15 IST
    await t.services.salon.appointments.close(operator, booked.id, 'cancelled', 'client called');
    await runReminders();
    expect(mailsTo(email)).toHaveLength(0);
  });

  it('a withdrawal stops later reminders; a grant after booking starts them; no consent, no reminder', async () => {
    t.clock.set('2026-06-01T10:30:00.000Z'); // 16:00 IST, after the other tests' appointments
    await t.services.salon.settings.update(operator, { reminderLeadMinutes: 120 });
    // A receptionist signed in now (the suite's sessions may have idled out at this hour).
    const desk = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    const phones = ['9876500066', '9876500077', '9876500088'];
    const emails = phones.map((p) => `client-${suffix}-w${p}@mail.test`);
    const fatima = await client('Fatima Khan', phones[0] ?? '', emails[0] ?? '');
    const gauri = await client('Gauri Rao', phones[1] ?? '', emails[1] ?? '');
    const hema = await client('Hema Pillai', phones[2] ?? '', emails[2] ?? '');
    await consent(fatima, ['reminders_sms'], true, desk);
    // 16:30, 17:00 and 17:30 IST: all within the lead time.
    await book(fatima, '2026-06-01T11:00:00.000Z', 'sms');
    await book(gauri, '2026-06-01T11:30:00.000Z', 'sms');
    await book(hema, '2026-06-01T12:00:00.000Z', 'email');
    await consent(fatima, ['reminders_sms'], false, desk);
    await runReminders();
    expect(smsTo(phones[0] ?? '')).toHaveLength(0);
    expect(smsTo(phones[1] ?? '')).toHaveLength(0);
    expect(mailsTo(emails[2] ?? '')).toHaveLength(0);

    // Gauri agrees at the counter after booking: the next run reminds her; the others still hear nothing.
    await consent(gauri, ['reminders_sms'], true, desk);
    await runReminders();
    expect(smsTo(phones[1] ?? '')).toHaveLength(1);
    expect(smsTo(phones[0] ?? '')).toHaveLength(0);
    expect(mailsTo(emails[2] ?? '')).toHaveLength(0);

    // The withdrawal and both grants are in the ledger with their source.
    const events = await getDb()
      .db.selectFrom('consent_events')
      .select(['customer_id', 'purpose', 'granted', 'source'])
      .where('tenant_id', '=', tenantId)
      .where('customer_id', 'in', [fatima, gauri])
      .orderBy('customer_id')
      .orderBy('seq')
      .execute();
    expect(events).toEqual(
      [
        { customer_id: fatima, purpose: 'reminders_sms', granted: 1, source: 'counter' },
        { customer_id: fatima, purpose: 'reminders_sms', granted: 0, source: 'counter' },
        { customer_id: gauri, purpose: 'reminders_sms', granted: 1, source: 'counter' },
      ].sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0)),
    );
  });
});
