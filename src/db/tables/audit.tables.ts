/**
 * The audit trail and what keeps it honest, plus the infrastructure of monitoring: the hash-chained
 * entries per tenant with their head, retention stubs, signed checkpoints, the shared job runner's
 * schedule, alerts, alert channels and the notification outbox with its delivery log.
 */
import type { Instant } from './foundation.tables.js';

export type AuditRetentionClass = 'standard' | 'gst';

/** One audit entry; append-only (database triggers refuse UPDATE and DELETE). */
export interface AuditEntriesTable {
  tenant_id: string;
  /** 1, 2, 3 ... per tenant, no gaps. */
  seq: number;
  occurred_at: Instant;
  actor_type: string;
  actor_id: string | null;
  session_id: string | null;
  device_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  outcome: string;
  request_id: string | null;
  source: string | null;
  /** Canonical JSON (sorted keys); ids, counts and reasons only, never personal data. */
  details: string;
  retention: AuditRetentionClass;
  /** Hex SHA-256 chain hash: H(seq) = SHA-256(H(seq-1) || SHA-256(canonical entry)). */
  hash: string;
}

/** An entry removed by retention while later entries stay: its content digest keeps the chain whole. */
export interface AuditPrunedTable {
  tenant_id: string;
  seq: number;
  content_hash: string;
  hash: string;
  pruned_at: Instant;
}

/** The chain head per tenant: the row every writer locks, so entries are numbered one at a time. */
export interface AuditHeadsTable {
  tenant_id: string;
  seq: number;
  hash: string;
  updated_at: Instant;
}

export type CheckpointKind = 'periodic' | 'manual' | 'retention';

/** Signed checkpoints (the note text is what counts; the other columns index it). */
export interface AuditCheckpointsTable {
  tenant_id: string;
  id: string;
  seq: number;
  hash: string;
  kind: CheckpointKind;
  key_id: string;
  note: string;
  created_at: Instant;
}

/** Present only inside a retention transaction: the delete triggers let that transaction through. */
export interface AuditRetentionGuardTable {
  tenant_id: string;
  up_to_seq: number;
}

/** Per-tenant retention of the trail (months); the floors are enforced by the service. */
export interface AuditSettingsTable {
  tenant_id: string;
  retention_months: number;
  gst_retention_months: number;
  updated_at: Instant;
}

/** The shared job runner's schedule: one row per job, claimed with a lease. */
export interface ScheduledJobsTable {
  name: string;
  next_run_at: Instant;
  lease_owner: string | null;
  lease_expires_at: Instant | null;
  last_started_at: Instant | null;
  last_finished_at: Instant | null;
  last_outcome: string | null;
  last_error: string | null;
  runs: number;
}

export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertsTable {
  tenant_id: string;
  id: string;
  detector: string;
  severity: AlertSeverity;
  subject_type: string;
  subject_id: string;
  status: AlertStatus;
  /** How many detections were folded into this alert. */
  count: number;
  first_seen_at: Instant;
  last_seen_at: Instant;
  /** JSON: counts, thresholds, ids; never personal data. */
  details: string;
  acknowledged_by: string | null;
  acknowledged_at: Instant | null;
  resolved_by: string | null;
  resolved_at: Instant | null;
}

/** Where a tenant's alerts go; recipients, URL and secret are encrypted. */
export interface AlertChannelsTable {
  tenant_id: string;
  email_recipients_enc: string | null;
  email_min_severity: AlertSeverity;
  webhook_url_enc: string | null;
  webhook_secret_enc: string | null;
  webhook_min_severity: AlertSeverity;
  /** 1: each new signed checkpoint is also sent to the channels, to keep a copy off the machine. */
  send_checkpoints: number;
  updated_at: Instant;
}

/** Detector thresholds and business hours per tenant (JSON validated by the monitoring module). */
export interface MonitoringSettingsTable {
  tenant_id: string;
  settings: string;
  updated_at: Instant;
}

/** Cursors of the detectors: how far each has read. */
export interface MonitorCursorsTable {
  name: string;
  position: string;
}

export type DeliveryChannel = 'email' | 'webhook' | 'sms';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** The outbox: one row per message and channel, retried with backoff by the delivery job. */
export interface NotificationDeliveriesTable {
  tenant_id: string;
  id: string;
  kind: string;
  ref_id: string | null;
  channel: DeliveryChannel;
  /** JSON of the message; never personal data (recipients are resolved when sending). */
  payload: string;
  /** A user whose own address receives the email (owners told of their new-device sign-ins). */
  recipient_user_id: string | null;
  /** A customer whose own contact on record receives the message (privacy and breach notices). */
  recipient_customer_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Instant;
  created_at: Instant;
  delivered_at: Instant | null;
  last_error: string | null;
}

/** The delivery log: every attempt with its outcome. */
export interface DeliveryAttemptsTable {
  tenant_id: string;
  id: string;
  delivery_id: string;
  attempt: number;
  attempted_at: Instant;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/**
 * The manifest of an export of personal data: which data subjects it held, keyed by the export's
 * id (the object id of its `<object>.pii.export` audit entry) and written in the same transaction,
 * so an incident's scope analysis can name the people an export exposed.
 */
export interface AuditExportSubjectsTable {
  tenant_id: string;
  export_id: string;
  subject_id: string;
}

export interface AuditTables {
  audit_entries: AuditEntriesTable;
  audit_pruned: AuditPrunedTable;
  audit_heads: AuditHeadsTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_retention_guard: AuditRetentionGuardTable;
  audit_settings: AuditSettingsTable;
  scheduled_jobs: ScheduledJobsTable;
  alerts: AlertsTable;
  alert_channels: AlertChannelsTable;
  monitoring_settings: MonitoringSettingsTable;
  monitor_cursors: MonitorCursorsTable;
  notification_deliveries: NotificationDeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  audit_export_subjects: AuditExportSubjectsTable;
}
