/**
 * Gathers the compliance evidence of a tenant (counts and codes, read from the registers, the
 * consent ledger, requests, retention runs, erasure certificates and the audit trail) and renders
 * the report; generating it is itself recorded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import {
  renderComplianceReport,
  type ComplianceEvidence,
  type SelfAuditSource,
} from './compliance-report.js';
import { processingRecords, type ProcessingRecord, type SecurityFacts } from './processing-records.js';
import type { ProcessorRegister, TrainingRegister } from './registers.service.js';
import type { RetentionService } from './retention.service.js';

export interface ComplianceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  processors: ProcessorRegister;
  training: TrainingRegister;
  retention: RetentionService;
  facts: SecurityFacts;
  selfAudit?: SelfAuditSource;
  shopName: (tenantId: string) => Promise<string>;
}

const tally = (rows: ReadonlyArray<{ key: string; n: number | string | bigint }>): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));

export class ComplianceService {
  constructor(private readonly deps: ComplianceDeps) {}

  async records(tenantId: string): Promise<ProcessingRecord[]> {
    return processingRecords(
      await this.deps.processors.list(tenantId),
      await this.deps.retention.policies(tenantId),
      this.deps.facts,
    );
  }

  async evidence(tenantId: string): Promise<ComplianceEvidence> {
    const { db, clock } = this.deps;
    const now = clock.now().toISOString();
    const requests = db.selectFrom('privacy_requests').where('tenant_id', '=', tenantId);
    const count = async (q: typeof requests) =>
      Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const consent = await db
      .selectFrom('consent_current')
      .select(['purpose', 'granted', (eb) => eb.fn.countAll().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy(['purpose', 'granted'])
      .execute();
    const consentByPurpose: ComplianceEvidence['consent'] = {};
    for (const r of consent) {
      const entry = (consentByPurpose[r.purpose] ??= { granted: 0, withdrawn: 0 });
      if (r.granted === 1) entry.granted += Number(r.n);
      else entry.withdrawn += Number(r.n);
    }
    const lastRun = await db
      .selectFrom('retention_runs')
      .select(['started_at', 'dry_run'])
      .where('tenant_id', '=', tenantId)
      .orderBy('started_at', 'desc')
      .executeTakeFirst();
    const pdExports = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('action', 'like', '%.pii.export')
      .executeTakeFirstOrThrow();
    return {
      shop: await this.deps.shopName(tenantId),
      generatedAt: now,
      records: await this.records(tenantId),
      processors: await this.deps.processors.list(tenantId),
      training: await this.deps.training.register(tenantId),
      requests: {
        total: await count(requests),
        open: await count(requests.where('status', 'in', ['open', 'pending_verification'])),
        overdue: await count(requests.where('status', '=', 'open').where('due_at', '<', now)),
        closedLate: await count(
          requests.where('closed_at', 'is not', null).whereRef('closed_at', '>', 'due_at'),
        ),
        byKind: tally(
          await requests
            .select(['kind as key', (eb) => eb.fn.countAll().as('n')])
            .groupBy('kind')
            .execute(),
        ),
        byStatus: tally(
          await requests
            .select(['status as key', (eb) => eb.fn.countAll().as('n')])
            .groupBy('status')
            .execute(),
        ),
      },
      consent: consentByPurpose,
      retention: {
        policies: await this.deps.retention.policies(tenantId),
        lastRun: lastRun === undefined ? null : { at: lastRun.started_at, dryRun: lastRun.dry_run === 1 },
      },
      erasures: {
        total: await count(
          db
            .selectFrom('erasure_certificates')
            .where('tenant_id', '=', tenantId) as unknown as typeof requests,
        ),
        byReason: tally(
          await db
            .selectFrom('erasure_certificates')
            .select(['reason as key', (eb) => eb.fn.countAll().as('n')])
            .where('tenant_id', '=', tenantId)
            .groupBy('reason')
            .execute(),
        ),
      },
      exports: {
        dsrPackages: Number(
          (
            await db
              .selectFrom('privacy_exports')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('tenant_id', '=', tenantId)
              .executeTakeFirstOrThrow()
          ).n,
        ),
        personalDataExports: Number(pdExports.n),
      },
      selfAudit:
        this.deps.selfAudit === undefined ? 'not_installed' : await this.deps.selfAudit.latest(tenantId),
    };
  }

  /** The PDF report; generating it is recorded. */
  async report(actor: ServiceActor): Promise<Buffer> {
    const evidence = await this.evidence(actor.tenantId);
    const pdf = await renderComplianceReport(evidence);
    await this.deps.audit.record(this.deps.db, actor.audit, {
      action: 'privacy.report.generate',
      objectType: 'tenant',
      objectId: actor.tenantId,
      outcome: 'success',
      details: {
        requests: evidence.requests.total,
        processors: evidence.processors.length,
        selfAudit: evidence.selfAudit !== 'not_installed' && evidence.selfAudit !== null,
      },
    });
    return pdf;
  }
}
