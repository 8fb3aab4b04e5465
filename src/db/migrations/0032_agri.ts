/**
 * Agri-input billing (issue 17): per-category rules (needs a batch, the dealer licence it is
 * sold under), stock kept per batch with its manufacturing and expiry dates (sellable and
 * segregated "expired" quantities), every change of a batch as an appended movement, and the
 * store's dealer licences (pesticide, fertiliser, seed) with their validity.
 */
import type { Kysely } from 'kysely';
import { columns, columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';
import { refuseRowChanges } from './append-only.js';

export const agri: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const { int64 } = columnTypes(engine);
    const create = (name: string) => db.schema.createTable(name);

    await columns(
      columns(create('agri_category_rules'), 'text', [
        'tenant_id',
        'category',
        'licence_kind?',
        'updated_at',
      ]),
      'integer',
      ['needs_batch'],
    )
      .addPrimaryKeyConstraint('agri_category_rules_pk', ['tenant_id', 'category'])
      .execute();

    await columns(
      columns(create('stock_batches'), 'text', [
        'tenant_id',
        'id',
        'store_id',
        'variant_id',
        'batch_no',
        'mfg_date?',
        'expiry_date',
        'receipt_id?',
        'created_at',
        'updated_at',
      ]),
      int64,
      ['qty_milli', 'expired_milli'],
    )
      .addPrimaryKeyConstraint('stock_batches_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('stock_batches_number')
      .on('stock_batches')
      .columns(['tenant_id', 'store_id', 'variant_id', 'batch_no'])
      .unique()
      .execute();
    await db.schema
      .createIndex('stock_batches_expiry')
      .on('stock_batches')
      .columns(['tenant_id', 'store_id', 'expiry_date'])
      .execute();

    await columns(
      columns(
        columns(create('batch_movements'), 'text', [
          'tenant_id',
          'id',
          'batch_id',
          'store_id',
          'variant_id',
          'kind',
          'ref_type?',
          'ref_id?',
          'actor_id?',
          'created_at',
        ]),
        int64,
        ['qty_milli', 'expired_milli'],
      ),
      'integer',
      ['line_no?'],
    )
      .addPrimaryKeyConstraint('batch_movements_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('batch_movements_batch')
      .on('batch_movements')
      .columns(['tenant_id', 'batch_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('batch_movements_ref')
      .on('batch_movements')
      .columns(['tenant_id', 'ref_id'])
      .execute();
    await refuseRowChanges(db, engine, ['batch_movements']);

    await create('dealer_licences')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text')
      .addColumn('valid_until', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dealer_licences_pk', ['tenant_id', 'store_id', 'kind'])
      .execute();
  },
});
