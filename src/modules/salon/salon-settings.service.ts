/**
 * The salon's settings: how long before an appointment its reminder goes out (default a day).
 * One row per tenant, absent until a manager first saves; every change is an audit entry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { SalonSettingsInput } from './salon.schemas.js';

export interface SalonSettings {
  /** Minutes before an appointment's start when its reminder is sent. */
  reminderLeadMinutes: number;
}

export const defaultSalonSettings: SalonSettings = { reminderLeadMinutes: 24 * 60 };

export class SalonSettingsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; audit: AuditRecorder }) {}

  async get(tenantId: string, db: Kysely<Database> = this.deps.db): Promise<SalonSettings> {
    const row = await db
      .selectFrom('salon_settings')
      .select('reminder_lead_minutes')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row === undefined
      ? defaultSalonSettings
      : { reminderLeadMinutes: Number(row.reminder_lead_minutes) };
  }

  async update(actor: ServiceActor, input: SalonSettingsInput): Promise<SalonSettings> {
    requireActorPermission(actor, 'salon.manage', 'changing the salon settings');
    const before = await this.get(actor.tenantId);
    const values = {
      reminder_lead_minutes: input.reminderLeadMinutes,
      updated_by: actor.userId ?? 'operator',
      updated_at: this.deps.clock.now().toISOString(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('salon_settings')
        .values({ tenant_id: actor.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.settings.update',
        objectType: 'tenant',
        objectId: actor.tenantId,
        outcome: 'success',
        details: { reminderLeadMinutes: input.reminderLeadMinutes, was: before.reminderLeadMinutes },
      });
    });
    return { reminderLeadMinutes: input.reminderLeadMinutes };
  }
}
