/**
 * Retention runs: for each enabled policy, the plan (retention-plan.ts); a dry run returns the
 * plans, a real run carries out exactly them. Tax records are deleted inside one transaction that
 * holds the retention guard, the only way past the append-only triggers; inactive customers are
 * anonymised one by one with the same erasure as a request (reason `retention`), after a notice
 * through the outbox where they consented to be contacted. The audit trail's own retention is the
 * audit module's (previewed on a dry run). Every run, dry or real, is stored and audited.
 */
import type { Kysely } from 'kysely';
import type { Signer } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRetention, RetentionResult } from '../audit/audit-retention.js';
import type { VerifyKey } from '../audit/audit-verify.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { ErasureService, Tombstone } from '../keys/erasure.service.js';
import type { CustomerErasureService } from './customer-erasure.service.js';
import { privacyTemplates, type CustomerNotifier } from './customer-notices.js';
import {
  planExpired,
  planInactiveCustomers,
  planLoginAttempts,
  planSessions,
  planTaxRecords,
  type PolicyPlan,
  type RetentionAction,
} from './retention-plan.js';
import {
  RETENTION_NOTICE_MS,
  policyDefinitions,
  policyNames,
  subtractPeriod,
  type PolicyName,
} from './retention-policies.js';

export interface PolicySetting {
  policy: PolicyName;
  enabled: boolean;
  period: number;
  unit: 'months' | 'days';
  min: number;
  max: number;
  description: string;
  basis: string;
}

export interface RetentionReport {
  runId: string;
  tenantId: string;
  dryRun: boolean;
  at: string;
  policies: Array<PolicyPlan & { audit?: RetentionResult }>;
}

