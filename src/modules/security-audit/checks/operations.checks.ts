/**
 * Operational checks: alerts left unacknowledged for more than 7 days, and retention jobs that
 * have not run (the audit trail's, and any other capability's job named `*-retention`). A job that
 * never ran is only late once the installation is older than two days.
 */
import { DAY_MS, daysBefore, type SecurityCheck } from '../check.types.js';

export const STALE_ALERT_DAYS = 7;
/** A daily job that has not succeeded for this long has missed at least one run. */
const JOB_GRACE_HOURS = 48;

export const staleAlertsCheck: SecurityCheck = {
  id: 'operations.stale-alerts',
  title: `No alert left unacknowledged for more than ${String(STALE_ALERT_DAYS)} days`,
  category: 'operations',
  severity: 'medium',
  remediation:
    'Open Alerts, look into each listed alert and acknowledge it (someone is on it) or resolve it. Alerts nobody reads protect nobody.',
  async run(ctx) {
    const rows = await ctx.db
      .selectFrom('alerts')
      .select(['id', 'detector', 'severity', 'first_seen_at'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('status', '=', 'open')
      .where('first_seen_at', '<', daysBefore(ctx.now, STALE_ALERT_DAYS))
      .orderBy('first_seen_at')
      .limit(50)
      .execute();
    const evidence = {
      alerts: rows.map((r) => ({
        alertId: r.id,
        detector: r.detector,
        severity: r.severity,
        openDays: Math.floor((ctx.now.getTime() - new Date(r.first_seen_at).getTime()) / DAY_MS),
      })),
    };
    if (rows.length === 0)
      return { status: 'pass', found: 'Every older alert has been acknowledged or resolved.', evidence };
    return {
      status: 'fail',
      found: `${String(rows.length)} alert(s) are open and unacknowledged for more than ${String(STALE_ALERT_DAYS)} days.`,
      evidence,
    };
  },
};

export const retentionJobsCheck: SecurityCheck = {
  id: 'operations.retention-jobs',
  title: 'Retention jobs run',
  category: 'operations',
  severity: 'medium',
  remediation:
    'Keep `tijori serve` running (it runs the scheduled jobs), look at `tijori jobs list` for the failing job’s error, and run it once with `tijori jobs run NAME`.',
  async run(ctx) {
    const expected = new Set(ctx.env.retentionJobs);
    const rows = await ctx.db.selectFrom('scheduled_jobs').selectAll().execute();
    for (const r of rows) if (r.name.endsWith('-retention')) expected.add(r.name);
    const installation = await ctx.db.selectFrom('installation').select('created_at').executeTakeFirst();
    const tenant = await ctx.db
      .selectFrom('tenants')
      .select('created_at')
      .where('id', '=', ctx.tenantId)
      .executeTakeFirst();
    const since = installation?.created_at ?? tenant?.created_at ?? ctx.now.toISOString();
    const graceFrom = new Date(ctx.now.getTime() - JOB_GRACE_HOURS * 3_600_000).toISOString();
    const jobs = [...expected].sort().map((name) => {
      const row = rows.find((r) => r.name === name);
      const lastSuccess = row?.last_outcome === 'success' ? row.last_finished_at : null;
      const late =
        row?.last_outcome === 'failure' ||
        (lastSuccess === null ? since < graceFrom : lastSuccess < graceFrom);
      return {
        name,
        lastOutcome: row?.last_outcome ?? 'never',
        lastFinishedAt: row?.last_finished_at ?? null,
        late,
      };
    });
    const late = jobs.filter((j) => j.late);
    const evidence = { jobs, graceHours: JOB_GRACE_HOURS };
    if (jobs.length === 0) return { status: 'fail', found: 'No retention job is registered.', evidence };
    if (late.length > 0)
      return {
        status: 'fail',
        found: `Retention job(s) not run: ${late.map((j) => `${j.name} (${j.lastOutcome})`).join(', ')}.`,
        evidence,
      };
    return { status: 'pass', found: `${String(jobs.length)} retention job(s) ran on schedule.`, evidence };
  },
};
