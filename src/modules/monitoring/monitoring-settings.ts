/**
 * Detector thresholds and business hours, per tenant, with defaults that fit a small shop. Stored as
 * validated JSON, so a threshold added later needs no migration. Changing them changes what the
 * shop hears about: the route asks for step-up and the change is recorded.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';

const minutes = (max: number) => z.number().int().min(1).max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:30');

export const monitoringSettingsSchema = z
  .object({
    /** Failed sign-ins to one account within the window. */
    bruteForce: z
      .object({ failures: z.number().int().min(3).max(1000), windowMinutes: minutes(1440) })
      .strict(),
    /** Accounts failing from one network (without a later success) within the window. */
    spraying: z
      .object({ accounts: z.number().int().min(2).max(1000), windowMinutes: minutes(1440) })
      .strict(),
    /** A sign-in from a device or network not seen for the user within the look-back. */
    newDevice: z.object({ enabled: z.boolean(), lookbackDays: z.number().int().min(7).max(365) }).strict(),
    /** Business hours in India Standard Time; days 0 (Sunday) to 6 (Saturday). */
    businessHours: z
      .object({
        enabled: z.boolean(),
        start: hhmm,
        end: hhmm,
        days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
      })
      .strict()
      .refine((h) => h.start !== h.end, {
        message: 'business hours must not start when they end',
        path: ['end'],
      }),
    /** Reveals plus exported records of personal data per person within the window, by role. */
    bulkAccess: z
      .object({
        windowMinutes: minutes(1440),
        perRole: z.record(
          z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/),
          z.number().int().min(1).max(1_000_000),
        ),
        otherRoles: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
    /** Detections of the same detector and subject within this time fold into one alert. */
    dedupeMinutes: minutes(10_080),
  })
  .strict();

export type MonitoringSettings = z.infer<typeof monitoringSettingsSchema>;

export const defaultMonitoringSettings: MonitoringSettings = {
  bruteForce: { failures: 10, windowMinutes: 15 },
  spraying: { accounts: 5, windowMinutes: 15 },
  newDevice: { enabled: true, lookbackDays: 90 },
  businessHours: { enabled: true, start: '08:00', end: '22:00', days: [0, 1, 2, 3, 4, 5, 6] },
  bulkAccess: {
    windowMinutes: 60,
    perRole: { owner: 200, admin: 200, manager: 60, accountant: 60, cashier: 25, stylist: 25 },
    otherRoles: 25,
  },
  dedupeMinutes: 60,
};

export class MonitoringSettingsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; audit: AuditRecorder }) {}

  async get(tenantId: string, db: Kysely<Database> = this.deps.db): Promise<MonitoringSettings> {
    const row = await db
      .selectFrom('monitoring_settings')
      .select('settings')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (row === undefined) return defaultMonitoringSettings;
    const parsed = monitoringSettingsSchema.safeParse(JSON.parse(row.settings));
    return parsed.success ? parsed.data : defaultMonitoringSettings;
  }

  async update(ctx: AuditContext, settings: MonitoringSettings): Promise<void> {
    const values = { settings: JSON.stringify(settings), updated_at: this.deps.clock.now().toISOString() };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('monitoring_settings')
        .values({ tenant_id: ctx.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'settings.monitoring.update',
        objectType: 'tenant',
        objectId: ctx.tenantId,
        outcome: 'success',
        details: {
          bruteForceFailures: settings.bruteForce.failures,
          sprayingAccounts: settings.spraying.accounts,
          newDevice: settings.newDevice.enabled,
          businessHours: settings.businessHours.enabled
            ? `${settings.businessHours.start}-${settings.businessHours.end}`
            : 'off',
          dedupeMinutes: settings.dedupeMinutes,
        },
      });
    });
  }
}

/** Minutes since midnight and the weekday of an instant in India Standard Time (no DST). */
export function istClock(at: Date): { minutes: number; day: number } {
  const shifted = new Date(at.getTime() + 330 * 60_000);
  return { minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(), day: shifted.getUTCDay() };
}

const toMinutes = (hhmmText: string): number => {
  const [h, m] = hhmmText.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when `at` falls outside the shop's business hours (a window may cross midnight). */
export function outsideBusinessHours(at: Date, hours: MonitoringSettings['businessHours']): boolean {
  const { minutes: now, day } = istClock(at);
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  const inWindow = start <= end ? now >= start && now < end : now >= start || now < end;
  return !inWindow || !hours.days.includes(day);
}
