/** Data inventory of stock moved between stores (see ../inventory.ts): business records, no personal data. */
import { col, defineInventory } from '../inventory.js';
import type { StoreTransferTables } from './stores.tables.js';

const { op } = col;

export const storeTransfersInventory = defineInventory<StoreTransferTables>({
  stock_transfers: {
    description:
      'Stock moved from one store to another under one GSTIN: the delivery challan number, the stores, the value',
    purposes: ['operations', 'gst_compliance'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      challan_number: op,
      from_store_id: op,
      to_store_id: op,
      value_paise: op,
      created_by: op,
      created_at: op,
    },
  },
  stock_transfer_lines: {
    description: 'The items, HSN codes, quantities and values on each delivery challan',
    purposes: ['operations', 'gst_compliance'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      transfer_id: op,
      line_no: op,
      variant_id: op,
      description: op,
      hsn_sac: op,
      qty_milli: op,
      value_paise: op,
    },
  },
});
