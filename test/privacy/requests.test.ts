/**
 * Data-subject requests on both engines: identity verified by a one-time code sent to the email on
 * record over a real SMTP server (or by SMS through a real gateway), hashed at rest, single use,
 * with a guess budget a concurrent burst cannot exceed; deadlines with reminders and alerts before
 * they lapse (a manual clock); acknowledgement and closing notices to the customer through the
 * outbox; every step on the timeline and in the audit trail.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listEntries } from '../../src/modules/audit/audit.repository.js';
import { describeEachEngine } from '../support/engines.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';
import { codeMailedTo, startMessaging, type Messaging } from './support/messaging.js';

const DIVYA = { name: 'Divya Placeholder', phone: '+919800000404', email: 'divya.placeholder@example.com' };
const EKTA = { name: 'Ekta Sample', phone: '+919800000505' };
const DAY = 86_400_000;

describeEachEngine('data-subject requests', (getDb) => {
  let messaging: Messaging;
  let shop: PrivacyShop;
  let divya: string;
  let ekta: string;

  beforeAll(async () => {
    messaging = await startMessaging();
    shop = await createPrivacyShop(getDb(), messaging.settings);
    divya = await shop.customer(DIVYA);
    ekta = await shop.customer(EKTA);
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
    await messaging?.close();
  });

  it('verifies the requester with a code mailed over SMTP to the email on record: hashed, single use', async () => {
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'access',
      channel: 'counter',
      customerId: divya,
    });
    expect(request).toMatchObject({ status: 'pending_verification', verification: 'pending' });
    const before = messaging.smtp.messages.length;
    expect(await requests.sendCode(shop.operator, request.id)).toEqual({ channel: 'email' });
    const code = await codeMailedTo(messaging.smtp, DIVYA.email, before);
    const stored = await getDb()
      .db.selectFrom('privacy_otps')
      .selectAll()
      .where('request_id', '=', request.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(code);
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(requests.verifyCode(shop.operator, request.id, wrong)).rejects.toMatchObject({
      field: 'code',
    });
    expect(await requests.verifyCode(shop.operator, request.id, code)).toMatchObject({
      status: 'open',
      verification: 'verified',
    });
    await expect(requests.verifyCode(shop.operator, request.id, code)).rejects.toMatchObject({
      code: 'conflict',
    });
    const events = (await requests.get(shop.operator, request.id)).events.map((e) => e.kind);
    expect(events).toEqual(expect.arrayContaining(['received', 'code_sent', 'code_rejected', 'verified']));
  });

  it('sends the code by SMS through the gateway when only a phone is on record', async () => {
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'erasure',
      channel: 'counter',
      customerId: ekta,
    });
    expect(await requests.sendCode(shop.operator, request.id)).toEqual({ channel: 'sms' });
    const sms = messaging.sms.messages.at(-1);
    expect(sms?.to).toBe(EKTA.phone);
    const code = /^(\d{6}) is your code/.exec(sms?.text ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect((await requests.verifyCode(shop.operator, request.id, code)).status).toBe('open');
  });

  it('a concurrent burst of wrong guesses cannot exceed the 5-guess budget', async () => {
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'access',
      channel: 'counter',
      customerId: divya,
    });
    const before = messaging.smtp.messages.length;
    await requests.sendCode(shop.operator, request.id);
    const code = await codeMailedTo(messaging.smtp, DIVYA.email, before);
    const wrong = code === '999999' ? '888888' : '999999';
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => requests.verifyCode(shop.operator, request.id, wrong)),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const otp = await getDb()
      .db.selectFrom('privacy_otps')
      .selectAll()
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(otp.attempts).toBe(5);
    // The right code no longer works: the budget is spent.
    await expect(requests.verifyCode(shop.operator, request.id, code)).rejects.toMatchObject({
      field: 'code',
    });
  });

  it('raises an alert before an open request reaches its deadline, once per stage', async () => {
    const { requests, deadlines } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'export',
      channel: 'back_office',
      customerId: divya,
      verifiedInPerson: true,
    });
    const clock = shop.t.clock;
    const start = clock.now().getTime();
    const alerts = () =>
      shop.t.services.monitoring.alerts.list(
        shop.tenant.tenantId,
        { detector: 'privacy_request_deadline' },
        50,
      );
    const forThis = async () => (await alerts()).filter((a) => a.subjectId === request.id);
    expect(await deadlines.run()).toEqual([]);

    clock.set(new Date(new Date(request.ackDueAt).getTime() - DAY));
    expect((await deadlines.run()).filter((r) => r.requestId === request.id).map((r) => r.stage)).toEqual([
      'ackSoon',
    ]);
    expect(new Date(request.ackDueAt).getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await forThis()).toEqual([
      expect.objectContaining({ severity: 'medium', subjectType: 'privacy_request', status: 'open' }),
    ]);
    expect((await forThis())[0]?.details).toMatchObject({ reference: request.reference, stage: 'ackSoon' });

    const before = messaging.smtp.messages.length;
    await requests.acknowledge(shop.operator, request.id);
    await shop.t.services.monitoring.delivery.deliverDue();
    const notice = messaging.smtp.messages.slice(before).find((m) => m.to.includes(DIVYA.email));
    expect(notice?.text).toContain(request.reference);
    expect(notice?.text).not.toContain(DIVYA.name);

    clock.set(new Date(new Date(request.dueAt).getTime() - 1.5 * DAY));
    const stages = (await deadlines.run()).filter((r) => r.requestId === request.id).map((r) => r.stage);
    expect(stages).toEqual(['dueImminent']);
    expect(clock.now().getTime()).toBeLessThan(new Date(request.dueAt).getTime());
    expect((await forThis()).map((a) => a.severity)).toContain('high');
    expect((await deadlines.run()).filter((r) => r.requestId === request.id)).toEqual([]);

    clock.set(new Date(new Date(request.dueAt).getTime() + 1000));
    expect((await deadlines.run()).filter((r) => r.requestId === request.id).map((r) => r.stage)).toEqual([
      'overdue',
    ]);
    expect((await forThis()).some((a) => a.severity === 'critical')).toBe(true);
    clock.set(new Date(start));
  });

  it('extends once within the law, closes with a notice, and records every step in the audit trail', async () => {
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'correction',
      law: 'gdpr',
      channel: 'back_office',
      customerId: divya,
      details: 'The street name is spelt wrong',
      verifiedInPerson: true,
    });
    const extended = await requests.extend(shop.operator, request.id, 'complex_request');
    expect(new Date(extended.dueAt).getTime()).toBeGreaterThan(new Date(request.dueAt).getTime() + 55 * DAY);
    await expect(requests.extend(shop.operator, request.id, 'complex_request')).rejects.toMatchObject({
      code: 'conflict',
    });
    const detail = await requests.get(shop.operator, request.id);
    expect(detail.details).toBe('The street name is spelt wrong');
    const closed = await requests.close(shop.operator, request.id, 'fulfilled');
    expect(closed).toMatchObject({ status: 'completed', outcome: 'fulfilled' });
    const actions = (await listEntries(getDb().db, shop.tenant.tenantId, { objectId: request.id }, 50)).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'privacy.request.create',
        'privacy.request.extended',
        'privacy.request.closed',
      ]),
    );
    const trail = JSON.stringify(
      await listEntries(getDb().db, shop.tenant.tenantId, { actionPrefix: 'privacy.' }, 200),
    );
    for (const value of [...Object.values(DIVYA), ...Object.values(EKTA), 'spelt wrong'])
      expect(trail).not.toContain(value);
  });
});
