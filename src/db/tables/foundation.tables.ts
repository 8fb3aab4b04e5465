/** Tables of the foundation: the installation, tenants (businesses), stores and counters, users. */

/** Instants are ISO-8601 UTC strings (`2026-11-24T13:40:00.000Z`) on both engines; flags are 0/1. */
export type Instant = string;

export interface InstallationTable {
  id: string;
  created_at: Instant;
  /** SHA-256 of the one-time setup code while the first-run wizard is open. */
  setup_code_hash: string | null;
  setup_code_expires_at: Instant | null;
  setup_completed_at: Instant | null;
}

export interface TenantsTable {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  created_at: Instant;
}

export interface StoresTable {
  tenant_id: string;
  id: string;
  name: string;
  gstin: string;
  state_code: string;
  address: string;
  created_at: Instant;
}

export interface CountersTable {
  tenant_id: string;
  id: string;
  store_id: string;
  name: string;
  created_at: Instant;
}

export interface UsersTable {
  tenant_id: string;
  id: string;
  status: 'active' | 'invited' | 'disabled';
  created_at: Instant;
  updated_at: Instant;
}

export interface FoundationTables {
  installation: InstallationTable;
  tenants: TenantsTable;
  stores: StoresTable;
  counters: CountersTable;
  users: UsersTable;
}
