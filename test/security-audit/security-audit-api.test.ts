/**
 * The self-audit over the real API on both engines: "Run now" starts a run in the background, the
 * history and trend list it, the report holds every check, and exports as JSON and PDF are signed
 * so that the installation's public key verifies them (the JSON's report signature, the PDF's file
 * signature and the signed JSON attached inside the PDF). Owners and admins run; auditors read and
 * export; cashiers see nothing; another business's runs do not exist.
 */
import { getDocumentProxy, extractText } from 'unpdf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyTagged } from '../../src/crypto/signing.js';
import { INSTALLATION_CHAIN } from '../../src/kernel/audit.js';
import { securityChecks } from '../../src/modules/security-audit/checks/registry.js';
import type { RunDetail, RunSummary } from '../../src/modules/security-audit/security-audit.types.js';
import {
  verifySignedReport,
  type SignedReport,
} from '../../src/modules/security-audit/security-audit-report.js';
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

describeEachEngine('security audit API', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let o: SignedIn;
  let auditor: SignedIn;
  let cashier: SignedIn;
  let other: SignedIn;
  let publicKey: string;
  /** A completed manual run, started over the API once, for the tests that read one. */
  let manual: Promise<RunDetail> | undefined;
  const manualRun = (): Promise<RunDetail> =>
    (manual ??= (async () => {
      const started = await post(o, '/api/v1/security-audits');
      expect(started.statusCode).toBe(202);
      await t.services.securityAudit.service.settle();
      const id = started.json<{ run: RunSummary }>().run.id;
      return (await get(o, `/api/v1/security-audits/${id}`)).json<{ run: RunDetail }>().run;
    })());

  const get = (s: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const post = (s: SignedIn, url: string) => t.app.inject({ method: 'POST', url, headers: s.headers });

  /** Verifies a detached `ed25519;keyid=...;sig=...` header over the body (a `security-audit-file` message). */
  function fileSignatureValid(header: unknown, body: Buffer): boolean {
    const sig = /sig=([A-Za-z0-9+/=]+)$/.exec(String(header))?.[1] ?? '';
    return verifyTagged('security-audit-file', publicKey, body, Buffer.from(sig, 'base64'));
  }

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId } = await createTenant(getDb().db, { name: 'Fake Fabrics' }));
    await seedRoles(getDb().db, tenantId);
    o = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    auditor = await signIn(t, await createAccount(t.services, tenantId, { role: 'auditor' }));
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier' }));
    const elsewhere = await createTenant(getDb().db, { name: 'Other Shop' });
    await seedRoles(getDb().db, elsewhere.tenantId);
    other = await signIn(t, await createAccount(t.services, elsewhere.tenantId, { role: 'owner' }), 'owner');
    await t.services.audit.checkpoints.verifyKey();
    const key = await getDb()
      .db.selectFrom('tenant_key_pairs')
      .select('public_key')
      .where('tenant_id', '=', INSTALLATION_CHAIN)
      .where('purpose', '=', 'signing')
      .executeTakeFirstOrThrow();
    publicKey = key.public_key;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('Run now starts a run in the background (202); a second one while it runs is refused (409)', async () => {
    const [first, second] = await Promise.all([
      post(o, '/api/v1/security-audits'),
      post(o, '/api/v1/security-audits'),
    ]);
    const codes = [first.statusCode, second.statusCode].sort();
    expect(codes).toEqual([202, 409]);
    const started = [first, second].find((r) => r.statusCode === 202)?.json<{ run: RunSummary }>().run;
    expect(started?.status).toBe('running');
    await t.services.securityAudit.service.settle();
    const res = await get(o, `/api/v1/security-audits/${started?.id ?? ''}`);
    expect(res.statusCode).toBe(200);
    const run = res.json<{ run: RunDetail }>().run;
    expect(run.status).toBe('completed');
    expect(run.report?.checks.map((c) => c.id)).toEqual(securityChecks.map((c) => c.id));
    expect(run.report?.business).toBe('Fake Fabrics');
  });

  it('lists the history with scores for the trend, and the catalogue of checks', async () => {
    await manualRun();
    const before = (await get(o, '/api/v1/security-audits')).json<{ runs: RunSummary[] }>().runs;
    t.clock.advance(60_000);
    await t.services.securityAudit.service.run(
      { tenantId, actor: { type: 'system', id: 'test' } },
      'schedule',
    );
    const runs = (await get(o, '/api/v1/security-audits')).json<{ runs: RunSummary[] }>().runs;
    expect(runs).toHaveLength(before.length + 1);
    expect(runs.map((r) => r.trigger)).toEqual(['schedule', ...before.map((r) => r.trigger)]);
    expect(runs.map((r) => r.trigger)).toContain('manual');
    for (const r of runs) expect(r.score).toBeGreaterThan(0);
    const checks = (await get(auditor, '/api/v1/security-audits/checks')).json<{ checks: unknown[] }>()
      .checks;
    expect(checks).toHaveLength(securityChecks.length);
  });

  it('exports signed JSON that the installation public key verifies, and a changed report does not', async () => {
    const run = await manualRun();
    const res = await get(auditor, `/api/v1/security-audits/${run.id}/export?format=json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="security-audit-${run.id}.json"`);
    const signed = res.json<SignedReport>();
    expect(signed.report).toEqual(run.report);
    expect(verifySignedReport(signed, publicKey)).toBe(true);
    expect(fileSignatureValid(res.headers['x-tijori-signature'], res.rawPayload)).toBe(true);
    const forged = { ...signed, report: { ...signed.report, score: 100 } };
    expect(verifySignedReport(forged, publicKey)).toBe(false);
  });

  it('exports a signed PDF that carries the signed JSON report inside', async () => {
    const run = await manualRun();
    const res = await get(o, `/api/v1/security-audits/${run.id}/export?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fileSignatureValid(res.headers['x-tijori-signature'], res.rawPayload)).toBe(true);
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('Tijori security self-audit report');
    expect(text).toContain(`Score: ${run.score?.toFixed(1) ?? ''} / 100`);
    const attachments = (await pdf.getAttachments()) as Record<string, { content: Uint8Array }>;
    const attached = Object.values(attachments)[0];
    const signed = JSON.parse(Buffer.from(attached?.content ?? []).toString('utf8')) as SignedReport;
    expect(verifySignedReport(signed, publicKey)).toBe(true);
    const exports = await getDb()
      .db.selectFrom('audit_entries')
      .select('details')
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'security_audit.export')
      .orderBy('seq')
      .execute();
    expect(JSON.parse(exports.at(-1)?.details ?? '{}')).toEqual({ format: 'pdf' });
  });

  it('auditors read but cannot run; cashiers see nothing; another business’s run does not exist', async () => {
    const run = await manualRun();
    expect((await post(auditor, '/api/v1/security-audits')).statusCode).toBe(403);
    expect((await get(cashier, '/api/v1/security-audits')).statusCode).toBe(403);
    expect((await get(cashier, `/api/v1/security-audits/${run.id}/export?format=json`)).statusCode).toBe(403);
    expect((await get(other, `/api/v1/security-audits/${run.id}`)).statusCode).toBe(404);
    expect((await get(other, `/api/v1/security-audits/${run.id}/export?format=pdf`)).statusCode).toBe(404);
    expect((await get(o, '/api/v1/security-audits/not-an-id')).statusCode).toBe(400);
  });

  it('records each run in the audit trail with its score and the failing check ids', async () => {
    const run = await manualRun();
    const entry = await getDb()
      .db.selectFrom('audit_entries')
      .select(['details', 'actor_id'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'security_audit.run')
      .where('object_id', '=', run.id)
      .executeTakeFirstOrThrow();
    const details = JSON.parse(entry.details) as { score: number; failed: string[]; trigger: string };
    expect(details.trigger).toBe('manual');
    expect(details.score).toBe(run.score);
    expect(details.failed).toEqual(run.report?.checks.filter((c) => c.status === 'fail').map((c) => c.id));
  });

  it('the weekly job runs every business and raises an alert where checks fail', async () => {
    expect(t.services.jobs.jobNames).toEqual(expect.arrayContaining(['security-audit', 'access-review']));
    t.clock.advance(60_000);
    const runs = await t.services.securityAudit.service.runScheduled();
    expect(runs).toHaveLength(2);
    const alerts = await t.services.monitoring.alerts.list(
      tenantId,
      { detector: 'security_audit_failed' },
      10,
    );
    expect(alerts).toEqual([expect.objectContaining({ subjectType: 'security_audit', subjectId: tenantId })]);
    const mine = runs.find((r) => r.report?.tenantId === tenantId);
    expect(alerts[0]?.details).toMatchObject({ runId: mine?.id, failing: mine?.counts.fail });
  });
});
