/**
 * Tables of privacy and compliance: the consent ledger (append-only events and the current state
 * per purpose), privacy notice versions, data-subject requests with their timeline, one-time
 * verification codes and export packages, erasure certificates, retention policies, runs and
 * notices (and the guard that lets retention delete expired tax records), the processor register
 * and the staff training register, and the per-tenant privacy settings.
 */
import type { Instant } from './foundation.tables.js';

/** One consent decision (append-only): a grant or a withdrawal for one purpose. */
export interface ConsentEventsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  /** 1, 2, 3 ... per customer: the order of the decisions. */
  seq: number;
  /** `billing`, `marketing_sms`, `marketing_whatsapp`, `marketing_email`, `loyalty`,
   * `reminders_sms`, `reminders_email` (appointment and due-date reminders, safety notices). */
  purpose: string;
  /** 1 granted, 0 withdrawn. */
  granted: number;
  /** `counter`, `web_form`, `back_office`, `public_page`, `import`. */
  source: string;
  /** The privacy notice version the customer was shown. */
  notice_version: string;
  store_id: string | null;
  recorded_at: Instant;
  actor_type: string;
  actor_id: string | null;
  /** The privacy request that withdrew it, when one did. */
  request_id: string | null;
}

/** The latest decision per customer and purpose, kept with each event (for fast marketing lists). */
export interface ConsentCurrentTable {
  tenant_id: string;
  customer_id: string;
  purpose: string;
  granted: number;
  event_id: string;
  notice_version: string;
  updated_at: Instant;
}

/** A version of the shop's privacy notice (what a customer is shown before consenting). */
export interface PrivacyNoticeVersionsTable {
  tenant_id: string;
  version: string;
  summary: string;
  published_at: Instant;
  published_by: string | null;
}

/** Per-tenant privacy settings (JSON validated by the privacy module). */
export interface PrivacySettingsTable {
  tenant_id: string;
  settings: string;
  updated_at: Instant;
}

/** A data-subject request: access, export, correction or erasure. */
export interface PrivacyRequestsTable {
  tenant_id: string;
  id: string;
  /** A short code the customer can quote (`PR-` and 8 characters). */
  reference: string;
  kind: string;
  /** `dpdp`, `gdpr`, `ccpa`: decides the deadlines. */
  law: string;
  /** `counter`, `back_office`, `public_page`. */
  channel: string;
  status: string;
  customer_id: string | null;
  /** `pending`, `verified`, `in_person`. */
  verification: string;
  verified_at: Instant | null;
  received_at: Instant;
  ack_due_at: Instant;
  due_at: Instant;
  acknowledged_at: Instant | null;
  extended_at: Instant | null;
  extension_reason: string | null;
  closed_at: Instant | null;
  /** A code: `fulfilled`, `partially_fulfilled`, `identity_not_verified`, `withdrawn` ... */
  outcome: string | null;
  /** What to correct (correction requests), encrypted under the customer's own key. */
  details_enc: string | null;
  /** SHA-256 of the token a verified public requester holds to follow the request. */
  public_token_hash: string | null;
  /** How far the deadline reminders went (0 none ... 4 overdue). */
  reminder_stage: number;
  created_by: string | null;
  updated_at: Instant;
}

/** The timeline of a request: each step with who did it (no personal data). */
export interface PrivacyRequestEventsTable {
  tenant_id: string;
  id: string;
  request_id: string;
  at: Instant;
  kind: string;
  actor_type: string;
  actor_id: string | null;
  details: string;
}

/** One-time verification codes: keyed hash only, short expiry, few attempts, single use. */
export interface PrivacyOtpsTable {
  tenant_id: string;
  id: string;
  request_id: string;
  channel: string;
  code_hash: string;
  expires_at: Instant;
  attempts: number;
  used_at: Instant | null;
  created_at: Instant;
}

