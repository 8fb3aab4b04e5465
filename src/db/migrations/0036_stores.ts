/**
 * Stores (issue 14, item 4 and 7):
 * - `stock_transfers`: a move of stock from one store to another under one GSTIN, with its
 *   delivery challan number (Rule 55: its own series per sending store and financial year) and
 *   `stock_transfer_lines`: what moved, described as printed on the challan (HSN, quantity,
 *   value at the selling price without tax);
 * - `store_profiles.receipt_language`: the language a store prints its receipts in (`en`, `hi`;
 *   null: English).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const stores: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    await db.schema
      .createTable('stock_transfers')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('challan_number', 'text', (c) => c.notNull())
      .addColumn('from_store_id', 'text', (c) => c.notNull())
      .addColumn('to_store_id', 'text', (c) => c.notNull())
      .addColumn('value_paise', int64, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_transfers_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('stock_transfers_from_created')
      .on('stock_transfers')
      .columns(['tenant_id', 'from_store_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('stock_transfers_challan')
      .on('stock_transfers')
      .columns(['tenant_id', 'from_store_id', 'challan_number'])
      .unique()
      .execute();
    await db.schema
      .createTable('stock_transfer_lines')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('transfer_id', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('variant_id', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('hsn_sac', 'text', (c) => c.notNull())
      .addColumn('qty_milli', int64, (c) => c.notNull())
      .addColumn('value_paise', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_transfer_lines_pk', ['tenant_id', 'transfer_id', 'line_no'])
      .execute();
    await db.schema.alterTable('store_profiles').addColumn('receipt_language', 'text').execute();
  },
});
