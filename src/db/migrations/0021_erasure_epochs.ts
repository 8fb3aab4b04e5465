/**
 * Erasure key epochs (ADR 0024): each customer key records the epoch it is wrapped under, so the
 * survivors of an epoch doomed by an erasure can be found and carried to a live one. Keys made by
 * earlier versions have none; the erasure-epochs job wraps them under an epoch at the next start.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const erasureEpochs: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('subject_keys').addColumn('key_epoch', 'text').execute();
    await db.schema
      .createIndex('subject_keys_epoch_idx')
      .on('subject_keys')
      .columns(['tenant_id', 'key_epoch'])
      .execute();
  },
});