/** An export package, already encrypted for the customer (password zip or OpenPGP message). */
export interface PrivacyExportsTable {
  tenant_id: string;
  id: string;
  request_id: string | null;
  customer_id: string;
  /** `zip_aes256` or `openpgp`. */
  protection: string;
  /** The package sealed under its package key (empty once downloaded or expired). */
  package: Buffer;
  /**
   * The package key: for a password, wrapped under argon2id of it; inside a field-cipher envelope
   * under the customer's own key. Null once downloaded or expired.
   */
  package_key_enc: string | null;
  /** `argon2id$v=19$m=..,t=..,p=..$<salt, base64>` for a password package; null for OpenPGP. */
  kdf: string | null;
  sha256: string;
  size_bytes: number;
  /** JSON: records per section. */
  counts: string;
  created_at: Instant;
  expires_at: Instant;
  created_by: string | null;
  downloads: number;
  last_downloaded_at: Instant | null;
}

/** Proof of an erasure: what was shredded and what was kept by law, signed by the installation. */
export interface ErasureCertificatesTable {
  tenant_id: string;
  id: string;
  request_id: string | null;
  customer_id: string;
  erased_at: Instant;
  reason: string;
  /** Canonical JSON of the certificate (ids, counts, legal bases; no personal data). */
  body: string;
  key_id: string;
  signature: string;
}

/** A tenant's choice for one retention policy (defaults apply without a row). */
export interface RetentionPoliciesTable {
  tenant_id: string;
  policy: string;
  enabled: number;
  period: number;
  updated_at: Instant;
  updated_by: string | null;
}

/** Every retention run, dry or real, with what it did. */
export interface RetentionRunsTable {
  tenant_id: string;
  id: string;
  dry_run: number;
  started_at: Instant;
  finished_at: Instant;
  actor_type: string;
  actor_id: string | null;
  /** JSON: per policy, what was (or would be) done. */
  results: string;
}

/** A customer told that their inactive record will be anonymised. */
export interface RetentionNoticesTable {
  tenant_id: string;
  customer_id: string;
  notified_at: Instant;
  anonymise_after: Instant;
  channel: string;
}

/** Present only inside a retention transaction: lets expired tax records be deleted. */
export interface RetentionGuardTable {
  tenant_id: string;
  /** Documents of financial years up to this one may be deleted. */
  up_to_fy: number;
  /** Ledger and stock rows created before this instant may be deleted. */
  before_at: Instant;
}

/** The processor (vendor) register. */
export interface ProcessorsTable {
  tenant_id: string;
  id: string;
  name: string;
  /** `payment_gateway`, `sms`, `email`, `hosting`, `backup`, `other`. */
  service: string;
  purpose: string;
  /** JSON array of data categories shared. */
  data_categories: string;
  location: string;
  contract_status: string;
  dpa_status: string;
  dpa_signed_on: string | null;
  last_reviewed_on: string | null;
  next_review_on: string | null;
  notes: string | null;
  created_at: Instant;
  updated_at: Instant;
}

/** A training course staff must take, and how often. */
export interface TrainingCoursesTable {
  tenant_id: string;
  id: string;
  title: string;
  renew_months: number;
  /** JSON array of role names that must take it (empty: everyone). */
  required_roles: string;
  created_at: Instant;
}

/** A member of staff completed a course. */
export interface TrainingCompletionsTable {
  tenant_id: string;
  id: string;
  course_id: string;
  user_id: string;
  completed_on: string;
  due_on: string | null;
  recorded_by: string | null;
  recorded_at: Instant;
}

export interface PrivacyTables {
  consent_events: ConsentEventsTable;
  consent_current: ConsentCurrentTable;
  privacy_notice_versions: PrivacyNoticeVersionsTable;
  privacy_settings: PrivacySettingsTable;
  privacy_requests: PrivacyRequestsTable;
  privacy_request_events: PrivacyRequestEventsTable;
  privacy_otps: PrivacyOtpsTable;
  privacy_exports: PrivacyExportsTable;
  erasure_certificates: ErasureCertificatesTable;
  retention_policies: RetentionPoliciesTable;
  retention_runs: RetentionRunsTable;
  retention_notices: RetentionNoticesTable;
  retention_guard: RetentionGuardTable;
  processors: ProcessorsTable;
  training_courses: TrainingCoursesTable;
  training_completions: TrainingCompletionsTable;
}
