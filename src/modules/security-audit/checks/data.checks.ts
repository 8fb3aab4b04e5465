/**
 * Data checks: personal data stored in clear (the plaintext scan of the tenant's rows), and access
 * reviews done on time (the last campaign finished within its frequency, none overdue).
 */
import { DAY_MS, type SecurityCheck } from '../check.types.js';

export const plaintextCheck: SecurityCheck = {
  id: 'data.plaintext-personal-data',
  title: 'No card, Aadhaar, PAN, phone or email values stored in clear',
  category: 'data',
  severity: 'critical',
  remediation:
    'Open each listed row and remove the value: card and Aadhaar numbers must never be stored (keep the last 4 digits of a card and the processor reference); phone numbers, emails and PANs belong in the customer record, where they are encrypted. Then run the audit again.',
  async run(ctx) {
    const scan = await ctx.scanPlaintext();
    const evidence = {
      tablesScanned: scan.tablesScanned,
      columnsScanned: scan.columnsScanned,
      rowsScanned: scan.rowsScanned,
      valuesScanned: scan.valuesScanned,
      findings: scan.findings,
      exemptColumns: scan.exemptions.length,
    };
    if (scan.findings.length === 0)
      return {
        status: 'pass',
        found: `No personal data in clear in ${String(scan.rowsScanned)} rows of ${String(scan.tablesScanned)} tables.`,
        evidence,
      };
    const total = scan.findings.reduce((n, f) => n + f.count, 0);
    const places = scan.findings.map((f) => `${f.table}.${f.column} (${f.kind} x${String(f.count)})`);
    return {
      status: 'fail',
      found: `${String(total)} value(s) of personal data stored in clear: ${places.join(', ')}.`,
      evidence,
    };
  },
};

export const accessReviewCheck: SecurityCheck = {
  id: 'identity.access-reviews',
  title: 'Access reviews done on time',
  category: 'identity',
  severity: 'medium',
  remediation:
    'Open Access reviews and confirm or remove every pending role. Campaigns start on their own every review period (Settings of Access reviews); an owner can start one at any time.',
  async run(ctx) {
    const settings = await ctx.db
      .selectFrom('access_review_settings')
      .select(['frequency_months', 'due_days'])
      .where('tenant_id', '=', ctx.tenantId)
      .executeTakeFirst();
    const frequencyMonths = settings?.frequency_months ?? 3;
    const now = ctx.now.toISOString();
    const overdue = await ctx.db
      .selectFrom('access_review_campaigns as c')
      .innerJoin('access_review_items as i', (j) =>
        j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.campaign_id', '=', 'c.id'),
      )
      .select(['c.id', 'c.period', 'c.due_at', (eb) => eb.fn.countAll<number>().as('pending')])
      .where('c.tenant_id', '=', ctx.tenantId)
      .where('c.status', '=', 'open')
      .where('c.due_at', '<', now)
      .where('i.decision', 'is', null)
      .groupBy(['c.id', 'c.period', 'c.due_at'])
      .execute();
    const last = await ctx.db
      .selectFrom('access_review_campaigns')
      .select(['id', 'period', 'created_at', 'closed_at'])
      .where('tenant_id', '=', ctx.tenantId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const tenant = await ctx.db
      .selectFrom('tenants')
      .select('created_at')
      .where('id', '=', ctx.tenantId)
      .executeTakeFirst();
    const evidence = {
      frequencyMonths,
      lastCampaign:
        last === undefined
          ? null
          : {
              campaignId: last.id,
              period: last.period,
              startedAt: last.created_at,
              closedAt: last.closed_at,
            },
      overdue: overdue.map((o) => ({
        campaignId: o.id,
        period: o.period,
        dueAt: o.due_at,
        pending: Number(o.pending),
      })),
    };
    if (overdue.length > 0)
      return {
        status: 'fail',
        found: `${String(overdue.reduce((n, o) => n + Number(o.pending), 0))} access review decision(s) are overdue.`,
        evidence,
      };
    const since = last?.created_at ?? tenant?.created_at ?? now;
    const dueEvery = frequencyMonths * 31 * DAY_MS;
    if (ctx.now.getTime() - new Date(since).getTime() > dueEvery)
      return {
        status: 'warn',
        found:
          last === undefined
            ? 'No access review has been held yet.'
            : `The last access review started on ${last.created_at.slice(0, 10)}.`,
        evidence,
      };
    return { status: 'pass', found: 'Access reviews are up to date.', evidence };
  },
};
