/** Tables of goods received: the supplier's delivery into a store and its lines (paise, thousandths). */
import type { Instant } from './foundation.tables.js';

export interface GoodsReceiptsTable {
  tenant_id: string;
  id: string;
  store_id: string;
  /** The supplier as named on its invoice (a business). */
  supplier_name: string;
  supplier_invoice_no: string;
  /** IST date `YYYY-MM-DD` of the supplier's invoice. */
  supplier_invoice_date: string;
  total_cost_paise: number;
  created_by: string | null;
  created_at: Instant;
}

export interface GoodsReceiptLinesTable {
  tenant_id: string;
  receipt_id: string;
  line_no: number;
  variant_id: string;
  qty_milli: number;
  unit_cost_paise: number;
}

export interface GoodsReceiptTables {
  goods_receipts: GoodsReceiptsTable;
  goods_receipt_lines: GoodsReceiptLinesTable;
}
