/**
 * Exports, supplies to an SEZ and debit notes (issue 18):
 * - `sales_documents.supply_type`: regular, SEZ or export, with or without payment of IGST
 *   (existing documents are regular); `export_json`: port code, shipping bill and destination of
 *   an export; `lut_json`: the Letter of Undertaking a supply without payment went under;
 * - `store_profiles.lut_number` / `lut_date`: the store's current LUT; `debit_note_prefix`: the
 *   debit notes' own series (null: `DN`).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const zeroRatedDebitNotes: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sales_documents')
      .addColumn('supply_type', 'text', (c) => c.notNull().defaultTo('regular'))
      .execute();
    await db.schema.alterTable('sales_documents').addColumn('export_json', 'text').execute();
    await db.schema.alterTable('sales_documents').addColumn('lut_json', 'text').execute();
    await db.schema.alterTable('store_profiles').addColumn('lut_number', 'text').execute();
    await db.schema.alterTable('store_profiles').addColumn('lut_date', 'text').execute();
    await db.schema.alterTable('store_profiles').addColumn('debit_note_prefix', 'text').execute();
  },
});
