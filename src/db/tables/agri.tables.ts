/** Tables of agri-input billing: category rules, stock batches and their movements, dealer licences. */
import type { Instant } from './foundation.tables.js';

/** What a category of items needs when received and sold (set per shop). */
export interface AgriCategoryRulesTable {
  tenant_id: string;
  /** The item category as the shop names it (`items.category`). */
  category: string;
  /** 1: every unit is received and sold from a batch with an expiry date. */
  needs_batch: number;
  /** The dealer licence items of this category are sold under: pesticide | fertiliser | seed. */
  licence_kind: string | null;
  /** 1: subsidised fertiliser sold through the government PoS device (reference and bags on the bill). */
  subsidised: number;
  updated_at: Instant;
}

/** A batch (lot) of one variant in one store: sellable and segregated expired quantities. */
export interface StockBatchesTable {
  tenant_id: string;
  id: string;
  store_id: string;
  variant_id: string;
  batch_no: string;
  /** IST dates `YYYY-MM-DD`; the batch may be sold up to and including its expiry date. */
  mfg_date: string | null;
  expiry_date: string;
  /** The goods receipt that brought it in. */
  receipt_id: string | null;
  /** Sellable thousandths of the unit. */
  qty_milli: number;
  /** Thousandths moved to the segregated expired stock, awaiting disposal (Insecticides Rules 10A). */
  expired_milli: number;
  created_at: Instant;
  updated_at: Instant;
}

/** Every change of a batch (append-only): receipt, sale, segregate, dispose. */
export interface BatchMovementsTable {
  tenant_id: string;
  id: string;
  batch_id: string;
  store_id: string;
  variant_id: string;
  kind: string;
  /** Signed change of the sellable quantity (thousandths). */
  qty_milli: number;
  /** Signed change of the segregated expired quantity (thousandths). */
  expired_milli: number;
  ref_type: string | null;
  ref_id: string | null;
  /** The invoice or receipt line (1-based). */
  line_no: number | null;
  actor_id: string | null;
  created_at: Instant;
}

/** A store's dealer licence of one kind (pesticide, fertiliser, seed). */
export interface DealerLicencesTable {
  tenant_id: string;
  store_id: string;
  kind: string;
  number: string;
  valid_from: string | null;
  valid_until: string;
  updated_by: string | null;
  updated_at: Instant;
}

/** The government PoS (iFMS) sale behind a bill of subsidised fertiliser (no Aadhaar number). */
export interface FertiliserSubsidySalesTable {
  tenant_id: string;
  document_id: string;
  /** The PoS device's transaction reference as printed on its slip. */
  pos_reference: string;
  bags: number;
  created_at: Instant;
}

/** A shop's khata settings: interest on overdue amounts (off by default), season due days, reminders. */
export interface KhataSettingsTable {
  tenant_id: string;
  /** 1: simple interest accrues on overdue amounts after the grace days. */
  interest_enabled: number;
  /** Yearly simple rate in basis points (1800 = 18 % a year). */
  interest_rate_bp: number;
  grace_days: number;
  /** `MM-DD`: the day each season's credit falls due. */
  kharif_due: string;
  rabi_due: string;
  zaid_due: string;
  /** 1: farmers who consented get an SMS when their khata is overdue. */
  reminders_enabled: number;
  updated_by: string | null;
  updated_at: Instant;
}

/** An overdue-khata reminder queued for a farmer (one per farmer and due date). */
export interface KhataRemindersTable {
  tenant_id: string;
  customer_id: string;
  due_date: string;
  /** The outbox delivery that carries it. */
  delivery_id: string | null;
  created_at: Instant;
}

/** A shop's agri-input settings: the near-expiry window of its batches. */
export interface AgriSettingsTable {
  tenant_id: string;
  /** Days before its expiry date a batch is shown as expiring soon (1 to 365; 30 by default). */
  near_expiry_days: number;
  updated_by: string | null;
  updated_at: Instant;
}

export interface AgriTables {
  agri_settings: AgriSettingsTable;
  khata_settings: KhataSettingsTable;
  khata_reminders: KhataRemindersTable;
  fertiliser_subsidy_sales: FertiliserSubsidySalesTable;
  agri_category_rules: AgriCategoryRulesTable;
  stock_batches: StockBatchesTable;
  batch_movements: BatchMovementsTable;
  dealer_licences: DealerLicencesTable;
}
