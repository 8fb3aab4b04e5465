/** Data inventory of goods received (see ../inventory.ts): business records, no personal data. */
import { col, defineInventory } from '../inventory.js';
import type { GoodsReceiptTables } from './goods-receipts.tables.js';

const { op } = col;

export const goodsReceiptsInventory = defineInventory<GoodsReceiptTables>({
  goods_receipts: {
    description:
      'Goods received from suppliers into a store: the supplier, its invoice number and date, the cost',
    purposes: ['operations', 'gst_compliance'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      id: op,
      store_id: op,
      supplier_name: op,
      supplier_invoice_no: op,
      supplier_invoice_date: op,
      total_cost_paise: op,
      created_by: op,
      created_at: op,
    },
  },
  goods_receipt_lines: {
    description: 'The items, quantities and costs of each goods receipt',
    purposes: ['operations'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      receipt_id: op,
      line_no: op,
      variant_id: op,
      qty_milli: op,
      unit_cost_paise: op,
    },
  },
});
