/** Data inventory of the key store (see ../inventory.ts): keys are secrets, never personal data. */
import { col, defineInventory } from '../inventory.js';
import type { KeyTables } from './keys.tables.js';

const { op, secret } = col;
const wrappedKey = { ...secret, encrypted: true };

export const keysInventory = defineInventory<KeyTables>({
  data_keys: {
    description: 'Data keys per tenant and purpose, wrapped by the key-encryption key',
    purposes: ['security'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      key_id: op,
      version: op,
      purpose: op,
      kind: op,
      status: op,
      algorithm: op,
      wrapped: secret,
      kek_id: op,
      provider: op,
      created_at: op,
      rotate_by: op,
      retired_at: op,
    },
  },
  subject_keys: {
    description: "Each customer's own key (destroyed on erasure: crypto-shredding)",
    purposes: ['security'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      subject_id: op,
      wrapped: wrappedKey,
      created_at: op,
      erased_at: op,
      key_epoch: op,
    },
  },
  erasure_tombstones: {
    description: 'Which subjects were erased, when and why (ids only; re-applied after a restore)',
    purposes: ['privacy_rights'],
    retention: 'evidence',
    columns: { tenant_id: op, subject_id: op, erased_at: op, reason: op },
  },
  key_rotations: {
    description: 'Progress of key rotations',
    purposes: ['security'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      key_id: op,
      from_version: op,
      to_version: op,
      status: op,
      cursor: op,
      rows_done: op,
      rows_total: op,
      started_at: op,
      updated_at: op,
      finished_at: op,
    },
  },
  tenant_key_pairs: {
    description: "A tenant's sealed-box key pair (private key encrypted)",
    purposes: ['security'],
    retention: 'while_needed',
    columns: { tenant_id: op, purpose: op, public_key: op, private_key: wrappedKey, created_at: op },
  },
});
