/**
 * The public side and the plan: `/.well-known/security.txt` with the RFC 9116 fields; reports of
 * a suspected breach from anyone (no account), sealed so only the shop can read them, raised as
 * alerts, throttled per network, refused cross-site and as form posts, routed by the GSTIN on a
 * bill; staff read, close or promote them. The incident-response plan starts from a template,
 * saves as reviewed with a review date, keeps contacts encrypted, and alerts once when overdue.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { securityTxt } from '../../src/modules/incidents/security-txt.js';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';
import { call, createShop, ok, type Shop } from './support.js';

describe('security.txt (pure)', () => {
  it('has Contact, Expires under a year ahead, Preferred-Languages, Canonical and Policy', () => {
    const text = securityTxt(
      { contact: 'mailto:security@shop.example' },
      'https://shop.example',
      new Date('2026-06-01T10:00:00Z'),
    );
    expect(text).toBe(
      [
        'Contact: mailto:security@shop.example',
        'Expires: 2026-11-28T00:00:00Z',
        'Preferred-Languages: en, hi',
        'Canonical: https://shop.example/.well-known/security.txt',
        'Policy: https://shop.example/report-security#policy',
        '',
      ].join('\n'),
    );
    expect(() => buildConfig({ dataDir: '/x', securityContact: 'security@shop.example' })).toThrow(
      /securityContact|TIJORI_SECURITY_CONTACT/,
    );
  });
});

describeEachEngine('public reports, security.txt and the plan', (getDb) => {
  let t: IdentityTestApp;
  let shop: Shop;
  let second: Shop;

  const report = (payload: unknown, options: { ip?: string; headers?: Record<string, string> } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/public/security-reports',
      remoteAddress: options.ip ?? '198.51.100.7',
      headers: options.headers ?? {},
      payload: payload as Record<string, unknown>,
    });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb(), { securityPolicyUrl: 'https://shop.test/policy' });
    t.clock.set('2026-06-01T06:00:00.000Z');
    shop = await createShop(t);
    second = await createShop(t);
    await getDb()
      .db.updateTable('stores')
      .set({ gstin: '27AAPFU0939F1ZV' })
      .where('id', '=', second.storeId)
      .execute();
  }, 60_000);
  // Each test starts at the same time (one test moves the clock on six months, past every
  // throttle window), so tests pass alone and in any order.
  beforeEach(async () => {
    t.clock.set('2026-06-01T06:00:00.000Z');
    await getDb().db.deleteFrom('auth_throttle').execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves security.txt at the root and redirects the legacy path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/security.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('Contact: https://shop.test/report-security\n');
    expect(res.body).toContain('Canonical: https://shop.test/.well-known/security.txt\n');
    expect(res.body).toContain('Policy: https://shop.test/policy\n');
    expect(res.body).toMatch(/^Expires: 2026-11-28T00:00:00Z$/m);
    const legacy = await t.app.inject({ method: 'GET', url: '/security.txt' });
    expect(legacy.statusCode).toBe(301);
    expect(legacy.headers.location).toBe('/.well-known/security.txt');
  });

  it('takes a report without an account, seals it, raises an alert; staff open, close or promote it', async () => {
    const description = 'I got a WhatsApp message from +91 98765 43210 with my last bill from this shop.';
    const res = await report({
      category: 'data_breach',
      description,
      contact: 'reporter@example.test',
      shopGstin: '27aapfu0939f1zv',
    });
    expect(res.statusCode).toBe(202);
    const { reference } = res.json<{ reference: string }>();
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    const stored = await getDb()
      .db.selectFrom('security_reports')
      .selectAll()
      .where('category', '=', 'data_breach')
      .executeTakeFirstOrThrow();
    expect(stored.tenant_id).toBe(second.tenantId);
    expect(stored.sealed).not.toContain('WhatsApp');
    expect(stored.sealed).not.toContain('reporter');
    const alerts = await t.services.monitoring.alerts.list(
      second.tenantId,
      { detector: 'security_report' },
      10,
    );
    expect(alerts.map((a) => [a.severity, a.subjectId])).toEqual([['high', stored.id]]);
    expect(
      (await ok<{ reports: unknown[] }>(t, shop.ownerSession, 'GET', '/security-reports')).reports,
    ).toEqual([]);
    const opened = await ok<{ report: { description: string; contact: string; status: string } }>(
      t,
      second.ownerSession,
      'GET',
      `/security-reports/${stored.id}`,
    );
    expect(opened.report).toMatchObject({ description, contact: 'reporter@example.test', status: 'new' });
    const promoted = await ok<{ incidentId: string }>(
      t,
      second.ownerSession,
      'POST',
      `/security-reports/${stored.id}/incident`,
      {},
    );
    const incident = await ok<{ incident: { sourceReportId: string; category: string; awareAt: string } }>(
      t,
      second.ownerSession,
      'GET',
      `/incidents/${promoted.incidentId}`,
    );
    expect(incident.incident).toMatchObject({
      sourceReportId: stored.id,
      category: 'data_breach',
      awareAt: stored.received_at,
    });
    expect((await call(t, second.ownerSession, 'POST', `/security-reports/${stored.id}/close`)).status).toBe(
      409,
    );
    const audit = await getDb()
      .db.selectFrom('audit_entries')
      .select(['action', 'details', 'actor_type'])
      .where('tenant_id', '=', second.tenantId)
      .where('action', 'like', 'security_report.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_type])).toEqual([
      ['security_report.receive', 'public'],
      ['security_report.read', 'user'],
      ['security_report.promote', 'user'],
    ]);
    for (const a of audit) expect(a.details).not.toMatch(/WhatsApp|98765|reporter/);
  });

  it('refuses cross-site posts, form posts and bad input; throttles one network', async () => {
    const body = { category: 'phishing', description: 'A fake page asks for UPI payments in the shop name.' };
    expect((await report(body, { headers: { origin: 'https://evil.example' } })).statusCode).toBe(403);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/security-reports',
      remoteAddress: '198.51.100.8',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'category=phishing&description=hello',
    });
    expect(form.statusCode).toBe(415);
    const bad = await report({ category: 'aliens', description: 'x' }, { ip: '198.51.100.9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { field: string } }>().error.field).toBe('body.category');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await report(body, { ip: '192.0.2.44' })).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    expect((await report(body, { ip: '203.0.113.50' })).statusCode).toBe(202);
    t.clock.advance(61_000);
    expect((await report(body, { ip: '192.0.2.44' })).statusCode).toBe(202);
  });

  it('keeps the plan: a starter template, saved as reviewed with contacts encrypted, an alert once overdue', async () => {
    t.clock.set('2026-06-01T06:10:00.000Z');
    const starter = await ok<{
      saved: boolean;
      version: number;
      content: { playbooks: Array<{ category: string }> };
    }>(t, shop.ownerSession, 'GET', '/incident-plan');
    expect(starter).toMatchObject({ saved: false, version: 0 });
    expect(starter.content.playbooks.map((p) => p.category)).toContain('lost_or_stolen_device');
    const content = {
      ...starter.content,
      contacts: [
        {
          role: 'grievance_officer',
          name: 'Test Officer',
          phone: '+919000099999',
          email: 'grievance@example.test',
        },
        { role: 'incident_lead', name: 'Test Owner' },
      ],
    };
    const past = await call<{ error: { field: string } }>(t, shop.ownerSession, 'PUT', '/incident-plan', {
      content,
      reviewBy: '2026-05-01',
    });
    expect(past.body.error.field).toBe('reviewBy');
    const saved = await ok<{ saved: boolean; version: number; reviewBy: string; reviewedAt: string }>(
      t,
      shop.ownerSession,
      'PUT',
      '/incident-plan',
      { content, reviewBy: '2026-12-01' },
    );
    expect(saved).toMatchObject({
      saved: true,
      version: 1,
      reviewBy: '2026-12-01',
      reviewedAt: '2026-06-01T06:10:00.000Z',
    });
    const row = await getDb()
      .db.selectFrom('incident_plans')
      .select('content_enc')
      .where('tenant_id', '=', shop.tenantId)
      .executeTakeFirstOrThrow();
    expect(row.content_enc).toMatch(/^tj1:staff_pii:/);
    // The notices name the grievance officer as the contact.
    const { incident } = await ok<{ incident: { id: string } }>(t, shop.ownerSession, 'POST', '/incidents', {
      title: 'Suspicious sign-ins',
      category: 'unauthorised_access',
      severity: 'low',
      awareAt: '2026-06-01T11:00:00+05:30',
    });
    const draft = await ok<{ notice: { body: string } }>(
      t,
      shop.ownerSession,
      'POST',
      `/incidents/${incident.id}/notices/cert_in/draft`,
    );
    expect(draft.notice.body).toContain(
      'Point of contact: Test Officer (grievance officer), +919000099999, grievance@example.test',
    );

    t.clock.set('2026-12-02T06:00:00.000Z');
    await t.services.incidents.watch.run();
    await t.services.incidents.watch.run();
    const overdue = await t.services.monitoring.alerts.list(
      shop.tenantId,
      { detector: 'incident_plan_overdue' },
      10,
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.details).toEqual({ reviewBy: '2026-12-01' });
  });
});
