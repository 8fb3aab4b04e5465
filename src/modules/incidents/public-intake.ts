/**
 * What the public pages share: a throttle per source network in the database (a few submissions
 * free, then growing delays, forgotten after a quiet day; it holds across instances), and the
 * audit context of an anonymous request.
 */
import { AppError } from '../../domain/app-error.js';
import type { AuditContext } from '../../kernel/audit.js';
import { sourceNetwork, type LoginThrottle, type ThrottleRule } from '../auth/login-throttle.js';

/** Five submissions from one network, then a minute's wait doubling up to an hour. */
export const publicFormRule: ThrottleRule = { freeAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 3600_000 };

/** Takes one submission from the network's budget or refuses with `rate_limited`. */
export async function admitPublic(throttle: LoginThrottle, form: string, ip: string): Promise<void> {
  const slot = await throttle.reserve(`${form}:${sourceNetwork(ip)}`, publicFormRule);
  if (!slot.allowed)
    throw new AppError('rate_limited', 'too many submissions from your network; try again later', undefined, {
      retryAfterSeconds: Math.ceil(slot.retryAfterMs / 1000),
    });
}

/** The audit context of an anonymous request. */
export function publicContext(tenantId: string, ip: string): AuditContext {
  return { tenantId, actor: { type: 'public', id: null }, source: `http ${ip}` };
}
