/**
 * Self-audit runs in `security_audit_runs`: a row per run (running, then completed with its score,
 * counts and report, or failed), listed newest first for the history and trend.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SecurityAuditRunsTable, SecurityAuditTrigger } from '../../db/tables/security-audit.tables.js';
import type { RunSummary, StatusCounts } from './security-audit.types.js';

export type { RunSummary } from './security-audit.types.js';

export function summaryOf(row: SecurityAuditRunsTable): RunSummary {
  return {
    id: row.id,
    trigger: row.trigger,
    requestedBy: row.requested_by,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    score: row.score === null ? null : Number(row.score),
    counts: {
      pass: Number(row.pass_count),
      warn: Number(row.warn_count),
      fail: Number(row.fail_count),
      unknown: Number(row.unknown_count),
      error: Number(row.error_count),
    },
    error: row.error,
  };
}

export async function insertRun(
  db: Kysely<Database>,
  run: {
    tenantId: string;
    id: string;
    trigger: SecurityAuditTrigger;
    requestedBy: string | null;
    startedAt: string;
  },
): Promise<void> {
  await db
    .insertInto('security_audit_runs')
    .values({
      tenant_id: run.tenantId,
      id: run.id,
      trigger: run.trigger,
      requested_by: run.requestedBy,
      status: 'running',
      started_at: run.startedAt,
      finished_at: null,
      score: null,
      pass_count: 0,
      warn_count: 0,
      fail_count: 0,
      unknown_count: 0,
      error_count: 0,
      report: null,
      error: null,
    })
    .execute();
}

export async function completeRun(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  result: { finishedAt: string; score: number; counts: StatusCounts; report: string },
): Promise<void> {
  await db
    .updateTable('security_audit_runs')
    .set({
      status: 'completed',
      finished_at: result.finishedAt,
      score: result.score,
      pass_count: result.counts.pass,
      warn_count: result.counts.warn,
      fail_count: result.counts.fail,
      unknown_count: result.counts.unknown,
      error_count: result.counts.error,
      report: result.report,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function failRun(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  finishedAt: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('security_audit_runs')
    .set({ status: 'failed', finished_at: finishedAt, error })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Runs still marked running that started before `before`: their process ended mid-run. */
export async function failInterrupted(db: Kysely<Database>, tenantId: string, before: string, at: string) {
  await db
    .updateTable('security_audit_runs')
    .set({ status: 'failed', finished_at: at, error: 'interrupted: the process running it stopped' })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'running')
    .where('started_at', '<', before)
    .execute();
}

export async function runningRun(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('security_audit_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'running')
    .executeTakeFirst();
}

export async function listRuns(
  db: Kysely<Database>,
  tenantId: string,
  options: { limit: number; before?: string },
): Promise<RunSummary[]> {
  let query = db
    .selectFrom('security_audit_runs')
    .select([
      'tenant_id',
      'id',
      'trigger',
      'requested_by',
      'status',
      'started_at',
      'finished_at',
      'score',
      'pass_count',
      'warn_count',
      'fail_count',
      'unknown_count',
      'error_count',
      'error',
    ])
    .where('tenant_id', '=', tenantId);
  if (options.before !== undefined) query = query.where('started_at', '<', options.before);
  const rows = await query.orderBy('started_at', 'desc').orderBy('id').limit(options.limit).execute();
  return rows.map((r) => summaryOf({ ...r, report: null }));
}

export async function findRun(db: Kysely<Database>, tenantId: string, id: string) {
  return db
    .selectFrom('security_audit_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}
