/**
 * Real delivery states of customer messages on both engines, against a real in-process SMTP server
 * that refuses (550) and then accepts: a privacy request's notice shows queued, then "retrying"
 * with the reason and the next attempt, then sent; the Messages API lists them with the recipient
 * masked, filters by state, and "retry now" needs `monitoring.manage`, is audited, and sends once
 * even when pressed twice at the same time. An erasure's closing notice leaves before the
 * customer's details are erased, and the timeline says what really happened to it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listEntries } from '../../src/modules/audit/audit.repository.js';
import { MAX_ATTEMPTS } from '../../src/modules/notify/delivery.js';
import type { MessageView } from '../../src/modules/notify/messages.service.js';
import type { TimelineEvent } from '../../src/modules/privacy/notice-states.js';
import { describeEachEngine } from '../support/engines.js';
import { createAccount, signIn, type SignedIn } from '../support/identity.js';
import { SMTP_PASSWORD, SMTP_USER, startSmtpReceiver, type SmtpReceiver } from '../support/mail-and-hooks.js';
import { createPrivacyShop, type PrivacyShop } from '../privacy/support/privacy-fixture.js';

const DIVYA = { name: 'Divya Placeholder', email: 'divya.placeholder@example.com' };
const FARAH = { name: 'Farah Example', email: 'farah.example@example.com' };

describeEachEngine('message delivery states', (getDb) => {
  let smtp: SmtpReceiver;
  let shop: PrivacyShop;
  let owner: SignedIn;
  let auditor: SignedIn;

  beforeAll(async () => {
    smtp = await startSmtpReceiver({ rejectWith: 550 });
    shop = await createPrivacyShop(getDb(), {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpUser: SMTP_USER,
      smtpPassword: SMTP_PASSWORD,
      smtpTlsVerify: false,
      smtpFrom: 'Fake Fabrics <privacy@shop.test>',
    });
    const { services } = shop.t;
    owner = await signIn(
      shop.t,
      await createAccount(services, shop.tenant.tenantId, { role: 'owner' }),
      'owner',
    );
    auditor = await signIn(
      shop.t,
      await createAccount(services, shop.tenant.tenantId, { role: 'auditor' }),
      'auditor',
    );
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
    await smtp?.close();
  });

  const notices = async (id: string): Promise<TimelineEvent[]> =>
    (await shop.t.services.privacy.requests.get(shop.operator, id)).events.filter(
      (e) => e.kind === 'customer_notified',
    );
  const messages = async (session: SignedIn, query = '') => {
    const res = await shop.t.app.inject({
      method: 'GET',
      url: `/api/v1/messages${query}`,
      headers: session.headers,
    });
    return {
      status: res.statusCode,
      body: res.body,
      list: res.json<{ messages?: MessageView[] }>().messages ?? [],
    };
  };
  const retry = (session: SignedIn, id: string) =>
    shop.t.app.inject({ method: 'POST', url: `/api/v1/messages/${id}/retry`, headers: session.headers });
  const openRequest = async (customerId: string, kind: 'access' | 'erasure') =>
    shop.t.services.privacy.requests.create(shop.operator, {
      kind,
      channel: 'counter',
      customerId,
      verifiedInPerson: true,
    });

  it('refuses a bad state filter by name and keeps "retry now" from a reader', async () => {
    const bad = await messages(owner, '?state=notified');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('state');
    const tooMany = await messages(owner, '?limit=0');
    expect(tooMany.status).toBe(400);
    const unknown = await retry(owner, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    const notAnId = await retry(owner, 'not-an-id');
    expect(notAnId.statusCode).toBe(400);
  });

  it('shows a refused notice as retrying with the reason, then sent after "retry now"', async () => {
    smtp.rejectWith = 550;
    const divya = await shop.customer(DIVYA);
    const request = await openRequest(divya, 'access');
    await shop.t.services.privacy.requests.acknowledge(shop.operator, request.id);
    const [queued] = await notices(request.id);
    expect(queued?.notice).toMatchObject({ state: 'queued', channel: 'email', attempts: 0, sentAt: null });

    const sentAt = shop.t.clock.now().getTime();
    expect(await shop.t.services.monitoring.delivery.deliverDue()).toBe(0);
    const [refused] = await notices(request.id);
    expect(refused?.notice).toMatchObject({
      state: 'retrying',
      reason: 'mail server refused: 550',
      attempts: 1,
    });
    expect(new Date(refused?.notice?.nextAttemptAt ?? 0).getTime()).toBe(sentAt + 30_000);
    expect(smtp.messages).toHaveLength(0);

    // The list: the auditor may read it; the address is masked and never in clear.
    const listed = await messages(auditor, '?state=retrying');
    expect(listed.status).toBe(200);
    const row = listed.list.find((m) => m.deliveryId === queued?.notice?.deliveryId);
    expect(row).toMatchObject({
      purpose: 'privacy_request_received',
      channel: 'email',
      state: 'retrying',
      recipient: 'd***@example.com',
      reason: 'mail server refused: 550',
    });
    expect(listed.body).not.toContain(DIVYA.email);
    expect((await messages(owner, '?state=sent')).list.map((m) => m.deliveryId)).not.toContain(
      row?.deliveryId,
    );

    // Retry needs monitoring.manage: the auditor is refused and nothing is sent or recorded.
    const id = row?.deliveryId ?? '';
    expect((await retry(auditor, id)).statusCode).toBe(403);
    const audited = () => listEntries(getDb().db, shop.tenant.tenantId, { objectId: id }, 50);
    expect(await audited()).toHaveLength(0);

    // Still refused: a second attempt, recorded, and still not "sent".
    const again = await retry(owner, id);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ message: MessageView }>().message).toMatchObject({ state: 'retrying', attempts: 2 });

    // The server accepts now: two presses at once send it exactly once.
    smtp.rejectWith = null;
    const [a, b] = await Promise.all([retry(owner, id), retry(owner, id)]);
    const states = [a, b].map((r) =>
      r.statusCode === 200 ? r.json<{ message: MessageView }>().message.state : r.statusCode,
    );
    expect(states.sort()).toEqual([409, 'sent']);
    await expect.poll(() => smtp.messages.length).toBe(1);
    expect(smtp.messages[0]?.to).toEqual([DIVYA.email]);
    const [sent] = await notices(request.id);
    expect(sent?.notice).toMatchObject({ state: 'sent', reason: null, nextAttemptAt: null });
    expect(sent?.notice?.sentAt).not.toBeNull();
    expect((await retry(owner, id)).statusCode).toBe(409);
    const actions = (await audited()).map((e) => e.action);
    expect(actions.filter((a) => a === 'monitoring.message.retry').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(await audited())).not.toContain(DIVYA.email);
  });

  it('marks a notice failed for good after the last attempt, with no next attempt', async () => {
    smtp.rejectWith = 554;
    const customer = await shop.customer({ name: 'Gita Sample', email: 'gita.sample@example.com' });
    const request = await openRequest(customer, 'access');
    await shop.t.services.privacy.requests.acknowledge(shop.operator, request.id);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await shop.t.services.monitoring.delivery.deliverDue();
      shop.t.clock.advance(7 * 3600_000);
    }
    const [failed] = await notices(request.id);
    expect(failed?.notice).toMatchObject({
      state: 'failed',
      reason: 'mail server refused: 554',
      attempts: MAX_ATTEMPTS,
      nextAttemptAt: null,
      sentAt: null,
    });
    // Days passed: a fresh sign-in reads the list.
    const { services } = shop.t;
    const fresh = await signIn(
      shop.t,
      await createAccount(services, shop.tenant.tenantId, { role: 'owner' }),
      'owner',
    );
    const listed = await messages(fresh, '?state=failed');
    expect(listed.status).toBe(200);
    expect(listed.list.map((m) => m.deliveryId)).toContain(failed?.notice?.deliveryId);
    smtp.rejectWith = null;
  });

  it('sends the erasure notice before erasing, and says so only when it was sent', async () => {
    smtp.rejectWith = null;
    const before = smtp.messages.length;
    const farah = await shop.customer(FARAH);
    const request = await openRequest(farah, 'erasure');
    await shop.t.services.privacy.requests.fulfilErasure(shop.operator, request.id);
    expect(smtp.messages.slice(before).map((m) => m.to)).toEqual([[FARAH.email]]);
    expect((await notices(request.id)).at(-1)?.notice).toMatchObject({ state: 'sent' });

    // Refused: erased anyway (the law asks for it), and the timeline says the notice failed.
    smtp.rejectWith = 550;
    const hema = await shop.customer({ name: 'Hema Sample', email: 'hema.sample@example.com' });
    const refused = await openRequest(hema, 'erasure');
    await shop.t.services.privacy.requests.fulfilErasure(shop.operator, refused.id);
    const notice = (await notices(refused.id)).at(-1)?.notice;
    expect(notice).toMatchObject({ state: 'retrying', reason: 'mail server refused: 550' });
    // Its next attempt cannot reach an erased customer: it fails for good, never "sent".
    shop.t.clock.advance(60_000);
    smtp.rejectWith = null;
    await shop.t.services.monitoring.delivery.deliverDue();
    expect((await notices(refused.id)).at(-1)?.notice).toMatchObject({ state: 'failed' });
    expect(smtp.messages.some((m) => m.to.includes('hema.sample@example.com'))).toBe(false);
  });
});
