/**
 * The self-audit: runs every declared check for a tenant, scores them, stores the run with its
 * report (the history and trend kept as evidence), records it in the audit trail, and exports
 * signed reports (JSON and PDF). Runs come from the weekly job (which raises an alert when checks
 * fail), the CLI, and the API, where a run goes on in the background while the caller follows it.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { SecurityAuditTrigger } from '../../db/tables/security-audit.tables.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { Signer } from '../../crypto/signing.js';
import type { Logger } from '../../logging/logger.js';
import { scrubText } from '../../logging/redact.js';
import type { VerifyKey } from '../audit/audit-verify.js';
import { systemContext, type AuditContext, type AuditRecorder } from '../../kernel/audit.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { SelfAuditSummary } from '../privacy/compliance-report.js';
import type { Detection } from '../monitoring/alert.service.js';
import { countStatuses, runChecks, scoreOf } from './check-runner.js';
import type { AuditEnvironment, CheckContext, SecurityCheck } from './check.types.js';
import { securityChecks } from './checks/registry.js';
import type { RunDetail } from './security-audit.types.js';
import { nodeStatus, tijoriStatus } from './checks/versions.check.js';
import { renderReportPdf } from './report-pdf.renderer.js';
import { scanPlaintext } from './scanner/plaintext-scanner.js';
import {
  REPORT_FORMAT,
  signReport,
  type SecurityAuditReport,
  type SignedReport,
} from './security-audit-report.js';
import {
  completeRun,
  failInterrupted,
  failRun,
  findRun,
  insertRun,
  listRuns,
  runningRun,
  summaryOf,
  type RunSummary,
} from './security-audit.repository.js';

export interface SecurityAuditDeps {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  logger: Logger;
  audit: AuditRecorder;
  cipher: FieldCipher;
  env: AuditEnvironment;
  verifyKey: () => Promise<VerifyKey>;
  signer: () => Promise<Signer>;
  /** Raises an alert (the monitoring module); scheduled runs with failing checks use it. */
  raiseAlert?: (detection: Detection) => Promise<unknown>;
  /** The checks to run; the registry by default. */
  checks?: readonly SecurityCheck[];
}

export type { RunDetail } from './security-audit.types.js';

/** A run still marked running after this long was cut short (the process stopped). */
const INTERRUPTED_AFTER_MS = 60 * 60_000;

export class SecurityAuditService {
  readonly #background = new Set<Promise<void>>();

  constructor(private readonly deps: SecurityAuditDeps) {}

  /** Runs the self-audit for the context's tenant and waits for the result. */
  async run(
    ctx: AuditContext,
    trigger: SecurityAuditTrigger,
    requestedBy: string | null = null,
  ): Promise<RunDetail> {
    const id = await this.begin(ctx.tenantId, trigger, requestedBy);
    await this.execute(ctx, id, trigger);
    return this.get(ctx.tenantId, id);
  }

