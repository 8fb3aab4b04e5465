/** Data inventory of the counter (see ../inventory.ts). */
import { col, defineInventory } from '../inventory.js';
import type { CounterTables } from './counter.tables.js';

const { op } = col;

export const counterInventory = defineInventory<CounterTables>({
  discount_approvals: {
    description:
      "Managers' approvals of discounts and refunds beyond a cashier's allowance, and the document that used each",
    purposes: ['billing', 'security'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      store_id: op,
      approver_id: op,
      requested_by: op,
      session_id: op,
      max_discount_paise: op,
      created_at: op,
      expires_at: op,
      used_at: op,
      document_id: op,
      purpose: op,
      offer_changes: op,
    },
  },
});
