/**
 * Tables of billing: shop billing settings and store profiles, the shop's rate corrections,
 * document counters, the catalog (items and variants), the stock ledger, customers and their
 * running balance, issued sales documents (invoices and credit notes) with lines, payments and
 * cancellations, and idempotency keys. Money is integer paise, quantities integer thousandths of
 * the unit (`qty_milli`), rates basis points, flags 0/1, instants ISO UTC text, dates IST
 * `YYYY-MM-DD`.
 */
import type { Instant } from './foundation.tables.js';
import type { Generated } from 'kysely';

/** Tenant-wide billing settings (one row per tenant, created with defaults when first read). */
export interface BillingSettingsTable {
  tenant_id: string;
  /** Engine `InclusiveBandPolicy`. */
  inclusive_band: string;
  /** Engine `ThresholdBasis`. */
  threshold_basis: string;
  /** `rupee` | `none`. */
  round_off: string;
  /** `allow` a sale beyond stock on hand, or `refuse` it. */
  negative_stock: string;
  /** UPI payee address for the payment QR, when the shop has one. */
  upi_vpa: string | null;
  upi_payee_name: string | null;
  /** Aggregate turnover above Rs 5 crore: 6-digit HSN on invoices and e-invoices for B2B. */
  turnover_above_5cr: number;
  /** Percent of a line's price a cashier may take off without a manager (0: none). */
  discount_allowance_pct: number;
  /** Money a cashier may pay out on one credit note without a manager (cash, UPI, card). */
  refund_allowance_paise: number;
  updated_at: Instant;
  /** Offers of items at different rates sold for one price: `highest-rate` (s.8(b)) or `own-rates` (migration 0025). */
  mixed_supply_rule: string;
}

/** A store's details as printed on its documents, its registration and its series formats. */
export interface StoreProfilesTable {
  tenant_id: string;
  store_id: string;
  legal_name: string;
  trade_name: string | null;
  address_line1: string;
  address_line2: string | null;
  city: string;
  pincode: string;
  phone: string | null;
  email: string | null;
  /** `regular` | `composition`. */
  registration: string;
  invoice_prefix: string;
  credit_note_prefix: string;
  include_year: number;
  min_digits: number;
  /** The shop's logo for A4 documents: a PNG or JPEG `data:` URL (migration 0022). */
  logo: string | null;
  /** The store's Letter of Undertaking for zero-rated supplies without IGST (migration 0029). */
  lut_number: string | null;
  lut_date: string | null;
  /** Debit notes' series prefix; null: `DN` (migration 0029). */
  debit_note_prefix: string | null;
  /** The language receipts of the store print in: `en` | `hi`; null: English (migration 0036). */
  receipt_language: string | null;
  updated_at: Instant;
}

/** A shop's own dated rate entry (engine `RateEntry`; the rule as JSON). */
export interface RateOverridesTable {
  tenant_id: string;
  id: string;
  category: string;
  effective_from: string;
  rule_json: string;
  verified: number;
  source: string;
  created_at: Instant;
}

/** The counter of one series: store x (invoice | credit-note) x financial year. */
export interface DocumentCountersTable {
  tenant_id: string;
  store_id: string;
  series: string;
  /** Financial year by its first calendar year (2026 = April 2026 - March 2027). */
  fy: number;
  /** The format in force for this year's series (a prefix change applies from the next year). */
  prefix: string;
  include_year: number;
  min_digits: number;
  last_seq: number;
  created_at: Instant;
}

export interface ItemsTable {
  tenant_id: string;
  id: string;
  /** `goods` (HSN) | `services` (SAC). */
  kind: string;
  name: string;
  hsn_sac: string;
  uqc: string;
  rate_category: string;
  price_includes_tax: number;
  active: number;
  created_at: Instant;
  updated_at: Instant;
  /** What offers and price lists select on (migration 0025). */
  brand: string | null;
  category: string | null;
  collection: string | null;
}

/** A sellable variant of an item (size, colour); every item has at least one. */
export interface ItemVariantsTable {
  tenant_id: string;
  id: string;
  item_id: string;
  sku: string | null;
  barcode: string | null;
  size: string | null;
  colour: string | null;
  price: number;
  mrp: number | null;
  /** Order within the item (S, M, L ... as entered). */
  position: number;
  active: number;
  created_at: Instant;
  updated_at: Instant;
}

/** Stock on hand per store and variant: the running sum of the movements. */
export interface StockLevelsTable {
  tenant_id: string;
  store_id: string;
  variant_id: string;
  qty_milli: number;
  updated_at: Instant;
}

/** The stock ledger (append-only): sale, return, cancel, adjustment, transfer_out, transfer_in. */
export interface StockMovementsTable {
  tenant_id: string;
  id: string;
  store_id: string;
  variant_id: string;
  kind: string;
  /** Signed: negative takes stock out. */
  qty_milli: number;
  reason: string | null;
  ref_type: string | null;
  ref_id: string | null;
  actor_id: string | null;
  created_at: Instant;
}

