/**
 * A shop's agri-input settings (issue 17): the near-expiry window, how many days before its
 * expiry date a batch is shown as expiring soon (the dashboard's tile, the counter's batch
 * warning, the near-expiry list). 30 days until the shop chooses, between 1 and 365.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';

export interface AgriSettings {
  nearExpiryDays: number;
}

export const NEAR_EXPIRY_DEFAULT_DAYS = 30;
export const NEAR_EXPIRY_MIN_DAYS = 1;
export const NEAR_EXPIRY_MAX_DAYS = 365;

/** The shop's near-expiry window in days (the default when it never chose one). */
export async function nearExpiryDaysOf(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('agri_settings')
    .select('near_expiry_days')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.near_expiry_days ?? NEAR_EXPIRY_DEFAULT_DAYS;
}

export class AgriSettingsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async settings(actor: ServiceActor): Promise<AgriSettings> {
    requireActorPermission(actor, 'catalog.read', 'reading agri-input settings');
    return { nearExpiryDays: await nearExpiryDaysOf(this.db, actor.tenantId) };
  }

  async setSettings(actor: ServiceActor, input: AgriSettings): Promise<AgriSettings> {
    requireActorPermission(actor, 'settings.manage', 'changing agri-input settings');
    const now = this.clock.now().toISOString();
    const values = { near_expiry_days: input.nearExpiryDays, updated_by: actor.userId, updated_at: now };
    await this.db.transaction().execute(async (trx) => {
      const before = await nearExpiryDaysOf(trx, actor.tenantId);
      await trx
        .insertInto('agri_settings')
        .values({ tenant_id: actor.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'agri.settings.update',
        objectType: 'tenant',
        objectId: actor.tenantId,
        outcome: 'success',
        details: { nearExpiryDaysBefore: before, nearExpiryDays: input.nearExpiryDays },
      });
    });
    return { nearExpiryDays: input.nearExpiryDays };
  }
}
