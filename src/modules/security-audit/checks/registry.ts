/**
 * The one registry of self-audit checks, in report order. A new check is a small declared unit in
 * a file of its group, added here.
 */
import type { SecurityCheck } from '../check.types.js';
import { auditChainCheck, checkpointFreshnessCheck } from './audit-trail.checks.js';
import { backupFreshnessCheck, restoreTestCheck } from './backups.checks.js';
import { accessReviewCheck, plaintextCheck } from './data.checks.js';
import { mfaCheck, privilegedCountCheck, staleAccountsCheck } from './identity.checks.js';
import { cryptoperiodCheck, kekStorageCheck, retiredVersionsCheck } from './keys.checks.js';
import { retentionJobsCheck, staleAlertsCheck } from './operations.checks.js';
import { passwordPolicyCheck } from './password-policy.check.js';
import { unusedPermissionsCheck } from './permission-use.check.js';
import { sharedAccountsCheck } from './shared-accounts.check.js';
import { databaseTlsCheck, sessionTimeoutsCheck, tlsCheck } from './transport-session.checks.js';
import { versionsCheck } from './versions.check.js';
import { dealerLicenceCheck } from './licences.check.js';

export const securityChecks: readonly SecurityCheck[] = [
  mfaCheck,
  staleAccountsCheck,
  privilegedCountCheck,
  unusedPermissionsCheck,
  sharedAccountsCheck,
  passwordPolicyCheck,
  accessReviewCheck,
  sessionTimeoutsCheck,
  cryptoperiodCheck,
  retiredVersionsCheck,
  kekStorageCheck,
  plaintextCheck,
  backupFreshnessCheck,
  restoreTestCheck,
  tlsCheck,
  databaseTlsCheck,
  auditChainCheck,
  checkpointFreshnessCheck,
  staleAlertsCheck,
  retentionJobsCheck,
  versionsCheck,
  dealerLicenceCheck,
];
