/**
 * Dealer licences (issue 17): a store selling pesticides, fertilisers or seeds must hold a valid
 * licence for each (Insecticides Rules 1971 r.10, Fertiliser Control Order 1985 cl.8, Seeds
 * Control Order 1983 cl.3). An expired licence fails (its sales are refused at the counter), one
 * expiring within 30 days warns.
 */
import { DAY_MS, type SecurityCheck } from '../check.types.js';

export const LICENCE_WARN_DAYS = 30;

/** The IST date of an instant, `YYYY-MM-DD`. */
function istDate(at: Date): string {
  return new Date(at.getTime() + 330 * 60_000).toISOString().slice(0, 10);
}

export const dealerLicenceCheck: SecurityCheck = {
  id: 'operations.dealer-licences',
  title: 'Dealer licences (pesticide, fertiliser, seed) are valid',
  category: 'operations',
  severity: 'high',
  remediation:
    'Renew each listed licence with the licensing authority and enter the new number and validity under Settings, Store, Dealer licences; until then the counter refuses sales of those items.',
  async run(ctx) {
    const today = istDate(ctx.now);
    const soon = istDate(new Date(ctx.now.getTime() + LICENCE_WARN_DAYS * DAY_MS));
    const rows = await ctx.db
      .selectFrom('dealer_licences')
      .select(['store_id', 'kind', 'valid_until'])
      .where('tenant_id', '=', ctx.tenantId)
      .orderBy('valid_until')
      .orderBy('store_id')
      .orderBy('kind')
      .execute();
    const expired = rows.filter((r) => r.valid_until < today);
    const expiring = rows.filter((r) => r.valid_until >= today && r.valid_until <= soon);
    const evidence = {
      licences: rows.length,
      expired: expired.map((r) => ({ storeId: r.store_id, kind: r.kind, validUntil: r.valid_until })),
      expiringWithin30Days: expiring.map((r) => ({
        storeId: r.store_id,
        kind: r.kind,
        validUntil: r.valid_until,
      })),
    };
    if (expired.length > 0)
      return {
        status: 'fail',
        found: `${String(expired.length)} dealer licence(s) have expired: ${expired.map((r) => `${r.kind} (until ${r.valid_until})`).join(', ')}.`,
        evidence,
      };
    if (expiring.length > 0)
      return {
        status: 'warn',
        found: `${String(expiring.length)} dealer licence(s) expire within ${String(LICENCE_WARN_DAYS)} days: ${expiring.map((r) => `${r.kind} (until ${r.valid_until})`).join(', ')}.`,
        evidence,
      };
    return {
      status: 'pass',
      found:
        rows.length === 0
          ? 'No dealer licences are recorded (the shop sells no licensed agri inputs).'
          : `All ${String(rows.length)} dealer licence(s) are valid for more than ${String(LICENCE_WARN_DAYS)} days.`,
      evidence,
    };
  },
};
