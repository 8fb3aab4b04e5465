/** Data inventory of the Aadhaar vault and the khata guarantor (see ../inventory.ts). */
import { col, defineInventory } from '../inventory.js';
import type { AgriVaultTables } from './agri-vault.tables.js';

const { op } = col;

export const agriVaultInventory = defineInventory<AgriVaultTables>({
  aadhaar_vault_settings: {
    description: 'Whether the shop keeps Aadhaar numbers in the vault (off by default; the owner decides)',
    purposes: ['operations'],
    retention: 'while_needed',
    columns: { tenant_id: op, enabled: op, updated_by: op, updated_at: op },
  },
  aadhaar_references: {
    description: "A customer's Aadhaar reference token and the number's last 4 digits (encrypted)",
    purposes: ['credit_ledger'],
    retention: 'customer_inactive',
    subject: { kind: 'customer', column: 'customer_id' },
    eraseRows: true,
    columns: {
      tenant_id: op,
      id: { class: 'sensitive', category: 'identity', export: false },
      customer_id: op,
      last4_enc: col.encrypted('identity', { mask: 'tail4', export: false }),
      created_by: op,
      created_at: op,
    },
  },
  aadhaar_vault: {
    description: 'The Aadhaar vault: reference token and number, encrypted under its own key (not exported)',
    purposes: ['credit_ledger'],
    retention: 'customer_inactive',
    subject: { kind: 'customer', via: { column: 'token', table: 'aadhaar_references' } },
    eraseRows: true,
    columns: {
      tenant_id: op,
      token: { class: 'sensitive', category: 'identity', export: false },
      number_enc: {
        class: 'sensitive',
        category: 'identity',
        encrypted: true,
        export: false,
        mask: 'hidden',
      },
      created_at: op,
    },
  },
  khata_guarantors: {
    description: "The guarantor's name the shop keeps for a farmer's khata (encrypted)",
    purposes: ['credit_ledger'],
    retention: 'customer_inactive',
    subject: { kind: 'customer', column: 'customer_id' },
    columns: {
      tenant_id: op,
      customer_id: op,
      name_enc: col.encrypted('identity', { mask: 'name' }),
      updated_by: op,
      updated_at: op,
    },
  },
});
