/**
 * Alerts leave the app by email over real SMTP and by a signed webhook: the email arrives at the
 * SMTP server and holds no personal data; the webhook's signature verifies with the shared
 * secret; a failing webhook is retried with growing delays, every attempt logged, until it gives
 * up; an owner is told of a new-device sign-in at their own address.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkNote } from '../../src/modules/audit/checkpoint-note.js';
import { MAX_ATTEMPTS } from '../../src/modules/notify/delivery.js';
import { createMigratedDatabase, type TestDatabase } from '../support/engines.js';
import { selectedEngines } from '../support/test-env.js';
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
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startHookReceiver,
  startSmtpReceiver,
  type HookReceiver,
  type SmtpReceiver,
} from '../support/mail-and-hooks.js';
import { loginFrom } from '../support/monitoring.js';

const SECRET = 'a shared secret of the shop webhook';

/**
 * Each test gets its own database, app and shop: delivery and detection run across every shop of
 * the database, so a test meeting another test's alerts or deliveries would count them.
 */
for (const engine of selectedEngines())
  describe(`alert delivery [${engine}]`, () => {
    let database: TestDatabase;
    let t: IdentityTestApp;
    let smtp: SmtpReceiver;
    let hook: HookReceiver;
    let tenantId: string;
    let owner: TestAccount;
    let cashier: TestAccount;
    let ownerSession: SignedIn;
    const getDb = () => database;

    const deliver = () => t.services.monitoring.delivery.deliverDue();
    const attempts = (deliveryId: string) =>
      getDb()
        .db.selectFrom('delivery_attempts')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .orderBy('attempt')
        .execute();

    beforeAll(async () => {
      smtp = await startSmtpReceiver();
      hook = await startHookReceiver();
    });

    beforeEach(async () => {
      smtp.messages.length = 0;
      hook.requests.length = 0;
      hook.statuses.length = 0;
      database = await createMigratedDatabase(engine);
      t = await buildIdentityTestApp(database, {
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpUser: SMTP_USER,
        smtpPassword: SMTP_PASSWORD,
        smtpFrom: 'Tijori <alerts@shop.test>',
        // The test server's STARTTLS certificate is its built-in self-signed one.
        smtpTlsVerify: false,
        webhookAllowHttp: true,
      });
      t.clock.set(new Date('2026-06-08T05:00:00.000Z'));
      ({ tenantId } = await createTenant(getDb().db, { name: 'Mehta Agro Kendra' }));
      await seedRoles(getDb().db, tenantId);
      owner = await createAccount(t.services, tenantId, { role: 'owner', email: 'kavita.mehta@example.com' });
      cashier = await createAccount(t.services, tenantId, {
        role: 'cashier',
        email: 'sunil.cashier@example.com',
      });
      ownerSession = await signIn(t, owner, 'owner');
      const set = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/settings/alerts',
        headers: ownerSession.headers,
        payload: {
          emailRecipients: ['security@mehta-agro.example'],
          emailMinSeverity: 'medium',
          webhook: { url: hook.url, secret: SECRET },
          webhookMinSeverity: 'low',
          sendCheckpoints: false,
        },
      });
      expect(set.statusCode).toBe(200);
    }, 60_000);

    afterEach(async () => {
      await t.close();
      await database.close();
    });

    afterAll(async () => {
      await smtp.close();
      await hook.close();
    });

    it('shows the channels masked and never the secret; changing them needs step-up and is recorded', async () => {
      const view = await t.app.inject({
        method: 'GET',
        url: '/api/v1/settings/alerts',
        headers: ownerSession.headers,
      });
      expect(view.json()).toEqual({
        emailRecipients: ['s***@mehta-agro.example'],
        emailMinSeverity: 'medium',
        webhook: { configured: true, host: new URL(hook.url).host },
        webhookMinSeverity: 'low',
        sendCheckpoints: false,
      });
      expect(view.body).not.toContain(SECRET);
      const stored = await getDb()
        .db.selectFrom('alert_channels')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toMatch(/mehta-agro|shared secret|127\.0\.0\.1/);
      const recorded = await t.services.audit.service.list(tenantId, { action: 'settings.alerts.update' }, 5);
      expect(recorded.entries[0]?.details).toMatchObject({ emailRecipients: 1, webhook: true });
      t.clock.advance(10 * 60_000);
      const late = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/settings/alerts',
        headers: ownerSession.headers,
        payload: {
          emailRecipients: [],
          emailMinSeverity: 'low',
          webhook: null,
          webhookMinSeverity: 'low',
          sendCheckpoints: false,
        },
      });
      expect(late.statusCode).toBe(403);
      expect(late.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    });

    it('emails the alert over SMTP with no personal data, and posts a webhook that verifies', async () => {
      for (let i = 0; i < 12; i += 1)
        await loginFrom(t, cashier, { ip: '203.0.113.77', password: `guess ${i}` });
      t.clock.advance(10_000);
      await t.services.monitoring.monitor.run();
      const [alert] = await t.services.monitoring.alerts.list(tenantId, { detector: 'brute_force' }, 5);
      if (alert === undefined) throw new Error('no alert raised');
      expect(await deliver()).toBe(2);

      expect(smtp.messages).toHaveLength(1);
      const mail = smtp.messages[0];
      expect(mail?.to).toEqual(['security@mehta-agro.example']);
      expect(mail?.from).toBe('alerts@shop.test');
      const body = (mail?.text ?? '')
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join('\n');
      expect(mail?.text).toMatch(/Subject: \[Tijori\] HIGH: Many failed sign-ins to one account/);
      expect(body).toContain(`Alert id: ${alert.id}`);
      expect(body).toMatch(/First seen: .*2026.* IST/);
      expect(body).toContain(`https://shop.test/app/alerts/${alert.id}`);
      for (const personal of ['sunil', 'kavita', 'example.com', 'Mehta', 'Test User', '203.0.113'])
        expect(body, personal).not.toContain(personal);

      expect(hook.requests).toHaveLength(1);
      const request = hook.requests[0];
      const header = String(request?.headers['x-tijori-signature']);
      const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      // The receiver's check, done here with node:crypto alone and the shared secret.
      const expected = createHmac('sha256', SECRET)
        .update(`${timestamp}.${request?.body ?? ''}`)
        .digest('hex');
      expect(mac).toBe(expected);
      expect(
        createHmac('sha256', 'another secret')
          .update(`${timestamp}.${request?.body ?? ''}`)
          .digest('hex'),
      ).not.toBe(mac);
      const payload = JSON.parse(request?.body ?? '{}') as { type: string; alert: Record<string, unknown> };
      expect(payload).toMatchObject({
        type: 'alert',
        alert: { id: alert.id, detector: 'brute_force', severity: 'high', subjectId: cashier.userId },
      });
      for (const personal of ['sunil', 'example.com', 'Mehta', '203.0.113'])
        expect(request?.body).not.toContain(personal);
    });

    it('retries a failing webhook with growing delays and logs every attempt', async () => {
      hook.statuses.push(500, 503);
      t.clock.set(new Date('2026-06-08T07:00:00.000Z'));
      const stylist = await createAccount(t.services, tenantId, { role: 'stylist' });
      for (let i = 0; i < 12; i += 1)
        await loginFrom(t, stylist, { ip: '192.0.2.44', password: `guess ${i}` });
      t.clock.advance(10_000);
      await t.services.monitoring.monitor.run();
      const [alert] = await t.services.monitoring.alerts.list(
        tenantId,
        { detector: 'brute_force', status: 'open' },
        1,
      );
      const delivery = await getDb()
        .db.selectFrom('notification_deliveries')
        .selectAll()
        .where('ref_id', '=', alert?.id ?? '')
        .where('channel', '=', 'webhook')
        .executeTakeFirstOrThrow();
      await deliver();
      expect((await attempts(delivery.id)).map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
        [1, 'failed', 500],
      ]);
      await deliver();
      expect(await attempts(delivery.id)).toHaveLength(1); // not due yet
      t.clock.advance(30_000);
      await deliver();
      t.clock.advance(2 * 60_000);
      await deliver();
      expect((await attempts(delivery.id)).map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
        [1, 'failed', 500],
        [2, 'failed', 503],
        [3, 'delivered', 200],
      ]);
      expect(hook.requests).toHaveLength(3);
      expect(new Set(hook.requests.map((r) => r.body)).size).toBe(1);
      // The owner signs in again (the morning session has idled out) to read the delivery log.
      const fresh = await loginFrom(t, owner, { ip: '10.1.1.5', totpSecret: ownerSession.totpSecret });
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/v1/alerts/${alert?.id ?? ''}`,
        headers: fresh.session?.headers ?? {},
      });
      expect(detail.statusCode).toBe(200);
      const log = detail.json<{
        deliveries: Array<{ channel: string; status: string; attempt: number; outcome: string }>;
      }>().deliveries;
      expect(log.filter((d) => d.channel === 'webhook').map((d) => [d.attempt, d.outcome, d.status])).toEqual(
        [
          [1, 'failed', 'delivered'],
          [2, 'failed', 'delivered'],
          [3, 'delivered', 'delivered'],
        ],
      );
    });

    it('gives up after the last attempt, keeping the log', async () => {
      hook.statuses.push(...Array<number>(4 * MAX_ATTEMPTS).fill(502));
      t.clock.set(new Date('2026-06-08T09:00:00.000Z'));
      for (let i = 0; i < 12; i += 1)
        await loginFrom(t, cashier, { ip: '198.18.0.9', password: `guess ${i}` });
      t.clock.advance(10_000);
      await t.services.monitoring.monitor.run();
      const pending = await getDb()
        .db.selectFrom('notification_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('channel', '=', 'webhook')
        .execute();
      expect(pending.length).toBeGreaterThan(0);
      for (let i = 0; i < MAX_ATTEMPTS + 2; i += 1) {
        await deliver();
        t.clock.advance(7 * 3600_000);
      }
      for (const { id } of pending) {
        const final = await getDb()
          .db.selectFrom('notification_deliveries')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(final).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_error: 'HTTP 502' });
        expect(await attempts(id)).toHaveLength(MAX_ATTEMPTS);
      }
      hook.statuses.length = 0;
    });

    it('tells an owner of a new-device sign-in on their own account, at their own address', async () => {
      t.clock.set(new Date('2026-06-09T05:00:00.000Z'));
      await loginFrom(t, owner, { ip: '100.64.1.1', totpSecret: ownerSession.totpSecret });
      t.clock.advance(10_000);
      await t.services.monitoring.monitor.run();
      await deliver();
      const own = smtp.messages.find((m) => m.to.includes('kavita.mehta@example.com'));
      expect(own?.text).toMatch(/A sign-in from a new device or network/);
      expect(
        own?.text
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('\n'),
      ).not.toMatch(/kavita|100\.64/);
    });

    it('sends each new signed checkpoint to the channels when the shop asks, to keep a copy elsewhere', async () => {
      const ctx = { tenantId, actor: { type: 'user' as const, id: owner.userId } };
      await t.services.monitoring.channels.update(ctx, {
        emailRecipients: ['security@mehta-agro.example'],
        emailMinSeverity: 'medium',
        webhook: { url: hook.url, secret: SECRET },
        webhookMinSeverity: 'low',
        sendCheckpoints: true,
      });
      const made = await t.services.audit.checkpoints.createNow(ctx);
      expect(await deliver()).toBe(2);
      const key = await t.services.audit.checkpoints.verifyKey();
      const mailed = smtp.messages.find((m) => m.text.includes('Audit checkpoint'));
      expect(mailed?.text).toContain(made.note);
      const posted = JSON.parse(hook.requests[0]?.body ?? '{}') as { type: string; note: string };
      expect(posted.type).toBe('audit.checkpoint');
      expect(checkNote(posted.note, key)).toMatchObject({
        ok: true,
        checkpoint: { tenantId, seq: made.seq },
      });
    });
  });
