/**
 * The shape of a self-audit check: a small declared unit with an id, a title, a severity and the
 * remediation to follow, whose run looks at the installation and says pass, warn or fail, what it
 * found (counts and ids, never personal data) and the evidence. A check that cannot decide says
 * `unknown`; one that breaks is reported as `error` by the runner. Neither ever counts as a pass.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { VerifyKey } from '../audit/audit-verify.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { ScanReport } from './scanner/plaintext-scanner.js';
import type { CheckCategory, CheckSeverity, CheckStatus } from './security-audit.types.js';

export type { CheckCategory, CheckResult, CheckSeverity, CheckStatus } from './security-audit.types.js';

/** What a check's run reports. */
export interface CheckOutcome {
  status: Exclude<CheckStatus, 'error'>;
  /** What was found, in a sentence: counts and ids, never personal data. */
  found: string;
  /** Structured evidence for the report: counts, ids, settings, masked samples. */
  evidence?: Record<string, unknown>;
  /** A remediation specific to this finding, instead of the check's general one. */
  remediation?: string;
}

/** The installation's settings that checks judge (from the configuration, see audit-environment). */
export interface AuditEnvironment {
  dataDir: string;
  keyProvider: {
    kind: 'file' | 'env' | 'pkcs11';
    kekFile: string;
    /** An HSM is configured as available (`TIJORI_HSM_AVAILABLE`, or a PKCS#11 module is set). */
    hsmAvailable: boolean;
  };
  tls: { httpOnly: boolean; certFile: string; minVersion: string };
  database: { engine: Engine; host: string | null; tls: 'off' | 'require' | 'verify-full' };
  sessions: { privilegedIdleMinutes: number; counterIdleMinutes: number; absoluteHours: number };
  passwords: { memoryKib: number; iterations: number; parallelism: number; blocklistSize: number };
  audit: { checkpointMinutes: number };
  /** The retention jobs this installation registers (each must run). */
  retentionJobs: readonly string[];
  runtime: { tijoriVersion: string; nodeVersion: string };
}

/** What a check may look at. */
export interface CheckContext {
  db: Kysely<Database>;
  tenantId: string;
  now: Date;
  env: AuditEnvironment;
  /** Decrypts staff names and emails for the generic-account check (never reported). */
  cipher: FieldCipher;
  /** The installation's public signing key, for verifying the audit chain. */
  verifyKey: () => Promise<VerifyKey>;
  /** The plaintext scan of the tenant's rows. */
  scanPlaintext: () => Promise<ScanReport>;
}

export interface SecurityCheck {
  /** Stable id, `<area>.<name>`. */
  readonly id: string;
  readonly title: string;
  readonly category: CheckCategory;
  readonly severity: CheckSeverity;
  /** What to do when the check does not pass. */
  readonly remediation: string;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export const DAY_MS = 86_400_000;

/** `n` days before `now`, as a stored instant. */
export function daysBefore(now: Date, n: number): string {
  return new Date(now.getTime() - n * DAY_MS).toISOString();
}
