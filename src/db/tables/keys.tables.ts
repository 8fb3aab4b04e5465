/**
 * The key store: data keys per tenant and purpose (stored only wrapped by the KEK), per-customer
 * keys for crypto-shredding (wrapped by the tenant's customer key), erasure tombstones, rotation
 * progress, and the tenant's sealed-box key pair.
 */
import type { Instant } from './foundation.tables.js';

export type DataKeyStatus = 'active' | 'decrypt_only' | 'retired';
export type DataKeyKind = 'encryption' | 'blind_index';

export interface DataKeysTable {
  tenant_id: string;
  /** Stable id of the key series, for example `customer_pii` or `bidx_phone`. */
  key_id: string;
  version: number;
  purpose: string;
  kind: DataKeyKind;
  status: DataKeyStatus;
  algorithm: string;
  /** The data key wrapped by the KEK (the provider's text format). */
  wrapped: string;
  kek_id: string;
  provider: string;
  created_at: Instant;
  /** End of the cryptoperiod: rotate by then. */
  rotate_by: Instant;
  retired_at: Instant | null;
}

export interface SubjectKeysTable {
  tenant_id: string;
  subject_id: string;
  /** The subject's key, as an envelope under the tenant's `customer_pii` data key; null once erased. */
  wrapped: string | null;
  created_at: Instant;
  erased_at: Instant | null;
  /** The erasure key epoch the key is wrapped under inside (ADR 0024); null before version 0021. */
  key_epoch: string | null;
}

export interface ErasureTombstonesTable {
  tenant_id: string;
  subject_id: string;
  erased_at: Instant;
  /** Why, as a code (`dsr_erasure`, `retention`), never personal data. */
  reason: string;
}

export type RotationStatus = 'running' | 'completed' | 'failed';

export interface KeyRotationsTable {
  tenant_id: string;
  id: string;
  key_id: string;
  from_version: number;
  to_version: number;
  status: RotationStatus;
  /** Resume point: the encrypted column being worked on and the last row id done. */
  cursor: string;
  rows_done: number;
  rows_total: number;
  started_at: Instant;
  updated_at: Instant;
  finished_at: Instant | null;
}

export interface TenantKeyPairsTable {
  tenant_id: string;
  purpose: string;
  public_key: string;
  /** The private key as an envelope under the tenant's `documents` data key. */
  private_key: string;
  created_at: Instant;
}

export interface KeyTables {
  data_keys: DataKeysTable;
  subject_keys: SubjectKeysTable;
  erasure_tombstones: ErasureTombstonesTable;
  key_rotations: KeyRotationsTable;
  tenant_key_pairs: TenantKeyPairsTable;
}
