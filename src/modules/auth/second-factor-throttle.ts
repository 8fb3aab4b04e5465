/**
 * Throttling of the checks that follow the password: TOTP codes, recovery codes and the step-up
 * password (NIST SP 800-63B-4 rate limiting). A six-digit code falls to about a million guesses,
 * so each account and each session has its own budget in the shared throttle table: 5 attempts
 * free, then delays doubling from 1 s up to 15 minutes, forgotten after a quiet day; a success
 * gives the budget back. A refused attempt is written to the audit trail, where the detectors
 * raise a `second_factor_guessing` alert.
 */
import { AppError } from '../../domain/app-error.js';
import type { AuditContext } from '../../kernel/audit.js';
import type { AuthDeps } from './auth.types.js';
import type { ThrottleRule } from './login-throttle.js';

export const secondFactorRule: ThrottleRule = { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };

/** What is being checked: the audit entry of a refusal names it. */
export type SecondFactorKind = 'totp' | 'recovery_code' | 'step_up';

/** The account (and, when there is one, the session) whose budget an attempt draws on. */
export interface SecondFactorSubject {
  tenantId: string;
  userId: string;
  sessionId?: string;
}

/** The audit action of a refused (throttled) second-factor or step-up attempt. */
export const SECOND_FACTOR_THROTTLED = 'auth.second_factor.throttled';

const keysOf = (who: SecondFactorSubject): string[] => [
  `2fa:acct:${who.tenantId}:${who.userId}`,
  ...(who.sessionId === undefined ? [] : [`2fa:sess:${who.sessionId}`]),
];

/**
 * Runs `check` if the account and the session both have an attempt left, or refuses with 429
 * (and an audit entry) without running it. A check that succeeds refills both budgets; one that
 * throws keeps the attempt spent.
 */
export async function withSecondFactorBudget<T>(
  deps: Pick<AuthDeps, 'db' | 'throttle' | 'audit'>,
  who: SecondFactorSubject,
  ctx: AuditContext,
  kind: SecondFactorKind,
  check: () => Promise<T>,
): Promise<T> {
  for (const key of keysOf(who)) {
    const slot = await deps.throttle.reserve(key, secondFactorRule);
    if (!slot.allowed) {
      const retryAfterSeconds = Math.ceil(slot.retryAfterMs / 1000);
      await deps.audit.record(deps.db, ctx, {
        action: SECOND_FACTOR_THROTTLED,
        objectType: 'user',
        objectId: who.userId,
        outcome: 'failure',
        details: { factor: kind, scope: key.startsWith('2fa:sess:') ? 'session' : 'account' },
      });
      throw new AppError('rate_limited', 'too many attempts; wait and try again', undefined, {
        retryAfterSeconds,
      });
    }
  }
  const result = await check();
  for (const key of keysOf(who)) await deps.throttle.clear(key);
  return result;
}
