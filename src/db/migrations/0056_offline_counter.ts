/**
 * The offline counter (issue 21): each counter's own invoice series (its code, printed as the
 * number's prefix), the blocks of numbers a counter reserves while online, the cache keys the
 * server issues per counter and session (kept encrypted; destroyed on a remote wipe), and the
 * offline sales that arrived (made-at and arrived-at times, the block and number they used).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const offlineCounter: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    await db.schema
      .createTable('counter_series')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('counter_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('counter_series_pk', ['tenant_id', 'counter_id'])
      .execute();
    await db.schema
      .createIndex('counter_series_code_uq')
      .unique()
      .on('counter_series')
      .columns(['tenant_id', 'code'])
      .execute();
    await db.schema
      .createTable('counter_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('counter_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key_enc', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addPrimaryKeyConstraint('counter_keys_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('counter_keys_counter_idx')
      .on('counter_keys')
      .columns(['tenant_id', 'counter_id', 'state'])
      .execute();
    await db.schema
      .createTable('counter_number_blocks')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('counter_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('series_key', 'text', (c) => c.notNull())
      .addColumn('fy', 'integer', (c) => c.notNull())
      .addColumn('first_seq', int64, (c) => c.notNull())
      .addColumn('last_seq', int64, (c) => c.notNull())
      .addColumn('used_to', int64)
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addPrimaryKeyConstraint('counter_number_blocks_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('counter_number_blocks_counter_idx')
      .on('counter_number_blocks')
      .columns(['tenant_id', 'counter_id', 'state'])
      .execute();
    await db.schema
      .createTable('offline_sales')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('block_id', 'text', (c) => c.notNull())
      .addColumn('seq', int64, (c) => c.notNull())
      .addColumn('counter_id', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('made_at', 'text', (c) => c.notNull())
      .addColumn('arrived_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('offline_sales_pk', ['tenant_id', 'block_id', 'seq'])
      .execute();
  },
});
