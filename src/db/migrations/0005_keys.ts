/** The key store: wrapped data keys, per-subject keys, erasure tombstones, rotations, key pairs. */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const keys: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const t = columnTypes(engine);
    await db.schema
      .createTable('data_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('wrapped', 'text', (c) => c.notNull())
      .addColumn('kek_id', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rotate_by', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'text')
      .addPrimaryKeyConstraint('data_keys_pk', ['tenant_id', 'key_id', 'version'])
      .execute();

    await db.schema
      .createTable('subject_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('wrapped', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('erased_at', 'text')
      .addPrimaryKeyConstraint('subject_keys_pk', ['tenant_id', 'subject_id'])
      .execute();

    await db.schema
      .createTable('erasure_tombstones')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('erased_at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('erasure_tombstones_pk', ['tenant_id', 'subject_id'])
      .execute();

    await db.schema
      .createTable('key_rotations')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('from_version', 'integer', (c) => c.notNull())
      .addColumn('to_version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('cursor', 'text', (c) => c.notNull())
      .addColumn('rows_done', t.int64, (c) => c.notNull())
      .addColumn('rows_total', t.int64, (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addPrimaryKeyConstraint('key_rotations_pk', ['tenant_id', 'id'])
      .execute();

    await db.schema
      .createTable('tenant_key_pairs')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('private_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tenant_key_pairs_pk', ['tenant_id', 'purpose'])
      .execute();
  },
});
