/**
 * Registers and the compliance report on both engines: records of processing generated from the
 * inventory with the shop's processors and retention; the processor register with review dates;
 * the staff training register by role with due and overdue courses; and the report PDF gathering
 * them with request, consent, retention, erasure and export evidence and the latest self-audit.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../support/factories.js';
import { describeEachEngine } from '../support/engines.js';
import { ComplianceService } from '../../src/modules/privacy/compliance.service.js';
import type { SelfAuditSummary } from '../../src/modules/privacy/compliance-report.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';

describeEachEngine('records of processing, registers and the compliance report', (getDb) => {
  let shop: PrivacyShop;
  let cashierId = '';
  let managerId = '';

  beforeAll(async () => {
    shop = await createPrivacyShop(getDb(), {}, undefined, '2026-06-01T06:30:00.000Z');
    const { db } = getDb();
    cashierId = await createUser(db, shop.tenant.tenantId, { roles: [{ role: 'cashier' }] });
    managerId = await createUser(db, shop.tenant.tenantId, { roles: [{ role: 'manager' }] });
    const p = shop.t.services.privacy;
    const ctx = shop.operator.audit;
    await p.processors.save(ctx, {
      name: 'Example SMS Gateway Pvt Ltd',
      service: 'sms',
      purpose: 'One-time codes and offers by SMS',
      dataCategories: ['contact'],
      location: 'India',
      contractStatus: 'signed',
      dpaStatus: 'signed',
      dpaSignedOn: '2026-01-10',
      lastReviewedOn: '2026-01-10',
      nextReviewOn: '2026-05-01',
    });
    await p.processors.save(ctx, {
      name: 'Example Payments Ltd',
      service: 'payment_gateway',
      purpose: 'UPI and card payments',
      dataCategories: ['payment_reference'],
      location: 'India',
      contractStatus: 'signed',
      dpaStatus: 'pending',
    });
    const course = await p.training.addCourse(ctx, {
      title: 'Handling customer data (DPDP)',
      renewMonths: 12,
      requiredRoles: ['cashier', 'manager'],
    });
    await p.training.recordCompletion(ctx, {
      courseId: course.id,
      userId: cashierId,
      completedOn: '2025-05-01',
    });
    const customer = await shop.customer({ name: 'Jaya Pretend', phone: '+919800001414' });
    await p.consent.record(shop.operator, {
      customerId: customer,
      purposes: ['marketing_sms'],
      granted: true,
      source: 'counter',
    });
    const request = await p.requests.create(shop.operator, {
      kind: 'erasure',
      channel: 'counter',
      customerId: customer,
      verifiedInPerson: true,
    });
    await p.requests.fulfilErasure(shop.operator, request.id);
    await p.retention.run(shop.operator, { dryRun: true });
  }, 60_000);
  afterAll(async () => shop?.close());

  it('generates records of processing from the inventory, processors and retention settings', async () => {
    const records = await shop.t.services.privacy.compliance.records(shop.tenant.tenantId);
    const marketing = records.find((r) => r.purpose === 'marketing');
    expect(marketing?.dataSubjects).toEqual(['customers']);
    expect(marketing?.lawfulBasis).toContain('consent');
    expect(marketing?.dataCategories).toEqual(expect.arrayContaining(['contact', 'identity', 'consent']));
    expect(marketing?.recipients.map((r) => r.name)).toEqual(['Example SMS Gateway Pvt Ltd']);
    expect(marketing?.retention.join(' ')).toMatch(/36 months/);
    const billing = records.find((r) => r.purpose === 'billing');
    expect(billing?.recipients.map((r) => r.name)).toEqual(['Example Payments Ltd']);
    expect(records.find((r) => r.purpose === 'gst_compliance')?.retention.join(' ')).toMatch(/72 months/);
    // Operations hold customers' personal data only in salon appointments; the shop's own
    // operational tables (stores, counters, stock) hold none and make no record.
    expect(records.find((r) => r.purpose === 'operations')?.dataSubjects).toEqual(['customers']);
    expect(records[0]?.securityMeasures.join(' ')).toMatch(/AES-256-GCM/);
  });

  it('keeps the processor and training registers with review and due dates', async () => {
    const processors = await shop.t.services.privacy.processors.list(shop.tenant.tenantId);
    expect(processors.find((p) => p.service === 'sms')).toMatchObject({
      reviewOverdue: true,
      dpaStatus: 'signed',
    });
    const register = await shop.t.services.privacy.training.register(shop.tenant.tenantId);
    expect(register.find((r) => r.userId === cashierId)).toMatchObject({
      status: 'overdue',
      dueOn: '2026-05-01',
    });
    expect(register.find((r) => r.userId === managerId)).toMatchObject({
      status: 'never',
      completedOn: null,
    });
  });

  it('renders the compliance report PDF with the evidence and the latest self-audit', async () => {
    const selfAudit: SelfAuditSummary = {
      ranAt: '2026-05-31T20:00:00.000Z',
      score: 82,
      counts: { pass: 9, warn: 2, fail: 1 },
      findings: [{ check: 'mfa', status: 'fail', title: 'Two users without two-step sign-in' }],
    };
    const p = shop.t.services.privacy;
    const report = new ComplianceService({
      db: getDb().db,
      clock: shop.t.clock,
      audit: shop.t.services.audit.trail,
      processors: p.processors,
      training: p.training,
      retention: p.retention,
      facts: { engine: 'sqlite', keyProvider: 'file', https: true },
      selfAudit: { latest: () => Promise.resolve(selfAudit) },
      shopName: () => Promise.resolve('Fake Fabrics'),
    });
    const pdf = await report.report(shop.operator);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    for (const expected of [
      'Records of processing',
      'Example SMS Gateway Pvt Ltd',
      'REVIEW OVERDUE',
      'Never taken: 1',
      'Erasure certificates: 1',
      'marketing_sms: 1 consenting',
      'Score: 82',
      'Two users without two-step sign-in',
      'dry run',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Jaya');
    const without = await p.compliance.evidence(shop.tenant.tenantId);
    // The installed self-audit has not run for this shop yet.
    expect(without.selfAudit).toBeNull();
    expect(without.requests).toMatchObject({ total: 1, byKind: { erasure: 1 } });
  });
});
