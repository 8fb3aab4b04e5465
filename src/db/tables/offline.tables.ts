/** Tables of the offline counter (migration 0056): counter series, cache keys, number blocks, arrived sales. */
import type { Instant } from './foundation.tables.js';

/** A counter's own invoice series: its code is the prefix of every number it issues offline. */
export interface CounterSeriesTable {
  tenant_id: string;
  counter_id: string;
  store_id: string;
  /** `C1`, `C2`: unique in the business, so numbers never meet another store's series. */
  code: string;
  created_at: Instant;
}

/** A cache key issued to one counter for one session (AES-256, under `auth_secrets`). */
export interface CounterKeysTable {
  tenant_id: string;
  id: string;
  counter_id: string;
  store_id: string;
  session_id: string;
  user_id: string;
  /** The key's envelope; null once the counter was wiped (the key is destroyed). */
  key_enc: string | null;
  /** `active`, `closed` (signed out: kept to sync what waits), `wiped` (destroyed). */
  state: 'active' | 'closed' | 'wiped';
  created_at: Instant;
  closed_at: Instant | null;
}

/** Numbers of a counter's series reserved for offline sales. */
export interface CounterNumberBlocksTable {
  tenant_id: string;
  id: string;
  counter_id: string;
  store_id: string;
  key_id: string;
  series_key: string;
  fy: number;
  first_seq: number;
  last_seq: number;
  /** On release, the last number the counter used (first_seq - 1: none). */
  used_to: number | null;
  /** `open`, `released` (the rest went back to the series or lapsed), `wiped`. */
  state: 'open' | 'released' | 'wiped';
  created_at: Instant;
  closed_at: Instant | null;
}

/** An offline sale that arrived: its number, when it was made and when it reached the server. */
export interface OfflineSalesTable {
  tenant_id: string;
  block_id: string;
  seq: number;
  counter_id: string;
  document_id: string;
  made_at: Instant;
  arrived_at: Instant;
}

export interface OfflineTables {
  counter_series: CounterSeriesTable;
  counter_keys: CounterKeysTable;
  counter_number_blocks: CounterNumberBlocksTable;
  offline_sales: OfflineSalesTable;
}
