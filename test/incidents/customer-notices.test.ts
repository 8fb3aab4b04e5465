/**
 * Notices to affected customers and the inquiry channel, with a real SMTP server and a real SMS
 * gateway: English and Hindi texts, one reference per customer (the same on every channel), each
 * customer reached on the channels they have, an erased customer skipped, outbox rows and logs
 * without addresses, a record per customer id, channel and time; then a customer asks with their
 * reference on the public page and gets the answer written on the incident page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';
import { SMTP_PASSWORD, SMTP_USER, startSmtpReceiver, type SmtpReceiver } from '../support/mail-and-hooks.js';
import {
  call,
  createShop,
  importRows,
  ok,
  ownerActor,
  startSmsGateway,
  type Shop,
  type SmsGateway,
} from './support.js';

const REFERENCE = /Your reference: ([0-9A-Z]{5}-[0-9A-Z]{5})/;

describeEachEngine('customer notices and inquiries', (getDb) => {
  let t: IdentityTestApp;
  let smtp: SmtpReceiver;
  let gateway: SmsGateway;
  let shop: Shop;
  let incidentId: string;
  let both: string | undefined;
  let phoneOnly: string | undefined;
  let emailOnly: string | undefined;
  let erased: string | undefined;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    gateway = await startSmsGateway();
    t = await buildIdentityTestApp(getDb(), {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpUser: SMTP_USER,
      smtpPassword: SMTP_PASSWORD,
      smtpTlsVerify: false,
      smtpFrom: 'Fake Fabrics <care@shop.test>',
      smsGatewayUrl: gateway.url,
      smsGatewayToken: 'gateway-token',
      smsGatewayAllowHttp: true,
      smsSenderId: 'FAKEFB',
      smsNoticeTemplateId: '1107160000000000001',
    });
    t.clock.set('2026-06-01T06:00:00.000Z');
    shop = await createShop(t);
    const ids = await importRows(t, shop.tenantId, [
      'Test Both,+919000011111,both@example.test',
      'Test Phone,+919000022222,',
      'Test Mail,,mail@example.test',
      'Test Erased,+919000044444,erased@example.test',
    ]);
    [both, phoneOnly, emailOnly, erased] = ids.map((id) => id);
    const owner = ownerActor(shop);
    incidentId = await t.services.incidents.incidents.create(owner, {
      title: 'Customer phone numbers revealed by a misused account',
      category: 'insider_misuse',
      severity: 'high',
      awareAt: '2026-06-01T10:30:00+05:30',
    });
    for (const customerId of [both, phoneOnly, emailOnly, erased])
      await t.services.audit.trail.record(
        getDb().db,
        { tenantId: shop.tenantId, actor: { type: 'user', id: 'suspect-user' } },
        {
          action: 'customer.pii.reveal',
          objectType: 'customer',
          objectId: customerId ?? '',
          outcome: 'success',
          details: { field: 'name,phone' },
        },
      );
    await t.services.incidents.scopes.analyse(owner, incidentId, {
      suspect: { type: 'user', id: 'suspect-user' },
      from: '2026-06-01T00:00:00Z',
      to: '2026-06-02T00:00:00Z',
    });
    await t.services.incidents.containment.contain(owner, incidentId, {
      action: 'revoke_device',
      deviceId: 'misused-counter-device-0001',
    });
    await t.services.erasure.erase(
      { tenantId: shop.tenantId, actor: { type: 'system', id: 'test' } },
      { subjectId: erased ?? '', reason: 'dsr_erasure' },
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await gateway.close();
  });

  const summary = {
    en: 'A staff account was misused to look up customers’ phone numbers on 1 June.',
    hi: '1 जून को एक कर्मचारी खाते का दुरुपयोग करके ग्राहकों के फ़ोन नंबर देखे गए।',
  };

  // The notice's steps build on each other (queued, delivered, updated in Hindi, asked about),
  // so they are one test with each step in its own block (ADR 0021).
  it('previews and queues a notice, delivers it, sends a Hindi update and answers a question on it', async () => {
    // Step 1: previews, asks for step-up, and queues one message per customer and channel with no address stored.
    {
      const preview = await ok<{
        subject: string;
        email: string;
        sms: string;
        recipients: Record<string, number>;
      }>(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/customer-notices/preview`, {
        language: 'en',
        channels: ['email', 'sms'],
        summary,
      });
      expect(preview.recipients).toEqual({ email: 2, sms: 2 });
      expect(preview.subject).toBe('Important: a security incident at Fake Fabrics involving your data');
      expect(preview.email).toContain('your name, phone number');
      expect(preview.email).toContain('we cut off the lost device');
      expect(preview.email).toContain('never ask for these');
      expect(preview.email).toContain('https://shop.test/incident-inquiry');
      t.clock.advance(6 * 60_000);
      const refused = await call(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/customer-notices`, {
        language: 'en',
        channels: ['email', 'sms'],
        summary,
      });
      expect(refused.status).toBe(403);
      await ok(t, shop.ownerSession, 'POST', '/auth/reauthenticate', { password: shop.owner.password });
      const sent = await ok<{ customers: number; messages: number }>(
        t,
        shop.ownerSession,
        'POST',
        `/incidents/${incidentId}/customer-notices`,
        {
          language: 'en',
          channels: ['email', 'sms'],
          summary,
        },
      );
      expect(sent).toMatchObject({ customers: 3, messages: 4 });
      const queued = await getDb()
        .db.selectFrom('notification_deliveries')
        .select(['kind', 'channel', 'payload', 'recipient_user_id'])
        .where('tenant_id', '=', shop.tenantId)
        .where('kind', '=', 'incident_notice')
        .execute();
      expect(queued).toHaveLength(4);
      for (const row of queued) expect(row.payload).toBe('{}');
    }
    // Step 2: delivers email and SMS with the same reference per customer, and keeps a record per customer.
    {
      const delivered = await t.services.monitoring.delivery.deliverDue();
      expect(delivered).toBe(4);
      const mails = smtp.messages.filter((m) => m.text.includes('security incident at Fake Fabrics'));
      expect(mails.map((m) => m.to[0]).sort()).toEqual(['both@example.test', 'mail@example.test']);
      const texts = gateway.received;
      expect(texts.map((s) => s.to).sort()).toEqual(['+919000011111', '+919000022222']);
      expect(texts.every((s) => s.sender === 'FAKEFB' && s.dltTemplateId === '1107160000000000001')).toBe(
        true,
      );
      const refOf = (to: string) => REFERENCE.exec(mails.find((m) => m.to[0] === to)?.text ?? '')?.[1];
      const bothRef = refOf('both@example.test');
      expect(bothRef).toBeDefined();
      expect(refOf('mail@example.test')).not.toBe(bothRef);
      expect(texts.find((s) => s.to === '+919000011111')?.text).toContain(`Ref ${bothRef ?? ''}`);
      expect(t.log.text).not.toMatch(/example\.test|\+91900/);
      const record = await ok<{
        messages: Array<{ channel: string; delivery: string; deliveredAt: string | null }>;
      }>(t, shop.ownerSession, 'GET', `/incidents/${incidentId}/customer-notices/${both ?? ''}`);
      expect(record.messages.map((m) => [m.channel, m.delivery])).toEqual([
        ['email', 'delivered'],
        ['sms', 'delivered'],
      ]);
      expect(record.messages.every((m) => m.deliveredAt !== null)).toBe(true);
      const erasedRecord = await ok<{ messages: unknown[] }>(
        t,
        shop.ownerSession,
        'GET',
        `/incidents/${incidentId}/customer-notices/${erased ?? ''}`,
      );
      expect(erasedRecord.messages).toEqual([]);
    }
    // Step 3: sends a Hindi SMS update with the same references.
    {
      t.clock.advance(60_000);
      await ok(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/customer-notices`, {
        language: 'hi',
        channels: ['sms'],
        summary,
      });
      await t.services.monitoring.delivery.deliverDue();
      const hindi = gateway.received.slice(2);
      expect(hindi).toHaveLength(2);
      expect(
        hindi.every((s) => /[\u0900-\u097F]/.test(s.text) && s.text.includes('हम OTP/PIN कभी नहीं माँगते')),
      ).toBe(true);
      const english = gateway.received.slice(0, 2);
      for (const h of hindi) {
        const ref = /संदर्भ ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(h.text)?.[1];
        expect(english.find((e) => e.to === h.to)?.text).toContain(`Ref ${ref ?? 'none'}`);
      }
      const batches = await ok<{
        batches: Array<{ language: string; messages: Array<{ status: string; count: number }> }>;
      }>(t, shop.ownerSession, 'GET', `/incidents/${incidentId}/customer-notices`);
      expect(batches.batches.map((b) => b.language)).toEqual(['en', 'hi']);
      expect(batches.batches.every((b) => b.messages.every((m) => m.status === 'delivered'))).toBe(true);
    }
    // Step 4: takes a question on the public page with the reference, and sends the answer back.
    {
      const mail = smtp.messages.find((m) => m.to[0] === 'both@example.test');
      const reference = REFERENCE.exec(mail?.text ?? '')?.[1] ?? '';
      const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/public/incident-inquiries',
          remoteAddress: '203.0.113.9',
          headers,
          payload: body,
        });
      expect((await ask({ reference: 'ZZZZZ-ZZZZZ', question: 'Was my number leaked?' })).statusCode).toBe(
        404,
      );
      const malformed = await ask({ reference: 'not a reference!', question: 'Was my number leaked?' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json<{ error: { field: string } }>().error.field).toBe('reference');
      const crossSite = await ask(
        { reference, question: 'Was my number leaked?' },
        { origin: 'https://evil.example' },
      );
      expect(crossSite.statusCode).toBe(403);
      const question = 'Was my phone number shared with anyone? Please call me back.';
      const accepted = await ask({ reference: reference.toLowerCase(), question });
      expect(accepted.statusCode).toBe(202);
      const stored = await getDb()
        .db.selectFrom('incident_inquiries')
        .select(['question_sealed', 'customer_id'])
        .executeTakeFirstOrThrow();
      expect(stored.customer_id).toBe(both);
      expect(stored.question_sealed).not.toContain('phone');

      const listed = await ok<{ inquiries: Array<{ id: string; question: string; customerId: string }> }>(
        t,
        shop.ownerSession,
        'GET',
        `/incidents/${incidentId}/inquiries`,
      );
      expect(listed.inquiries.map((q) => q.question)).toEqual([question]);
      const id = listed.inquiries[0]?.id ?? '';
      await ok(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/inquiries/${id}/answer`, {
        answer: 'Only your phone number was seen by the account; it was not shared outside the shop.',
      });
      expect(
        (
          await call(t, shop.ownerSession, 'POST', `/incidents/${incidentId}/inquiries/${id}/answer`, {
            answer: 'Again',
          })
        ).status,
      ).toBe(409);
      await t.services.monitoring.delivery.deliverDue();
      const answer = smtp.messages.find((m) => m.text.includes('answers your question'));
      expect(answer?.to).toEqual(['both@example.test']);
      expect(answer?.text).toContain(`reference ${reference}`);
      expect(answer?.text).toContain('it was not shared outside the shop');

      const actions = await getDb()
        .db.selectFrom('audit_entries')
        .select(['action', 'actor_type', 'details'])
        .where('tenant_id', '=', shop.tenantId)
        .where('action', 'like', 'incident.%')
        .orderBy('seq')
        .execute();
      const names = actions.map((a) => a.action);
      for (const step of [
        'incident.customer_notice.send',
        'incident.inquiry.receive',
        'incident.inquiry.read',
        'incident.inquiry.answer',
      ])
        expect(names).toContain(step);
      expect(actions.find((a) => a.action === 'incident.inquiry.receive')?.actor_type).toBe('public');
      for (const a of actions) expect(a.details).not.toMatch(/phone number|example\.test|call me/);
    }
  }, 180_000);
});
