/**
 * The key, transport, audit-trail, operations and version checks one by one, on both engines, and
 * the runner's handling of a check that breaks (reported as an error, never a pass) and the score.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/kernel/audit.js';
import { runCheck, scoreOf } from '../../src/modules/security-audit/check-runner.js';
import type { CheckResult, SecurityCheck } from '../../src/modules/security-audit/check.types.js';
import {
  auditChainCheck,
  checkpointFreshnessCheck,
} from '../../src/modules/security-audit/checks/audit-trail.checks.js';
import {
  kekStorageCheck,
  retiredVersionsCheck,
} from '../../src/modules/security-audit/checks/keys.checks.js';
import {
  retentionJobsCheck,
  staleAlertsCheck,
} from '../../src/modules/security-audit/checks/operations.checks.js';
import {
  databaseTlsCheck,
  tlsCheck,
} from '../../src/modules/security-audit/checks/transport-session.checks.js';
import { versionsCheck } from '../../src/modules/security-audit/checks/versions.check.js';
import { asAttacker } from '../support/audit.js';
import { describeEachEngine } from '../support/engines.js';
import { checkContext, createAuditFixture, createShop, type AuditFixture } from './support/audit-fixture.js';

const DAY = 86_400_000;

describeEachEngine('key, transport, audit, operations and version checks', (getDb, engine) => {
  let f: AuditFixture;
  let shop: Awaited<ReturnType<typeof createShop>>;
  const tmp = mkdtempSync(join(tmpdir(), 'tijori-checks-'));
  const run = (check: SecurityCheck, env = {}) => runCheck(check, checkContext(f, shop.tenantId, env));

  beforeAll(async () => {
    f = await createAuditFixture(getDb(), engine);
    shop = await createShop(f);
  });
  afterAll(async () => {
    await f?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('operations.retention-jobs: a job that never ran in an installation two days old fails; a recent success passes', async () => {
    // First, while the manual clock still agrees with the shop's creation time.
    expect((await run(retentionJobsCheck)).status).toBe('pass');
    await f.db
      .insertInto('installation')
      .values({
        id: 'test-installation',
        created_at: new Date(f.clock.now().getTime() - 3 * DAY).toISOString(),
        setup_code_hash: null,
        setup_code_expires_at: null,
        setup_completed_at: null,
      })
      .execute();
    const never = await run(retentionJobsCheck);
    expect(never.status).toBe('fail');
    expect(never.found).toMatch(/audit-retention \(never\)/);
    const retentionJobs = f.services.jobs.jobNames.filter((name) => name.endsWith('-retention'));
    expect(retentionJobs).toEqual(expect.arrayContaining(['audit-retention', 'privacy-retention']));
    await f.db
      .insertInto('scheduled_jobs')
      .values(
        retentionJobs.map((name) => ({
          name,
          next_run_at: f.clock.now().toISOString(),
          last_outcome: 'success',
          last_finished_at: f.clock.now().toISOString(),
          runs: 1,
        })),
      )
      .execute();
    expect((await run(retentionJobsCheck)).status).toBe('pass');
    await f.db
      .updateTable('scheduled_jobs')
      .set({ last_outcome: 'failure' })
      .where('name', '=', 'audit-retention')
      .execute();
    expect((await run(retentionJobsCheck)).status).toBe('fail');
    await f.db.deleteFrom('installation').execute();
  });

  it('keys.retired-versions: a running rotation passes, a stalled one warns, values under a retired version fail', async () => {
    expect((await run(retiredVersionsCheck)).status).toBe('pass');
    const rotation = await f.services.rotation.start(shop.tenantId, 'staff_pii');
    const running = await run(retiredVersionsCheck);
    expect(running.status).toBe('pass');
    expect(running.found).toMatch(/running rotation/);
    await f.db.updateTable('key_rotations').set({ status: 'failed' }).where('id', '=', rotation.id).execute();
    expect((await run(retiredVersionsCheck)).status).toBe('warn');
    await f.db
      .updateTable('data_keys')
      .set({ status: 'retired' })
      .where('tenant_id', '=', shop.tenantId)
      .where('key_id', '=', 'staff_pii')
      .where('version', '=', rotation.fromVersion)
      .execute();
    const retired = await run(retiredVersionsCheck);
    expect(retired.status).toBe('fail');
    expect(retired.evidence.valuesLeft).toEqual([
      expect.objectContaining({ keyId: 'staff_pii', version: rotation.fromVersion, status: 'retired' }),
    ]);
  });

  it('keys.kek-storage: a readable KEK file fails, one beside the database warns, a file while an HSM is available fails', async () => {
    const kekFile = join(tmp, 'data', 'keys', 'kek.key');
    mkdirSync(join(tmp, 'data', 'keys'), { recursive: true });
    writeFileSync(kekFile, 'not a real key', { mode: 0o644 });
    chmodSync(kekFile, 0o644);
    const file = (hsmAvailable: boolean, dataDir: string) => ({
      dataDir,
      keyProvider: { kind: 'file' as const, kekFile, hsmAvailable },
      database: { engine: 'sqlite' as const, host: null, tls: 'off' as const },
    });
    expect((await run(kekStorageCheck, file(false, join(tmp, 'data')))).status).toBe('fail');
    chmodSync(kekFile, 0o600);
    expect((await run(kekStorageCheck, file(false, join(tmp, 'data')))).status).toBe('warn');
    expect((await run(kekStorageCheck, file(false, join(tmp, 'elsewhere')))).status).toBe('pass');
    const hsm = await run(kekStorageCheck, file(true, join(tmp, 'elsewhere')));
    expect(hsm.status).toBe('fail');
    expect(hsm.found).toMatch(/HSM is available but the KEK is held in a plain file/);
    expect(
      (await run(kekStorageCheck, { keyProvider: { kind: 'pkcs11', kekFile: '', hsmAvailable: true } }))
        .status,
    ).toBe('pass');
  });

  it('transport.tls: a certificate expiring within 30 days fails; plain HTTP behind a proxy is unknown, not a pass', async () => {
    expect((await run(tlsCheck)).status).toBe('pass');
    const pems = await generate([{ name: 'commonName', value: 'Tijori' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(f.clock.now().getTime() + 10 * DAY),
    });
    const certFile = join(tmp, 'expiring.pem');
    writeFileSync(certFile, pems.cert);
    const expiring = await run(tlsCheck, { tls: { httpOnly: false, certFile, minVersion: 'TLSv1.2' } });
    expect(expiring.status).toBe('fail');
    expect(expiring.found).toMatch(/certificate expires in (9|10) day/);
    expect((await run(tlsCheck, { tls: { ...f.env.tls, minVersion: 'TLSv1' } })).found).toMatch(
      /accepts TLSv1/,
    );
    expect((await run(tlsCheck, { tls: { ...f.env.tls, certFile: join(tmp, 'missing.pem') } })).status).toBe(
      'fail',
    );
    expect((await run(tlsCheck, { tls: { ...f.env.tls, httpOnly: true } })).status).toBe('unknown');
  });

  it('transport.database-tls: PostgreSQL on another machine needs verified TLS', async () => {
    const db = (host: string | null, tls: 'off' | 'require' | 'verify-full') => ({
      database: { engine: 'postgres' as const, host, tls },
    });
    expect((await run(databaseTlsCheck, db('db.internal', 'off'))).status).toBe('fail');
    expect((await run(databaseTlsCheck, db('db.internal', 'require'))).status).toBe('warn');
    expect((await run(databaseTlsCheck, db('db.internal', 'verify-full'))).status).toBe('pass');
    expect((await run(databaseTlsCheck, db('localhost', 'off'))).status).toBe('pass');
  });

  it('audit.checkpoints: entries waiting more than two intervals fail; a new checkpoint passes', async () => {
    expect((await run(checkpointFreshnessCheck)).status).toBe('pass');
    f.clock.advance(3 * 3600_000);
    const late = await run(checkpointFreshnessCheck);
    expect(late.status).toBe('fail');
    await f.services.audit.checkpoints.createNow(systemContext(shop.tenantId, 'test'));
    expect((await run(checkpointFreshnessCheck)).status).toBe('pass');
  });

  it('audit.chain: an entry edited behind Tijori’s back fails, naming the entry', async () => {
    expect((await run(auditChainCheck)).status).toBe('pass');
    await asAttacker(f.db, engine, async (db) => {
      await db
        .updateTable('audit_entries')
        .set({ outcome: 'failure' })
        .where('tenant_id', '=', shop.tenantId)
        .where('seq', '=', 2)
        .execute();
    });
    const broken = await run(auditChainCheck);
    expect(broken.status).toBe('fail');
    expect(broken.evidence.firstProblem).toEqual({ kind: 'changed', seq: 2 });
  });

  it('operations.stale-alerts: an alert open for more than 7 days fails; acknowledging it passes', async () => {
    const other = await createShop(f, 'Other Fabrics');
    const check = (env = {}) => runCheck(staleAlertsCheck, checkContext(f, other.tenantId, env));
    const { id } = await f.services.monitoring.alerts.raise({
      tenantId: other.tenantId,
      detector: 'brute_force',
      severity: 'high',
      subjectType: 'user',
      subjectId: other.ownerId,
      details: { failures: 12 },
      at: f.clock.now().toISOString(),
    });
    expect((await check()).status).toBe('pass');
    f.clock.advance(8 * DAY);
    const stale = await check();
    expect(stale.status).toBe('fail');
    expect(stale.evidence.alerts).toEqual([
      { alertId: id, detector: 'brute_force', severity: 'high', openDays: 8 },
    ]);
    await f.services.monitoring.alerts.acknowledge(other.ownerId, systemContext(other.tenantId, 'test'), id);
    expect((await check()).status).toBe('pass');
  });

  it('platform.versions: past end of life fails, near it warns, unknown versions are unknown', async () => {
    const at = (nodeVersion: string, now: string) =>
      runCheck(versionsCheck, {
        ...checkContext(f, shop.tenantId, { runtime: { tijoriVersion: '0.1.0', nodeVersion } }),
        now: new Date(now),
      });
    const eol = await at('v20.20.2', '2026-11-25T00:00:00Z');
    expect(eol.status).toBe('fail');
    expect(eol.found).toMatch(/Node.js v20.20.2 reached its end of life on 2026-04-30/);
    expect((await at('v24.11.0', '2026-11-25T00:00:00Z')).status).toBe('pass');
    expect((await at('v22.12.0', '2027-03-01T00:00:00Z')).status).toBe('warn');
    expect((await at('v99.0.0', '2026-11-25T00:00:00Z')).status).toBe('unknown');
    expect((await at('v24.11.0', '2028-01-01T00:00:00Z')).found).toMatch(
      /Tijori 0.1.0 reached its end of life/,
    );
  });
});

describe('check runner', () => {
  const broken: SecurityCheck = {
    id: 'test.broken',
    title: 'A check that breaks',
    category: 'operations',
    severity: 'high',
    remediation: 'Do the thing.',
    run: () => Promise.reject(new Error('table missing for 9876543210')),
  };
  const result = (
    status: CheckResult['status'],
    severity: CheckResult['severity'] = 'high',
  ): CheckResult => ({
    id: 'x',
    title: 'x',
    category: 'operations',
    severity,
    status,
    found: '',
    remediation: null,
    evidence: {},
  });

  it('reports a check that throws as an error (scrubbed of personal data), with its remediation', async () => {
    const outcome = await runCheck(broken, {} as never);
    expect(outcome.status).toBe('error');
    expect(outcome.found).toMatch(/could not run/);
    expect(outcome.found).not.toContain('9876543210');
    expect(outcome.remediation).toMatch(/Do the thing/);
  });

  it('scores by severity: a pass earns all, a warning half, a fail, unknown or error nothing', () => {
    expect(scoreOf([result('pass'), result('pass')])).toBe(100);
    expect(scoreOf([result('pass'), result('warn')])).toBe(75);
    for (const status of ['fail', 'unknown', 'error'] as const)
      expect(scoreOf([result('pass'), result(status)])).toBe(50);
    expect(scoreOf([result('pass', 'critical'), result('fail', 'low')])).toBe(90.9);
  });
});
