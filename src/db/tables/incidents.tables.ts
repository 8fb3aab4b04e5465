/**
 * Incident response: incidents with their append-only timeline, scope analyses and the affected
 * customers they found, regulatory notices and the clock alerts already raised, notices to
 * customers with their per-customer references and inquiries, post-incident reviews with their
 * actions, drills, the incident-response plan, and security reports from the public page.
 * Free text written by staff or customers is encrypted (`*_enc` under the tenant's `documents`
 * key, or sealed to the tenant's sealed-box key when the public wrote it); everything else holds
 * ids, codes, counts and instants.
 */
import type { Instant } from './foundation.tables.js';

export type IncidentStatus =
  'detected' | 'triaged' | 'contained' | 'eradicated' | 'recovered' | 'closed' | 'reviewed';
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface IncidentsTable {
  tenant_id: string;
  id: string;
  /** 1, 2, 3 ... per tenant: the number people say on the phone (`INC-7`). */
  number: number;
  title: string;
  /** A code from the category list (incident-categories.ts), each mapped to a CERT-In type. */
  category: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  /** 1: a drill (nothing leaves the app; containment is simulated). */
  drill: number;
  /** When the shop became aware: the regulatory clocks start here. */
  aware_at: Instant;
  /** When the first evidence was seen (an alert's first detection), if earlier. */
  detected_at: Instant | null;
  owner_user_id: string | null;
  /** JSON array of store ids. */
  store_ids: string;
  /** JSON array of data-category codes. */
  data_categories: string;
  /** 1: customers in the EU are affected (the GDPR clock applies). */
  eu_affected: number;
  description_enc: string | null;
  source_alert_id: string | null;
  source_report_id: string | null;
  contained_at: Instant | null;
  closed_at: Instant | null;
  reviewed_at: Instant | null;
  /** How a closed incident ended: `resolved` or `false_positive`. */
  resolution: string | null;
  created_by: string | null;
  created_at: Instant;
  updated_at: Instant;
}

/** The timeline: append-only (only rotation may re-encrypt a note in place). */
export interface IncidentEventsTable {
  tenant_id: string;
  /** Row id, bound into the note's associated data. */
  id: string;
  incident_id: string;
  /** 1, 2, 3 ... per incident. */
  seq: number;
  at: Instant;
  actor_type: string;
  actor_id: string | null;
  kind: string;
  /** Canonical JSON: ids, codes, counts; never personal data. */
  details: string;
  note_enc: string | null;
}

export interface IncidentScopesTable {
  tenant_id: string;
  id: string;
  incident_id: string;
  /** `user`, `device`, `api_token`, `session` or `key`. */
  suspect_type: string;
  suspect_id: string;
  key_version: number | null;
  window_from: Instant | null;
  window_to: Instant | null;
  entries_examined: number;
  customer_count: number;
  /** JSON: customers per data category. */
  category_counts: string;
  created_by: string | null;
  created_at: Instant;
}

export interface IncidentAffectedCustomersTable {
  tenant_id: string;
  scope_id: string;
  incident_id: string;
  customer_id: string;
  /** JSON array of data-category codes this customer's data was exposed in. */
  categories: string;
}

export type NoticeAuthority = 'cert_in' | 'dpdp_board' | 'gdpr';
export type NoticeStatus = 'draft' | 'sent' | 'not_required';

export interface IncidentNoticesTable {
  tenant_id: string;
  id: string;
  incident_id: string;
  authority: NoticeAuthority;
  status: NoticeStatus;
  body_enc: string;
  drafted_at: Instant;
  updated_at: Instant;
  sent_at: Instant | null;
  /** The authority's acknowledgement or ticket number, when given. */
  external_ref: string | null;
  /** Why a notice is not required (a code). */
  reason: string | null;
  decided_by: string | null;
}

/** Which clock stages (`half`, `ninety`, `lapsed`) have already raised their alert. */
export interface IncidentClockAlertsTable {
  tenant_id: string;
  incident_id: string;
  clock: string;
  stage: string;
  raised_at: Instant;
  alert_id: string | null;
}