/** Customers: personal fields encrypted (purpose customer_pii, under the customer's own key). */
export interface CustomersTable {
  tenant_id: string;
  id: string;
  /** `individual` | `business`. */
  kind: string;
  name_enc: string;
  phone_enc: string | null;
  email_enc: string | null;
  /** JSON of a postal address, encrypted. */
  address_enc: string | null;
  gstin_enc: string | null;
  phone_idx: string | null;
  phone_last4_idx: string | null;
  email_idx: string | null;
  gstin_idx: string | null;
  /** State for place of supply (from the GSTIN for businesses). */
  state_code: string | null;
  /** Most the customer may owe on credit sales, in paise (0: no credit). */
  credit_limit: number;
  /** What the customer owes (negative: the shop owes the customer, store credit). */
  balance: number;
  created_at: Instant;
  updated_at: Instant;
  /** The customer group member-only offers and price lists are for (migration 0025). */
  customer_group: string | null;
}

/** The customer's running account (append-only): credit sales, payments, refunds to credit. */
export interface CustomerLedgerTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  kind: string;
  /** Signed: positive increases what the customer owes. */
  amount: number;
  balance_after: number;
  method: string | null;
  ref_type: string | null;
  ref_id: string | null;
  actor_id: string | null;
  created_at: Instant;
}

/** Issued sales documents, invoices and credit notes alike (never updated; see triggers). */
export interface SalesDocumentsTable {
  tenant_id: string;
  id: string;
  /** `invoice` | `credit-note`. */
  doc_type: string;
  /** Engine `DocumentKind`. */
  kind: string;
  store_id: string;
  counter_id: string | null;
  series_key: string;
  fy: number;
  seq: number;
  number: string;
  doc_date: string;
  issued_at: Instant;
  customer_id: string | null;
  buyer_registered: number;
  buyer_gstin_idx: string | null;
  /** Buyer fields the document legally needs, encrypted under the tenant's documents key. */
  buyer_gstin_enc: string | null;
  buyer_name_enc: string | null;
  buyer_address_enc: string | null;
  buyer_state_code: string | null;
  place_of_supply: string;
  regime: string;
  reverse_charge: number;
  supplier_gstin: string;
  supplier_state_code: string;
  registration: string;
  /** The supplier as printed (engine `SupplierParty`), JSON. */
  supplier_json: string;
  gross: number;
  discount: number;
  taxable: number;
  cgst: number;
  sgst: number;
  utgst: number;
  igst: number;
  cess: number;
  tax: number;
  exact_total: number;
  round_off: number;
  total: number;
  /** Credit notes: the invoice adjusted (Rule 53) and why. */
  original_id: string | null;
  original_number: string | null;
  original_date: string | null;
  original_total: number | null;
  original_pos: string | null;
  reason: string | null;
  /** An exchange links its credit note and its new invoice. */
  exchange_id: string | null;
  created_by: string | null;
  /** `regular`, `sez-with-payment`, `sez-without-payment`, `export-with-payment`,
   * `export-without-payment` (migration 0029). */
  supply_type: Generated<string>;
  /** Exports: port code, shipping bill and destination as JSON (no personal data). */
  export_json: string | null;
  /** Supplies without payment: the LUT number and date as JSON. */
  lut_json: string | null;
}

export interface SalesDocumentLinesTable {
  tenant_id: string;
  document_id: string;
  line_no: number;
  item_id: string | null;
  variant_id: string | null;
  rate_category: string | null;
  /** Credit notes: the invoice line adjusted. */
  orig_line_no: number | null;
  description: string;
  hsn_sac: string;
  is_service: number;
  qty_milli: number;
  unit: string;
  unit_price: number;
  price_includes_tax: number;
  unit_price_excl: number;
  gross: number;
  discount: number;
  taxable: number;
  supply: string;
  rate: number;
  cess_rate: number;
  cgst: number;
  sgst: number;
  utgst: number;
  igst: number;
  cess: number;
  total: number;
  /** Credit notes: the goods came back to stock. */
  restocked: number;
}

/** Payments taken for an invoice, or refunds made for a credit note. */
export interface SalesPaymentsTable {
  tenant_id: string;
  /** Row id bound into the reference's associated data. */
  id: string;
  document_id: string;
  seq: number;
  method: string;
  amount: number;
  tendered: number | null;
  change_due: number;
  /** UPI or card processor reference, encrypted (purpose payment_ref). */
  reference_enc: string | null;
  card_last4: string | null;
}

/** A cancelled invoice: the recorded action (the document row itself never changes). */
export interface SalesCancellationsTable {
  tenant_id: string;
  document_id: string;
  reason: string;
  /** Optional free-text note, encrypted (documents key). */
  note_enc: string | null;
  cancelled_by: string | null;
  cancelled_at: Instant;
}

/** A client's idempotency key and the document its first request produced. */
export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  operation: string;
  request_hash: string;
  document_id: string;
  created_at: Instant;
}

export interface BillingTables {
  billing_settings: BillingSettingsTable;
  store_profiles: StoreProfilesTable;
  rate_overrides: RateOverridesTable;
  document_counters: DocumentCountersTable;
  items: ItemsTable;
  item_variants: ItemVariantsTable;
  stock_levels: StockLevelsTable;
  stock_movements: StockMovementsTable;
  customers: CustomersTable;
  customer_ledger: CustomerLedgerTable;
  sales_documents: SalesDocumentsTable;
  sales_document_lines: SalesDocumentLinesTable;
  sales_payments: SalesPaymentsTable;
  sales_cancellations: SalesCancellationsTable;
  idempotency_keys: IdempotencyKeysTable;
}