  /** Starts a run in the background and returns it as running (the API's "Run now"). */
  async start(
    ctx: AuditContext,
    trigger: SecurityAuditTrigger,
    requestedBy: string | null,
  ): Promise<RunSummary> {
    const id = await this.begin(ctx.tenantId, trigger, requestedBy);
    const work = this.execute(ctx, id, trigger).finally(() => this.#background.delete(work));
    this.#background.add(work);
    return (await this.get(ctx.tenantId, id)) satisfies RunSummary;
  }

  /** Waits for background runs (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#background]);
  }

  async list(tenantId: string, options: { limit: number; before?: string }): Promise<RunSummary[]> {
    return listRuns(this.deps.db, tenantId, options);
  }

  /**
   * The latest completed run in the compliance report's terms (checks that could not be judged
   * count as warnings, checks that broke as failures), or null when none has completed.
   */
  async latest(tenantId: string): Promise<SelfAuditSummary | null> {
    const recent = await this.list(tenantId, { limit: 20 });
    const last = recent.find((run) => run.status === 'completed');
    if (last === undefined) return null;
    const { report } = await this.get(tenantId, last.id);
    if (report === null) return null;
    const judged = (status: string) =>
      status === 'pass' ? 'pass' : status === 'fail' || status === 'error' ? 'fail' : 'warn';
    const findings = report.checks.map(
      (c) => ({ check: c.id, status: judged(c.status), title: c.title }) as const,
    );
    const count = (status: 'pass' | 'warn' | 'fail') => findings.filter((f) => f.status === status).length;
    return {
      ranAt: report.finishedAt,
      score: report.score,
      counts: { pass: count('pass'), warn: count('warn'), fail: count('fail') },
      findings,
    };
  }

  async get(tenantId: string, id: string): Promise<RunDetail> {
    const row = await findRun(this.deps.db, tenantId, id);
    if (row === undefined) throw notFound('security audit');
    return {
      ...summaryOf(row),
      report: row.report === null ? null : (JSON.parse(row.report) as SecurityAuditReport),
    };
  }

  /** The signed report of a completed run, as JSON or PDF; the export is recorded. */
  async export(
    ctx: AuditContext,
    id: string,
    format: 'json' | 'pdf',
  ): Promise<{
    body: Buffer;
    contentType: string;
    fileName: string;
    signature: string;
    signed: SignedReport;
  }> {
    const run = await this.get(ctx.tenantId, id);
    if (run.report === null) throw new AppError('conflict', 'this run has no report yet', 'id');
    const signer = await this.deps.signer();
    const signed = signReport(run.report, signer);
    const body =
      format === 'json'
        ? Buffer.from(JSON.stringify(signed, null, 2), 'utf8')
        : await renderReportPdf(signed);
    await this.deps.audit.record(this.deps.db, ctx, {
      action: 'security_audit.export',
      objectType: 'security_audit',
      objectId: id,
      outcome: 'success',
      details: { format },
    });
    return {
      body,
      contentType: format === 'json' ? 'application/json; charset=utf-8' : 'application/pdf',
      fileName: `security-audit-${id}.${format}`,
      // The file's own signature (for the PDF, over its bytes; the JSON also carries one inside).
      signature: `ed25519;keyid=${signer.keyId};sig=${signer.sign('security-audit-file', body).toString('base64')}`,
      signed,
    };
  }

  /** The weekly job: every active business, with an alert where checks fail. */
  async runScheduled(): Promise<RunDetail[]> {
    const tenants = await this.deps.db
      .selectFrom('tenants')
      .select('id')
      .where('status', '=', 'active')
      .execute();
    const runs: RunDetail[] = [];
    for (const { id: tenantId } of tenants) {
      const run = await this.run(systemContext(tenantId, 'security-audit'), 'schedule');
      runs.push(run);
      if (run.counts.fail > 0 && this.deps.raiseAlert !== undefined) {
        const critical =
          run.report?.checks.some((c) => c.status === 'fail' && c.severity === 'critical') === true;
        await this.deps.raiseAlert({
          tenantId,
          detector: 'security_audit_failed',
          severity: critical ? 'critical' : 'high',
          subjectType: 'security_audit',
          subjectId: tenantId,
          details: { runId: run.id, failing: run.counts.fail, score: run.score ?? 0 },
          at: this.deps.clock.now().toISOString(),
        });
      }
    }
    return runs;
  }

  private async begin(
    tenantId: string,
    trigger: SecurityAuditTrigger,
    requestedBy: string | null,
  ): Promise<string> {
    const now = this.deps.clock.now();
    const id = newId();
    await this.deps.db.transaction().execute(async (trx) => {
      await failInterrupted(
        trx,
        tenantId,
        new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString(),
        now.toISOString(),
      );
      if ((await runningRun(trx, tenantId)) !== undefined)
        throw new AppError('conflict', 'a security audit is already running for this business');
      await insertRun(trx, { tenantId, id, trigger, requestedBy, startedAt: now.toISOString() });
    });
    return id;
  }

  private async execute(ctx: AuditContext, id: string, trigger: SecurityAuditTrigger): Promise<void> {
    const { db, clock } = this.deps;
    const tenantId = ctx.tenantId;
    try {
      const startedAt = (await findRun(db, tenantId, id))?.started_at ?? clock.now().toISOString();
      const checkContext: CheckContext = {
        db,
        tenantId,
        now: clock.now(),
        env: this.deps.env,
        cipher: this.deps.cipher,
        verifyKey: this.deps.verifyKey,
        scanPlaintext: () => scanPlaintext(db, this.deps.engine, { tenantId }),
      };
      const checks = await runChecks(this.deps.checks ?? securityChecks, checkContext);
      const tenant = await db
        .selectFrom('tenants')
        .select('name')
        .where('id', '=', tenantId)
        .executeTakeFirst();
      const finishedAt = clock.now().toISOString();
      const report: SecurityAuditReport = {
        format: REPORT_FORMAT,
        runId: id,
        tenantId,
        business: tenant?.name ?? tenantId,
        trigger,
        startedAt,
        finishedAt,
        score: scoreOf(checks),
        counts: countStatuses(checks),
        versions: {
          tijori: tijoriStatus(this.deps.env.runtime.tijoriVersion, checkContext.now),
          node: nodeStatus(this.deps.env.runtime.nodeVersion, checkContext.now),
        },
        checks,
      };
      await db.transaction().execute(async (trx) => {
        await completeRun(trx, tenantId, id, {
          finishedAt,
          score: report.score,
          counts: report.counts,
          report: JSON.stringify(report),
        });
        await this.deps.audit.record(trx, ctx, {
          action: 'security_audit.run',
          objectType: 'security_audit',
          objectId: id,
          outcome: 'success',
          details: {
            trigger,
            score: report.score,
            fail: report.counts.fail,
            warn: report.counts.warn,
            unknown: report.counts.unknown,
            error: report.counts.error,
            failed: checks.filter((c) => c.status === 'fail').map((c) => c.id),
          },
        });
      });
    } catch (error) {
      const reason = scrubText(error instanceof Error ? error.message : 'unknown error').slice(0, 200);
      this.deps.logger.error({ err: error, runId: id }, 'security audit run failed');
      await failRun(db, tenantId, id, clock.now().toISOString(), reason);
    }
  }
}
