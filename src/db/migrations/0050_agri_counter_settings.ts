/**
 * Agri-input counter settings (issue 17): each shop's near-expiry window (how many days before
 * its expiry a batch is shown as expiring soon: dashboard, counter, alerts; 30 by default), and
 * per item category whether it is subsidised fertiliser sold through the government PoS device
 * (the counter then asks for the PoS transaction reference and the bags).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const agriCounterSettings: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('agri_settings')
      .addColumn('tenant_id', 'text', (c) => c.notNull().primaryKey())
      .addColumn('near_expiry_days', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .alterTable('agri_category_rules')
      .addColumn('subsidised', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
});
