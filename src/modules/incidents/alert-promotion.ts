/**
 * Promoting an alert to an incident: the alert suggests the title, category, severity and the
 * moment of awareness (its first detection: the earliest the shop could know, so the clocks are
 * never generous), and the person may override any of them. One alert opens at most one incident;
 * the alert is acknowledged once the incident exists.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { AlertService } from '../monitoring/alert.service.js';
import { detectorDescriptions } from '../monitoring/alert-message.js';
import type { IncidentActor, IncidentService } from './incident.service.js';
import type { PromotionInput } from './incident.schemas.js';

/** The incident category each detector's finding amounts to. */
const categoryOfDetector: Readonly<Record<string, string>> = {
  brute_force: 'unauthorised_access',
  password_spraying: 'unauthorised_access',
  new_device: 'unauthorised_access',
  off_hours: 'unauthorised_access',
  bulk_pii_access: 'unauthorised_access',
  privilege_escalation: 'unauthorised_access',
  mfa_removed: 'unauthorised_access',
  second_factor_guessing: 'unauthorised_access',
  audit_chain_broken: 'critical_system_compromise',
  security_report: 'unauthorised_access',
};

/** Data categories a detector's finding already tells about (a scope analysis adds the rest). */
const dataOfDetector: Readonly<Record<string, string[]>> = {
  bulk_pii_access: ['name', 'phone'],
};

export class AlertPromotion {
  constructor(
    private readonly deps: { db: Kysely<Database>; alerts: AlertService; incidents: IncidentService },
  ) {}

  async promote(actor: IncidentActor, alertId: string, input: PromotionInput): Promise<string> {
    const alert = await this.deps.alerts.get(actor.tenantId, alertId);
    const existing = await this.deps.db
      .selectFrom('incidents')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('source_alert_id', '=', alertId)
      .executeTakeFirst();
    if (existing !== undefined)
      throw new AppError('conflict', 'this alert is already an incident', 'alertId', {
        incidentId: existing.id,
      });
    const incidentId = await this.deps.incidents.create(
      actor,
      {
        ...input,
        title: input.title ?? detectorDescriptions[alert.detector] ?? alert.detector,
        category: input.category ?? categoryOfDetector[alert.detector] ?? 'unauthorised_access',
        severity: input.severity ?? alert.severity,
        awareAt: input.awareAt ?? alert.firstSeenAt,
        dataCategories: input.dataCategories ?? dataOfDetector[alert.detector] ?? [],
      },
      { alertId, detectedAt: alert.firstSeenAt },
    );
    if (alert.status === 'open' && actor.userId !== null)
      await this.deps.alerts.acknowledge(actor.userId, actor.audit, alertId);
    return incidentId;
  }
}
