/** Tables of stock moved between stores with its delivery challan (migration 0036; paise, thousandths). */
import type { Instant } from './foundation.tables.js';

export interface StockTransfersTable {
  tenant_id: string;
  id: string;
  /** The delivery challan's number in the sending store's `delivery-challan` series (Rule 55). */
  challan_number: string;
  from_store_id: string;
  to_store_id: string;
  /** The goods' value without tax, at their selling price. */
  value_paise: number;
  created_by: string | null;
  created_at: Instant;
}

export interface StockTransferLinesTable {
  tenant_id: string;
  transfer_id: string;
  line_no: number;
  variant_id: string;
  /** The item as printed on the challan (name, size, colour) when it moved. */
  description: string;
  hsn_sac: string;
  qty_milli: number;
  value_paise: number;
}

export interface StoreTransferTables {
  stock_transfers: StockTransfersTable;
  stock_transfer_lines: StockTransferLinesTable;
}
