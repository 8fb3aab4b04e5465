/**
 * The login attempt log (every sign-in attempt, known account or not, password or passkey) and
 * the device cookie that lets the detectors tell a new device from a known one. The cookie holds
 * a random pseudonymous id, nothing else; it is set on the first sign-in from a browser.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LoginOutcome } from '../../db/tables/login-attempts.tables.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { sourceNetwork } from './login-throttle.js';

export interface LoginAttempt {
  /** The keyed login index (or another keyed id for a passkey that matches no account). */
  accountKey: string;
  tenantId: string | null;
  userId: string | null;
  ip: string;
  deviceId?: string;
  outcome: LoginOutcome;
  /** From a fixed list: ok, bad_password, unknown_account, disabled, throttled, bad_passkey ... */
  reason: string;
}

export async function recordLoginAttempt(
  db: Kysely<Database>,
  clock: Clock,
  attempt: LoginAttempt,
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      id: newId(),
      tenant_id: attempt.tenantId,
      user_id: attempt.userId,
      account_key: attempt.accountKey,
      source_ip: attempt.ip,
      source_network: sourceNetwork(attempt.ip),
      device_id: attempt.deviceId ?? null,
      outcome: attempt.outcome,
      reason: attempt.reason,
      created_at: clock.now().toISOString(),
    })
    .execute();
}

/** Host-only, Secure, HttpOnly, SameSite=Strict, one year. */
export const DEVICE_COOKIE = '__Host-tijori_device';
const DEVICE_ID = /^[A-Za-z0-9_-]{22,64}$/;
const YEAR_SECONDS = 365 * 24 * 3600;

export const isDeviceId = (value: string): boolean => DEVICE_ID.test(value);

/** A new random device id (144 bits). */
export const newDeviceId = (): string => randomBytes(18).toString('base64url');

/** The Set-Cookie value that keeps a device id in the browser. */
export function deviceCookie(id: string): string {
  return `${DEVICE_COOKIE}=${id}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${String(YEAR_SECONDS)}`;
}
