/** Tables of the first run's follow-up (migration 0049): details an owner chose to give later. */
import type { Instant } from './foundation.tables.js';

/** A detail missing from a store (or the shop) that an owner skipped at sign-in. */
export interface MissingDetailSkipsTable {
  tenant_id: string;
  /** The owner who skipped it (each owner decides for themselves). */
  user_id: string;
  /** The store it is missing from, or `*` for a shop-wide detail (the UPI id). */
  store_id: string;
  /** `phone` | `email` | `upiVpa` | `logo`. */
  detail: string;
  skipped_at: Instant;
}

export interface FirstRunTables {
  missing_detail_skips: MissingDetailSkipsTable;
}
