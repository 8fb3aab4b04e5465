/**
 * Tables of offers (issue 15): price lists and their entries, offers (the rule as JSON, checked
 * on the way in), coupons and their redemptions, and each issued line's savings. Instants are ISO
 * UTC text (shown and entered in IST), money integer paise, percentages basis points.
 */
import type { Instant } from './foundation.tables.js';

export interface PriceListsTable {
  tenant_id: string;
  id: string;
  name: string;
  /** null: every store. */
  store_id: string | null;
  /** null: everyone. */
  customer_group: string | null;
  starts_at: Instant;
  /** Excluded; null: until paused. */
  ends_at: Instant | null;
  priority: number;
  /** `active` | `paused`. */
  status: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface PriceListEntriesTable {
  tenant_id: string;
  price_list_id: string;
  position: number;
  /** `item` | `variant` | `category` | `brand` | `collection` | `all`. */
  target_kind: string;
  target_value: string;
  /** `fixed` | `percent-off-mrp` | `percent-off-list`. */
  method: string;
  /** Paise (fixed) or basis points. */
  value: number;
}

export interface OffersTable {
  tenant_id: string;
  id: string;
  name: string;
  /** The rule's kind, for listing and reports. */
  kind: string;
  /** The engine's `OfferRule`, JSON. */
  rule_json: string;
  /** `best` | `exclusive` | `stackable`. */
  stacking: string;
  store_id: string | null;
  customer_group: string | null;
  starts_at: Instant;
  ends_at: Instant | null;
  priority: number;
  coupon_required: number;
  /** `active` | `paused`. */
  status: string;
  created_at: Instant;
  updated_at: Instant;
}

export interface CouponsTable {
  tenant_id: string;
  id: string;
  /** Upper case, unique per tenant. */
  code: string;
  offer_id: string;
  /** null: unlimited; 1: single use. */
  max_uses: number | null;
  per_customer_limit: number | null;
  min_bill: number;
  starts_at: Instant;
  ends_at: Instant | null;
  /** Redemptions so far (raised in the sale's transaction, never past `max_uses`). */
  uses: number;
  /** `active` | `paused`. */
  status: string;
  created_at: Instant;
}

export interface CouponRedemptionsTable {
  tenant_id: string;
  coupon_id: string;
  use_no: number;
  document_id: string;
  customer_id: string | null;
  redeemed_at: Instant;
}

/** What a line of an issued invoice saved, and from which price list or offer. */
export interface SalesLineSavingsTable {
  tenant_id: string;
  document_id: string;
  line_no: number;
  seq: number;
  /** `price-list` | `offer`. */
  source: string;
  source_id: string;
  /** The list's or offer's name when sold (printed on the receipt). */
  name: string;
  saving: number;
  coupon_code: string | null;
}

export interface OffersTables {
  price_lists: PriceListsTable;
  price_list_entries: PriceListEntriesTable;
  offers: OffersTable;
  coupons: CouponsTable;
  coupon_redemptions: CouponRedemptionsTable;
  sales_line_savings: SalesLineSavingsTable;
}
