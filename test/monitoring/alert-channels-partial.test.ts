/**
 * The alert channels as a settings form changes them: the recipients and the webhook come back
 * masked, so a form that changes only a severity sends neither, and what is on file stays; a
 * webhook set to null is removed. On both engines, over the real route (step-up applies).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
} from '../support/identity.js';

describeEachEngine('alert channels changed in part', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let headers: Record<string, string>;
  const put = (payload: object) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/settings/alerts', headers, payload });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb(), { webhookAllowHttp: true });
    ({ tenantId } = await createTenant(getDb().db, { name: 'Partial Channels' }));
    await seedRoles(getDb().db, tenantId);
    headers = (await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner'))
      .headers;
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('keeps the recipients and webhook on file when a change leaves them out, and removes a webhook set to null', async () => {
    const first = await put({
      emailRecipients: ['security@partial.example'],
      emailMinSeverity: 'medium',
      webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a shared secret of enough length' },
      webhookMinSeverity: 'low',
      sendCheckpoints: false,
    });
    expect(first.statusCode).toBe(200);
    const changed = await put({
      emailMinSeverity: 'high',
      webhookMinSeverity: 'critical',
      sendCheckpoints: true,
    });
    expect(changed.statusCode).toBe(200);
    expect(await t.services.monitoring.channels.targets(tenantId)).toEqual({
      recipients: ['security@partial.example'],
      webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a shared secret of enough length' },
    });
    const view = await t.services.monitoring.channels.view(tenantId);
    expect(view).toMatchObject({
      emailMinSeverity: 'high',
      webhookMinSeverity: 'critical',
      sendCheckpoints: true,
    });
    const recorded = await t.services.audit.service.list(tenantId, { action: 'settings.alerts.update' }, 1);
    expect(recorded.entries[0]?.details).toMatchObject({
      emailRecipients: 'unchanged',
      webhook: 'unchanged',
    });
    expect(
      (
        await put({
          emailMinSeverity: 'high',
          webhook: null,
          webhookMinSeverity: 'low',
          sendCheckpoints: false,
        })
      ).statusCode,
    ).toBe(200);
    expect((await t.services.monitoring.channels.targets(tenantId)).webhook).toBeNull();
    expect((await t.services.monitoring.channels.targets(tenantId)).recipients).toEqual([
      'security@partial.example',
    ]);
  });
});
