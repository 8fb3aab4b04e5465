/**
 * Subsidised fertiliser (issue 17): the government PoS (iFMS) transaction reference and the bag
 * count a bill records for fertiliser sold through it. No Aadhaar number is asked for or kept.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const fertiliserSubsidy: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('fertiliser_subsidy_sales')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('pos_reference', 'text', (c) => c.notNull())
      .addColumn('bags', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fertiliser_subsidy_sales_pk', ['tenant_id', 'document_id'])
      .execute();
  },
});
