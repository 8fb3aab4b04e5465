/**
 * Runs the declared checks one after another and scores them. The score is 0..100: each check
 * weighs by its severity (critical 10, high 6, medium 3, low 1) and earns its full weight for a
 * pass, half for a warning and nothing for a fail, an unknown or an error, so fixing any finding
 * raises the score and a check that could not run never looks like a pass (ADR 0012).
 */
import { scrubText } from '../../logging/redact.js';
import type { CheckContext, CheckResult, CheckSeverity, CheckStatus, SecurityCheck } from './check.types.js';
import type { StatusCounts } from './security-audit.types.js';

export type { StatusCounts } from './security-audit.types.js';

const WEIGHTS: Record<CheckSeverity, number> = { critical: 10, high: 6, medium: 3, low: 1 };
const CREDIT: Record<CheckStatus, number> = { pass: 1, warn: 0.5, fail: 0, unknown: 0, error: 0 };

/** Runs one check; a check that throws is reported as `error` with a safe message. */
export async function runCheck(check: SecurityCheck, ctx: CheckContext): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, category: check.category, severity: check.severity };
  try {
    const outcome = await check.run(ctx);
    return {
      ...base,
      status: outcome.status,
      found: outcome.found,
      remediation: outcome.status === 'pass' ? null : (outcome.remediation ?? check.remediation),
      evidence: outcome.evidence ?? {},
    };
  } catch (error) {
    const reason = scrubText(error instanceof Error ? error.message : 'unknown error').slice(0, 200);
    return {
      ...base,
      status: 'error',
      found: `The check could not run: ${reason}`,
      remediation: `Fix what stops the check from running, then run the audit again. ${check.remediation}`,
      evidence: {},
    };
  }
}

/** Runs every check in order. */
export async function runChecks(checks: readonly SecurityCheck[], ctx: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runCheck(check, ctx));
  return results;
}

export function countStatuses(results: readonly CheckResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, unknown: 0, error: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/**
 * The overall score, 0..100 with one decimal, rounded down: a single open finding keeps it below
 * 100, and fixing even a low-severity finding shows.
 */
export function scoreOf(results: readonly CheckResult[]): number {
  let total = 0;
  let earned = 0;
  for (const r of results) {
    total += WEIGHTS[r.severity];
    earned += WEIGHTS[r.severity] * CREDIT[r.status];
  }
  return total === 0 ? 100 : Math.floor((earned * 1000) / total) / 10;
}
