/**
 * How long a tenant keeps its trail: at least 12 months (PCI DSS 10.5.1; all of it online) and GST
 * records at least 72 (CGST Act s.36). Shortening it is a change of security posture: the route
 * asks for step-up and the change is recorded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';

export const MIN_RETENTION_MONTHS = 12;
export const MIN_GST_RETENTION_MONTHS = 72;

export interface RetentionSettings {
  retentionMonths: number;
  gstRetentionMonths: number;
}

export class AuditSettingsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; audit: AuditRecorder }) {}

  async get(tenantId: string): Promise<RetentionSettings> {
    const row = await this.deps.db
      .selectFrom('audit_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return {
      retentionMonths: row?.retention_months ?? MIN_RETENTION_MONTHS,
      gstRetentionMonths: row?.gst_retention_months ?? MIN_GST_RETENTION_MONTHS,
    };
  }

  /** Changes how long the tenant's trail is kept (never below the floors); recorded. */
  async update(ctx: AuditContext, input: RetentionSettings): Promise<void> {
    if (input.retentionMonths < MIN_RETENTION_MONTHS)
      throw new AppError(
        'validation_failed',
        `keep the trail at least ${MIN_RETENTION_MONTHS} months`,
        'retentionMonths',
      );
    if (input.gstRetentionMonths < Math.max(MIN_GST_RETENTION_MONTHS, input.retentionMonths))
      throw new AppError(
        'validation_failed',
        `keep GST records at least ${MIN_GST_RETENTION_MONTHS} months and no less than the trail`,
        'gstRetentionMonths',
      );
    const values = {
      retention_months: input.retentionMonths,
      gst_retention_months: input.gstRetentionMonths,
      updated_at: this.deps.clock.now().toISOString(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('audit_settings')
        .values({ tenant_id: ctx.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'settings.audit.update',
        objectType: 'tenant',
        objectId: ctx.tenantId,
        outcome: 'success',
        details: { ...input },
      });
    });
  }
}
