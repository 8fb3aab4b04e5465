/**
 * Sign-in throttling per account and per source network, in the database so that it holds across
 * instances. A slot is reserved with a compare-and-set before the password hash runs: a refused
 * attempt costs one indexed query, never an argon2 computation, and a concurrent burst cannot pass
 * more attempts than the budget. Delays grow and are capped, and counters forget after a quiet
 * day, so an attacker can slow a legitimate user down but never lock them out for good.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';

export interface ThrottleRule {
  /** Attempts allowed before any delay. */
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** PCI DSS 8.3.4: after this many failures, wait `lockoutMs` (30 minutes, 10 failures). */
  lockoutAfter?: number;
  lockoutMs?: number;
}

export const accountRule: ThrottleRule = { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };
export const pciAccountRule: ThrottleRule = { ...accountRule, lockoutAfter: 10, lockoutMs: 30 * 60_000 };
export const networkRule: ThrottleRule = { freeAttempts: 100, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };

/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 24 * 3600_000;

export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (rule.lockoutAfter !== undefined && failures >= rule.lockoutAfter) return rule.lockoutMs ?? 0;
  if (failures < rule.freeAttempts) return 0;
  return Math.min(rule.baseDelayMs * 2 ** Math.min(failures - rule.freeAttempts, 30), rule.maxDelayMs);
}

/** The /24 of an IPv4 address or the /64 of an IPv6 address. */
export function sourceNetwork(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip);
  if (v4 !== null) return `${v4[1] ?? ''}.${v4[2] ?? ''}.${v4[3] ?? ''}.0/24`;
  const groups = ip.split(':').slice(0, 4);
  return `${groups.join(':')}::/64`;
}

/** An attempt allowed (with how many failures the key had before it), or how long to wait. */
export type Reservation =
  { allowed: true; failuresBefore: number } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Takes one attempt from `key`'s budget, or says how long to wait. */
  async reserve(key: string, rule: ThrottleRule): Promise<Reservation> {
    const now = this.clock.now();
    // A key seen for the first time takes its first attempt in one statement: a flood from ever
    // new sources or against random emails costs one insert per key, not three statements.
    const first = await this.db
      .insertInto('auth_throttle')
      .values({
        key,
        failures: 1,
        next_allowed_at: new Date(now.getTime() + delayAfter(1, rule)).toISOString(),
        updated_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if ((first.numInsertedOrUpdatedRows ?? 0n) > 0n) return { allowed: true, failuresBefore: 0 };
    // Compare-and-set on the failure count: of concurrent attempts, each one that passes moved the
    // count by exactly one, so the budget holds under any interleaving on both engines.
    for (let tries = 0; tries < 20; tries += 1) {
      const row = await this.db
        .selectFrom('auth_throttle')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      const stale = now.getTime() - new Date(row.updated_at).getTime() > FORGET_AFTER_MS;
      const failures = stale ? 0 : row.failures;
      const nextAllowed = new Date(row.next_allowed_at).getTime();
      if (!stale && nextAllowed > now.getTime())
        return { allowed: false, retryAfterMs: nextAllowed - now.getTime() };
      const next = failures + 1;
      const result = await this.db
        .updateTable('auth_throttle')
        .set({
          failures: next,
          next_allowed_at: new Date(now.getTime() + delayAfter(next, rule)).toISOString(),
          updated_at: now.toISOString(),
        })
        .where('key', '=', key)
        .where('failures', '=', row.failures)
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return { allowed: true, failuresBefore: failures };
    }
    return { allowed: false, retryAfterMs: 1000 };
  }

  /** After a success: the account starts again with a full budget. */
  async clear(key: string): Promise<void> {
    await this.db
      .updateTable('auth_throttle')
      .set({ failures: 0, next_allowed_at: this.clock.now().toISOString() })
      .where('key', '=', key)
      .execute();
  }

  /** After a success from a network: give back the slot it took (many staff share one network). */
  async refund(key: string): Promise<void> {
    await this.db
      .updateTable('auth_throttle')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }
}

/** A sign-in's slots: allowed (with the account's failures before it), or how long to wait. */
export type SignInSlot =
  { allowed: true; accountFailures: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes a slot for one credential check against an account: per account (the PCI rule in PCI
 * mode), then per source network. Every check of a password (sign-in, a manager's approval at a
 * counter) draws on the same budget, so no second door lets an attacker guess faster.
 */
export async function reserveSignIn(
  throttle: LoginThrottle,
  loginIndex: string,
  pciMode: boolean,
  ip: string,
): Promise<SignInSlot> {
  let accountFailures = 0;
  for (const [key, rule] of [
    [`acct:${loginIndex}`, pciMode ? pciAccountRule : accountRule],
    [`net:${sourceNetwork(ip)}`, networkRule],
  ] as const) {
    const slot = await throttle.reserve(key, rule);
    if (!slot.allowed) return { allowed: false, retryAfterSeconds: Math.ceil(slot.retryAfterMs / 1000) };
    if (key.startsWith('acct:')) accountFailures = slot.failuresBefore;
  }
  return { allowed: true, accountFailures };
}

/** After a successful check: the account's budget is full again and the network gets its slot back. */
export async function settleSignIn(throttle: LoginThrottle, loginIndex: string, ip: string): Promise<void> {
  await throttle.clear(`acct:${loginIndex}`);
  await throttle.refund(`net:${sourceNetwork(ip)}`);
}
