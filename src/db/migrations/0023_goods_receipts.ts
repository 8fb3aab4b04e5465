/**
 * Goods received from suppliers: the receipt (supplier, its invoice number and date, the store)
 * and its lines (variant, quantity, cost). Stock itself moves through the stock ledger; batch and
 * expiry details of agri inputs are left to their own migration (new nullable line columns).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const goodsReceipts: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    await db.schema
      .createTable('goods_receipts')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('supplier_name', 'text', (c) => c.notNull())
      .addColumn('supplier_invoice_no', 'text', (c) => c.notNull())
      .addColumn('supplier_invoice_date', 'text', (c) => c.notNull())
      .addColumn('total_cost_paise', int64, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('goods_receipts_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('goods_receipts_store_created')
      .on('goods_receipts')
      .columns(['tenant_id', 'store_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('goods_receipt_lines')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('receipt_id', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('variant_id', 'text', (c) => c.notNull())
      .addColumn('qty_milli', int64, (c) => c.notNull())
      .addColumn('unit_cost_paise', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('goods_receipt_lines_pk', ['tenant_id', 'receipt_id', 'line_no'])
      .execute();
  },
});
