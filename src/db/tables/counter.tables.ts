/** Tables of the counter: manager approvals of discounts beyond the cashier's allowance. */
import type { Instant } from './foundation.tables.js';

export interface DiscountApprovalsTable {
  tenant_id: string;
  id: string;
  store_id: string;
  /** The manager who approved (holds `discount.override` in the store). */
  approver_id: string;
  /** The cashier who asked, and the session the approval is bound to. */
  requested_by: string;
  session_id: string;
  /** The largest total reduction (discounts and lowered prices) on one bill it covers. */
  max_discount_paise: number;
  created_at: Instant;
  expires_at: Instant;
  /** Set once, by the checkout that used it, with that invoice. */
  used_at: Instant | null;
  document_id: string | null;
  /** What it approves: `discount` (a bill's reduction) or `refund` (money paid out on a credit note). */
  purpose: string;
  /**
   * The change to the sale's offers it approves, as JSON `{"skip":[...],"force":[...]}` with
   * sorted offer ids; null when it approves no change to offers.
   */
  offer_changes: string | null;
}

export interface CounterTables {
  discount_approvals: DiscountApprovalsTable;
}
