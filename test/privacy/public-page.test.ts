/**
 * The public request page's API on both engines: the answer is the same whether or not the email
 * is a customer's (status, shape, words), only a customer on record receives a code (over a real
 * SMTP server), a verified requester downloads their package with their own password, a wrong
 * code and a request that matched nobody fail alike, cross-site posts are refused, and a network
 * that floods the page is slowed down.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { ORIGIN } from '../support/identity.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';
import { codeMailedTo, exportPasswordMailedTo, startMessaging, type Messaging } from './support/messaging.js';
import { unzipText } from './support/unzip.js';

const FARAH = { name: 'Farah Madeup', phone: '+919800001010', email: 'farah.madeup@example.com' };

describeEachEngine('public privacy request page', (getDb) => {
  let messaging: Messaging;
  let shop: PrivacyShop;
  let base = '';
  let ip = 10;

  beforeAll(async () => {
    messaging = await startMessaging();
    shop = await createPrivacyShop(getDb(), messaging.settings);
    await shop.customer(FARAH);
    base = `/api/v1/public/privacy/${shop.tenant.tenantId}`;
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
    await messaging?.close();
  });

  /** Each test posts from its own network, so the rate limit of one does not touch the next. */
  const post = (path: string, payload: Record<string, unknown>, address = `203.0.${ip}.9`) =>
    shop.t.app.inject({
      method: 'POST',
      url: `${base}${path}`,
      payload,
      remoteAddress: address,
      headers: { origin: ORIGIN },
    });

  it('answers alike for a customer and a stranger, and mails a code only to the customer on record', async () => {
    ip += 1;
    const before = messaging.smtp.messages.length;
    const known = await post('/requests', { kind: 'export', email: FARAH.email.toUpperCase() });
    const unknown = await post('/requests', { kind: 'export', email: 'nobody.here@example.com' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    const a = known.json<{ reference: string; requestToken: string; message: string }>();
    const b = unknown.json<{ reference: string; requestToken: string; message: string }>();
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.message).toBe(b.message);
    expect(a.reference).toMatch(/^PR-[A-Z0-9]{8}$/);
    const code = await codeMailedTo(messaging.smtp, FARAH.email, before);
    expect(messaging.smtp.messages.slice(before).some((m) => m.to.includes('nobody.here@example.com'))).toBe(
      false,
    );

    const wrong = code === '123456' ? '654321' : '123456';
    const badKnown = await post('/requests/verify', {
      reference: a.reference,
      requestToken: a.requestToken,
      code: wrong,
    });
    const badUnknown = await post('/requests/verify', {
      reference: b.reference,
      requestToken: b.requestToken,
      code,
    });
    expect(badKnown.statusCode).toBe(400);
    expect(badUnknown.statusCode).toBe(400);
    expect(badKnown.json<{ error: { message: string } }>().error.message).toBe(
      badUnknown.json<{ error: { message: string } }>().error.message,
    );
    const stolen = await post('/requests/status', { reference: a.reference, requestToken: b.requestToken });
    expect(stolen.statusCode).toBe(404);

    const ok = await post('/requests/verify', { reference: a.reference, requestToken: a.requestToken, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'open', verified: true, canDownload: true });
    // A password of the requester's own choosing is refused: the shop generates one (ADR 0062).
    const chosen = await post('/requests/download', {
      reference: a.reference,
      requestToken: a.requestToken,
      password: 'saffron lantern 7 blue',
    });
    expect(chosen.statusCode).toBe(400);
    const mailed = messaging.smtp.messages.length;
    const file = await post('/requests/download', { reference: a.reference, requestToken: a.requestToken });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    // The password went to the email on record, apart from the file.
    const password = await exportPasswordMailedTo(messaging.smtp, FARAH.email, mailed);
    await expect(unzipText(file.rawPayload, 'saffron lantern 7 blue')).rejects.toThrow();
    const data = JSON.parse((await unzipText(file.rawPayload, password)).get('data.json') ?? '{}') as {
      sections: Record<string, { rows: Array<Record<string, unknown>> }>;
    };
    expect(data.sections.customers?.rows[0]).toMatchObject({ name: FARAH.name, email: FARAH.email });
    const status = await post('/requests/status', { reference: a.reference, requestToken: a.requestToken });
    expect(status.json()).toMatchObject({ status: 'completed', canDownload: false });
    expect(shop.t.log.text).not.toContain(FARAH.email);
  });

  it('validates input naming the field, and keeps contacts out of URLs', async () => {
    ip += 1;
    const both = await post('/requests', { kind: 'export', email: FARAH.email, phone: FARAH.phone });
    expect(both.statusCode).toBe(400);
    const kind = await post('/requests', { kind: 'delete-everything', email: FARAH.email });
    expect(kind.json<{ error: { field: string } }>().error.field).toMatch(/kind/);
    const shopless = await shop.t.app.inject({
      method: 'POST',
      url: '/api/v1/public/privacy/00000000-0000-4000-8000-000000000000/requests',
      payload: { kind: 'access', email: FARAH.email },
      remoteAddress: '203.0.99.1',
    });
    expect(shopless.statusCode).toBe(404);
  });

  it('refuses a post from another site, and slows a flooding network down', async () => {
    ip += 1;
    const crossSite = await shop.t.app.inject({
      method: 'POST',
      url: `${base}/requests`,
      payload: { kind: 'access', email: 'x@example.com' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);
    const answers: number[] = [];
    for (let i = 0; i < 12; i += 1)
      answers.push((await post('/requests', { kind: 'access', email: `flood${i}@example.com` })).statusCode);
    expect(answers.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(answers.slice(10)).toEqual([429, 429]);
    expect(
      (await post('/requests', { kind: 'access', email: 'other@example.com' }, '198.51.100.7')).statusCode,
    ).toBe(202);
  });

  it('shows the shop privacy notice', async () => {
    const res = await shop.t.app.inject({ method: 'GET', url: `${base}/notice` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ shop: 'Fake Fabrics', version: 'tijori-1' });
  });
});
