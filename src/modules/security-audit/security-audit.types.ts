/**
 * The shapes of self-audit results the API returns: check results, runs with their counts and
 * score, and the report. Plain types without imports, so the web app uses the same definitions.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown' | 'error';
export type CheckSeverity = 'low' | 'medium' | 'high' | 'critical';
export type CheckCategory =
  'identity' | 'keys' | 'data' | 'backups' | 'transport' | 'sessions' | 'audit' | 'operations' | 'platform';

/** One check's result as stored in a report. */
export interface CheckResult {
  id: string;
  title: string;
  category: CheckCategory;
  severity: CheckSeverity;
  status: CheckStatus;
  found: string;
  /** Null when the check passed. */
  remediation: string | null;
  evidence: Record<string, unknown>;
}

export type StatusCounts = Record<CheckStatus, number>;

export type LifecycleStatus = 'supported' | 'ending_soon' | 'end_of_life' | 'unknown';

export interface VersionStatus {
  version: string;
  line: string;
  status: LifecycleStatus;
  endOfLife: string | null;
}

export type SecurityAuditTrigger = 'schedule' | 'manual' | 'cli';

export interface SecurityAuditReport {
  format: 'tijori-security-audit/1';
  runId: string;
  tenantId: string;
  business: string;
  trigger: SecurityAuditTrigger;
  startedAt: string;
  finishedAt: string;
  score: number;
  counts: StatusCounts;
  versions: { tijori: VersionStatus; node: VersionStatus };
  checks: CheckResult[];
}

/** A run as listed (the trend): no report. */
export interface RunSummary {
  id: string;
  trigger: SecurityAuditTrigger;
  requestedBy: string | null;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  score: number | null;
  counts: StatusCounts;
  error: string | null;
}

export interface RunDetail extends RunSummary {
  report: SecurityAuditReport | null;
}

/** A check as the catalogue lists it. */
export interface CheckInfo {
  id: string;
  title: string;
  category: CheckCategory;
  severity: CheckSeverity;
  remediation: string;
}
