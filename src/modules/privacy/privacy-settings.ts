/**
 * Per-tenant privacy settings, stored as validated JSON with defaults that fit a small Indian
 * shop: the DPDP answer period (deadlines.ts says which source it follows), the holidays that do
 * not count as business days, how early deadline reminders start, how long an export package
 * can be downloaded, and the grievance contact printed on notices and the request page.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { isIsoDate } from '../../domain/gst/ist-date.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { DPDP_MAX_DAYS, laws, type Calendar } from './deadlines.js';

export const privacySettingsSchema = z
  .object({
    /** Days to answer a DPDP request (default 30; the Rules cap grievances at 90). */
    dpdpResponseDays: z.number().int().min(1).max(DPDP_MAX_DAYS),
    /** The law a new request follows unless the requester names another. */
    defaultLaw: z.enum(laws),
    holidays: z.array(z.string().refine(isIsoDate, 'a date as YYYY-MM-DD')).max(200),
    /** Holidays every year, `MM-DD` (Republic Day, Independence Day, Gandhi Jayanti by default). */
    recurringHolidays: z.array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD')).max(50),
    /** Days before a deadline when reminders start. */
    reminderDays: z.number().int().min(2).max(30),
    /** Days an export package stays downloadable. */
    exportDays: z.number().int().min(1).max(30),
    /** The grievance officer's role address or phone, shown to customers (use a role address). */
    grievanceContact: z.string().trim().max(200),
  })
  .strict();

export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export const defaultPrivacySettings: PrivacySettings = {
  dpdpResponseDays: 30,
  defaultLaw: 'dpdp',
  holidays: [],
  recurringHolidays: ['01-26', '08-15', '10-02'],
  reminderDays: 7,
  exportDays: 7,
  grievanceContact: '',
};

export function calendarOf(settings: PrivacySettings): Calendar {
  return { holidays: settings.holidays, recurringHolidays: settings.recurringHolidays };
}

export class PrivacySettingsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; audit: AuditRecorder }) {}

  async get(tenantId: string, db: Kysely<Database> = this.deps.db): Promise<PrivacySettings> {
    const row = await db
      .selectFrom('privacy_settings')
      .select('settings')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (row === undefined) return defaultPrivacySettings;
    const parsed = privacySettingsSchema.safeParse({
      ...defaultPrivacySettings,
      ...JSON.parse(row.settings),
    });
    return parsed.success ? parsed.data : defaultPrivacySettings;
  }

  async update(ctx: AuditContext, settings: PrivacySettings): Promise<PrivacySettings> {
    const values = { settings: JSON.stringify(settings), updated_at: this.deps.clock.now().toISOString() };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('privacy_settings')
        .values({ tenant_id: ctx.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'privacy.settings.update',
        objectType: 'tenant',
        objectId: ctx.tenantId,
        outcome: 'success',
        details: {
          dpdpResponseDays: settings.dpdpResponseDays,
          defaultLaw: settings.defaultLaw,
          holidays: settings.holidays.length,
          reminderDays: settings.reminderDays,
          exportDays: settings.exportDays,
        },
      });
    });
    return settings;
  }
}