export interface RetentionDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  auditRetention: AuditRetention;
  auditKey: () => Promise<VerifyKey>;
  customerErasure: CustomerErasureService;
  erasure: ErasureService;
  notifier: CustomerNotifier;
  signer: () => Promise<Signer>;
  shopName: (tenantId: string) => Promise<string>;
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export class RetentionService {
  constructor(private readonly deps: RetentionDeps) {}

  async policies(tenantId: string): Promise<PolicySetting[]> {
    const rows = await this.deps.db
      .selectFrom('retention_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    return policyNames.map((policy) => {
      const def = policyDefinitions[policy];
      const row = rows.find((r) => r.policy === policy);
      return {
        policy,
        enabled: row === undefined ? true : row.enabled === 1,
        period: row?.period ?? def.period,
        unit: def.unit,
        min: def.min,
        max: def.max,
        description: def.description,
        basis: def.basis,
      };
    });
  }

  async setPolicy(
    actor: ServiceActor,
    policy: PolicyName,
    input: { enabled: boolean; period: number },
  ): Promise<PolicySetting[]> {
    const def = policyDefinitions[policy];
    if (policy === 'audit') throw invalid('policy', 'the audit trail is kept per the audit settings');
    if (input.period < def.min || input.period > def.max)
      throw invalid('period', `must be from ${def.min} to ${def.max} ${def.unit}`);
    if (policy === 'tax_records' && !input.enabled)
      throw invalid('enabled', 'tax records must be deleted once their 72 months end');
    const values = {
      enabled: input.enabled ? 1 : 0,
      period: input.period,
      updated_at: this.deps.clock.now().toISOString(),
      updated_by: actor.userId,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('retention_policies')
        .values({ tenant_id: actor.tenantId, policy, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'policy']).doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'privacy.retention.policy.update',
        objectType: 'retention_policy',
        objectId: policy,
        outcome: 'success',
        details: { enabled: input.enabled, period: input.period, unit: def.unit },
      });
    });
    return this.policies(actor.tenantId);
  }

  /** Plans every enabled policy (or the chosen ones) and, unless dry, carries the plans out. */
  async run(
    actor: ServiceActor,
    options: { dryRun: boolean; policies?: readonly PolicyName[] },
  ): Promise<RetentionReport> {
    const now = this.deps.clock.now();
    const chosen = options.policies ?? policyNames;
    const out: RetentionReport['policies'] = [];
    for (const setting of await this.policies(actor.tenantId)) {
      if (!chosen.includes(setting.policy)) continue;
      const base = {
        policy: setting.policy,
        enabled: setting.enabled,
        period: setting.period,
        unit: setting.unit,
      };
      if (!setting.enabled) {
        out.push({ ...base, cutoff: null, actions: [], held: {} });
        continue;
      }
      const plan = { ...base, ...(await this.plan(actor.tenantId, setting, now)) };
      if (setting.policy === 'audit') {
        out.push({
          ...plan,
          audit: options.dryRun
            ? await this.deps.auditRetention.preview(actor.tenantId)
            : await this.deps.auditRetention.run(actor.tenantId, await this.deps.auditKey()),
        });
        continue;
      }
      if (!options.dryRun) await this.apply(actor, plan);
      out.push(plan);
    }
    const report: RetentionReport = {
      runId: newId(),
      tenantId: actor.tenantId,
      dryRun: options.dryRun,
      at: now.toISOString(),
      policies: out,
    };
    await this.record(actor, report);
    return report;
  }

  private async plan(
    tenantId: string,
    s: PolicySetting,
    now: Date,
  ): Promise<Omit<PolicyPlan, 'policy' | 'enabled' | 'period' | 'unit'>> {
    const cutoff = subtractPeriod(now, policyDefinitions[s.policy], s.period);
    switch (s.policy) {
      case 'customer_inactive':
        return planInactiveCustomers(this.deps.db, tenantId, now, s.period);
      case 'tax_records':
        return planTaxRecords(this.deps.db, tenantId, now, s.period);
      case 'sessions':
        return planSessions(this.deps.db, tenantId, cutoff);
      case 'login_attempts':
        return planLoginAttempts(this.deps.db, tenantId, cutoff);
      case 'verification_codes':
        return planExpired(this.deps.db, tenantId, cutoff, 'privacy_otps');
      case 'export_packages':
        return planExpired(this.deps.db, tenantId, cutoff, 'privacy_exports');
      case 'audit':
        return { cutoff: cutoff.toISOString(), actions: [], held: {} };
    }
  }

  private async apply(actor: ServiceActor, plan: PolicyPlan): Promise<void> {
    if (plan.policy === 'customer_inactive') return this.applyCustomers(actor, plan.actions);
    await this.deps.db.transaction().execute(async (trx) => {
      if (plan.policy === 'tax_records')
        await trx
          .insertInto('retention_guard')
          .values({
            tenant_id: actor.tenantId,
            up_to_fy: plan.expiredThroughFy ?? 0,
            before_at: plan.cutoff ?? '',
          })
          .execute();
      for (const a of plan.actions) await deleteRows(trx, actor.tenantId, a);
      if (plan.policy === 'tax_records')
        await trx.deleteFrom('retention_guard').where('tenant_id', '=', actor.tenantId).execute();
    });
  }

  private async applyCustomers(actor: ServiceActor, actions: readonly RetentionAction[]): Promise<void> {
    const shop = await this.deps.shopName(actor.tenantId);
    const now = this.deps.clock.now();
    const after = new Date(now.getTime() + RETENTION_NOTICE_MS).toISOString();
    for (const customerId of actions.find((a) => a.action === 'notify')?.ids ?? [])
      await this.deps.db.transaction().execute(async (trx) => {
        const channel = await this.deps.notifier.notify(
          trx,
          actor.tenantId,
          customerId,
          privacyTemplates.retentionNotice(after, shop),
        );
        const values = { notified_at: now.toISOString(), anonymise_after: after, channel: channel ?? 'none' };
        await trx
          .insertInto('retention_notices')
          .values({ tenant_id: actor.tenantId, customer_id: customerId, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'customer_id']).doUpdateSet(values))
          .execute();
      });
    const anonymise = actions.find((a) => a.action === 'anonymise')?.ids ?? [];
    if (anonymise.length === 0) return;
    const signer = await this.deps.signer();
    for (const customerId of anonymise) {
      let tombstone: Tombstone | undefined;
      await this.deps.db.transaction().execute(async (trx) => {
        tombstone = (
          await this.deps.customerErasure.eraseWithin(trx, actor, { customerId, reason: 'retention' }, signer)
        ).tombstone;
      });
      if (tombstone !== undefined) await this.deps.erasure.afterCommit(tombstone);
    }
  }

  private async record(actor: ServiceActor, report: RetentionReport): Promise<void> {
    const counts = Object.fromEntries(
      report.policies.map((p) => [
        p.policy,
        p.actions.reduce((n, a) => n + a.count, 0) + (p.audit ? p.audit.removed + p.audit.stubbed : 0),
      ]),
    );
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('retention_runs')
        .values({
          tenant_id: actor.tenantId,
          id: report.runId,
          dry_run: report.dryRun ? 1 : 0,
          started_at: report.at,
          finished_at: this.deps.clock.now().toISOString(),
          actor_type: actor.audit.actor.type,
          actor_id: actor.audit.actor.id,
          results: JSON.stringify(
            report.policies.map(({ actions, ...rest }) => ({
              ...rest,
              actions: actions.map(({ ids: _ids, ...a }) => a),
            })),
          ),
        })
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: report.dryRun ? 'privacy.retention.dry_run' : 'privacy.retention.run',
        objectType: 'retention_run',
        objectId: report.runId,
        outcome: 'success',
        details: counts,
      });
    });
  }

  /** Recent runs (counts only). */
  async runs(tenantId: string, limit = 20) {
    const rows = await this.deps.db
      .selectFrom('retention_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      dryRun: r.dry_run === 1,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      actorType: r.actor_type,
      policies: JSON.parse(r.results) as unknown[],
    }));
  }
}

/** Deletes the rows of one action (child rows of documents by their document ids). */
async function deleteRows(trx: Kysely<Database>, tenantId: string, a: RetentionAction): Promise<void> {
  if (a.action !== 'delete' || a.ids.length === 0) return;
  const key = ['sales_document_lines', 'sales_payments', 'sales_cancellations'].includes(a.table)
    ? 'document_id'
    : 'id';
  const any = trx as unknown as AnyDb;
  for (let i = 0; i < a.ids.length; i += 500) {
    let q = any.deleteFrom(a.table).where(key, 'in', a.ids.slice(i, i + 500));
    q =
      a.table === 'login_attempts' || a.table === 'webauthn_challenges'
        ? q
        : q.where('tenant_id', '=', tenantId);
    const result = await q.executeTakeFirst();
    if (a.table !== 'sales_documents' && key === 'id' && Number(result.numDeletedRows) > a.ids.length)
      throw new AppError('internal', 'retention deleted more than planned');
  }
}
