/**
 * The deadline job: for every open request, reminders and alerts before its clocks lapse — the
 * acknowledgement (10 business days) and the answer (per law): within two days of the
 * acknowledgement deadline, `reminderDays` before the answer is due, two days before, and once
 * overdue. Each stage is raised once per request (bits of `reminder_stage`); alerts go through the
 * alert service (in the app, and by email and webhook to the shop's channels). Unverified
 * requests are expired after 14 days: nobody proved who asked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AlertSeverity } from '../../db/tables/audit.tables.js';
import type { Clock } from '../../domain/clock.js';
import type { AlertService } from '../monitoring/alert.service.js';
import { Stage, stagesReached, type StageName } from './deadlines.js';
import type { PrivacySettingsService } from './privacy-settings.js';
import { addEvent } from './request.repository.js';

const severityOf: Record<StageName, AlertSeverity> = {
  ackSoon: 'medium',
  ackOverdue: 'high',
  dueSoon: 'medium',
  dueImminent: 'high',
  overdue: 'critical',
};

export const UNVERIFIED_EXPIRY_MS = 14 * 86_400_000;

export interface DeadlineDeps {
  db: Kysely<Database>;
  clock: Clock;
  alerts: AlertService;
  settings: PrivacySettingsService;
}

export class DeadlineMonitor {
  constructor(private readonly deps: DeadlineDeps) {}

  /** One pass over every tenant's open requests; returns the alerts raised. */
  async run(): Promise<Array<{ requestId: string; stage: StageName }>> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await this.expireUnverified(now);
    const open = await db.selectFrom('privacy_requests').selectAll().where('status', '=', 'open').execute();
    const raised: Array<{ requestId: string; stage: StageName }> = [];
    for (const row of open) {
      const settings = await this.deps.settings.get(row.tenant_id);
      const stages = stagesReached(
        {
          ackDueAt: new Date(row.ack_due_at),
          dueAt: new Date(row.due_at),
          acknowledged: row.acknowledged_at !== null,
        },
        now,
        settings.reminderDays,
      ).filter((s) => (row.reminder_stage & Stage[s]) === 0);
      for (const stage of stages) {
        // The stage is claimed first (compare-and-set): two instances never raise it twice.
        const claimed = await db
          .updateTable('privacy_requests')
          .set({ reminder_stage: row.reminder_stage | Stage[stage] })
          .where('tenant_id', '=', row.tenant_id)
          .where('id', '=', row.id)
          .where('reminder_stage', '=', row.reminder_stage)
          .executeTakeFirst();
        if (claimed.numUpdatedRows === 0n) break;
        row.reminder_stage |= Stage[stage];
        const ack = stage === 'ackSoon' || stage === 'ackOverdue';
        await this.deps.alerts.raise({
          tenantId: row.tenant_id,
          detector: 'privacy_request_deadline',
          severity: severityOf[stage],
          subjectType: 'privacy_request',
          subjectId: row.id,
          details: {
            reference: row.reference,
            kind: row.kind,
            law: row.law,
            stage,
            dueAt: ack ? row.ack_due_at : row.due_at,
          },
          at: now.toISOString(),
        });
        raised.push({ requestId: row.id, stage });
      }
    }
    return raised;
  }

  private async expireUnverified(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - UNVERIFIED_EXPIRY_MS).toISOString();
    const stale = await this.deps.db
      .selectFrom('privacy_requests')
      .select(['tenant_id', 'id'])
      .where('status', '=', 'pending_verification')
      .where('received_at', '<', cutoff)
      .execute();
    for (const r of stale)
      await this.deps.db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('privacy_requests')
          .set({
            status: 'expired',
            outcome: 'identity_not_verified',
            closed_at: now.toISOString(),
            updated_at: now.toISOString(),
          })
          .where('tenant_id', '=', r.tenant_id)
          .where('id', '=', r.id)
          .where('status', '=', 'pending_verification')
          .executeTakeFirst();
        if (done.numUpdatedRows > 0n)
          await addEvent(trx, r.tenant_id, r.id, now.toISOString(), 'expired', {
            type: 'system',
            id: 'privacy-deadlines',
          });
      });
  }
}
