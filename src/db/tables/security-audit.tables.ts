/**
 * Tables of regular security audits: the self-audit runs with their stored reports (the history
 * and trend kept as evidence), the record of backups and test restores the backup checks read,
 * and access-review campaigns with one item per user-role grant.
 */
import type { Instant } from './foundation.tables.js';

export type SecurityAuditTrigger = 'schedule' | 'manual' | 'cli';
export type SecurityAuditRunStatus = 'running' | 'completed' | 'failed';

/** One self-audit run of a tenant; the report is the canonical JSON that exports sign. */
export interface SecurityAuditRunsTable {
  tenant_id: string;
  id: string;
  trigger: SecurityAuditTrigger;
  /** The user who asked for it (manual runs), else null. */
  requested_by: string | null;
  status: SecurityAuditRunStatus;
  started_at: Instant;
  finished_at: Instant | null;
  /** 0..100 with one decimal, from the checks' statuses weighted by severity. */
  score: number | null;
  pass_count: number;
  warn_count: number;
  fail_count: number;
  unknown_count: number;
  error_count: number;
  /** The report as canonical JSON (counts, ids and masked samples; never personal data). */
  report: string | null;
  /** Why a run failed as a whole (a short safe message). */
  error: string | null;
}

export type BackupRecordKind = 'backup' | 'restore_test';

/** Installation-wide: each backup written and each test restore of a backup file. */
export interface BackupRecordsTable {
  id: string;
  kind: BackupRecordKind;
  occurred_at: Instant;
  outcome: 'success' | 'failure';
  /** The backup's own id (from its header), linking a test restore to the backup. */
  backup_id: string | null;
  /** SHA-256 (hex) of the encrypted backup file. */
  file_hash: string | null;
  /** `sqlite-file` or `jsonl`. */
  format: string | null;
  recipient_key_id: string | null;
  /** JSON: counts, checks made, the failure reason; never personal data. */
  details: string;
}

/** How often a tenant reviews access, and how long reviewers have. */
export interface AccessReviewSettingsTable {
  tenant_id: string;
  frequency_months: number;
  due_days: number;
  updated_at: Instant;
}

export type AccessReviewCampaignStatus = 'open' | 'closed';

export interface AccessReviewCampaignsTable {
  tenant_id: string;
  id: string;
  /** The period reviewed, `2026-Q4` (quarterly), `2026-11` (monthly), `2026-H2`, `2026`. */
  period: string;
  trigger: 'schedule' | 'manual';
  status: AccessReviewCampaignStatus;
  created_by: string | null;
  created_at: Instant;
  due_at: Instant;
  closed_at: Instant | null;
  /** When unanswered items were escalated to the owners (alert raised). */
  escalated_at: Instant | null;
}

export type AccessReviewDecision = 'confirm' | 'remove';

/** One user-role grant to confirm or remove. */
export interface AccessReviewItemsTable {
  tenant_id: string;
  id: string;
  campaign_id: string;
  user_id: string;
  role_id: string;
  role_name: string;
  /** The grant's store, or `*` for a tenant-wide grant. */
  store_id: string;
  /** Who decides: the managers of this store, or `*` for the owners. */
  reviewer_scope: string;
  decision: AccessReviewDecision | null;
  decided_by: string | null;
  decided_at: Instant | null;
  escalated_at: Instant | null;
}

export interface SecurityAuditTables {
  security_audit_runs: SecurityAuditRunsTable;
  backup_records: BackupRecordsTable;
  access_review_settings: AccessReviewSettingsTable;
  access_review_campaigns: AccessReviewCampaignsTable;
  access_review_items: AccessReviewItemsTable;
}
