/** The dependencies and settings shared by the identity services. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordBlocklist } from './password-blocklist.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionService } from './session.service.js';

/** The installation-wide keyed index of a normalised login email (see login-index.ts). */
export type LoginIndexer = (normalizedEmail: string) => Promise<string>;

export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  hasher: PasswordHasher;
  cipher: FieldCipher;
  loginIndex: LoginIndexer;
  audit: AuditRecorder;
  blocklist: PasswordBlocklist;
  sessions: SessionService;
  throttle: LoginThrottle;
}

/** How recent a re-authentication must be for a step-up action. */
export const STEP_UP_MAX_AGE_MS = 5 * 60_000;
/** PCI DSS 8.3.9: password-only accounts change every 90 days when the shop runs in PCI mode. */
export const PCI_PASSWORD_MAX_AGE_MS = 90 * 24 * 3600_000;