/** One notice to the affected customers: its text (encrypted) and what it was sent on. */
export interface IncidentNoticeBatchesTable {
  tenant_id: string;
  id: string;
  incident_id: string;
  /** `en`, `hi` or `both`. */
  language: string;
  /** JSON array of channels asked for (`email`, `sms`). */
  channels: string;
  /** JSON of the rendered subject and texts, with `{{reference}}` left to fill per customer. */
  content_enc: string;
  /** 1: a drill: nothing was queued, every message is recorded as would-send. */
  drill: number;
  recipients: number;
  created_by: string | null;
  created_at: Instant;
}

/** A customer's reference for an incident (asked for on the inquiry page); one per customer. */
export interface IncidentRecipientsTable {
  tenant_id: string;
  incident_id: string;
  customer_id: string;
  /** SHA-256 of the normalised reference, for the inquiry page's lookup. */
  reference_hash: string;
  reference_enc: string;
  created_at: Instant;
}

/** What was sent to whom (customer id and channel, never the address) and when. */
export interface IncidentCustomerNoticesTable {
  tenant_id: string;
  id: string;
  batch_id: string;
  incident_id: string;
  customer_id: string;
  channel: string;
  /** `queued` (in the outbox: see its delivery) or `would_send` (a drill). */
  status: string;
  delivery_id: string | null;
  created_at: Instant;
}

export interface IncidentInquiriesTable {
  tenant_id: string;
  id: string;
  incident_id: string;
  customer_id: string;
  /** The question, sealed to the tenant's sealed-box key (the public page can write, not read). */
  question_sealed: string;
  received_at: Instant;
  answer_enc: string | null;
  answered_at: Instant | null;
  answered_by: string | null;
  answer_channel: string | null;
  answer_delivery_id: string | null;
}

export interface IncidentReviewsTable {
  tenant_id: string;
  incident_id: string;
  root_cause_enc: string;
  what_worked_enc: string;
  to_improve_enc: string;
  created_by: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface IncidentReviewActionsTable {
  tenant_id: string;
  id: string;
  incident_id: string;
  description_enc: string;
  owner_user_id: string;
  /** A date (YYYY-MM-DD, India). */
  due_on: string;
  status: 'open' | 'done';
  done_at: Instant | null;
  /** When the overdue alert was raised (once per action). */
  overdue_alerted_at: Instant | null;
  created_at: Instant;
}

export type DrillStatus = 'scheduled' | 'running' | 'completed' | 'cancelled';

export interface IncidentDrillsTable {
  tenant_id: string;
  id: string;
  scenario: string;
  status: DrillStatus;
  scheduled_for: Instant;
  /** Schedule the next drill this many days after this one starts. */
  repeat_days: number | null;
  incident_id: string | null;
  started_at: Instant | null;
  contained_at: Instant | null;
  time_to_contain_ms: number | null;
  completed_at: Instant | null;
  /** Messages that would have left the app had this been real. */
  would_send: number;
  created_by: string | null;
  created_at: Instant;
}

export interface IncidentPlansTable {
  tenant_id: string;
  /** JSON of contacts, roles and playbooks, encrypted (contacts are staff personal data). */
  content_enc: string;
  version: number;
  /** A date (YYYY-MM-DD): review the plan by then. */
  review_by: string;
  reviewed_at: Instant | null;
  updated_by: string | null;
  updated_at: Instant;
  /** The review date an overdue alert was raised for (one alert per date). */
  overdue_alerted_for: string | null;
}

export type SecurityReportStatus = 'new' | 'promoted' | 'closed';

export interface SecurityReportsTable {
  tenant_id: string;
  id: string;
  category: string;
  /** Description and contact, sealed to the tenant's sealed-box key. */
  sealed: string;
  received_at: Instant;
  status: SecurityReportStatus;
  incident_id: string | null;
  handled_by: string | null;
  handled_at: Instant | null;
}

export interface IncidentTables {
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_scopes: IncidentScopesTable;
  incident_affected_customers: IncidentAffectedCustomersTable;
  incident_notices: IncidentNoticesTable;
  incident_clock_alerts: IncidentClockAlertsTable;
  incident_notice_batches: IncidentNoticeBatchesTable;
  incident_recipients: IncidentRecipientsTable;
  incident_customer_notices: IncidentCustomerNoticesTable;
  incident_inquiries: IncidentInquiriesTable;
  incident_reviews: IncidentReviewsTable;
  incident_review_actions: IncidentReviewActionsTable;
  incident_drills: IncidentDrillsTable;
  incident_plans: IncidentPlansTable;
  security_reports: SecurityReportsTable;
}
