/**
 * Every sign-in attempt, known account or not: the input of throttling and of the login
 * detectors. No login name in clear: `account_key` is a keyed hash of the normalised login id.
 */
import type { Instant } from './foundation.tables.js';

export type LoginOutcome = 'success' | 'failure' | 'throttled' | 'mfa_failure' | 'mfa_success';

export interface LoginAttemptsTable {
  id: string;
  /** Null when the login id matches no account. */
  tenant_id: string | null;
  user_id: string | null;
  account_key: string;
  source_ip: string;
  /** The /24 (IPv4) or /64 (IPv6) network of the source, for spraying and new-network checks. */
  source_network: string;
  /** A pseudonymous device id from a long-lived cookie, when the browser sent one. */
  device_id: string | null;
  outcome: LoginOutcome;
  /** A reason from a fixed list: bad_password, unknown_account, disabled, throttled, bad_code ... */
  reason: string;
  created_at: Instant;
}

export interface LoginAttemptTables {
  login_attempts: LoginAttemptsTable;
}
