/** Tables of salon billing (migration 0026): services, appointments, packages, wallets, notes. */
import type { Instant } from './foundation.tables.js';

/** A catalog service (kind `services`) as the salon books it. */
export interface SalonServicesTable {
  tenant_id: string;
  variant_id: string;
  duration_min: number;
  active: number;
  updated_at: Instant;
}

/** Who may perform a service. */
export interface SalonServiceStaffTable {
  tenant_id: string;
  variant_id: string;
  staff_id: string;
}

/** The staff who performed an invoice line, each with a share in basis points (sum 10,000). */
export interface InvoiceLineStaffTable {
  tenant_id: string;
  document_id: string;
  line_number: number;
  staff_id: string;
  share_bp: number;
  created_at: Instant;
}

/** One row per staff member, locked while that member's calendar is written. */
export interface StaffCalendarsTable {
  tenant_id: string;
  staff_id: string;
  version: number;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'billed' | 'no_show' | 'cancelled';

export interface AppointmentsTable {
  tenant_id: string;
  id: string;
  store_id: string;
  staff_id: string;
  /** Null for a walk-in who gave no details. */
  customer_id: string | null;
  service_variant_id: string;
  starts_at: Instant;
  ends_at: Instant;
  source: 'phone' | 'walk_in';
  status: AppointmentStatus;
  /** The channel the client chose for reminders (sent only while the consent ledger grants it). */
  reminder_channel: 'sms' | 'email' | null;
  reminded_at: Instant | null;
  checked_in_at: Instant | null;
  invoice_id: string | null;
  cancel_reason: string | null;
  /** Position in the walk-in queue of the day. */
  queue_number: number | null;
  created_by: string;
  created_at: Instant;
  updated_at: Instant;
}

/** A client waiting in the walk-in queue, until assigned to a stylist (then an appointment) or gone. */
export interface SalonWalkInsTable {
  tenant_id: string;
  id: string;
  store_id: string;
  /** Null for a walk-in who gave no details. */
  customer_id: string | null;
  service_variant_id: string;
  preferred_staff_id: string | null;
  status: 'waiting' | 'assigned' | 'left';
  /** The appointment the walk-in became when assigned. */
  appointment_id: string | null;
  /** Position in the store's queue of the day (IST). */
  queue_number: number;
  created_by: string;
  joined_at: Instant;
  updated_at: Instant;
}

export interface PackagePlansTable {
  tenant_id: string;
  id: string;
  name: string;
  /** The catalog service item sold (priced and taxed at sale). */
  variant_id: string;
  /** The service each session redeems. */
  service_variant_id: string;
  sessions: number;
  validity_days: number;
  transferable: number;
  refundable: number;
  active: number;
  created_at: Instant;
}

export interface ClientPackagesTable {
  tenant_id: string;
  id: string;
  plan_id: string;
  customer_id: string;
  invoice_id: string;
  expires_on: string;
  status: 'active' | 'expired' | 'refunded' | 'used';
  sessions_total: number;
  sessions_used: number;
  sessions_refunded: number;
  sessions_expired: number;
  /** What the client paid, tax included. */
  price_paise: number;
  created_at: Instant;
  updated_at: Instant;
}

export interface PackageEventsTable {
  tenant_id: string;
  id: string;
  package_id: string;
  kind: 'sold' | 'redeemed' | 'refunded' | 'expired' | 'transferred';
  sessions: number;
  amount_paise: number;
  invoice_id: string | null;
  /** Redemptions: the invoice line the session paid (null for other events). */
  line_no: number | null;
  /** Transfers: the client the package went to. */
  customer_id: string | null;
  actor_id: string | null;
  created_at: Instant;
}

export interface MembershipPlansTable {
  tenant_id: string;
  id: string;
  name: string;
  variant_id: string;
  discount_bp: number;
  validity_days: number;
  active: number;
  created_at: Instant;
}

export interface ClientMembershipsTable {
  tenant_id: string;
  id: string;
  plan_id: string;
  customer_id: string;
  invoice_id: string;
  starts_on: string;
  ends_on: string;
  created_at: Instant;
}

export interface WalletsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  /** Value left, in paise of value (a liability until redeemed or expired). */
  balance_paise: number;
  entries: number;
  expires_on: string;
  status: 'active' | 'expired';
  created_at: Instant;
  updated_at: Instant;
}

export interface WalletLedgerTable {
  tenant_id: string;
  wallet_id: string;
  seq: number;
  kind: 'load' | 'redeem' | 'expire';
  /** Money taken for a load (no GST: a voucher). */
  paid_paise: number;
  /** Value added (load) or taken (redeem, expire, negative). */
  value_paise: number;
  balance_after: number;
  method: string | null;
  invoice_id: string | null;
  actor_id: string | null;
  created_at: Instant;
}

export interface CommissionRulesTable {
  tenant_id: string;
  id: string;
  /** One staff member, or every holder of `role` (a staff member's own rule wins). */
  staff_id: string | null;
  role: string | null;
  service_bp: number;
  product_bp: number;
  target_paise: number | null;
  target_bonus_bp: number | null;
  active: number;
  created_at: Instant;
}

/** A commission period paid out: its report frozen. */
export interface CommissionPeriodsTable {
  tenant_id: string;
  id: string;
  store_id: string;
  from_date: string;
  to_date: string;
  /** The report as paid (JSON). */
  report: string;
  paid_by: string;
  paid_at: Instant;
}

export type ClientNoteKind = 'allergy' | 'skin' | 'hair' | 'colour_formula' | 'photo' | 'other';

export interface ClientNotesTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  kind: ClientNoteKind;
  body_enc: string | null;
  photo_enc: string | null;
  created_by: string;
  created_at: Instant;
  /** Who last edited the note and when (null: never edited). */
  updated_by: string | null;
  updated_at: Instant | null;
}

/** The salon's settings, one row per tenant (absent: the defaults). */
export interface SalonSettingsTable {
  tenant_id: string;
  /** How long before an appointment its reminder is sent. */
  reminder_lead_minutes: number;
  updated_by: string;
  updated_at: Instant;
}

export interface SalonTables {
  salon_services: SalonServicesTable;
  salon_service_staff: SalonServiceStaffTable;
  invoice_line_staff: InvoiceLineStaffTable;
  staff_calendars: StaffCalendarsTable;
  appointments: AppointmentsTable;
  salon_walk_ins: SalonWalkInsTable;
  package_plans: PackagePlansTable;
  client_packages: ClientPackagesTable;
  package_events: PackageEventsTable;
  membership_plans: MembershipPlansTable;
  client_memberships: ClientMembershipsTable;
  wallets: WalletsTable;
  wallet_ledger: WalletLedgerTable;
  commission_rules: CommissionRulesTable;
  commission_periods: CommissionPeriodsTable;
  client_notes: ClientNotesTable;
  salon_settings: SalonSettingsTable;
}
