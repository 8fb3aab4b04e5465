/**
 * Fair sharing of an instance between businesses (issue 20): each business may make a number of
 * authenticated requests a minute on this instance, as a token bucket (a burst of the full
 * minute's allowance, refilled evenly). A business over its allowance gets 429 with the seconds
 * to wait; other businesses are not slowed. Counted per instance (every instance allows the same
 * number); 0 turns it off (the default: one business per installation has no one to share with).
 */
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../domain/app-error.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Businesses whose buckets are kept at most (the least recently used are dropped). */
const MAX_BUCKETS = 20_000;

export class TenantRateLimit {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one request from the business's allowance, or throws `rate_limited`. */
  take(tenantId: string): void {
    if (this.perMinute <= 0) return;
    const now = this.clock.now().getTime();
    const ratePerMs = this.perMinute / 60_000;
    const previous = this.#buckets.get(tenantId);
    const bucket: Bucket = previous ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * ratePerMs);
    bucket.at = now;
    // Re-inserted so that the map's order is least recently used first.
    this.#buckets.delete(tenantId);
    this.#buckets.set(tenantId, bucket);
    if (this.#buckets.size > MAX_BUCKETS) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
    throw new AppError(
      'rate_limited',
      'this business is making too many requests at once; try again in a moment',
      undefined,
      { reason: 'business_rate_limited', retryAfterSeconds },
    );
  }
}
