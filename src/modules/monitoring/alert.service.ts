/**
 * Alerts: stored with a severity, de-duplicated (the same detector and subject within the tenant's
 * window fold into one alert with a count), acknowledged and resolved by a user. A new alert is
 * recorded in the audit trail and queued to the tenant's channels in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AlertSeverity, AlertStatus, AlertsTable } from '../../db/tables/audit.tables.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { systemContext, type AuditContext, type AuditRecorder } from '../../kernel/audit.js';
import { canonicalJson } from '../audit/audit-hash.js';
import { severityRank, type NotificationOutbox } from '../notify/outbox.js';
import { alertNotification } from './alert-message.js';
import type { MonitoringSettingsService } from './monitoring-settings.js';

export type DetectorName =
  | 'brute_force'
  | 'password_spraying'
  | 'new_device'
  | 'off_hours'
  | 'bulk_pii_access'
  | 'privilege_escalation'
  | 'mfa_removed'
  | 'audit_chain_broken'
  | 'privacy_request_deadline'
  | 'incident_deadline'
  | 'security_report'
  | 'incident_plan_overdue'
  | 'incident_action_overdue'
  | 'security_audit_failed'
  | 'access_review_overdue'
  | 'second_factor_guessing'
  | 'negative_stock'
  | 'offline_sale_conflict'
  | 'counter_wiped';

export interface Detection {
  tenantId: string;
  detector: DetectorName;
  severity: AlertSeverity;
  subjectType:
    | 'user'
    | 'network'
    | 'account'
    | 'chain'
    | 'privacy_request'
    | 'incident'
    | 'report'
    | 'plan'
    | 'security_audit'
    | 'access_review'
    | 'variant'
    | 'invoice'
    | 'counter';
  subjectId: string;
  /** Counts, thresholds and ids only. */
  details: Record<string, string | number | boolean>;
  /** When the evidence happened. */
  at: string;
  /** Also email this user at their own address (an owner's own new-device sign-in). */
  notifyUserId?: string;
}

export interface AlertView {
  id: string;
  detector: string;
  severity: AlertSeverity;
  subjectType: string;
  subjectId: string;
  status: AlertStatus;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  details: Record<string, unknown>;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

const view = (r: AlertsTable): AlertView => ({
  id: r.id,
  detector: r.detector,
  severity: r.severity,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  status: r.status,
  count: r.count,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  details: JSON.parse(r.details) as Record<string, unknown>,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
});

export interface AlertDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  outbox: NotificationOutbox;
  settings: MonitoringSettingsService;
  /** The app's public URL, for links in messages. */
  appUrl?: string;
}

export class AlertService {
  constructor(private readonly deps: AlertDeps) {}

  /** Stores a detection: folds it into a recent alert of the same kind, or opens a new one. */
  async raise(d: Detection): Promise<{ id: string; folded: boolean }> {
    const window = (await this.deps.settings.get(d.tenantId)).dedupeMinutes * 60_000;
    const since = new Date(new Date(d.at).getTime() - window).toISOString();
    return this.deps.db.transaction().execute(async (trx) => {
      const recent = await trx
        .selectFrom('alerts')
        .selectAll()
        .where('tenant_id', '=', d.tenantId)
        .where('detector', '=', d.detector)
        .where('subject_type', '=', d.subjectType)
        .where('subject_id', '=', d.subjectId)
        .where('status', '!=', 'resolved')
        .where('last_seen_at', '>=', since)
        .orderBy('last_seen_at', 'desc')
        .executeTakeFirst();
      if (recent !== undefined) {
        await trx
          .updateTable('alerts')
          .set((eb) => ({
            count: eb('count', '+', 1),
            last_seen_at: d.at > recent.last_seen_at ? d.at : recent.last_seen_at,
            severity: severityRank(d.severity) > severityRank(recent.severity) ? d.severity : recent.severity,
            details: canonicalJson(d.details),
          }))
          .where('tenant_id', '=', d.tenantId)
          .where('id', '=', recent.id)
          .execute();
        return { id: recent.id, folded: true };
      }
      const id = newId();
      await trx
        .insertInto('alerts')
        .values({
          tenant_id: d.tenantId,
          id,
          detector: d.detector,
          severity: d.severity,
          subject_type: d.subjectType,
          subject_id: d.subjectId,
          status: 'open',
          count: 1,
          first_seen_at: d.at,
          last_seen_at: d.at,
          details: canonicalJson(d.details),
          acknowledged_by: null,
          acknowledged_at: null,
          resolved_by: null,
          resolved_at: null,
        })
        .execute();
      const facts = {
        id,
        tenantId: d.tenantId,
        detector: d.detector,
        severity: d.severity,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        count: 1,
        firstSeenAt: d.at,
        lastSeenAt: d.at,
      };
      const notifyUser = d.notifyUserId === undefined ? undefined : d.notifyUserId;
      await this.deps.outbox.enqueue(trx, d.tenantId, alertNotification(facts, this.deps.appUrl, notifyUser));
      // A broken chain may refuse entries; its failed verification is already on record.
      if (d.detector !== 'audit_chain_broken')
        await this.deps.audit.record(trx, systemContext(d.tenantId, 'monitoring'), {
          action: 'monitoring.alert.raise',
          objectType: 'alert',
          objectId: id,
          outcome: 'success',
          details: { detector: d.detector, severity: d.severity, subjectType: d.subjectType },
        });
      return { id, folded: false };
    });
  }

  async list(
    tenantId: string,
    filter: { status?: AlertStatus; severity?: AlertSeverity; detector?: string; before?: string },
    limit: number,
  ): Promise<AlertView[]> {
    let q = this.deps.db.selectFrom('alerts').selectAll().where('tenant_id', '=', tenantId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.severity !== undefined) q = q.where('severity', '=', filter.severity);
    if (filter.detector !== undefined) q = q.where('detector', '=', filter.detector);
    if (filter.before !== undefined) q = q.where('last_seen_at', '<', filter.before);
    const rows = await q.orderBy('last_seen_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(view);
  }

  async get(tenantId: string, id: string): Promise<AlertView> {
    const row = await this.deps.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('alert');
    return view(row);
  }

  /** Someone has seen it and is on it. */
  async acknowledge(userId: string, ctx: AuditContext, id: string): Promise<AlertView> {
    return this.transition(userId, ctx, id, 'acknowledged');
  }

  /** Dealt with; a later detection opens a new alert. */
  async resolve(userId: string, ctx: AuditContext, id: string): Promise<AlertView> {
    return this.transition(userId, ctx, id, 'resolved');
  }

  private async transition(
    userId: string,
    ctx: AuditContext,
    id: string,
    to: AlertStatus,
  ): Promise<AlertView> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('alerts')
        .select('status')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw notFound('alert');
      if (row.status === 'resolved') throw new AppError('conflict', 'the alert is already resolved');
      if (row.status === to) throw new AppError('conflict', `the alert is already ${to}`);
      await trx
        .updateTable('alerts')
        .set(
          to === 'acknowledged'
            ? { status: to, acknowledged_by: userId, acknowledged_at: now }
            : { status: to, resolved_by: userId, resolved_at: now },
        )
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: to === 'acknowledged' ? 'monitoring.alert.acknowledge' : 'monitoring.alert.resolve',
        objectType: 'alert',
        objectId: id,
        outcome: 'success',
      });
    });
    return this.get(ctx.tenantId, id);
  }
}
