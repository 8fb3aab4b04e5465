/**
 * Tables of the Aadhaar vault and the khata guarantor (issue 17, items 4 and 6). The vault is
 * apart from everything else: `aadhaar_vault` holds only a random reference token and the number,
 * encrypted under the tenant's `aadhaar_vault` data key (over the customer's own key); the
 * customer is linked only through `aadhaar_references`.
 */
import type { Instant } from './foundation.tables.js';

/** Whether the shop keeps Aadhaar numbers at all (off unless the owner turns it on). */
export interface AadhaarVaultSettingsTable {
  tenant_id: string;
  enabled: number;
  updated_by: string | null;
  updated_at: Instant;
}

/** The business side: which customer a vault token belongs to, and the last 4 digits (encrypted). */
export interface AadhaarReferencesTable {
  tenant_id: string;
  /** The random reference token (the vault's key). */
  id: string;
  customer_id: string;
  /** The last 4 digits, under the customer's own key (shown as XXXX-XXXX-1234). */
  last4_enc: string;
  created_by: string | null;
  created_at: Instant;
}

/** The vault: a reference token and the number, encrypted twice, nothing else. */
export interface AadhaarVaultTable {
  tenant_id: string;
  token: string;
  number_enc: string;
  created_at: Instant;
}

/** The guarantor the shop keeps for a farmer's khata (name encrypted under the customer's key). */
export interface KhataGuarantorsTable {
  tenant_id: string;
  customer_id: string;
  name_enc: string;
  updated_by: string | null;
  updated_at: Instant;
}

export interface AgriVaultTables {
  aadhaar_vault_settings: AadhaarVaultSettingsTable;
  aadhaar_references: AadhaarReferencesTable;
  aadhaar_vault: AadhaarVaultTable;
  khata_guarantors: KhataGuarantorsTable;
}
